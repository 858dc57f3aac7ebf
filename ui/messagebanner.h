#pragma once

#include <QFrame>
#include <QList>
#include <QPointer>
#include <functional>

class CoverableListView;
class QLabel;
class QPushButton;
class QTimer;
class QToolButton;

// A calm, non-modal message floating over the bottom of its parent (so that showing it never
// moves what is under the mouse): what went wrong and, where it helps, a Retry. Its colours
// come from the palette.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBanner(QWidget *parent);

    void showError(const QString &text, const std::function<void()> &retry = {});
    // Information that goes away by itself.
    void showInfo(const QString &text);
    // Information with one action ("Undo"), for as long as the action makes sense.
    void showAction(const QString &text, const QString &label, const std::function<void()> &action,
                    int milliseconds);
    QString text() const;
    // Hides it and forgets its action.
    void dismiss();
    bool canRetry() const;
    bool isError() const { return m_error; }
    // Runs the offered action (Retry, Undo) and closes.
    void retry();
    // Gives the keyboard to the message: its action, or its close button.
    void takeFocus();
    // While `widget` is shown where the message would be, the message goes to the top instead
    // (a drop zone must stay a target).
    void keepClearOf(QWidget *widget);
    // The last rows of `view` can be scrolled above the message while it is shown.
    void keepReadable(CoverableListView *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void present(const QString &text, bool error);
    void place();
    // How much of each view the message covers, now.
    void uncover();

    QLabel *m_text;
    QPushButton *m_retry;
    QToolButton *m_close;
    QTimer *m_hideTimer;
    std::function<void()> m_retryAction;
    bool m_error = false;
    QList<QPointer<QWidget>> m_keptClear;
    QList<QPointer<CoverableListView>> m_keptReadable;
};

#pragma once

#include <QFrame>
#include <functional>

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

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void present(const QString &text, bool error);
    void place();

    QLabel *m_text;
    QPushButton *m_retry;
    QToolButton *m_close;
    QTimer *m_hideTimer;
    std::function<void()> m_retryAction;
    bool m_error = false;
};

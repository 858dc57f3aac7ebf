#pragma once

#include <QFrame>
#include <functional>

class QLabel;
class QPushButton;
class QTimer;
class QToolButton;

// A calm, non-modal line above the content: what went wrong and, where it helps, a Retry.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBanner(QWidget *parent = nullptr);

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
    // Runs the offered action (Retry, Undo) and closes.
    void retry();

private:
    void present(const QString &text, bool error);

    QLabel *m_text;
    QPushButton *m_retry;
    QToolButton *m_close;
    QTimer *m_hideTimer;
    std::function<void()> m_retryAction;
};

#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;
class Session;

// The window's status bar: how the list loads and how recent it is, offline or not, the changes
// waiting to be sent (a button to their list), what connections left behind still send, and
// the mark of the demo.
class StatusArea : public QObject
{
    Q_OBJECT

public:
    explicit StatusArea(QStatusBar *bar);

    // Follows this session from now on; none keeps what is shown.
    void setSession(Session *session);
    void setDemo(bool demo);
    // A sentence of the window's own (closing, not connected), until the session says more.
    void showText(const QString &text);
    // What the connections left behind still send: nothing while the app quits, when the
    // question about them says it.
    void showLeftSessions(const QList<Session *> &leaving, bool quitting);

Q_SIGNALS:
    void outboxRequested();

private:
    void bindLoading();
    void updateOutbox();
    // Once this turn is over: many changes in one turn (50,000 stars at once) are counted once.
    void updateOutboxSoon();
    void showOffline();

    QPointer<Session> m_session;
    QObject *m_binding = nullptr; // the context of every connection to the session
    bool m_outboxUpdateQueued = false;
    QLabel *m_status;
    QProgressBar *m_progress;
    QLabel *m_leftSessions;
    QToolButton *m_outboxButton;
    QLabel *m_demoMark;
    QElapsedTimer m_progressShown;
};

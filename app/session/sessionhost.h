#pragma once

#include <QList>
#include <QObject>
#include <chrono>

class Session;

// The sessions of a window: the open one, and those it left that still have changes to send.
// A session that is left sends what it has, within its limit; what the server did not take by
// then it keeps sending in the background, from this run, until the server has it (a switch of
// connection strands nothing). The host decides when a session may end: everything answered,
// or handed to its journal for a later start. Opening a connection whose session is still
// sending here ends that one first: its journal, and so its changes in their order, pass to the
// new one.
class SessionHost : public QObject
{
    Q_OBJECT

public:
    explicit SessionHost(QObject *parent = nullptr);
    ~SessionHost() override;

    void setLeaveLimit(std::chrono::milliseconds limit) { m_leaveLimit = limit; }
    Session *current() const { return m_current; }
    // `session` (owned from now on) becomes the open one; the one open before leaves.
    void setCurrent(Session *session);
    // The open one leaves, and none is open after it.
    void leaveCurrent();
    // Sessions left that still send: within their limit, or in the background after it.
    const QList<Session *> &leaving() const { return m_leaving; }
    // The changes they still have to send.
    int changesLeftToSend() const;

    // Quitting: every session leaves; one with changes its server did not take is handed to the
    // person (unsentOnClosing()), whose answer is one of the three calls below.
    void close();
    bool isClosing() const { return m_closing; }
    // Nothing is left to send, or to decide: the app may quit.
    bool isDone() const { return m_leaving.isEmpty() && m_asking.isEmpty(); }
    void keepForNextStart(Session *session);
    void waitForServer(Session *session);
    void discardAndEnd(Session *session);

Q_SIGNALS:
    // What the sessions left still have to send changed: a change went, or a session ended.
    void leftChanged();
    // A session that could not send by itself (its token refused) ended; its journal keeps
    // `unsent` changes for the next time its connection is opened.
    void keptForLater(const QString &label, int unsent);
    void unsentOnClosing(Session *session, int unsent);
    // The session ends: it is deleted once control returns to the event loop.
    void ending(Session *session);
    // Quitting: every session has ended.
    void done();

private:
    void leave(Session *session);
    void onLeft(Session *session, int unsent);
    void end(Session *session);

    Session *m_current = nullptr;
    QList<Session *> m_leaving;
    QList<Session *> m_asking; // handed to the person while quitting
    std::chrono::milliseconds m_leaveLimit{15000};
    bool m_closing = false;
};

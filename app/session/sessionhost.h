#pragma once

#include <QList>
#include <QObject>
#include <chrono>
#include <memory>

class GroupCache;
class Session;
struct Connection;

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
    // Where the last list of each remembered connection is kept (default: the user's cache).
    void setCache(std::shared_ptr<const GroupCache> cache) { m_cache = std::move(cache); }
    const std::shared_ptr<const GroupCache> &cache() const { return m_cache; }

    // How a connection is opened.
    struct Opening
    {
        bool keepOutbox = true;         // its changes wait in a journal on disk (not the demo's)
        bool remembered = false;        // a saved connection: its cached list, its last group
        QString groupToRestore = {};    // remembered: the group shown when it was last left
        QString topGroupToRestore = {}; // remembered: the first group in view then
        QString name = {};              // remembered: the person's name for it (empty: the default)
        bool withToken = true;          // without, it shows what it kept and asks no server
    };
    // A new session of `connection`: it becomes the current one, then opens.
    Session *open(const Connection &connection, const Opening &opening);
    Session *current() const { return m_current; }
    // `session` (owned from now on) becomes the open one; the one open before leaves.
    void setCurrent(Session *session);
    // The open one leaves, and none is open after it (currentChanged(nullptr) first).
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
    // The session the person chose to wait for, until it ends or another answer is given.
    Session *waitingForServer() const { return m_waitingForServer; }

Q_SIGNALS:
    // Another session is the current one (none: the last one is about to leave). Quitting is
    // not told: the current one stays in view while it leaves, until ending().
    void currentChanged(Session *current);
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
    Session *m_waitingForServer = nullptr;
    std::shared_ptr<const GroupCache> m_cache;
    QList<Session *> m_leaving;
    QList<Session *> m_asking; // handed to the person while quitting
    std::chrono::milliseconds m_leaveLimit{15000};
    bool m_closing = false;
};

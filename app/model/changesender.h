#pragma once

#include "apierror.h"
#include "kpigroup.h"
#include "outbox.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <chrono>
#include <map>
#include <set>

class ApiCall;
class KpiGroupsClient;

// Sends the changes of an outbox, and says what became of each: confirmed, refused for good, or
// waiting after a failure that may pass. The changes to one group go one at a time, in the order
// they were made; changes to different groups go side by side. A change goes once it is in the
// journal, and once its undo window, if any, is over. When the server cannot be reached (no
// connection, a timeout, no answer) or asks to slow down (429), the sending stops, and one change
// is tried again after a growing pause (1 s, 2 s … 30 s); once it goes through, the rest follow.
// When the server fails on one group's change (5xx, an answer not understood), only that group
// waits, with a pause of its own: the other groups' changes go on. A change that may have reached
// the server already is found out before it is sent again: a create looks for the group first, a
// delete or a removal that finds nothing left is done, a rename or a star sends the same state
// again, an add (idempotent) is sent again once the KPI is not found in the group. A move is one
// change: its add goes first, and only once it is answered does the change become the removal
// that follows it, so that a move whose add is refused never removes.
class ChangeSender : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxInFlight = 6; // Qt's connections per host

    ChangeSender(KpiGroupsClient *client, Outbox *outbox, QObject *parent = nullptr);

    KpiGroupsClient *client() const { return m_client; }
    Outbox *outbox() const { return m_outbox; }

    // Puts a change in the outbox, merged with those it cancels, and sends it when it can; its
    // id, or 0 when nothing is left to send.
    quint64 add(OutboxChange change);
    // Ends the pause after a failure: what waits is sent now.
    void sendNow();
    // Its undo window is over: the change may be sent.
    void release(quint64 id);
    // The person gave up on a change: it leaves the outbox, and a try on its way is cancelled.
    bool discard(quint64 id);
    bool isInFlight(quint64 id) const;
    bool hasInFlight() const { return !m_inFlight.isEmpty(); }
    // A failure stopped the sending: the changes wait for the server, or for sendNow().
    bool isWaiting() const { return m_waiting; }
    // Waiting for the person to put the connection right (a refused token): no try by itself.
    bool waitsForThePerson() const { return m_waiting && !m_retry.isActive(); }
    // When the next try is due, while waiting (invalid when it waits for the person).
    QDateTime nextTry() const { return m_nextTry; }
    // When the change will be tried again after a failure of its group's own (invalid if it
    // is not held back that way).
    QDateTime nextTryOf(const OutboxChange &change) const;
    void setBackoff(std::chrono::milliseconds first, std::chrono::milliseconds longest);

Q_SIGNALS:
    // `created`: the new group, for a create.
    void confirmed(const OutboxChange &change, const KpiGroup &created);
    // The server said no: the change has left the outbox.
    void refused(const OutboxChange &change, const ApiError &error);
    // It could not be sent this time and stays in the outbox; sending has paused.
    void waiting(const OutboxChange &change, const ApiError &error);
    // A change went through after a pause: the server answers again.
    void resumed();
    // Nothing is on its way (the outbox may still hold changes that wait).
    void idle();

private:
    void pump();
    void send(const OutboxChange &change);
    void answered(ApiCall *call, const KpiGroup &created = {});
    void onFailed(ApiCall *call, const ApiError &error);
    void pause(bool untilAsked);
    void holdLane(const QString &lane);
    void releaseHeldLanes(bool all);
    void scheduleHeldLanes();
    static QString laneOf(const OutboxChange &change);
    // The lanes follow the outbox a change at a time (and whole when it is replaced), so that a
    // pump looks at the first change of each lane that may go, not at every change.
    void follow(const OutboxChange &change, Outbox::Touch how);
    void followAll();
    void addHead(const QString &lane);

    KpiGroupsClient *m_client;
    Outbox *m_outbox;
    struct Sending
    {
        quint64 change;
        bool triedBefore; // an earlier try may have reached the server
        QPointer<ApiCall> call;
    };
    QHash<ApiCall *, Sending> m_inFlight; // each until it ends (then the client deletes it)
    bool m_waiting = false;
    bool m_probing = false; // after a pause: one change at a time until one goes through
    QDateTime m_nextTry;
    QTimer m_retry;
    std::chrono::milliseconds m_firstBackoff{1000};
    std::chrono::milliseconds m_longestBackoff{30000};
    std::chrono::milliseconds m_backoff{0};
    // Lanes whose own change failed, each with its pause and the end of it.
    struct Held
    {
        std::chrono::milliseconds backoff{0};
        QDateTime until;
    };
    QHash<QString, Held> m_held;
    std::multimap<QDateTime, QString> m_heldUntil; // the held lanes, soonest end first
    QTimer m_heldRetry;
    QHash<QString, std::set<quint64>> m_lanes; // the changes of each lane, in order
    std::set<quint64> m_heads; // the first change of each lane that is not held back
    bool m_pumpQueued = false;
};

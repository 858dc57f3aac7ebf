#include "changesender.h"

#include "kpigroupsclient.h"

#include <QSet>

using namespace Qt::StringLiterals;

ChangeSender::ChangeSender(KpiGroupsClient *client, Outbox *outbox, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_outbox(outbox)
{
    m_retry.setSingleShot(true);
    m_heldRetry.setSingleShot(true);
    connect(&m_heldRetry, &QTimer::timeout, this, [this] {
        releaseHeldLanes(false);
        pump();
    });
    connect(outbox, &Outbox::touched, this, &ChangeSender::follow);
    connect(outbox, &Outbox::replaced, this, &ChangeSender::followAll);
    followAll();
    connect(&m_retry, &QTimer::timeout, this, [this] {
        m_waiting = false;
        m_probing = true;
        m_nextTry = {};
        pump();
    });
    // Queued: a change is sent after the code that made it has shown it.
    connect(outbox, &Outbox::written, this, &ChangeSender::pump, Qt::QueuedConnection);
    connect(outbox, &Outbox::ready, this, &ChangeSender::pump, Qt::QueuedConnection);
}

void ChangeSender::setBackoff(std::chrono::milliseconds first, std::chrono::milliseconds longest)
{
    m_firstBackoff = first;
    m_longestBackoff = longest;
}

quint64 ChangeSender::add(OutboxChange change)
{
    const quint64 id = m_outbox->add(std::move(change));
    // On its way once in the journal (Outbox::written); a burst of changes is one pump.
    if (id != 0 && !m_waiting && !std::exchange(m_pumpQueued, true))
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_pumpQueued = false;
                pump();
            },
            Qt::QueuedConnection);
    return id;
}

void ChangeSender::release(quint64 id)
{
    m_outbox->release(id);
    QMetaObject::invokeMethod(this, &ChangeSender::pump, Qt::QueuedConnection);
}

QDateTime ChangeSender::nextTryOf(const OutboxChange &change) const
{
    const auto held = m_held.constFind(laneOf(change));
    return held == m_held.cend() ? QDateTime() : held->until;
}

void ChangeSender::sendNow()
{
    releaseHeldLanes(true); // the person asks for it now: the pauses of groups end too
    m_retry.stop();
    m_waiting = false;
    m_nextTry = {};
    m_probing = m_backoff.count() > 0;
    pump();
}

bool ChangeSender::discard(quint64 id)
{
    if (!m_outbox->change(id))
        return false;
    // On its way (a try while the server is out of reach, most often): the try is called off.
    // Should it have reached the server all the same, the next list shows it.
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it) {
        if (it->change == id) {
            const QPointer<ApiCall> call = it->call;
            m_inFlight.erase(it);
            if (call)
                call->cancel();
            break;
        }
    }
    m_outbox->remove(id);
    if (m_inFlight.isEmpty())
        Q_EMIT idle();
    return true;
}

bool ChangeSender::isInFlight(quint64 id) const
{
    return std::any_of(m_inFlight.cbegin(), m_inFlight.cend(),
                       [id](const Sending &sending) { return sending.change == id; });
}

QString ChangeSender::laneOf(const OutboxChange &change)
{
    switch (change.kind) {
    case OutboxChange::Kind::Create:
        return u"create "_s + QString::number(change.id);
    case OutboxChange::Kind::RemoveKpi:
    case OutboxChange::Kind::AddKpi:
    case OutboxChange::Kind::MoveKpi:
        // A KPI's groups change in the order they were made: a move and what follows it.
        return u"kpi "_s + change.kpiId;
    default:
        return u"group "_s + change.groupId;
    }
}

void ChangeSender::pump()
{
    if (m_waiting || !m_outbox->isReady())
        return;
    const qsizetype room = (m_probing ? 1 : maxInFlight) - m_inFlight.size();
    QList<OutboxChange> due;
    // Only the first change of a lane can go; the others wait for it to be answered.
    for (auto head = m_heads.cbegin(); head != m_heads.cend() && due.size() < room; ++head) {
        const OutboxChange *change = m_outbox->change(*head);
        if (!change)
            continue;
        // Changes reach the journal in their order: none after this one is on disk either.
        if (!m_outbox->isWritten(change->id))
            break;
        if (change->undoUntil.isValid())
            continue; // the person can still take it back
        if (!isInFlight(change->id))
            due.append(*change);
    }
    // Sent once the lanes are no longer walked: sending marks each sent, which changes them.
    for (const OutboxChange &change : std::as_const(due))
        send(change);
}

void ChangeSender::follow(const OutboxChange &change, Outbox::Touch how)
{
    const QString lane = laneOf(change);
    if (how == Outbox::Touch::Added) {
        std::set<quint64> &changes = m_lanes[lane];
        changes.insert(change.id);
        if (*changes.begin() == change.id)
            addHead(lane);
    } else if (how == Outbox::Touch::Removed) {
        const auto changes = m_lanes.find(lane);
        if (changes == m_lanes.end())
            return;
        const bool wasFirst = !changes->empty() && *changes->begin() == change.id;
        changes->erase(change.id);
        m_heads.erase(change.id);
        if (changes->empty())
            m_lanes.erase(changes);
        else if (wasFirst)
            addHead(lane);
    }
}

void ChangeSender::followAll()
{
    m_lanes.clear();
    m_heads.clear();
    for (const OutboxChange &change : m_outbox->changes())
        m_lanes[laneOf(change)].insert(change.id);
    for (auto it = m_lanes.cbegin(); it != m_lanes.cend(); ++it)
        addHead(it.key());
}

void ChangeSender::addHead(const QString &lane)
{
    const auto changes = m_lanes.constFind(lane);
    if (changes == m_lanes.cend() || changes->empty())
        return;
    const auto held = m_held.constFind(lane);
    if (held == m_held.cend() || !held->until.isValid())
        m_heads.insert(*changes->begin());
}

void ChangeSender::send(const OutboxChange &change)
{
    using Kind = OutboxChange::Kind;
    const bool mayHaveLanded = change.sent;
    ApiCall *call = nullptr;
    switch (change.kind) {
    case Kind::Create: {
        GroupCall *create =
            m_client->createGroup(change.name, mayHaveLanded ? change.madeAt : QDateTime());
        connect(create, &ApiCall::succeeded, this,
                [this, create] { answered(create, create->group()); });
        call = create;
        break;
    }
    case Kind::Rename:
        call = m_client->renameGroup(change.groupId, change.name, mayHaveLanded);
        break;
    case Kind::Delete:
        call = m_client->deleteGroup(change.groupId);
        break;
    case Kind::Star:
        call = m_client->favoriteGroup(change.groupId);
        break;
    case Kind::Unstar:
        call = m_client->unfavoriteGroup(change.groupId);
        break;
    case Kind::RemoveKpi:
        call = m_client->removeKpiFromGroup(change.kpiId, change.groupId);
        break;
    case Kind::AddKpi:
        call = m_client->addKpiToGroup(change.kpiId, change.groupId, mayHaveLanded);
        break;
    case Kind::MoveKpi: // the add first; the removal once it is answered (see answered())
        call = m_client->addKpiToGroup(change.kpiId, change.toGroupId, mayHaveLanded);
        break;
    }
    if (change.kind != Kind::Create)
        connect(call, &ApiCall::succeeded, this, [this, call] { answered(call); });
    connect(call, &ApiCall::failed, this,
            [this, call](const ApiError &error) { onFailed(call, error); });
    m_inFlight.insert(call, {.change = change.id, .triedBefore = mayHaveLanded, .call = call});
    m_outbox->markSent(change.id);
}

void ChangeSender::answered(ApiCall *call, const KpiGroup &created)
{
    const auto it = m_inFlight.constFind(call);
    if (it == m_inFlight.cend())
        return;
    const quint64 id = it->change;
    m_inFlight.erase(it);
    const OutboxChange *change = m_outbox->change(id);
    if (change) {
        const OutboxChange done = *change;
        m_held.remove(laneOf(done));
        const bool moveAdded = done.kind == OutboxChange::Kind::MoveKpi;
        if (moveAdded) // its removal is next in its lane
            m_outbox->completeMoveAdd(id);
        else
            m_outbox->remove(id);
        m_probing = false;
        if (m_backoff.count() > 0) {
            m_backoff = {};
            Q_EMIT resumed();
        }
        if (!moveAdded)
            Q_EMIT confirmed(done, created);
    }
    pump();
    if (m_inFlight.isEmpty())
        Q_EMIT idle();
}

void ChangeSender::onFailed(ApiCall *call, const ApiError &error)
{
    using Kind = ApiError::Kind;
    const auto it = m_inFlight.constFind(call);
    if (it == m_inFlight.cend())
        return;
    const quint64 id = it->change;
    const bool triedBefore = it->triedBefore;
    const OutboxChange *found = m_outbox->change(id);
    if (!found) {
        m_inFlight.erase(it);
        return;
    }
    const OutboxChange change = *found;
    const bool goneAlready =
        triedBefore && error.kind == Kind::NotFound &&
        (change.kind == OutboxChange::Kind::Delete || change.kind == OutboxChange::Kind::RemoveKpi);
    if (goneAlready) // an earlier try did it; what was asked for is so
        return answered(call);
    m_inFlight.erase(it);

    // A status the API does not name (409, 410, 422…) is an answer all the same: no try would
    // make it another one. A 2xx not understood is not: the change may have been made.
    const bool otherRefusal = error.kind == Kind::BadResponse && error.httpStatus >= 400 &&
                              error.httpStatus < 500 && error.httpStatus != 408;
    switch (otherRefusal ? Kind::BadRequest : error.kind) {
    case Kind::BadRequest:
    case Kind::Forbidden:
    case Kind::NotFound:
    case Kind::Unsupported:
        m_held.remove(laneOf(change));
        m_outbox->remove(id);
        Q_EMIT refused(change, error);
        pump();
        break;
    case Kind::Cancelled:
        break;
    case Kind::Unauthorized:
    case Kind::PaymentRequired:
    case Kind::Configuration:
        // Not the change's fault: it waits until the connection is put right.
        m_outbox->setLastError(id, error.toString());
        pause(true);
        Q_EMIT waiting(change, error);
        break;
    case Kind::Network:
    case Kind::Timeout:
    case Kind::OutcomeUnknown:
    case Kind::RateLimited:
        // The server is out of reach, or asks everyone to slow down: every change waits.
        m_outbox->setLastError(id, error.toString());
        pause(false);
        Q_EMIT waiting(change, error);
        break;
    default: // may pass, and is this change's own: 5xx, an answer not understood
        m_outbox->setLastError(id, error.toString());
        holdLane(laneOf(change));
        Q_EMIT waiting(change, error);
        pump(); // the other groups go on
        break;
    }
    if (m_inFlight.isEmpty())
        Q_EMIT idle();
}

void ChangeSender::pause(bool untilAsked)
{
    // Several changes on their way fail together in one outage: it pauses once.
    const bool pausedAlready = m_waiting && m_retry.isActive();
    m_waiting = true;
    m_probing = false;
    if (untilAsked) {
        m_retry.stop();
        m_nextTry = {};
        return;
    }
    if (pausedAlready)
        return;
    m_backoff = m_backoff.count() == 0 ? m_firstBackoff : std::min(m_backoff * 2, m_longestBackoff);
    m_retry.start(m_backoff);
    m_nextTry = QDateTime::currentDateTimeUtc().addMSecs(m_backoff.count());
}

void ChangeSender::holdLane(const QString &lane)
{
    Held &held = m_held[lane];
    held.backoff =
        held.backoff.count() == 0 ? m_firstBackoff : std::min(held.backoff * 2, m_longestBackoff);
    held.until = QDateTime::currentDateTimeUtc().addMSecs(held.backoff.count());
    m_heldUntil.emplace(held.until, lane);
    if (const auto changes = m_lanes.constFind(lane);
        changes != m_lanes.cend() && !changes->empty())
        m_heads.erase(*changes->begin());
    scheduleHeldLanes();
}

void ChangeSender::releaseHeldLanes(bool all)
{
    // Their pause is over: tried now, and the pause remembered should they fail again.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    while (!m_heldUntil.empty() && (all || m_heldUntil.begin()->first <= now)) {
        const QString lane = m_heldUntil.begin()->second;
        const QDateTime until = m_heldUntil.begin()->first;
        m_heldUntil.erase(m_heldUntil.begin());
        const auto held = m_held.find(lane);
        if (held == m_held.end() || held->until != until)
            continue; // held again since, until later
        held->until = {};
        addHead(lane);
    }
    scheduleHeldLanes();
}

void ChangeSender::scheduleHeldLanes()
{
    if (m_heldUntil.empty()) {
        m_heldRetry.stop();
        return;
    }
    const qint64 wait =
        std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(m_heldUntil.begin()->first));
    if (!m_heldRetry.isActive() || m_heldRetry.remainingTime() > wait)
        m_heldRetry.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
}

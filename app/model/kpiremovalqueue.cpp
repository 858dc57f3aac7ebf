#include "kpiremovalqueue.h"

#include "kpigroupsclient.h"

#include <QDateTime>

KpiRemovalQueue::KpiRemovalQueue(KpiGroupsClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &KpiRemovalQueue::sendDue);
    connect(client, &KpiGroupsClient::kpiRemovedFromGroup, this, [this](RequestId id) {
        const auto it = m_inFlight.constFind(id);
        if (it == m_inFlight.cend())
            return;
        const Sent sent = *it;
        Q_EMIT removed(sent.groupId, sent.kpi);
        answered(id);
    });
    connect(client, &KpiGroupsClient::requestFailed, this,
            [this](const RequestInfo &request, const ApiError &error) {
                const auto it = m_inFlight.constFind(request.id);
                if (it == m_inFlight.cend())
                    return;
                const Sent sent = *it;
                Q_EMIT refused(sent.groupId, sent.kpi, error,
                               error.kind != ApiError::Kind::NotFound);
                answered(request.id);
            });
}

void KpiRemovalQueue::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 KpiRemovalQueue::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

quint64 KpiRemovalQueue::enqueue(const QString &groupId, const QList<Kpi> &kpis)
{
    QList<Kpi> fresh;
    for (const Kpi &kpi : kpis)
        if (!isQueued(groupId, kpi.id))
            fresh.append(kpi);
    if (fresh.isEmpty())
        return 0;
    const Batch batch{++m_lastBatch, groupId, fresh, now() + m_undoWindowMs};
    m_batches.append(batch);
    Q_EMIT enqueued(batch.id, groupId, fresh);
    schedule();
    return batch.id;
}

bool KpiRemovalQueue::undo(quint64 batch)
{
    const auto it = std::find_if(m_batches.begin(), m_batches.end(),
                                 [batch](const Batch &b) { return b.id == batch; });
    if (it == m_batches.end())
        return false; // sent already
    const Batch taken = *it;
    m_batches.erase(it);
    schedule();
    Q_EMIT undone(taken.id, taken.groupId, taken.kpis);
    if (isIdle())
        Q_EMIT idle();
    return true;
}

void KpiRemovalQueue::sendDue()
{
    const qint64 time = now();
    QList<Batch> due;
    for (auto it = m_batches.begin(); it != m_batches.end();) {
        if (it->deadline <= time) {
            due.append(*it);
            it = m_batches.erase(it);
        } else {
            ++it;
        }
    }
    for (const Batch &batch : std::as_const(due))
        send(batch);
    schedule();
}

void KpiRemovalQueue::flush()
{
    const QList<Batch> all = std::exchange(m_batches, {});
    for (const Batch &batch : all)
        send(batch);
    schedule();
    if (isIdle())
        Q_EMIT idle();
}

void KpiRemovalQueue::send(const Batch &batch)
{
    for (const Kpi &kpi : batch.kpis)
        m_inFlight.insert(m_client->removeKpiFromGroup(kpi.id, batch.groupId),
                          {batch.groupId, kpi});
    Q_EMIT sent(batch.id);
}

void KpiRemovalQueue::answered(RequestId id)
{
    m_inFlight.remove(id);
    if (isIdle())
        Q_EMIT idle();
}

void KpiRemovalQueue::schedule()
{
    if (m_batches.isEmpty()) {
        m_timer.stop();
        return;
    }
    qint64 next = m_batches.constFirst().deadline;
    for (const Batch &batch : std::as_const(m_batches))
        next = std::min(next, batch.deadline);
    m_timer.start(int(std::clamp<qint64>(next - now(), 0, m_undoWindowMs)));
}

bool KpiRemovalQueue::isQueued(const QString &groupId, const QString &kpiId) const
{
    const auto has = [&](const QString &group, const Kpi &kpi) {
        return group == groupId && kpi.id == kpiId;
    };
    for (const Batch &batch : m_batches)
        for (const Kpi &kpi : batch.kpis)
            if (has(batch.groupId, kpi))
                return true;
    for (const Sent &sent : m_inFlight)
        if (has(sent.groupId, sent.kpi))
            return true;
    return false;
}

int KpiRemovalQueue::pendingCount() const
{
    qsizetype queued = 0;
    for (const Batch &batch : m_batches)
        queued += batch.kpis.size();
    return int(queued + m_inFlight.size());
}

#include "kpiremovalqueue.h"

#include "changesender.h"

#include <QDateTime>

KpiRemovalQueue::KpiRemovalQueue(ChangeSender *sender, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &KpiRemovalQueue::sendDue);
    connect(sender, &ChangeSender::confirmed, this,
            [this](const OutboxChange &change) { answered(change, nullptr); });
    connect(
        sender, &ChangeSender::refused, this,
        [this](const OutboxChange &change, const ApiError &error) { answered(change, &error); });
    // A removal given up on in the outbox is answered as far as the queue goes.
    connect(sender->outbox(), &Outbox::touched, this,
            [this](const OutboxChange &change, Outbox::Touch how) {
                if (how == Outbox::Touch::Removed && m_sent.remove(change.id) && isIdle())
                    Q_EMIT idle();
            });
    connect(sender->outbox(), &Outbox::replaced, this, [this] {
        const bool hadSent = !m_sent.isEmpty();
        m_sent.removeIf([this](QHash<quint64, Sent>::iterator it) {
            return !m_sender->outbox()->change(it.key());
        });
        if (hadSent && isIdle())
            Q_EMIT idle();
    });
}

void KpiRemovalQueue::setGroupNames(std::function<QString(const QString &)> nameOf)
{
    m_groupName = std::move(nameOf);
}

void KpiRemovalQueue::answered(const OutboxChange &change, const ApiError *refusal)
{
    if (change.kind != OutboxChange::Kind::RemoveKpi)
        return;
    // One of this run's, or one left in the outbox by an earlier run.
    Sent sent = m_sent.take(change.id);
    if (sent.groupId.isEmpty()) {
        sent.groupId = change.groupId;
        sent.kpi.id = change.kpiId;
        sent.kpi.name = change.kpiName;
    }
    if (refusal)
        Q_EMIT refused(sent.groupId, sent.kpi, *refusal, refusal->kind != ApiError::Kind::NotFound);
    else
        Q_EMIT removed(sent.groupId, sent.kpi);
    if (isIdle())
        Q_EMIT idle();
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
    Batch batch{++m_lastBatch, groupId, fresh, now() + m_undoWindowMs, {}};
    const QString groupName = m_groupName ? m_groupName(groupId) : QString();
    for (const Kpi &kpi : fresh) {
        OutboxChange change;
        change.kind = OutboxChange::Kind::RemoveKpi;
        change.groupId = groupId;
        change.kpiId = kpi.id;
        change.kpiName = kpi.name;
        change.groupName = groupName;
        change.undoUntil = QDateTime::fromMSecsSinceEpoch(batch.deadline, Qt::UTC);
        if (const quint64 id = m_sender->add(change)) {
            batch.changes.append(id);
            m_sent.insert(id, {groupId, kpi});
        }
    }
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
    for (quint64 change : taken.changes) {
        m_sent.remove(change);
        m_sender->discard(change);
    }
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
        release(batch);
    schedule();
}

void KpiRemovalQueue::flush()
{
    const QList<Batch> all = std::exchange(m_batches, {});
    for (const Batch &batch : all)
        release(batch);
    schedule();
    if (isIdle())
        Q_EMIT idle();
}

void KpiRemovalQueue::release(const Batch &batch)
{
    for (quint64 change : batch.changes)
        m_sender->release(change);
    Q_EMIT sent(batch.id);
}

int KpiRemovalQueue::inFlight() const
{
    const Outbox *outbox = m_sender->outbox();
    return outbox->countOf(OutboxChange::Kind::RemoveKpi) - outbox->inUndoWindowCount();
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
    const QList<OutboxChange> changes = m_sender->outbox()->changesOf(groupId);
    return std::any_of(changes.begin(), changes.end(), [&](const OutboxChange &change) {
        // A move out of the group that waits takes it out as well.
        return (change.kind == OutboxChange::Kind::RemoveKpi ||
                change.kind == OutboxChange::Kind::MoveKpi) &&
               change.kpiId == kpiId;
    });
}

int KpiRemovalQueue::pendingCount() const
{
    return m_sender->outbox()->countOf(OutboxChange::Kind::RemoveKpi);
}

const Outbox *KpiRemovalQueue::outbox() const
{
    return m_sender->outbox();
}

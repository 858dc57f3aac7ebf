#include "groupkpiactions.h"

#include "changesender.h"
#include "groupactions.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"

#include <QSet>

using namespace Qt::StringLiterals;

GroupKpiActions::GroupKpiActions(ChangeSender *sender, GroupListModel *groups, GroupKpisModel *kpis,
                                 QObject *parent)
    : QObject(parent)
    , m_client(sender->client())
    , m_groups(groups)
    , m_kpis(kpis)
    , m_queue(sender)
{
    m_queue.setGroupNames([this](const QString &groupId) { return groupName(groupId); });
    connect(kpis, &GroupKpisModel::kpisRemoved, this,
            [this](const QString &groupId, const QList<Kpi> &removed) {
                const quint64 batch = m_queue.enqueue(groupId, removed);
                if (batch == 0)
                    return;
                m_groups->adjustKpiCount(groupId, -int(removed.size()));
                const QString text =
                    removed.size() == 1
                        ? tr("Removed “%1” from “%2”.")
                              .arg(removed.constFirst().name, groupName(groupId))
                        : tr("Removed %n KPIs from “%1”.", nullptr, int(removed.size()))
                              .arg(groupName(groupId));
                Q_EMIT removalQueued(batch, text);
            });
    connect(&m_queue, &KpiRemovalQueue::undone, this,
            [this](quint64, const QString &groupId, const QList<Kpi> &back) {
                m_kpis->restoreKpis(groupId, back);
                m_groups->adjustKpiCount(groupId, int(back.size()));
            });
    connect(
        &m_queue, &KpiRemovalQueue::refused, this,
        [this](const QString &groupId, const Kpi &kpi, const ApiError &error, bool stillInGroup) {
            if (!stillInGroup) {
                Q_EMIT failed(tr("“%1” had already left “%2”; someone else removed it.")
                                  .arg(kpi.name, groupName(groupId)),
                              {});
                return;
            }
            m_kpis->restoreKpis(groupId, {kpi});
            m_groups->adjustKpiCount(groupId, 1);
            if (kpi.description.isEmpty() && m_kpis->groupId() == groupId)
                reload(); // left by an earlier run: the outbox kept its id and name only
            Q_EMIT failed(tr("“%1” is back in “%2”: it could not be removed. %3")
                              .arg(kpi.name, groupName(groupId), error.toString()),
                          [this, groupId, kpi] { removeAgain(groupId, kpi); });
        });
}

void GroupKpiActions::removeAgain(const QString &groupId, const Kpi &kpi)
{
    // Shown, it leaves the list as any removal does; else it goes straight to the queue.
    if (m_kpis->groupId() == groupId && m_kpis->rowOf(kpi.id) >= 0) {
        m_kpis->removeKpis(groupId, {kpi.id});
    } else if (const quint64 batch = m_queue.enqueue(groupId, {kpi})) {
        m_groups->adjustKpiCount(groupId, -1);
        Q_EMIT removalQueued(batch,
                             tr("Removed “%1” from “%2”.").arg(kpi.name, groupName(groupId)));
    }
}

QString GroupKpiActions::groupName(const QString &groupId) const
{
    const KpiGroup *group = m_groups->group(groupId);
    return group ? group->name : groupId;
}

void GroupKpiActions::showGroup(const QString &groupId)
{
    if (groupId == m_kpis->groupId())
        return;
    m_queue.flush();
    m_kpis->setGroup(groupId);
    if (groupId == GroupKpisModel::noGroupId) {
        if (m_membershipsRead)
            showKpisInNoGroup();
        else
            loadCounts();
        return;
    }
    if (GroupActions::isPlaceholder(groupId)) // not made yet: no KPIs, and nothing to ask
        return m_kpis->setKpis(groupId, {});
    reload();
}

void GroupKpiActions::reload()
{
    if (m_listCall)
        m_listCall->abandon(); // superseded
    const QString groupId = m_kpis->groupId();
    if (groupId == GroupKpisModel::noGroupId)
        return loadCounts();
    if (groupId.isEmpty() || GroupActions::isPlaceholder(groupId))
        return;
    m_listCall = m_client->listGroupKpis(groupId);
    connect(m_listCall, &ApiCall::succeeded, this, [this, groupId, call = m_listCall.data()] {
        QList<Kpi> shown;
        for (const Kpi &kpi : call->kpis())
            if (!m_queue.isQueued(groupId, kpi.id))
                shown.append(kpi);
        m_kpis->setKpis(groupId, shown);
    });
    connect(m_listCall, &ApiCall::failed, this, [this, groupId](const ApiError &error) {
        m_kpis->setUnknown(groupId);
        Q_EMIT loadFailed(
            tr("Could not load the KPIs of “%1”. %2").arg(groupName(groupId), error.toString()),
            [this] { reload(); });
    });
}

void GroupKpiActions::loadCounts()
{
    if (m_countsCall)
        m_countsCall->abandon(); // superseded
    ListQuery query;
    // Their names too: the KPIs in no group are listed from them.
    query.fields = u"id,name,description,ownerId,groupIds"_s;
    m_countsCall = m_client->listAllKpis(query);
    // Failed, the counts stay unknown; the lists still work.
    connect(m_countsCall, &ApiCall::succeeded, this, [this, call = m_countsCall.data()] {
        QHash<QString, int> counts;
        QHash<QString, QStringList> groupsOf;
        m_inNoGroup.clear();
        m_membershipsRead = true;
        for (const Kpi &kpi : call->kpis()) {
            groupsOf.insert(kpi.id, kpi.groupIds);
            if (kpi.groupIds.isEmpty())
                m_inNoGroup.append(kpi);
            for (const QString &groupId : kpi.groupIds)
                if (!m_queue.isQueued(groupId, kpi.id))
                    ++counts[groupId];
        }
        // Adds and moves that wait are shown made, as they were when made.
        for (const OutboxChange &change : m_queue.outbox()->changes()) {
            const bool adds = change.kind == OutboxChange::Kind::AddKpi;
            const QString target = adds ? change.groupId : change.toGroupId;
            if ((adds || change.kind == OutboxChange::Kind::MoveKpi) &&
                !groupsOf.value(change.kpiId).contains(target))
                ++counts[target];
        }
        m_groups->setKpiCounts(counts);
        if (m_kpis->groupId() == GroupKpisModel::noGroupId)
            showKpisInNoGroup();
    });
    connect(m_countsCall, &ApiCall::failed, this, [this](const ApiError &error) {
        if (m_kpis->groupId() != GroupKpisModel::noGroupId)
            return;
        m_kpis->setUnknown(GroupKpisModel::noGroupId);
        Q_EMIT loadFailed(tr("Could not load the KPIs in no group. %1").arg(error.toString()),
                          [this] { loadCounts(); });
    });
}

void GroupKpiActions::showKpisInNoGroup()
{
    QSet<QString> added;
    for (const OutboxChange &change : m_queue.outbox()->changes())
        if (change.kind == OutboxChange::Kind::AddKpi)
            added.insert(change.kpiId);
    QList<Kpi> shown;
    for (const Kpi &kpi : std::as_const(m_inNoGroup))
        if (!added.contains(kpi.id))
            shown.append(kpi);
    m_kpis->setKpis(GroupKpisModel::noGroupId, shown);
}

void GroupKpiActions::stopReading()
{
    if (m_listCall)
        m_listCall->abandon();
    if (m_countsCall)
        m_countsCall->abandon();
}

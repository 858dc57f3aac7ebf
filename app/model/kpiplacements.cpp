#include "kpiplacements.h"

#include "changesender.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"

KpiPlacements::KpiPlacements(ChangeSender *sender, GroupListModel *groups, GroupKpisModel *kpis,
                             QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_groups(groups)
    , m_kpis(kpis)
{
    connect(sender, &ChangeSender::refused, this, &KpiPlacements::onRefused);
    connect(sender, &ChangeSender::confirmed, this,
            [this](const OutboxChange &change) { m_placing.remove(change.id); });
}

bool KpiPlacements::isOffered() const
{
    return m_sender->client()->offersKpiAdding();
}

QString KpiPlacements::groupName(const QString &groupId) const
{
    const KpiGroup *group = m_groups->group(groupId);
    return group ? group->name : groupId;
}

QList<Kpi> KpiPlacements::placeable(const QList<Kpi> &kpis, const QString &fromGroupId,
                                    const QString &toGroupId) const
{
    QList<Kpi> fit;
    if (toGroupId == fromGroupId)
        return fit;
    for (const Kpi &kpi : kpis)
        if (!kpi.groupIds.contains(toGroupId, Qt::CaseInsensitive))
            fit.append(kpi);
    return fit;
}

QString KpiPlacements::refusal(const QList<Kpi> &kpis, const QString &fromGroupId,
                               const QString &toGroupId) const
{
    if (!isOffered())
        return ApiError::defaultMessage(ApiError::Kind::Unsupported);
    if (toGroupId.isEmpty() || kpis.isEmpty())
        return tr("Choose a group to put the KPIs in.");
    if (toGroupId == fromGroupId)
        return tr("The KPIs are in “%1” already.").arg(groupName(toGroupId));
    if (placeable(kpis, fromGroupId, toGroupId).isEmpty())
        return kpis.size() == 1
                   ? tr("“%1” is in “%2” already.")
                         .arg(kpis.constFirst().name, groupName(toGroupId))
                   : tr("These KPIs are all in “%1” already.").arg(groupName(toGroupId));
    return {};
}

void KpiPlacements::show(const Kpi &kpi, const QString &left, const QString &joined)
{
    // In no group before or after: the list of the KPIs in no group follows, when shown.
    QStringList after = kpi.groupIds;
    after.removeAll(left);
    if (!joined.isEmpty() && !after.contains(joined))
        after.append(joined);
    if (kpi.groupIds.isEmpty() && !after.isEmpty())
        m_kpis->takeKpis(QString(GroupKpisModel::noGroupId), {kpi.id});
    if (!kpi.groupIds.isEmpty() && after.isEmpty()) {
        Kpi alone = kpi;
        alone.groupIds.clear();
        m_kpis->restoreKpis(QString(GroupKpisModel::noGroupId), {alone});
    }
    if (!left.isEmpty()) {
        m_groups->adjustKpiCount(left, -1);
        m_kpis->takeKpis(left, {kpi.id});
    }
    if (!joined.isEmpty()) {
        m_groups->adjustKpiCount(joined, +1);
        Kpi shown = kpi;
        shown.groupIds.removeAll(left);
        if (!shown.groupIds.contains(joined))
            shown.groupIds.append(joined);
        m_kpis->restoreKpis(joined, {shown});
    }
    m_kpis->changeGroupsOf(kpi.id, joined, left);
}

int KpiPlacements::add(const QList<Kpi> &kpis, const QString &toGroupId)
{
    if (!isOffered())
        return 0;
    const QList<Kpi> fit = placeable(kpis, {}, toGroupId);
    QList<Kpi> done;
    for (const Kpi &kpi : fit) {
        OutboxChange change;
        change.kind = OutboxChange::Kind::AddKpi;
        change.groupId = toGroupId;
        change.groupName = groupName(toGroupId);
        change.kpiId = kpi.id;
        change.kpiName = kpi.name;
        Kpi now = kpi;
        now.groupIds.append(toGroupId);
        // In the outbox (and on its way to the journal) before it is shown.
        if (const quint64 id = m_sender->add(change))
            m_placing.insert(id, now);
        show(kpi, {}, toGroupId);
        done.append(now);
    }
    if (done.isEmpty())
        return 0;
    Q_EMIT placed(
        done, {}, toGroupId,
        done.size() == 1
            ? tr("Added “%1” to “%2”.").arg(done.constFirst().name, groupName(toGroupId))
            : tr("Added %n KPIs to “%1”.", nullptr, int(done.size())).arg(groupName(toGroupId)));
    return int(done.size());
}

int KpiPlacements::move(const QList<Kpi> &kpis, const QString &fromGroupId,
                        const QString &toGroupId)
{
    if (fromGroupId == GroupKpisModel::noGroupId) // nothing to leave: an add
        return add(kpis, toGroupId);
    if (!isOffered() || fromGroupId.isEmpty())
        return 0;
    const QList<Kpi> fit = placeable(kpis, fromGroupId, toGroupId);
    QList<Kpi> done;
    for (const Kpi &kpi : fit) {
        OutboxChange change;
        change.kind = OutboxChange::Kind::MoveKpi;
        change.groupId = fromGroupId;
        change.groupName = groupName(fromGroupId);
        change.toGroupId = toGroupId;
        change.toGroupName = groupName(toGroupId);
        change.kpiId = kpi.id;
        change.kpiName = kpi.name;
        Kpi now = kpi;
        now.groupIds.removeAll(fromGroupId);
        now.groupIds.append(toGroupId);
        // 0: it took back a move the other way that had not left: nothing to send.
        if (const quint64 id = m_sender->add(change))
            m_placing.insert(id, now);
        show(kpi, fromGroupId, toGroupId);
        done.append(now);
    }
    if (done.isEmpty())
        return 0;
    Q_EMIT placed(
        done, fromGroupId, toGroupId,
        done.size() == 1
            ? tr("Moved “%1” from “%2” to “%3”.")
                  .arg(done.constFirst().name, groupName(fromGroupId), groupName(toGroupId))
            : tr("Moved %n KPIs from “%1” to “%2”.", nullptr, int(done.size()))
                  .arg(groupName(fromGroupId), groupName(toGroupId)));
    return int(done.size());
}

int KpiPlacements::takeOut(const QList<Kpi> &kpis, const QString &groupId)
{
    int taken = 0;
    for (const Kpi &kpi : kpis) {
        if (!kpi.groupIds.contains(groupId, Qt::CaseInsensitive))
            continue;
        OutboxChange change;
        change.kind = OutboxChange::Kind::RemoveKpi;
        change.groupId = groupId;
        change.groupName = groupName(groupId);
        change.kpiId = kpi.id;
        change.kpiName = kpi.name;
        m_sender->add(change); // its refusal is the removal queue's, as any removal's
        show(kpi, groupId, {});
        ++taken;
    }
    return taken;
}

void KpiPlacements::onRefused(const OutboxChange &change, const ApiError &error)
{
    using Kind = OutboxChange::Kind;
    if (change.kind != Kind::AddKpi && change.kind != Kind::MoveKpi)
        return;
    Kpi kpi = m_placing.take(change.id);
    if (kpi.id.isEmpty()) { // left by an earlier run: the outbox kept its id and name only
        kpi.id = change.kpiId;
        kpi.name = change.kpiName;
    }
    const bool moved = change.kind == Kind::MoveKpi;
    const QString target = moved ? change.toGroupId : change.groupId;
    const QString source = moved ? change.groupId : QString();
    show(kpi, target, source); // back where it was; a refused move never removed it
    if (error.kind == ApiError::Kind::Unsupported) {
        if (!std::exchange(m_toldUnsupported, true))
            Q_EMIT unsupported(error.message);
        return;
    }
    const QString text =
        moved ? tr("“%1” is back in “%2”: it could not be moved to “%3”. %4")
                    .arg(kpi.name, groupName(source), groupName(target), error.toString())
              : tr("“%1” could not be added to “%2”. %3")
                    .arg(kpi.name, groupName(target), error.toString());
    Q_EMIT failed(text, [this, kpi, source, target] {
        if (source.isEmpty())
            add({kpi}, target);
        else
            move({kpi}, source, target);
    });
}

#include "undoredo.h"

#include "groupactions.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "kpiplacements.h"
#include "kpiremovalqueue.h"
#include "visibletext.h"

UndoRedo::UndoRedo(EditHistory *history, GroupActions *actions, GroupListModel *groups,
                   GroupKpisModel *kpis, KpiRemovalQueue *removals, KpiPlacements *placements,
                   QObject *parent)
    : QObject(parent)
    , m_history(history)
    , m_actions(actions)
    , m_groups(groups)
    , m_kpis(kpis)
    , m_removals(removals)
    , m_placements(placements)
{
    connect(m_placements, &KpiPlacements::placed, this,
            [this](const QList<Kpi> &kpis, const QString &fromGroupId, const QString &toGroupId) {
                if (m_replaying)
                    return;
                const QString to = groupName(toGroupId);
                const int count = int(kpis.size());
                EditHistory::Step step;
                step.kind = EditHistory::Step::Kind::Placement;
                step.groupId = fromGroupId;
                step.groupIds = {fromGroupId, toGroupId};
                step.toGroupId = toGroupId;
                step.kpis = kpis;
                if (fromGroupId.isEmpty())
                    step.description = count == 1
                                           ? tr("Add “%1” to “%2”").arg(kpis.constFirst().name, to)
                                           : tr("Add %n KPIs to “%1”", nullptr, count).arg(to);
                else
                    step.description = count == 1
                                           ? tr("Move “%1” to “%2”").arg(kpis.constFirst().name, to)
                                           : tr("Move %n KPIs to “%1”", nullptr, count).arg(to);
                m_history->record(step);
            });
    connect(
        m_removals, &KpiRemovalQueue::enqueued, this,
        [this](quint64 batch, const QString &groupId, const QList<Kpi> &kpis) {
            if (m_replaying) {
                m_replayedBatch = batch;
                return;
            }
            QStringList ids;
            for (const Kpi &kpi : kpis)
                ids.append(kpi.id);
            const QString group = groupName(groupId);
            m_history->record(
                {.kind = EditHistory::Step::Kind::Removal,
                 .groupId = groupId,
                 .batch = batch,
                 .kpiIds = ids,
                 .description =
                     kpis.size() == 1
                         ? tr("Remove “%1” from “%2”").arg(kpis.constFirst().name, group)
                         : tr("Remove %n KPIs from “%1”", nullptr, int(kpis.size())).arg(group)});
        });
    connect(m_removals, &KpiRemovalQueue::sent, this, [this](quint64 batch) {
        if (!m_replaying)
            m_history->forgetRemoval(batch); // on its way: no longer to be undone
    });
}

void UndoRedo::recordRename(const QString &groupId, const QString &before, const QString &after)
{
    m_history->record(
        {.kind = EditHistory::Step::Kind::Rename,
         .groupId = groupId,
         .before = before,
         .after = after,
         .description = tr("Rename “%1” to “%2”")
                            .arg(VisibleText::isolated(before), VisibleText::isolated(after))});
}

void UndoRedo::recordStars(const QStringList &groupIds, bool favorite)
{
    const QString name = VisibleText::isolated(groupName(groupIds.constFirst()));
    const int count = int(groupIds.size());
    EditHistory::Step step;
    step.kind = EditHistory::Step::Kind::Star;
    step.groupId = groupIds.constFirst();
    step.groupIds = groupIds;
    step.starred = favorite;
    step.description =
        count == 1
            ? (favorite ? tr("Star “%1”").arg(name) : tr("Remove the Star from “%1”").arg(name))
            : (favorite ? tr("Star %n Groups", nullptr, count)
                        : tr("Remove the Star from %n Groups", nullptr, count));
    m_history->record(step);
}

QString UndoRedo::groupName(const QString &groupId) const
{
    const KpiGroup *group = m_groups->group(groupId);
    return group ? group->name : QString();
}

void UndoRedo::undo()
{
    const std::optional<EditHistory::Step> step = m_history->takeUndo();
    if (!step || m_stopped)
        return;
    if (undoStep(*step)) {
        m_history->keepForRedo(*step);
        Q_EMIT informed(tr("Undone: %1.").arg(step->description));
    }
}

void UndoRedo::redo()
{
    std::optional<EditHistory::Step> step = m_history->takeRedo();
    if (!step || m_stopped)
        return;
    if (redoStep(*step)) {
        m_history->keepForUndo(*step);
        // A removal says so itself, with its Undo.
        if (step->kind != EditHistory::Step::Kind::Removal)
            Q_EMIT informed(tr("Redone: %1.").arg(step->description));
    }
}

bool UndoRedo::anyGroupOf(const EditHistory::Step &step) const
{
    if (step.groupIds.isEmpty())
        return m_groups->group(step.groupId);
    return std::any_of(step.groupIds.begin(), step.groupIds.end(),
                       [this](const QString &groupId) { return m_groups->group(groupId); });
}

bool UndoRedo::undoStep(const EditHistory::Step &step)
{
    using Kind = EditHistory::Step::Kind;
    if (step.kind == Kind::Placement) {
        EditHistory::Step copy = step;
        return replace(copy, Direction::Back);
    }
    if (step.kind == Kind::Removal) {
        if (m_removals->undo(step.batch))
            return true;
        Q_EMIT informed(
            tr("%1: too late to undo, the removal has been sent.").arg(step.description));
        return false;
    }
    return replay(step, Direction::Back);
}

bool UndoRedo::redoStep(EditHistory::Step &step)
{
    using Kind = EditHistory::Step::Kind;
    if (step.kind == Kind::Placement)
        return replace(step, Direction::Forth);
    if (step.kind == Kind::Removal) {
        // The KPIs leave the list again, as any removal, when their group is shown.
        if (m_kpis->groupId() != step.groupId) {
            Q_EMIT informed(tr("%1: show that group to do it again.").arg(step.description));
            return false;
        }
        m_replaying = true;
        m_replayedBatch = 0;
        m_kpis->removeKpis(step.groupId, step.kpiIds);
        m_replaying = false;
        if (m_replayedBatch == 0)
            return false;
        step.batch = m_replayedBatch;
        return true;
    }
    return replay(step, Direction::Forth);
}

bool UndoRedo::replay(const EditHistory::Step &step, Direction direction)
{
    const bool forth = direction == Direction::Forth;
    if (!anyGroupOf(step)) {
        Q_EMIT informed((forth ? tr("%1: cannot be redone, the group is gone.")
                               : tr("%1: cannot be undone, the group is gone."))
                            .arg(step.description));
        return false;
    }
    if (step.kind == EditHistory::Step::Kind::Rename) {
        // The names of the server's groups are text: checked on their way back (GroupActions).
        m_actions->renameGroup(step.groupId, forth ? step.after : step.before);
        return true;
    }
    m_actions->setFavorites(step.groupIds, forth ? step.starred : !step.starred);
    return true;
}

bool UndoRedo::replace(EditHistory::Step &step, Direction direction)
{
    const bool forth = direction == Direction::Forth;
    const bool moved = !step.groupId.isEmpty();
    if (!m_groups->group(step.toGroupId) || (moved && !m_groups->group(step.groupId))) {
        Q_EMIT informed((forth ? tr("%1: cannot be redone, the group is gone.")
                               : tr("%1: cannot be undone, the group is gone."))
                            .arg(step.description));
        return false;
    }
    // Back, the KPIs are as they were after the step; forth, as they were after its undo.
    QList<Kpi> kpis = step.kpis;
    if (forth) {
        for (Kpi &kpi : kpis) {
            kpi.groupIds.removeAll(step.toGroupId);
            if (moved && !kpi.groupIds.contains(step.groupId))
                kpi.groupIds.append(step.groupId);
        }
    }
    m_replaying = true;
    int done = 0;
    if (!moved)
        done = forth ? m_placements->add(kpis, step.toGroupId)
                     : m_placements->takeOut(kpis, step.toGroupId);
    else
        done = forth ? m_placements->move(kpis, step.groupId, step.toGroupId)
                     : m_placements->move(kpis, step.toGroupId, step.groupId);
    m_replaying = false;
    if (done == 0) {
        Q_EMIT informed((forth ? tr("%1: cannot be redone.") : tr("%1: cannot be undone."))
                            .arg(step.description));
        return false;
    }
    return true;
}

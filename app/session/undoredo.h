#pragma once

#include "edithistory.h"

#include <QObject>

class GroupActions;
class GroupKpisModel;
class GroupListModel;
class KpiPlacements;
class KpiRemovalQueue;

// Edit → Undo and Redo of one session: the renames, stars, KPI removals, adds and moves the person
// makes go into the EditHistory as steps, and a step is carried back out (undo) or in again (redo)
// through the same actions, or it is said why it cannot be.
class UndoRedo : public QObject
{
    Q_OBJECT

public:
    UndoRedo(EditHistory *history, GroupActions *actions, GroupListModel *groups,
             GroupKpisModel *kpis, KpiRemovalQueue *removals, KpiPlacements *placements,
             QObject *parent = nullptr);

    // A rename shown: from `before` to `after`.
    void recordRename(const QString &groupId, const QString &before, const QString &after);
    // One action starred (or unstarred) these groups: one step.
    void recordStars(const QStringList &groupIds, bool favorite);
    void undo();
    void redo();
    // The session is leaving: a step taken is not carried out any more.
    void stop() { m_stopped = true; }

Q_SIGNALS:
    void informed(const QString &text);

private:
    QString groupName(const QString &groupId) const;
    // Whether the change can be carried out: the group may be gone, the removal sent.
    bool anyGroupOf(const EditHistory::Step &step) const;
    bool undoStep(const EditHistory::Step &step);
    bool redoStep(EditHistory::Step &step);
    enum class Direction
    {
        Back,
        Forth
    };
    // A rename or a star, undone (back) or done again (forth).
    bool replay(const EditHistory::Step &step, Direction direction);
    // KPIs added or moved, taken back (back) or put there again (forth).
    bool replace(EditHistory::Step &step, Direction direction);

    EditHistory *m_history;
    GroupActions *m_actions;
    GroupListModel *m_groups;
    GroupKpisModel *m_kpis;
    KpiRemovalQueue *m_removals;
    KpiPlacements *m_placements;
    // Set while a step of the history is carried out: what it changes is not a new step.
    bool m_replaying = false;
    quint64 m_replayedBatch = 0;
    bool m_stopped = false;
};

#pragma once

#include "kpi.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <optional>

// The changes a person made, in order, so that they can be undone and redone: renames, stars,
// KPI removals, and KPIs added to or moved between groups. It only remembers; UndoRedo carries the
// steps out.
class EditHistory : public QObject
{
    Q_OBJECT

public:
    struct Step
    {
        enum class Kind
        {
            Rename,
            Star,
            Removal,
            Placement // KPIs added to a group, or moved from one to another
        };
        Kind kind = Kind::Rename;
        QString groupId = {};      // rename, removal; star: the first of `groupIds`
        QStringList groupIds = {}; // star: every group starred (or unstarred) by one action
        QString before = {};       // rename: the name before
        QString after = {};        // rename: the name after
        bool starred = false;      // star: starred after
        quint64 batch = 0;         // removal: the batch in the removal queue
        QStringList kpiIds = {};   // removal
        QString toGroupId = {};   // placement: the group the KPIs went to (groupId: from, or empty)
        QList<Kpi> kpis = {};     // placement: as they were after it
        QString description = {}; // "Rename “A” to “B”", for the menu
    };

    static constexpr int limit = 100;

    using QObject::QObject;

    // A new change: what was undone can no longer be redone.
    void record(const Step &step);
    bool canUndo() const { return !m_undo.isEmpty(); }
    bool canRedo() const { return !m_redo.isEmpty(); }
    QString undoDescription() const;
    QString redoDescription() const;
    // The step to undo (or redo), taken off its list; keepForRedo() (or keepForUndo()) puts it
    // on the other list once it is carried out.
    std::optional<Step> takeUndo();
    std::optional<Step> takeRedo();
    void keepForRedo(const Step &step);
    void keepForUndo(const Step &step);
    // The server refused this rename: there is nothing to undo.
    void forgetRename(const QString &groupId, const QString &name);
    // The removal was undone another way (the banner's Undo), or sent: it can no longer be.
    void forgetRemoval(quint64 batch);
    // The person discarded the waiting renames (or stars) of this group: no step may bring them
    // back, nor take back what is no longer there.
    void forgetGroup(Step::Kind kind, const QString &groupId);

Q_SIGNALS:
    void changed();

private:
    QList<Step> m_undo; // the last is the next to undo
    QList<Step> m_redo; // the last is the next to redo
};

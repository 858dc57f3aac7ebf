#include "edithistory.h"

void EditHistory::record(const Step &step)
{
    m_redo.clear();
    keepForUndo(step);
}

QString EditHistory::undoDescription() const
{
    return m_undo.isEmpty() ? QString() : m_undo.constLast().description;
}

QString EditHistory::redoDescription() const
{
    return m_redo.isEmpty() ? QString() : m_redo.constLast().description;
}

std::optional<EditHistory::Step> EditHistory::takeUndo()
{
    if (m_undo.isEmpty())
        return std::nullopt;
    const Step step = m_undo.takeLast();
    Q_EMIT changed();
    return step;
}

std::optional<EditHistory::Step> EditHistory::takeRedo()
{
    if (m_redo.isEmpty())
        return std::nullopt;
    const Step step = m_redo.takeLast();
    Q_EMIT changed();
    return step;
}

void EditHistory::keepForRedo(const Step &step)
{
    m_redo.append(step);
    Q_EMIT changed();
}

void EditHistory::keepForUndo(const Step &step)
{
    m_undo.append(step);
    if (m_undo.size() > limit)
        m_undo.removeFirst();
    Q_EMIT changed();
}

void EditHistory::forgetRename(const QString &groupId, const QString &name)
{
    for (qsizetype i = m_undo.size() - 1; i >= 0; --i) {
        const Step &step = m_undo.at(i);
        if (step.kind == Step::Kind::Rename && step.groupId == groupId && step.after == name) {
            m_undo.removeAt(i);
            Q_EMIT changed();
            return;
        }
    }
}

void EditHistory::forgetRemoval(quint64 batch)
{
    const auto removal = [batch](const Step &step) {
        return step.kind == Step::Kind::Removal && step.batch == batch;
    };
    if (m_undo.removeIf(removal) + m_redo.removeIf(removal) > 0)
        Q_EMIT changed();
}

void EditHistory::forgetGroup(Step::Kind kind, const QString &groupId)
{
    const auto concerns = [&](const Step &step) {
        return step.kind == kind && (step.groupId == groupId || step.groupIds.contains(groupId));
    };
    if (m_undo.removeIf(concerns) + m_redo.removeIf(concerns) > 0)
        Q_EMIT changed();
}

#include "outboxmodel.h"

#include "changesender.h"
#include "relativetime.h"

OutboxModel::OutboxModel(ChangeSender *sender, QObject *parent)
    : QAbstractTableModel(parent)
    , m_sender(sender)
{
    for (const OutboxChange &change : sender->outbox()->changes())
        m_ids.append(change.id);
    m_drafts = sender->outbox()->drafts().keys();
    m_drafts.sort();
    // A change at a time, whatever the number waiting: a row in or out, or one row told.
    connect(sender->outbox(), &Outbox::touched, this, &OutboxModel::follow);
    connect(sender->outbox(), &Outbox::replaced, this, &OutboxModel::update);
    connect(sender->outbox(), &Outbox::draftsChanged, this, [this] {
        QStringList drafts = m_sender->outbox()->drafts().keys();
        drafts.sort();
        if (drafts != m_drafts)
            update();
    });
    connect(sender, &ChangeSender::waiting, this, &OutboxModel::allChanged);
    connect(sender, &ChangeSender::resumed, this, &OutboxModel::allChanged);
}

void OutboxModel::follow(const OutboxChange &change, Outbox::Touch how)
{
    const auto at = std::lower_bound(m_ids.begin(), m_ids.end(), change.id);
    const int row = int(at - m_ids.begin());
    const bool listed = at != m_ids.end() && *at == change.id;
    switch (how) {
    case Outbox::Touch::Added:
        if (listed)
            break;
        beginInsertRows({}, row, row);
        m_ids.insert(row, change.id);
        endInsertRows();
        break;
    case Outbox::Touch::Removed:
        if (!listed)
            break;
        beginRemoveRows({}, row, row);
        m_ids.removeAt(row);
        endRemoveRows();
        break;
    case Outbox::Touch::Updated:
        if (listed)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        break;
    }
}

void OutboxModel::allChanged()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void OutboxModel::update()
{
    QList<quint64> ids;
    for (const OutboxChange &change : m_sender->outbox()->changes())
        ids.append(change.id);
    QStringList drafts = m_sender->outbox()->drafts().keys();
    drafts.sort();
    if (ids != m_ids || drafts != m_drafts) {
        beginResetModel();
        m_ids = ids;
        m_drafts = drafts;
        endResetModel();
    } else if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

int OutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size() + m_drafts.size());
}

void OutboxModel::setGroupNames(std::function<QString(const QString &)> nameOf)
{
    m_groupName = std::move(nameOf);
}

QString OutboxModel::draftGroupAt(int row) const
{
    return row >= m_ids.size() && row < rowCount() ? m_drafts.at(row - m_ids.size()) : QString();
}

int OutboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

quint64 OutboxModel::changeIdAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : 0;
}

QString OutboxModel::describe(const OutboxChange &change)
{
    switch (change.kind) {
    case OutboxChange::Kind::Create:
        return tr("Create “%1”").arg(change.name.text());
    case OutboxChange::Kind::Rename:
        return tr("Rename “%1” to “%2”").arg(change.groupName, change.name.text());
    case OutboxChange::Kind::Delete:
        return tr("Delete “%1”").arg(change.groupName);
    case OutboxChange::Kind::Star:
        return tr("Star “%1”").arg(change.groupName);
    case OutboxChange::Kind::Unstar:
        return tr("Remove the star from “%1”").arg(change.groupName);
    case OutboxChange::Kind::RemoveKpi:
        if (!change.toGroupId.isEmpty()) // what is left of a move, once added
            return tr("Move “%1” from “%2” to “%3” (added; to leave “%2”)")
                .arg(change.kpiName, change.groupName, change.toGroupName);
        return tr("Remove “%1” from “%2”").arg(change.kpiName, change.groupName);
    case OutboxChange::Kind::AddKpi:
        return tr("Add “%1” to “%2”").arg(change.kpiName, change.groupName);
    case OutboxChange::Kind::MoveKpi:
        return tr("Move “%1” from “%2” to “%3”")
            .arg(change.kpiName, change.groupName, change.toGroupName);
    }
    return {};
}

QVariant OutboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.row() >= m_ids.size())
        return draftData(index, role);
    const quint64 id = m_ids.at(index.row());
    if (role == ChangeIdRole)
        return id;
    const OutboxChange *change = m_sender->outbox()->change(id);
    if (!change)
        return {};
    const auto state = [&] {
        if (m_sender->isInFlight(id))
            return tr("Sending…");
        if (change->undoUntil.isValid())
            return tr("Sent once it can no longer be undone");
        if (!change->lastError.isEmpty())
            return change->lastError;
        return m_sender->isWaiting() ? tr("Waits for the changes before it") : tr("Next to go");
    };
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case ChangeColumn:
            return describe(*change);
        case SinceColumn:
            return RelativeTime::format(change->madeAt, QDateTime::currentDateTimeUtc());
        case StateColumn:
            return state();
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ChangeColumn:
            return describe(*change);
        case SinceColumn:
            return RelativeTime::exact(change->madeAt);
        case StateColumn:
            return state();
        }
        return {};
    default:
        return {};
    }
}

QVariant OutboxModel::draftData(const QModelIndex &index, int role) const
{
    const QString groupId = draftGroupAt(index.row());
    if (role == DraftGroupRole)
        return groupId;
    if (role == ChangeIdRole)
        return quint64(0);
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole && role != Qt::ToolTipRole)
        return {};
    const QString group = m_groupName ? m_groupName(groupId) : QString();
    switch (index.column()) {
    case ChangeColumn:
        return tr("Name “%1” typed for “%2”, not saved")
            .arg(m_sender->outbox()->drafts().value(groupId), group.isEmpty() ? groupId : group);
    case StateColumn:
        return tr("Not sent: open the group to save it, or discard it");
    }
    return {};
}

QVariant OutboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ChangeColumn:
        return tr("Change");
    case SinceColumn:
        return tr("Made");
    case StateColumn:
        return tr("Last try");
    }
    return {};
}

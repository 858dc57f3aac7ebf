#include "grouplistmodel.h"

#include <QSet>

GroupListModel::GroupListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

QString GroupListModel::searchKey(const QString &text)
{
    const bool ascii =
        std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 128; });
    if (ascii)
        return text.toLower();
    QString folded;
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    folded.reserve(decomposed.size());
    for (QChar c : decomposed)
        if (c.category() != QChar::Mark_NonSpacing)
            folded.append(c);
    // Full case folding, as far as a search needs it: "Straße" is found by "strasse".
    return folded.toCaseFolded().replace(u'ß', QLatin1StringView("ss"));
}

int GroupListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

QVariant GroupListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const KpiGroup &group = m_groups.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case NameRole:
        return group.name;
    case Qt::ToolTipRole:
        return group.name;
    case IdRole:
        return group.id;
    case AccountIdRole:
        return group.accountId;
    case CreatedByIdRole:
        return group.createdById;
    case ModifiedByIdRole:
        return group.modifiedById;
    case DateCreatedRole:
        return group.dateCreated;
    case DateUpdatedRole:
        return group.dateUpdated;
    case FavoriteRole:
        return group.favorite;
    case SearchKeyRole:
        return m_searchKeys.at(index.row());
    case GroupRole:
        return QVariant::fromValue(group);
    case KpiCountRole:
        return m_kpiCountsKnown ? m_kpiCounts.value(group.id, 0) : -1;
    default:
        return {};
    }
}

QHash<int, QByteArray> GroupListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "id"},
                  {NameRole, "name"},
                  {AccountIdRole, "accountId"},
                  {CreatedByIdRole, "createdById"},
                  {ModifiedByIdRole, "modifiedById"},
                  {DateCreatedRole, "dateCreated"},
                  {DateUpdatedRole, "dateUpdated"},
                  {FavoriteRole, "favorite"},
                  {SearchKeyRole, "searchKey"},
                  {GroupRole, "group"},
                  {KpiCountRole, "kpiCount"}});
    return names;
}

Qt::ItemFlags GroupListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren |
           Qt::ItemIsDropEnabled;
}

const KpiGroup *GroupListModel::group(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_groups.at(row);
}

void GroupListModel::reindexFrom(int row)
{
    for (int i = row; i < m_groups.size(); ++i)
        m_rowById.insert(m_groups.at(i).id, i);
}

void GroupListModel::setGroups(const QList<KpiGroup> &groups)
{
    if (m_groups.isEmpty() || groups.isEmpty()) {
        beginResetModel();
        m_groups = groups;
        m_searchKeys.clear();
        m_searchKeys.reserve(groups.size());
        for (const KpiGroup &group : groups)
            m_searchKeys.append(searchKey(group.name));
        m_rowById.clear();
        m_rowById.reserve(groups.size());
        reindexFrom(0);
        endResetModel();
        return;
    }

    QSet<QString> incoming;
    incoming.reserve(groups.size());
    for (const KpiGroup &group : groups)
        incoming.insert(group.id);
    // Remove vanished rows from the end, in contiguous runs.
    bool removed = false;
    for (int row = int(m_groups.size()) - 1; row >= 0;) {
        if (incoming.contains(m_groups.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_groups.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_groups.remove(first, row - first + 1);
        m_searchKeys.remove(first, row - first + 1);
        endRemoveRows();
        removed = true;
        row = first - 1;
    }
    if (removed) {
        m_rowById.clear();
        reindexFrom(0);
    }
    QList<KpiGroup> added;
    for (const KpiGroup &group : groups) {
        const int row = rowOf(group.id);
        if (row < 0)
            added.append(group);
        else
            updateRow(row, group);
    }
    if (!added.isEmpty()) {
        const int first = int(m_groups.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const KpiGroup &group : std::as_const(added)) {
            m_groups.append(group);
            m_searchKeys.append(searchKey(group.name));
        }
        reindexFrom(first);
        endInsertRows();
    }
}

void GroupListModel::updateRow(int row, const KpiGroup &group)
{
    KpiGroup &current = m_groups[row];
    if (current == group)
        return;
    QList<int> roles;
    if (current.name != group.name)
        roles << Qt::DisplayRole << Qt::EditRole << Qt::ToolTipRole << NameRole << SearchKeyRole;
    if (current.favorite != group.favorite)
        roles << FavoriteRole;
    if (current.dateUpdated != group.dateUpdated)
        roles << DateUpdatedRole;
    if (current.dateCreated != group.dateCreated)
        roles << DateCreatedRole;
    if (current.modifiedById != group.modifiedById)
        roles << ModifiedByIdRole;
    if (current.createdById != group.createdById)
        roles << CreatedByIdRole;
    if (current.accountId != group.accountId)
        roles << AccountIdRole;
    roles << GroupRole;
    if (current.name != group.name)
        m_searchKeys[row] = searchKey(group.name);
    current = group;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, roles);
}

void GroupListModel::upsertGroup(const KpiGroup &group)
{
    const int row = rowOf(group.id);
    if (row >= 0)
        return updateRow(row, group);
    const int last = int(m_groups.size());
    beginInsertRows({}, last, last);
    m_groups.append(group);
    m_searchKeys.append(searchKey(group.name));
    m_rowById.insert(group.id, last);
    endInsertRows();
}

bool GroupListModel::removeGroup(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_groups.removeAt(row);
    m_searchKeys.removeAt(row);
    m_rowById.remove(id);
    reindexFrom(row);
    endRemoveRows();
    return true;
}

bool GroupListModel::setFavorite(const QString &id, bool favorite)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    KpiGroup group = m_groups.at(row);
    group.favorite = favorite;
    updateRow(row, group);
    return true;
}

bool GroupListModel::setName(const QString &id, const QString &name)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    KpiGroup group = m_groups.at(row);
    group.name = name;
    updateRow(row, group);
    return true;
}

void GroupListModel::setKpiCounts(const QHash<QString, int> &counts)
{
    m_kpiCounts = counts;
    m_kpiCountsKnown = true;
    if (!m_groups.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_groups.size()) - 1), {KpiCountRole});
}

void GroupListModel::adjustKpiCount(const QString &id, int delta)
{
    if (!m_kpiCountsKnown)
        return;
    int &count = m_kpiCounts[id];
    count = std::max(0, count + delta);
    const int row = rowOf(id);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row), {KpiCountRole});
}

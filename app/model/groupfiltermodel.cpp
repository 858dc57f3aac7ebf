#include "groupfiltermodel.h"

#include "grouplistmodel.h"

GroupFilterModel::GroupFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &GroupFilterModel::announceCount);
    connect(this, &QAbstractItemModel::modelReset, this, &GroupFilterModel::announceCount);
    connect(this, &QAbstractItemModel::layoutChanged, this, &GroupFilterModel::announceCount);
}

void GroupFilterModel::setSourceModel(QAbstractItemModel *model)
{
    m_groups = qobject_cast<GroupListModel *>(model);
    Q_ASSERT_X(m_groups, "GroupFilterModel", "the source must be a GroupListModel");
    QSortFilterProxyModel::setSourceModel(model);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &GroupFilterModel::announceCount);
    connect(model, &QAbstractItemModel::modelReset, this, &GroupFilterModel::announceCount);
    applySort();
}

void GroupFilterModel::announceCount()
{
    Q_EMIT countChanged(rowCount(), m_groups ? m_groups->rowCount() : 0);
}

void GroupFilterModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    m_searchKey = GroupListModel::searchKey(text.trimmed());
    invalidateRowsFilter();
    announceCount();
}

void GroupFilterModel::setFavoritesOnly(bool only)
{
    if (only == m_favoritesOnly)
        return;
    m_favoritesOnly = only;
    invalidateRowsFilter();
    announceCount();
}

void GroupFilterModel::setFavoritesFirst(bool first)
{
    if (first == m_favoritesFirst)
        return;
    m_favoritesFirst = first;
    applySort();
}

void GroupFilterModel::setSortKey(SortKey key)
{
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    applySort();
}

void GroupFilterModel::applySort()
{
    invalidate();
    sort(0, Qt::AscendingOrder);
}

bool GroupFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (!m_groups)
        return true;
    if (m_favoritesOnly && !m_groups->groupAt(sourceRow).favorite)
        return false;
    return m_searchKey.isEmpty() || m_groups->searchKeyAt(sourceRow).contains(m_searchKey);
}

bool GroupFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int l = left.row(), r = right.row();
    const KpiGroup &a = m_groups->groupAt(l);
    const KpiGroup &b = m_groups->groupAt(r);
    if (m_favoritesFirst && a.favorite != b.favorite)
        return a.favorite;
    switch (m_sortKey) {
    case SortKey::Updated:
        if (a.dateUpdated != b.dateUpdated)
            return a.dateUpdated > b.dateUpdated;
        break;
    case SortKey::Created:
        if (a.dateCreated != b.dateCreated)
            return a.dateCreated > b.dateCreated;
        break;
    case SortKey::Name:
        break;
    }
    if (const int order = m_groups->searchKeyAt(l).compare(m_groups->searchKeyAt(r)); order != 0)
        return order < 0;
    if (const int order = a.name.compare(b.name); order != 0)
        return order < 0;
    return a.id < b.id;
}

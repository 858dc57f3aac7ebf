#include "groupfiltermodel.h"

#include "grouplistmodel.h"
#include "grouporder.h"
#include "idlework.h"

#include <QFutureWatcher>
#include <QtConcurrent>
#include <algorithm>

namespace {

// Changes of fewer rows than this move rows one by one; more re-sort the whole list.
constexpr int incrementalLimit = 64;

// Whether a change of these roles can move a row in the sort orders (favorites do not: they
// only take part in the partition for favorites-first, and in the filter).
bool affectsOrder(const QList<int> &roles)
{
    if (roles.isEmpty())
        return true;
    for (int role : roles) {
        switch (role) {
        case Qt::DisplayRole:
        case GroupListModel::NameRole:
        case GroupListModel::SearchKeyRole:
        case GroupListModel::DateUpdatedRole:
        case GroupListModel::DateCreatedRole:
            return true;
        default:
            break;
        }
    }
    return false;
}

bool affectsOrderOrFilter(const QList<int> &roles)
{
    return affectsOrder(roles) || roles.contains(GroupListModel::FavoriteRole);
}

} // namespace

GroupFilterModel::GroupFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
{}

GroupFilterModel::~GroupFilterModel() = default;

bool GroupFilterModel::lessThan(SortKey key, const QList<KpiGroup> &groups,
                                const QList<QString> &keys, int a, int b)
{
    return GroupOrder::lessThan(key, groups, keys, a, b);
}

void GroupFilterModel::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_groups = qobject_cast<GroupListModel *>(model);
    Q_ASSERT_X(m_groups || !model, "GroupFilterModel", "the source must be a GroupListModel");
    QAbstractProxyModel::setSourceModel(model);
    if (m_groups) {
        m_connections = {
            connect(model, &QAbstractItemModel::modelAboutToBeReset, this,
                    &GroupFilterModel::sourceAboutToBeReset),
            connect(model, &QAbstractItemModel::modelReset, this, &GroupFilterModel::sourceReset),
            connect(model, &QAbstractItemModel::rowsInserted, this,
                    &GroupFilterModel::sourceRowsInserted),
            connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    &GroupFilterModel::sourceRowsAboutToBeRemoved),
            connect(model, &QAbstractItemModel::rowsRemoved, this,
                    &GroupFilterModel::sourceRowsRemoved),
            connect(model, &QAbstractItemModel::dataChanged, this,
                    &GroupFilterModel::sourceDataChanged),
        };
    }
    m_base.clear();
    m_visible.clear();
    m_proxyRow.clear();
    endResetModel();
    if (m_groups) {
        sourceAboutToBeReset();
        sourceReset();
    }
}

QModelIndex GroupFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_visible.size() || column != 0)
        return {};
    return createIndex(row, column);
}

QModelIndex GroupFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex GroupFilterModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int GroupFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int GroupFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1;
}

bool GroupFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_visible.isEmpty();
}

QModelIndex GroupFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_groups || !proxyIndex.isValid() || proxyIndex.row() >= m_visible.size())
        return {};
    return m_groups->index(m_visible.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex GroupFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.row() >= m_proxyRow.size())
        return {};
    const int row = m_proxyRow.at(sourceIndex.row());
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

bool GroupFilterModel::accepts(int sourceRow) const
{
    if (m_favoritesOnly && !m_groups->groupAt(sourceRow).favorite)
        return false;
    // Every word, anywhere in the name: "pipeline 2024" finds "Pipeline · Review 2024".
    const QString &name = m_groups->searchKeyAt(sourceRow);
    return std::all_of(m_searchWords.cbegin(), m_searchWords.cend(),
                       [&name](const QString &word) { return name.contains(word); });
}

bool GroupFilterModel::before(int a, int b) const
{
    if (m_favoritesFirst) {
        const bool favoriteA = m_groups->groupAt(a).favorite;
        if (favoriteA != m_groups->groupAt(b).favorite)
            return favoriteA;
    }
    return m_reversed ? lessThan(m_sortKey, m_groups->groups(), m_groups->searchKeys(), b, a)
                      : lessThan(m_sortKey, m_groups->groups(), m_groups->searchKeys(), a, b);
}

void GroupFilterModel::rebuildProxyRows()
{
    m_proxyRow.fill(-1, m_groups ? m_groups->rowCount() : 0);
    for (int row = 0; row < m_visible.size(); ++row)
        m_proxyRow[m_visible.at(row)] = row;
}

void GroupFilterModel::rebuildVisible()
{
    m_recentSearches.clear();
    // m_base is always in the key's own order; reversed, it is read from its end.
    if (m_searchKey.isEmpty() && !m_favoritesOnly && !m_favoritesFirst) {
        m_visible = m_base;
        if (m_reversed)
            std::reverse(m_visible.begin(), m_visible.end());
        rebuildProxyRows();
        return;
    }
    m_visible.clear();
    m_visible.reserve(m_base.size());
    const auto pass = [this](int favorites) {
        const auto take = [&](int row) {
            if (favorites >= 0 && int(m_groups->groupAt(row).favorite) != favorites)
                return;
            if (accepts(row))
                m_visible.append(row);
        };
        if (m_reversed)
            std::for_each(m_base.crbegin(), m_base.crend(), take);
        else
            std::for_each(m_base.cbegin(), m_base.cend(), take);
    };
    if (m_favoritesFirst) {
        pass(1);
        pass(0);
    } else {
        pass(-1);
    }
    rebuildProxyRows();
}

void GroupFilterModel::changeLayout(const std::function<void()> &change)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QList<int> sources;
    sources.reserve(from.size());
    for (const QModelIndex &index : from)
        sources.append(index.row() < m_visible.size() ? m_visible.at(index.row()) : -1);
    change();
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        const int row = sources.at(i) >= 0 ? m_proxyRow.value(sources.at(i), -1) : -1;
        to.append(row >= 0 ? createIndex(row, from.at(i).column()) : QModelIndex());
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    announceCount();
}

void GroupFilterModel::announceCount()
{
    Q_EMIT countChanged(rowCount(), m_groups ? m_groups->rowCount() : 0);
}

void GroupFilterModel::rememberOrder(SortKey key, const QList<int> &order, quint64 generation)
{
    if (generation != m_generation)
        return;
    if (m_ordersGeneration != generation) {
        m_orders.clear();
        m_ordersGeneration = generation;
    }
    m_orders.insert(int(key), order);
}

void GroupFilterModel::prefetchOrders()
{
    // Large lists: the other orders are computed while the person looks at the first one, so
    // that changing the sort later is only a matter of showing them.
    if (!m_groups || m_groups->rowCount() < backgroundSortThreshold)
        return;
    const quint64 generation = m_generation;
    for (SortKey key : {SortKey::Name, SortKey::Updated, SortKey::Created}) {
        if (m_ordersGeneration == generation && m_orders.contains(int(key)))
            continue;
        auto *watcher = new QFutureWatcher<QList<int>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, key, generation] {
            watcher->deleteLater();
            rememberOrder(key, watcher->result(), generation);
        });
        watcher->setFuture(QtConcurrent::run(idleWorkPool(), &GroupOrder::sortedRows, key,
                                             m_groups->groups(), m_groups->searchKeys()));
    }
}

void GroupFilterModel::resort()
{
    if (!m_groups)
        return;
    const bool wasSorting = isSorting();
    const quint64 ticket = ++m_sortTicket;
    const auto show = [this, ticket, wasSorting](const QList<int> &order) {
        changeLayout([this, &order] {
            m_base = order;
            rebuildVisible();
        });
        m_appliedTicket = ticket;
        if (wasSorting)
            Q_EMIT sortingChanged(false);
    };
    if (m_ordersGeneration == m_generation && m_orders.contains(int(m_sortKey)))
        return show(m_orders.value(int(m_sortKey)));
    if (m_groups->rowCount() < backgroundSortThreshold)
        return show(GroupOrder::sortedRows(m_sortKey, m_groups->groups(), m_groups->searchKeys()));
    if (!wasSorting)
        Q_EMIT sortingChanged(true);
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<QList<int>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, ticket, generation] {
        watcher->deleteLater();
        if (ticket != m_sortTicket)
            return; // a newer sort is on its way
        if (generation != m_generation)
            return resort(); // the rows changed while they were sorted
        const QList<int> sorted = watcher->result();
        rememberOrder(m_sortKey, sorted, generation);
        changeLayout([this, &sorted] {
            m_base = sorted;
            rebuildVisible();
        });
        m_appliedTicket = ticket;
        Q_EMIT sortingChanged(false);
    });
    watcher->setFuture(QtConcurrent::run(&GroupOrder::sortedRows, m_sortKey, m_groups->groups(),
                                         m_groups->searchKeys()));
}

void GroupFilterModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    const QString key = GroupListModel::searchKey(text.trimmed());
    // A longer search only hides rows: look at the ones shown, not at all of them.
    const bool narrowing = key.contains(m_searchKey);
    m_searchText = text;
    if (key == m_searchKey)
        return;
    changeLayout([this, &key, narrowing] {
        // Typing back and forth: what a search showed is kept, for a backspace to show again.
        QHash<QString, QList<int>> recent = std::exchange(m_recentSearches, {});
        if (recent.size() > 32)
            recent.clear();
        recent.insert(m_searchKey, m_visible);
        m_searchKey = key;
        // A search that only grew hides rows only: each word it had is in one of its words now.
        m_searchWords = key.split(u' ', Qt::SkipEmptyParts);
        if (const auto known = recent.constFind(key); known != recent.cend()) {
            m_visible = *known;
            rebuildProxyRows();
        } else if (narrowing) {
            const auto hidden = std::remove_if(m_visible.begin(), m_visible.end(),
                                               [this](int row) { return !accepts(row); });
            m_visible.erase(hidden, m_visible.end());
            rebuildProxyRows();
        } else {
            rebuildVisible();
        }
        m_recentSearches = std::move(recent);
    });
}

void GroupFilterModel::setFavoritesOnly(bool only)
{
    if (only == m_favoritesOnly)
        return;
    changeLayout([this, only] {
        m_favoritesOnly = only;
        rebuildVisible();
    });
}

void GroupFilterModel::setFavoritesFirst(bool first)
{
    if (first == m_favoritesFirst)
        return;
    changeLayout([this, first] {
        m_favoritesFirst = first;
        rebuildVisible();
    });
}

void GroupFilterModel::setReversed(bool reversed)
{
    if (reversed == m_reversed)
        return;
    changeLayout([this, reversed] {
        m_reversed = reversed;
        rebuildVisible();
    });
}

void GroupFilterModel::setSortKey(SortKey key)
{
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    resort();
}

void GroupFilterModel::sourceAboutToBeReset()
{
    beginResetModel();
}

void GroupFilterModel::sourceReset()
{
    ++m_generation;
    const QList<int> &prepared = m_groups->preparedNameOrder();
    const int rows = m_groups->rowCount();
    const bool ready = m_sortKey == SortKey::Name && prepared.size() == rows;
    bool later = false;
    if (ready) {
        m_base = prepared;
        rememberOrder(SortKey::Name, prepared, m_generation);
    } else if (rows < backgroundSortThreshold) {
        m_base = GroupOrder::sortedRows(m_sortKey, m_groups->groups(), m_groups->searchKeys());
    } else {
        m_base.resize(rows);
        std::iota(m_base.begin(), m_base.end(), 0);
        later = true;
    }
    const bool wasSorting = isSorting();
    m_appliedTicket = m_sortTicket;
    rebuildVisible();
    endResetModel();
    if (wasSorting)
        Q_EMIT sortingChanged(false);
    announceCount();
    if (later)
        resort();
    prefetchOrders();
}

int GroupFilterModel::visiblePosition(int sourceRow) const
{
    const auto at = std::lower_bound(m_visible.begin(), m_visible.end(), sourceRow,
                                     [this](int a, int b) { return before(a, b); });
    return int(at - m_visible.begin());
}

void GroupFilterModel::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    m_recentSearches.clear(); // the rows they showed are no longer the same
    if (parent.isValid())
        return;
    ++m_generation;
    m_proxyRow.resize(m_groups->rowCount(), -1);
    // GroupListModel only appends; an insertion elsewhere would renumber every row after it.
    if (last != m_groups->rowCount() - 1) {
        sourceAboutToBeReset();
        sourceReset();
        return;
    }
    if (last - first + 1 > incrementalLimit) {
        QList<int> shown;
        for (int row = first; row <= last; ++row) {
            m_base.append(row);
            if (accepts(row))
                shown.append(row);
        }
        if (!shown.isEmpty()) {
            beginInsertRows({}, int(m_visible.size()), int(m_visible.size() + shown.size()) - 1);
            m_visible.append(shown);
            rebuildProxyRows();
            endInsertRows();
        } else {
            rebuildProxyRows();
        }
        announceCount();
        resort(); // puts the new rows where they belong
        return;
    }
    for (int row = first; row <= last; ++row) {
        const auto at = std::lower_bound(m_base.begin(), m_base.end(), row, [this](int a, int b) {
            return lessThan(m_sortKey, m_groups->groups(), m_groups->searchKeys(), a, b);
        });
        m_base.insert(at, row);
        if (!accepts(row))
            continue;
        const int position = visiblePosition(row);
        beginInsertRows({}, position, position);
        m_visible.insert(position, row);
        rebuildProxyRows();
        endInsertRows();
    }
    announceCount();
}

void GroupFilterModel::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    m_recentSearches.clear(); // the rows they showed are no longer the same
    if (parent.isValid())
        return;
    QList<int> shown;
    for (int row = first; row <= last; ++row)
        if (const int proxy = m_proxyRow.value(row, -1); proxy >= 0)
            shown.append(proxy);
    if (shown.size() > incrementalLimit) {
        changeLayout([this, first, last] {
            const auto gone = std::remove_if(m_visible.begin(), m_visible.end(),
                                             [&](int row) { return row >= first && row <= last; });
            m_visible.erase(gone, m_visible.end());
            rebuildProxyRows();
        });
        return;
    }
    std::sort(shown.begin(), shown.end(), std::greater<>());
    for (int proxy : std::as_const(shown)) {
        beginRemoveRows({}, proxy, proxy);
        m_visible.removeAt(proxy);
        rebuildProxyRows();
        endRemoveRows();
    }
}

void GroupFilterModel::sourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    m_recentSearches.clear(); // the rows they showed are no longer the same
    if (parent.isValid())
        return;
    ++m_generation;
    const int count = last - first + 1;
    const auto renumber = [&](QList<int> &rows) {
        const auto gone = std::remove_if(rows.begin(), rows.end(),
                                         [&](int row) { return row >= first && row <= last; });
        rows.erase(gone, rows.end());
        for (int &row : rows)
            if (row > last)
                row -= count;
    };
    renumber(m_base);
    renumber(m_visible);
    rebuildProxyRows();
    announceCount();
}

void GroupFilterModel::reposition(int sourceRow)
{
    m_recentSearches.clear(); // the rows they showed are no longer the same
    m_base.removeOne(sourceRow);
    const auto at = std::lower_bound(m_base.begin(), m_base.end(), sourceRow, [this](int a, int b) {
        return lessThan(m_sortKey, m_groups->groups(), m_groups->searchKeys(), a, b);
    });
    m_base.insert(at, sourceRow);

    const int old = m_proxyRow.value(sourceRow, -1);
    const bool shown = accepts(sourceRow);
    if (old >= 0 && !shown) {
        beginRemoveRows({}, old, old);
        m_visible.removeAt(old);
        rebuildProxyRows();
        endRemoveRows();
        announceCount();
        return;
    }
    if (old < 0 && shown) {
        const int position = visiblePosition(sourceRow);
        beginInsertRows({}, position, position);
        m_visible.insert(position, sourceRow);
        rebuildProxyRows();
        endInsertRows();
        announceCount();
        return;
    }
    if (old < 0)
        return;
    m_visible.removeAt(old);
    const int position = visiblePosition(sourceRow);
    m_visible.insert(old, sourceRow);
    if (position != old) {
        beginMoveRows({}, old, old, {}, position > old ? position + 1 : position);
        m_visible.removeAt(old);
        m_visible.insert(position, sourceRow);
        rebuildProxyRows();
        endMoveRows();
    }
    const QModelIndex changed = index(position, 0);
    Q_EMIT dataChanged(changed, changed);
}

void GroupFilterModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                         const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    const int first = topLeft.row();
    const int last = bottomRight.row();
    const bool many = last - first + 1 > incrementalLimit;
    if (!affectsOrderOrFilter(roles)) {
        if (many) {
            if (!m_visible.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(int(m_visible.size()) - 1, 0), roles);
            return;
        }
        for (int row = first; row <= last; ++row)
            if (const int proxy = m_proxyRow.value(row, -1); proxy >= 0)
                Q_EMIT dataChanged(index(proxy, 0), index(proxy, 0), roles);
        return;
    }
    if (affectsOrder(roles))
        ++m_generation;
    if (many) {
        changeLayout([this] { rebuildVisible(); });
        resort();
        return;
    }
    for (int row = first; row <= last; ++row)
        reposition(row);
}

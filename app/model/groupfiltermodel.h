#pragma once

#include <QAbstractProxyModel>
#include <QHash>

class GroupListModel;
struct KpiGroup;

// What the group list shows: a search (case- and accent-insensitive, every word anywhere in the
// name), favorites only or first,
// sorted by name, last update or creation.
//
// Built for 100,000 groups on the GUI thread: it keeps its own order of the rows, so a search
// is one pass over precomputed keys (and only over the rows still shown while the search grows),
// favorites-first is a partition of that order, and a full sort of a large list runs on a worker
// thread, the old order staying on screen until the new one is swapped in. Single changes
// (a star, a rename) move one row.
class GroupFilterModel : public QAbstractProxyModel
{
    Q_OBJECT

public:
    enum class SortKey
    {
        Name,
        Updated,
        Created
    };
    Q_ENUM(SortKey)

    // Lists this long or longer are re-sorted on a worker thread.
    static constexpr int backgroundSortThreshold = 5000;

    explicit GroupFilterModel(QObject *parent = nullptr);
    ~GroupFilterModel() override;

    void setSourceModel(QAbstractItemModel *model) override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    bool favoritesOnly() const { return m_favoritesOnly; }
    void setFavoritesOnly(bool only);
    bool favoritesFirst() const { return m_favoritesFirst; }
    void setFavoritesFirst(bool first);
    SortKey sortKey() const { return m_sortKey; }
    // Names sort A to Z, dates newest first; ties by name.
    void setSortKey(SortKey key);
    // The other way round: names Z to A, dates oldest first.
    void setReversed(bool reversed);
    bool isSorting() const { return m_sortTicket != m_appliedTicket; }
    // The source rows shown, in the order shown, and their model: to copy (implicitly shared, so
    // cheaply) for work on other threads.
    const QList<int> &shownRows() const { return m_visible; }
    GroupListModel *groupModel() const { return m_groups; }

    // The order of two rows of `groups` for a sort key: thread-safe.
    static bool lessThan(SortKey key, const QList<KpiGroup> &groups, const QList<QString> &keys,
                         int a, int b);

Q_SIGNALS:
    void countChanged(int shown, int total);
    void sortingChanged(bool sorting);

private:
    bool accepts(int sourceRow) const;
    bool before(int a, int b) const;
    void rebuildVisible();
    void rebuildProxyRows();
    void changeLayout(const std::function<void()> &change);
    void resort();
    void prefetchOrders();
    void rememberOrder(SortKey key, const QList<int> &order, quint64 generation);
    void announceCount();
    void reposition(int sourceRow);
    int visiblePosition(int sourceRow) const;

    void sourceAboutToBeReset();
    void sourceReset();
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);

    GroupListModel *m_groups = nullptr;
    QList<int> m_base;     // every source row, in the sort order
    QList<int> m_visible;  // proxy row -> source row
    QList<int> m_proxyRow; // source row -> proxy row, -1 when not shown
    QString m_searchText;
    QString m_searchKey;
    QStringList m_searchWords; // of the key
    bool m_favoritesOnly = false;
    bool m_favoritesFirst = false;
    bool m_reversed = false;
    SortKey m_sortKey = SortKey::Name;
    quint64 m_sortTicket = 0;    // the latest sort asked for
    quint64 m_appliedTicket = 0; // the latest sort on screen
    quint64 m_generation = 0;    // bumped by every change of the source's rows or order
    // Orders already computed for the rows as they are (m_generation), by sort key.
    QHash<int, QList<int>> m_orders;
    quint64 m_ordersGeneration = 0;
    // What recent searches showed, for backspacing: valid while nothing else changes.
    QHash<QString, QList<int>> m_recentSearches;
    QList<QMetaObject::Connection> m_connections;
};

#pragma once

#include <QSortFilterProxyModel>

class GroupListModel;

// What the group list shows: a search (case- and accent-insensitive), favorites only or first,
// sorted by name, last update or creation.
class GroupFilterModel : public QSortFilterProxyModel
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

    explicit GroupFilterModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;

    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    bool favoritesOnly() const { return m_favoritesOnly; }
    void setFavoritesOnly(bool only);
    bool favoritesFirst() const { return m_favoritesFirst; }
    void setFavoritesFirst(bool first);
    SortKey sortKey() const { return m_sortKey; }
    // Names sort A to Z, dates newest first.
    void setSortKey(SortKey key);

Q_SIGNALS:
    void countChanged(int shown, int total);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void applySort();
    void announceCount();

    GroupListModel *m_groups = nullptr;
    QString m_searchText;
    QString m_searchKey;
    bool m_favoritesOnly = false;
    bool m_favoritesFirst = false;
    SortKey m_sortKey = SortKey::Name;
};

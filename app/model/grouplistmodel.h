#pragma once

#include "kpigroup.h"

#include <QAbstractListModel>
#include <QHash>

// Every KPI group of the account, in the order the server listed them. Fed with value types by
// GroupActions; views sort and filter it through GroupFilterModel.
class GroupListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole,
        AccountIdRole,
        CreatedByIdRole,
        ModifiedByIdRole,
        DateCreatedRole,
        DateUpdatedRole,
        FavoriteRole,
        SearchKeyRole, // the name folded for search: lower case, without accents
        GroupRole,     // the whole KpiGroup
        KpiCountRole,  // how many KPIs are in the group; -1 while unknown
    };
    Q_ENUM(Role)

    explicit GroupListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Replaces the list, keeping rows whose group is still there (and so selections and
    // scroll positions): changed rows get dataChanged, vanished ones are removed, new ones added.
    void setGroups(const QList<KpiGroup> &groups);
    // Adds the group, or updates it where it is.
    void upsertGroup(const KpiGroup &group);
    bool removeGroup(const QString &id);
    bool setFavorite(const QString &id, bool favorite);
    bool setName(const QString &id, const QString &name);
    // KPI counts come from another request than the groups: all at once, then step by step.
    void setKpiCounts(const QHash<QString, int> &counts);
    void adjustKpiCount(const QString &id, int delta);
    int kpiCount(const QString &id) const
    {
        return m_kpiCountsKnown ? m_kpiCounts.value(id, 0) : -1;
    }

    int rowOf(const QString &id) const { return m_rowById.value(id, -1); }
    const KpiGroup &groupAt(int row) const { return m_groups.at(row); }
    const KpiGroup *group(const QString &id) const;
    const QString &searchKeyAt(int row) const { return m_searchKeys.at(row); }

    // Lower case, accents removed: "Zürich Office" -> "zurich office".
    static QString searchKey(const QString &text);

private:
    void updateRow(int row, const KpiGroup &group);
    void reindexFrom(int row);

    QList<KpiGroup> m_groups;
    QList<QString> m_searchKeys;
    QHash<QString, int> m_rowById;
    QHash<QString, int> m_kpiCounts; // by group id; kept through refreshes
    bool m_kpiCountsKnown = false;
};

#pragma once

#include "kpigroup.h"

#include <QAbstractListModel>
#include <QHash>
#include <QSet>
#include <functional>
#include <limits>

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
        WaitingRole,   // a change to it waits in the outbox for a server that did not take it
        DraftRole,     // a name typed for it and not saved is kept
    };
    Q_ENUM(Role)

    explicit GroupListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    // What a screen reader says of a row: the name, the star, the KPI count once known.
    static QString accessibleText(const KpiGroup &group, int kpiCount);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Everything the model keeps about a list, computed where it is cheap to compute: prepare()
    // and diff() are pure and thread-safe, so that 100,000 groups never stall the GUI thread.
    struct Prepared
    {
        QList<KpiGroup> groups;
        QList<QString> searchKeys;
        QHash<QString, int> rowById;
        QList<int> nameOrder; // rows by folded name, then name, then id
    };
    struct Changes
    {
        QStringList removed;
        QList<KpiGroup> changed;
        QList<QString> changedKeys;
        QList<KpiGroup> added;
        QList<QString> addedKeys;
        bool isEmpty() const { return removed.isEmpty() && changed.isEmpty() && added.isEmpty(); }
    };
    static Prepared prepare(QList<KpiGroup> groups);
    // The rows of `groups` in the order the list shows them by name (see prepare()), without
    // the rest of what prepare() makes: what the command line needs to print in that order.
    static QList<int> nameOrderOf(const QList<KpiGroup> &groups);
    static Changes diff(const QList<KpiGroup> &current, const QHash<QString, int> &rowById,
                        const QList<KpiGroup> &incoming);
    // diff() in parts, for a list that arrives page by page: what is new or changed in these
    // groups goes into `changes`, and the current rows they are found in are marked in `seen`
    // (one flag a current row)...
    static void compare(const QList<KpiGroup> &current, const QHash<QString, int> &rowById,
                        const QList<KpiGroup> &incoming, Changes &changes, QList<bool> &seen);
    // ... and, after the last page, the current groups not seen are the removed ones.
    static QStringList unseen(const QList<KpiGroup> &current, const QList<bool> &seen);

    // Replaces the list, keeping rows whose group is still there (and so selections and
    // scroll positions): changed rows get dataChanged, vanished ones are removed, new ones added.
    void setGroups(const QList<KpiGroup> &groups);
    // The same, with the work done beforehand: a reset to a prepared list...
    void resetTo(Prepared prepared);
    // ... or the changes from the current list.
    void apply(const Changes &changes);
    // Copy them (implicitly shared, so cheaply) for work on other threads.
    const QList<KpiGroup> &groups() const { return m_groups; }
    const QList<QString> &searchKeys() const { return m_searchKeys; }
    const QHash<QString, int> &rowIndex() const { return m_rowById; }
    // The rows by name as prepare() computed them; empty once rows changed since.
    const QList<int> &preparedNameOrder() const { return m_nameOrder; }
    // Adds the group, or updates it where it is.
    void upsertGroup(const KpiGroup &group);
    bool removeGroup(const QString &id);
    bool setFavorite(const QString &id, bool favorite);
    // Many at once are told of as one range (see apply()).
    void setFavorites(const QStringList &ids, bool favorite);
    bool setName(const QString &id, const QString &name);
    // KPI counts come from another request than the groups: all at once, then step by step.
    void setKpiCounts(const QHash<QString, int> &counts);
    void adjustKpiCount(const QString &id, int delta);
    // Whether a change waits for a group (see WaitingRole): asked as rows are read, so that
    // any list, cached or read anew, is marked at once, and marking all costs nothing.
    void setWaitingTest(std::function<bool(const QString &id)> test);
    // What the test says may have changed: for one group, or for every one (a new test too).
    void waitingChanged(const QString &id);
    void allWaitingChanged();
    bool isWaiting(const QString &id) const { return m_waitingTest && m_waitingTest(id); }
    // The groups with a draft name (see DraftRole).
    void setDrafts(const QSet<QString> &ids);
    int kpiCount(const QString &id) const
    {
        return m_kpiCountsKnown ? m_kpiCounts.value(id, 0) : -1;
    }
    // The counts by group id, whether they are known (else kpiCount() is -1): to copy (implicitly
    // shared, so cheaply) for work on other threads.
    const QHash<QString, int> &kpiCounts() const { return m_kpiCounts; }
    bool kpiCountsKnown() const { return m_kpiCountsKnown; }

    int rowOf(const QString &id) const { return m_rowById.value(id, -1); }
    const KpiGroup &groupAt(int row) const { return m_groups.at(row); }
    const KpiGroup *group(const QString &id) const;
    // Every one of these groups shown has a star (those not shown aside).
    bool allStarred(const QStringList &groupIds) const;
    const QString &searchKeyAt(int row) const { return m_searchKeys.at(row); }

    // Lower case, accents removed: "Zürich Office" -> "zurich office".
    static QString searchKey(const QString &text);
    // The name order of the list: folded name, then name, then id.
    static QList<int> orderByName(const QList<KpiGroup> &groups, const QList<QString> &keys);
    static bool nameLess(const QList<KpiGroup> &groups, const QList<QString> &keys, int a, int b);

private:
    // More changed rows than this are told of as one range (see apply()).
    static constexpr qsizetype manyRowsAtOnce = 64;
    void updateRow(int row, const KpiGroup &group, const QString &newKey = {});
    // The same without a signal: the roles that changed.
    QList<int> changeRow(int row, const KpiGroup &group, const QString &newKey = {});
    // Rows changed together, and the roles that changed in any of them.
    struct ChangedRange
    {
        int first = std::numeric_limits<int>::max();
        int last = -1;
        QList<int> roles = {};
        void add(int row, const QList<int> &changed);
    };
    void tellOf(const ChangedRange &range);
    void reindexFrom(int row);

    QList<KpiGroup> m_groups;
    QList<QString> m_searchKeys;
    QHash<QString, int> m_rowById;
    QList<int> m_nameOrder;
    QHash<QString, int> m_kpiCounts; // by group id; kept through refreshes
    bool m_kpiCountsKnown = false;
    std::function<bool(const QString &id)> m_waitingTest;
    QSet<QString> m_drafts;
};

#include "grouporder.h"

#include "grouplistmodel.h"

#include <algorithm>
#include <numeric>

namespace GroupOrder {

bool lessThan(SortKey key, const QList<KpiGroup> &groups, const QList<QString> &keys, int a, int b)
{
    const KpiGroup &x = groups.at(a);
    const KpiGroup &y = groups.at(b);
    switch (key) {
    case SortKey::Updated:
        if (x.dateUpdated != y.dateUpdated)
            return x.dateUpdated > y.dateUpdated;
        break;
    case SortKey::Created:
        if (x.dateCreated != y.dateCreated)
            return x.dateCreated > y.dateCreated;
        break;
    case SortKey::Name:
        break;
    }
    return GroupListModel::nameLess(groups, keys, a, b);
}

QList<int> sortedRows(SortKey key, const QList<KpiGroup> &groups, const QList<QString> &keys)
{
    QList<int> rows(groups.size());
    std::iota(rows.begin(), rows.end(), 0);
    if (key == SortKey::Name) {
        std::sort(rows.begin(), rows.end(),
                  [&](int a, int b) { return GroupListModel::nameLess(groups, keys, a, b); });
        return rows;
    }
    // The dates as numbers first: QDateTime's own comparison, checking validity and time zones
    // each time, is most of the cost of a sort by date. The same order as lessThan().
    std::vector<qint64> when(groups.size());
    for (qsizetype row = 0; row < groups.size(); ++row) {
        const KpiGroup &group = groups.at(row);
        const QDateTime &date = key == SortKey::Updated ? group.dateUpdated : group.dateCreated;
        when[row] = date.isValid() ? date.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    }
    std::sort(rows.begin(), rows.end(), [&](int a, int b) {
        if (when[a] != when[b])
            return when[a] > when[b];
        return GroupListModel::nameLess(groups, keys, a, b);
    });
    return rows;
}

} // namespace GroupOrder

#include "grouplistmodel.h"

#include <QSet>
#include <QtConcurrent>
#include <array>
#include <numeric>

GroupListModel::GroupListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

namespace {

QString foldedSlowly(const QString &text)
{
    QString folded;
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    folded.reserve(decomposed.size());
    for (QChar c : decomposed)
        if (c.category() != QChar::Mark_NonSpacing)
            folded.append(c);
    // Full case folding, as far as a search needs it: "Straße" is found by "strasse".
    return folded.toCaseFolded().replace(u'ß', QLatin1StringView("ss"));
}

} // namespace

QString GroupListModel::searchKey(const QString &text)
{
    // Names in Latin-1 (most Western ones) fold character by character, from a table made by
    // the general path itself: a tenth of its time on 100,000 names.
    struct Latin1Fold
    {
        std::array<QString, 256> folded;
        std::array<char16_t, 256> single; // the one character it folds to, or noSingle
    };
    static constexpr char16_t noSingle = 0xffff;
    static const Latin1Fold table = [] {
        Latin1Fold fold;
        for (char16_t c = 0; c < 256; ++c) {
            fold.folded[c] = foldedSlowly(QString(QChar(c)));
            fold.single[c] =
                fold.folded[c].size() == 1 ? fold.folded[c].front().unicode() : noSingle;
        }
        return fold;
    }();

    bool oneToOne = true;
    for (QChar c : text) {
        if (c.unicode() >= 256)
            return foldedSlowly(text);
        oneToOne = oneToOne && table.single[c.unicode()] != noSingle;
    }
    if (oneToOne) {
        QString key(text.size(), Qt::Uninitialized);
        char16_t *out = reinterpret_cast<char16_t *>(key.data());
        for (QChar c : text)
            *out++ = table.single[c.unicode()];
        return key;
    }
    QString key; // "ß" becomes "ss"
    key.reserve(text.size() + 4);
    for (QChar c : text)
        key.append(table.folded[c.unicode()]);
    return key;
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
    case Qt::AccessibleTextRole: {
        const QString text =
            accessibleText(group, m_kpiCountsKnown ? m_kpiCounts.value(group.id, 0) : -1);
        if (isWaiting(group.id))
            return tr("%1, a change waits to be sent").arg(text);
        return m_drafts.contains(group.id) ? tr("%1, a name typed is not saved").arg(text) : text;
    }
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
    case WaitingRole:
        return isWaiting(group.id);
    case DraftRole:
        return m_drafts.contains(group.id);
    default:
        return {};
    }
}

QString GroupListModel::accessibleText(const KpiGroup &group, int kpiCount)
{
    if (kpiCount < 0)
        return group.favorite ? tr("%1, starred").arg(group.name) : group.name;
    return group.favorite ? tr("%1, starred, %n KPI(s)", nullptr, kpiCount).arg(group.name)
                          : tr("%1, %n KPI(s)", nullptr, kpiCount).arg(group.name);
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
                  {KpiCountRole, "kpiCount"},
                  {WaitingRole, "waiting"},
                  {DraftRole, "draft"}});
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

bool GroupListModel::nameLess(const QList<KpiGroup> &groups, const QList<QString> &keys, int a,
                              int b)
{
    if (const int order = keys.at(a).compare(keys.at(b)); order != 0)
        return order < 0;
    if (const int order = groups.at(a).name.compare(groups.at(b).name); order != 0)
        return order < 0;
    return groups.at(a).id < groups.at(b).id;
}

QList<int> GroupListModel::orderByName(const QList<KpiGroup> &groups, const QList<QString> &keys)
{
    const qsizetype count = groups.size();
    QList<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    const auto less = [&](int a, int b) { return nameLess(groups, keys, a, b); };
    // Lists come from the server sorted by name already, in its binary order, which differs
    // from the folded one only where case and accents do: merging the runs that are in order
    // costs a fraction of a full sort, and no more than one on a list in no order at all.
    QList<qsizetype> runs = {0};
    for (qsizetype row = 1; row < count; ++row)
        if (less(int(row), int(row - 1)))
            runs.append(row);
    runs.append(count);
    const auto begin = order.begin();
    while (runs.size() > 2) {
        QList<qsizetype> merged = {0};
        qsizetype run = 0;
        for (; run + 2 < runs.size(); run += 2) {
            std::inplace_merge(begin + runs.at(run), begin + runs.at(run + 1),
                               begin + runs.at(run + 2), less);
            merged.append(runs.at(run + 2));
        }
        if (run + 1 < runs.size() && merged.last() != runs.last())
            merged.append(runs.last());
        runs = std::move(merged);
    }
    return order;
}

namespace {

// Both cores: half of the folding on another thread.
QList<QString> searchKeysOf(const QList<KpiGroup> &groups)
{
    const qsizetype count = groups.size();
    const qsizetype half = count / 2;
    const auto fold = [&groups](qsizetype from, qsizetype to) {
        QList<QString> keys;
        keys.reserve(to - from);
        for (qsizetype row = from; row < to; ++row)
            keys.append(GroupListModel::searchKey(groups.at(row).name));
        return keys;
    };
    QFuture<QList<QString>> firstKeys = QtConcurrent::run(fold, 0, half);
    const QList<QString> secondKeys = fold(half, count);
    QList<QString> keys = firstKeys.result();
    keys.append(secondKeys);
    return keys;
}

} // namespace

QList<int> GroupListModel::nameOrderOf(const QList<KpiGroup> &groups)
{
    return orderByName(groups, searchKeysOf(groups));
}

GroupListModel::Prepared GroupListModel::prepare(QList<KpiGroup> groups)
{
    // The id index on another thread while the name order is made here.
    Prepared prepared;
    const qsizetype count = groups.size();
    prepared.searchKeys = searchKeysOf(groups);
    QFuture<QHash<QString, int>> index = QtConcurrent::run([&groups] {
        QHash<QString, int> rowById;
        rowById.reserve(groups.size());
        for (int row = 0; row < groups.size(); ++row)
            rowById.insert(groups.at(row).id, row);
        return rowById;
    });

    prepared.nameOrder = orderByName(groups, prepared.searchKeys);
    prepared.rowById = index.result();
    if (prepared.rowById.size() != count) {
        // A group listed twice (it moved from one page to another while they were read): the
        // first stays. Rare enough to start again without the others.
        QSet<QString> seen;
        groups.removeIf([&seen](const KpiGroup &group) {
            const bool again = seen.contains(group.id);
            seen.insert(group.id);
            return again;
        });
        return prepare(std::move(groups));
    }
    prepared.groups = std::move(groups);
    return prepared;
}

GroupListModel::Changes GroupListModel::diff(const QList<KpiGroup> &current,
                                             const QHash<QString, int> &rowById,
                                             const QList<KpiGroup> &incoming)
{
    Changes changes;
    QList<bool> seen(current.size(), false);
    compare(current, rowById, incoming, changes, seen);
    changes.removed = unseen(current, seen);
    return changes;
}

void GroupListModel::compare(const QList<KpiGroup> &current, const QHash<QString, int> &rowById,
                             const QList<KpiGroup> &incoming, Changes &changes, QList<bool> &seen)
{
    for (const KpiGroup &group : incoming) {
        if (group.id.isEmpty())
            continue;
        const auto row = rowById.constFind(group.id);
        if (row == rowById.cend()) {
            changes.added.append(group);
            changes.addedKeys.append(searchKey(group.name));
            continue;
        }
        seen[*row] = true;
        const KpiGroup &shown = current.at(*row);
        if (!(shown == group)) {
            changes.changed.append(group);
            changes.changedKeys.append(shown.name == group.name ? QString()
                                                                : searchKey(group.name));
        }
    }
}

QStringList GroupListModel::unseen(const QList<KpiGroup> &current, const QList<bool> &seen)
{
    QStringList ids;
    for (qsizetype row = 0; row < current.size(); ++row)
        if (!seen.value(row))
            ids.append(current.at(row).id);
    return ids;
}

void GroupListModel::resetTo(Prepared prepared)
{
    beginResetModel();
    m_groups = std::move(prepared.groups);
    m_searchKeys = std::move(prepared.searchKeys);
    m_rowById = std::move(prepared.rowById);
    m_nameOrder = std::move(prepared.nameOrder);
    endResetModel();
}

void GroupListModel::setGroups(const QList<KpiGroup> &groups)
{
    if (m_groups.isEmpty() || groups.isEmpty())
        resetTo(prepare(groups));
    else
        apply(diff(m_groups, m_rowById, groups));
}

void GroupListModel::apply(const Changes &changes)
{
    if (changes.isEmpty())
        return;
    m_nameOrder.clear();
    // Remove vanished rows from the end, in contiguous runs.
    QList<int> rows;
    for (const QString &id : changes.removed)
        if (const int row = rowOf(id); row >= 0)
            rows.append(row);
    std::sort(rows.begin(), rows.end());
    for (qsizetype i = rows.size() - 1; i >= 0;) {
        qsizetype first = i;
        while (first > 0 && rows.at(first - 1) == rows.at(first) - 1)
            --first;
        beginRemoveRows({}, rows.at(first), rows.at(i));
        m_groups.remove(rows.at(first), i - first + 1);
        m_searchKeys.remove(rows.at(first), i - first + 1);
        endRemoveRows();
        i = first - 1;
    }
    if (!rows.isEmpty()) {
        m_rowById.clear();
        reindexFrom(0);
    }
    if (changes.changed.size() <= manyRowsAtOnce) {
        for (qsizetype i = 0; i < changes.changed.size(); ++i) {
            const int row = rowOf(changes.changed.at(i).id);
            if (row >= 0)
                updateRow(row, changes.changed.at(i), changes.changedKeys.at(i));
        }
    } else {
        // Told of as one range: a proxy told of a thousand rows one at a time moves each in a
        // list of all of them (32 ms for 1,000 of 100,000 groups), where one range re-sorts once.
        ChangedRange range;
        for (qsizetype i = 0; i < changes.changed.size(); ++i) {
            const int row = rowOf(changes.changed.at(i).id);
            if (row >= 0)
                range.add(row, changeRow(row, changes.changed.at(i), changes.changedKeys.at(i)));
        }
        tellOf(range);
    }
    // Groups that are here already (created meanwhile, or listed twice) are updated instead.
    QList<KpiGroup> added;
    QList<QString> addedKeys;
    QSet<QString> adding;
    for (qsizetype i = 0; i < changes.added.size(); ++i) {
        const KpiGroup &group = changes.added.at(i);
        if (const int row = rowOf(group.id); row >= 0) {
            updateRow(row, group, changes.addedKeys.at(i));
        } else if (!adding.contains(group.id)) {
            adding.insert(group.id);
            added.append(group);
            addedKeys.append(changes.addedKeys.at(i));
        }
    }
    if (!added.isEmpty()) {
        const int first = int(m_groups.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_groups.append(added);
        m_searchKeys.append(addedKeys);
        reindexFrom(first);
        endInsertRows();
    }
}

void GroupListModel::updateRow(int row, const KpiGroup &group, const QString &newKey)
{
    const QList<int> roles = changeRow(row, group, newKey);
    if (roles.isEmpty())
        return;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, roles);
}

QList<int> GroupListModel::changeRow(int row, const KpiGroup &group, const QString &newKey)
{
    KpiGroup &current = m_groups[row];
    if (current == group)
        return {};
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
        m_searchKeys[row] = newKey.isNull() ? searchKey(group.name) : newKey;
    if (roles.size() > 2 || roles.first() != FavoriteRole)
        m_nameOrder.clear();
    current = group;
    return roles;
}

void GroupListModel::upsertGroup(const KpiGroup &group)
{
    const int row = rowOf(group.id);
    if (row >= 0)
        return updateRow(row, group);
    const int last = int(m_groups.size());
    m_nameOrder.clear();
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
    m_nameOrder.clear();
    beginRemoveRows({}, row, row);
    m_groups.removeAt(row);
    m_searchKeys.removeAt(row);
    m_rowById.remove(id);
    reindexFrom(row);
    endRemoveRows();
    return true;
}

void GroupListModel::setWaitingTest(std::function<bool(const QString &id)> test)
{
    m_waitingTest = std::move(test);
}

void GroupListModel::waitingChanged(const QString &id)
{
    if (const int row = rowOf(id); row >= 0) {
        const QModelIndex at = index(row);
        Q_EMIT dataChanged(at, at, {WaitingRole, Qt::AccessibleTextRole});
    }
}

void GroupListModel::allWaitingChanged()
{
    if (!m_groups.isEmpty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {WaitingRole, Qt::AccessibleTextRole});
}

void GroupListModel::setDrafts(const QSet<QString> &ids)
{
    if (ids == m_drafts)
        return;
    const QSet<QString> changed = (ids - m_drafts) + (m_drafts - ids);
    m_drafts = ids;
    for (const QString &id : changed) {
        if (const int row = rowOf(id); row >= 0) {
            const QModelIndex at = index(row);
            Q_EMIT dataChanged(at, at, {DraftRole, Qt::AccessibleTextRole});
        }
    }
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

void GroupListModel::setFavorites(const QStringList &ids, bool favorite)
{
    if (ids.size() <= manyRowsAtOnce) {
        for (const QString &id : ids)
            setFavorite(id, favorite);
        return;
    }
    ChangedRange range;
    for (const QString &id : ids) {
        if (const int row = rowOf(id); row >= 0) {
            KpiGroup group = m_groups.at(row);
            group.favorite = favorite;
            range.add(row, changeRow(row, group));
        }
    }
    tellOf(range);
}

void GroupListModel::ChangedRange::add(int row, const QList<int> &changed)
{
    if (changed.isEmpty())
        return;
    first = std::min(first, row);
    last = std::max(last, row);
    for (const int role : changed)
        if (!roles.contains(role))
            roles.append(role);
}

void GroupListModel::tellOf(const ChangedRange &range)
{
    if (range.last >= 0)
        Q_EMIT dataChanged(index(range.first), index(range.last), range.roles);
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

bool GroupListModel::allStarred(const QStringList &groupIds) const
{
    return std::all_of(groupIds.begin(), groupIds.end(), [this](const QString &id) {
        const KpiGroup *shown = group(id);
        return !shown || shown->favorite;
    });
}

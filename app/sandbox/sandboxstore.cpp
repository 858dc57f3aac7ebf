#include "sandboxstore.h"

#include <QDateTime>
#include <QRegularExpression>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype cacheCapacity = 8;
const QString noValue;

SandboxValue groupValue(const SandboxAccount &account, const QSet<QString> &favorites,
                        const SandboxGroup &group, SandboxField field)
{
    switch (field) {
    case SandboxField::Id:
        return SandboxValue::ofString(group.id);
    case SandboxField::AccountId:
        return SandboxValue::ofString(account.id);
    case SandboxField::Name:
        return SandboxValue::ofString(group.name);
    case SandboxField::CreatedById:
        return SandboxValue::ofString(group.createdById);
    case SandboxField::ModifiedById:
        return SandboxValue::ofString(group.modifiedById);
    case SandboxField::DateCreated:
        return SandboxValue::ofDate(group.dateCreated);
    case SandboxField::DateUpdated:
        return SandboxValue::ofDate(group.dateUpdated);
    case SandboxField::Favorite:
        return SandboxValue::ofBool(favorites.contains(group.id));
    case SandboxField::Description:
    case SandboxField::OwnerId:
    case SandboxField::GroupIds:
    case SandboxField::FirstName:
    case SandboxField::LastName:
    case SandboxField::Email:
        break;
    }
    return SandboxValue::ofString(noValue); // the query parser admits only this collection's fields
}

SandboxValue kpiValue(const SandboxAccount &account, const SandboxKpi &kpi, SandboxField field)
{
    switch (field) {
    case SandboxField::Id:
        return SandboxValue::ofString(kpi.id);
    case SandboxField::AccountId:
        return SandboxValue::ofString(account.id);
    case SandboxField::Name:
        return SandboxValue::ofString(kpi.name);
    case SandboxField::Description:
        return SandboxValue::ofString(kpi.description);
    case SandboxField::OwnerId:
        return SandboxValue::ofString(kpi.ownerId);
    case SandboxField::GroupIds:
        return SandboxValue::ofList(kpi.groupIds);
    case SandboxField::CreatedById:
    case SandboxField::ModifiedById:
    case SandboxField::DateCreated:
    case SandboxField::DateUpdated:
    case SandboxField::Favorite:
    case SandboxField::FirstName:
    case SandboxField::LastName:
    case SandboxField::Email:
        break;
    }
    return SandboxValue::ofString(noValue); // the query parser admits only this collection's fields
}

SandboxValue userValue(const SandboxUser &user, SandboxField field)
{
    switch (field) {
    case SandboxField::Id:
        return SandboxValue::ofString(user.id);
    case SandboxField::AccountId:
        return SandboxValue::ofString(user.accountId);
    case SandboxField::FirstName:
        return SandboxValue::ofString(user.firstName);
    case SandboxField::LastName:
        return SandboxValue::ofString(user.lastName);
    case SandboxField::Email:
        return SandboxValue::ofString(user.email);
    case SandboxField::Name:
    case SandboxField::CreatedById:
    case SandboxField::ModifiedById:
    case SandboxField::DateCreated:
    case SandboxField::DateUpdated:
    case SandboxField::Favorite:
    case SandboxField::Description:
    case SandboxField::OwnerId:
    case SandboxField::GroupIds:
        break;
    }
    return SandboxValue::ofString(noValue); // the query parser admits only this collection's fields
}

const QSet<QString> &favoritesOf(const SandboxAccount &account, const QString &userId)
{
    static const QSet<QString> none;
    const auto it = account.favoritesByUser.constFind(userId);
    return it == account.favoritesByUser.cend() ? none : *it;
}

} // namespace

SandboxAccount &SandboxStore::addAccount(const QString &id, const QString &name)
{
    if (!m_accounts.contains(id))
        m_accountOrder.append(id);
    SandboxAccount &account = m_accounts[id];
    account.id = id;
    account.name = name;
    return account;
}

void SandboxStore::addUser(const SandboxUser &user)
{
    m_userByToken.insert(user.token, m_users.size());
    m_users.append(user);
}

void SandboxStore::addGroup(const QString &accountId, const SandboxGroup &group)
{
    SandboxAccount &account = m_accounts[accountId];
    account.groupIndex.insert(group.id, account.groups.size());
    account.groups.append(group);
    ++account.revision;
}

void SandboxStore::addKpi(const QString &accountId, const SandboxKpi &kpi)
{
    SandboxAccount &account = m_accounts[accountId];
    account.kpiIndex.insert(kpi.id, account.kpis.size());
    account.kpis.append(kpi);
    ++account.revision;
}

void SandboxStore::setFavorite(const QString &accountId, const QString &userId,
                               const QString &groupId, bool favorite)
{
    setFavorite(m_accounts[accountId], userId, groupId, favorite);
}

const SandboxUser *SandboxStore::userForToken(const QString &token) const
{
    const auto it = m_userByToken.constFind(token);
    return it == m_userByToken.cend() ? nullptr : &m_users.at(*it);
}

SandboxAccount *SandboxStore::account(const QString &accountId)
{
    const auto it = m_accounts.find(accountId);
    return it == m_accounts.end() ? nullptr : &*it;
}

const SandboxAccount *SandboxStore::account(const QString &accountId) const
{
    const auto it = m_accounts.constFind(accountId);
    return it == m_accounts.cend() ? nullptr : &*it;
}

template<typename ValueOf>
SandboxStore::Page SandboxStore::page(qsizetype count, const SandboxListQuery &query,
                                      const ValueOf &valueOf, const CacheEntry &key) const
{
    const auto cached = std::find_if(m_cache.begin(), m_cache.end(), [&](const CacheEntry &e) {
        return e.collection == key.collection && e.revision == key.revision &&
               e.accountId == key.accountId && e.userId == key.userId && e.filter == key.filter &&
               e.sort == key.sort;
    });
    QList<qsizetype> rows;
    if (cached != m_cache.end()) {
        rows = cached->rows;
    } else {
        rows.reserve(count);
        for (qsizetype row = 0; row < count; ++row) {
            if (query.filter.matches([&](SandboxField field) { return valueOf(row, field); }))
                rows.append(row);
        }
        if (!query.sort.isEmpty()) {
            std::stable_sort(rows.begin(), rows.end(), [&](qsizetype a, qsizetype b) {
                for (const SandboxSortKey &key : query.sort) {
                    const int order = sandboxCompare(valueOf(a, key.field), valueOf(b, key.field));
                    if (order != 0)
                        return key.descending ? order > 0 : order < 0;
                }
                return false;
            });
        }
        if (m_cache.size() >= cacheCapacity)
            m_cache.removeFirst();
        CacheEntry entry = key;
        entry.rows = rows;
        m_cache.append(std::move(entry));
    }
    Page result;
    result.totalCount = rows.size();
    const qsizetype first = std::min(query.skip, rows.size());
    const qsizetype last = query.take ? std::min(rows.size(), first + *query.take) : rows.size();
    result.rows = rows.mid(first, last - first);
    return result;
}

SandboxStore::Page SandboxStore::listGroups(const SandboxAccount &account, const QString &userId,
                                            const SandboxListQuery &query) const
{
    const QSet<QString> &favorites = favoritesOf(account, userId);
    if (const std::optional<QStringList> ids = query.filter.idsOnly()) {
        // By the index, in the order stored, each once: a few groups of many, as a database
        // finds them.
        QList<qsizetype> rows;
        for (const QString &id : *ids)
            if (const auto row = account.groupIndex.constFind(id); row != account.groupIndex.cend())
                rows.append(*row);
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        const auto valueOf = [&](qsizetype row, SandboxField field) {
            return groupValue(account, favorites, account.groups.at(row), field);
        };
        if (!query.sort.isEmpty()) {
            std::stable_sort(rows.begin(), rows.end(), [&](qsizetype a, qsizetype b) {
                for (const SandboxSortKey &key : query.sort) {
                    const int order = sandboxCompare(valueOf(a, key.field), valueOf(b, key.field));
                    if (order != 0)
                        return key.descending ? order > 0 : order < 0;
                }
                return false;
            });
        }
        Page result;
        result.totalCount = rows.size();
        const qsizetype first = std::min(query.skip, rows.size());
        const qsizetype last =
            query.take ? std::min(rows.size(), first + *query.take) : rows.size();
        result.rows = rows.mid(first, last - first);
        return result;
    }
    const bool perUser = query.filter.usesField(SandboxField::Favorite) ||
                         std::any_of(query.sort.begin(), query.sort.end(), [](const auto &key) {
                             return key.field == SandboxField::Favorite;
                         });
    const CacheEntry key{account.id,
                         perUser ? userId : QString(),
                         query.filterText,
                         query.sortText,
                         SandboxCollection::Groups,
                         account.revision,
                         {}};
    return page(
        account.groups.size(), query,
        [&](qsizetype row, SandboxField field) {
            return groupValue(account, favorites, account.groups.at(row), field);
        },
        key);
}

SandboxStore::Page SandboxStore::listKpis(const SandboxAccount &account,
                                          const SandboxListQuery &query) const
{
    const CacheEntry key{
        account.id,       QString(), query.filterText, query.sortText, SandboxCollection::Kpis,
        account.revision, {}};
    return page(
        account.kpis.size(), query,
        [&](qsizetype row, SandboxField field) {
            return kpiValue(account, account.kpis.at(row), field);
        },
        key);
}

SandboxStore::Page SandboxStore::listUsers(const SandboxAccount &account,
                                           const SandboxListQuery &query) const
{
    QList<qsizetype> members;
    for (qsizetype i = 0; i < m_users.size(); ++i)
        if (m_users.at(i).accountId == account.id)
            members.append(i);
    // Users are only ever added, so their count is their revision.
    const CacheEntry key{account.id,
                         QString(),
                         query.filterText,
                         query.sortText,
                         SandboxCollection::Users,
                         quint64(m_users.size()),
                         {}};
    Page result = page(
        members.size(), query,
        [&](qsizetype row, SandboxField field) {
            return userValue(m_users.at(members.at(row)), field);
        },
        key);
    for (qsizetype &row : result.rows)
        row = members.at(row);
    return result;
}

const SandboxGroup *SandboxStore::group(const SandboxAccount &account, const QString &groupId) const
{
    const auto it = account.groupIndex.constFind(groupId);
    return it == account.groupIndex.cend() ? nullptr : &account.groups.at(*it);
}

bool SandboxStore::isFavorite(const SandboxAccount &account, const QString &userId,
                              const QString &groupId) const
{
    return favoritesOf(account, userId).contains(groupId);
}

SandboxGroup SandboxStore::createGroup(SandboxAccount &account, const QString &userId,
                                       const QString &name)
{
    const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    SandboxGroup group{newId(), name.trimmed(), userId, userId, now, now};
    addGroup(account.id, group);
    return group;
}

SandboxError SandboxStore::renameGroup(SandboxAccount &account, const QString &userId,
                                       const QString &groupId, const QString &name)
{
    const auto it = account.groupIndex.constFind(groupId);
    if (it == account.groupIndex.cend())
        return {404, u"KPI group not found"_s};
    SandboxGroup &group = account.groups[*it];
    group.name = name.trimmed();
    group.modifiedById = userId;
    group.dateUpdated = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    ++account.revision;
    return {};
}

SandboxError SandboxStore::deleteGroup(SandboxAccount &account, const QString &groupId)
{
    const auto it = account.groupIndex.constFind(groupId);
    if (it == account.groupIndex.cend())
        return {404, u"KPI group not found"_s};
    account.groups.removeAt(*it);
    for (SandboxKpi &kpi : account.kpis)
        kpi.groupIds.removeAll(groupId);
    for (QSet<QString> &favorites : account.favoritesByUser)
        favorites.remove(groupId);
    account.reindex();
    ++account.revision;
    return {};
}

SandboxError SandboxStore::setFavorite(SandboxAccount &account, const QString &userId,
                                       const QString &groupId, bool favorite)
{
    if (!account.groupIndex.contains(groupId))
        return {404, u"KPI group not found"_s};
    if (favorite)
        account.favoritesByUser[userId].insert(groupId);
    else
        account.favoritesByUser[userId].remove(groupId);
    ++account.revision;
    return {};
}

SandboxError SandboxStore::removeKpiFromGroup(SandboxAccount &account, const QString &kpiId,
                                              const QString &groupId)
{
    const auto it = account.kpiIndex.constFind(kpiId);
    if (it == account.kpiIndex.cend())
        return {404, u"KPI not found"_s};
    if (!account.groupIndex.contains(groupId))
        return {404, u"KPI group not found"_s};
    SandboxKpi &kpi = account.kpis[*it];
    if (!kpi.groupIds.removeOne(groupId))
        return {404, u"The KPI is not in this group"_s};
    ++account.revision;
    return {};
}

SandboxError SandboxStore::addKpiToGroup(SandboxAccount &account, const QString &kpiId,
                                         const QString &groupId)
{
    const auto it = account.kpiIndex.constFind(kpiId);
    if (it == account.kpiIndex.cend())
        return {404, u"KPI not found"_s};
    if (!account.groupIndex.contains(groupId))
        return {404, u"KPI group not found"_s};
    SandboxKpi &kpi = account.kpis[*it];
    if (kpi.groupIds.contains(groupId))
        return {};
    kpi.groupIds.append(groupId);
    ++account.revision;
    return {};
}

QStringList SandboxStore::touchGroups(SandboxAccount &account, const QString &userId,
                                      qsizetype count)
{
    const qsizetype size = account.groups.size();
    count = std::min(count, size);
    QStringList touched;
    if (count <= 0)
        return touched;
    const int round = ++m_touches;
    const qsizetype step = size / count;
    const qsizetype start = (round - 1) % step;
    const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    static const QRegularExpression earlierEdit(u" \\(edit \\d+\\)$"_s);
    const QString suffix = u" (edit %1)"_s.arg(round);
    for (qsizetype i = 0; i < count; ++i) {
        SandboxGroup &group = account.groups[start + i * step];
        QString name = group.name;
        name.remove(earlierEdit);
        group.name = name.left(maxNameLength - suffix.size()) + suffix;
        group.modifiedById = userId;
        group.dateUpdated = now;
        touched.append(group.id);
    }
    ++account.revision;
    return touched;
}

bool SandboxStore::isValidId(const QString &id)
{
    return id.size() == 24 && std::all_of(id.begin(), id.end(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') ||
                      (c >= u'A' && c <= u'F');
           });
}

QString SandboxStore::newId()
{
    const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    return u"%1%2"_s.arg(quint32(now / 1000), 8, 16, QLatin1Char('0'))
        .arg(0xa000000000000000ULL + ++m_idCounter, 16, 16, QLatin1Char('0'));
}

SandboxError SandboxStore::validateName(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return {400, u"The name must not be blank"_s};
    if (trimmed.size() > maxNameLength)
        return {400, u"The name must be at most %1 characters"_s.arg(maxNameLength)};
    return {};
}

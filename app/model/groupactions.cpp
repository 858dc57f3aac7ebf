#include "groupactions.h"

#include "apiinput.h"
#include "changesender.h"
#include "groupcache.h"
#include "grouplistmodel.h"
#include "groupsbyid.h"
#include "idlework.h"
#include "kpigroupsclient.h"
#include "pagedrefresh.h"

#include <QFutureWatcher>
#include <QScopeGuard>
#include <QTimer>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

GroupActions::GroupActions(ChangeSender *sender, GroupListModel *model, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_client(sender->client())
    , m_model(model)
{
    connect(sender, &ChangeSender::confirmed, this, &GroupActions::onConfirmed);
    connect(sender, &ChangeSender::refused, this, &GroupActions::onRefused);
    connect(sender, &ChangeSender::waiting, this,
            [this](const OutboxChange &change, const ApiError &error) {
                if (error.kind == ApiError::Kind::Unauthorized)
                    Q_EMIT unauthorized(error.toString());
                if (change.kind == OutboxChange::Kind::Create)
                    showPlaceholder(change);
                markWaitingGroups();
            });
    connect(sender, &ChangeSender::resumed, this, &GroupActions::markWaitingGroups);
    connect(sender->outbox(), &Outbox::touched, this, &GroupActions::markWaitingGroup);
    connect(sender->outbox(), &Outbox::replaced, this, &GroupActions::markWaitingGroups);
    // A run started from the cache has read nothing whole yet: its hour counts from its start.
    m_sinceWholeReading.start();
}

void GroupActions::finishRefresh(quint64 refresh, std::unique_ptr<PagedRefresh> paged,
                                 std::optional<Incomplete> incomplete,
                                 std::optional<Difference> difference)
{
    // Search keys, the id index, the name order or the removed groups: all off the GUI thread,
    // which then only swaps the result in. Dropped when a newer refresh replaced this one.
    const auto finished = [this, incomplete, byDifference = difference.has_value()] {
        m_refresh = 0;
        m_refreshCalls.clear();
        m_duringRefresh = {};
        m_wholeListShown = !incomplete;
        if (incomplete) {
            // Shown as what it is, and not kept: the cache keeps the last whole list.
            Q_EMIT refreshedIncomplete(m_model->rowCount(), incomplete->claimed, incomplete->why);
            return;
        }
        if (byDifference) {
            ++m_differencesRead;
        } else {
            m_differencesRead = 0;
            m_sinceWholeReading.start();
        }
        Q_EMIT refreshed(m_model->rowCount());
        if (m_cache) {
            (void)QtConcurrent::run(idleWorkPool(),
                                    [cache = m_cache, key = m_cacheKey,
                                     groups = m_model->groups()] { cache->save(key, groups); });
        }
    };
    // A whole list on screen is updated in place, once every page that came is compared with
    // it; a first page, or nothing, is replaced.
    if (paged->isComparing()) {
        PagedRefresh *comparing = paged.get();
        comparing->whenCompared([this, refresh, finished, complete = !incomplete,
                                 difference = std::move(difference),
                                 paged = std::shared_ptr<PagedRefresh>(std::move(paged))] {
            // Let go of a turn later: this runs inside the refresh's own comparing.
            QTimer::singleShot(0, this, [paged] {});
            if (refresh != m_refresh)
                return;
            // The rows not listed, and, after a difference, those whose star changed.
            struct Unseen
            {
                QStringList removed;
                QList<std::pair<QString, bool>> stars;
            };
            GroupListModel::Changes changes = paged->takeChanges();
            std::optional<QHash<QString, bool>> starred;
            QSet<QString> fetched; // their star is the one they came with
            if (difference) {
                starred = difference->starred;
                for (const QList<KpiGroup> *groups : {&changes.changed, &changes.added})
                    for (const KpiGroup &group : *groups)
                        fetched.insert(group.id);
            }
            auto *watcher = new QFutureWatcher<Unseen>(this);
            connect(watcher, &QFutureWatcherBase::finished, this,
                    [this, watcher, refresh, finished, complete, changes = std::move(changes),
                     gone = difference ? difference->gone : QStringList()]() mutable {
                        watcher->deleteLater();
                        if (refresh != m_refresh)
                            return;
                        Unseen unseen = watcher->result();
                        // Groups a partial list lacks may only be unread: none leaves for that.
                        if (complete)
                            changes.removed = std::move(unseen.removed) + gone;
                        // Groups made here after the server listed its pages are not gone, and
                        // those deleted here are not back.
                        changes.removed.removeIf([this](const QString &id) {
                            return m_duringRefresh.made.contains(id) || isPlaceholder(id);
                        });
                        for (const auto &[id, favorite] : std::as_const(unseen.stars)) {
                            if (const KpiGroup *shown = m_model->group(id)) {
                                KpiGroup group = *shown;
                                group.favorite = favorite;
                                changes.changed.append(group);
                                changes.changedKeys.append(QString());
                            }
                        }
                        dropDeleted(changes.added, changes.addedKeys);
                        dropDeleted(changes.changed, changes.changedKeys);
                        for (KpiGroup &group : changes.changed)
                            keepLocalChanges(group); // changes made while the list was read
                        m_model->apply(changes);
                        finished();
                    });
            watcher->setFuture(
                QtConcurrent::run([groups = m_model->groups(), seen = paged->takeSeen(),
                                   starred = std::move(starred), fetched = std::move(fetched)] {
                    Unseen unseen{GroupListModel::unseen(groups, seen), {}};
                    if (starred) {
                        for (qsizetype row = 0; row < groups.size(); ++row) {
                            const KpiGroup &group = groups.at(row);
                            const bool favorite = starred->value(group.id, false);
                            if (seen.value(row) && group.favorite != favorite &&
                                !fetched.contains(group.id))
                                unseen.stars.append({group.id, favorite});
                        }
                    }
                    return unseen;
                }));
        });
        return;
    }
    m_showingFirstPage = false;
    // The changes that wait are laid over the list off the GUI thread too, from a snapshot.
    QSet<QString> hidden = m_duringRefresh.deleted;
    for (auto it = m_deleting.cbegin(); it != m_deleting.cend(); ++it)
        hidden.insert(it.key());
    for (const OutboxChange &change : m_sender->outbox()->changes())
        if (change.kind == OutboxChange::Kind::Delete)
            hidden.insert(change.groupId);
    auto *watcher = new QFutureWatcher<GroupListModel::Prepared>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, refresh, finished] {
        watcher->deleteLater();
        if (refresh != m_refresh)
            return;
        m_model->resetTo(watcher->result());
        for (const KpiGroup &group : std::as_const(m_duringRefresh.made))
            m_model->upsertGroup(group);
        showWaitingChanges(); // and those made while it was prepared
        finished();
    });
    watcher->setFuture(
        QtConcurrent::run([groups = paged->takeList(), hidden = std::move(hidden),
                           waiting = m_sender->outbox()->changes().toList()]() mutable {
            if (!hidden.isEmpty())
                groups.removeIf([&](const KpiGroup &group) { return hidden.contains(group.id); });
            QHash<QString, QList<OutboxChange>> byGroup;
            for (const OutboxChange &change : std::as_const(waiting))
                if (!change.groupId.isEmpty())
                    byGroup[change.groupId].append(change);
            if (!byGroup.isEmpty())
                for (KpiGroup &group : groups)
                    if (const auto changes = byGroup.constFind(group.id); changes != byGroup.cend())
                        overlay(group, *changes);
            return GroupListModel::prepare(std::move(groups));
        }));
}

GroupActions::~GroupActions() = default;

bool GroupActions::removeGroup(const QString &groupId)
{
    if (m_refresh != 0)
        m_duringRefresh.deleted.insert(groupId);
    return m_model->removeGroup(groupId);
}

void GroupActions::dropDeleted(QList<KpiGroup> &groups, QList<QString> &keys) const
{
    for (qsizetype i = groups.size() - 1; i >= 0; --i) {
        if (isHidden(groups.at(i).id)) {
            groups.removeAt(i);
            keys.removeAt(i);
        }
    }
}

QString GroupActions::nameOf(const QString &groupId) const
{
    const KpiGroup *group = m_model->group(groupId);
    return group ? group->name : QString();
}

void GroupActions::keepLocalChanges(KpiGroup &group) const
{
    overlay(group, m_sender->outbox()->changesOf(group.id));
}

void GroupActions::overlay(KpiGroup &group, const QList<OutboxChange> &waiting)
{
    // A list or a fetch that left the server before a change reached it, or while it waits,
    // does not show it: the outbox has the person's last word.
    using Kind = OutboxChange::Kind;
    for (const OutboxChange &change : waiting) {
        if (change.groupId != group.id)
            continue;
        if (change.kind == Kind::Rename)
            group.name = change.name;
        else if (change.kind == Kind::Star || change.kind == Kind::Unstar)
            group.favorite = change.kind == Kind::Star;
    }
}

void GroupActions::setCache(std::shared_ptr<const GroupCache> cache, const QString &key)
{
    m_cache = std::move(cache);
    m_cacheKey = key;
}

void GroupActions::showCached()
{
    if (!m_cache)
        return;
    struct Loaded
    {
        QDateTime savedAt;
        GroupListModel::Prepared prepared;
    };
    auto *watcher = new QFutureWatcher<std::optional<Loaded>>(this);
    m_readingCache = true;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_readingCache = false;
        const auto refreshAfterwards = qScopeGuard([this] {
            if (std::exchange(m_refreshAfterCache, false))
                startRefresh();
        });
        std::optional<Loaded> loaded = watcher->result();
        // Too late when a fresh list is here already.
        if (!loaded || m_listArrived || m_model->rowCount() > 0)
            return;
        const qsizetype count = loaded->prepared.groups.size();
        m_model->resetTo(std::move(loaded->prepared));
        m_wholeListShown = true; // the cache keeps whole lists only
        showWaitingChanges();    // a cached list knows nothing of them
        markWaitingGroups();
        if (m_paged)
            m_paged->compareFromNowOn(); // the fresh list is compared with it from now on
        Q_EMIT cachedShown(loaded->savedAt, count);
    });
    watcher->setFuture(
        QtConcurrent::run([cache = m_cache, key = m_cacheKey]() -> std::optional<Loaded> {
            std::optional<GroupCache::Entry> entry = cache->load(key);
            if (!entry || entry->groups.isEmpty())
                return std::nullopt;
            return Loaded{entry->savedAt, GroupListModel::prepare(std::move(entry->groups))};
        }));
}

void GroupActions::refresh(Refresh how)
{
    if (m_refresh != 0)
        endRefresh(); // the newer listing wins
    m_refreshHow = how;
    Q_EMIT refreshStarted();
    // A cached list being read is a few dozen ms away: the fresh one is then compared with it
    // page by page, rather than gathered beside it (two whole lists in memory) while both
    // compete for the cores.
    m_refreshAfterCache = m_readingCache;
    if (!m_refreshAfterCache)
        startRefresh();
}

void GroupActions::endRefresh()
{
    const QList<QPointer<ApiCall>> calls = std::exchange(m_refreshCalls, {});
    for (const QPointer<ApiCall> &call : calls)
        if (call)
            call->abandon();
    m_refresh = 0;
    m_paged.reset();
    m_duringRefresh = {};
}

bool GroupActions::readsDifference() const
{
    return m_refreshHow == Refresh::Changes && m_wholeListShown && m_model->rowCount() > 0 &&
           !m_showingFirstPage && m_differencesRead < wholeReadingEvery &&
           std::chrono::milliseconds(m_sinceWholeReading.elapsed()) < wholeReadingAfter;
}

void GroupActions::startRefresh()
{
    m_duringRefresh = {};
    m_refresh = ++m_lastRefresh;
    if (readsDifference())
        readDifference();
    else
        readWhole();
}

void GroupActions::readWhole()
{
    // By name: the order the list is shown in, nearly (see GroupListModel::prepare).
    ListQuery byName;
    byName.sort = u"name"_s;
    m_paged = std::make_unique<PagedRefresh>(m_model);
    if (m_model->rowCount() > 0 && !m_showingFirstPage)
        m_paged->compareFromNowOn();
    const quint64 refresh = m_refresh;
    // The pages of a list shown are asked for several at once: about as many are expected.
    GroupListCall *call = m_client->listAllGroups(byName, KpiGroupsClient::Delivery::PagesOnly,
                                                  m_paged->isComparing() ? m_model->rowCount() : 0);
    m_refreshCalls = {call};
    connect(call, &GroupListCall::progressed, this, &GroupActions::refreshProgress);
    connect(call, &GroupListCall::restarted, this, [this] { m_paged->restart(); });
    connect(call, &GroupListCall::pageListed, this, &GroupActions::takePage);
    // The end of a refresh; a list that came whole (two readings merged) replaces the pages.
    const auto listEnded = [this, refresh, call](std::optional<Incomplete> incomplete) {
        m_listArrived = true;
        if (QList<KpiGroup> groups = call->takeGroups(); !groups.isEmpty()) {
            m_paged->restart();
            m_paged->addPage(groups, 0);
        }
        finishRefresh(refresh, std::exchange(m_paged, {}), std::move(incomplete));
    };
    connect(call, &ApiCall::succeeded, this, [listEnded] { listEnded(std::nullopt); });
    connect(call, &ApiCall::failed, this, [this, listEnded, call](const ApiError &error) {
        if (error.kind == ApiError::Kind::Incomplete)
            return listEnded(Incomplete{call->totalCount(), error.message});
        refreshFailedWith(error);
    });
}

void GroupActions::refreshFailedWith(const ApiError &error)
{
    endRefresh();
    if (error.kind == ApiError::Kind::Unauthorized)
        return Q_EMIT unauthorized(error.toString());
    Q_EMIT refreshFailed(error, tr("Could not load the KPI groups. %1").arg(error.toString()));
}

void GroupActions::readDifference()
{
    m_paged = std::make_unique<PagedRefresh>(m_model);
    m_paged->compareFromNowOn();
    m_difference = {};
    const qsizetype shown = m_model->rowCount();
    // By id: someone renaming groups meanwhile does not move the list under its pages.
    ListQuery stampsQuery;
    stampsQuery.sort = u"id"_s;
    stampsQuery.fields = u"id,dateUpdated"_s;
    GroupStampListCall *stamps =
        m_client->listGroupStamps(stampsQuery, KpiGroupsClient::Delivery::PagesOnly, shown);
    // A star is the person's own: it does not change dateUpdated, so the groups starred are
    // listed of their own (a few, usually). From a server that does not filter, every group
    // with its star, or whole: either way, what each says is taken.
    ListQuery starredQuery;
    starredQuery.filter = u"{\"favorite\":true}"_s;
    starredQuery.sort = u"id"_s;
    starredQuery.fields = u"id,favorite"_s;
    GroupStampListCall *starred = m_client->listGroupStamps(starredQuery);
    m_refreshCalls = {stamps, starred};
    // The groups that changed are fetched as their stamps are compared, a request's worth at
    // a time, while the stamps still come.
    m_paged->onSliceCompared([this, paged = m_paged.get()] {
        if (m_paged.get() == paged && paged->toFetchCount() >= GroupsById::idsPerRequest)
            fetchChanged(paged->takeToFetch());
    });
    connect(stamps, &GroupStampListCall::progressed, this, &GroupActions::refreshProgress);
    connect(stamps, &GroupStampListCall::restarted, this, [this] { m_paged->restart(); });
    connect(stamps, &GroupStampListCall::pageListed, this,
            [this](const QList<GroupStamp> &page) { m_paged->addStamps(page); });
    connect(stamps, &ApiCall::succeeded, this, [this, stamps] {
        // A list read twice, the readings merged, comes whole: it replaces the pages.
        if (QList<GroupStamp> all = stamps->takeStamps(); !all.isEmpty()) {
            m_paged->restart();
            m_paged->addStamps(all);
        }
        m_difference.stampsRead = true;
        differenceListed();
    });
    connect(starred, &ApiCall::succeeded, this, [this, starred] {
        QHash<QString, bool> favorites;
        for (const GroupStamp &stamp : starred->stamps())
            favorites.insert(stamp.id, stamp.favorite.value_or(true)); // listed: starred
        m_difference.starred = std::move(favorites);
        differenceListed();
    });
    for (ApiCall *call : {static_cast<ApiCall *>(stamps), static_cast<ApiCall *>(starred)})
        connect(call, &ApiCall::failed, this, &GroupActions::differenceFailed);
}

void GroupActions::differenceListed()
{
    if (!m_difference.stampsRead || !m_difference.starred)
        return;
    const quint64 refresh = m_refresh;
    m_paged->whenCompared([this, refresh] {
        // Run inside the comparing of the refresh, which what follows may end: a turn later.
        QTimer::singleShot(0, this, [this, refresh] {
            if (refresh != m_refresh || !m_paged)
                return;
            m_difference.compared = true;
            if (m_paged->toFetchCount() > 0)
                fetchChanged(m_paged->takeToFetch());
            finishDifference();
        });
    });
}

void GroupActions::fetchChanged(const QStringList &ids)
{
    if (m_difference.givenUp)
        return;
    // Most of the list changed (or the server gave no dates): reading it whole costs about as
    // much, in far fewer requests.
    m_difference.fetched += ids.size();
    if (m_difference.fetched >
        std::max<qsizetype>(GroupsById::idsPerRequest, m_model->rowCount() / 4)) {
        m_difference.givenUp = true;
        // Maybe inside the comparing, which this ends: a turn later.
        const quint64 refresh = m_refresh;
        QTimer::singleShot(0, this, [this, refresh] {
            if (refresh == m_refresh && m_paged)
                readWholeInstead();
        });
        return;
    }
    GroupsByIdCall *call = m_client->listGroupsById(ids);
    m_refreshCalls.append(call);
    ++m_difference.fetching;
    connect(call, &ApiCall::failed, this, &GroupActions::differenceFailed);
    connect(call, &ApiCall::succeeded, this, [this, call] {
        --m_difference.fetching;
        m_refreshCalls.removeAll(call);
        m_difference.gone.append(call->gone());
        m_paged->addPage(call->groups(), 0);
        finishDifference();
    });
}

void GroupActions::finishDifference()
{
    if (!m_difference.compared || m_difference.fetching > 0)
        return;
    m_listArrived = true;
    m_paged->onSliceCompared({});
    finishRefresh(
        m_refresh, std::exchange(m_paged, {}), std::nullopt,
        Difference{std::exchange(m_difference.gone, {}), *std::exchange(m_difference.starred, {})});
}

void GroupActions::differenceFailed(const ApiError &error)
{
    using Kind = ApiError::Kind;
    // Answers that were not what was asked (a list read in part, a filter or a field refused or
    // not applied): the whole list says what they could not.
    if (error.kind == Kind::Incomplete || error.kind == Kind::BadRequest ||
        error.kind == Kind::BadResponse || error.kind == Kind::NotFound)
        return readWholeInstead();
    refreshFailedWith(error);
}

void GroupActions::readWholeInstead()
{
    const QList<QPointer<ApiCall>> calls = std::exchange(m_refreshCalls, {});
    for (const QPointer<ApiCall> &call : calls)
        if (call)
            call->abandon();
    m_paged.reset();
    m_difference = {};
    m_refresh = ++m_lastRefresh;
    readWhole();
}

void GroupActions::takePage(const QList<KpiGroup> &page, qsizetype offset, qsizetype total)
{
    m_paged->addPage(page, offset, total);
    // A cached list, the whole of it, is worth waiting the few ms it takes to read.
    if (m_model->rowCount() > 0 || m_readingCache || page.size() >= total)
        return;
    // A page is small: preparing it here costs about a millisecond.
    m_model->resetTo(GroupListModel::prepare(page));
    m_showingFirstPage = true;
    Q_EMIT firstPageShown(page.size(), total);
}

void GroupActions::createGroup(const QString &name)
{
    OutboxChange change;
    change.kind = OutboxChange::Kind::Create;
    change.name = name.trimmed();
    if (const QString problem = ApiInput::nameProblem(name); !problem.isEmpty()) {
        QTimer::singleShot(0, this, [this, change, problem] {
            onRefused(change, ApiError::make(ApiError::Kind::BadRequest, problem));
        });
        return;
    }
    m_sender->add(change);
}

namespace {
// Not an id the API gives (24 hexadecimal digits): no group of the server can have it.
constexpr QStringView placeholderPrefix = u"new:";
} // namespace

QString GroupActions::placeholderId(quint64 changeId)
{
    return placeholderPrefix + QString::number(changeId);
}

bool GroupActions::isPlaceholder(const QString &groupId)
{
    return groupId.startsWith(placeholderPrefix);
}

void GroupActions::showPlaceholder(const OutboxChange &create)
{
    KpiGroup group;
    group.id = placeholderId(create.id);
    group.name = create.name;
    group.dateCreated = group.dateUpdated = create.madeAt;
    if (!m_model->group(group.id))
        m_model->upsertGroup(group);
}

void GroupActions::removePlaceholder(const OutboxChange &create)
{
    m_model->removeGroup(placeholderId(create.id));
}

void GroupActions::renameGroup(QString groupId, QString name)
{
    const KpiGroup *group = m_model->group(groupId);
    if (!group)
        return;
    if (isPlaceholder(groupId)) {
        QTimer::singleShot(0, this, [this, groupId, name, current = group->name] {
            Q_EMIT renameFailed(groupId, name,
                                tr("“%1” is not created yet: it can be renamed once the server "
                                   "has it.")
                                    .arg(current));
        });
        return;
    }
    if (const QString problem = ApiInput::nameProblem(name); !problem.isEmpty()) {
        QTimer::singleShot(0, this, [this, groupId, name, problem] {
            Q_EMIT renameFailed(groupId, name, problem);
        });
        return;
    }
    const QString trimmed = name.trimmed();
    if (trimmed == group->name)
        return;
    OutboxChange change;
    change.kind = OutboxChange::Kind::Rename;
    change.groupId = groupId;
    change.name = trimmed;
    change.groupName = group->name;
    m_model->setName(groupId, trimmed);
    m_sender->add(change);
}

bool GroupActions::isWaiting(const QString &groupId,
                             std::initializer_list<OutboxChange::Kind> kinds) const
{
    const QList<OutboxChange> changes = m_sender->outbox()->changesOf(groupId);
    return std::any_of(changes.begin(), changes.end(), [&](const OutboxChange &change) {
        return std::find(kinds.begin(), kinds.end(), change.kind) != kinds.end();
    });
}

bool GroupActions::isHidden(const QString &groupId) const
{
    return m_duringRefresh.deleted.contains(groupId) || m_deleting.contains(groupId) ||
           (!m_sender->outbox()->isEmpty() && isDeleting(groupId));
}

void GroupActions::discard(quint64 changeId)
{
    using Kind = OutboxChange::Kind;
    const OutboxChange *found = m_sender->outbox()->change(changeId);
    if (!found)
        return;
    const OutboxChange change = *found;
    if (!m_sender->discard(changeId))
        return;
    // The list shows what the server has again.
    if (change.kind == Kind::Rename && !isRenaming(change.groupId)) {
        m_model->setName(change.groupId, change.groupName);
    } else if ((change.kind == Kind::Star || change.kind == Kind::Unstar) &&
               !isWaiting(change.groupId, {Kind::Star, Kind::Unstar})) {
        m_model->setFavorite(change.groupId, change.kind == Kind::Unstar);
    } else if (change.kind == Kind::Delete) {
        if (const auto row = m_deleting.constFind(change.groupId); row != m_deleting.cend()) {
            m_model->upsertGroup(*row);
            m_deleting.erase(row);
        }
    } else if (change.kind == Kind::Create) {
        removePlaceholder(change);
    }
}

bool GroupActions::isRenaming(const QString &groupId) const
{
    return isWaiting(groupId, {OutboxChange::Kind::Rename});
}

bool GroupActions::isDeleting(const QString &groupId) const
{
    return isWaiting(groupId, {OutboxChange::Kind::Delete});
}

int GroupActions::pendingChangeCount() const
{
    const Outbox *outbox = m_sender->outbox();
    // The removal queue counts the removals.
    return int(outbox->size()) - outbox->countOf(OutboxChange::Kind::RemoveKpi) -
           outbox->countOf(OutboxChange::Kind::AddKpi) -
           outbox->countOf(OutboxChange::Kind::MoveKpi);
}

void GroupActions::stopReading()
{
    m_refreshAfterCache = false;
    if (m_refresh != 0)
        endRefresh();
    const QList<QPointer<GroupCall>> fetches = std::exchange(m_fetches, {});
    for (const QPointer<GroupCall> &fetch : fetches)
        if (fetch)
            fetch->abandon();
}

void GroupActions::deleteGroup(const QString &groupId)
{
    const KpiGroup *group = m_model->group(groupId);
    if (!group || isDeleting(groupId))
        return;
    if (isPlaceholder(groupId)) { // not made yet: it is not made at all
        for (const OutboxChange &change : m_sender->outbox()->changes())
            if (change.kind == OutboxChange::Kind::Create && placeholderId(change.id) == groupId)
                return discard(change.id);
        return;
    }
    OutboxChange change;
    change.kind = OutboxChange::Kind::Delete;
    change.groupId = groupId;
    change.groupName = group->name;
    m_deleting.insert(groupId, *group);
    removeGroup(groupId);
    m_sender->add(change);
}

void GroupActions::setFavorite(QString groupId, bool favorite)
{
    const KpiGroup *group = m_model->group(groupId);
    if (!group || group->favorite == favorite)
        return;
    if (isPlaceholder(groupId)) {
        Q_EMIT failed(tr("“%1” is not created yet: it can be starred once the server has it.")
                          .arg(group->name),
                      {});
        return;
    }
    OutboxChange change;
    change.kind = favorite ? OutboxChange::Kind::Star : OutboxChange::Kind::Unstar;
    change.groupId = groupId;
    change.groupName = group->name;
    m_model->setFavorite(groupId, favorite);
    m_sender->add(change);
}

void GroupActions::toggleFavorite(QString groupId)
{
    if (const KpiGroup *group = m_model->group(groupId))
        setFavorite(groupId, !group->favorite);
}

namespace {
// A long outbox is marked a slice at a time, one turn of the event loop each, so that marking
// every group (when the sending pauses or resumes) never stalls the window; a short one at once.
constexpr qsizetype marksPerTurn = 500;
} // namespace

bool GroupActions::isMarkedWaiting(const QString &id) const
{
    // Changes on their way for the first time are not marked: most are answered at once. A
    // create's row only shows while it waits.
    const Outbox *outbox = m_sender->outbox();
    if (isPlaceholder(id))
        return outbox->change(id.mid(4).toULongLong()) != nullptr;
    return m_markedWhilePaused ? outbox->hasChangesOf(id) : outbox->hasFailingChangesOf(id);
}

void GroupActions::markWaitingGroups()
{
    const Outbox *outbox = m_sender->outbox();
    m_markedWhilePaused = m_sender->isWaiting();
    // Every row whose mark may change: those with changes, and those marked now.
    QStringList ids = outbox->groupIds();
    for (quint64 create : outbox->createIds())
        ids.append(placeholderId(create));
    ids.append(m_model->waitingIds());
    m_marking = std::move(ids);
    m_markedUpTo = 0;
    ++m_markingRun;
    markSomeGroups(m_markingRun);
}

void GroupActions::markSomeGroups(quint64 run)
{
    if (run != m_markingRun)
        return; // a later marking of all took over
    const qsizetype end = std::min(m_marking.size(), m_markedUpTo + marksPerTurn);
    for (; m_markedUpTo < end; ++m_markedUpTo) {
        const QString &id = m_marking.at(m_markedUpTo);
        m_model->setWaiting(id, isMarkedWaiting(id));
    }
    if (m_markedUpTo < m_marking.size())
        QTimer::singleShot(0, this, [this, run] { markSomeGroups(run); });
    else
        m_marking.clear();
}

void GroupActions::markWaitingGroup(const OutboxChange &change)
{
    if (m_sender->isWaiting() != m_markedWhilePaused)
        return markWaitingGroups();
    const QString id =
        change.kind == OutboxChange::Kind::Create ? placeholderId(change.id) : change.groupId;
    m_model->setWaiting(id, isMarkedWaiting(id));
}

void GroupActions::showWaitingChanges()
{
    using Kind = OutboxChange::Kind;
    const QList<OutboxChange> changes = m_sender->outbox()->changes().toList();
    for (const OutboxChange &change : changes) {
        if (change.kind == Kind::Create && (change.sent || !change.lastError.isEmpty())) {
            showPlaceholder(change);
            continue;
        }
        const KpiGroup *group = m_model->group(change.groupId);
        if (!group)
            continue;
        if (change.kind == Kind::Rename) {
            m_model->setName(change.groupId, change.name);
        } else if (change.kind == Kind::Star || change.kind == Kind::Unstar) {
            m_model->setFavorite(change.groupId, change.kind == Kind::Star);
        } else if (change.kind == Kind::Delete) {
            m_deleting.insert(change.groupId, *group);
            removeGroup(change.groupId);
        }
    }
}

void GroupActions::onConfirmed(const OutboxChange &change, const KpiGroup &created)
{
    using Kind = OutboxChange::Kind;
    switch (change.kind) {
    case Kind::Create:
        removePlaceholder(change);
        m_model->upsertGroup(created);
        if (m_refresh != 0)
            m_duringRefresh.made.insert(created.id, created);
        Q_EMIT this->created(created);
        return;
    case Kind::Rename:
        // A later name waits: this one is not the person's last word.
        if (!m_model->group(change.groupId) || isRenaming(change.groupId))
            return;
        // The name is already shown; fetch who changed it and when.
        fetch(change.groupId);
        Q_EMIT renamed(change.groupId, change.name);
        return;
    case Kind::Delete:
        m_deleting.remove(change.groupId);
        removeGroup(change.groupId);
        Q_EMIT deleted(change.groupId, change.groupName);
        return;
    case Kind::Star:
    case Kind::Unstar:
    case Kind::RemoveKpi:
    case Kind::AddKpi:
    case Kind::MoveKpi:
        return;
    }
}

void GroupActions::letGo(const QString &groupId, const QString &name)
{
    // What else waits for it would only be refused the same way.
    const QList<OutboxChange> changes = m_sender->outbox()->changesOf(groupId);
    for (const OutboxChange &change : changes)
        if (!change.isKpiMembership())
            m_sender->discard(change.id);
    const bool wasShown = removeGroup(groupId);
    if (wasShown || m_deleting.remove(groupId))
        Q_EMIT vanished(groupId, name);
}

void GroupActions::onRefused(const OutboxChange &change, const ApiError &error)
{
    using Kind = OutboxChange::Kind;
    if (change.isKpiMembership())
        return; // the removal queue's, and GroupKpiActions'
    if (error.kind == ApiError::Kind::NotFound && !change.groupId.isEmpty())
        return letGo(change.groupId, change.groupName);

    const QString groupId = change.groupId;
    switch (change.kind) {
    case Kind::Rename: {
        // The server still has the name before it: back to it, or a later rename that waits
        // now starts from it (and is nothing to send if it names the group back).
        const OutboxChange *later = nullptr;
        const QList<OutboxChange> waiting = m_sender->outbox()->changesOf(groupId);
        for (const OutboxChange &change : waiting)
            if (change.kind == Kind::Rename)
                later = m_sender->outbox()->change(change.id);
        if (!later) {
            m_model->setName(groupId, change.groupName);
        } else if (!m_sender->isInFlight(later->id)) {
            if (later->name == change.groupName) {
                m_sender->discard(later->id);
                m_model->setName(groupId, change.groupName);
            } else
                m_sender->outbox()->setGroupName(later->id, change.groupName);
        }
        Q_EMIT renameFailed(groupId, change.name, error.toString());
        return;
    }
    case Kind::Star:
    case Kind::Unstar: {
        const bool wanted = change.kind == Kind::Star;
        // The server kept the state before it, which is what a later star or unstar that
        // waits asks for: nothing to send.
        bool laterOnItsWay = false;
        const QList<OutboxChange> waiting = m_sender->outbox()->changesOf(groupId);
        for (const OutboxChange &later : waiting)
            if (later.kind == Kind::Star || later.kind == Kind::Unstar)
                laterOnItsWay = !m_sender->discard(later.id) || laterOnItsWay;
        if (!laterOnItsWay)
            m_model->setFavorite(groupId, !wanted);
        const QString message =
            wanted ? tr("Could not star “%1”. %2") : tr("Could not remove the star from “%1”. %2");
        Q_EMIT failed(message.arg(change.groupName, error.toString()),
                      [this, groupId, wanted] { setFavorite(groupId, wanted); });
        return;
    }
    case Kind::Delete:
        if (const auto row = m_deleting.constFind(groupId); row != m_deleting.cend()) {
            m_model->upsertGroup(*row);
            m_deleting.erase(row);
        }
        Q_EMIT failed(tr("Could not delete “%1”. %2").arg(change.groupName, error.toString()),
                      [this, groupId] { deleteGroup(groupId); });
        return;
    case Kind::Create: {
        removePlaceholder(change);
        const QString name = change.name;
        std::function<void()> retry;
        if (error.kind != ApiError::Kind::BadRequest)
            retry = [this, name] { createGroup(name); };
        Q_EMIT failed(tr("Could not create “%1”. %2").arg(name, error.toString()), retry);
        return;
    }
    case Kind::RemoveKpi:
    case Kind::AddKpi:
    case Kind::MoveKpi:
        return;
    }
}

void GroupActions::fetch(const QString &groupId)
{
    GroupCall *call = m_client->getGroup(groupId);
    m_fetches.append(call);
    connect(call, &ApiCall::succeeded, this, [this, call] {
        m_fetches.removeAll(call);
        KpiGroup group = call->group();
        if (isHidden(group.id))
            return; // deleted here since it was asked for
        keepLocalChanges(group);
        m_model->upsertGroup(group);
    });
    connect(call, &ApiCall::failed, this, [this, call, groupId](const ApiError &error) {
        m_fetches.removeAll(call);
        // The list still shows the group as it was: nothing worth a message, unless it is gone.
        if (error.kind == ApiError::Kind::NotFound)
            letGo(groupId, nameOf(groupId));
    });
}

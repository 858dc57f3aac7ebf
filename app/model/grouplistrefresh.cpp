#include "grouplistrefresh.h"

#include "groupcache.h"
#include "grouplistmodel.h"
#include "groupsbyid.h"
#include "idlework.h"
#include "kpigroupsclient.h"
#include "pagedrefresh.h"
#include "placeholder.h"

#include <QFutureWatcher>
#include <QScopeGuard>
#include <QTimer>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

GroupListRefresh::GroupListRefresh(KpiGroupsClient *client, const Outbox *outbox,
                                   GroupListModel *model, Overlay *overlay, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_outbox(outbox)
    , m_model(model)
    , m_overlay(overlay)
{
    // A run started from the cache has read nothing whole yet: its hour counts from its start.
    m_sinceWholeReading.start();
}

GroupListRefresh::~GroupListRefresh()
{
    if (const std::shared_ptr<PagedRefresh> finishing = m_finishing.lock())
        finishing->abandon();
}

QList<std::pair<QString, bool>> GroupListRefresh::starsChanged(const QList<KpiGroup> &groups,
                                                               const QList<bool> &seen,
                                                               const QList<GroupStamp> &starred,
                                                               const QList<KpiGroup> &changed,
                                                               const QList<KpiGroup> &added)
{
    // Off the GUI thread: a server that does not filter lists every group here.
    QHash<QString, bool> favorites;
    favorites.reserve(starred.size());
    for (const GroupStamp &stamp : starred)
        favorites.insert(stamp.id, stamp.favorite.value_or(true)); // listed: starred
    QSet<QString> fetchedIds; // their star is the one they came with
    fetchedIds.reserve(changed.size() + added.size());
    for (const QList<KpiGroup> *fetched : {&changed, &added})
        for (const KpiGroup &group : *fetched)
            fetchedIds.insert(group.id);
    QList<std::pair<QString, bool>> stars;
    for (qsizetype row = 0; row < groups.size(); ++row) {
        const KpiGroup &group = groups.at(row);
        const bool favorite = favorites.value(group.id, false);
        if (seen.value(row) && group.favorite != favorite && !fetchedIds.contains(group.id))
            stars.append({group.id, favorite});
    }
    return stars;
}

void GroupListRefresh::noteMade(const KpiGroup &group)
{
    if (m_refresh != 0)
        m_duringRefresh.made.insert(group.id, group);
}

void GroupListRefresh::noteDeleted(const QString &groupId)
{
    if (m_refresh != 0)
        m_duringRefresh.deleted.insert(groupId);
}

bool GroupListRefresh::wasDeletedWhileRead(const QString &groupId) const
{
    return m_duringRefresh.deleted.contains(groupId);
}

bool GroupListRefresh::isHidden(const QString &groupId) const
{
    return wasDeletedWhileRead(groupId) || m_overlay->isBeingDeleted(groupId);
}

void GroupListRefresh::stop()
{
    m_refreshAfterCache = false;
    if (m_refresh != 0)
        endRefresh();
}

void GroupListRefresh::finishRefresh(quint64 refresh, std::unique_ptr<PagedRefresh> paged,
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
            Q_EMIT loadingIncomplete(m_model->rowCount(), incomplete->claimed, incomplete->why);
            return;
        }
        if (byDifference) {
            ++m_differencesRead;
        } else {
            m_differencesRead = 0;
            m_sinceWholeReading.start();
        }
        Q_EMIT loadingFinished(m_model->rowCount());
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
        std::shared_ptr<PagedRefresh> finishing(std::move(paged));
        m_finishing = finishing;
        comparing->whenCompared([this, refresh, finished, complete = !incomplete,
                                 difference = std::move(difference), paged = std::move(finishing)] {
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
            std::optional<QList<GroupStamp>> starred;
            if (difference)
                starred = difference->starred;
            // Shared before `changes` moves into the watcher's slot (no group copied here: the
            // GUI thread only hands them on).
            const QList<KpiGroup> changed = changes.changed;
            const QList<KpiGroup> added = changes.added;
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
                            return m_duringRefresh.made.contains(id) || Placeholder::isId(id);
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
                            overlay(group, m_outbox->changesOf(group.id)); // made meanwhile
                        m_model->apply(changes);
                        m_overlay->showOthersChanges();
                        finished();
                    });
            watcher->setFuture(
                QtConcurrent::run([groups = m_model->groups(), seen = paged->takeSeen(),
                                   starred = std::move(starred), changed, added] {
                    Unseen unseen{GroupListModel::unseen(groups, seen), {}};
                    if (starred)
                        unseen.stars = starsChanged(groups, seen, *starred, changed, added);
                    return unseen;
                }));
        });
        return;
    }
    m_showingFirstPage = false;
    // The changes that wait are laid over the list off the GUI thread too, from a snapshot.
    QSet<QString> hidden = m_duringRefresh.deleted + m_overlay->groupsBeingDeleted();
    auto *watcher = new QFutureWatcher<GroupListModel::Prepared>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, refresh, finished] {
        watcher->deleteLater();
        if (refresh != m_refresh)
            return;
        m_model->resetTo(watcher->result());
        for (const KpiGroup &group : std::as_const(m_duringRefresh.made))
            m_model->upsertGroup(group);
        m_overlay->showWaitingChanges(); // and those made while it was prepared
        finished();
    });
    // Put together here, the pages of 100,000 groups took the GUI thread 8-12 ms at a time.
    watcher->setFuture(
        QtConcurrent::run([gathered = paged->takeGathered(), hidden = std::move(hidden),
                           waiting = m_outbox->changes().toList()]() mutable {
            QList<KpiGroup> groups =
                gathered.takeAll(nullptr, PageAssembler<KpiGroup>::Memory::GivenBack);
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

void GroupListRefresh::dropDeleted(QList<KpiGroup> &groups, QList<QString> &keys) const
{
    for (qsizetype i = groups.size() - 1; i >= 0; --i) {
        if (isHidden(groups.at(i).id)) {
            groups.removeAt(i);
            keys.removeAt(i);
        }
    }
}

void GroupListRefresh::overlay(KpiGroup &group, const QList<OutboxChange> &waiting)
{
    // A list or a fetch that left the server before a change reached it, or while it waits,
    // does not show it: the outbox has the person's last word.
    using Kind = OutboxChange::Kind;
    for (const OutboxChange &change : waiting) {
        if (change.groupId != group.id)
            continue;
        if (change.kind == Kind::Rename)
            group.name = change.name.text();
        else if (change.kind == Kind::Star || change.kind == Kind::Unstar)
            group.favorite = change.kind == Kind::Star;
    }
}

void GroupListRefresh::setCache(std::shared_ptr<const GroupCache> cache, const QString &key)
{
    m_cache = std::move(cache);
    m_cacheKey = key;
}

void GroupListRefresh::showCached()
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
        bool shown = false;
        // The refresh begins once the cached list is painted: begun at once, its answers and
        // their reading took the cores from that first paint (a cached start of 100,000 groups,
        // the server on the same machine: the longest stall 19.8 ms, 12.3 once deferred).
        const auto refreshAfterwards = qScopeGuard([this, &shown] {
            if (!m_refreshAfterCache)
                return;
            if (!shown) {
                m_refreshAfterCache = false;
                return startRefresh();
            }
            QTimer::singleShot(cachedPaintTime, this, [this] {
                if (std::exchange(m_refreshAfterCache, false))
                    startRefresh();
            });
        });
        std::optional<Loaded> loaded = watcher->result();
        // Too late when a fresh list is here already.
        if (!loaded || m_listArrived || m_model->rowCount() > 0)
            return;
        shown = true;
        const qsizetype count = loaded->prepared.groups.size();
        m_model->resetTo(std::move(loaded->prepared));
        m_wholeListShown = true;         // the cache keeps whole lists only
        m_overlay->showWaitingChanges(); // a cached list knows nothing of them
        if (m_paged)
            m_paged->compareFromNowOn(); // the fresh list is compared with it from now on
        Q_EMIT cachedListShown(loaded->savedAt, count);
    });
    watcher->setFuture(
        QtConcurrent::run([cache = m_cache, key = m_cacheKey]() -> std::optional<Loaded> {
            std::optional<GroupCache::Entry> entry = cache->load(key);
            if (!entry || entry->groups.isEmpty())
                return std::nullopt;
            return Loaded{entry->savedAt, GroupListModel::prepare(std::move(entry->groups))};
        }));
}

void GroupListRefresh::refresh(Refresh how)
{
    if (m_refresh != 0)
        endRefresh(); // the newer listing wins
    m_refreshHow = how;
    Q_EMIT loadingStarted();
    // A cached list being read is a few dozen ms away: the fresh one is then compared with it
    // page by page, rather than gathered beside it (two whole lists in memory) while both
    // compete for the cores.
    m_refreshAfterCache = m_readingCache;
    if (!m_refreshAfterCache)
        startRefresh();
}

void GroupListRefresh::endRefresh()
{
    const QList<QPointer<ApiCall>> calls = std::exchange(m_refreshCalls, {});
    for (const QPointer<ApiCall> &call : calls)
        if (call)
            call->abandon();
    m_refresh = 0;
    m_paged.reset();
    m_duringRefresh = {};
}

bool GroupListRefresh::readsDifference() const
{
    return m_refreshHow == Refresh::Changes && m_wholeListShown && m_model->rowCount() > 0 &&
           !m_showingFirstPage && m_differencesRead < wholeReadingEvery &&
           std::chrono::milliseconds(m_sinceWholeReading.elapsed()) < wholeReadingAfter;
}

void GroupListRefresh::startRefresh()
{
    m_duringRefresh = {};
    m_refresh = ++m_lastRefresh;
    if (readsDifference())
        readDifference();
    else
        readWhole();
}

void GroupListRefresh::readWhole()
{
    // By name: the order the list is shown in, nearly (see GroupListModel::prepare).
    ListQuery byName;
    byName.sort = u"name"_s;
    m_paged = std::make_unique<PagedRefresh>(m_model);
    if (m_model->rowCount() > 0 && !m_showingFirstPage)
        m_paged->compareFromNowOn();
    const quint64 refresh = m_refresh;
    // The pages of a list shown are asked for several at once: about as many are expected;
    // with none shown, as many as go at once.
    GroupListCall *call = m_client->listAllGroups(
        byName, KpiGroupsClient::Delivery::PagesOnly,
        m_paged->isComparing() ? m_model->rowCount() : KpiGroupsClient::mayBeLong);
    m_refreshCalls = {call};
    connect(call, &GroupListCall::progressed, this, &GroupListRefresh::loadingProgressed);
    connect(call, &GroupListCall::restarted, this, [this] { m_paged->restart(); });
    connect(call, &GroupListCall::pageListed, this, &GroupListRefresh::takePage);
    // The end of a refresh; a list that came whole (two readings merged) replaces the pages.
    const auto listEnded = [this, refresh, call](std::optional<Incomplete> incomplete) {
        m_listArrived = true;
        if (QList<KpiGroup> groups = call->takeGroups(); !groups.isEmpty()) {
            m_paged->restart();
            m_paged->addPage(std::move(groups), 0);
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

void GroupListRefresh::refreshFailedWith(const ApiError &error)
{
    endRefresh();
    if (error.kind == ApiError::Kind::Unauthorized)
        return Q_EMIT tokenRefused(error.toString());
    Q_EMIT loadingFailed(error, tr("Could not load the KPI groups. %1").arg(error.toString()));
}

void GroupListRefresh::readDifference()
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
    connect(stamps, &GroupStampListCall::progressed, this, &GroupListRefresh::loadingProgressed);
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
        // Compared with the rows off the GUI thread, at the end.
        m_difference.starred = starred->stamps();
        differenceListed();
    });
    for (ApiCall *call : {static_cast<ApiCall *>(stamps), static_cast<ApiCall *>(starred)})
        connect(call, &ApiCall::failed, this, &GroupListRefresh::differenceFailed);
}

void GroupListRefresh::differenceListed()
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

void GroupListRefresh::fetchChanged(const QStringList &ids)
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
    connect(call, &ApiCall::failed, this, &GroupListRefresh::differenceFailed);
    connect(call, &ApiCall::succeeded, this, [this, call] {
        --m_difference.fetching;
        m_refreshCalls.removeAll(call);
        m_difference.gone.append(call->gone());
        m_paged->addPage(call->groups(), 0);
        finishDifference();
    });
}

void GroupListRefresh::finishDifference()
{
    if (!m_difference.compared || m_difference.fetching > 0)
        return;
    m_listArrived = true;
    m_paged->onSliceCompared({});
    finishRefresh(
        m_refresh, std::exchange(m_paged, {}), std::nullopt,
        Difference{std::exchange(m_difference.gone, {}), *std::exchange(m_difference.starred, {})});
}

void GroupListRefresh::differenceFailed(const ApiError &error)
{
    using Kind = ApiError::Kind;
    // Answers that were not what was asked (a list read in part, a filter or a field refused or
    // not applied): the whole list says what they could not.
    if (error.kind == Kind::Incomplete || error.kind == Kind::BadRequest ||
        error.kind == Kind::BadResponse || error.kind == Kind::NotFound)
        return readWholeInstead();
    refreshFailedWith(error);
}

void GroupListRefresh::readWholeInstead()
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

void GroupListRefresh::takePage(const QList<KpiGroup> &page, qsizetype offset, qsizetype total)
{
    m_paged->addPage(page, offset);
    // A cached list, the whole of it, is worth waiting the few ms it takes to read.
    if (m_model->rowCount() > 0 || m_readingCache || page.size() >= total)
        return;
    // A page is small: preparing it here costs about a millisecond.
    m_model->resetTo(GroupListModel::prepare(page));
    m_overlay->showOthersChanges();
    m_showingFirstPage = true;
    Q_EMIT firstListShown(page.size(), total);
}

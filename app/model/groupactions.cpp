#include "groupactions.h"

#include "groupcache.h"
#include "grouplistmodel.h"
#include "idlework.h"
#include "kpigroupsclient.h"
#include "pagedrefresh.h"

#include <QFutureWatcher>
#include <QScopeGuard>
#include <QTimer>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

GroupActions::GroupActions(KpiGroupsClient *client, GroupListModel *model, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_model(model)
{
    connect(client, &KpiGroupsClient::requestFailed, this, &GroupActions::onFailed);
    connect(client, &KpiGroupsClient::groupsListProgress, this,
            [this](RequestId id, qsizetype loaded, qsizetype total) {
                if (id == m_refreshId)
                    Q_EMIT refreshProgress(loaded, total);
            });
    // The end of a refresh; a list that came whole (two readings merged) replaces the pages.
    const auto listEnded = [this](RequestId id, const QList<KpiGroup> &groups,
                                  std::optional<Incomplete> incomplete) {
        if (id != m_refreshId || !m_paged)
            return;
        m_pending.remove(id);
        m_listArrived = true;
        if (!groups.isEmpty()) {
            m_paged->restart();
            m_paged->addPage(groups, 0);
        }
        finishRefresh(id, std::exchange(m_paged, {}), std::move(incomplete));
    };
    connect(client, &KpiGroupsClient::groupsListed, this,
            [listEnded](RequestId id, const QList<KpiGroup> &groups) {
                listEnded(id, groups, std::nullopt);
            });
    connect(client, &KpiGroupsClient::groupsListedIncomplete, this,
            [listEnded](RequestId id, const QList<KpiGroup> &groups, qsizetype claimed,
                        const QString &why) {
                listEnded(id, groups, Incomplete{claimed, why});
            });
    connect(client, &KpiGroupsClient::groupsListRestarted, this, [this](RequestId id) {
        if (id == m_refreshId && m_paged)
            m_paged->restart();
    });
    connect(client, &KpiGroupsClient::groupsPageListed, this,
            [this](RequestId id, const QList<KpiGroup> &page, qsizetype offset, qsizetype total) {
                if (id != m_refreshId || !m_paged)
                    return;
                m_paged->addPage(page, offset, total);
                // A cached list, the whole of it, is worth waiting the few ms it takes to read.
                if (m_model->rowCount() > 0 || m_readingCache || page.size() >= total)
                    return;
                // A page is small: preparing it here costs about a millisecond.
                m_model->resetTo(GroupListModel::prepare(page));
                m_showingFirstPage = true;
                Q_EMIT firstPageShown(page.size(), total);
            });
    connect(client, &KpiGroupsClient::groupCreated, this,
            [this](RequestId id, const KpiGroup &group) {
                if (!m_pending.remove(id))
                    return;
                m_model->upsertGroup(group);
                if (m_refreshId != 0)
                    m_duringRefresh.made.insert(group.id, group);
                Q_EMIT created(group);
                announceIfSettled();
            });
    connect(client, &KpiGroupsClient::groupFetched, this, [this](RequestId id, KpiGroup group) {
        if (!m_pending.remove(id))
            return;
        keepLocalChanges(group);
        m_model->upsertGroup(group);
    });
    connect(client, &KpiGroupsClient::groupRenamed, this,
            [this](RequestId id, const QString &groupId, const QString &name) {
                if (!m_pending.remove(id))
                    return;
                const auto it = m_renames.find(groupId);
                if (it == m_renames.end())
                    return;
                it->confirmed = name;
                it->inFlight = 0;
                if (it->desired != name)
                    return sendRename(groupId);
                m_renames.erase(it);
                // The name is already shown; fetch who changed it and when.
                m_pending.insert(m_client->getGroup(groupId),
                                 {Pending::Kind::Fetch, groupId, {}, false});
                Q_EMIT renamed(groupId, name);
                announceIfSettled();
            });
    connect(client, &KpiGroupsClient::groupDeleted, this,
            [this](RequestId id, const QString &groupId) {
                const auto pending = m_pending.find(id);
                if (pending == m_pending.end())
                    return;
                const QString name = pending->name;
                m_pending.erase(pending);
                m_renames.remove(groupId);
                m_favorites.remove(groupId);
                removeGroup(groupId);
                Q_EMIT deleted(groupId, name);
                announceIfSettled();
            });
    const auto favoriteConfirmed = [this](RequestId id, const QString &groupId) {
        const auto pending = m_pending.find(id);
        if (pending == m_pending.end())
            return;
        const bool favorite = pending->favorite;
        m_pending.erase(pending);
        const auto it = m_favorites.find(groupId);
        if (it == m_favorites.end())
            return;
        it->confirmed = favorite;
        it->inFlight = 0;
        if (it->desired != favorite)
            return sendFavorite(groupId);
        m_favorites.erase(it);
        announceIfSettled();
    };
    connect(client, &KpiGroupsClient::groupFavorited, this, favoriteConfirmed);
    connect(client, &KpiGroupsClient::groupUnfavorited, this, favoriteConfirmed);
}

void GroupActions::finishRefresh(RequestId refresh, std::unique_ptr<PagedRefresh> paged,
                                 std::optional<Incomplete> incomplete)
{
    // Search keys, the id index, the name order or the removed groups: all off the GUI thread,
    // which then only swaps the result in. Dropped when a newer refresh replaced this one.
    const auto finished = [this, incomplete] {
        m_refreshId = 0;
        m_duringRefresh = {};
        if (incomplete) {
            // Shown as what it is, and not kept: the cache keeps the last whole list.
            Q_EMIT refreshedIncomplete(m_model->rowCount(), incomplete->claimed, incomplete->why);
            return;
        }
        Q_EMIT refreshed(m_model->rowCount());
        if (m_cache) {
            (void)QtConcurrent::run(idleWorkPool(),
                                    [cache = m_cache, key = m_cacheKey,
                                     groups = m_model->groups()] { cache->save(key, groups); });
        }
    };
    // A whole list on screen is updated in place; a first page, or nothing, is replaced.
    if (paged->isComparing()) {
        auto *watcher = new QFutureWatcher<QStringList>(this);
        connect(watcher, &QFutureWatcherBase::finished, this,
                [this, watcher, refresh, finished, complete = !incomplete,
                 changes = paged->takeChanges()]() mutable {
                    watcher->deleteLater();
                    if (refresh != m_refreshId)
                        return;
                    // Groups a partial list lacks may only be unread: none leaves for that.
                    if (complete)
                        changes.removed = watcher->result();
                    // Groups made here after the server listed its pages are not gone, and
                    // those deleted here are not back.
                    changes.removed.removeIf(
                        [this](const QString &id) { return m_duringRefresh.made.contains(id); });
                    dropDeleted(changes.added, changes.addedKeys);
                    dropDeleted(changes.changed, changes.changedKeys);
                    for (KpiGroup &group : changes.changed)
                        keepLocalChanges(group); // changes made while the list was read
                    m_model->apply(changes);
                    finished();
                });
        watcher->setFuture(
            QtConcurrent::run(&GroupListModel::unseen, m_model->groups(), paged->takeSeen()));
        return;
    }
    m_showingFirstPage = false;
    QList<KpiGroup> groups = paged->takeList();
    groups.removeIf(
        [this](const KpiGroup &group) { return m_duringRefresh.deleted.contains(group.id); });
    if (!m_renames.isEmpty() || !m_favorites.isEmpty())
        for (KpiGroup &group : groups)
            keepLocalChanges(group);
    auto *watcher = new QFutureWatcher<GroupListModel::Prepared>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, refresh, finished] {
        watcher->deleteLater();
        if (refresh != m_refreshId)
            return;
        m_model->resetTo(watcher->result());
        for (const KpiGroup &group : std::as_const(m_duringRefresh.made))
            m_model->upsertGroup(group);
        finished();
    });
    watcher->setFuture(QtConcurrent::run(&GroupListModel::prepare, std::move(groups)));
}

GroupActions::~GroupActions() = default;

bool GroupActions::removeGroup(const QString &groupId)
{
    if (m_refreshId != 0)
        m_duringRefresh.deleted.insert(groupId);
    return m_model->removeGroup(groupId);
}

void GroupActions::dropDeleted(QList<KpiGroup> &groups, QList<QString> &keys) const
{
    for (qsizetype i = groups.size() - 1; i >= 0; --i) {
        if (m_duringRefresh.deleted.contains(groups.at(i).id)) {
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
    // A list or a fetch that left the server before a change did not see it.
    if (m_renames.contains(group.id)) {
        if (const KpiGroup *shown = m_model->group(group.id))
            group.name = shown->name;
    }
    if (m_favorites.contains(group.id)) {
        if (const KpiGroup *shown = m_model->group(group.id))
            group.favorite = shown->favorite;
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

void GroupActions::refresh()
{
    if (m_refreshId != 0)
        m_client->cancel(m_refreshId); // the newer listing wins
    Q_EMIT refreshStarted();
    // A cached list being read is a few dozen ms away: the fresh one is then compared with it
    // page by page, rather than gathered beside it (two whole lists in memory) while both
    // compete for the cores.
    m_refreshAfterCache = m_readingCache;
    if (!m_refreshAfterCache)
        startRefresh();
}

void GroupActions::startRefresh()
{
    // By name: the order the list is shown in, nearly (see GroupListModel::prepare).
    ListQuery byName;
    byName.sort = u"name"_s;
    m_paged = std::make_unique<PagedRefresh>(m_model);
    if (m_model->rowCount() > 0 && !m_showingFirstPage)
        m_paged->compareFromNowOn();
    m_duringRefresh = {};
    m_refreshId = m_client->listAllGroups(byName, KpiGroupsClient::Delivery::PagesOnly);
    m_pending.insert(m_refreshId, {Pending::Kind::Refresh, {}, {}, false});
}

void GroupActions::createGroup(const QString &name)
{
    m_pending.insert(m_client->createGroup(name), {Pending::Kind::Create, {}, name, false});
}

void GroupActions::renameGroup(QString groupId, QString name)
{
    const KpiGroup *group = m_model->group(groupId);
    if (!group)
        return;
    if (const QString problem = KpiGroupsClient::nameProblem(name); !problem.isEmpty()) {
        QTimer::singleShot(0, this, [this, groupId, name, problem] {
            Q_EMIT renameFailed(groupId, name, problem);
        });
        return;
    }
    const QString trimmed = name.trimmed();
    auto it = m_renames.find(groupId);
    if (it == m_renames.end()) {
        if (trimmed == group->name)
            return;
        it = m_renames.insert(groupId, {group->name, trimmed, 0});
    }
    it->desired = trimmed;
    m_model->setName(groupId, trimmed);
    if (it->inFlight == 0)
        sendRename(groupId);
}

void GroupActions::sendRename(const QString &groupId)
{
    Optimistic<QString> &state = m_renames[groupId];
    state.inFlight = m_client->renameGroup(groupId, state.desired);
    m_pending.insert(state.inFlight, {Pending::Kind::Rename, groupId, state.desired, false});
}

bool GroupActions::Pending::isChange() const
{
    return kind != Kind::Refresh && kind != Kind::Fetch;
}

bool GroupActions::hasPendingChanges() const
{
    return std::any_of(m_pending.begin(), m_pending.end(),
                       [](const Pending &pending) { return pending.isChange(); });
}

int GroupActions::pendingChangeCount() const
{
    return int(std::count_if(m_pending.begin(), m_pending.end(),
                             [](const Pending &pending) { return pending.isChange(); }));
}

void GroupActions::stopReading()
{
    m_refreshAfterCache = false;
    QList<RequestId> reads;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        if (!it->isChange())
            reads.append(it.key());
    for (RequestId id : std::as_const(reads))
        m_client->cancel(id);
}

void GroupActions::announceIfSettled()
{
    if (!hasPendingChanges())
        Q_EMIT settled();
}

bool GroupActions::isDeleting(const QString &groupId) const
{
    return std::any_of(m_pending.begin(), m_pending.end(), [&](const Pending &pending) {
        return pending.kind == Pending::Kind::Delete && pending.groupId == groupId;
    });
}

void GroupActions::deleteGroup(const QString &groupId)
{
    if (isDeleting(groupId))
        return;
    m_pending.insert(m_client->deleteGroup(groupId),
                     {Pending::Kind::Delete, groupId, nameOf(groupId), false});
}

void GroupActions::setFavorite(QString groupId, bool favorite)
{
    const KpiGroup *group = m_model->group(groupId);
    if (!group)
        return;
    auto it = m_favorites.find(groupId);
    if (it == m_favorites.end()) {
        if (group->favorite == favorite)
            return;
        it = m_favorites.insert(groupId, {group->favorite, favorite, 0});
    }
    it->desired = favorite;
    m_model->setFavorite(groupId, favorite);
    if (it->inFlight == 0)
        sendFavorite(groupId);
}

void GroupActions::sendFavorite(const QString &groupId)
{
    Optimistic<bool> &state = m_favorites[groupId];
    state.inFlight =
        state.desired ? m_client->favoriteGroup(groupId) : m_client->unfavoriteGroup(groupId);
    m_pending.insert(state.inFlight, {Pending::Kind::Favorite, groupId, {}, state.desired});
}

void GroupActions::toggleFavorite(QString groupId)
{
    if (const KpiGroup *group = m_model->group(groupId))
        setFavorite(groupId, !group->favorite);
}

bool GroupActions::handleVanished(const Pending &pending, const ApiError &error)
{
    if (error.kind != ApiError::Kind::NotFound || pending.groupId.isEmpty())
        return false;
    const auto rename = m_renames.constFind(pending.groupId);
    const QString name = rename != m_renames.cend() ? rename->confirmed : nameOf(pending.groupId);
    m_renames.remove(pending.groupId);
    m_favorites.remove(pending.groupId);
    if (removeGroup(pending.groupId))
        Q_EMIT vanished(pending.groupId, name);
    return true;
}

void GroupActions::onFailed(const RequestInfo &request, const ApiError &error)
{
    const auto found = m_pending.find(request.id);
    if (found == m_pending.end())
        return;
    const Pending pending = *found;
    m_pending.erase(found);
    const auto settledAfterwards = qScopeGuard([this] { announceIfSettled(); });
    if (request.id == m_refreshId) {
        m_refreshId = 0;
        m_paged.reset();
        m_duringRefresh = {};
    }
    if (error.kind == ApiError::Kind::Cancelled)
        return; // a refresh superseded by a newer one

    if (handleVanished(pending, error))
        return;
    const bool unauthorized = error.kind == ApiError::Kind::Unauthorized;
    if (unauthorized)
        Q_EMIT this->unauthorized(error.toString());

    switch (pending.kind) {
    case Pending::Kind::Rename: {
        const auto it = m_renames.find(pending.groupId);
        if (it == m_renames.end())
            return;
        const QString wanted = it->desired;
        m_model->setName(pending.groupId, it->confirmed);
        m_renames.erase(it);
        Q_EMIT renameFailed(pending.groupId, wanted, error.toString());
        return;
    }
    case Pending::Kind::Favorite: {
        const auto it = m_favorites.find(pending.groupId);
        if (it == m_favorites.end())
            return;
        const bool wanted = it->desired;
        m_model->setFavorite(pending.groupId, it->confirmed);
        m_favorites.erase(it);
        if (unauthorized)
            return;
        const QString groupId = pending.groupId;
        const QString message =
            wanted ? tr("Could not star “%1”. %2") : tr("Could not remove the star from “%1”. %2");
        Q_EMIT failed(message.arg(nameOf(groupId), error.toString()),
                      [this, groupId, wanted] { setFavorite(groupId, wanted); });
        return;
    }
    case Pending::Kind::Delete: {
        if (unauthorized)
            return;
        const QString groupId = pending.groupId;
        Q_EMIT failed(tr("Could not delete “%1”. %2").arg(pending.name, error.toString()),
                      [this, groupId] { deleteGroup(groupId); });
        return;
    }
    case Pending::Kind::Create: {
        if (unauthorized)
            return;
        const QString name = pending.name;
        std::function<void()> retry;
        if (error.kind != ApiError::Kind::BadRequest)
            retry = [this, name] { createGroup(name); };
        Q_EMIT failed(tr("Could not create “%1”. %2").arg(name.trimmed(), error.toString()), retry);
        return;
    }
    case Pending::Kind::Refresh:
        if (unauthorized)
            return;
        Q_EMIT failed(tr("Could not load the KPI groups. %1").arg(error.toString()),
                      [this] { refresh(); });
        return;
    case Pending::Kind::Fetch:
        return; // the list still shows the group as it was; nothing worth a message
    }
}

#include "session.h"

#include "groupcache.h"
#include "outboxmodel.h"
#include "sessionlog.h"
#include "visibletext.h"

#include <QLocale>

using namespace Qt::StringLiterals;

Session::Session(const Connection &connection, QObject *parent)
    : QObject(parent)
    , m_sender(&m_client, &m_outbox)
    , m_reach(&m_client, &m_outbox, &m_sender)
    , m_userNames(&m_client)
    , m_groupNames(&m_client, &m_groups)
    , m_actions(&m_sender, &m_groups)
    , m_kpiActions(&m_sender, &m_groups, &m_kpis)
    , m_placements(&m_sender, &m_groups, &m_kpis)
    , m_undoRedo(&m_history, &m_actions, &m_groups, &m_kpis, m_kpiActions.queue(), &m_placements)
{
    m_client.setConnection(connection);
    m_leaveLimit.setSingleShot(true);
    connect(&m_leaveLimit, &QTimer::timeout, this, &Session::finishLeaving);
    connect(&m_reach, &ServerReach::offlineChanged, this, &Session::offlineChanged);
    connect(&m_reach, &ServerReach::back, this, &Session::cameBack);
    wireLoading();
    wireChanges();
    wireHistory();
    wireOutbox();
    wirePeers();
}

void Session::keepOutbox(const QString &directory)
{
    m_outbox.setFile(Outbox::fileFor(place().key(), directory));
}

void Session::wireOutbox()
{
    connect(&m_outbox, &Outbox::changed, this, &Session::outboxChanged);
    connect(&m_outbox, &Outbox::draftsChanged, this, [this] {
        const QHash<QString, QString> &drafts = m_outbox.drafts();
        m_groups.setDrafts(QSet<QString>(drafts.keyBegin(), drafts.keyEnd()));
        Q_EMIT draftsChanged();
    });
    connect(&m_outbox, &Outbox::writeFailed, this, &Session::diskProblemChanged);
    connect(&m_outbox, &Outbox::writeRecovered, this,
            [this] { Q_EMIT diskProblemChanged(QString()); });
    connect(&m_outbox, &Outbox::tookOver, this, [this](int count) {
        m_actions.showWaitingChanges();
        if (!m_outbox.drafts().isEmpty())
            Q_EMIT draftsFound(m_outbox.drafts());
        if (count > 0)
            Q_EMIT informed(
                tr("Sending %n change(s) made earlier on this connection…", nullptr, count));
    });
    connect(&m_outbox, &Outbox::ready, this, [this](Outbox::Loaded result) {
        if (!m_outbox.setAsideFiles().isEmpty())
            Q_EMIT outboxDamaged(m_outbox.setAsideFiles().constLast(),
                                 result == Outbox::Loaded::Damaged);
        m_actions.showWaitingChanges();
        m_kpiActions.reload(); // without the KPIs whose removal waits
        // Counts read before the journal know nothing of the KPIs it moves, adds and removes.
        if (m_outbox.kpiPlacementCount() > 0)
            m_kpiActions.loadCounts();
        if (const int count = m_outbox.fromEarlierRuns(); count > 0)
            Q_EMIT informed(
                tr("Sending %n change(s) made before the app last closed…", nullptr, count));
        if (const QHash<QString, QString> &drafts = m_outbox.draftsFromEarlierRuns();
            !drafts.isEmpty()) {
            m_groups.setDrafts(QSet<QString>(drafts.keyBegin(), drafts.keyEnd()));
            Q_EMIT draftsFound(m_outbox.drafts());
            // Told by the names of their groups, once there is a list to find them in.
            m_tellDrafts = true;
            if (m_listShown)
                tellDrafts();
        }
    });
    connect(&m_sender, &ChangeSender::waiting, this,
            [this](const OutboxChange &, const ApiError &error) {
                if (ServerReach::isUnreachable(error))
                    m_reach.goOffline();
                // Out of reach, the server will not answer before the limit either.
                if (m_leaving && m_leaveLimit.isActive())
                    finishLeaving();
            });
    connect(&m_sender, &ChangeSender::resumed, &m_reach, &ServerReach::goOnline);
    connect(&m_sender, &ChangeSender::waiting, this, &Session::sendingChanged);
    connect(&m_sender, &ChangeSender::resumed, this, &Session::sendingChanged);
    connect(&m_sender, &ChangeSender::idle, this, [this] {
        if (m_refreshWhenSent && !m_sender.isWaiting()) {
            m_refreshWhenSent = false;
            refresh();
        }
    });
    // Whatever asked (a group's KPIs, people's names): the server is out of reach. Queued: the
    // caller hears of its failure first, and says what it means (a list not loaded) first.
    connect(&m_client, &KpiGroupsClient::callStarted, this, [this](ApiCall *call) {
        connect(
            call, &ApiCall::failed, this,
            [this](const ApiError &error) {
                if (ServerReach::isUnreachable(error))
                    m_reach.goOffline();
            },
            Qt::QueuedConnection);
    });
}

void Session::wirePeers()
{
    m_actions.setPeerChanges(&m_peers);
    connect(&m_outbox, &Outbox::ready, this, [this] {
        if (m_outbox.keepsChangesOnDisk())
            m_peers.watch(m_outbox.firstFile(), m_outbox.file());
    });
    connect(&m_peers, &PeerChanges::arrived, &m_actions, &GroupActions::showPeerChanges);
    // Another window's changes leave its journal in bursts: the list is read once they pause.
    m_readWhatPeersSent.setSingleShot(true);
    m_readWhatPeersSent.setInterval(std::chrono::seconds(1));
    connect(&m_peers, &PeerChanges::settled, &m_readWhatPeersSent, qOverload<>(&QTimer::start));
    connect(&m_readWhatPeersSent, &QTimer::timeout, this, [this] {
        if (m_actions.isRefreshing())
            return m_readWhatPeersSent.start(); // it may have left before the server had them
        if (!m_reach.isOffline())
            refresh();
    });
}

void Session::cameBack()
{
    // What waits goes first, in order; the list is read again once it is answered.
    m_sender.sendNow();
    if (m_sender.hasInFlight())
        m_refreshWhenSent = true;
    else
        refresh();
}

void Session::sendNow()
{
    if (m_reach.isOffline() && m_outbox.isEmpty())
        return m_reach.probe();
    m_sender.sendNow();
}

void Session::discard(const QList<quint64> &changeIds)
{
    bool removals = false;
    for (quint64 id : changeIds) {
        const OutboxChange *change = m_outbox.change(id);
        if (!change)
            continue;
        // Nothing may bring a discarded change back, nor undo what it no longer shows.
        using Kind = OutboxChange::Kind;
        using Step = EditHistory::Step::Kind;
        switch (change->kind) {
        case Kind::RemoveKpi:
            m_history.forgetGroup(Step::Removal, change->groupId);
            removals = m_sender.discard(id) || removals;
            continue;
        case Kind::AddKpi:
        case Kind::MoveKpi:
            m_history.forgetGroup(Step::Placement, change->groupId);
            removals = m_sender.discard(id) || removals;
            continue;
        case Kind::Rename:
            m_history.forgetGroup(Step::Rename, change->groupId);
            Q_EMIT renameDiscarded(change->groupId);
            break;
        case Kind::Star:
        case Kind::Unstar:
            m_history.forgetGroup(Step::Star, change->groupId);
            break;
        case Kind::Create:
        case Kind::Delete:
            break;
        }
        m_actions.discard(id);
    }
    if (removals) { // the KPIs are shown in their groups again
        m_kpiActions.reload();
        m_kpiActions.loadCounts();
    }
}

void Session::discardDraft(const QString &groupId)
{
    m_outbox.setDraft(groupId, {});
    Q_EMIT renameDiscarded(groupId);
}

void Session::discardAll()
{
    QList<quint64> ids;
    for (const OutboxChange &change : m_outbox.changes())
        ids.append(change.id);
    discard(ids);
}

Session::~Session() = default;

void Session::setRemembered(std::shared_ptr<const GroupCache> cache, const QString &groupToRestore,
                            const QString &topGroupToRestore)
{
    m_remembered = true;
    m_cache = std::move(cache);
    m_groupToRestore = groupToRestore;
    m_topGroupToRestore = topGroupToRestore;
    if (m_cache)
        m_actions.setCache(m_cache, place().key());
}

void Session::openWithoutToken()
{
    m_outbox.take();
    if (m_remembered && m_cache)
        m_actions.showCached();
}

void Session::open()
{
    qCDebug(lcSession) << "opened";
    openWithoutToken();
    m_actions.refresh();
}

void Session::wireLoading()
{
    connect(&m_actions, &GroupActions::loadingStarted, this, [this] {
        m_loading = true;
        Q_EMIT loadingStarted();
    });
    connect(&m_actions, &GroupActions::loadingProgressed, this, &Session::loadingProgressed);
    connect(&m_actions, &GroupActions::firstListShown, this, [this] {
        // The group to show comes with the whole list: its details and KPIs would only slow
        // the rest of the list down, and might not be the group to restore.
        if (!m_listShown)
            listShown(false);
    });
    connect(&m_actions, &GroupActions::cachedListShown, this,
            [this](const QDateTime &savedAt, qsizetype count) {
                m_listTime = savedAt;
                Q_EMIT cachedListShown(savedAt, count);
                if (!m_listShown)
                    listShown(true);
            });
    // A list shown whole, or as far as it could be read: either way the one to work with.
    const auto listLoaded = [this] {
        m_listTime = QDateTime::currentDateTimeUtc();
        m_reach.goOnline();
        m_kpiActions.loadCounts();
        if (m_listShown)
            m_kpiActions.reload();
        m_loading = false;
    };
    const auto chooseIfFirst = [this] {
        if (!m_listShown)
            listShown(true);
        else if (std::exchange(m_chooseWhenWhole, false))
            chooseInitialGroup();
    };
    connect(&m_actions, &GroupActions::loadingFinished, this,
            [this, listLoaded, chooseIfFirst](qsizetype count) {
                listLoaded();
                Q_EMIT loadingFinished(count);
                chooseIfFirst();
            });
    connect(
        &m_actions, &GroupActions::loadingIncomplete, this,
        [this, listLoaded, chooseIfFirst](qsizetype count, qsizetype claimed, const QString &why) {
            listLoaded();
            Q_EMIT loadingIncomplete(count, claimed);
            chooseIfFirst();
            const QLocale locale;
            Q_EMIT failed(tr("Showing %1 of %2 groups: the rest could not be loaded. %3")
                              .arg(locale.toString(count), locale.toString(claimed), why),
                          [this] { refresh(); });
        });
    // A refresh that failed, or was refused, has stopped without a list.
    const auto loadingMayHaveFailed = [this] {
        if (m_loading && !m_actions.isRefreshing()) {
            m_loading = false;
            Q_EMIT loadingFailed();
        }
    };
    connect(&m_actions, &GroupActions::failed, this, &Session::failed);
    connect(&m_actions, &GroupActions::loadingFailed, this,
            [this, loadingMayHaveFailed](const ApiError &error, const QString &text) {
                loadingMayHaveFailed();
                if (ServerReach::isUnreachable(error)) {
                    m_reach.goOffline();
                    // With a list to work from, going offline says enough; tries follow.
                    if (m_listShown)
                        return;
                }
                Q_EMIT failed(text, [this] { refresh(); });
            });
    connect(&m_actions, &GroupActions::tokenRefused, this,
            [this, loadingMayHaveFailed](const QString &message) {
                loadingMayHaveFailed();
                Q_EMIT tokenRefused(message);
            });
}

void Session::tellDrafts()
{
    if (!std::exchange(m_tellDrafts, false))
        return;
    const QHash<QString, QString> &drafts = m_outbox.draftsFromEarlierRuns();
    QStringList names;
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it)
        if (const KpiGroup *group = m_groups.group(it.key()))
            names.append(tr("“%1”").arg(VisibleText::isolated(group->name)));
    names.sort();
    Q_EMIT informed(
        names.size() != drafts.size()
            ? tr("%n unsaved name(s) kept from the last time.", nullptr, int(drafts.size()))
            : tr("%n unsaved name(s) in %1.", nullptr, int(drafts.size()))
                  .arg(QLocale().createSeparatedList(names)));
}

void Session::chooseInitialGroup()
{
    // The group shown when the connection was last left, while the list still has it; else
    // none, and the window shows its first.
    Q_EMIT initialGroupChosen(m_groups.rowOf(m_groupToRestore) >= 0 ? m_groupToRestore : QString());
}

void Session::listShown(bool whole)
{
    m_listShown = true;
    if (m_tellDrafts)
        QMetaObject::invokeMethod(this, &Session::tellDrafts, Qt::QueuedConnection);
    if (whole)
        chooseInitialGroup();
    else
        m_chooseWhenWhole = true;
    Q_EMIT firstListShown();
}

void Session::wireChanges()
{
    connect(&m_actions, &GroupActions::groupCreated, this, [this](const KpiGroup &group) {
        Q_EMIT groupCreated(group);
        Q_EMIT informed(tr("Created “%1”.").arg(VisibleText::isolated(group.name)));
    });
    connect(&m_actions, &GroupActions::renameConfirmed, this, &Session::renameConfirmed);
    connect(&m_actions, &GroupActions::renameRefused, this, &Session::renameRefused);
    connect(&m_actions, &GroupActions::deleted, this,
            [this](const QString &groupId, const QString &name) {
                if (!tellBulkDelete(groupId, true))
                    Q_EMIT informed(
                        tr("Deleted “%1”. Its KPIs are kept.").arg(VisibleText::isolated(name)));
            });
    // A delete of the bulk that was refused or discarded is answered too, without a word here.
    const auto answerBulkDelete = [this](const QString &groupId) {
        QMetaObject::invokeMethod( // after `deleted`, should it be the reason
            this, [this, groupId] { tellBulkDelete(groupId, false); }, Qt::QueuedConnection);
    };
    connect(&m_outbox, &Outbox::touched, this,
            [this, answerBulkDelete](const OutboxChange &change, Outbox::Touch how) {
                if (how == Outbox::Touch::Removed && change.kind == OutboxChange::Kind::Delete &&
                    m_bulkDelete.waiting.contains(change.groupId))
                    answerBulkDelete(change.groupId);
            });
    connect(&m_outbox, &Outbox::replaced, this, [this, answerBulkDelete] {
        const QSet<QString> waiting = m_bulkDelete.waiting;
        for (const QString &groupId : waiting) {
            const QList<OutboxChange> changes = m_outbox.changesOf(groupId);
            if (std::none_of(changes.begin(), changes.end(), [](const OutboxChange &change) {
                    return change.kind == OutboxChange::Kind::Delete;
                }))
                answerBulkDelete(groupId);
        }
    });
    connect(&m_actions, &GroupActions::vanished, this,
            [this](const QString &, const QString &name) {
                Q_EMIT informed(
                    tr("“%1” is gone: someone else deleted it.").arg(VisibleText::isolated(name)));
            });
    connect(&m_kpiActions, &GroupKpiActions::removalQueued, this,
            [this](quint64 batch, const QString &text) {
                Q_EMIT removalQueued(batch, text, removals()->undoWindow());
            });
    connect(removals(), &KpiRemovalQueue::sent, this, &Session::removalSent);
    connect(&m_kpiActions, &GroupKpiActions::failed, this, &Session::failed);
    connect(&m_kpiActions, &GroupKpiActions::loadFailed, this, &Session::failed);
    connect(&m_placements, &KpiPlacements::placed, this,
            [this](const QList<Kpi> &, const QString &, const QString &, const QString &text) {
                Q_EMIT informed(text);
            });
    connect(&m_placements, &KpiPlacements::failed, this, &Session::failed);
    connect(&m_placements, &KpiPlacements::unsupported, this, [this](const QString &text) {
        Q_EMIT informed(text);
        Q_EMIT kpiAddingUnavailable();
    });

    // While leaving, each answer may be the last one awaited.
    connect(&m_sender, &ChangeSender::idle, this, &Session::leaveIfSettled, Qt::QueuedConnection);
    connect(removals(), &KpiRemovalQueue::idle, this, &Session::leaveIfSettled,
            Qt::QueuedConnection);
}

void Session::refresh(Refresh how)
{
    qCDebug(lcSession) << "refresh asked for";
    if (!m_leaving)
        m_actions.refresh(how);
}

void Session::showGroup(const QString &groupId)
{
    m_currentGroup = groupId;
    if (!m_leaving)
        m_kpiActions.showGroup(groupId);
}

void Session::renameGroup(const QString &groupId, const QString &name)
{
    if (const std::optional<GroupName> checked = GroupName::from(name))
        return renameGroup(groupId, *checked);
    m_actions.renameGroup(groupId, name); // refused, with why
}

void Session::renameGroup(const QString &groupId, const GroupName &name)
{
    const QString before = groupName(groupId);
    m_actions.renameGroup(groupId, name);
    const QString after = groupName(groupId);
    if (after != before)
        m_undoRedo.recordRename(groupId, before, after);
}

void Session::setFavorite(const QString &groupId, bool favorite)
{
    setFavorites({groupId}, favorite);
}

void Session::setFavorites(const QStringList &groupIds, bool favorite)
{
    // One action, one step: starring three groups is undone at once.
    const QStringList done = m_actions.setFavorites(groupIds, favorite);
    if (!done.isEmpty())
        m_undoRedo.recordStars(done, favorite);
}

void Session::deleteGroups(const QStringList &groupIds)
{
    for (const QString &groupId : groupIds)
        m_actions.deleteGroup(groupId);
    if (groupIds.size() < 2)
        return;
    m_bulkDelete = {};
    for (const QString &groupId : groupIds)
        for (const OutboxChange &change : m_outbox.changesOf(groupId))
            if (change.kind == OutboxChange::Kind::Delete)
                m_bulkDelete.waiting.insert(groupId);
}

// Deletes of several groups at once are told once, when the last of them is answered.
bool Session::tellBulkDelete(const QString &groupId, bool confirmed)
{
    if (!m_bulkDelete.waiting.remove(groupId))
        return false;
    m_bulkDelete.confirmed += confirmed;
    if (m_bulkDelete.waiting.isEmpty() && m_bulkDelete.confirmed > 0) {
        Q_EMIT informed(tr("Deleted %n groups. Their KPIs are kept.", nullptr,
                           std::exchange(m_bulkDelete.confirmed, 0)));
    }
    return true;
}

void Session::toggleFavorite(const QString &groupId)
{
    if (const KpiGroup *group = m_groups.group(groupId))
        setFavorite(groupId, !group->favorite);
}

void Session::undoRemoval(quint64 batch)
{
    removals()->undo(batch);
    m_history.forgetRemoval(batch);
}

QString Session::groupName(const QString &groupId) const
{
    const KpiGroup *group = m_groups.group(groupId);
    return group ? group->name : QString();
}

void Session::wireHistory()
{
    connect(&m_history, &EditHistory::changed, this, &Session::historyChanged);
    connect(&m_actions, &GroupActions::renameRefused, &m_history,
            [this](const QString &groupId, const QString &attemptedName) {
                m_history.forgetRename(groupId, attemptedName.trimmed());
            });
    connect(&m_undoRedo, &UndoRedo::informed, this, &Session::informed);
}

int Session::unsentChanges() const
{
    return m_actions.pendingChangeCount() + m_kpiActions.pendingRemovalCount() +
           m_outbox.countOf(OutboxChange::Kind::AddKpi) +
           m_outbox.countOf(OutboxChange::Kind::MoveKpi);
}

void Session::rememberCurrentGroup()
{
    // Once, on leaving: a settings file is written (and synced to disk), too slow to do on
    // every move through the list; both in one write.
    if (!m_remembered || (m_currentGroup.isEmpty() && m_topGroup.isEmpty()))
        return;
    ConnectionSettings settings;
    if (!m_currentGroup.isEmpty())
        settings.setLastGroupId(place(), m_currentGroup);
    if (!m_topGroup.isEmpty())
        settings.setTopGroupId(place(), m_topGroup);
}

void Session::leave(std::chrono::milliseconds limit)
{
    if (m_leaving)
        return;
    m_leaving = true;
    qCDebug(lcSession) << "leaving with" << unsentChanges() << "changes unsent";
    m_undoRedo.stop();
    rememberCurrentGroup();
    // Lists nobody will look at are not worth waiting for; changes are.
    m_actions.stopReading();
    m_kpiActions.stopReading();
    removals()->flush();
    m_reach.stop();
    // Out of reach, or refused until the token is put right: nothing will be answered before
    // the limit, and the outbox keeps the changes.
    if (unsentChanges() == 0 || m_reach.isOffline() || m_sender.waitsForThePerson())
        return finishLeaving();
    m_leaveLimit.start(limit);
}

void Session::waitForOutbox(Watched watched)
{
    if (!m_leaving)
        return;
    m_waitingForOutbox = true;
    // Someone watches and waits: tries close together, the pauses a server out of reach for
    // long would otherwise grow to.
    // In the background, tries a few seconds apart at most: the changes reach the server soon
    // after it is back, at the cost of a small request every few seconds while it is not.
    if (watched == Watched::Yes)
        m_sender.setBackoff(std::chrono::seconds(1), std::chrono::seconds(3));
    else
        m_sender.setBackoff(std::chrono::seconds(1), std::chrono::seconds(5));
    m_sender.sendNow();
    leaveIfSettled();
}

void Session::leaveIfSettled()
{
    if (m_leaving && (m_leaveLimit.isActive() || m_waitingForOutbox) && unsentChanges() == 0)
        finishLeaving();
}

void Session::finishLeaving()
{
    m_leaveLimit.stop();
    m_waitingForOutbox = false;
    qCDebug(lcSession) << "left with" << unsentChanges() << "changes unsent";
    Q_EMIT left(unsentChanges());
}

OutboxModel *Session::newOutboxModel(QObject *parent)
{
    auto *model = new OutboxModel(&m_sender, parent);
    model->setGroupNames([groups = &m_groups](const QString &groupId) {
        const KpiGroup *group = groups->group(groupId);
        return group ? group->name : QString();
    });
    return model;
}

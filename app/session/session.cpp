#include "session.h"

#include "groupcache.h"

using namespace Qt::StringLiterals;

Session::Session(const Connection &connection, QObject *parent)
    : QObject(parent)
    , m_userNames(&m_client)
    , m_actions(&m_client, &m_groups)
    , m_kpiActions(&m_client, &m_groups, &m_kpis)
{
    m_client.setConnection(connection);
    m_leaveLimit.setSingleShot(true);
    connect(&m_leaveLimit, &QTimer::timeout, this, &Session::finishLeaving);
    wireLoading();
    wireChanges();
    wireHistory();
}

Session::~Session() = default;

void Session::setRemembered(std::shared_ptr<const GroupCache> cache, const QString &groupToRestore)
{
    m_remembered = true;
    m_cache = std::move(cache);
    m_groupToRestore = groupToRestore;
    if (m_cache)
        m_actions.setCache(m_cache, place().key());
}

void Session::open()
{
    if (m_remembered && m_cache)
        m_actions.showCached();
    m_actions.refresh();
}

void Session::wireLoading()
{
    connect(&m_actions, &GroupActions::refreshStarted, this, [this] {
        m_loading = true;
        Q_EMIT loadingStarted();
    });
    connect(&m_actions, &GroupActions::refreshProgress, this, &Session::loadingProgressed);
    connect(&m_actions, &GroupActions::firstPageShown, this, [this] {
        // The group to show comes with the whole list: its details and KPIs would only slow
        // the rest of the list down, and might not be the group to restore.
        if (!m_listShown)
            listShown(false);
    });
    connect(&m_actions, &GroupActions::cachedShown, this,
            [this](const QDateTime &savedAt, qsizetype count) {
                Q_EMIT cachedListShown(savedAt, count);
                if (!m_listShown)
                    listShown(true);
            });
    // A list shown whole, or as far as it could be read: either way the one to work with.
    const auto listLoaded = [this] {
        m_kpiActions.loadCounts();
        if (m_listShown)
            m_kpiActions.reload();
        m_loading = false;
    };
    const auto chooseIfFirst = [this] {
        if (!m_listShown)
            listShown(true);
        else if (std::exchange(m_chooseWhenWhole, false))
            Q_EMIT initialGroupChosen(m_groups.rowOf(m_groupToRestore) >= 0 ? m_groupToRestore
                                                                            : QString());
    };
    connect(&m_actions, &GroupActions::refreshed, this,
            [this, listLoaded, chooseIfFirst](qsizetype count) {
                listLoaded();
                Q_EMIT loadingFinished(count);
                chooseIfFirst();
            });
    connect(
        &m_actions, &GroupActions::refreshedIncomplete, this,
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
    connect(&m_actions, &GroupActions::failed, this,
            [this, loadingMayHaveFailed](const QString &text, const std::function<void()> &retry) {
                loadingMayHaveFailed();
                Q_EMIT failed(text, retry);
            });
    connect(&m_actions, &GroupActions::unauthorized, this,
            [this, loadingMayHaveFailed](const QString &message) {
                loadingMayHaveFailed();
                Q_EMIT tokenRefused(message);
            });
}

void Session::listShown(bool whole)
{
    m_listShown = true;
    if (whole) {
        Q_EMIT initialGroupChosen(m_groups.rowOf(m_groupToRestore) >= 0 ? m_groupToRestore
                                                                        : QString());
    } else {
        m_chooseWhenWhole = true;
    }
    Q_EMIT firstListShown();
}

void Session::wireChanges()
{
    connect(&m_actions, &GroupActions::created, this, [this](const KpiGroup &group) {
        Q_EMIT groupCreated(group);
        Q_EMIT informed(tr("Created “%1”.").arg(group.name));
    });
    connect(&m_actions, &GroupActions::renamed, this, &Session::renameConfirmed);
    connect(&m_actions, &GroupActions::renameFailed, this, &Session::renameRefused);
    connect(&m_actions, &GroupActions::deleted, this, [this](const QString &, const QString &name) {
        Q_EMIT informed(tr("Deleted “%1”. Its KPIs are kept.").arg(name));
    });
    connect(&m_actions, &GroupActions::vanished, this,
            [this](const QString &, const QString &name) {
                Q_EMIT informed(tr("“%1” is gone: someone else deleted it.").arg(name));
            });
    connect(&m_kpiActions, &GroupKpiActions::removalQueued, this,
            [this](quint64 batch, const QString &text) {
                Q_EMIT removalQueued(batch, text, removals()->undoWindow());
            });
    connect(removals(), &KpiRemovalQueue::sent, this, &Session::removalSent);
    connect(&m_kpiActions, &GroupKpiActions::failed, this, &Session::failed);
    connect(&m_kpiActions, &GroupKpiActions::loadFailed, this, &Session::failed);

    // While leaving, each answer may be the last one awaited.
    connect(&m_actions, &GroupActions::settled, this, &Session::leaveIfSettled,
            Qt::QueuedConnection);
    connect(removals(), &KpiRemovalQueue::idle, this, &Session::leaveIfSettled,
            Qt::QueuedConnection);
}

void Session::refresh()
{
    if (!m_leaving)
        m_actions.refresh();
}

void Session::showGroup(const QString &groupId)
{
    m_currentGroup = groupId;
    if (!m_leaving)
        m_kpiActions.showGroup(groupId);
}

void Session::createGroup(const QString &name)
{
    m_actions.createGroup(name);
}

void Session::renameGroup(const QString &groupId, const QString &name)
{
    const QString before = groupName(groupId);
    m_actions.renameGroup(groupId, name);
    const QString after = groupName(groupId);
    if (after != before) {
        m_history.record({EditHistory::Step::Kind::Rename,
                          groupId,
                          before,
                          after,
                          false,
                          0,
                          {},
                          tr("Rename “%1” to “%2”").arg(before, after)});
    }
}

void Session::deleteGroup(const QString &groupId)
{
    m_actions.deleteGroup(groupId);
}

void Session::setFavorite(const QString &groupId, bool favorite)
{
    const KpiGroup *group = m_groups.group(groupId);
    if (!group || group->favorite == favorite)
        return;
    m_actions.setFavorite(groupId, favorite);
    const QString name = groupName(groupId);
    m_history.record(
        {EditHistory::Step::Kind::Star,
         groupId,
         {},
         {},
         favorite,
         0,
         {},
         favorite ? tr("Star “%1”").arg(name) : tr("Remove the Star from “%1”").arg(name)});
}

void Session::setFavorites(const QStringList &groupIds, bool favorite)
{
    for (const QString &groupId : groupIds)
        setFavorite(groupId, favorite);
}

void Session::deleteGroups(const QStringList &groupIds)
{
    for (const QString &groupId : groupIds)
        m_actions.deleteGroup(groupId);
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
    connect(removals(), &KpiRemovalQueue::enqueued, this,
            [this](quint64 batch, const QString &groupId, const QList<Kpi> &kpis) {
                if (m_replaying) {
                    m_replayedBatch = batch;
                    return;
                }
                QStringList ids;
                for (const Kpi &kpi : kpis)
                    ids.append(kpi.id);
                const QString group = groupName(groupId);
                m_history.record(
                    {EditHistory::Step::Kind::Removal,
                     groupId,
                     {},
                     {},
                     false,
                     batch,
                     ids,
                     kpis.size() == 1
                         ? tr("Remove “%1” from “%2”").arg(kpis.constFirst().name, group)
                         : tr("Remove %n KPIs from “%1”", nullptr, int(kpis.size())).arg(group)});
            });
    connect(&m_actions, &GroupActions::renameFailed, &m_history,
            [this](const QString &groupId, const QString &attemptedName) {
                m_history.forgetRename(groupId, attemptedName.trimmed());
            });
}

void Session::undo()
{
    const std::optional<EditHistory::Step> step = m_history.takeUndo();
    if (!step || m_leaving)
        return;
    if (undoStep(*step)) {
        m_history.keepForRedo(*step);
        Q_EMIT informed(tr("Undone: %1.").arg(step->description));
    }
}

void Session::redo()
{
    std::optional<EditHistory::Step> step = m_history.takeRedo();
    if (!step || m_leaving)
        return;
    if (redoStep(*step)) {
        m_history.keepForUndo(*step);
        // A removal says so itself, with its Undo.
        if (step->kind != EditHistory::Step::Kind::Removal)
            Q_EMIT informed(tr("Redone: %1.").arg(step->description));
    }
}

bool Session::undoStep(const EditHistory::Step &step)
{
    using Kind = EditHistory::Step::Kind;
    if (step.kind == Kind::Removal) {
        if (removals()->undo(step.batch))
            return true;
        Q_EMIT informed(
            tr("%1: too late to undo, the removal has been sent.").arg(step.description));
        return false;
    }
    if (!m_groups.group(step.groupId)) {
        Q_EMIT informed(tr("%1: cannot be undone, the group is gone.").arg(step.description));
        return false;
    }
    if (step.kind == Kind::Rename)
        m_actions.renameGroup(step.groupId, step.before);
    else
        m_actions.setFavorite(step.groupId, !step.starred);
    return true;
}

bool Session::redoStep(EditHistory::Step &step)
{
    using Kind = EditHistory::Step::Kind;
    if (step.kind == Kind::Removal) {
        // The KPIs leave the list again, as any removal, when their group is shown.
        if (m_kpis.groupId() != step.groupId) {
            Q_EMIT informed(tr("%1: show that group to do it again.").arg(step.description));
            return false;
        }
        m_replaying = true;
        m_replayedBatch = 0;
        m_kpis.removeKpis(step.groupId, step.kpiIds);
        m_replaying = false;
        if (m_replayedBatch == 0)
            return false;
        step.batch = m_replayedBatch;
        return true;
    }
    if (!m_groups.group(step.groupId)) {
        Q_EMIT informed(tr("%1: cannot be redone, the group is gone.").arg(step.description));
        return false;
    }
    if (step.kind == Kind::Rename)
        m_actions.renameGroup(step.groupId, step.after);
    else
        m_actions.setFavorite(step.groupId, step.starred);
    return true;
}

int Session::unsentChanges() const
{
    return m_actions.pendingChangeCount() + m_kpiActions.pendingRemovalCount();
}

void Session::rememberCurrentGroup()
{
    // Once, on leaving: a settings file is written (and synced to disk), too slow to do on
    // every move through the list.
    if (m_remembered && !m_currentGroup.isEmpty())
        ConnectionSettings().setLastGroupId(place(), m_currentGroup);
}

void Session::leave(std::chrono::milliseconds limit)
{
    if (m_leaving)
        return;
    m_leaving = true;
    rememberCurrentGroup();
    // Lists nobody will look at are not worth waiting for; changes are.
    m_actions.stopReading();
    m_kpiActions.stopReading();
    removals()->flush();
    if (unsentChanges() == 0)
        return finishLeaving();
    m_leaveLimit.start(limit);
}

void Session::leaveIfSettled()
{
    if (m_leaving && m_leaveLimit.isActive() && unsentChanges() == 0)
        finishLeaving();
}

void Session::finishLeaving()
{
    m_leaveLimit.stop();
    Q_EMIT left(unsentChanges());
}

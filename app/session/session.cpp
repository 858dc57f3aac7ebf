#include "session.h"

#include "groupcache.h"

using namespace Qt::StringLiterals;

Session::Session(const Connection &connection, QObject *parent)
    : QObject(parent)
    , m_actions(&m_client, &m_groups)
    , m_kpiActions(&m_client, &m_groups, &m_kpis)
{
    m_client.setConnection(connection);
    m_leaveLimit.setSingleShot(true);
    connect(&m_leaveLimit, &QTimer::timeout, this, &Session::finishLeaving);
    wireLoading();
    wireChanges();
}

Session::~Session() = default;

void Session::setRemembered(std::shared_ptr<const GroupCache> cache)
{
    m_remembered = true;
    m_cache = std::move(cache);
    m_groupToRestore = ConnectionSettings().lastGroupId(place());
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
    connect(&m_actions, &GroupActions::refreshed, this, [this](qsizetype count) {
        m_kpiActions.loadCounts();
        if (m_listShown)
            m_kpiActions.reload();
        m_loading = false;
        Q_EMIT loadingFinished(count);
        if (!m_listShown)
            listShown(true);
        else if (std::exchange(m_chooseWhenWhole, false))
            Q_EMIT initialGroupChosen(m_groups.rowOf(m_groupToRestore) >= 0 ? m_groupToRestore
                                                                            : QString());
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
    m_actions.renameGroup(groupId, name);
}

void Session::deleteGroup(const QString &groupId)
{
    m_actions.deleteGroup(groupId);
}

void Session::setFavorite(const QString &groupId, bool favorite)
{
    m_actions.setFavorite(groupId, favorite);
}

void Session::toggleFavorite(const QString &groupId)
{
    m_actions.toggleFavorite(groupId);
}

void Session::undoRemoval(quint64 batch)
{
    removals()->undo(batch);
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

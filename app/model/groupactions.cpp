#include "groupactions.h"

#include "changesender.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"
#include "peerchanges.h"
#include "placeholder.h"

#include <QTimer>

using namespace Qt::StringLiterals;

GroupActions::GroupActions(ChangeSender *sender, GroupListModel *model, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_client(sender->client())
    , m_model(model)
    , m_list(new GroupListRefresh(m_client, sender->outbox(), model, this, this))
{
    using Refresh = GroupListRefresh;
    connect(m_list, &Refresh::loadingStarted, this, &GroupActions::loadingStarted);
    connect(m_list, &Refresh::loadingProgressed, this, &GroupActions::loadingProgressed);
    connect(m_list, &Refresh::loadingFinished, this, &GroupActions::loadingFinished);
    connect(m_list, &Refresh::loadingIncomplete, this, &GroupActions::loadingIncomplete);
    connect(m_list, &Refresh::cachedListShown, this, &GroupActions::cachedListShown);
    connect(m_list, &Refresh::firstListShown, this, &GroupActions::firstListShown);
    connect(m_list, &Refresh::tokenRefused, this, &GroupActions::tokenRefused);
    connect(m_list, &Refresh::loadingFailed, this, &GroupActions::loadingFailed);
    connect(sender, &ChangeSender::confirmed, this, &GroupActions::onConfirmed);
    connect(sender, &ChangeSender::refused, this, &GroupActions::onRefused);
    connect(sender, &ChangeSender::waiting, this,
            [this](const OutboxChange &change, const ApiError &error) {
                if (error.kind == ApiError::Kind::Unauthorized)
                    Q_EMIT tokenRefused(error.toString());
                if (change.kind == OutboxChange::Kind::Create)
                    showPlaceholder(change);
                if (m_sender->isWaiting() != m_markedWhilePaused)
                    markWaitingGroups();
            });
    connect(sender, &ChangeSender::resumed, this, &GroupActions::markWaitingGroups);
    connect(sender->outbox(), &Outbox::touched, this, &GroupActions::markWaitingGroup);
    // A group is marked for any change while the sending pauses, else for a failing one.
    connect(sender->outbox(), &Outbox::groupWaitingChanged, this,
            [this](const QString &groupId, Outbox::Waiting which) {
                if ((which == Outbox::Waiting::Any) == m_markedWhilePaused)
                    m_model->waitingChanged(groupId);
            });
    connect(sender->outbox(), &Outbox::replaced, this, &GroupActions::markWaitingGroups);
    model->setWaitingTest([this](const QString &id) { return isMarkedWaiting(id); });
    markWaitingGroups();
}

GroupActions::~GroupActions()
{
    m_model->setWaitingTest({});
}

bool GroupActions::removeGroup(const QString &groupId)
{
    m_list->noteDeleted(groupId);
    return m_model->removeGroup(groupId);
}

QString GroupActions::nameOf(const QString &groupId) const
{
    const KpiGroup *group = m_model->group(groupId);
    return group ? group->name : QString();
}

void GroupActions::keepLocalChanges(KpiGroup &group) const
{
    GroupListRefresh::overlay(group, m_sender->outbox()->changesOf(group.id));
}

void GroupActions::setCache(std::shared_ptr<const GroupCache> cache, const QString &key)
{
    m_list->setCache(std::move(cache), key);
}

void GroupActions::showCached()
{
    m_list->showCached();
}

void GroupActions::createGroup(const GroupName &name)
{
    OutboxChange change;
    change.kind = OutboxChange::Kind::Create;
    change.name = name;
    m_sender->add(change);
}

void GroupActions::createGroup(const QString &name)
{
    if (const std::optional<GroupName> checked = GroupName::from(name))
        return createGroup(*checked);
    OutboxChange change;
    change.kind = OutboxChange::Kind::Create;
    change.groupName = name.trimmed(); // what failed() names
    QTimer::singleShot(0, this, [this, change, problem = GroupName::problemOf(name)] {
        onRefused(change, ApiError::make(ApiError::Kind::BadRequest, problem));
    });
}

QString GroupActions::placeholderId(quint64 changeId)
{
    return Placeholder::idOf(changeId);
}

bool GroupActions::isPlaceholder(const QString &groupId)
{
    return Placeholder::isId(groupId);
}

void GroupActions::showPlaceholder(const OutboxChange &create)
{
    KpiGroup group;
    group.id = placeholderId(create.id);
    group.name = create.name.text();
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
    if (const std::optional<GroupName> checked = GroupName::from(name))
        return renameGroup(std::move(groupId), *checked);
    if (!m_model->group(groupId))
        return;
    QTimer::singleShot(0, this, [this, groupId, name, problem = GroupName::problemOf(name)] {
        Q_EMIT renameRefused(groupId, name, problem);
    });
}

void GroupActions::renameGroup(QString groupId, GroupName name)
{
    const KpiGroup *group = m_model->group(groupId);
    if (!group)
        return;
    if (isPlaceholder(groupId)) {
        QTimer::singleShot(0, this, [this, groupId, name = name.text(), current = group->name] {
            Q_EMIT renameRefused(groupId, name,
                                 tr("“%1” is not created yet: it can be renamed once the server "
                                    "has it.")
                                     .arg(current));
        });
        return;
    }
    if (name.text() == group->name)
        return;
    OutboxChange change;
    change.kind = OutboxChange::Kind::Rename;
    change.groupId = groupId;
    change.name = name;
    change.groupName = group->name;
    m_model->setName(groupId, name.text());
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
    return m_list->wasDeletedWhileRead(groupId) || isBeingDeleted(groupId);
}

bool GroupActions::isBeingDeleted(const QString &groupId) const
{
    return m_deleting.contains(groupId) || (!m_sender->outbox()->isEmpty() && isDeleting(groupId));
}

QSet<QString> GroupActions::groupsBeingDeleted() const
{
    QSet<QString> deleting;
    for (auto it = m_deleting.cbegin(); it != m_deleting.cend(); ++it)
        deleting.insert(it.key());
    for (const OutboxChange &change : m_sender->outbox()->changes())
        if (change.kind == OutboxChange::Kind::Delete)
            deleting.insert(change.groupId);
    return deleting;
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
    // The removal queue and the KPI placements count theirs.
    return int(outbox->size()) - outbox->kpiPlacementCount();
}

void GroupActions::stopReading()
{
    m_list->stop();
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
    setFavorites({groupId}, favorite);
}

QStringList GroupActions::setFavorites(const QStringList &groupIds, bool favorite)
{
    QStringList starred;
    QSet<QString> seen;
    QList<OutboxChange> changes;
    for (const QString &groupId : groupIds) {
        const KpiGroup *group = m_model->group(groupId);
        if (!group || group->favorite == favorite || seen.contains(groupId))
            continue;
        seen.insert(groupId);
        if (isPlaceholder(groupId)) {
            Q_EMIT failed(tr("“%1” is not created yet: it can be starred once the server has it.")
                              .arg(group->name),
                          {});
            continue;
        }
        OutboxChange change;
        change.kind = favorite ? OutboxChange::Kind::Star : OutboxChange::Kind::Unstar;
        change.groupId = groupId;
        change.groupName = group->name;
        changes.append(change);
        starred.append(groupId);
    }
    m_model->setFavorites(starred, favorite);
    for (const OutboxChange &change : std::as_const(changes))
        m_sender->add(change);
    return starred;
}

void GroupActions::toggleFavorite(QString groupId)
{
    if (const KpiGroup *group = m_model->group(groupId))
        setFavorite(groupId, !group->favorite);
}

bool GroupActions::isMarkedWaiting(const QString &id) const
{
    // Changes on their way for the first time are not marked: most are answered at once. A
    // create's row only shows while it waits.
    const Outbox *outbox = m_sender->outbox();
    if (isPlaceholder(id))
        return outbox->change(Placeholder::changeIdOf(id)) != nullptr;
    return m_markedWhilePaused ? outbox->hasChangesOf(id) : outbox->hasFailingChangesOf(id);
}

void GroupActions::markWaitingGroups()
{
    m_markedWhilePaused = m_sender->isWaiting();
    m_model->allWaitingChanged();
}

void GroupActions::markWaitingGroup(const OutboxChange &change, Outbox::Touch how)
{
    if (m_sender->isWaiting() != m_markedWhilePaused)
        return markWaitingGroups();
    // A create's row is marked while it waits (groups: see groupWaitingChanged).
    if (change.kind == OutboxChange::Kind::Create && how != Outbox::Touch::Updated)
        m_model->waitingChanged(placeholderId(change.id));
}

void GroupActions::showPeerChanges(const QList<OutboxChange> &changes)
{
    using Kind = OutboxChange::Kind;
    const Outbox *outbox = m_sender->outbox();
    for (const OutboxChange &change : changes) {
        const bool star = change.kind == Kind::Star || change.kind == Kind::Unstar;
        const bool waitsHere =
            std::ranges::any_of(outbox->changesOf(change.groupId), [&](const auto &own) {
                return own.kind == Kind::Delete ||
                       (star ? own.kind == Kind::Star || own.kind == Kind::Unstar
                             : own.kind == change.kind);
            });
        if (waitsHere || !m_model->group(change.groupId))
            continue;
        if (change.kind == Kind::Rename)
            m_model->setName(change.groupId, change.name.text());
        else if (star)
            m_model->setFavorite(change.groupId, change.kind == Kind::Star);
        else if (change.kind == Kind::Delete)
            m_model->removeGroup(change.groupId); // back with a refresh, should it be refused
    }
}

void GroupActions::showOthersChanges()
{
    if (m_peers && !m_peers->waiting().isEmpty())
        showPeerChanges(m_peers->waiting());
}

void GroupActions::showWaitingChanges()
{
    using Kind = OutboxChange::Kind;
    showOthersChanges();
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
            m_model->setName(change.groupId, change.name.text());
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
        m_list->noteMade(created);
        Q_EMIT groupCreated(created);
        return;
    case Kind::Rename:
        // A later name waits: this one is not the person's last word.
        if (!m_model->group(change.groupId) || isRenaming(change.groupId))
            return;
        // The name is already shown; fetch who changed it and when.
        fetch(change.groupId);
        Q_EMIT renameConfirmed(change.groupId, change.name.text());
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
            if (later->name.text() == change.groupName) {
                m_sender->discard(later->id);
                m_model->setName(groupId, change.groupName);
            } else
                m_sender->outbox()->setGroupName(later->id, change.groupName);
        }
        Q_EMIT renameRefused(groupId, change.name.text(), error.toString());
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
        // A text that is no name was never a change: it is only named.
        const QString name = change.name.isNull() ? change.groupName : change.name.text();
        std::function<void()> retry;
        if (error.kind != ApiError::Kind::BadRequest && !change.name.isNull())
            retry = [this, checked = change.name] { createGroup(checked); };
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

#pragma once

#include "apicall.h"
#include "grouplistrefresh.h"
#include "kpigroup.h"
#include "outbox.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>
#include <memory>

class ChangeSender;
class GroupCache;
class GroupListModel;
class KpiGroupsClient;
class PeerChanges;
struct KpiGroup;

// What a person does to KPI groups, shown in the model at once and sent through the outbox
// (ChangeSender): stars, renames and deletes roll back, visibly, when the server says no, and
// stay shown while they wait for a server that cannot be reached, over every list that arrives
// meanwhile, the cached list of a later start included. The list itself is read by
// GroupListRefresh, which lays these changes over it.
class GroupActions : public QObject, private GroupListRefresh::Overlay
{
    Q_OBJECT

public:
    GroupActions(ChangeSender *sender, GroupListModel *model, QObject *parent = nullptr);
    ~GroupActions() override;

    // Keeps the lists of this connection in `cache`, under `key`.
    void setCache(std::shared_ptr<const GroupCache> cache, const QString &key);
    // Shows the cached list at once, unless a fresh one arrives first.
    void showCached();
    using Refresh = GroupListRefresh::Refresh;
    static constexpr int wholeReadingEvery = GroupListRefresh::wholeReadingEvery;
    void refresh(Refresh how = Refresh::Changes) { m_list->refresh(how); }
    bool isRefreshing() const { return m_list->isRefreshing(); }
    // A name typed is checked where it was typed (GroupName); text from elsewhere (a name given
    // back by Undo, a retry) is checked here, and refused (renameRefused, failed) when it cannot
    // be a name.
    void createGroup(const GroupName &name);
    void createGroup(const QString &name);
    // By value: showing the change can move the selection, and whatever a reference pointed to.
    void renameGroup(QString groupId, GroupName name);
    void renameGroup(QString groupId, QString name);
    bool isRenaming(const QString &groupId) const;
    void deleteGroup(const QString &groupId);
    bool isDeleting(const QString &groupId) const;
    void setFavorite(QString groupId, bool favorite);
    // One action on many groups: the list changes once. The groups starred (or unstarred).
    QStringList setFavorites(const QStringList &groupIds, bool favorite);
    void toggleFavorite(QString groupId);
    // Changes the person made that the server has not answered (a star, a name, a new or
    // deleted group), on their way or waiting.
    int pendingChangeCount() const;
    // Shows the changes that wait in the outbox over the list as it is now (after a start, once
    // the journal has been read).
    void showWaitingChanges() override;
    // What the other windows of the connection wait to send is shown here too, under what this
    // one does (the person's last word here).
    void setPeerChanges(const PeerChanges *peers) { m_peers = peers; }
    void showPeerChanges(const QList<OutboxChange> &changes);
    void showOthersChanges() override;
    // The person gave up on a change that waits: it leaves the outbox, and the list shows what
    // the server has again. Not while it is on its way.
    void discard(quint64 changeId);
    // A group created here that the server has not confirmed yet is shown as a row of its own,
    // with an id no server has, until it does.
    static QString placeholderId(quint64 changeId);
    static bool isPlaceholder(const QString &groupId);
    // Cancels the refresh and the fetches: changes on their way go on.
    void stopReading();

Q_SIGNALS:
    void loadingStarted();
    void loadingProgressed(qsizetype loaded, qsizetype total);
    void loadingFinished(qsizetype count);
    // The server's list could not be read whole: `count` groups are shown of the `claimed`.
    void loadingIncomplete(qsizetype count, qsizetype claimed, const QString &why);
    void cachedListShown(const QDateTime &savedAt, qsizetype count);
    // On a first load, the first page is shown while the others are on their way.
    void firstListShown(qsizetype count, qsizetype total);
    void groupCreated(const KpiGroup &group);
    void renameConfirmed(const QString &groupId, const QString &name);
    void renameRefused(const QString &groupId, const QString &attemptedName, const QString &reason);
    void deleted(const QString &groupId, const QString &name);
    // Someone else deleted it: it has left the list.
    void vanished(const QString &groupId, const QString &name);
    // Something failed; `retry`, when set, does it again.
    void failed(const QString &message, const std::function<void()> &retry);
    // The token was refused: the connection must be fixed before anything else works.
    void tokenRefused(const QString &message);
    // The list could not be read; `error` says whether the server could be reached at all.
    void loadingFailed(const ApiError &error, const QString &message);

private:
    // Reads the group again (who renamed it, and when).
    void fetch(const QString &groupId);
    void onConfirmed(const OutboxChange &change, const KpiGroup &created);
    void onRefused(const OutboxChange &change, const ApiError &error);
    // Someone else deleted the group: it leaves the list, and what waits for it the outbox.
    void letGo(const QString &groupId, const QString &name);
    // A change of this kind to this group waits in the outbox.
    bool isWaiting(const QString &groupId, std::initializer_list<OutboxChange::Kind> kinds) const;
    // Deleted here: no list that arrives shows it.
    bool isHidden(const QString &groupId) const;
    // The marks of all groups may have changed: the sending paused or resumed, say.
    void markWaitingGroups();
    // The same for the row of one create, as long as the sending has not paused or resumed
    // since (then all again).
    void markWaitingGroup(const OutboxChange &change, Outbox::Touch how);
    bool isMarkedWaiting(const QString &id) const;
    void showPlaceholder(const OutboxChange &create);
    void removePlaceholder(const OutboxChange &create);
    QString nameOf(const QString &groupId) const;
    bool removeGroup(const QString &groupId);
    void keepLocalChanges(KpiGroup &group) const;
    bool isBeingDeleted(const QString &groupId) const override;
    QSet<QString> groupsBeingDeleted() const override;

    ChangeSender *m_sender;
    const PeerChanges *m_peers = nullptr;
    KpiGroupsClient *m_client;
    GroupListModel *m_model;
    QList<QPointer<GroupCall>> m_fetches;
    // Groups taken out of the list while their delete waits: put back if it is refused.
    QHash<QString, KpiGroup> m_deleting;
    bool m_markedWhilePaused = false; // the sending had paused when all groups were last marked
    GroupListRefresh *m_list;
};

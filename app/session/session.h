#pragma once

#include "changesender.h"
#include "connection.h"
#include "connectionsettings.h"
#include "edithistory.h"
#include "groupactions.h"
#include "groupkpiactions.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "groupnames.h"
#include "kpigroupsclient.h"
#include "kpiplacements.h"
#include "outbox.h"
#include "peerchanges.h"
#include "serverreach.h"
#include "undoredo.h"
#include "usernames.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>

class GroupCache;
class OutboxModel;

// One connection to the API, from opening to leaving: its client, its groups and the shown
// group's KPIs, what a person does to them (GroupActions, GroupKpiActions and the removal
// queue), the refresh and the cached list. It knows nothing of widgets: a window binds to its
// models and signals and turns what a person does into calls on it. Switching connections is
// leaving one session and opening another; a session that is left sends what it still has to
// send, on its own connection, and says when it is done.
class Session : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultLeaveLimit{15000};

    explicit Session(const Connection &connection, QObject *parent = nullptr);
    ~Session() override;

    // A saved connection: its last list is kept in `cache` and shown at once when it opens, and
    // the group shown when it was left is shown again, the list in view where it was (the group
    // that was first in view, `topGroupToRestore`). A connection for one run leaves no trace.
    // Both from the settings the caller has read already (reading them here would cost a
    // settings file read on the GUI thread at every connect).
    void setRemembered(std::shared_ptr<const GroupCache> cache, const QString &groupToRestore,
                       const QString &topGroupToRestore = {});
    bool isRemembered() const { return m_remembered; }
    // The first group in view when this connection was last left (when remembered).
    const QString &topGroupToRestore() const { return m_topGroupToRestore; }
    // The first group the window has in view: remembered on leaving, with the group shown.
    void setTopGroup(const QString &groupId) { m_topGroup = groupId; }
    // The name the person gave the connection (empty: its default one), in place().
    void setName(const QString &name) { m_name = name; }
    // The changes of this connection are kept in a journal in `directory` (the user's data
    // directory when empty) until the server answers them, across quitting and crashes; when it
    // opens, the session sends first what earlier runs left. Without it they live in memory.
    void keepOutbox(const QString &directory = {});
    // Shows the cached list, if any, and loads the account's groups.
    void open();
    // Shows the cached list and what waits, without asking the server: its token is not known
    // yet (the keychain could not give it).
    void openWithoutToken();

    const Connection &connection() const { return m_client.connection(); }
    SavedConnection place() const { return {connection().baseUrl, connection().accountId, m_name}; }
    KpiGroupsClient *client() { return &m_client; }
    GroupListModel *groups() { return &m_groups; }
    GroupKpisModel *kpis() { return &m_kpis; }
    GroupActions *actions() { return &m_actions; }
    KpiRemovalQueue *removals() { return m_kpiActions.queue(); }
    // Adding KPIs to groups and moving them between groups.
    KpiPlacements *placements() { return &m_placements; }
    // The changes the server has not answered yet, and what sends them.
    Outbox *outbox() { return &m_outbox; }
    ChangeSender *sender() { return &m_sender; }
    // The server could not be reached: the session works from what it has, and tries again.
    bool isOffline() const { return m_reach.isOffline(); }
    // What waits in the outbox, for the window to tell: how many changes, the first of them in
    // order, whether one of them failed, and whether the sending pauses for want of a server.
    int waitingCount() const { return int(m_outbox.size()); }
    QList<OutboxChange> firstWaiting(qsizetype count) const
    {
        return m_outbox.changes().first(count);
    }
    bool hasFailedChanges() const { return m_outbox.failingCount() > 0; }
    bool isSendingPaused() const { return m_sender.isWaiting(); }
    // When the sending tries the server again (invalid: not waiting).
    QDateTime nextTry() const { return m_sender.nextTry(); }
    // What waits, and the names typed and not saved, as rows with the names of their groups.
    OutboxModel *newOutboxModel(QObject *parent);
    // Why the changes cannot be kept on disk now (empty: they can), and whether they are.
    QString diskProblem() const { return m_outbox.diskProblem(); }
    bool keepsChangesOnDisk() const { return m_outbox.keepsChangesOnDisk(); }
    // When the list shown was the server's (a cached list's saving time).
    QDateTime listTime() const { return m_listTime; }
    // The person's renames, stars and KPI removals, to undo and redo.
    EditHistory *history() { return &m_history; }
    // What Edit → Undo and Redo would do ("Star “Sales”"), empty when nothing.
    QString undoDescription() const { return m_history.undoDescription(); }
    QString redoDescription() const { return m_history.redoDescription(); }
    // The names of the people the views show, asked for as they are shown.
    UserNames *userNames() { return &m_userNames; }
    // The names of the groups a KPI is in, those the list does not hold asked for.
    GroupNames *groupNames() { return &m_groupNames; }
    bool isLoading() const { return m_actions.isRefreshing(); }
    // A list has been shown (cached, a first page or whole): an empty one means no groups.
    bool hasList() const { return m_listShown; }

    // What a person does. A refresh reads what changed since the list shown (F5), or the
    // whole list (Shift+F5): see GroupActions::Refresh.
    using Refresh = GroupActions::Refresh;
    void refresh(Refresh how = Refresh::Changes);
    // The group the person is on: its KPIs are loaded, and it is shown again next time.
    void showGroup(const QString &groupId);
    // A name typed is checked where it was typed; text is checked here (see GroupActions).
    void createGroup(const GroupName &name) { m_actions.createGroup(name); }
    void createGroup(const QString &name) { m_actions.createGroup(name); }
    void renameGroup(const QString &groupId, const GroupName &name);
    void renameGroup(const QString &groupId, const QString &name);
    void deleteGroup(const QString &groupId) { m_actions.deleteGroup(groupId); }
    void setFavorite(const QString &groupId, bool favorite);
    void toggleFavorite(const QString &groupId);
    // Several groups at once, each as one would be.
    void setFavorites(const QStringList &groupIds, bool favorite);
    void deleteGroups(const QStringList &groupIds);
    void undoRemoval(quint64 batch);
    // The server offers adding KPIs to groups, as far as is known (see addKpiToGroupVerb).
    bool offersKpiAdding() const { return m_client.offersKpiAdding(); }
    // Why these KPIs cannot go to `toGroupId` (from `fromGroupId`, empty for an add), or empty.
    QString placementRefusal(const QList<Kpi> &kpis, const QString &fromGroupId,
                             const QString &toGroupId) const
    {
        return m_placements.refusal(kpis, fromGroupId, toGroupId);
    }
    // KPIs put in another group too (add), or taken out of theirs into it (move); each is one
    // change, and one step of the history.
    void addKpis(const QList<Kpi> &kpis, const QString &toGroupId)
    {
        m_placements.add(kpis, toGroupId);
    }
    void moveKpis(const QList<Kpi> &kpis, const QString &fromGroupId, const QString &toGroupId)
    {
        m_placements.move(kpis, fromGroupId, toGroupId);
    }
    // The last change in the history, undone (a KPI removal only while its undo window is
    // open), or the last undone change, made again.
    void undo() { m_undoRedo.undo(); }
    void redo() { m_undoRedo.redo(); }

    // Changes the person made that the server has not answered yet, KPI removals still in their
    // undo window included.
    int unsentChanges() const;
    // Ends the pause of the outbox (and of going offline): tries the server now.
    void sendNow();
    // The person gave up on changes: they leave the outbox unsent, and the list shows what the
    // server has again.
    void discard(const QList<quint64> &changeIds);
    void discardAll();
    // Names typed and not saved, by group id, kept in the journal (see Outbox::drafts()).
    const QHash<QString, QString> &drafts() const { return m_outbox.drafts(); }
    void setDraft(const QString &groupId, const QString &text) { m_outbox.setDraft(groupId, text); }
    void discardDraft(const QString &groupId);
    // Another session of this connection has ended: what it left unsent is sent by this one.
    void takeOverOutbox() { m_outbox.takeOver(); }
    // Stops loading, sends what is still to be sent and emits left() once it is all answered,
    // or after `limit` with what is still unsent. At once, when there is nothing to send.
    void leave(std::chrono::milliseconds limit = defaultLeaveLimit);
    bool isLeaving() const { return m_leaving; }
    // After leave() gave up: keeps trying, without a limit, and emits left(0) once the outbox is
    // empty; tries close together while someone watches and waits.
    enum class Watched
    {
        No,
        Yes
    };
    void waitForOutbox(Watched watched = Watched::Yes);
    bool isWaitingForOutbox() const { return m_waitingForOutbox; }
    // It can send what waits without the person (its token was not refused).
    bool sendsByItself() const { return !m_sender.waitsForThePerson(); }

Q_SIGNALS:
    void loadingStarted();
    void loadingProgressed(qsizetype loaded, qsizetype total);
    void loadingFinished(qsizetype count);
    // The list could not be read whole: `count` groups are shown of the `claimed`, and failed()
    // says why, with a retry. The cache keeps the last whole list.
    void loadingIncomplete(qsizetype count, qsizetype claimed);
    // The loading ended without a new list; failed() or tokenRefused() says why.
    void loadingFailed();
    void cachedListShown(const QDateTime &savedAt, qsizetype count);
    // The session's first list is shown: the cached one, a first page or the whole list.
    void firstListShown();
    // A list to choose a group from is shown (not only a first page): `groupId` is the group
    // shown when this connection was last left, when the list has it, else empty.
    void initialGroupChosen(const QString &groupId);
    void groupCreated(const KpiGroup &group);
    void renameConfirmed(const QString &groupId, const QString &name);
    void renameRefused(const QString &groupId, const QString &attemptedName, const QString &reason);
    // KPIs left a group; undoRemoval(batch) puts them back until the undo window is over.
    void removalQueued(quint64 batch, const QString &text, int undoWindowMs);
    void removalSent(quint64 batch);
    void informed(const QString &text);
    // Something failed; `retry`, when set, does it again.
    void failed(const QString &text, const std::function<void()> &retry);
    // The token was refused: the connection must be fixed before anything else works.
    void tokenRefused(const QString &message);
    // leave() is over: everything was sent and answered (`unsent` is 0), or it gave up after
    // its limit, or at once with the server out of reach: `unsent` changes wait in the outbox.
    void left(int unsent);
    void offlineChanged(bool offline);
    // What waits in the outbox changed: a change came, went, or failed again.
    void outboxChanged();
    // The sending paused (a change could not reach the server) or resumed.
    void sendingChanged();
    // What can be undone or redone changed.
    void historyChanged();
    // What earlier runs left could not be read, all of it (`whole`) or some changes; it was set
    // aside as `file`.
    void outboxDamaged(const QString &file, bool whole);
    // The drafts changed; draftsFound() when the journal brought some, from an earlier run.
    void draftsChanged();
    void draftsFound(const QHash<QString, QString> &drafts);
    // A rename, or a name typed, that the person discarded: the name field shows the group's
    // name again.
    void renameDiscarded(const QString &groupId);
    // The changes can no longer be kept on disk (`why`), or can again (empty): until then they
    // live in memory only, and are lost if the app ends before the server has them.
    void diskProblemChanged(const QString &why);
    // The server showed it does not offer adding KPIs to groups: the add and the move are no
    // longer offered (said once, with informed()).
    void kpiAddingUnavailable();

private:
    void wireLoading();
    void wireChanges();
    void wireHistory();
    bool tellBulkDelete(const QString &groupId, bool confirmed);
    QString groupName(const QString &groupId) const;
    void listShown(bool whole);
    void chooseInitialGroup();
    void tellDrafts();
    void rememberCurrentGroup();
    void leaveIfSettled();
    void finishLeaving();
    void wireOutbox();
    // The other windows of the connection: what they wait to send shows here at once, and what
    // they sent is read from the server.
    void wirePeers();
    // Back online: what waits goes first, then the list is read again.
    void cameBack();

    // Declared in the order they depend on each other: destroyed in reverse.
    KpiGroupsClient m_client;
    Outbox m_outbox;
    ChangeSender m_sender;
    ServerReach m_reach;
    UserNames m_userNames;
    GroupListModel m_groups;
    GroupKpisModel m_kpis;
    PeerChanges m_peers;
    GroupNames m_groupNames;
    GroupActions m_actions;
    GroupKpiActions m_kpiActions;
    KpiPlacements m_placements;
    EditHistory m_history;
    UndoRedo m_undoRedo;
    struct BulkDelete
    {
        QSet<QString> waiting; // not answered yet
        int confirmed = 0;
    };
    BulkDelete m_bulkDelete;

    bool m_remembered = false;
    std::shared_ptr<const GroupCache> m_cache;
    QString m_groupToRestore;
    QString m_topGroupToRestore;
    QString m_currentGroup;
    QString m_topGroup;
    QString m_name;
    bool m_listShown = false;
    bool m_tellDrafts = false;      // drafts of an earlier run, to be told once a list is shown
    bool m_chooseWhenWhole = false; // a first page is shown; the choice waits for the rest
    bool m_loading = false;
    bool m_leaving = false;
    QTimer m_leaveLimit;
    QTimer m_readWhatPeersSent;
    bool m_waitingForOutbox = false;
    bool m_refreshWhenSent = false;
    QDateTime m_listTime;
};

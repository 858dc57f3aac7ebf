#pragma once

#include "apicall.h"
#include "kpigroup.h"
#include "outbox.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class ChangeSender;
class GroupCache;
class GroupListModel;
class KpiGroupsClient;
class PagedRefresh;
struct KpiGroup;

// What a person does to KPI groups, shown in the model at once and sent through the outbox
// (ChangeSender): stars, renames and deletes roll back, visibly, when the server says no, and
// stay shown while they wait for a server that cannot be reached, over every list that arrives
// meanwhile, the cached list of a later start included.
class GroupActions : public QObject
{
    Q_OBJECT

public:
    GroupActions(ChangeSender *sender, GroupListModel *model, QObject *parent = nullptr);
    ~GroupActions() override;

    // Keeps the lists of this connection in `cache`, under `key`.
    void setCache(std::shared_ptr<const GroupCache> cache, const QString &key);
    // Shows the cached list at once, unless a fresh one arrives first.
    void showCached();
    // How a refresh reads the server's list.
    enum class Refresh
    {
        // What changed, when a whole list is shown: every group's id and dateUpdated, the
        // groups starred, then the groups that changed or are new (and what is no longer listed
        // is gone); a whole reading when no whole list is shown, every tenth time, an hour
        // after the last, when a quarter of the list changed, and when the server does not
        // answer what is asked as asked.
        Changes,
        // The whole list, every group of it, compared with what is shown.
        Full,
    };
    // Refreshes by difference after this many in a row, or this long after a whole reading, the
    // list is read whole again: what a difference cannot see (a group changed on the server
    // without a new dateUpdated) is seen then.
    static constexpr int wholeReadingEvery = 10;
    static constexpr std::chrono::minutes wholeReadingAfter{60};
    void refresh(Refresh how = Refresh::Changes);
    bool isRefreshing() const { return m_refresh != 0 || m_refreshAfterCache; }
    void createGroup(const QString &name);
    // By value: showing the change can move the selection, and whatever a reference pointed to.
    void renameGroup(QString groupId, QString name);
    bool isRenaming(const QString &groupId) const;
    void deleteGroup(const QString &groupId);
    bool isDeleting(const QString &groupId) const;
    void setFavorite(QString groupId, bool favorite);
    void toggleFavorite(QString groupId);
    // Changes the person made that the server has not answered (a star, a name, a new or
    // deleted group), on their way or waiting.
    int pendingChangeCount() const;
    // Shows the changes that wait in the outbox over the list as it is now (after a start, once
    // the journal has been read).
    void showWaitingChanges();
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
    void refreshStarted();
    void refreshProgress(qsizetype loaded, qsizetype total);
    void refreshed(qsizetype count);
    // The server's list could not be read whole: `count` groups are shown of the `claimed`.
    void refreshedIncomplete(qsizetype count, qsizetype claimed, const QString &why);
    void cachedShown(const QDateTime &savedAt, qsizetype count);
    // On a first load, the first page is shown while the others are on their way.
    void firstPageShown(qsizetype count, qsizetype total);
    void created(const KpiGroup &group);
    void renamed(const QString &groupId, const QString &name);
    void renameFailed(const QString &groupId, const QString &attemptedName, const QString &reason);
    void deleted(const QString &groupId, const QString &name);
    // Someone else deleted it: it has left the list.
    void vanished(const QString &groupId, const QString &name);
    // Something failed; `retry`, when set, does it again.
    void failed(const QString &message, const std::function<void()> &retry);
    // The token was refused: the connection must be fixed before anything else works.
    void unauthorized(const QString &message);
    // The list could not be read; `error` says whether the server could be reached at all.
    void refreshFailed(const ApiError &error, const QString &message);

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
    void markWaitingGroups();
    // The same for the group of one change, as long as the sending has not paused or resumed
    // since (then all again).
    void markWaitingGroup(const OutboxChange &change);
    void markSomeGroups(quint64 run);
    bool isMarkedWaiting(const QString &id) const;
    void showPlaceholder(const OutboxChange &create);
    void removePlaceholder(const OutboxChange &create);
    QString nameOf(const QString &groupId) const;
    void startRefresh();
    // Whether this refresh reads only what changed (see Refresh::Changes).
    bool readsDifference() const;
    void readWhole();
    void readDifference();
    // Once both listings of a difference are read: the rest of the groups that changed, once
    // every stamp is compared.
    void differenceListed();
    // The groups whose stamps differ, or are new: fetched whole.
    void fetchChanged(const QStringList &ids);
    void finishDifference();
    // The difference could not be read as asked (a server that does not filter, a list that
    // kept moving): the whole list is read instead, or the refresh fails as a reading does.
    void differenceFailed(const ApiError &error);
    void readWholeInstead();
    void refreshFailedWith(const ApiError &error);
    void takePage(const QList<KpiGroup> &page, qsizetype offset, qsizetype total);
    // Stops the refresh under way: its call, and what it has not shown yet.
    void endRefresh();
    bool removeGroup(const QString &groupId);
    void dropDeleted(QList<KpiGroup> &groups, QList<QString> &keys) const;
    struct Incomplete
    {
        qsizetype claimed;
        QString why;
    };
    // What a refresh by difference learned besides its pages: the groups gone since they were
    // listed, and the groups starred (by id; a whole reading of them).
    struct Difference
    {
        QStringList gone;
        QHash<QString, bool> starred;
    };
    void finishRefresh(quint64 refresh, std::unique_ptr<PagedRefresh> paged,
                       std::optional<Incomplete> incomplete,
                       std::optional<Difference> difference = std::nullopt);
    void keepLocalChanges(KpiGroup &group) const;
    static void overlay(KpiGroup &group, const QList<OutboxChange> &waiting);

    ChangeSender *m_sender;
    KpiGroupsClient *m_client;
    GroupListModel *m_model;
    QList<QPointer<GroupCall>> m_fetches;
    // Groups taken out of the list while their delete waits: put back if it is refused.
    QHash<QString, KpiGroup> m_deleting;
    // The refresh under way (0: none), numbered so that what a refresh left behind finishes
    // only while it is the last one; its call ends before it does.
    quint64 m_refresh = 0;
    quint64 m_lastRefresh = 0;
    QList<QPointer<ApiCall>> m_refreshCalls;
    Refresh m_refreshHow = Refresh::Changes;
    // A whole list is shown (cached, or read whole): a difference can be read against it.
    bool m_wholeListShown = false;
    int m_differencesRead = 0; // since the last whole reading
    QElapsedTimer m_sinceWholeReading;
    // A refresh by difference under way: what its listings said so far.
    struct ReadingDifference
    {
        bool stampsRead = false;
        std::optional<QHash<QString, bool>> starred;
        bool compared = false; // every stamp, once both listings were read
        qsizetype fetched = 0; // groups asked for
        int fetching = 0;      // calls on their way
        bool givenUp = false;  // so much changed that the list is read whole instead
        QStringList gone;      // stamped, and 404 when fetched
    } m_difference;
    std::shared_ptr<const GroupCache> m_cache;
    QString m_cacheKey;
    bool m_listArrived = false;
    bool m_showingFirstPage = false;
    bool m_readingCache = false;
    bool m_markedWhilePaused = false; // the sending had paused when all groups were last marked
    QStringList m_marking;            // the rows being marked, a slice at a time
    qsizetype m_markedUpTo = 0;
    quint64 m_markingRun = 0;
    bool m_refreshAfterCache = false;
    std::unique_ptr<PagedRefresh> m_paged;
    // What the person created and deleted while a refresh was read, which its pages may not
    // know yet: neither removed nor brought back by them.
    struct DuringRefresh
    {
        QHash<QString, KpiGroup> made;
        QSet<QString> deleted;
    } m_duringRefresh;
};

#pragma once

#include "apicall.h"
#include "groupstamp.h"
#include "kpigroup.h"
#include "outbox.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <chrono>
#include <memory>
#include <optional>

class GroupCache;
class GroupListModel;
class KpiGroupsClient;
class PagedRefresh;

// Reads the server's list of groups into the model: the cached list at once, then a refresh,
// read whole or by difference, compared with what is shown and laid under what the person did
// meanwhile, and kept in the cache when whole.
class GroupListRefresh : public QObject
{
    Q_OBJECT

public:
    // What the person did that a list read from the server may not show yet (GroupActions').
    class Overlay
    {
    public:
        // Being deleted here: no list that arrives shows it.
        virtual bool isBeingDeleted(const QString &groupId) const = 0;
        virtual QSet<QString> groupsBeingDeleted() const = 0;
        // The model holds a list read anew: the changes that wait are shown over it.
        virtual void showWaitingChanges() = 0;
        // The model was updated in place by what the server listed: what other windows of the
        // connection wait to send is shown over it again.
        virtual void showOthersChanges() = 0;

    protected:
        ~Overlay() = default;
    };

    GroupListRefresh(KpiGroupsClient *client, const Outbox *outbox, GroupListModel *model,
                     Overlay *overlay, QObject *parent = nullptr);
    ~GroupListRefresh() override;

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
    // Cancels the refresh under way.
    void stop();
    // What the person creates and deletes while a list is read, which its pages may not know
    // yet: neither removed nor brought back by them.
    void noteMade(const KpiGroup &group);
    void noteDeleted(const QString &groupId);
    bool wasDeletedWhileRead(const QString &groupId) const;
    // Lays the changes that wait over a group a list or a fetch brought.
    static void overlay(KpiGroup &group, const QList<OutboxChange> &waiting);

Q_SIGNALS:
    void loadingStarted();
    void loadingProgressed(qsizetype loaded, qsizetype total);
    void loadingFinished(qsizetype count);
    // The server's list could not be read whole: `count` groups are shown of the `claimed`.
    void loadingIncomplete(qsizetype count, qsizetype claimed, const QString &why);
    void cachedListShown(const QDateTime &savedAt, qsizetype count);
    // On a first load, the first page is shown while the others are on their way.
    void firstListShown(qsizetype count, qsizetype total);
    // The token was refused: the connection must be fixed before anything else works.
    void tokenRefused(const QString &message);
    // The list could not be read; `error` says whether the server could be reached at all.
    void loadingFailed(const ApiError &error, const QString &message);

private:
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
    // Stops the refresh under way: its calls, and what it has not shown yet.
    void endRefresh();
    bool isHidden(const QString &groupId) const;
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
        QList<GroupStamp> starred;
    };
    // The rows seen whose star differs from the listing of the starred, but for those fetched
    // whole (which came with theirs).
    static QList<std::pair<QString, bool>> starsChanged(const QList<KpiGroup> &groups,
                                                        const QList<bool> &seen,
                                                        const QList<GroupStamp> &starred,
                                                        const QList<KpiGroup> &changed,
                                                        const QList<KpiGroup> &added);
    void finishRefresh(quint64 refresh, std::unique_ptr<PagedRefresh> paged,
                       std::optional<Incomplete> incomplete,
                       std::optional<Difference> difference = std::nullopt);

    KpiGroupsClient *m_client;
    const Outbox *m_outbox;
    GroupListModel *m_model;
    Overlay *m_overlay;
    // The refresh under way (0: none), numbered so that what a refresh left behind finishes
    // only while it is the last one; its calls end before it does.
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
        std::optional<QList<GroupStamp>> starred;
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
    bool m_refreshAfterCache = false; // until the cached list is read, and painted
    static constexpr std::chrono::milliseconds cachedPaintTime{20};
    std::unique_ptr<PagedRefresh> m_paged;
    // A refresh in its last comparing, held by what runs at its end (finishLoading): abandoned
    // with this object, whose end it would run, against a model maybe gone too.
    std::weak_ptr<PagedRefresh> m_finishing;
    struct DuringRefresh
    {
        QHash<QString, KpiGroup> made;
        QSet<QString> deleted;
    } m_duringRefresh;
};

#pragma once

#include "apierror.h"
#include "apijson.h"
#include "apirequest.h"
#include "connection.h"
#include "kpi.h"
#include "kpigroup.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <chrono>
#include <functional>
#include <memory>

class QNetworkReply;
class QTimer;

// How hard the client tries before it reports a failure.
struct RetryPolicy
{
    // Attempts for idempotent requests (GET, PUT, DELETE) that fail on the network, time out or
    // get a 5xx; POST and PATCH are sent once.
    int maxAttempts = 3;
    std::chrono::milliseconds firstBackoff{400};       // doubles after each failed attempt
    int maxRateLimitWaits = 3;                         // 429s waited out, for any request
    std::chrono::seconds maxRetryAfter{30};            // a longer Retry-After fails at once
    std::chrono::milliseconds transferTimeout{30000};  // silence, at any point of an attempt
    std::chrono::milliseconds attemptDeadline{120000}; // one attempt, however busy the line
    qsizetype pageSize = 1000; // for listAllGroups, until the server shows it wants less
    int parallelPages = 6;     // QNetworkAccessManager opens at most six connections to a host
};

// The one way the app, the command line and the tests talk to the KPI Groups API.
//
// Every call returns a request id at once and ends later in exactly one signal: its own success
// signal, or requestFailed. cancel() ends a request with requestFailed(Cancelled). Destroying the
// client abandons what is in flight without any further signal.
class KpiGroupsClient : public QObject
{
    Q_OBJECT

public:
    explicit KpiGroupsClient(QObject *parent = nullptr);
    ~KpiGroupsClient() override;

    void setConnection(const Connection &connection);
    const Connection &connection() const { return m_connection; }
    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }
    const RetryPolicy &retryPolicy() const { return m_policy; }

    RequestId listGroups(const ListQuery &query = {});
    // How listAllGroups hands the list over.
    enum class Delivery
    {
        WholeList, // each page, then the whole list in groupsListed
        PagesOnly, // each page only; groupsListed comes with no groups, for callers that fold
                   // the pages into a list of their own (never two whole lists in memory)
    };
    // Every page of a (filtered, sorted) list, fetched in parallel: the same list as one big
    // request, or a failure. The query's skip and take are ignored; without a sort, by id.
    RequestId listAllGroups(const ListQuery &query = {}, Delivery delivery = Delivery::WholeList);
    // Every KPI of the account (GET /kpis, all pages): for the KPI counts of all groups.
    RequestId listAllKpis(const ListQuery &query = {});
    RequestId getGroup(const QString &groupId);
    // `triedAt`: when the same create was sent before without an answer (an earlier run): the
    // groups of that name made since are looked for first, and it is sent only if there is none.
    RequestId createGroup(const QString &name, const QDateTime &triedAt = {});
    RequestId renameGroup(const QString &groupId, const QString &name);
    RequestId deleteGroup(const QString &groupId);
    RequestId favoriteGroup(const QString &groupId);
    RequestId unfavoriteGroup(const QString &groupId);
    RequestId listGroupKpis(const QString &groupId);
    RequestId removeKpiFromGroup(const QString &kpiId, const QString &groupId);
    // The names of these people (GET /users), for showing them instead of their ids.
    RequestId listUsers(const QStringList &userIds);

    void cancel(RequestId id);
    bool isPending(RequestId id) const { return m_pending.contains(id); }
    int pendingCount() const { return int(m_pending.size()); }

    // Client-side checks of a group name, the same as the API's: trimmed, 1 to 255 characters.
    static QString nameProblem(const QString &name);
    static constexpr qsizetype maxNameLength = 255;

Q_SIGNALS:
    void groupsListed(RequestId id, const QList<KpiGroup> &groups, qsizetype totalCount);
    void groupsListProgress(RequestId id, qsizetype loaded, qsizetype total);
    // Each page of listAllGroups as it arrives, in any order; `offset` is where it starts in
    // the list. Pages can come back short when the list changed while it was read.
    void groupsPageListed(RequestId id, const QList<KpiGroup> &page, qsizetype offset,
                          qsizetype total);
    // The list changed while listAllGroups read it: it is read again, and its pages come again
    // (with PagesOnly, groupsListed then brings the whole list when two readings were merged).
    void groupsListRestarted(RequestId id);
    // listAllGroups could not read the whole list: what it read (the same delivery as
    // groupsListed), how many the server claimed, and why. Never to be shown as the whole list.
    void groupsListedIncomplete(RequestId id, const QList<KpiGroup> &groups, qsizetype claimed,
                                const QString &why);
    // listAllGroups read the whole list, and it is not as long as the server's count said: the
    // count was not obeyed (pages are read until one is not full). Comes before groupsListed.
    void groupsMiscounted(RequestId id, qsizetype claimed, qsizetype read);
    void groupFetched(RequestId id, const KpiGroup &group);
    void groupCreated(RequestId id, const KpiGroup &group);
    void groupRenamed(RequestId id, const QString &groupId, const QString &name);
    void groupDeleted(RequestId id, const QString &groupId);
    void groupFavorited(RequestId id, const QString &groupId);
    void groupUnfavorited(RequestId id, const QString &groupId);
    void groupKpisListed(RequestId id, const QString &groupId, const QList<Kpi> &kpis);
    // listGroupKpis: the server also sent KPIs that are not in the group (it did not filter as
    // asked); they were left out of groupKpisListed, which follows.
    void otherGroupsKpisLeftOut(RequestId id, const QString &groupId, qsizetype count);
    void kpisListed(RequestId id, const QList<Kpi> &kpis, qsizetype totalCount);
    void kpiRemovedFromGroup(RequestId id, const QString &kpiId, const QString &groupId);
    // By id; people the server does not know are left out.
    void usersListed(RequestId id, const QHash<QString, QString> &names);
    void requestFailed(const RequestInfo &request, const ApiError &error);

private:
    struct Outcome
    {
        int status = 0;
        QByteArray body;
    };
    using Success = std::function<void(RequestId, const Outcome &)>;
    // Handles a failure the caller can get around (a page size refused); true when it did.
    using Recover = std::function<bool(const ApiError &)>;
    struct Pending
    {
        RequestInfo info;
        QList<QPointer<QNetworkReply>> replies;
        QList<QPointer<QTimer>> timers;
        // For a change that is not sent twice (POST, PATCH): finds out from the server whether
        // it was carried out when it went out and no answer came.
        std::function<void()> reconcile;
        // Set while reconciling: what a failure to find out is reported as.
        std::optional<ApiError> unknownOutcome;
    };
    // Where a request's attempts stand.
    struct Attempt
    {
        int number = 1;
        int rateLimitWaits = 0;
        bool mayHaveLanded = false; // an earlier attempt of a change went out, unanswered
    };
    template<typename T>
    struct Listing;

    RequestId start(RequestInfo info, const ApiRequest &request, Success success);
    RequestId begin(RequestInfo info);
    void transfer(RequestId owner, const ApiRequest &request, Success success, Attempt attempt,
                  Recover recover = {});
    void onReplyFinished(RequestId owner, QNetworkReply *reply, QByteArray body,
                         const ApiRequest &request, const Success &success, Attempt attempt,
                         const Recover &recover);
    // Reads a reply's body as it arrives, into the buffer returned, and stops the reply when it
    // grows past its limit or its attempt's deadline.
    std::shared_ptr<QByteArray> limit(QNetworkReply *reply, Endpoint endpoint);
    ApiError errorOf(QNetworkReply *reply, const ApiRequest &request, const QByteArray &body,
                     bool *succeeded) const;
    struct CreateSearch;
    // By value: they run from the reconcile function of the request, which they may outlive.
    void reconcileCreate(RequestId id, QString name, QDateTime sentAt,
                         std::function<void()> absent);
    // One page more of the search for the group a create not answered may have made.
    void searchForCreated(RequestId id, const std::shared_ptr<CreateSearch> &search);
    void reconcileRename(RequestId id, QString groupId, QString name);
    void retryLater(RequestId owner, std::chrono::milliseconds delay, std::function<void()> retry);
    void failSoon(RequestId id, const ApiError &error);
    void fail(RequestId id, const ApiError &error);
    // Ends a request: forgets it and stops what it still has in flight. Empty if it had ended.
    std::optional<RequestInfo> finish(RequestId id);
    template<typename Result>
    void inBackground(RequestId id, std::function<Result()> work,
                      std::function<void(Result &&)> then);
    template<typename T>
    RequestId listAll(Endpoint endpoint, const std::shared_ptr<Listing<T>> &listing);
    template<typename T>
    void planPages(RequestId id, const std::shared_ptr<Listing<T>> &listing);
    template<typename T>
    void fetchPage(RequestId id, const std::shared_ptr<Listing<T>> &listing, qsizetype offset,
                   qsizetype take);
    template<typename T>
    void takePage(RequestId id, const std::shared_ptr<Listing<T>> &listing, qsizetype offset,
                  qsizetype take, ApiJson::Page<T> &&page);
    template<typename T>
    static void placeAt(QList<T> &list, qsizetype offset, QList<T> &&items);
    template<typename T>
    static QList<T> takeReading(Listing<T> &listing, QList<int> *pageOf);
    template<typename T>
    void finishPass(RequestId id, const std::shared_ptr<Listing<T>> &listing);
    template<typename T>
    void finishListing(RequestId id, const std::shared_ptr<Listing<T>> &listing,
                       const QString &incompleteBecause,
                       std::optional<QList<T>> merged = std::nullopt);
    template<typename T>
    static std::pair<QList<T>, bool> mergeReadings(const QList<T> &previous,
                                                   const QList<int> &previousPages, QList<T> &last,
                                                   const QList<int> &lastPages);

    QNetworkAccessManager m_manager;
    Connection m_connection;
    RetryPolicy m_policy;
    QHash<RequestId, Pending> m_pending;
    RequestId m_lastId = 0;
    qsizetype m_learnedPageSize = 0; // the server's, for this connection; 0 until it shows one
};

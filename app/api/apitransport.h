#pragma once

#include "apicall.h"
#include "apirequest.h"
#include "connection.h"

#include <QFutureWatcher>
#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QtConcurrent>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

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
    // Over HTTP/2, where every request to the host shares one connection (its streams, of which
    // servers allow 100 or more at once).
    int http2ParallelPages = 16;
};

// Carries the calls' HTTP requests: each attempt, its limits in bytes and time, retries and
// waits, and the end of each call in exactly one signal. A call's HTTP requests (one, or a
// listing's pages, or a change and the reads that find out whether it was made) all end with it.
class ApiTransport : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        int status = 0;
        QByteArray body;
    };
    using Success = std::function<void(const Outcome &)>;
    // Handles a failure the caller can get around (a page size refused); true when it did.
    using Recover = std::function<bool(const ApiError &)>;

    explicit ApiTransport(QObject *parent = nullptr);
    ~ApiTransport() override;

    void setConnection(const Connection &connection);
    const Connection &connection() const { return m_connection; }
    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }
    const RetryPolicy &retryPolicy() const { return m_policy; }

    // A call of type C, numbered, in flight until it ends; its parent deletes it if it never
    // does (the client's end).
    template<typename C>
    C *begin(RequestInfo info, QObject *parent)
    {
        info.id = ++m_lastId;
        logStart(info);
        auto *call = new C(info, this, parent);
        m_pending.insert(info.id, Pending{call, {}, {}, {}, {}});
        return call;
    }
    // Fails the call soon when its connection or its request is not usable; true when it did.
    bool refuse(ApiCall *call, const ApiRequest *request = nullptr);
    // One HTTP request of the call; `success` runs with its answer, unless the call ended.
    void send(RequestId call, const ApiRequest &request, Success success, Recover recover = {});

    // How many requests of one call (a listing's pages) go at once: the policy's parallelPages,
    // or its http2ParallelPages once an answer of this connection came over HTTP/2.
    int parallelPages() const;
    bool usesHttp2() const { return m_http2; }

    bool isPending(RequestId id) const { return m_pending.contains(id); }
    int pendingCount() const { return int(m_pending.size()); }

    // Ends a call with succeeded(), after its result was set; false when it had ended.
    template<typename C, typename SetResult>
    bool succeed(RequestId id, SetResult &&setResult)
    {
        ApiCall *call = finish(id);
        if (!call)
            return false;
        setResult(static_cast<C *>(call));
        call->succeed();
        return true;
    }
    bool succeed(RequestId id);
    void fail(RequestId id, const ApiError &error);
    void failSoon(RequestId id, const ApiError &error);
    // Ends it with no signal.
    void abandon(RequestId id);

    // For a change that is not sent twice (POST, PATCH): finds out from the server whether it
    // was carried out when it went out and no answer came.
    void setReconcile(RequestId id, std::function<void()> reconcile);
    // While reconciling: what a failure to find out is reported as (none: the failure itself).
    void setUnknownOutcome(RequestId id, std::optional<ApiError> error);

    // `work` on a worker thread, then `then` with its result here, unless the call ended.
    template<typename Result>
    void inBackground(RequestId id, std::function<Result()> work,
                      std::function<void(Result &&)> then)
    {
        auto *watcher = new QFutureWatcher<Result>(this);
        connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, id, then] {
            watcher->deleteLater();
            // Taken, not copied: a copy shares the page with the future, and the first change
            // to it copied every group of it on this thread.
            if (m_pending.contains(id))
                then(watcher->future().takeResult());
        });
        watcher->setFuture(QtConcurrent::run(std::move(work)));
    }

private:
    struct Pending
    {
        QPointer<ApiCall> call;
        QList<QPointer<QNetworkReply>> replies;
        QList<QPointer<QTimer>> timers;
        std::function<void()> reconcile;
        std::optional<ApiError> unknownOutcome;
    };
    // Where a request's attempts stand.
    struct Attempt
    {
        int number = 1;
        int rateLimitWaits = 0;
        bool mayHaveLanded = false; // an earlier attempt of a change went out, unanswered
    };

    static void logStart(const RequestInfo &info);
    void transfer(RequestId owner, const ApiRequest &request, Success success, Attempt attempt,
                  Recover recover);
    void onReplyFinished(RequestId owner, QNetworkReply *reply, QByteArray body,
                         const ApiRequest &request, const Success &success, Attempt attempt,
                         const Recover &recover);
    // Reads a reply's body as it arrives, into the buffer returned, and stops the reply when it
    // grows past its limit or its attempt's deadline.
    std::shared_ptr<QByteArray> limit(QNetworkReply *reply, Endpoint endpoint);
    void retryLater(RequestId owner, std::chrono::milliseconds delay, std::function<void()> retry);
    // Forgets a call and stops what it still has in flight; null if it had ended.
    ApiCall *finish(RequestId id);

    friend class ApiCall;

    QNetworkAccessManager m_manager;
    Connection m_connection;
    RetryPolicy m_policy;
    QHash<RequestId, Pending> m_pending;
    RequestId m_lastId = 0;
    bool m_http2 = false; // an answer of this connection came over HTTP/2
};

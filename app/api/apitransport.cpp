#include "apitransport.h"

#include "apilog.h"
#include "oneshotbody.h"
#include "replycheck.h"
#include "replylimits.h"

#include <QNetworkReply>
#include <QTimer>

ApiTransport::ApiTransport(QObject *parent)
    : QObject(parent)
{
    // Qt's default follows redirects to other hosts, Authorization header included.
    m_manager.setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

ApiTransport::~ApiTransport()
{
    const QList<RequestId> ids = m_pending.keys();
    for (RequestId id : ids)
        finish(id);
}

void ApiTransport::logStart(const RequestInfo &info)
{
    // Ids, not names: a log can be sent to someone.
    qCDebug(lcApi).noquote() << "call" << info.id << endpointName(info.endpoint) << info.groupId
                             << info.kpiId;
}

void ApiTransport::setConnection(const Connection &connection)
{
    if (connection.baseUrl != m_connection.baseUrl)
        m_http2 = false; // another server may speak otherwise
    m_connection = connection;
}

int ApiTransport::parallelPages() const
{
    return m_http2 ? std::max(m_policy.parallelPages, m_policy.http2ParallelPages)
                   : m_policy.parallelPages;
}

bool ApiTransport::refuse(ApiCall *call, const ApiRequest *request)
{
    if (const QString problem = m_connection.problem(); !problem.isEmpty())
        failSoon(call->id(), ApiError::make(ApiError::Kind::Configuration, problem));
    else if (request && !request->problem.isEmpty())
        failSoon(call->id(), ApiError::make(ApiError::Kind::BadRequest, request->problem));
    else
        return false;
    return true;
}

void ApiTransport::send(RequestId call, const ApiRequest &request, Success success, Recover recover)
{
    transfer(call, request, std::move(success), Attempt{}, std::move(recover));
}

void ApiTransport::transfer(RequestId owner, const ApiRequest &request, Success success,
                            Attempt attempt, Recover recover)
{
    const auto pending = m_pending.find(owner);
    if (pending == m_pending.end())
        return;
    if (!request.problem.isEmpty())
        return failSoon(owner, ApiError::make(ApiError::Kind::BadRequest, request.problem));
    qCDebug(lcApi).noquote() << "call" << owner << request.verb << endpointName(request.endpoint)
                             << "attempt" << attempt.number;
    QNetworkRequest networkRequest = request.toNetworkRequest();
    networkRequest.setTransferTimeout(int(m_policy.transferTimeout.count()));
    QNetworkReply *reply = nullptr;
    if (request.verb == "GET") {
        reply = m_manager.get(networkRequest);
    } else {
        // Sent once by Qt: whether to send a change again is decided here (OneShotBody).
        auto *body = new OneShotBody(request.body, this);
        networkRequest.setHeader(QNetworkRequest::ContentLengthHeader, request.body.size());
        // Buffered, the body could be sent again; streamed from OneShotBody, it cannot.
        networkRequest.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        reply = m_manager.sendCustomRequest(networkRequest, request.verb, body);
        body->setParent(reply);
    }
    pending->replies.append(reply);
    // Connected first: the last of the body is read before the reply is looked at.
    std::shared_ptr<QByteArray> body = limit(reply, request.endpoint);
    connect(reply, &QNetworkReply::finished, this,
            [this, owner, reply, body, request, success = std::move(success), attempt, recover] {
                onReplyFinished(owner, reply, std::move(*body), request, success, attempt, recover);
            });
}

std::shared_ptr<QByteArray> ApiTransport::limit(QNetworkReply *reply, Endpoint endpoint)
{
    using ReplyCheck::Stop;
    const qint64 bodyLimit = endpointSpec(endpoint).answerLimit;
    // Unbounded, Qt reads on while its reply waits for the event loop: 100 MB and more of a fast
    // server's answer before the client sees any of it.
    reply->setReadBufferSize(ReplyLimits::readAhead);
    auto body = std::make_shared<QByteArray>();
    const auto stop = [reply](Stop why) {
        if (ReplyCheck::wasStopped(reply))
            return;
        ReplyCheck::markStopped(reply, why);
        if (!reply->isFinished())
            reply->abort();
    };
    const auto allowed = [reply, bodyLimit] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return status >= 300 ? ReplyLimits::errorBody : bodyLimit;
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, body, stop, allowed] {
        ReplyCheck::markAnswered(reply);
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > allowed())
            return stop(Stop::TooLarge);
        // Its size said (and allowed), the body is not moved as it grows: a page of the whole
        // rest of a list (6 MB) was copied on the GUI thread at each doubling. A size said is
        // not trusted beyond a bound (the body may never come); compressed, it is of what came
        // over the line: a start.
        constexpr qint64 mostReserved = 16 * 1024 * 1024;
        if (length.isValid() && length.toLongLong() > 0)
            body->reserve(qsizetype(std::min(length.toLongLong(), mostReserved)));
    });
    // Read as it arrives, not on downloadProgress: Qt reports progress every 100 ms only.
    const auto read = [reply, body, stop, allowed] {
        // An aborted reply is closed; reading it would only make Qt complain.
        if (!reply->isOpen() || ReplyCheck::wasStopped(reply))
            return;
        if (body->size() + reply->bytesAvailable() > allowed())
            return stop(Stop::TooLarge);
        body->append(reply->readAll());
    };
    connect(reply, &QNetworkReply::readyRead, reply, read);
    connect(reply, &QNetworkReply::finished, reply, read);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, stop] {
        if (!reply->isFinished())
            stop(Stop::Deadline);
    });
    deadline->start(m_policy.attemptDeadline);
    return body;
}

void ApiTransport::onReplyFinished(RequestId owner, QNetworkReply *reply, QByteArray body,
                                   const ApiRequest &request, const Success &success,
                                   Attempt attempt, const Recover &recover)
{
    reply->deleteLater();
    const auto pending = m_pending.find(owner);
    if (pending == m_pending.end())
        return;
    pending->replies.removeAll(reply);
    if (reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool())
        m_http2 = true;

    const EndpointSpec &spec = endpointSpec(request.endpoint);
    const std::optional<ApiError> failure =
        ReplyCheck::errorOf(reply, request, body, m_policy.attemptDeadline);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // The kind of failure, not its message: messages can hold names.
    qCDebug(lcApi) << "call" << owner << "answered" << status << body.size() << "bytes"
                   << (failure ? int(failure->kind) : -1);
    if (!failure)
        return success(Outcome{status, body});
    const ApiError &error = *failure;
    // A DELETE whose earlier attempt may have been carried out: "not found" is its outcome.
    if (error.kind == ApiError::Kind::NotFound && attempt.mayHaveLanded && request.verb == "DELETE")
        return success(Outcome{status, {}});

    if (error.kind == ApiError::Kind::RateLimited &&
        attempt.rateLimitWaits < m_policy.maxRateLimitWaits) {
        const std::optional<std::chrono::milliseconds> asked = ReplyCheck::retryAfter(reply);
        const std::chrono::milliseconds wait = asked.value_or(m_policy.firstBackoff);
        if (wait > m_policy.maxRetryAfter) {
            ApiError tooLong = ReplyCheck::rateLimitTooLong(wait);
            tooLong.httpStatus = error.httpStatus;
            return fail(owner, tooLong);
        }
        ++attempt.rateLimitWaits;
        retryLater(owner, wait, [=, this] { transfer(owner, request, success, attempt, recover); });
        return;
    }
    if (error.kind == ApiError::Kind::OutcomeUnknown) {
        attempt.mayHaveLanded = true;
        // Taken out before it runs: what it captured must outlive the call.
        if (const std::function<void()> reconcile = std::exchange(pending->reconcile, {}))
            return reconcile();
    }
    if (error.isTransient() && spec.idempotent && attempt.number < m_policy.maxAttempts) {
        const std::chrono::milliseconds backoff =
            m_policy.firstBackoff * (1 << (attempt.number - 1));
        ++attempt.number;
        retryLater(owner, backoff,
                   [=, this] { transfer(owner, request, success, attempt, recover); });
        return;
    }
    if (recover && recover(error))
        return;
    fail(owner, error);
}

void ApiTransport::retryLater(RequestId owner, std::chrono::milliseconds delay,
                              std::function<void()> retry)
{
    qCDebug(lcApi) << "call" << owner << "tried again in" << delay.count() << "ms";
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    // A coarse timer may end 5 % early: a Retry-After of 10 s went after 9.55 s.
    timer->setTimerType(Qt::PreciseTimer);
    connect(timer, &QTimer::timeout, this, [timer, retry = std::move(retry)] {
        timer->deleteLater();
        retry();
    });
    m_pending[owner].timers.append(timer);
    timer->start(delay);
}

ApiCall *ApiTransport::finish(RequestId id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return nullptr;
    const Pending pending = *it;
    m_pending.erase(it);
    for (const QPointer<QNetworkReply> &reply : pending.replies) {
        if (reply) {
            reply->disconnect(); // its limits too: nothing of it is read any more
            reply->abort();
            reply->deleteLater();
        }
    }
    for (const QPointer<QTimer> &timer : pending.timers)
        delete timer.data();
    return pending.call.data();
}

bool ApiTransport::succeed(RequestId id)
{
    ApiCall *call = finish(id);
    if (call) {
        qCDebug(lcApi) << "call" << id << "succeeded";
        call->succeed();
    }
    return call != nullptr;
}

void ApiTransport::fail(RequestId id, const ApiError &error)
{
    const auto pending = m_pending.constFind(id);
    const std::optional<ApiError> unknown =
        pending != m_pending.cend() && error.kind != ApiError::Kind::Cancelled
            ? pending->unknownOutcome
            : std::nullopt;
    if (ApiCall *call = finish(id)) {
        const ApiError &ending = unknown.value_or(error);
        qCDebug(lcApi) << "call" << id << "failed:" << int(ending.kind) << ending.httpStatus;
        call->fail(ending);
    }
}

void ApiTransport::failSoon(RequestId id, const ApiError &error)
{
    QTimer::singleShot(0, this, [this, id, error] { fail(id, error); });
}

void ApiTransport::abandon(RequestId id)
{
    if (ApiCall *call = finish(id)) {
        qCDebug(lcApi) << "call" << id << "abandoned";
        call->end();
    }
}

void ApiTransport::setReconcile(RequestId id, std::function<void()> reconcile)
{
    if (const auto pending = m_pending.find(id); pending != m_pending.end())
        pending->reconcile = std::move(reconcile);
}

void ApiTransport::setUnknownOutcome(RequestId id, std::optional<ApiError> error)
{
    if (const auto pending = m_pending.find(id); pending != m_pending.end())
        pending->unknownOutcome = std::move(error);
}

#include "kpigroupsclient.h"

#include "apiinput.h"
#include "apijson.h"
#include "oneshotbody.h"
#include "replylimits.h"

#include <QDeadlineTimer>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>
#include <QtConcurrent>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// One "all pages" listing in progress. Nothing in it is sized or planned from what the server
// claims: pages are asked for as the earlier ones show there is more, short pages teach the
// server's page size, and a pass over a list that changed while it was read is read again.
template<typename T>
struct KpiGroupsClient::Listing
{
    static constexpr int passes = 3;

    ListQuery query;
    qsizetype take = 0;           // asked of each page
    qsizetype serverPageSize = 0; // learned: the most a page holds, whatever `take` says
    bool keepAll = true;
    int pass = 1;
    int requests = 0;
    qsizetype receivedInAllPasses = 0;
    // This pass:
    QMap<qsizetype, qsizetype> covered; // offset -> items its page held
    QMap<qsizetype, qsizetype> asked;   // offset -> take, in flight
    // When kept (keepAll, or a pass after the first): every item at its offset, in one list
    // grown only as far as pages came (never from a claimed count), so that the whole list is
    // not a copy of its pages; an id seen twice leaves a hole, dropped at the end.
    QList<T> read;
    // Hashes of the ids seen, not the ids: a tenth of the work on 100,000 groups. A collision
    // (one in billions) only reads the list once more.
    QSet<size_t> ids;
    qsizetype received = 0;
    qsizetype end = -1;     // nothing at or after it (an empty page, or a short last one)
    qsizetype claimed = -1; // the pass's first totalCount; -1 when there was none
    bool changed = false;   // counts that differ, or an item twice: the list moved meanwhile
    // The pass before, in order, with the page each item came in: a list that changed while it
    // was read is read again and the two are merged (see mergePasses).
    QList<T> previous;
    QList<int> previousPages;

    void startPass()
    {
        covered.clear();
        asked.clear();
        read.clear();
        ids.clear();
        received = 0;
        end = -1;
        claimed = -1;
        changed = false;
    }

    ApiRequest (*build)(const Connection &, const ListQuery &) = nullptr;
    ApiJson::Page<T> (*parse)(const QByteArray &) = nullptr;
    std::function<void(RequestId, qsizetype loaded, qsizetype total)> progress;
    std::function<void(RequestId, const QList<T> &page, qsizetype offset, qsizetype total)>
        pageArrived;
    std::function<void(RequestId)> restarted;
    // Read whole, and not as long as the server's count said.
    std::function<void(RequestId, qsizetype claimed, qsizetype read)> miscounted;
    std::function<void(RequestId, const QList<T> &, qsizetype total)> done;
    // The list could not be read whole: what was read, how many were claimed, and why.
    std::function<void(const RequestInfo &, const QList<T> &, qsizetype claimed,
                       const QString &why)>
        incomplete;
};

namespace {

// Why the client stopped reading a reply itself (kept on the reply as a property).
enum class Stop
{
    TooLarge,
    Deadline
};
constexpr char stopProperty[] = "kpigroupsStop";
// When the status line and headers arrived (ns on the monotonic clock); unset until they have.
constexpr char answeredAtProperty[] = "kpigroupsAnsweredAt";

// How long to wait from now, rounded up to the millisecond: seconds from the moment the answer
// arrived, or until an HTTP-date (IMF-fixdate, "Sun, 29 Nov 2026 10:00:00 GMT"); empty when the
// header is missing or unreadable.
std::optional<std::chrono::milliseconds> retryAfter(const QNetworkReply *reply)
{
    const QByteArray value = reply->rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const auto fromNow = [](const QDeadlineTimer &until) {
        return std::chrono::milliseconds((until.remainingTimeNSecs() + 999'999) / 1'000'000);
    };
    bool ok = false;
    const qlonglong seconds = value.toLongLong(&ok);
    if (ok) { // a day at most: more than anyone waits, and no overflow on the way
        QDeadlineTimer answered = QDeadlineTimer::current(Qt::PreciseTimer);
        if (const QVariant at = reply->property(answeredAtProperty); at.isValid())
            answered.setPreciseDeadline(0, at.toLongLong(), Qt::PreciseTimer);
        return fromNow(QDeadlineTimer::addNSecs(
            answered, std::clamp<qlonglong>(seconds, 0, 24 * 3600) * 1'000'000'000));
    }
    // Qt's RFC 2822 reader takes "+0000" but not the "GMT" that HTTP-dates always carry.
    QString text = QString::fromLatin1(value);
    if (text.endsWith(" GMT"_L1))
        text = text.chopped(4) + " +0000"_L1;
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(when);
    return std::chrono::milliseconds(std::clamp<qint64>(ms, 0, qint64(24) * 3600 * 1000));
}

ApiError rateLimitTooLong(std::chrono::milliseconds wait)
{
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime until = now.addMSecs(wait.count());
    const QLocale locale;
    const QString when = until.date() == now.date()
                             ? locale.toString(until.time(), QLocale::ShortFormat)
                             : locale.toString(until, QLocale::ShortFormat);
    return ApiError::make(ApiError::Kind::RateLimited,
                          ApiError::tr("The server is receiving too many requests and asked to "
                                       "wait until %1, longer than the app waits by itself. Try "
                                       "again then.")
                              .arg(when));
}

// A group asked for by id and answered with another (a cache on the way, a server's bug) is not
// taken for it. Ids are hexadecimal: their case does not matter.
std::optional<ApiError> otherGroupError(const QString &asked, const KpiGroup &answered)
{
    if (answered.id.compare(asked, Qt::CaseInsensitive) == 0)
        return std::nullopt;
    return ApiError::make(ApiError::Kind::BadResponse,
                          ApiError::tr("The server answered with another group (id %1) than the "
                                       "one asked for (id %2), so its answer was not used. Try "
                                       "again; if it happens again, the server or something on "
                                       "the way to it is broken.")
                              .arg(ApiInput::quoted(answered.id), ApiInput::quoted(asked)));
}

// A redirect to another host (scheme, port) is not followed: the token must not go there.
ApiError redirectError(int httpStatus)
{
    ApiError error = ApiError::make(
        ApiError::Kind::BadResponse,
        ApiError::tr("The server sent the request on to another address. It was stopped there, so "
                     "that your token stays with the server you chose. Check the server address."));
    error.httpStatus = httpStatus;
    return error;
}

ApiError deadlineError(std::chrono::milliseconds deadline, bool isChange)
{
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(deadline).count();
    if (isChange) {
        return ApiError::make(ApiError::Kind::OutcomeUnknown,
                              ApiError::tr("The server was still answering after %1 s, so the "
                                           "app stopped waiting. It is not known whether the "
                                           "change was made.")
                                  .arg(seconds));
    }
    return ApiError::make(ApiError::Kind::Timeout,
                          ApiError::tr("The server was still sending its answer after %1 s, far "
                                       "slower than it should, so the app stopped waiting. Try "
                                       "again later.")
                              .arg(seconds));
}

ApiError tooLargeError(qint64 limit)
{
    return ApiError::make(ApiError::Kind::BadResponse,
                          ApiError::tr("The server's answer grew past %1 MB, more than this "
                                       "request can need, so the app stopped reading it. Try "
                                       "again; if it happens again, the server or something on "
                                       "the way to it is broken.")
                              .arg(limit / (1024 * 1024)));
}

// Whether anything reached the server is what a person needs to know first; for a change, that
// decides whether it may have been made.
ApiError networkError(const QNetworkReply *reply, bool isChange)
{
    const bool answerStarted = reply->property(answeredAtProperty).isValid();
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return ApiError::make(ApiError::Kind::Network);
    case QNetworkReply::ProxyAuthenticationRequiredError: {
        // Nothing reached the server: the proxy on the way wants credentials it accepts.
        ApiError error = ApiError::make(
            ApiError::Kind::Network,
            ApiError::tr("The proxy refused to pass the request on: it asks for a user name and "
                         "password it accepts (HTTP 407). Check the proxy's settings; in "
                         "https_proxy they go in its address, e.g. "
                         "http://user:password@proxy.example:3128."));
        error.httpStatus = 407;
        return error;
    }
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::make(ApiError::Kind::Network,
                              ApiError::tr("The server's certificate could not be verified, so "
                                           "the app did not send anything. Check the server "
                                           "address."));
    case QNetworkReply::InsecureRedirectError:
        return redirectError(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    case QNetworkReply::TooManyRedirectsError:
        return ApiError::make(ApiError::Kind::BadResponse,
                              ApiError::tr("The server kept sending the request on to another "
                                           "address, in a loop. Check the server address."));
    case QNetworkReply::OperationCanceledError: // the transfer timeout; our own aborts are silent
    case QNetworkReply::TimeoutError:
        if (isChange)
            return ApiError::make(ApiError::Kind::OutcomeUnknown,
                                  ApiError::tr("The server did not answer in time, so it is not "
                                               "known whether the change was made."));
        return ApiError::make(ApiError::Kind::Timeout,
                              answerStarted
                                  ? ApiError::tr("The server started to answer, then went silent. "
                                                 "Try again in a moment.")
                                  : QString());
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ContentReSendError:
        if (isChange)
            return ApiError::make(ApiError::Kind::OutcomeUnknown);
        return ApiError::make(ApiError::Kind::Network,
                              answerStarted
                                  ? ApiError::tr("The server closed the connection in the middle "
                                                 "of its answer. Try again.")
                                  : ApiError::tr("The server closed the connection without "
                                                 "answering. Try again."));
    default:
        if (isChange)
            return ApiError::make(ApiError::Kind::OutcomeUnknown);
        return ApiError::make(ApiError::Kind::Network);
    }
}

} // namespace

// Looking for the group a create may have made when its answer did not come: a group of its
// name made since it was sent. It is not there only when a whole reading shows it: of the
// groups of that name, or, from a server that does not filter as asked, of every group.
struct KpiGroupsClient::CreateSearch
{
    static constexpr int maxPages = 20;             // requests of each kind of reading
    static constexpr qint64 clockSkewSeconds = 600; // the server's clock against this one's

    // As some servers keep names: trimmed, each run of white space inside made one space.
    static QString normalized(const QString &name) { return name.simplified(); }

    QString asSent;
    QString name; // normalized
    QDateTime since;
    std::function<void()> absent;
    bool filtered = true; // by name; every group once the server shows it does not filter
    qsizetype skip = 0;
    int pages = 0;

    bool isTheOne(const KpiGroup &group) const
    {
        return normalized(group.name) == name && group.dateCreated >= since;
    }
    bool hasOnlyItsName(const QList<KpiGroup> &groups) const
    {
        return std::all_of(groups.begin(), groups.end(), [this](const KpiGroup &group) {
            return normalized(group.name) == name;
        });
    }
};

KpiGroupsClient::KpiGroupsClient(QObject *parent)
    : QObject(parent)
{
    // Qt's default follows redirects to other hosts, Authorization header included.
    m_manager.setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

KpiGroupsClient::~KpiGroupsClient()
{
    const QList<RequestId> ids = m_pending.keys();
    for (RequestId id : ids)
        finish(id);
}

QString KpiGroupsClient::nameProblem(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return ApiError::tr("A KPI group needs a name.");
    if (trimmed.size() > maxNameLength)
        return ApiError::tr("The name is %1 characters long; a KPI group's name can have at most "
                            "%2.")
            .arg(trimmed.size())
            .arg(maxNameLength);
    return {};
}

RequestId KpiGroupsClient::begin(RequestInfo info)
{
    info.id = ++m_lastId;
    m_pending.insert(info.id, Pending{info, {}, {}, {}, {}});
    return info.id;
}

RequestId KpiGroupsClient::start(RequestInfo info, const ApiRequest &request, Success success)
{
    const RequestId id = begin(std::move(info));
    if (const QString problem = m_connection.problem(); !problem.isEmpty())
        failSoon(id, ApiError::make(ApiError::Kind::Configuration, problem));
    else if (!request.problem.isEmpty())
        failSoon(id, ApiError::make(ApiError::Kind::BadRequest, request.problem));
    else
        transfer(id, request, std::move(success), Attempt{});
    return id;
}

void KpiGroupsClient::transfer(RequestId owner, const ApiRequest &request, Success success,
                               Attempt attempt, Recover recover)
{
    const auto pending = m_pending.find(owner);
    if (pending == m_pending.end())
        return;
    if (!request.problem.isEmpty())
        return failSoon(owner, ApiError::make(ApiError::Kind::BadRequest, request.problem));
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

std::shared_ptr<QByteArray> KpiGroupsClient::limit(QNetworkReply *reply, Endpoint endpoint)
{
    const qint64 bodyLimit = endpointSpec(endpoint).answerLimit;
    // Unbounded, Qt reads on while its reply waits for the event loop: 100 MB and more of a fast
    // server's answer before the client sees any of it.
    reply->setReadBufferSize(ReplyLimits::readAhead);
    auto body = std::make_shared<QByteArray>();
    const auto stop = [reply](Stop why) {
        if (reply->property(stopProperty).isValid())
            return;
        reply->setProperty(stopProperty, int(why));
        if (!reply->isFinished())
            reply->abort();
    };
    const auto allowed = [reply, bodyLimit] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return status >= 300 ? ReplyLimits::errorBody : bodyLimit;
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, stop, allowed] {
        if (!reply->property(answeredAtProperty).isValid())
            reply->setProperty(answeredAtProperty,
                               QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs());
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > allowed())
            stop(Stop::TooLarge);
    });
    // Read as it arrives, not on downloadProgress: Qt reports progress every 100 ms only.
    const auto read = [reply, body, stop, allowed] {
        // An aborted reply is closed; reading it would only make Qt complain.
        if (!reply->isOpen() || reply->property(stopProperty).isValid())
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

ApiError KpiGroupsClient::errorOf(QNetworkReply *reply, const ApiRequest &request,
                                  const QByteArray &body, bool *succeeded) const
{
    *succeeded = false;
    const EndpointSpec &spec = endpointSpec(request.endpoint);
    const bool isChange = request.verb != "GET";
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QVariant stopped = reply->property(stopProperty);
    if (stopped.isValid()) {
        if (Stop(stopped.toInt()) == Stop::Deadline)
            return deadlineError(m_policy.attemptDeadline, isChange);
        // What the status says stays true; only the body was too much to read.
        if (status >= 300)
            return ApiError::fromStatus(status, request.endpoint, {});
        return tooLargeError(spec.answerLimit);
    }
    // Errors of the connection, whatever status came before them (a timeout or a cut in the
    // middle of an answer); Qt's errors for HTTP statuses are read from the status instead.
    const QNetworkReply::NetworkError transport = reply->error();
    if ((transport > QNetworkReply::NoError && transport < QNetworkReply::ContentAccessDenied) ||
        transport == QNetworkReply::ContentReSendError || (transport != 0 && status == 0))
        return networkError(reply, isChange);
    if (status >= 200 && status < 300) {
        const QString contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
        if (spec.answersWithBody && !contentType.contains("json"_L1, Qt::CaseInsensitive)) {
            ApiError error = ApiError::make(ApiError::Kind::BadResponse);
            error.httpStatus = status;
            return error;
        }
        // A change is answered with nothing, or with a JSON object: a page from a captive
        // portal or a proxy, with 200, did not make it.
        if (!spec.answersWithBody && !ApiJson::isEmptyOrObject(body)) {
            ApiError error = ApiError::make(
                ApiError::Kind::BadResponse,
                ApiError::tr("The server answered with something that is not the API's answer "
                             "(perhaps a sign-in page of the network or a proxy), so the change "
                             "was most likely not made. Check the connection, then try again."));
            error.httpStatus = status;
            return error;
        }
        *succeeded = true;
        return {};
    }
    if (status >= 300 && status < 400)
        return redirectError(status);
    return ApiError::fromStatus(status, request.endpoint, body);
}

void KpiGroupsClient::onReplyFinished(RequestId owner, QNetworkReply *reply, QByteArray body,
                                      const ApiRequest &request, const Success &success,
                                      Attempt attempt, const Recover &recover)
{
    reply->deleteLater();
    const auto pending = m_pending.find(owner);
    if (pending == m_pending.end())
        return;
    pending->replies.removeAll(reply);

    const EndpointSpec &spec = endpointSpec(request.endpoint);
    bool succeeded = false;
    const ApiError error = errorOf(reply, request, body, &succeeded);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (succeeded)
        return success(owner, Outcome{status, body});
    // A DELETE whose earlier attempt may have been carried out: "not found" is its outcome.
    if (error.kind == ApiError::Kind::NotFound && attempt.mayHaveLanded && request.verb == "DELETE")
        return success(owner, Outcome{status, {}});

    if (error.kind == ApiError::Kind::RateLimited &&
        attempt.rateLimitWaits < m_policy.maxRateLimitWaits) {
        const std::optional<std::chrono::milliseconds> asked = retryAfter(reply);
        const std::chrono::milliseconds wait = asked.value_or(m_policy.firstBackoff);
        if (wait > m_policy.maxRetryAfter) {
            ApiError tooLong = rateLimitTooLong(wait);
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

void KpiGroupsClient::retryLater(RequestId owner, std::chrono::milliseconds delay,
                                 std::function<void()> retry)
{
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

std::optional<RequestInfo> KpiGroupsClient::finish(RequestId id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return std::nullopt;
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
    return pending.info;
}

void KpiGroupsClient::fail(RequestId id, const ApiError &error)
{
    const auto pending = m_pending.constFind(id);
    const std::optional<ApiError> unknown =
        pending != m_pending.cend() && error.kind != ApiError::Kind::Cancelled
            ? pending->unknownOutcome
            : std::nullopt;
    if (const std::optional<RequestInfo> info = finish(id))
        Q_EMIT requestFailed(*info, unknown.value_or(error));
}

void KpiGroupsClient::failSoon(RequestId id, const ApiError &error)
{
    QTimer::singleShot(0, this, [this, id, error] { fail(id, error); });
}

void KpiGroupsClient::cancel(RequestId id)
{
    fail(id, ApiError::make(ApiError::Kind::Cancelled));
}

template<typename Result>
void KpiGroupsClient::inBackground(RequestId id, std::function<Result()> work,
                                   std::function<void(Result &&)> then)
{
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, id, then] {
        watcher->deleteLater();
        if (m_pending.contains(id))
            then(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

RequestId KpiGroupsClient::listGroups(const ListQuery &query)
{
    return start({0, Endpoint::ListGroups, {}, {}}, ApiRequests::listGroups(m_connection, query),
                 [this](RequestId id, const Outcome &outcome) {
                     inBackground<ApiJson::Page<KpiGroup>>(
                         id, [body = outcome.body] { return ApiJson::groupPage(body); },
                         [this, id](ApiJson::Page<KpiGroup> &&page) {
                             if (!page.problem.isEmpty())
                                 return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                             if (finish(id))
                                 Q_EMIT groupsListed(id, page.items,
                                                     page.totalCount < 0 ? page.items.size()
                                                                         : page.totalCount);
                         });
                 });
}

template<typename T>
RequestId KpiGroupsClient::listAll(Endpoint endpoint, const std::shared_ptr<Listing<T>> &listing)
{
    if (listing->query.sort.isEmpty())
        listing->query.sort = u"id"_s;
    listing->take =
        std::max<qsizetype>(1, m_learnedPageSize > 0 ? m_learnedPageSize : m_policy.pageSize);
    listing->serverPageSize = m_learnedPageSize;
    const RequestId id = begin({0, endpoint, {}, {}});
    const QString problem = m_connection.problem();
    if (!problem.isEmpty())
        failSoon(id, ApiError::make(ApiError::Kind::Configuration, problem));
    else
        planPages(id, listing); // the first page alone: it tells the count and the page size
    return id;
}

RequestId KpiGroupsClient::listAllGroups(const ListQuery &query, Delivery delivery)
{
    auto listing = std::make_shared<Listing<KpiGroup>>();
    listing->query = query;
    listing->keepAll = delivery == Delivery::WholeList;
    listing->build = &ApiRequests::listGroups;
    listing->parse = &ApiJson::groupPage;
    listing->progress = [this](RequestId id, qsizetype loaded, qsizetype total) {
        Q_EMIT groupsListProgress(id, loaded, total);
    };
    listing->pageArrived = [this](RequestId id, const QList<KpiGroup> &page, qsizetype offset,
                                  qsizetype total) {
        Q_EMIT groupsPageListed(id, page, offset, total);
    };
    listing->restarted = [this](RequestId id) { Q_EMIT groupsListRestarted(id); };
    listing->miscounted = [this](RequestId id, qsizetype claimed, qsizetype read) {
        Q_EMIT groupsMiscounted(id, claimed, read);
    };
    listing->done = [this](RequestId id, const QList<KpiGroup> &groups, qsizetype total) {
        Q_EMIT groupsListed(id, groups, total);
    };
    listing->incomplete = [this](const RequestInfo &info, const QList<KpiGroup> &groups,
                                 qsizetype claimed, const QString &why) {
        Q_EMIT groupsListedIncomplete(info.id, groups, claimed, why);
    };
    return listAll(Endpoint::ListGroups, listing);
}

RequestId KpiGroupsClient::listAllKpis(const ListQuery &query)
{
    auto listing = std::make_shared<Listing<Kpi>>();
    listing->query = query;
    listing->build = &ApiRequests::listKpis;
    listing->parse = &ApiJson::kpiPage;
    listing->done = [this](RequestId id, const QList<Kpi> &kpis, qsizetype total) {
        Q_EMIT kpisListed(id, kpis, total);
    };
    // KPI counts from part of the KPIs would be wrong: none is better.
    listing->incomplete = [this](const RequestInfo &info, const QList<Kpi> &, qsizetype,
                                 const QString &why) {
        Q_EMIT requestFailed(info, ApiError::make(ApiError::Kind::Incomplete, why));
    };
    return listAll(Endpoint::ListKpis, listing);
}

template<typename T>
void KpiGroupsClient::planPages(RequestId id, const std::shared_ptr<Listing<T>> &listing)
{
    Listing<T> &l = *listing;
    const qsizetype pageSize = l.serverPageSize > 0 ? std::min(l.serverPageSize, l.take) : l.take;
    // How far there can be anything: up to an empty or short last page when one came; else as
    // far as the count claims, and one page past a full one whatever it claims.
    qsizetype frontier = 0;
    bool frontierFull = false;
    for (auto it = l.covered.cbegin(); it != l.covered.cend(); ++it) {
        if (it.key() + it.value() >= frontier) {
            frontier = it.key() + it.value();
            frontierFull = it.value() >= pageSize;
        }
    }
    qsizetype limit = l.end;
    if (limit < 0) {
        if (l.covered.isEmpty())
            limit = l.asked.isEmpty() ? 1 : 0; // the first page alone
        else
            limit = std::max(frontier + (frontierFull ? 1 : 0),
                             std::min(l.claimed, frontier + m_policy.parallelPages * pageSize));
    }
    // The first offset below the limit that no page covers or is asked for.
    const auto nextOffset = [&]() -> std::optional<qsizetype> {
        qsizetype position = 0;
        auto coveredIt = l.covered.cbegin();
        auto askedIt = l.asked.cbegin();
        while (position < limit) {
            bool moved = false;
            for (; coveredIt != l.covered.cend() && coveredIt.key() <= position; ++coveredIt) {
                if (coveredIt.key() + coveredIt.value() > position) {
                    position = coveredIt.key() + coveredIt.value();
                    moved = true;
                }
            }
            for (; askedIt != l.asked.cend() && askedIt.key() <= position; ++askedIt) {
                if (askedIt.key() + askedIt.value() > position) {
                    position = askedIt.key() + askedIt.value();
                    moved = true;
                }
            }
            if (!moved)
                return position < limit ? std::optional(position) : std::nullopt;
        }
        return std::nullopt;
    };
    // A bound on requests that grows with what arrives, whatever the server claims or does.
    const qsizetype allowed =
        8 + 3 * Listing<T>::passes + 4 * (l.receivedInAllPasses / std::max<qsizetype>(1, pageSize));
    while (int(l.asked.size()) < m_policy.parallelPages) {
        const std::optional<qsizetype> offset = nextOffset();
        if (!offset)
            break;
        if (l.requests >= allowed) {
            l.asked.clear();
            return finishListing(
                id, listing,
                ApiError::tr("The server kept answering with pages that brought nothing new."));
        }
        fetchPage(id, listing, *offset, pageSize);
    }
    if (l.asked.isEmpty())
        finishPass(id, listing);
}

template<typename T>
void KpiGroupsClient::fetchPage(RequestId id, const std::shared_ptr<Listing<T>> &listing,
                                qsizetype offset, qsizetype take)
{
    ListQuery query = listing->query;
    query.skip = offset;
    query.take = take;
    listing->asked.insert(offset, take);
    ++listing->requests;
    const int pass = listing->pass;
    const auto refusedTake = [this, id, listing, offset, take, pass](const ApiError &error) {
        // A `take` the server refuses: smaller, as its message says or by halves, once for the
        // listing (pages asked for with the old size meanwhile are only asked for again).
        constexpr qsizetype floor = 10;
        if (error.kind != ApiError::Kind::BadRequest || pass != listing->pass)
            return false;
        if (take > listing->take) {
            listing->asked.remove(offset);
            planPages(id, listing);
            return true;
        }
        if (take <= floor)
            return false;
        static const QRegularExpression number(u"\\d+"_s);
        qsizetype said = 0;
        for (const QRegularExpressionMatch &match : number.globalMatch(error.serverMessage)) {
            const qsizetype value = match.captured().toLongLong();
            if (value > 0 && value < take)
                said = value;
        }
        listing->take = std::max(floor, said > 0 ? said : take / 2);
        listing->asked.remove(offset);
        planPages(id, listing);
        return true;
    };
    transfer(
        id, listing->build(m_connection, query),
        [this, listing, offset, take, pass](RequestId id, const Outcome &outcome) {
            inBackground<ApiJson::Page<T>>(
                id, [body = outcome.body, parse = listing->parse] { return parse(body); },
                [this, id, listing, offset, take, pass](ApiJson::Page<T> &&page) {
                    if (pass != listing->pass)
                        return; // a page of a pass given up for a new one
                    if (!page.problem.isEmpty())
                        return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                    takePage(id, listing, offset, take, std::move(page));
                });
        },
        Attempt{}, refusedTake);
}

template<typename T>
void KpiGroupsClient::takePage(RequestId id, const std::shared_ptr<Listing<T>> &listing,
                               qsizetype offset, qsizetype take, ApiJson::Page<T> &&page)
{
    Listing<T> &l = *listing;
    l.asked.remove(offset);
    if (page.totalCount >= 0) {
        if (l.claimed < 0 && l.covered.isEmpty())
            l.claimed = page.totalCount;
        else if (page.totalCount != l.claimed)
            l.changed = true;
    }
    const qsizetype count = page.items.size();
    if (count == 0) {
        l.end = l.end < 0 ? offset : std::min(l.end, offset);
        if (l.pageArrived && offset == 0)
            l.pageArrived(id, {}, 0, 0); // an empty list is a page too
    } else {
        l.covered.insert(offset, count);
        if (count < take) {
            // Short: the server's page size, unless the list ends here (where the count agrees,
            // or a page that size came before).
            const bool endsHere = (l.claimed >= 0 && offset + count == l.claimed) ||
                                  (l.serverPageSize > 0 && count < l.serverPageSize);
            if (endsHere)
                l.end = l.end < 0 ? offset + count : std::min(l.end, offset + count);
            else if (l.serverPageSize == 0 || count < l.serverPageSize)
                l.serverPageSize = count;
        }
        QList<T> fresh;
        fresh.reserve(count);
        for (T &item : page.items) {
            const size_t key = qHash(item.id);
            if (l.ids.contains(key)) {
                l.changed = true; // shown twice: the list moved under the pages
                continue;
            }
            l.ids.insert(key);
            fresh.append(std::move(item));
        }
        l.received += fresh.size();
        l.receivedInAllPasses += fresh.size();
        if (l.pageArrived)
            l.pageArrived(id, fresh, offset, std::max(l.claimed, l.received));
        if (l.keepAll || l.pass > 1)
            placeAt(l.read, offset, std::move(fresh));
    }
    if (l.progress && (count > 0 || offset == 0)) // an empty page past the end adds nothing
        l.progress(id, l.received, std::max(l.claimed, l.received));
    planPages(id, listing);
}

template<typename T>
void KpiGroupsClient::placeAt(QList<T> &list, qsizetype offset, QList<T> &&items)
{
    if (offset + items.size() > list.size())
        list.resize(offset + items.size());
    std::move(items.begin(), items.end(), list.begin() + offset);
}

template<typename T>
QList<T> KpiGroupsClient::takeReading(Listing<T> &l, QList<int> *pageOf)
{
    QList<T> items = std::exchange(l.read, {});
    if (pageOf) {
        // The page each item came in, from where the pages began.
        pageOf->clear();
        pageOf->reserve(items.size());
        int page = -1;
        auto next = l.covered.cbegin();
        for (qsizetype position = 0; position < items.size(); ++position) {
            while (next != l.covered.cend() && next.key() <= position) {
                ++page;
                ++next;
            }
            if (!items.at(position).id.isEmpty())
                pageOf->append(std::max(page, 0));
        }
    }
    items.removeIf([](const T &item) { return item.id.isEmpty(); });
    return items;
}

template<typename T>
void KpiGroupsClient::finishPass(RequestId id, const std::shared_ptr<Listing<T>> &listing)
{
    Listing<T> &l = *listing;
    // A count is only believed when it is short of what came: more is the count's mistake.
    const bool whole = !l.changed && (l.claimed < 0 || l.received >= l.claimed);
    if (whole)
        return finishListing(id, listing, {});
    const bool lastPass = l.pass == Listing<T>::passes;
    QList<int> readingPages;
    QList<T> reading = takeReading(l, &readingPages);
    if (!l.changed) {
        // Read straight through, and short of the count: the count is wrong, or pages vanish.
        if (lastPass) {
            return finishListing(
                id, listing,
                ApiError::tr("The server said it had %1, and sent %2.")
                    .arg(QLocale().toString(l.claimed), QLocale().toString(l.received)),
                l.keepAll ? std::optional(reading) : std::nullopt);
        }
    } else if (!l.previous.isEmpty()) {
        // Two readings of a list that moved: what one missed at its page boundaries, the other
        // has; what the later one read straight through is gone.
        auto [merged, proven] = mergeReadings(l.previous, l.previousPages, reading, readingPages);
        if (proven || lastPass) {
            const QString why =
                proven ? QString() : ApiError::tr("The list kept changing while it was read.");
            return finishListing(id, listing, why, std::optional(std::move(merged)));
        }
    } else if (lastPass) {
        return finishListing(id, listing, ApiError::tr("The list kept changing while it was read."),
                             l.keepAll ? std::optional(reading) : std::nullopt);
    }
    l.previous = std::move(reading);
    l.previousPages = std::move(readingPages);
    ++l.pass;
    l.startPass();
    if (l.restarted)
        l.restarted(id);
    planPages(id, listing);
}

template<typename T>
std::pair<QList<T>, bool>
KpiGroupsClient::mergeReadings(const QList<T> &previous, const QList<int> &previousPages,
                               QList<T> &last, const QList<int> &lastPages)
{
    QHash<QString, qsizetype> inLast;
    for (qsizetype i = 0; i < last.size(); ++i)
        inLast.insert(last.at(i).id, i);
    QHash<QString, qsizetype> inPrevious;
    for (qsizetype i = 0; i < previous.size(); ++i)
        inPrevious.insert(previous.at(i).id, i);

    // Proven whole when each boundary between two pages of the last reading lies inside one
    // page of the one before: everything between them was read there.
    bool proven = true;
    for (qsizetype i = 0; i + 1 < last.size() && proven; ++i) {
        if (lastPages.at(i) == lastPages.at(i + 1))
            continue;
        const qsizetype before = inPrevious.value(last.at(i).id, -1);
        const qsizetype after = inPrevious.value(last.at(i + 1).id, -1);
        proven =
            before >= 0 && after > before && previousPages.at(before) == previousPages.at(after);
    }

    // An item of the earlier reading that the last one lacks is kept, after its predecessor,
    // unless the last reading read straight through its place (its neighbours adjacent there,
    // in one page): then it was deleted meanwhile.
    QHash<qsizetype, QList<qsizetype>> keptAfter; // position in last (-1: first) -> earlier items
    for (qsizetype i = 0; i < previous.size(); ++i) {
        if (inLast.contains(previous.at(i).id))
            continue;
        qsizetype predecessor = -1;
        for (qsizetype p = i - 1; p >= 0 && predecessor < 0; --p)
            predecessor = inLast.value(previous.at(p).id, -1);
        qsizetype successor = -1;
        for (qsizetype n = i + 1; n < previous.size() && successor < 0; ++n)
            successor = inLast.value(previous.at(n).id, -1);
        const bool readThrough = predecessor >= 0 && successor == predecessor + 1 &&
                                 lastPages.at(predecessor) == lastPages.at(successor);
        if (!readThrough)
            keptAfter[predecessor].append(i);
    }
    QList<T> merged;
    merged.reserve(last.size() + keptAfter.size());
    const auto appendKept = [&](qsizetype position) {
        for (const qsizetype i : keptAfter.value(position))
            merged.append(previous.at(i));
    };
    appendKept(-1);
    for (qsizetype i = 0; i < last.size(); ++i) {
        merged.append(std::move(last[i]));
        appendKept(i);
    }
    return {merged, proven};
}

template<typename T>
void KpiGroupsClient::finishListing(RequestId id, const std::shared_ptr<Listing<T>> &listing,
                                    const QString &incompleteBecause,
                                    std::optional<QList<T>> merged)
{
    Listing<T> &l = *listing;
    QList<T> all;
    if (merged) {
        all = std::move(*merged); // a list read again: given whole, even to PagesOnly callers
    } else if (l.keepAll) {
        all = takeReading(l, nullptr);
    }
    l.read.clear();
    const qsizetype received = merged ? all.size() : l.received;
    if (l.take < m_policy.pageSize)
        m_learnedPageSize = l.take; // a size refused as too large is not asked for again
    else if (incompleteBecause.isEmpty() && l.serverPageSize > 0 && received > l.serverPageSize)
        m_learnedPageSize = l.serverPageSize; // more than one page came at most that size
    if (incompleteBecause.isEmpty() && l.claimed >= 0 && l.claimed != received && l.miscounted)
        l.miscounted(id, l.claimed, received);
    const std::optional<RequestInfo> info = finish(id);
    if (!info)
        return;
    if (incompleteBecause.isEmpty())
        l.done(id, all, received);
    else
        l.incomplete(*info, all, std::max(l.claimed, received), incompleteBecause);
}

RequestId KpiGroupsClient::getGroup(const QString &groupId)
{
    return start({0, Endpoint::GetGroup, groupId, {}}, ApiRequests::getGroup(m_connection, groupId),
                 [this, groupId](RequestId id, const Outcome &outcome) {
                     const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
                     if (!group)
                         return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                     if (std::optional<ApiError> other = otherGroupError(groupId, *group))
                         return fail(id, std::move(*other));
                     if (finish(id))
                         Q_EMIT groupFetched(id, *group);
                 });
}

RequestId KpiGroupsClient::createGroup(const QString &name, const QDateTime &triedAt)
{
    const RequestInfo info{0, Endpoint::CreateGroup, {}, {}};
    if (const QString problem = nameProblem(name); !problem.isEmpty()) {
        const RequestId id = begin(info);
        failSoon(id, ApiError::make(ApiError::Kind::BadRequest, problem));
        return id;
    }
    const QString trimmed = name.trimmed();
    const RequestId id = begin(info);
    const auto send = [this, id, trimmed] {
        transfer(
            id, ApiRequests::createGroup(m_connection, trimmed),
            [this](RequestId id, const Outcome &outcome) {
                const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
                if (!group)
                    return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                if (finish(id))
                    Q_EMIT groupCreated(id, *group);
            },
            Attempt{});
        if (const auto pending = m_pending.find(id); pending != m_pending.end()) {
            pending->reconcile = [this, id, trimmed, sentAt = QDateTime::currentDateTimeUtc()] {
                reconcileCreate(id, trimmed, sentAt, [this, id, trimmed] {
                    fail(id, ApiError::make(ApiError::Kind::Network,
                                            ApiError::tr("The server did not answer, and it has no "
                                                         "new group named “%1”: it was not "
                                                         "created. Try again.")
                                                .arg(trimmed)));
                });
            };
        }
    };
    if (const QString problem = m_connection.problem(); !problem.isEmpty())
        failSoon(id, ApiError::make(ApiError::Kind::Configuration, problem));
    else if (triedAt.isValid())
        reconcileCreate(id, trimmed, triedAt, send); // sent only when it did not land before
    else
        send();
    return id;
}

void KpiGroupsClient::reconcileCreate(RequestId id, QString name, QDateTime sentAt,
                                      std::function<void()> absent)
{
    // Never sent twice blindly: a group of that name, made since the request, is the answer.
    m_pending[id].unknownOutcome = ApiError::make(
        ApiError::Kind::OutcomeUnknown,
        ApiError::tr("The server did not answer, and it could not be found out whether “%1” was "
                     "created: it may have been. Refresh before you create it again.")
            .arg(name));
    auto search = std::make_shared<CreateSearch>();
    search->asSent = name;
    search->name = CreateSearch::normalized(name);
    search->since = sentAt.addSecs(-CreateSearch::clockSkewSeconds);
    search->absent = std::move(absent);
    searchForCreated(id, search);
}

void KpiGroupsClient::searchForCreated(RequestId id, const std::shared_ptr<CreateSearch> &search)
{
    ListQuery query;
    if (search->filtered) {
        // A server that keeps names normalised has it in that form.
        const QJsonValue name =
            search->asSent == search->name
                ? QJsonValue(search->name)
                : QJsonObject{{u"$in"_s, QJsonArray{search->asSent, search->name}}};
        query.filter = QString::fromUtf8(
            QJsonDocument(QJsonObject{{u"name"_s, name}}).toJson(QJsonDocument::Compact));
        query.take = 20;
    } else {
        query.take = m_learnedPageSize > 0 ? m_learnedPageSize : m_policy.pageSize;
    }
    query.sort = u"-dateCreated"_s; // where the server sorts, it is on the first page
    if (search->skip > 0)
        query.skip = search->skip;
    transfer(
        id, ApiRequests::listGroups(m_connection, query),
        [this, search](RequestId id, const Outcome &outcome) {
            inBackground<ApiJson::Page<KpiGroup>>(
                id, [body = outcome.body] { return ApiJson::groupPage(body); },
                [this, id, search](ApiJson::Page<KpiGroup> &&page) {
                    if (!page.problem.isEmpty())
                        return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                    for (const KpiGroup &group : page.items) {
                        if (search->isTheOne(group)) {
                            if (finish(id))
                                Q_EMIT groupCreated(id, group);
                            return;
                        }
                    }
                    if (search->filtered && !search->hasOnlyItsName(page.items)) {
                        // Not filtered as asked: only the whole list can tell.
                        search->filtered = false;
                        search->skip = 0;
                        search->pages = 0;
                        return searchForCreated(id, search);
                    }
                    if (page.items.isEmpty()) { // read to the end: it is not there
                        m_pending[id].unknownOutcome.reset();
                        return search->absent();
                    }
                    if (++search->pages >= CreateSearch::maxPages)
                        return fail(id, ApiError::make(ApiError::Kind::OutcomeUnknown));
                    search->skip += page.items.size();
                    searchForCreated(id, search);
                });
        },
        Attempt{});
}

RequestId KpiGroupsClient::renameGroup(const QString &groupId, const QString &name)
{
    const RequestInfo info{0, Endpoint::RenameGroup, groupId, {}};
    if (const QString problem = nameProblem(name); !problem.isEmpty()) {
        const RequestId id = begin(info);
        failSoon(id, ApiError::make(ApiError::Kind::BadRequest, problem));
        return id;
    }
    const QString trimmed = name.trimmed();
    const RequestId id = start(info, ApiRequests::renameGroup(m_connection, groupId, trimmed),
                               [this, groupId, trimmed](RequestId id, const Outcome &) {
                                   if (finish(id))
                                       Q_EMIT groupRenamed(id, groupId, trimmed);
                               });
    if (const auto pending = m_pending.find(id); pending != m_pending.end())
        pending->reconcile = [this, id, groupId, trimmed] {
            reconcileRename(id, groupId, trimmed);
        };
    return id;
}

void KpiGroupsClient::reconcileRename(RequestId id, QString groupId, QString name)
{
    // Never sent twice blindly: the group's name on the server is the answer.
    m_pending[id].unknownOutcome = ApiError::make(
        ApiError::Kind::OutcomeUnknown,
        ApiError::tr("The server did not answer, so it is not known whether the group was "
                     "renamed to “%1”. Refresh to see its name.")
            .arg(name));
    transfer(
        id, ApiRequests::getGroup(m_connection, groupId),
        [this, groupId, name](RequestId id, const Outcome &outcome) {
            const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
            if (!group)
                return fail(id, ApiError::make(ApiError::Kind::BadResponse));
            if (std::optional<ApiError> other = otherGroupError(groupId, *group))
                return fail(id, std::move(*other));
            if (group->name == name) {
                if (finish(id))
                    Q_EMIT groupRenamed(id, groupId, name);
                return;
            }
            m_pending[id].unknownOutcome.reset();
            fail(id, ApiError::make(ApiError::Kind::Network,
                                    ApiError::tr("The server did not answer, and the group "
                                                 "still has its old name: it was not "
                                                 "renamed. Try again.")));
        },
        Attempt{});
}

RequestId KpiGroupsClient::deleteGroup(const QString &groupId)
{
    return start({0, Endpoint::DeleteGroup, groupId, {}},
                 ApiRequests::deleteGroup(m_connection, groupId),
                 [this, groupId](RequestId id, const Outcome &) {
                     if (finish(id))
                         Q_EMIT groupDeleted(id, groupId);
                 });
}

RequestId KpiGroupsClient::favoriteGroup(const QString &groupId)
{
    return start({0, Endpoint::FavoriteGroup, groupId, {}},
                 ApiRequests::favoriteGroup(m_connection, groupId),
                 [this, groupId](RequestId id, const Outcome &) {
                     if (finish(id))
                         Q_EMIT groupFavorited(id, groupId);
                 });
}

RequestId KpiGroupsClient::unfavoriteGroup(const QString &groupId)
{
    return start({0, Endpoint::UnfavoriteGroup, groupId, {}},
                 ApiRequests::unfavoriteGroup(m_connection, groupId),
                 [this, groupId](RequestId id, const Outcome &) {
                     if (finish(id))
                         Q_EMIT groupUnfavorited(id, groupId);
                 });
}

RequestId KpiGroupsClient::listGroupKpis(const QString &groupId)
{
    // The page, and how many of its KPIs are not in the group.
    using Kpis = std::pair<ApiJson::Page<Kpi>, qsizetype>;
    return start({0, Endpoint::ListKpis, groupId, {}},
                 ApiRequests::listKpis(m_connection, ApiRequests::groupKpisQuery(groupId)),
                 [this, groupId](RequestId id, const Outcome &outcome) {
                     inBackground<Kpis>(
                         id,
                         [body = outcome.body, groupId] {
                             ApiJson::Page<Kpi> page = ApiJson::kpiPage(body);
                             // Where the server says which groups a KPI is in, that is believed
                             // over its filter.
                             const qsizetype others = page.items.removeIf([&](const Kpi &kpi) {
                                 return kpi.groupIdsGiven &&
                                        !kpi.groupIds.contains(groupId, Qt::CaseInsensitive);
                             });
                             return Kpis{std::move(page), others};
                         },
                         [this, id, groupId](Kpis &&kpis) {
                             const auto &[page, others] = kpis;
                             if (!page.problem.isEmpty())
                                 return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                             if (!finish(id))
                                 return;
                             if (others > 0)
                                 Q_EMIT otherGroupsKpisLeftOut(id, groupId, others);
                             Q_EMIT groupKpisListed(id, groupId, page.items);
                         });
                 });
}

RequestId KpiGroupsClient::listUsers(const QStringList &userIds)
{
    return start({0, Endpoint::ListUsers, {}, {}}, ApiRequests::listUsers(m_connection, userIds),
                 [this](RequestId id, const Outcome &outcome) {
                     using Names = std::optional<QHash<QString, QString>>;
                     inBackground<Names>(
                         id, [body = outcome.body] { return ApiJson::userNames(body); },
                         [this, id](Names &&names) {
                             if (!names)
                                 return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                             if (finish(id))
                                 Q_EMIT usersListed(id, *names);
                         });
                 });
}

RequestId KpiGroupsClient::removeKpiFromGroup(const QString &kpiId, const QString &groupId)
{
    return start({0, Endpoint::RemoveKpiFromGroup, groupId, kpiId},
                 ApiRequests::removeKpiFromGroup(m_connection, kpiId, groupId),
                 [this, kpiId, groupId](RequestId id, const Outcome &) {
                     if (finish(id))
                         Q_EMIT kpiRemovedFromGroup(id, kpiId, groupId);
                 });
}

void KpiGroupsClient::setConnection(const Connection &connection)
{
    // Another server or account may page differently.
    if (connection.baseUrl != m_connection.baseUrl ||
        connection.accountId != m_connection.accountId)
        m_learnedPageSize = 0;
    m_connection = connection;
}

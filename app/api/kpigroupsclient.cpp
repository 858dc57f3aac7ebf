#include "kpigroupsclient.h"

#include "apijson.h"

#include <QFutureWatcher>
#include <QNetworkReply>
#include <QTimer>
#include <QtConcurrent>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// One "all pages" listing in progress: its pages arrive in any order and are joined in order.
template<typename T>
struct KpiGroupsClient::Listing
{
    ListQuery query;
    qsizetype pageSize = 0;
    qsizetype total = -1;
    qsizetype loaded = 0;
    qsizetype nextPage = 1;
    qsizetype pagesDone = 0;
    qsizetype pageCount = 0;
    QList<T> all;
    bool keepAll = true;
    ApiRequest (*build)(const Connection &, const ListQuery &) = nullptr;
    ApiJson::Page<T> (*parse)(const QByteArray &) = nullptr;
    std::function<void(RequestId, qsizetype loaded, qsizetype total)> progress;
    std::function<void(RequestId, const QList<T> &page, qsizetype offset, qsizetype total)>
        pageArrived;
    std::function<void(RequestId, const QList<T> &, qsizetype total)> done;
};

namespace {

// Seconds, or an HTTP date; empty when the header is missing or unreadable.
std::optional<std::chrono::milliseconds> retryAfter(const QNetworkReply *reply)
{
    const QByteArray value = reply->rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const int seconds = value.toInt(&ok);
    if (ok)
        return std::chrono::seconds(std::max(0, seconds));
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::chrono::milliseconds(
        std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when)));
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

ApiError networkError(const QNetworkReply *reply)
{
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError: // the transfer timeout; our own aborts are silent
    case QNetworkReply::TimeoutError:
        return ApiError::make(ApiError::Kind::Timeout);
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::TooManyRedirectsError:
        return redirectError(0);
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::make(ApiError::Kind::Network,
                              ApiError::tr("The server's certificate could not be verified, so "
                                           "the app did not send anything. Check the server "
                                           "address."));
    default:
        return ApiError::make(ApiError::Kind::Network);
    }
}

} // namespace

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
    m_pending.insert(info.id, Pending{info, {}, {}});
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
        transfer(id, request, std::move(success));
    return id;
}

void KpiGroupsClient::transfer(RequestId owner, const ApiRequest &request, Success success,
                               int attempt, int rateLimitWaits)
{
    const auto pending = m_pending.find(owner);
    if (pending == m_pending.end())
        return;
    if (!request.problem.isEmpty())
        return failSoon(owner, ApiError::make(ApiError::Kind::BadRequest, request.problem));
    QNetworkRequest networkRequest = request.toNetworkRequest();
    networkRequest.setTransferTimeout(int(m_policy.transferTimeout.count()));
    QNetworkReply *reply = m_manager.sendCustomRequest(networkRequest, request.verb, request.body);
    pending->replies.append(reply);
    connect(reply, &QNetworkReply::finished, this,
            [this, owner, reply, request, success = std::move(success), attempt, rateLimitWaits] {
                onReplyFinished(owner, reply, request, success, attempt, rateLimitWaits);
            });
}

void KpiGroupsClient::onReplyFinished(RequestId owner, QNetworkReply *reply,
                                      const ApiRequest &request, const Success &success,
                                      int attempt, int rateLimitWaits)
{
    reply->deleteLater();
    const auto pending = m_pending.find(owner);
    if (pending == m_pending.end())
        return;
    pending->replies.removeAll(reply);

    const EndpointSpec &spec = endpointSpec(request.endpoint);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const bool transportFailed = reply->error() != QNetworkReply::NoError && status == 0;
    const bool truncated = reply->error() == QNetworkReply::RemoteHostClosedError;

    ApiError error;
    if (transportFailed || truncated) {
        error = networkError(reply);
    } else if (status >= 200 && status < 300) {
        const QString contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
        if (spec.answersWithBody && !contentType.contains("json"_L1, Qt::CaseInsensitive)) {
            error = ApiError::make(ApiError::Kind::BadResponse);
            error.httpStatus = status;
        } else {
            success(owner, Outcome{status, body});
            return;
        }
    } else if (status >= 300 && status < 400) {
        error = redirectError(status);
    } else {
        error = ApiError::fromStatus(status, request.endpoint, body);
    }

    if (error.kind == ApiError::Kind::RateLimited && rateLimitWaits < m_policy.maxRateLimitWaits) {
        const std::chrono::milliseconds wait = retryAfter(reply).value_or(m_policy.firstBackoff);
        if (wait <= m_policy.maxRetryAfter) {
            retryLater(owner, wait, [=, this] {
                transfer(owner, request, success, attempt, rateLimitWaits + 1);
            });
            return;
        }
    }
    if (error.isTransient() && spec.idempotent && attempt < m_policy.maxAttempts) {
        retryLater(owner, m_policy.firstBackoff * (1 << (attempt - 1)),
                   [=, this] { transfer(owner, request, success, attempt + 1, rateLimitWaits); });
        return;
    }
    fail(owner, error);
}

void KpiGroupsClient::retryLater(RequestId owner, std::chrono::milliseconds delay,
                                 std::function<void()> retry)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
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
            reply->disconnect(this);
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
    if (const std::optional<RequestInfo> info = finish(id))
        Q_EMIT requestFailed(*info, error);
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
                                 Q_EMIT groupsListed(id, page.items, page.totalCount);
                         });
                 });
}

template<typename T>
RequestId KpiGroupsClient::listAll(Endpoint endpoint, const std::shared_ptr<Listing<T>> &listing)
{
    if (listing->query.sort.isEmpty())
        listing->query.sort = u"id"_s;
    listing->pageSize = std::max<qsizetype>(1, m_policy.pageSize);
    const RequestId id = begin({0, endpoint, {}, {}});
    const QString problem = m_connection.problem();
    if (!problem.isEmpty())
        failSoon(id, ApiError::make(ApiError::Kind::Configuration, problem));
    else
        fetchPage(id, listing, 0);
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
    listing->done = [this](RequestId id, const QList<KpiGroup> &groups, qsizetype total) {
        Q_EMIT groupsListed(id, groups, total);
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
    return listAll(Endpoint::ListKpis, listing);
}

template<typename T>
void KpiGroupsClient::fetchPage(RequestId id, const std::shared_ptr<Listing<T>> &listing,
                                qsizetype page)
{
    ListQuery query = listing->query;
    query.skip = page * listing->pageSize;
    query.take = listing->pageSize;
    transfer(id, listing->build(m_connection, query),
             [this, listing, page](RequestId id, const Outcome &outcome) {
                 inBackground<ApiJson::Page<T>>(
                     id, [body = outcome.body, parse = listing->parse] { return parse(body); },
                     [this, id, listing, page](ApiJson::Page<T> &&result) {
                         if (!result.problem.isEmpty())
                             return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                         if (listing->total < 0) {
                             listing->total = result.totalCount;
                             listing->pageCount = std::max<qsizetype>(
                                 1, (listing->total + listing->pageSize - 1) / listing->pageSize);
                             // One list for all, filled page by page: never the pages and the
                             // whole list at once in memory.
                             if (listing->keepAll)
                                 listing->all.resize(listing->total);
                         }
                         const qsizetype offset = page * listing->pageSize;
                         if (listing->pageArrived)
                             listing->pageArrived(id, result.items, offset, listing->total);
                         for (qsizetype i = 0; listing->keepAll && i < result.items.size(); ++i) {
                             if (offset + i < listing->all.size())
                                 listing->all[offset + i] = std::move(result.items[i]);
                             else
                                 listing->all.append(std::move(result.items[i]));
                         }
                         listing->loaded += result.items.size();
                         result.items = {};
                         ++listing->pagesDone;
                         if (listing->progress)
                             listing->progress(id, listing->loaded, listing->total);
                         if (listing->pagesDone == listing->pageCount) {
                             // The list changed while it was read: a page came back short.
                             const auto missing =
                                 std::remove_if(listing->all.begin(), listing->all.end(),
                                                [](const T &item) { return item.id.isEmpty(); });
                             listing->all.erase(missing, listing->all.end());
                             if (finish(id))
                                 listing->done(id, listing->all, listing->total);
                             return;
                         }
                         const int inFlight = int(m_pending.value(id).replies.size());
                         for (int i = inFlight;
                              i < m_policy.parallelPages && listing->nextPage < listing->pageCount;
                              ++i)
                             fetchPage(id, listing, listing->nextPage++);
                     });
             });
}

RequestId KpiGroupsClient::getGroup(const QString &groupId)
{
    return start({0, Endpoint::GetGroup, groupId, {}}, ApiRequests::getGroup(m_connection, groupId),
                 [this](RequestId id, const Outcome &outcome) {
                     const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
                     if (!group)
                         return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                     if (finish(id))
                         Q_EMIT groupFetched(id, *group);
                 });
}

RequestId KpiGroupsClient::createGroup(const QString &name)
{
    const RequestInfo info{0, Endpoint::CreateGroup, {}, {}};
    if (const QString problem = nameProblem(name); !problem.isEmpty()) {
        const RequestId id = begin(info);
        failSoon(id, ApiError::make(ApiError::Kind::BadRequest, problem));
        return id;
    }
    return start(info, ApiRequests::createGroup(m_connection, name.trimmed()),
                 [this](RequestId id, const Outcome &outcome) {
                     const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
                     if (!group)
                         return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                     if (finish(id))
                         Q_EMIT groupCreated(id, *group);
                 });
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
    return start(info, ApiRequests::renameGroup(m_connection, groupId, trimmed),
                 [this, groupId, trimmed](RequestId id, const Outcome &) {
                     if (finish(id))
                         Q_EMIT groupRenamed(id, groupId, trimmed);
                 });
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
    return start({0, Endpoint::ListKpis, groupId, {}},
                 ApiRequests::listKpis(m_connection, ApiRequests::groupKpisQuery(groupId)),
                 [this, groupId](RequestId id, const Outcome &outcome) {
                     inBackground<ApiJson::Page<Kpi>>(
                         id, [body = outcome.body] { return ApiJson::kpiPage(body); },
                         [this, id, groupId](ApiJson::Page<Kpi> &&page) {
                             if (!page.problem.isEmpty())
                                 return fail(id, ApiError::make(ApiError::Kind::BadResponse));
                             if (finish(id))
                                 Q_EMIT groupKpisListed(id, groupId, page.items);
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

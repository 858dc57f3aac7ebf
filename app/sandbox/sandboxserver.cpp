#include "sandboxserver.h"

#include "jsontext.h"
#include "sandboxgzip.h"
#include "sandboxjson.h"

#include <QFutureWatcher>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QString defaultMessage(int status)
{
    switch (status) {
    case 400:
        return u"Bad request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 402:
        return u"Payment required: the account's plan does not include this"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"Not found"_s;
    case 429:
        return u"Too many requests"_s;
    default:
        return status >= 500 ? u"Internal server error"_s : u"Request failed"_s;
    }
}

// QHttpServer logs every request with its headers at debug level: the Authorization header must
// not end up in anybody's log, so its categories stay quiet whatever the logging rules say.
QLoggingCategory::CategoryFilter previousFilter = nullptr;
void silenceHttpServerDebug(QLoggingCategory *category)
{
    if (previousFilter)
        previousFilter(category);
    if (qstrncmp(category->categoryName(), "qt.httpserver", 13) == 0)
        category->setEnabled(QtDebugMsg, false);
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    return QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method)))
        .toUpper();
}

void appendGroup(QByteArray &out, const QString &accountId, const SandboxGroup &group,
                 bool favorite, const SandboxListQuery *query)
{
    const auto wanted = [query](SandboxField field) { return !query || query->includes(field); };
    bool first = true;
    const auto key = [&](const char *name) {
        out.append(first ? "{\"" : ",\"").append(name).append("\":");
        first = false;
    };
    if (wanted(SandboxField::AccountId)) {
        key("accountId");
        JsonText::appendString(out, accountId);
    }
    if (wanted(SandboxField::CreatedById)) {
        key("createdById");
        JsonText::appendString(out, group.createdById);
    }
    if (wanted(SandboxField::DateCreated)) {
        key("dateCreated");
        sandboxAppendIsoDate(out, group.dateCreated);
    }
    if (wanted(SandboxField::DateUpdated)) {
        key("dateUpdated");
        sandboxAppendIsoDate(out, group.dateUpdated);
    }
    if (wanted(SandboxField::Favorite)) {
        key("favorite");
        out.append(favorite ? "true" : "false");
    }
    key("id");
    JsonText::appendString(out, group.id);
    if (wanted(SandboxField::ModifiedById)) {
        key("modifiedById");
        JsonText::appendString(out, group.modifiedById);
    }
    if (wanted(SandboxField::Name)) {
        key("name");
        JsonText::appendString(out, group.name);
    }
    out.append('}');
}

void appendKpi(QByteArray &out, const QString &accountId, const SandboxKpi &kpi,
               const SandboxListQuery &query)
{
    bool first = true;
    const auto key = [&](const char *name) {
        out.append(first ? "{\"" : ",\"").append(name).append("\":");
        first = false;
    };
    if (query.includes(SandboxField::AccountId)) {
        key("accountId");
        JsonText::appendString(out, accountId);
    }
    if (query.includes(SandboxField::Description)) {
        key("description");
        JsonText::appendString(out, kpi.description);
    }
    if (query.includes(SandboxField::GroupIds)) {
        key("groupIds");
        out.append('[');
        for (qsizetype i = 0; i < kpi.groupIds.size(); ++i) {
            if (i > 0)
                out.append(',');
            JsonText::appendString(out, kpi.groupIds.at(i));
        }
        out.append(']');
    }
    key("id");
    JsonText::appendString(out, kpi.id);
    if (query.includes(SandboxField::Name)) {
        key("name");
        JsonText::appendString(out, kpi.name);
    }
    if (query.includes(SandboxField::OwnerId)) {
        key("ownerId");
        JsonText::appendString(out, kpi.ownerId);
    }
    out.append('}');
}

void appendUser(QByteArray &out, const SandboxUser &user, const SandboxListQuery &query)
{
    bool first = true;
    const auto field = [&](SandboxField wanted, const char *name, const QString &value) {
        if (wanted != SandboxField::Id && !query.includes(wanted))
            return;
        out.append(first ? "{\"" : ",\"").append(name).append("\":");
        first = false;
        JsonText::appendString(out, value);
    };
    field(SandboxField::AccountId, "accountId", user.accountId);
    field(SandboxField::Email, "email", user.email);
    field(SandboxField::FirstName, "firstName", user.firstName);
    field(SandboxField::Id, "id", user.id);
    field(SandboxField::LastName, "lastName", user.lastName);
    out.append('}');
}

// The body of POST and PATCH: a JSON object with a valid "name".
SandboxError readName(const QByteArray &body, QString *name)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {400, u"The body is not valid JSON: %1"_s.arg(parseError.errorString())};
    if (!document.isObject())
        return {400, u"The body must be a JSON object"_s};
    const QJsonValue value = document.object().value("name"_L1);
    if (!value.isString())
        return {400, u"'name' is required and must be a string"_s};
    *name = value.toString();
    return SandboxStore::validateName(*name);
}

SandboxError validateId(const QString &id)
{
    if (SandboxStore::isValidId(id))
        return {};
    return {400, u"'%1' is not a valid id"_s.arg(id.left(40))};
}

} // namespace

SandboxServer::SandboxServer(SandboxStore *store, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_store(store)
{
    static const bool filterInstalled = [] {
        previousFilter = QLoggingCategory::installFilter(silenceHttpServerDebug);
        return true;
    }();
    Q_UNUSED(filterInstalled);
}

namespace {

// Answers sent as soon as they are written, as a real server's are: with Nagle's algorithm a
// body written after its headers waited for the client's delayed acknowledgement (up to 40 ms),
// which made a listing of many pages look slower than its one big request by that much a page.
class LowDelayTcpServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        addPendingConnection(socket);
    }
};

} // namespace

bool SandboxServer::listenOnLoopback(quint16 port)
{
    auto *server = new LowDelayTcpServer(this);
    if (!server->listen(QHostAddress::LocalHost, port)) {
        delete server;
        return false;
    }
    bind(server);
    m_port = server->serverPort();
    return true;
}

QUrl SandboxServer::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_port);
    url.setPath(basePath);
    return url;
}

QByteArray SandboxServer::Request::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers)
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

bool SandboxServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_requestsArrived.ref();
    Request copy;
    copy.method = methodName(request.method());
    // Encoded: "%2F" inside a segment is part of an id, not a separator (decoded per segment).
    copy.path = request.url().path(QUrl::FullyEncoded);
    copy.query = request.query();
    copy.headers = request.headers();
    copy.body = request.body();

    const int delay = m_faults.latency();
    if (delay <= 0) {
        answer(copy, socket);
    } else {
        // The socket is the timer's context: a client that gave up never gets a late answer.
        QTimer::singleShot(delay, socket, [this, copy, socket] { answer(copy, socket); });
    }
    return true;
}

void SandboxServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    write(socket, error(404, u"No such endpoint"_s));
}

QStringList SandboxServer::changesReceived() const
{
    QMutexLocker lock(&m_receivedMutex);
    return m_changesReceived;
}

QStringList SandboxServer::requestsReceived() const
{
    QMutexLocker lock(&m_receivedMutex);
    return m_requestsReceived;
}

QList<std::pair<QByteArray, QByteArray>> SandboxServer::lastRequestHeaders() const
{
    QMutexLocker lock(&m_receivedMutex);
    return m_lastRequestHeaders;
}

void SandboxServer::answer(const Request &request, QTcpSocket *socket)
{
    m_requestCount.ref();
    const QString relativePath =
        request.path.startsWith(basePath) ? request.path.mid(basePath.size()) : request.path;
    {
        QMutexLocker lock(&m_receivedMutex);
        const QString methodAndPath = QString::fromLatin1(request.method) + u' ' + relativePath;
        if (request.method != "GET")
            m_changesReceived.append(methodAndPath);
        const QString query = request.query.toString(QUrl::FullyDecoded);
        m_requestsReceived.append(query.isEmpty() ? methodAndPath : methodAndPath + u'?' + query);
        if (m_requestsReceived.size() > maxRequestsKept) // a sandbox that runs for days
            m_requestsReceived.removeFirst();
        m_lastRequestHeaders = request.headers;
    }
    const SandboxFaults::Fault fault =
        m_faults.take(QString::fromLatin1(request.method) + u' ' + relativePath);
    // For Late and Trickle the delay is part of how the answer is sent, not a wait before it.
    const bool delayIsTheFault =
        fault.kind == SandboxFaults::Kind::Late || fault.kind == SandboxFaults::Kind::Trickle;
    if (fault.delayMs > 0 && !delayIsTheFault) {
        QTimer::singleShot(fault.delayMs, socket,
                           [this, request, socket, fault] { apply(fault, request, socket); });
        return;
    }
    apply(fault, request, socket);
}

void SandboxServer::apply(const SandboxFaults::Fault &fault, const Request &request,
                          QTcpSocket *socket)
{
    switch (fault.kind) {
    case SandboxFaults::Kind::Status:
        if (fault.status != 0) {
            write(socket, error(fault.status, fault.message.isEmpty() ? defaultMessage(fault.status)
                                                                      : fault.message));
            return;
        }
        break;
    case SandboxFaults::Kind::RateLimit: {
        Response response = error(429, defaultMessage(429));
        const QByteArray retryAfter =
            fault.retryAfterAsDate
                ? QLocale::c()
                      .toString(QDateTime::currentDateTimeUtc().addSecs(fault.retryAfterSeconds),
                                u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s)
                      .toLatin1()
                : QByteArray::number(fault.retryAfterSeconds);
        response.headers.append({"Retry-After", retryAfter});
        write(socket, response);
        return;
    }
    case SandboxFaults::Kind::Lost:
        (void)dispatch(request); // carried out; the answer is lost on the way back
        socket->disconnectFromHost();
        return;
    case SandboxFaults::Kind::Endless:
        writeEndlessly(socket, fault.status);
        return;
    case SandboxFaults::Kind::Trickle: {
        Response response = dispatch(request);
        if (response.bodyInBackground)
            response.body = std::exchange(response.bodyInBackground, {})();
        trickle(socket, response, fault.delayMs > 0 ? fault.delayMs : 1000);
        return;
    }
    case SandboxFaults::Kind::Truncate: {
        Response response = dispatch(request);
        if (response.bodyInBackground)
            response.body = response.bodyInBackground();
        write(socket, response, response.body.size() / 2);
        return;
    }
    case SandboxFaults::Kind::Malformed: {
        Response response;
        response.body = R"({"count": 1, "items": [{"id": "5be26318e5274a0007f17f61", "name": )";
        write(socket, response);
        return;
    }
    case SandboxFaults::Kind::Html: {
        Response response;
        response.contentType = "text/html; charset=utf-8";
        response.body = "<html><body>Please sign in to the hotel Wi-Fi</body></html>";
        write(socket, response);
        return;
    }
    case SandboxFaults::Kind::Drop:
        socket->abort();
        return;
    case SandboxFaults::Kind::Redirect: {
        Response response;
        response.status = 307;
        response.contentType.clear();
        QString location = fault.location;
        if (!request.query.isEmpty())
            location += u'?' + request.query.toString(QUrl::FullyEncoded);
        response.headers.append({"Location", location.toUtf8()});
        write(socket, response);
        return;
    }
    case SandboxFaults::Kind::Late: {
        Response response = dispatch(request);
        if (response.bodyInBackground) // made now, from the data as it is now
            response.body = std::exchange(response.bodyInBackground, {})();
        QTimer::singleShot(fault.delayMs, socket, [socket, response] { write(socket, response); });
        return;
    }
    }
    send(socket, dispatch(request), request);
}

void SandboxServer::send(QTcpSocket *socket, Response response, const Request &request)
{
    const bool hasBody = !response.body.isEmpty() || response.bodyInBackground;
    if (m_compresses && hasBody) {
        response.headers.emplaceBack("Vary", "Accept-Encoding");
        if (sandboxAcceptsGzip(request.header("Accept-Encoding"))) {
            response.headers.emplaceBack("Content-Encoding", "gzip");
            if (response.bodyInBackground) {
                response.bodyInBackground = [make = std::move(response.bodyInBackground)] {
                    return sandboxGzip(make());
                };
            } else {
                response.body = sandboxGzip(response.body);
            }
        }
    }
    if (!response.bodyInBackground)
        return write(socket, response);
    // The socket is the watcher's parent: a client that is gone gets nothing, and nothing leaks.
    auto *watcher = new QFutureWatcher<QByteArray>(socket);
    connect(watcher, &QFutureWatcherBase::finished, socket, [socket, watcher, response] {
        watcher->deleteLater();
        Response done = response;
        done.body = watcher->result();
        done.bodyInBackground = {};
        write(socket, done);
    });
    watcher->setFuture(QtConcurrent::run(response.bodyInBackground));
}

QByteArray SandboxServer::head(const Response &response, std::optional<qsizetype> length)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                      reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty() && (!response.body.isEmpty() || !length))
        head += "Content-Type: " + response.contentType + "\r\n";
    if (length)
        head += "Content-Length: " + QByteArray::number(*length) + "\r\n";
    else
        head += "Connection: close\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    return head;
}

void SandboxServer::writeEndlessly(QTcpSocket *socket, int status)
{
    Response response;
    response.status = status;
    // Little kept in the system's buffer on this side: what was written has reached the client's.
    socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 64 * 1024);
    socket->write(head(response, std::nullopt) + "\r\n[");
    // Fed as the socket drains, so that it stays full without holding more than a chunk.
    static const QByteArray chunk = [] {
        QByteArray item = R"({"id":"5be26318e5274a0007f17f61","name":"again and again"},)";
        return item.repeated(64 * 1024 / item.size());
    }();
    const auto feed = [socket] {
        while (socket->state() == QAbstractSocket::ConnectedState &&
               socket->bytesToWrite() < 4 * chunk.size())
            socket->write(chunk);
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, [this, feed](qint64 written) {
        m_endlessBytesWritten.fetchAndAddRelaxed(written);
        feed();
    });
    feed();
}

void SandboxServer::trickle(QTcpSocket *socket, const Response &response, int intervalMs)
{
    socket->write(head(response, response.body.size()) + "\r\n");
    auto *timer = new QTimer(socket);
    connect(timer, &QTimer::timeout, socket,
            [socket, timer, body = response.body, sent = 0]() mutable {
                if (sent >= body.size() || socket->state() != QAbstractSocket::ConnectedState)
                    return timer->stop();
                socket->write(body.mid(sent++, 1));
            });
    timer->start(intervalMs);
}

SandboxServer::Response SandboxServer::error(int status, const QString &message)
{
    Response response;
    response.status = status;
    response.body = SandboxError{status, message}.toJson();
    return response;
}

void SandboxServer::write(QTcpSocket *socket, const Response &response, qsizetype cutAt)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray start = head(response, response.body.size());
    if (cutAt >= 0)
        start += "Connection: close\r\n";
    start += "\r\n";
    socket->write(start);
    if (cutAt < 0) {
        socket->write(response.body);
        return;
    }
    socket->write(response.body.left(cutAt));
    socket->disconnectFromHost();
}

std::optional<SandboxServer::Route> SandboxServer::routeOf(const Request &request) const
{
    const bool touch = request.path == touchPath;
    Route route;
    if (request.path.startsWith(webPath)) {
        route.kind = Route::Kind::WebPage;
        route.segments = request.path.mid(webPath.size()).split(u'/', Qt::KeepEmptyParts);
        for (QString &segment : route.segments)
            segment = QUrl::fromPercentEncoding(segment.toUtf8());
        route.allowed = {"GET"};
        const bool group = route.segments.size() == 2 && route.segments.at(0) == "groups"_L1;
        if (route.segments.size() == 1 || group)
            return route;
        return std::nullopt;
    }
    if (!touch && !request.path.startsWith(basePath + u'/'))
        return std::nullopt;
    if (!touch)
        route.segments = request.path.mid(basePath.size() + 1).split(u'/', Qt::KeepEmptyParts);
    for (QString &segment : route.segments)
        segment = QUrl::fromPercentEncoding(segment.toUtf8());
    const QStringList &segments = route.segments;
    const auto isKpis = segments.value(0) == "kpis"_L1;
    const auto is = [&route](Route::Kind kind, QByteArrayList allowed) {
        route.kind = kind;
        route.allowed = std::move(allowed);
        return route;
    };
    if (touch)
        return is(Route::Kind::Touch, {"POST"});
    if (segments.size() == 1 && segments.at(0) == "users"_L1)
        return is(Route::Kind::Users, {"GET"});
    if (isKpis && segments.size() == 1)
        return is(Route::Kind::Kpis, {"GET"});
    if (isKpis && segments.size() == 2 && segments.at(1) == "groups"_L1)
        return is(Route::Kind::Groups, {"GET", "POST"});
    if (isKpis && segments.size() == 3 && segments.at(1) == "groups"_L1)
        return is(Route::Kind::Group, {"GET", "PATCH", "DELETE"});
    if (isKpis && segments.size() == 4 && segments.at(1) == "groups"_L1 &&
        segments.at(3) == "favorite"_L1)
        return is(Route::Kind::Favorite, {"PUT", "DELETE"});
    if (isKpis && segments.size() == 4 && segments.at(2) == "groups"_L1) {
        // The assumed add (PUT) can be played as missing: no such address, or not allowed.
        if (m_kpiAddingRefusal == 404 && request.method == "PUT")
            return std::nullopt;
        return is(Route::Kind::KpiInGroup, m_kpiAddingRefusal == 0 ? QByteArrayList{"DELETE", "PUT"}
                                                                   : QByteArrayList{"DELETE"});
    }
    return std::nullopt;
}

std::optional<SandboxServer::Response> SandboxServer::refusal(const Request &request,
                                                              const Route &route,
                                                              const SandboxUser **user,
                                                              SandboxAccount **account) const
{
    const QByteArray authorization = request.header("Authorization");
    const QString token = authorization.startsWith("Bearer ")
                              ? QString::fromUtf8(authorization.mid(7)).trimmed()
                              : QString();
    *user = token.isEmpty() ? nullptr : m_store->userForToken(token);
    if (!*user)
        return error(401, u"Missing or invalid API token"_s);
    QString accountId = QString::fromUtf8(request.header("gtmhub-accountId")).trimmed();
    // The seed lists no account header for the two favorite endpoints and its curl samples send
    // none there, so those fall back to the token's own account; every other endpoint needs it.
    if (accountId.isEmpty() && route.kind == Route::Kind::Favorite)
        accountId = (*user)->accountId;
    if (accountId.isEmpty())
        return error(400, u"The gtmhub-accountId header is required"_s);
    *account = m_store->account(accountId);
    if (!*account || (*user)->accountId != accountId)
        return error(403, u"The token's user has no access to this account"_s);
    return std::nullopt;
}

SandboxServer::Response SandboxServer::dispatch(const Request &request)
{
    const std::optional<Route> route = routeOf(request);
    if (!route)
        return error(404, u"No such endpoint"_s);
    if (!route->allowed.contains(request.method)) {
        Response response = error(405, u"Method not allowed"_s);
        response.headers.append({"Allow", route->allowed.join(", ")});
        return response;
    }
    if (route->kind == Route::Kind::WebPage)
        return webPage(*route);
    const SandboxUser *user = nullptr;
    SandboxAccount *account = nullptr;
    if (std::optional<Response> refused = refusal(request, *route, &user, &account))
        return *refused;
    return carryOut(request, *route, *account, *user);
}

SandboxServer::Response SandboxServer::carryOut(const Request &request, const Route &route,
                                                SandboxAccount &account, const SandboxUser &user)
{
    const QByteArray &method = request.method;
    const QStringList &segments = route.segments;
    SandboxError failure;
    switch (route.kind) {
    case Route::Kind::Groups:
        return method == "GET" ? listGroups(account, user, request)
                               : createGroup(account, user, request);
    case Route::Kind::Kpis:
        return listKpis(account, request);
    case Route::Kind::Users:
        return listUsers(account, request);
    case Route::Kind::Touch:
        return touchGroups(account, user, request);
    case Route::Kind::WebPage:
        return webPage(route);
    case Route::Kind::Group: {
        const QString groupId = segments.at(2);
        if ((failure = validateId(groupId)).isError())
            break;
        if (method == "PATCH")
            return renameGroup(account, user, groupId, request);
        if (method == "DELETE") {
            failure = m_store->deleteGroup(account, groupId);
            break;
        }
        const SandboxGroup *group = m_store->group(account, groupId);
        if (!group)
            return error(404, u"KPI group not found"_s);
        Response response;
        response.body = groupJson(account, user, *group);
        return response;
    }
    case Route::Kind::Favorite: {
        const QString groupId = segments.at(2);
        if ((failure = validateId(groupId)).isError())
            break;
        failure = m_store->setFavorite(account, user.id, groupId, method == "PUT");
        break;
    }
    case Route::Kind::KpiInGroup: {
        const QString kpiId = segments.at(1);
        const QString groupId = segments.at(3);
        if ((failure = validateId(kpiId)).isError() || (failure = validateId(groupId)).isError())
            break;
        failure = method == "PUT" ? m_store->addKpiToGroup(account, kpiId, groupId)
                                  : m_store->removeKpiFromGroup(account, kpiId, groupId);
        break;
    }
    }
    if (failure.isError())
        return error(failure.status, failure.message);
    Response ok;
    ok.contentType.clear();
    return ok;
}

SandboxServer::Response SandboxServer::webPage(const Route &route) const
{
    const bool isGroup = route.segments.size() == 2;
    const QString id = route.segments.constLast();
    Response response;
    response.contentType = "text/html; charset=utf-8";
    const auto page = [&response](int status, const QString &title, const QString &text) {
        response.status = status;
        response.body = u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>"
                        "</head>\n<body><h1>%1</h1>\n<p>%2</p></body></html>\n"_s
                            .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
                            .toUtf8();
        return response;
    };
    if (validateId(id).isError())
        return page(400, u"Bad request"_s, u"Not an id: "_s + id);
    for (const QString &accountId : m_store->accountIds()) {
        const SandboxAccount &account = *m_store->account(accountId);
        if (isGroup) {
            if (const SandboxGroup *group = m_store->group(account, id))
                return page(200, group->name,
                            u"KPI group %1 of %2, in the sandbox"_s.arg(id, account.name));
        } else if (const auto kpi = account.kpiIndex.constFind(id);
                   kpi != account.kpiIndex.cend()) {
            return page(200, account.kpis.at(*kpi).name,
                        u"KPI %1 of %2, in the sandbox"_s.arg(id, account.name));
        }
    }
    return page(404, u"Not found"_s, isGroup ? u"No KPI group "_s + id : u"No KPI "_s + id);
}

SandboxServer::Response SandboxServer::listGroups(const SandboxAccount &account,
                                                  const SandboxUser &user, const Request &request)
{
    SandboxError failure;
    const SandboxListQuery query = pagedQuery(request, SandboxCollection::Groups, &failure);
    if (failure.isError())
        return error(failure.status, failure.message);
    const SandboxStore::Page page = m_store->listGroups(account, user.id, query);
    const QByteArray total = totalCount(page.totalCount);
    // Copies of implicitly shared data: cheap here, and safe to read on another thread while
    // this one goes on changing the store.
    auto serialize = [groups = account.groups, accountId = account.id,
                      favorites = account.favoritesByUser.value(user.id), page, query, total] {
        QByteArray out;
        out.reserve(64 + page.rows.size() * 280);
        out.append("{\"count\":")
            .append(QByteArray::number(page.rows.size()))
            .append(",\"items\":[");
        for (qsizetype i = 0; i < page.rows.size(); ++i) {
            if (i > 0)
                out.append(',');
            const SandboxGroup &group = groups.at(page.rows.at(i));
            appendGroup(out, accountId, group, favorites.contains(group.id), &query);
        }
        out.append("],\"totalCount\":").append(total).append('}');
        return out;
    };
    if (m_paging.deletedAfterEachPage > 0 && query.take) {
        // Someone else deletes the groups at the top of this order: every later page moves.
        SandboxListQuery first = query;
        first.skip = 0;
        first.take = m_paging.deletedAfterEachPage;
        const SandboxStore::Page doomed = m_store->listGroups(account, user.id, first);
        QStringList ids;
        for (const qsizetype row : doomed.rows)
            ids.append(account.groups.at(row).id);
        for (const QString &id : std::as_const(ids))
            (void)m_store->deleteGroup(*m_store->account(account.id), id);
    }
    Response response;
    if (page.rows.size() >= 500)
        response.bodyInBackground = std::move(serialize);
    else
        response.body = serialize();
    return response;
}

SandboxServer::Response SandboxServer::listKpis(const SandboxAccount &account,
                                                const Request &request)
{
    SandboxError failure;
    const SandboxListQuery query = pagedQuery(request, SandboxCollection::Kpis, &failure);
    if (failure.isError())
        return error(failure.status, failure.message);
    const SandboxStore::Page page = m_store->listKpis(account, query);

    Response response;
    QByteArray &out = response.body;
    out.reserve(64 + page.rows.size() * 300);
    out.append("{\"count\":").append(QByteArray::number(page.rows.size())).append(",\"items\":[");
    for (qsizetype i = 0; i < page.rows.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendKpi(out, account.id, account.kpis.at(page.rows.at(i)), query);
    }
    out.append("],\"totalCount\":").append(totalCount(page.totalCount)).append('}');
    return response;
}

SandboxServer::Response SandboxServer::listUsers(const SandboxAccount &account,
                                                 const Request &request)
{
    SandboxError failure;
    const SandboxListQuery query = pagedQuery(request, SandboxCollection::Users, &failure);
    if (failure.isError())
        return error(failure.status, failure.message);
    const SandboxStore::Page page = m_store->listUsers(account, query);
    auto serialize = [users = m_store->users(), page, query, total = totalCount(page.totalCount),
                      size = m_usersAnswerSize] {
        QByteArray items;
        items.reserve(size + page.rows.size() * 160);
        for (qsizetype i = 0; i < page.rows.size(); ++i) {
            if (i > 0)
                items.append(',');
            appendUser(items, users.at(page.rows.at(i)), query);
        }
        qsizetype count = page.rows.size();
        for (; items.size() < size; ++count) {
            if (count > 0)
                items.append(',');
            SandboxUser someone;
            someone.id = u"e%1"_s.arg(count, 23, 16, QLatin1Char('0'));
            someone.firstName = u"Someone"_s;
            someone.lastName = u"Else %1"_s.arg(count);
            someone.email = u"someone.else.%1@example.com"_s.arg(count);
            appendUser(items, someone, query);
        }
        QByteArray out;
        out.reserve(items.size() + 64);
        out.append("{\"count\":").append(QByteArray::number(count)).append(",\"items\":[");
        out.append(items).append("],\"totalCount\":").append(total).append('}');
        return out;
    };
    Response response;
    if (m_usersAnswerSize > 0)
        response.bodyInBackground = std::move(serialize);
    else
        response.body = serialize();
    return response;
}

SandboxListQuery SandboxServer::pagedQuery(const Request &request, SandboxCollection collection,
                                           SandboxError *failure) const
{
    SandboxListQuery query =
        SandboxListQuery::parse(request.query, collection, m_paging.maxTake, failure);
    if (m_paging.ignoreFilter) {
        query.filter = {};
        query.filterText.clear();
        query.sort.clear();
        query.sortText.clear();
    }
    if (m_paging.ignoreSkip)
        query.skip = 0;
    if (m_paging.ignoreFields)
        query.fields.clear();
    if (m_paging.ignoreTake)
        query.take.reset();
    if (!query.take && m_paging.defaultTake > 0)
        query.take = m_paging.defaultTake;
    if (m_paging.silentCap > 0)
        query.take = std::min(query.take.value_or(m_paging.silentCap), m_paging.silentCap);
    return query;
}

QByteArray SandboxServer::totalCount(qsizetype truth) const
{
    return m_paging.totalCount.isEmpty() ? QByteArray::number(truth) : m_paging.totalCount;
}

SandboxServer::Response SandboxServer::createGroup(SandboxAccount &account, const SandboxUser &user,
                                                   const Request &request)
{
    QString name;
    const SandboxError failure = readName(request.body, &name);
    if (failure.isError())
        return error(failure.status, failure.message);
    if (m_normalizesNames)
        name = name.simplified();
    const SandboxGroup group = m_store->createGroup(account, user.id, name);
    Response response;
    response.status = 201;
    response.body = groupJson(account, user, group);
    return response;
}

SandboxServer::Response SandboxServer::renameGroup(SandboxAccount &account, const SandboxUser &user,
                                                   const QString &groupId, const Request &request)
{
    QString name;
    SandboxError failure = readName(request.body, &name);
    if (m_normalizesNames)
        name = name.simplified();
    if (!failure.isError())
        failure = m_store->renameGroup(account, user.id, groupId, name);
    if (failure.isError())
        return error(failure.status, failure.message);
    Response ok;
    ok.contentType.clear();
    return ok;
}

SandboxServer::Response SandboxServer::touchGroups(SandboxAccount &account, const SandboxUser &user,
                                                   const Request &request)
{
    bool ok = false;
    const qlonglong count = request.query.queryItemValue(u"groups"_s).toLongLong(&ok);
    if (!ok || count < 1)
        return error(400, u"'groups' must be a whole number of at least 1"_s);
    const QStringList touched = m_store->touchGroups(account, user.id, qsizetype(count));
    Response response;
    response.body = "{\"touched\":[";
    for (qsizetype i = 0; i < touched.size(); ++i) {
        if (i > 0)
            response.body.append(',');
        JsonText::appendString(response.body, touched.at(i));
    }
    response.body.append("]}");
    return response;
}

QByteArray SandboxServer::groupJson(const SandboxAccount &account, const SandboxUser &user,
                                    const SandboxGroup &group) const
{
    QByteArray out;
    appendGroup(out, account.id, group, m_store->isFavorite(account, user.id, group.id), nullptr);
    return out;
}

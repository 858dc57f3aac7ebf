#pragma once

#include "sandboxfaults.h"
#include "sandboxstore.h"

#include <QAbstractHttpServer>
#include <QMutex>
#include <QUrl>
#include <functional>
#include <optional>

class QTcpSocket;

// A faithful local emulation of the KPI Groups API (see shared/api/API.md), on loopback only.
// It answers under the real base path, /results/api/v1, so the API's own curl samples work
// against it with only the host changed.
class SandboxServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    static constexpr QLatin1StringView basePath{"/results/api/v1"};
    static constexpr qsizetype defaultMaxPageSize = 1000;

    explicit SandboxServer(SandboxStore *store, QObject *parent = nullptr);

    // Listens on 127.0.0.1 (never on other interfaces); 0 picks a free port.
    bool listenOnLoopback(quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;

    SandboxFaults &faults() { return m_faults; }
    // How lists are paged: by this sandbox's own rules, or as other servers do.
    struct Paging
    {
        qsizetype maxTake = defaultMaxPageSize; // a larger 'take' is refused with a 400
        qsizetype silentCap = 0;      // no page holds more, whatever 'take' asks, unsaid (0: none)
        qsizetype defaultTake = 0;    // the page size when 'take' is missing (0: everything)
        bool ignoreTake = false;      // every page is the whole rest of the list
        QByteArray totalCount;        // what 'totalCount' says instead of the truth (empty: truth)
        int deletedAfterEachPage = 0; // groups that sort first deleted after each page, as if
                                      // by someone else while a client reads the list
        bool ignoreFilter = false;    // 'filter' and 'sort' are read, then not applied: every
                                      // list is the whole collection, in the order it is stored
        bool ignoreSkip = false;      // every page starts at the start of the list
        bool ignoreFields = false;    // 'fields' is read, then not applied: whole items
    };
    void setPaging(const Paging &paging) { m_paging = paging; }
    const Paging &paging() const { return m_paging; }
    void setMaxPageSize(qsizetype size) { m_paging.maxTake = size; }
    qsizetype maxPageSize() const { return m_paging.maxTake; }
    SandboxStore *store() const { return m_store; }
    // GET /users answers with at least this many bytes: the people asked for, then made-up ones,
    // as a server that sends its whole directory whatever it is asked (0: the people asked for).
    void setUsersAnswerSize(qint64 bytes) { m_usersAnswerSize = bytes; }
    // Names are kept as some servers keep them: trimmed, and each run of white space inside made
    // one space ("Q3  Plans" is stored, and answered, as "Q3 Plans").
    void setNormalizesNames(bool normalizes) { m_normalizesNames = normalizes; }
    // Answers are compressed with gzip when the request's Accept-Encoding asks for it (the
    // default), as the servers in front of the real API do; the answers of faults never are.
    void setCompresses(bool compresses) { m_compresses = compresses; }
    bool compresses() const { return m_compresses; }
    // A server without the assumed add (PUT /kpis/{kpiId}/groups/{groupId}): 404 answers it as an
    // address not served, 405 as a method the address does not allow (with "Allow: DELETE"); 0
    // serves it (the default).
    void setKpiAddingRefusal(int status) { m_kpiAddingRefusal = status; }

    // Outside the API, for tests and benchmarks: POST /sandbox/touch?groups=N, with the API's
    // token and account headers, has someone else edit N groups of the account at once
    // (SandboxStore::touchGroups) and answers {"touched":[their ids]}.
    static constexpr QLatin1StringView touchPath{"/sandbox/touch"};
    // Outside the API, a stand-in for Quantive's web app, so that a link the app makes opens
    // something in a browser: GET /results/kpis/groups/{groupId} and /results/kpis/{kpiId} answer
    // a small HTML page with the group's or the KPI's name, of whichever account has it, without
    // a token (a browser sends none; the real web app would ask to sign in).
    static constexpr QLatin1StringView webPath{"/results/kpis/"};

    // How many requests have been answered or dropped; tests use it to see retries.
    int requestCount() const { return m_requestCount.loadRelaxed(); }
    // How many requests have arrived, answered or not (the latency and late faults wait).
    int requestsArrived() const { return m_requestsArrived.loadRelaxed(); }
    // The bytes of endless answers the system took from the sandbox: what clients read of them,
    // or left in their connections' buffers, before they closed the connections.
    qint64 endlessBytesWritten() const { return m_endlessBytesWritten.loadRelaxed(); }
    // Every change asked of it ("PATCH /kpis/groups/…"), in order: tests count what arrived.
    QStringList changesReceived() const;
    // The last requests, in order, with their query decoded ("GET /kpis/groups?take=20").
    QStringList requestsReceived() const;
    // The headers of the last request, as they arrived.
    QList<std::pair<QByteArray, QByteArray>> lastRequestHeaders() const;
    static constexpr qsizetype maxRequestsKept = 10000;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Request
    {
        QByteArray method;
        QString path; // relative to basePath
        QUrlQuery query;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(QByteArrayView name) const;
    };
    struct Response
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        QList<std::pair<QByteArray, QByteArray>> headers;
        // A large body, written on a worker thread from a snapshot of the data, so that the
        // sandbox answers several list requests at once, as a real server does.
        std::function<QByteArray()> bodyInBackground;
    };

    void answer(const Request &request, QTcpSocket *socket);
    void apply(const SandboxFaults::Fault &fault, const Request &request, QTcpSocket *socket);
    // Which endpoint a request is for, and the methods it allows (none: no such endpoint).
    struct Route
    {
        enum class Kind
        {
            Groups,
            Group,
            Favorite,
            Kpis,
            KpiInGroup,
            Users,
            Touch,
            WebPage
        } kind = Kind::Groups;
        QStringList segments; // of the path after the base, decoded
        QByteArrayList allowed;
    };
    std::optional<Route> routeOf(const Request &request) const;
    // Why the caller may not: no token, no account, another account's (empty: they may).
    std::optional<Response> refusal(const Request &request, const Route &route,
                                    const SandboxUser **user, SandboxAccount **account) const;
    Response dispatch(const Request &request);
    Response carryOut(const Request &request, const Route &route, SandboxAccount &account,
                      const SandboxUser &user);
    static Response error(int status, const QString &message);
    static void write(QTcpSocket *socket, const Response &response, qsizetype cutAt = -1);
    // The status line and headers; without a length, the body lasts until the connection closes.
    static QByteArray head(const Response &response, std::optional<qsizetype> length);
    void writeEndlessly(QTcpSocket *socket, int status);
    static void trickle(QTcpSocket *socket, const Response &response, int intervalMs);
    // Writes the response now, or once its body is made on a worker thread; compressed when
    // the request asks for it and the sandbox compresses.
    void send(QTcpSocket *socket, Response response, const Request &request);

    Response listGroups(const SandboxAccount &account, const SandboxUser &user,
                        const Request &request);
    Response listKpis(const SandboxAccount &account, const Request &request);
    Response listUsers(const SandboxAccount &account, const Request &request);
    Response createGroup(SandboxAccount &account, const SandboxUser &user, const Request &request);
    Response renameGroup(SandboxAccount &account, const SandboxUser &user, const QString &groupId,
                         const Request &request);
    // A page of the web app's stand-in (see webPath).
    Response webPage(const Route &route) const;
    Response touchGroups(SandboxAccount &account, const SandboxUser &user, const Request &request);
    QByteArray groupJson(const SandboxAccount &account, const SandboxUser &user,
                         const SandboxGroup &group) const;

    SandboxStore *m_store;
    SandboxFaults m_faults;
    Paging m_paging;
    qint64 m_usersAnswerSize = 0;
    bool m_normalizesNames = false;
    bool m_compresses = true;
    int m_kpiAddingRefusal = 0;
    SandboxListQuery pagedQuery(const Request &request, SandboxCollection collection,
                                SandboxError *failure) const;
    QByteArray totalCount(qsizetype truth) const;
    quint16 m_port = 0;
    QAtomicInt m_requestCount;
    QAtomicInt m_requestsArrived;
    QAtomicInteger<qint64> m_endlessBytesWritten;
    mutable QMutex m_receivedMutex;
    QStringList m_changesReceived;
    QStringList m_requestsReceived;
    QList<std::pair<QByteArray, QByteArray>> m_lastRequestHeaders;
};

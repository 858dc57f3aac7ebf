#include "httptestclient.h"
#include "rawhttp.h"
#include "sandboxfixture.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxstore.h"

#include <QTest>
#include <memory>
#include <zlib.h>

using namespace Qt::StringLiterals;
using namespace Fixture;

namespace {

// The test's own gunzip (zlib), not the sandbox's code: what any HTTP client would make of it.
QByteArray gunzip(const QByteArray &data)
{
    z_stream stream{};
    if (inflateInit2(&stream, 16 + 15) != Z_OK)
        return "(inflateInit2 failed)";
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    QByteArray out;
    int status = Z_OK;
    while (status == Z_OK) {
        char chunk[16384];
        stream.next_out = reinterpret_cast<Bytef *>(chunk);
        stream.avail_out = sizeof chunk;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, qsizetype(sizeof chunk - stream.avail_out));
    }
    const bool ended = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    return ended ? out : "(not a whole gzip stream)";
}

const QByteArray group3 =
    R"({"accountId":"aaaaaaaaaaaaaaaaaaaaaaaa","createdById":"a1a1a1a1a1a1a1a1a1a1a1a1",)"
    R"("dateCreated":"2024-01-03T10:15:30.123Z","dateUpdated":"2024-02-08T10:15:30.123Z",)"
    R"("favorite":false,"id":"000000000000000000000003","modifiedById":"a1a1a1a1a1a1a1a1a1a1a1a1",)"
    R"("name":"Marketing"})";

} // namespace

// What a refresh that moves only what changed needs of the server: compression, the fields
// asked for, ids by $in, dates by range, and groups changed by someone else.
class TestSandboxTransfer : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    qint64 m_now = 0;

    RawHttpReply send(const QByteArray &method, const QByteArray &target,
                      const QByteArray &headers = {}, const QString &token = tokenA1)
    {
        QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token.toUtf8() + "\r\n";
        request += "gtmhub-accountId: " + accountA.toUtf8() + "\r\n" + headers + "\r\n";
        return rawHttpExchange(m_server->port(), request);
    }
    RawHttpReply get(const QByteArray &target, const QByteArray &headers = {})
    {
        return send("GET", "/results/api/v1" + target, headers);
    }

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<SandboxStore>();
        Fixture::populate(*m_store);
        m_now = date(6, 1);
        m_store->setClock([this] { return m_now; });
        m_server = std::make_unique<SandboxServer>(m_store.get());
        QVERIFY(m_server->listenOnLoopback());
    }
    void cleanup()
    {
        m_server.reset();
        m_store.reset();
    }

    void answersPlainWhenNotAsked()
    {
        const RawHttpReply reply = get("/kpis/groups/000000000000000000000003");
        QVERIFY(reply.complete);
        QCOMPARE(reply.head,
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(group3.size()) + "\r\nVary: Accept-Encoding");
        QCOMPARE(reply.body, group3);
    }

    void compressesWhenAsked_data()
    {
        QTest::addColumn<QByteArray>("acceptEncoding");
        QTest::addColumn<bool>("compressed");
        QTest::newRow("Qt's own") << QByteArray("gzip, deflate") << true;
        QTest::newRow("gzip alone") << QByteArray("gzip") << true;
        QTest::newRow("x-gzip, upper case") << QByteArray("X-GZIP") << true;
        QTest::newRow("with a q-value") << QByteArray("br;q=1.0, gzip;q=0.5") << true;
        QTest::newRow("anything") << QByteArray("*") << true;
        QTest::newRow("refused") << QByteArray("gzip;q=0, identity") << false;
        QTest::newRow("refused, anything else") << QByteArray("*, gzip;q=0") << false;
        QTest::newRow("deflate only") << QByteArray("deflate") << false;
        QTest::newRow("identity") << QByteArray("identity") << false;
    }
    void compressesWhenAsked()
    {
        QFETCH(QByteArray, acceptEncoding);
        QFETCH(bool, compressed);
        const RawHttpReply reply = get("/kpis/groups/000000000000000000000003",
                                       "Accept-Encoding: " + acceptEncoding + "\r\n");
        QVERIFY(reply.complete);
        const QByteArray length = QByteArray::number(reply.body.size());
        if (!compressed) {
            QCOMPARE(reply.head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Content-Length: " +
                                     length + "\r\nVary: Accept-Encoding");
            QCOMPARE(reply.body, group3);
            return;
        }
        QCOMPARE(reply.head,
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length +
                     "\r\nVary: Accept-Encoding\r\nContent-Encoding: gzip");
        QVERIFY(reply.body.startsWith("\x1f\x8b\x08")); // gzip, deflated
        QCOMPARE(gunzip(reply.body), group3);
    }

    void compressesErrorsButNotEmptyBodies()
    {
        const RawHttpReply missing =
            get("/kpis/groups/0000000000000000000000ff", "Accept-Encoding: gzip\r\n");
        QCOMPARE(missing.status(), 404);
        QCOMPARE(missing.header("Content-Encoding"), QByteArray("gzip"));
        QCOMPARE(gunzip(missing.body),
                 QByteArray(R"({"error":"KPI group not found","statusCode":404})"));

        const RawHttpReply starred =
            send("PUT", "/results/api/v1/kpis/groups/000000000000000000000003/favorite",
                 "Accept-Encoding: gzip\r\nContent-Length: 0\r\n");
        QCOMPARE(starred.head, QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0"));
        QCOMPARE(starred.body, QByteArray());
    }

    void compressesNothingWhenTurnedOff()
    {
        m_server->setCompresses(false);
        const RawHttpReply reply =
            get("/kpis/groups/000000000000000000000003", "Accept-Encoding: gzip, deflate\r\n");
        QCOMPARE(reply.head,
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(group3.size()));
        QCOMPARE(reply.body, group3);
    }

    void compressesNoFault()
    {
        m_server->faults().failNext(503);
        const RawHttpReply reply = get("/kpis/groups", "Accept-Encoding: gzip\r\n");
        QCOMPARE(reply.status(), 503);
        QCOMPARE(reply.header("Content-Encoding"), QByteArray());
        QCOMPARE(reply.body, QByteArray(R"({"error":"Internal server error","statusCode":503})"));
    }

    void compressesLargeListsOffTheServersThread()
    {
        // 1,000 rows: made, and compressed, on a worker thread.
        SandboxStore store;
        SandboxGenerator::Options options;
        options.groups = 2000;
        SandboxGenerator::populate(store, options);
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        const QByteArray request =
            "GET /results/api/v1/kpis/groups?sort=name&take=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Authorization: Bearer sandbox-demo-token\r\n"
            "gtmhub-accountId: 5be26318e5274a0007f17f61\r\n";
        const RawHttpReply plain = rawHttpExchange(server.port(), request + "\r\n");
        const RawHttpReply compressed =
            rawHttpExchange(server.port(), request + "Accept-Encoding: gzip, deflate\r\n\r\n");
        QVERIFY(plain.complete);
        QVERIFY(compressed.complete);
        QCOMPARE(plain.header("Content-Encoding"), QByteArray());
        QCOMPARE(compressed.header("Content-Encoding"), QByteArray("gzip"));
        QCOMPARE(QJsonDocument::fromJson(plain.body).object().value("count"_L1).toInt(), 1000);
        QCOMPARE(gunzip(compressed.body), plain.body);
        qInfo("1,000 groups: %lld bytes, %lld with gzip", qint64(plain.body.size()),
              qint64(compressed.body.size()));
        QVERIFY(compressed.body.size() * 3 < plain.body.size());
    }

    void qtAsksForGzipAndDecodesIt()
    {
        // As the app's client does: QNetworkAccessManager's defaults.
        HttpTestClient client(m_server->baseUrl(), tokenA1, accountA);
        const HttpResult result = client.get(u"/kpis/groups/000000000000000000000003"_s);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, group3);
        QByteArray acceptEncoding;
        for (const auto &[name, value] : m_server->lastRequestHeaders())
            if (name.compare("Accept-Encoding", Qt::CaseInsensitive) == 0)
                acceptEncoding = value;
        QCOMPARE(acceptEncoding, QByteArray("zstd, br, gzip, deflate"));
    }

    void answersOnlyTheFieldsAskedFor()
    {
        const RawHttpReply reply = get("/kpis/groups?fields=id%2CdateUpdated&sort=name&take=2",
                                       "Accept-Encoding: gzip\r\n");
        QCOMPARE(reply.status(), 200);
        QCOMPARE(
            gunzip(reply.body),
            QByteArray(
                R"({"count":2,"items":[)"
                R"({"dateUpdated":"2024-02-06T10:15:30.123Z","id":"000000000000000000000005"},)"
                R"({"dateUpdated":"2024-02-08T10:15:30.123Z","id":"000000000000000000000003"}],)"
                R"("totalCount":6})"));
    }

    void ignoresFieldsOnDemand()
    {
        SandboxServer::Paging paging;
        paging.ignoreFields = true;
        m_server->setPaging(paging);
        const RawHttpReply reply = get("/kpis/groups?fields=id%2CdateUpdated&sort=name&take=1");
        QCOMPARE(reply.status(), 200);
        QCOMPARE(reply.body,
                 QByteArray(R"({"count":1,"items":[{"accountId":"aaaaaaaaaaaaaaaaaaaaaaaa",)"
                            R"("createdById":"a1a1a1a1a1a1a1a1a1a1a1a1",)"
                            R"("dateCreated":"2024-01-05T10:15:30.123Z",)"
                            R"("dateUpdated":"2024-02-06T10:15:30.123Z","favorite":true,)"
                            R"("id":"000000000000000000000005",)"
                            R"("modifiedById":"a1a1a1a1a1a1a1a1a1a1a1a1","name":"Engineering"}],)"
                            R"("totalCount":6})"));
    }

    void findsGroupsByTheirIds()
    {
        const RawHttpReply reply =
            get("/kpis/"
                "groups?filter=%7B%22id%22%3A%7B%22%24in%22%3A%5B%22000000000000000000000002%22%2C"
                "%22000000000000000000000005%22%2C%22ffffffffffffffffffffffff%22%5D%7D%7D"
                "&fields=id%2CdateUpdated");
        QCOMPARE(reply.status(), 200);
        QCOMPARE(
            reply.body,
            QByteArray(
                R"({"count":2,"items":[)"
                R"({"dateUpdated":"2024-02-09T10:15:30.123Z","id":"000000000000000000000002"},)"
                R"({"dateUpdated":"2024-02-06T10:15:30.123Z","id":"000000000000000000000005"}],)"
                R"("totalCount":2})"));
    }

    void filtersByDateUpdated_data()
    {
        QTest::addColumn<QByteArray>("filter");
        QTest::addColumn<QByteArray>("body");
        // Group n was updated on 2024-02-(11-n), 10:15:30.123Z.
        QTest::newRow("$gt")
            << QByteArray("%7B%22dateUpdated%22%3A%7B%22%24gt%22%3A%222024-02-07T10%3A15%3A30.123Z"
                          "%22%7D%7D")
            << QByteArray(R"({"count":3,"items":[{"id":"000000000000000000000003"},)"
                          R"({"id":"000000000000000000000002"},{"id":"000000000000000000000001"}],)"
                          R"("totalCount":3})");
        QTest::newRow("$gte")
            << QByteArray("%7B%22dateUpdated%22%3A%7B%22%24gte%22%3A%222024-02-07T10%3A15%3A30.123Z"
                          "%22%7D%7D")
            << QByteArray(R"({"count":4,"items":[{"id":"000000000000000000000004"},)"
                          R"({"id":"000000000000000000000003"},{"id":"000000000000000000000002"},)"
                          R"({"id":"000000000000000000000001"}],"totalCount":4})");
        QTest::newRow("$lt")
            << QByteArray("%7B%22dateUpdated%22%3A%7B%22%24lt%22%3A%222024-02-07T10%3A15%3A30.123Z"
                          "%22%7D%7D")
            << QByteArray(R"({"count":2,"items":[{"id":"000000000000000000000006"},)"
                          R"({"id":"000000000000000000000005"}],"totalCount":2})");
        QTest::newRow("$gte and $lt")
            << QByteArray("%7B%22dateUpdated%22%3A%7B%22%24gte%22%3A%222024-02-06T10%3A15%3A30.123Z"
                          "%22%2C%22%24lt%22%3A%222024-02-09T10%3A15%3A30.123Z%22%7D%7D")
            << QByteArray(R"({"count":3,"items":[{"id":"000000000000000000000005"},)"
                          R"({"id":"000000000000000000000004"},{"id":"000000000000000000000003"}],)"
                          R"("totalCount":3})");
    }
    void filtersByDateUpdated()
    {
        QFETCH(QByteArray, filter);
        QFETCH(QByteArray, body);
        const RawHttpReply reply =
            get("/kpis/groups?filter=" + filter + "&fields=id&sort=dateUpdated");
        QCOMPARE(reply.status(), 200);
        QCOMPARE(reply.body, body);
    }

    void refusesADateThatIsNone()
    {
        const RawHttpReply reply =
            get("/kpis/groups?filter=%7B%22dateUpdated%22%3A%7B%22%24gt%22%3A%22today%22%7D%7D");
        QCOMPARE(reply.status(), 400);
        QCOMPARE(reply.body, QByteArray(R"({"error":"$gt on 'dateUpdated' needs a date, such as )"
                                        R"(2024-03-01T10:15:30.123Z","statusCode":400})"));
    }

    void groupsChangeElsewhereOnDemand()
    {
        const RawHttpReply touched =
            send("POST", "/sandbox/touch?groups=2", "Content-Length: 0\r\n", tokenA2);
        QCOMPARE(touched.status(), 200);
        QCOMPARE(
            touched.body,
            QByteArray(R"({"touched":["000000000000000000000001","000000000000000000000004"]})"));
        QCOMPARE(m_server->requestsReceived().constLast(), u"POST /sandbox/touch?groups=2"_s);

        // What changed since the last update seen (group 1's, 2024-02-10).
        const QByteArray since = "/kpis/groups?filter=%7B%22dateUpdated%22%3A%7B%22%24gt%22%3A%22"
                                 "2024-02-10T10%3A15%3A30.123Z%22%7D%7D"
                                 "&fields=id%2Cname%2CmodifiedById%2CdateUpdated";
        QCOMPARE(get(since).body, QByteArray("{\"count\":2,\"items\":["
                                             "{\"dateUpdated\":\"2024-06-01T10:15:30.123Z\","
                                             "\"id\":\"000000000000000000000001\","
                                             "\"modifiedById\":\"a2a2a2a2a2a2a2a2a2a2a2a2\","
                                             "\"name\":\"Sales EMEA (edit 1)\"},"
                                             "{\"dateUpdated\":\"2024-06-01T10:15:30.123Z\","
                                             "\"id\":\"000000000000000000000004\","
                                             "\"modifiedById\":\"a2a2a2a2a2a2a2a2a2a2a2a2\","
                                             "\"name\":\"Zürich Office (edit 1)\"}],"
                                             "\"totalCount\":2}"));

        // Each edit starts elsewhere; a group edited again keeps one " (edit N)".
        m_now = date(6, 2);
        QCOMPARE(
            send("POST", "/sandbox/touch?groups=2", "Content-Length: 0\r\n").body,
            QByteArray(R"({"touched":["000000000000000000000002","000000000000000000000005"]})"));
        QCOMPARE(send("POST", "/sandbox/touch?groups=9", "Content-Length: 0\r\n").body,
                 QByteArray(R"({"touched":["000000000000000000000001","000000000000000000000002",)"
                            R"("000000000000000000000003","000000000000000000000004",)"
                            R"("000000000000000000000005","000000000000000000000006"]})"));
        QCOMPARE(
            get("/kpis/groups?fields=name&take=2").body,
            QByteArray("{\"count\":2,\"items\":["
                       "{\"id\":\"000000000000000000000001\",\"name\":\"Sales EMEA (edit 3)\"},"
                       "{\"id\":\"000000000000000000000002\",\"name\":\"sales APAC (edit 3)\"}],"
                       "\"totalCount\":6}"));
    }

    void refusesTouchesItCannotDo()
    {
        const RawHttpReply none = send("POST", "/sandbox/touch?groups=0", "Content-Length: 0\r\n");
        QCOMPARE(none.status(), 400);
        QCOMPARE(none.body,
                 QByteArray(R"({"error":"'groups' must be a whole number of at least 1",)"
                            R"("statusCode":400})"));
        QCOMPARE(send("GET", "/sandbox/touch?groups=1").status(), 405);
        QCOMPARE(send("POST", "/sandbox/touch?groups=1", "Content-Length: 0\r\n", {}).status(),
                 401);
        QCOMPARE(m_store->group(*m_store->account(accountA), groupId(1))->name, u"Sales EMEA"_s);
    }
};

QTEST_GUILESS_MAIN(TestSandboxTransfer)
#include "tst_sandboxtransfer.moc"

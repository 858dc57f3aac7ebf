#include "apierror.h"
#include "apijson.h"
#include "pagesamples.h"
#include "sandboxjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

class TestApiJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAGroup()
    {
        const QByteArray body =
            R"({"accountId":"acc","createdById":"u1","dateCreated":"2024-03-01T10:15:30.123Z",
            "dateUpdated":"2024-03-02T00:00:00.000Z","favorite":true,"id":"g1","modifiedById":"u2",
            "name":"Zürich","somethingNew":[1,2]})";
        const std::optional<KpiGroup> group = ApiJson::group(body);
        QVERIFY(group);
        QCOMPARE(group->id, u"g1"_s);
        QCOMPARE(group->accountId, u"acc"_s);
        QCOMPARE(group->name, u"Zürich"_s);
        QCOMPARE(group->createdById, u"u1"_s);
        QCOMPARE(group->modifiedById, u"u2"_s);
        QCOMPARE(group->favorite, true);
        QCOMPARE(group->dateCreated, QDateTime(QDate(2024, 3, 1), QTime(10, 15, 30, 123), Qt::UTC));
        QCOMPARE(group->dateUpdated, QDateTime(QDate(2024, 3, 2), QTime(0, 0), Qt::UTC));
    }

    void readsPeopleWhateverTheShape_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray people =
            R"([{"id":"a1","displayName":"Ada L.","firstName":"Ada","lastName":"Lovelace"},)"
            R"({"_id":"a2","firstName":" Grace ","lastName":"Hopper","email":"g@x.io"},)"
            R"({"id":"a3","email":"c@x.io"},{"id":"a4"},{"name":"no id"}])";
        QTest::newRow("items") << QByteArray(R"({"count":4,"items":)" + people + "}");
        QTest::newRow("users") << QByteArray(R"({"users":)" + people + "}");
        QTest::newRow("bare array") << people;
    }
    void readsPeopleWhateverTheShape()
    {
        QFETCH(QByteArray, body);
        const auto names = ApiJson::userNames(body);
        QVERIFY(names);
        QCOMPARE(*names, (QHash<QString, QString>{{u"a1"_s, u"Ada L."_s},
                                                  {u"a2"_s, u"Grace Hopper"_s},
                                                  {u"a3"_s, u"c@x.io"_s}}));
    }
    void refusesWhatIsNotPeople()
    {
        QVERIFY(!ApiJson::userNames(R"({"people":[]})"));
        QVERIFY(!ApiJson::userNames("<html>"));
        QVERIFY(!ApiJson::userNames("42"));
    }

    void refusesWhatIsNotAGroup()
    {
        QVERIFY(!ApiJson::group(QByteArray(R"({"name":"no id"})")));
        QVERIFY(!ApiJson::group(QByteArray(R"({"id":7})")));
        QVERIFY(!ApiJson::group(QByteArray(R"([])")));
        QVERIFY(!ApiJson::group(QByteArray(R"({"id":"x")")));
        QVERIFY(!ApiJson::group(QByteArray()));
    }

    void readsPages()
    {
        const auto page = ApiJson::groupPage(
            R"({"count":2,"items":[{"id":"a","name":"A"},{"id":"b"}],"totalCount":40})");
        QVERIFY(page.problem.isEmpty());
        QCOMPARE(page.items.size(), 2);
        QCOMPARE(page.items.at(1).id, u"b"_s);
        QCOMPARE(page.totalCount, 40);

        const auto kpis = ApiJson::kpiPage(
            R"({"items":[{"id":"k","name":"Revenue","description":"d","ownerId":"o","groupIds":["g1","g2"]}]})");
        QVERIFY(kpis.problem.isEmpty());
        QCOMPARE(kpis.items.at(0), (Kpi{u"k"_s, u"Revenue"_s, u"d"_s, u"o"_s, {u"g1"_s, u"g2"_s}}));
        QCOMPARE(kpis.totalCount, 1);
    }

    void refusesBrokenPages_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << QByteArray(R"({"count":1,"items":[{"id":"a")");
        QTest::newRow("no items") << QByteArray(R"({"count":0,"totalCount":0})");
        QTest::newRow("items not an array") << QByteArray(R"({"items":{}})");
        QTest::newRow("an array") << QByteArray(R"([{"id":"a"}])");
        QTest::newRow("item without id") << QByteArray(R"({"items":[{"id":"a"},{"name":"b"}]})");
        QTest::newRow("html") << QByteArray("<html>Bad gateway</html>");
    }
    void refusesBrokenPages()
    {
        QFETCH(QByteArray, body);
        const auto page = ApiJson::groupPage(body);
        QVERIFY(!page.problem.isEmpty());
        QVERIFY(page.items.isEmpty());
    }

    // A count is the server's word: it becomes a number of items only when it can be one.
    void readsOnlyCountsThatCanBeCounts_data()
    {
        QTest::addColumn<QByteArray>("count");
        QTest::addColumn<qsizetype>("read"); // -1: the page is refused
        QTest::newRow("a count") << QByteArray("7") << qsizetype(7);
        QTest::newRow("missing") << QByteArray() << qsizetype(1);
        QTest::newRow("a string") << QByteArray(R"("7")") << qsizetype(1);
        QTest::newRow("1e300") << QByteArray("1e300") << qsizetype(-1);
        QTest::newRow("1e12") << QByteArray("1e12") << qsizetype(-1);
        QTest::newRow("negative") << QByteArray("-1") << qsizetype(-1);
        QTest::newRow("a fraction") << QByteArray("2.5") << qsizetype(-1);
    }
    void readsOnlyCountsThatCanBeCounts()
    {
        QFETCH(QByteArray, count);
        QFETCH(qsizetype, read);
        const QByteArray total = count.isEmpty() ? QByteArray() : ",\"totalCount\":" + count;
        const QByteArray groups =
            R"({"items":[{"id":"5be26318e5274a0007f17f61","name":"A"}])" + total + '}';
        const QByteArray kpis =
            R"({"items":[{"id":"5be26318e5274a0007f17f61","name":"K","groupIds":[]}])" + total +
            '}';
        const ApiJson::Page<KpiGroup> groupPage = ApiJson::groupPage(groups);
        const ApiJson::Page<Kpi> kpiPage = ApiJson::kpiPage(kpis);
        for (const auto &[problem, items, totalCount] :
             {std::tuple(groupPage.problem, groupPage.items.size(), groupPage.totalCount),
              std::tuple(kpiPage.problem, kpiPage.items.size(), kpiPage.totalCount)}) {
            if (read < 0) {
                QCOMPARE(problem, u"totalCount is not a count of items"_s);
                QCOMPARE(items, 0);
            } else {
                QCOMPARE(problem, QString());
                QCOMPARE(totalCount, read);
            }
        }
    }

    void readsPagesLikeQJsonDocument_data()
    {
        QTest::addColumn<QByteArray>("body");
        for (const auto &[name, body] : pageSamples())
            QTest::newRow(name) << body;
    }
    void readsPagesLikeQJsonDocument()
    {
        QFETCH(QByteArray, body);
        // Invalid JSON by RFC 8259 that QJsonDocument lets through: refused here.
        if (QByteArrayView(QTest::currentDataTag()) == "control character" ||
            QByteArrayView(QTest::currentDataTag()) == "bad escape") {
            QVERIFY(!ApiJson::groupPage(body).problem.isEmpty());
            return;
        }
        // The reference: QJsonDocument, then the same field rules.
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        const auto actual = ApiJson::groupPage(body);
        const bool referenceReads = error.error == QJsonParseError::NoError &&
                                    document.object().value("items"_L1).isArray();
        QList<KpiGroup> expected;
        bool allHaveIds = true;
        for (const QJsonValue &item : document.object().value("items"_L1).toArray()) {
            const std::optional<KpiGroup> group = ApiJson::group(item.toObject());
            allHaveIds = allHaveIds && group.has_value();
            if (group)
                expected.append(*group);
        }
        if (!referenceReads || !allHaveIds) {
            QVERIFY2(!actual.problem.isEmpty(), body.constData());
            return;
        }
        QVERIFY2(actual.problem.isEmpty(), qPrintable(actual.problem));
        QCOMPARE(actual.items, expected);
        QCOMPARE(actual.totalCount,
                 qsizetype(document.object().value("totalCount"_L1).toDouble(expected.size())));
    }

    void readsTheSandboxsOwnOutput()
    {
        // Every character class the sandbox writes, through its writer and back.
        QByteArray body = "{\"items\":[";
        const QStringList names = {u"plain"_s, u"quote \" backslash \\"_s, u"tab\tnew\nline"_s,
                                   u"\x01\x1f control"_s, u"Zürich · 東京 😀"_s};
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (i > 0)
                body += ',';
            body += "{\"id\":\"" + QByteArray::number(i) + "\",\"name\":";
            sandboxAppendJsonString(body, names.at(i));
            body += ",\"dateCreated\":";
            sandboxAppendIsoDate(body, 1709288130123 + i);
            body += '}';
        }
        body += "],\"totalCount\":5}";
        const auto page = ApiJson::groupPage(body);
        QVERIFY(page.problem.isEmpty());
        for (qsizetype i = 0; i < names.size(); ++i) {
            QCOMPARE(page.items.at(i).name, names.at(i));
            QCOMPARE(page.items.at(i).dateCreated.toMSecsSinceEpoch(), 1709288130123 + i);
        }
    }

    void refusesEveryTruncationAndSurvivesNoise()
    {
        const QByteArray body =
            R"({"count":2,"items":[{"id":"a","name":"Zürich \u00e9","favorite":true,)"
            R"("dateCreated":"2024-03-01T10:15:30.123Z"},{"id":"b","x":[1,{"y":null}]}],"totalCount":2})";
        QVERIFY(ApiJson::groupPage(body).problem.isEmpty());
        for (qsizetype cut = 0; cut < body.size(); ++cut)
            QVERIFY2(!ApiJson::groupPage(body.left(cut)).problem.isEmpty(),
                     body.left(cut).constData());
        QRandomGenerator random(42);
        for (int i = 0; i < 2000; ++i) {
            QByteArray noisy = body;
            noisy[random.bounded(int(noisy.size()))] = char(random.bounded(256));
            const auto page = ApiJson::groupPage(noisy); // must not crash or hang
            QVERIFY(page.problem.isEmpty() || page.items.isEmpty());
        }
    }

    void sharesRepeatedIds()
    {
        const auto page = ApiJson::groupPage(
            R"({"items":[{"id":"a","accountId":"acc","createdById":"u"},{"id":"b","accountId":"acc","createdById":"u"}]})");
        QCOMPARE(page.items.size(), 2);
        QVERIFY(page.items.at(0).accountId.isSharedWith(page.items.at(1).accountId));
        QVERIFY(page.items.at(0).createdById.isSharedWith(page.items.at(1).createdById));
    }

    void readsDatesQuickly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("api form") << u"2024-03-01T10:15:30.123Z"_s;
        QTest::newRow("leap day") << u"2024-02-29T23:59:59.999Z"_s;
        QTest::newRow("no milliseconds") << u"2024-03-01T10:15:30Z"_s;
        QTest::newRow("offset") << u"2024-03-01T10:15:30.123+02:00"_s;
        QTest::newRow("not a date") << u"2024-13-01T10:15:30.123Z"_s;
        QTest::newRow("garbage") << u"yesterday"_s;
    }
    void readsDatesQuickly()
    {
        QFETCH(QString, text);
        const QDateTime expected = QDateTime::fromString(text, Qt::ISODateWithMs);
        const QDateTime actual = ApiJson::date(text);
        QCOMPARE(actual.isValid(), expected.isValid());
        if (expected.isValid())
            QCOMPARE(actual.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
    }

    void mapsStatusesToKinds_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::newRow("400") << 400 << ApiError::Kind::BadRequest;
        QTest::newRow("401") << 401 << ApiError::Kind::Unauthorized;
        QTest::newRow("402") << 402 << ApiError::Kind::PaymentRequired;
        QTest::newRow("403") << 403 << ApiError::Kind::Forbidden;
        QTest::newRow("404") << 404 << ApiError::Kind::NotFound;
        QTest::newRow("429") << 429 << ApiError::Kind::RateLimited;
        QTest::newRow("500") << 500 << ApiError::Kind::Server;
        QTest::newRow("503") << 503 << ApiError::Kind::Server;
        QTest::newRow("418") << 418 << ApiError::Kind::BadResponse;
        QTest::newRow("302") << 302 << ApiError::Kind::BadResponse;
    }
    void mapsStatusesToKinds()
    {
        QFETCH(int, status);
        QFETCH(ApiError::Kind, kind);
        const ApiError error = ApiError::fromStatus(status, Endpoint::GetGroup, {});
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.httpStatus, status);
        QVERIFY(!error.message.isEmpty());
        QVERIFY(!error.message.contains(u"%1"_s));
    }

    void keepsOnlyReadableServerMessages()
    {
        QCOMPARE(ApiError::fromStatus(400, Endpoint::CreateGroup,
                                      R"({"error":"The name must not be blank","statusCode":400})")
                     .serverMessage,
                 u"The name must not be blank"_s);
        QCOMPARE(
            ApiError::fromStatus(500, Endpoint::GetGroup, "upstream  timed\nout").serverMessage,
            u"upstream timed out"_s);
        QCOMPARE(
            ApiError::fromStatus(502, Endpoint::GetGroup, "<html><body>Bad gateway</body></html>")
                .serverMessage,
            QString());
        QCOMPARE(ApiError::fromStatus(500, Endpoint::GetGroup, QByteArray(500, 'x')).serverMessage,
                 QString());
        QCOMPARE(ApiError::fromStatus(500, Endpoint::GetGroup,
                                      "a\x01"
                                      "b")
                     .serverMessage,
                 QString());
        QCOMPARE(ApiError::fromStatus(404, Endpoint::RemoveKpiFromGroup, {}).message,
                 u"The KPI is no longer in this group; someone may have removed it already."_s);
    }
};

QTEST_GUILESS_MAIN(TestApiJson)
#include "tst_apijson.moc"

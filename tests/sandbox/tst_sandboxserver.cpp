#include "httptestclient.h"
#include "sandboxfixture.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxstore.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Fixture;

namespace {

QUrlQuery query(std::initializer_list<std::pair<QString, QString>> items)
{
    QUrlQuery result;
    for (const auto &[key, value] : items)
        result.addQueryItem(key, QString::fromUtf8(QUrl::toPercentEncoding(value)));
    return result;
}

QStringList groupIds(std::initializer_list<int> numbers)
{
    QStringList result;
    for (int n : numbers)
        result.append(groupId(n));
    return result;
}

const QString groups = u"/kpis/groups"_s;

} // namespace

class TestSandboxServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<HttpTestClient> m_client;
    qint64 m_now = 0;

    QString groupPath(int n) const { return groups + u'/' + groupId(n); }
    SandboxAccount &account() { return *m_store->account(accountA); }
    void verifyError(const HttpResult &result, int status)
    {
        QCOMPARE(result.status, status);
        const QJsonObject body = result.object();
        QCOMPARE(body.value("statusCode"_L1).toInt(), status);
        QVERIFY2(!body.value("error"_L1).toString().isEmpty(), result.body.constData());
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
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
        m_client = std::make_unique<HttpTestClient>(m_server->baseUrl(), tokenA1, accountA);
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
        m_store.reset();
    }

    void listensOnLoopbackUnderTheApiBasePath()
    {
        const QUrl base = m_server->baseUrl();
        QCOMPARE(base.host(), u"127.0.0.1"_s);
        QCOMPARE(base.path(), u"/results/api/v1"_s);
        QCOMPARE(m_server->servers().constFirst()->serverAddress(),
                 QHostAddress(QHostAddress::LocalHost));
    }

    void listsAllGroupsWithEveryField()
    {
        const HttpResult result = m_client->get(groups);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(result.ids(), groupIds({1, 2, 3, 4, 5, 6}));
        QCOMPARE(result.object().value("count"_L1).toInt(), 6);
        QCOMPARE(result.object().value("totalCount"_L1).toInt(), 6);
        const QJsonObject second = result.items().at(1).toObject();
        QCOMPARE(second, (QJsonObject{{u"accountId"_s, accountA},
                                      {u"createdById"_s, userA1},
                                      {u"dateCreated"_s, u"2024-01-02T10:15:30.123Z"_s},
                                      {u"dateUpdated"_s, u"2024-02-09T10:15:30.123Z"_s},
                                      {u"favorite"_s, true},
                                      {u"id"_s, groupId(2)},
                                      {u"modifiedById"_s, userA2},
                                      {u"name"_s, u"sales APAC"_s}}));
    }

    void filters_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("regex, case-sensitive")
            << tokenA1 << uR"({"name":{"$regex":"^Sales"}})"_s << groupIds({1});
        QTest::newRow("regex with i")
            << tokenA1 << uR"({"name":{"$regex":"^sales","$options":"i"}})"_s << groupIds({1, 2});
        QTest::newRow("shell syntax")
            << tokenA1 << uR"({name:{$regex:"^Sales"}})"_s << groupIds({1});
        QTest::newRow("non-ascii regex")
            << tokenA1 << uR"({"name":{"$regex":"ürich|^Ä"}})"_s << groupIds({4, 6});
        QTest::newRow("equality") << tokenA1 << uR"({"name":"Marketing"})"_s << groupIds({3});
        QTest::newRow("favorite of user A1")
            << tokenA1 << uR"({favorite:true})"_s << groupIds({2, 5});
        QTest::newRow("favorite of user A2") << tokenA2 << uR"({favorite:true})"_s << groupIds({3});
        QTest::newRow("$in on _id")
            << tokenA1 << u"{\"_id\":{\"$in\":[\"%1\",\"%2\"]}}"_s.arg(groupId(3), groupId(1))
            << groupIds({1, 3});
        // Found by the index: in the order stored, each once, unknown ids left out.
        QTest::newRow("$in on id") << tokenA1
                                   << u"{\"id\":{\"$in\":[\"%1\",\"%2\",\"%1\",\"%3\"]}}"_s.arg(
                                          groupId(3), groupId(1), groupId(99))
                                   << groupIds({1, 3});
        QTest::newRow("id equality")
            << tokenA1 << u"{\"id\":\"%1\"}"_s.arg(groupId(4)) << groupIds({4});
        QTest::newRow("$or") << tokenA1 << uR"({"$or":[{"name":"Marketing"},{"favorite":true}]})"_s
                             << groupIds({2, 3, 5});
        QTest::newRow("$and") << tokenA1
                              << uR"({"$and":[{"name":{"$regex":"a"}},{"favorite":false}]})"_s
                              << groupIds({1, 3, 6});
        QTest::newRow("implicit and")
            << tokenA1 << uR"({"name":{"$regex":"e"},"modifiedById":"a2a2a2a2a2a2a2a2a2a2a2a2"})"_s
            << groupIds({2, 4, 6});
        QTest::newRow("$ne") << tokenA1
                             << uR"({"createdById":{"$ne":"a1a1a1a1a1a1a1a1a1a1a1a1"}})"_s
                             << QStringList();
        QTest::newRow("date equality")
            << tokenA1 << uR"({"dateCreated":"2024-01-03T10:15:30.123Z"})"_s << groupIds({3});
        QTest::newRow("empty filter") << tokenA1 << u"{}"_s << groupIds({1, 2, 3, 4, 5, 6});
    }
    void filters()
    {
        QFETCH(QString, token);
        QFETCH(QString, filter);
        QFETCH(QStringList, expected);
        m_client->setToken(token);
        const HttpResult result = m_client->get(groups, query({{u"filter"_s, filter}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.ids(), expected);
        QCOMPARE(result.object().value("totalCount"_L1).toInt(), expected.size());
    }

    void findsGroupsByIdAsByAnyFilter()
    {
        // By the index ($in on id alone) and by reading every group (the same in an $or): the
        // same page of the same order.
        const QString ids =
            u"[\"%1\",\"%2\",\"%3\",\"%4\"]"_s.arg(groupId(6), groupId(2), groupId(5), groupId(1));
        for (const QString &sort : {u"-name"_s, u"favorite,-dateCreated"_s, QString()}) {
            const auto page = [&](const QString &filter) {
                QUrlQuery items =
                    query({{u"filter"_s, filter}, {u"skip"_s, u"1"_s}, {u"take"_s, u"2"_s}});
                if (!sort.isEmpty())
                    items.addQueryItem(u"sort"_s, QString::fromUtf8(QUrl::toPercentEncoding(sort)));
                const HttpResult result = m_client->get(groups, items);
                return std::pair(result.ids(), result.object().value("totalCount"_L1).toInt());
            };
            const auto byIndex = page(u"{\"id\":{\"$in\":%1}}"_s.arg(ids));
            QCOMPARE(byIndex, page(u"{\"$or\":[{\"id\":{\"$in\":%1}}]}"_s.arg(ids)));
            QCOMPARE(byIndex.first.size(), 2);
            QCOMPARE(byIndex.second, 4);
        }
    }

    void sorts_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QStringList>("expected");
        // Binary order, as a database without a collation sorts: upper case first, Ä last.
        QTest::newRow("name") << u"name"_s << groupIds({5, 3, 1, 4, 2, 6});
        QTest::newRow("-name") << u"-name"_s << groupIds({6, 2, 4, 1, 3, 5});
        QTest::newRow("favorite is stable") << u"favorite"_s << groupIds({1, 3, 4, 6, 2, 5});
        QTest::newRow("-favorite,name") << u"-favorite,name"_s << groupIds({5, 2, 3, 1, 4, 6});
        QTest::newRow("-dateUpdated") << u"-dateUpdated"_s << groupIds({1, 2, 3, 4, 5, 6});
        QTest::newRow("modifiedById,-dateCreated")
            << u"modifiedById,-dateCreated"_s << groupIds({5, 3, 1, 6, 4, 2});
    }
    void sorts()
    {
        QFETCH(QString, sort);
        QFETCH(QStringList, expected);
        const HttpResult result = m_client->get(groups, query({{u"sort"_s, sort}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.ids(), expected);
    }

    void projectsFields()
    {
        const HttpResult result = m_client->get(
            groups, query({{u"fields"_s, u"name,favorite"_s}, {u"sort"_s, u"name"_s}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.items().at(0).toObject(),
                 (QJsonObject{
                     {u"favorite"_s, true}, {u"id"_s, groupId(5)}, {u"name"_s, u"Engineering"_s}}));
    }

    void pages_data()
    {
        QTest::addColumn<QString>("skip");
        QTest::addColumn<QString>("take");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("first page") << u"0"_s << u"2"_s << groupIds({5, 3});
        QTest::newRow("middle page") << u"2"_s << u"2"_s << groupIds({1, 4});
        QTest::newRow("last, short page") << u"4"_s << u"4"_s << groupIds({2, 6});
        QTest::newRow("past the end") << u"9"_s << u"2"_s << QStringList();
        QTest::newRow("take 0") << u"0"_s << u"0"_s << QStringList();
        QTest::newRow("skip only") << u"5"_s << QString() << groupIds({6});
    }
    void pages()
    {
        QFETCH(QString, skip);
        QFETCH(QString, take);
        QFETCH(QStringList, expected);
        QUrlQuery q = query({{u"sort"_s, u"name"_s}, {u"skip"_s, skip}});
        if (!take.isNull())
            q.addQueryItem(u"take"_s, take);
        const HttpResult result = m_client->get(groups, q);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.ids(), expected);
        QCOMPARE(result.object().value("count"_L1).toInt(), expected.size());
        QCOMPARE(result.object().value("totalCount"_L1).toInt(), 6);
    }

    void pagesFilteredAndSortedTogether()
    {
        const HttpResult result =
            m_client->get(groups, query({{u"filter"_s, uR"({name:{$regex:"a",$options:"i"}})"_s},
                                         {u"sort"_s, u"-name"_s},
                                         {u"fields"_s, u"id"_s},
                                         {u"skip"_s, u"1"_s},
                                         {u"take"_s, u"2"_s}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.ids(), groupIds({2, 1}));
        QCOMPARE(result.object().value("totalCount"_L1).toInt(), 4);
        QCOMPARE(result.items().at(0).toObject().keys(), QStringList{u"id"_s});
    }

    void limitsThePageSize()
    {
        m_server->setMaxPageSize(3);
        QCOMPARE(m_client->get(groups, query({{u"take"_s, u"3"_s}})).ids().size(), 3);
        verifyError(m_client->get(groups, query({{u"take"_s, u"4"_s}})), 400);
    }

    void rejectsBadListParameters_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::newRow("malformed filter") << u"filter"_s << u"{name:"_s;
        QTest::newRow("unsupported operator") << u"filter"_s << u"{name:{$exists:true}}"_s;
        QTest::newRow("unknown filter field") << u"filter"_s << u"{colour:1}"_s;
        QTest::newRow("unknown sort field") << u"sort"_s << u"colour"_s;
        QTest::newRow("unknown projection") << u"fields"_s << u"name,colour"_s;
        QTest::newRow("negative skip") << u"skip"_s << u"-1"_s;
        QTest::newRow("word take") << u"take"_s << u"ten"_s;
    }
    void rejectsBadListParameters()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        verifyError(m_client->get(groups, query({{name, value}})), 400);
    }

    void getsOneGroup()
    {
        const HttpResult result = m_client->get(groupPath(4));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.object(), (QJsonObject{{u"accountId"_s, accountA},
                                               {u"createdById"_s, userA1},
                                               {u"dateCreated"_s, u"2024-01-04T10:15:30.123Z"_s},
                                               {u"dateUpdated"_s, u"2024-02-07T10:15:30.123Z"_s},
                                               {u"favorite"_s, false},
                                               {u"id"_s, groupId(4)},
                                               {u"modifiedById"_s, userA2},
                                               {u"name"_s, u"Zürich Office"_s}}));
        verifyError(m_client->get(groupPath(99)), 404);
        verifyError(m_client->get(groups + u"/not-an-id"_s), 400);
    }

    void servesTheWebAppsStandInWithoutAToken()
    {
        QUrl root = m_server->baseUrl();
        root.setPath({});
        HttpTestClient browser(root, QString(), QString());
        m_store->addGroup(accountA, {u"cccccccccccccccccccccccc"_s, u"R&D <Labs>"_s, userA1, userA1,
                                     date(1, 1), date(1, 2)});
        const HttpResult group = browser.get(u"/results/kpis/groups/cccccccccccccccccccccccc"_s);
        QCOMPARE(group.status, 200);
        QCOMPARE(group.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(group.body, QByteArray("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                                        "<title>R&amp;D &lt;Labs&gt;</title></head>\n<body><h1>"
                                        "R&amp;D &lt;Labs&gt;</h1>\n<p>KPI group "
                                        "cccccccccccccccccccccccc of Account A, in the "
                                        "sandbox</p></body></html>\n"));
        // Any account's: a browser names none.
        QVERIFY(browser.get(u"/results/kpis/groups/"_s + otherGroupId())
                    .body.contains("<h1>Sales Other</h1>"));
        const HttpResult kpi = browser.get(u"/results/kpis/"_s + kpiId(4));
        QCOMPARE(kpi.status, 200);
        QVERIFY2(kpi.body.contains("<title>Leads</title>"), kpi.body.constData());
        QCOMPARE(browser.get(u"/results/kpis/groups/"_s + groupId(99)).status, 404);
        QCOMPARE(browser.get(u"/results/kpis/"_s + groupId(1)).status, 404);
        QCOMPARE(browser.get(u"/results/kpis/not-an-id"_s).status, 400);
        QCOMPARE(browser.get(u"/results/kpis/groups/x/y"_s).status, 404);
        QCOMPARE(browser.send("POST", u"/results/kpis/"_s + kpiId(4)).status, 405);
        // The API itself still asks for the token.
        QCOMPARE(browser.get(u"/results/api/v1/kpis/groups/"_s + groupId(1)).status, 401);
    }

    void createsAGroup()
    {
        const HttpResult result = m_client->send("POST", groups, {}, R"({"name":"  Déjà vu  "})");
        QCOMPARE(result.status, 201);
        const QJsonObject created = result.object();
        const QString id = created.value("id"_L1).toString();
        QVERIFY(SandboxStore::isValidId(id));
        QCOMPARE(created.value("name"_L1).toString(), u"Déjà vu"_s);
        QCOMPARE(created.value("createdById"_L1).toString(), userA1);
        QCOMPARE(created.value("modifiedById"_L1).toString(), userA1);
        QCOMPARE(created.value("favorite"_L1).toBool(), false);
        QCOMPARE(created.value("dateCreated"_L1).toString(), u"2024-06-01T10:15:30.123Z"_s);
        QCOMPARE(created.value("accountId"_L1).toString(), accountA);
        QCOMPARE(m_client->get(groups + u'/' + id).object(), created);
        QCOMPARE(m_client->get(groups).ids().last(), id);
    }

    void validatesNames_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("blank") << QByteArray(R"({"name":"   "})") << 400;
        QTest::newRow("empty") << QByteArray(R"({"name":""})") << 400;
        QTest::newRow("missing") << QByteArray(R"({"title":"x"})") << 400;
        QTest::newRow("not a string") << QByteArray(R"({"name":42})") << 400;
        QTest::newRow("array body") << QByteArray(R"(["name"])") << 400;
        QTest::newRow("malformed json") << QByteArray(R"({"name":)") << 400;
        QTest::newRow("no body") << QByteArray() << 400;
        QTest::newRow("256 characters")
            << QByteArray(R"({"name":")" + QByteArray(256, 'x') + R"("})") << 400;
        QTest::newRow("300 characters")
            << QByteArray(R"({"name":")" + QByteArray(300, 'x') + R"("})") << 400;
        QTest::newRow("255 characters")
            << QByteArray(R"({"name":")" + QByteArray(255, 'x') + R"("})") << 0;
    }
    void validatesNames()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const HttpResult created = m_client->send("POST", groups, {}, body);
        const HttpResult renamed = m_client->send("PATCH", groupPath(1), {}, body);
        if (status == 0) {
            QCOMPARE(created.status, 201);
            QCOMPARE(renamed.status, 200);
            return;
        }
        verifyError(created, status);
        verifyError(renamed, status);
        QCOMPARE(m_client->get(groups).ids().size(), 6);
        QCOMPARE(m_client->get(groupPath(1)).object().value("name"_L1).toString(), u"Sales EMEA"_s);
    }

    void renamesAGroup()
    {
        m_now = date(7, 4);
        m_client->setToken(tokenA2);
        const HttpResult result =
            m_client->send("PATCH", groupPath(1), {}, R"({"name":"Sales Europe"})");
        QCOMPARE(result.status, 200);
        QVERIFY(result.body.isEmpty());
        const QJsonObject group = m_client->get(groupPath(1)).object();
        QCOMPARE(group.value("name"_L1).toString(), u"Sales Europe"_s);
        QCOMPARE(group.value("modifiedById"_L1).toString(), userA2);
        QCOMPARE(group.value("createdById"_L1).toString(), userA1);
        QCOMPARE(group.value("dateUpdated"_L1).toString(), u"2024-07-04T10:15:30.123Z"_s);
        QCOMPARE(group.value("dateCreated"_L1).toString(), u"2024-01-01T10:15:30.123Z"_s);
        verifyError(m_client->send("PATCH", groupPath(99), {}, R"({"name":"x"})"), 404);
    }

    void deletesAGroupButKeepsItsKpis()
    {
        QCOMPARE(m_client->send("DELETE", groupPath(1)).status, 200);
        verifyError(m_client->get(groupPath(1)), 404);
        verifyError(m_client->send("DELETE", groupPath(1)), 404);
        QCOMPARE(m_client->get(groups).ids(), groupIds({2, 3, 4, 5, 6}));

        const HttpResult kpis = m_client->get(u"/kpis"_s, query({{u"fields"_s, u"groupIds"_s}}));
        QCOMPARE(kpis.ids(), (QStringList{kpiId(1), kpiId(2), kpiId(3), kpiId(4)}));
        QCOMPARE(kpis.items().at(0).toObject().value("groupIds"_L1).toArray(),
                 QJsonArray{groupId(2)});
        QCOMPARE(kpis.items().at(1).toObject().value("groupIds"_L1).toArray(), QJsonArray{});
        QCOMPARE(kpis.items().at(3).toObject().value("groupIds"_L1).toArray(),
                 QJsonArray{groupId(3)});
    }

    void favoritesArePerUser()
    {
        QCOMPARE(m_client->send("PUT", groupPath(1) + u"/favorite"_s).status, 200);
        QCOMPARE(m_client->send("PUT", groupPath(1) + u"/favorite"_s).status, 200);
        QCOMPARE(m_client->get(groupPath(1)).object().value("favorite"_L1).toBool(), true);
        QCOMPARE(m_client->send("DELETE", groupPath(2) + u"/favorite"_s).status, 200);
        QCOMPARE(m_client->get(groups, query({{u"filter"_s, u"{favorite:true}"_s}})).ids(),
                 groupIds({1, 5}));

        m_client->setToken(tokenA2);
        QCOMPARE(m_client->get(groupPath(1)).object().value("favorite"_L1).toBool(), false);
        QCOMPARE(m_client->get(groups, query({{u"filter"_s, u"{favorite:true}"_s}})).ids(),
                 groupIds({3}));
        verifyError(m_client->send("PUT", groupPath(99) + u"/favorite"_s), 404);
        verifyError(m_client->send("DELETE", groupPath(99) + u"/favorite"_s), 404);
    }

    void favoriteEndpointsTakeTheTokensAccountWhenTheHeaderIsMissing()
    {
        // As in the seed's curl samples for these two endpoints.
        m_client->setAccount(QString());
        QCOMPARE(m_client->send("PUT", groupPath(1) + u"/favorite"_s).status, 200);
        verifyError(m_client->get(groupPath(1)), 400);
        m_client->setAccount(accountA);
        QCOMPARE(m_client->get(groupPath(1)).object().value("favorite"_L1).toBool(), true);
    }

    void listsAGroupsKpisAsTheClientAsks()
    {
        const HttpResult result = m_client->get(
            u"/kpis"_s, query({{u"filter"_s, u"{groupIds:{$in:[\"%1\"]}}"_s.arg(groupId(1))},
                               {u"fields"_s, u"id,name,description,ownerId,groupIds"_s},
                               {u"sort"_s, u"name"_s}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.ids(), (QStringList{kpiId(2), kpiId(4), kpiId(1)}));
        QCOMPARE(result.items().at(1).toObject(),
                 (QJsonObject{{u"description"_s, u"Qualified leads"_s},
                              {u"groupIds"_s, QJsonArray{groupId(3), groupId(1)}},
                              {u"id"_s, kpiId(4)},
                              {u"name"_s, u"Leads"_s},
                              {u"ownerId"_s, userA2}}));
        verifyError(m_client->get(u"/kpis"_s, query({{u"sort"_s, u"groupIds"_s}})), 400);
        verifyError(m_client->get(u"/kpis"_s, query({{u"filter"_s, u"{favorite:true}"_s}})), 400);
    }

    void removesAKpiFromOneGroupOnly()
    {
        const QString path = u"/kpis/%1/groups/%2"_s.arg(kpiId(1), groupId(1));
        const HttpResult result = m_client->send("DELETE", path);
        QCOMPARE(result.status, 200);
        verifyError(m_client->send("DELETE", path), 404);
        const HttpResult kpis = m_client->get(u"/kpis"_s);
        QCOMPARE(kpis.ids().size(), 4);
        QCOMPARE(kpis.items().at(0).toObject().value("groupIds"_L1).toArray(),
                 QJsonArray{groupId(2)});
        QCOMPARE(m_client->get(groupPath(1)).status, 200);

        verifyError(m_client->send("DELETE", u"/kpis/%1/groups/%2"_s.arg(kpiId(9), groupId(1))),
                    404);
        verifyError(m_client->send("DELETE", u"/kpis/%1/groups/%2"_s.arg(kpiId(2), groupId(9))),
                    404);
        verifyError(m_client->send("DELETE", u"/kpis/%1/groups/%2"_s.arg(kpiId(3), groupId(1))),
                    404);
        verifyError(m_client->send("DELETE", u"/kpis/nope/groups/%1"_s.arg(groupId(1))), 400);
    }

    void addsAKpiToAGroupIdempotently()
    {
        const QString path = u"/kpis/%1/groups/%2"_s.arg(kpiId(2), groupId(3));
        const HttpResult added = m_client->send("PUT", path);
        QCOMPARE(added.status, 200);
        QCOMPARE(added.body, QByteArray());
        QCOMPARE(m_client->send("PUT", path).status, 200); // in it already: the same answer
        const HttpResult kpis = m_client->get(
            u"/kpis"_s,
            query({{u"filter"_s, u"{\"groupIds\":{\"$in\":[\"%1\"]}}"_s.arg(groupId(3))}}));
        QVERIFY(kpis.ids().contains(kpiId(2)));
        const HttpResult all = m_client->get(u"/kpis"_s);
        QCOMPARE(all.items().at(1).toObject().value("groupIds"_L1).toArray(),
                 (QJsonArray{groupId(1), groupId(3)}));

        verifyError(m_client->send("PUT", u"/kpis/%1/groups/%2"_s.arg(kpiId(9), groupId(1))), 404);
        verifyError(m_client->send("PUT", u"/kpis/%1/groups/%2"_s.arg(kpiId(2), groupId(9))), 404);
        verifyError(m_client->send("PUT", u"/kpis/nope/groups/%1"_s.arg(groupId(1))), 400);
    }

    void playsAServerWithoutTheAdd()
    {
        const QString path = u"/kpis/%1/groups/%2"_s.arg(kpiId(2), groupId(3));
        m_server->setKpiAddingRefusal(405);
        const HttpResult notAllowed = m_client->send("PUT", path);
        verifyError(notAllowed, 405);
        QCOMPARE(notAllowed.header("Allow"), QByteArray("DELETE"));
        m_server->setKpiAddingRefusal(404);
        verifyError(m_client->send("PUT", path), 404);
        // The removal is served all the same.
        QCOMPARE(m_client->send("DELETE", u"/kpis/%1/groups/%2"_s.arg(kpiId(2), groupId(1))).status,
                 200);
        const HttpResult all = m_client->get(u"/kpis"_s);
        QCOMPARE(all.items().at(1).toObject().value("groupIds"_L1).toArray(), QJsonArray());
    }

    void authenticates_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("account");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << QString() << accountA << 401;
        QTest::newRow("unknown token") << u"guess"_s << accountA << 401;
        QTest::newRow("no account header") << tokenA1 << QString() << 400;
        QTest::newRow("another user's account") << tokenA1 << accountB << 403;
        QTest::newRow("no such account") << tokenA1 << u"cccccccccccccccccccccccc"_s << 403;
        QTest::newRow("no token beats no account") << QString() << QString() << 401;
    }
    void authenticates()
    {
        QFETCH(QString, token);
        QFETCH(QString, account);
        QFETCH(int, status);
        m_client->setToken(token);
        m_client->setAccount(account);
        verifyError(m_client->get(groups), status);
        verifyError(m_client->send("POST", groups, {}, R"({"name":"x"})"), status);
        verifyError(m_client->send("DELETE", groupPath(1)), status);
        m_client->setToken(tokenA1);
        m_client->setAccount(accountA);
        QCOMPARE(m_client->get(groups).ids().size(), 6);
    }

    void listsTheAccountsPeopleAsTheClientAsks()
    {
        const HttpResult result = m_client->get(
            u"/users"_s,
            query({{u"filter"_s, u"{\"_id\":{\"$in\":[\"%1\",\"%2\"]}}"_s.arg(userA2, userB)},
                   {u"fields"_s, u"id,firstName,lastName,email"_s},
                   {u"take"_s, u"2"_s}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        // Olu is in another account: never listed here.
        QCOMPARE(result.items(),
                 (QJsonArray{QJsonObject{{u"email"_s, u"bjorn.lindqvist@a.example"_s},
                                         {u"firstName"_s, u"Björn"_s},
                                         {u"id"_s, userA2},
                                         {u"lastName"_s, u"Lindqvist"_s}}}));
        QCOMPARE(result.object().value("totalCount"_L1).toInt(), 1);

        const HttpResult all = m_client->get(u"/users"_s, query({{u"sort"_s, u"-firstName"_s}}));
        QCOMPARE(all.ids(), (QStringList{userA2, userA1}));
        QCOMPARE(all.items().at(1).toObject(), (QJsonObject{{u"accountId"_s, accountA},
                                                            {u"email"_s, u"ana.souza@a.example"_s},
                                                            {u"firstName"_s, u"Ana"_s},
                                                            {u"id"_s, userA1},
                                                            {u"lastName"_s, u"Souza"_s}}));
        HttpTestClient other(m_server->baseUrl(), tokenB, accountB);
        QCOMPARE(other.get(u"/users"_s).ids(), QStringList{userB});

        verifyError(m_client->get(u"/users"_s, query({{u"fields"_s, u"name"_s}})), 400);
        verifyError(m_client->get(u"/users"_s, query({{u"filter"_s, u"{ownerId:\"x\"}"_s}})), 400);
        verifyError(m_client->send("POST", u"/users"_s, {}, "{}"), 405);
        HttpTestClient stranger(m_server->baseUrl(), u"nobody"_s, accountA);
        verifyError(stranger.get(u"/users"_s), 401);
    }

    void answersPeopleWithAsManyMegabytesAsAsked()
    {
        m_server->setUsersAnswerSize(300 * 1024);
        const HttpResult result = m_client->get(
            u"/users"_s, query({{u"filter"_s, u"{\"_id\":{\"$in\":[\"%1\"]}}"_s.arg(userA2)},
                                {u"fields"_s, u"id,firstName,lastName,email"_s}}));
        QCOMPARE(result.status, 200);
        QVERIFY2(result.body.size() >= 300 * 1024, qPrintable(QString::number(result.body.size())));
        QVERIFY(result.body.size() < 301 * 1024);
        const QJsonArray people = result.items();
        // The one asked for first, then people nobody asked for.
        QCOMPARE(people.at(0).toObject().value("firstName"_L1).toString(), u"Björn"_s);
        QCOMPARE(people.at(1).toObject(),
                 (QJsonObject{{u"email"_s, u"someone.else.1@example.com"_s},
                              {u"firstName"_s, u"Someone"_s},
                              {u"id"_s, u"e00000000000000000000001"_s},
                              {u"lastName"_s, u"Else 1"_s}}));
        QCOMPARE(result.object().value("count"_L1).toInt(), people.size());

        m_server->setUsersAnswerSize(0);
        QCOMPARE(m_client->get(u"/users"_s, query({{u"sort"_s, u"-firstName"_s}})).ids(),
                 (QStringList{userA2, userA1}));
    }

    void refusesPeopleOnDemandAsAServerWould_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("not allowed to list people") << 403 << u"Forbidden"_s;
        QTest::newRow("no such endpoint on this server") << 404 << u"Not found"_s;
    }
    void refusesPeopleOnDemandAsAServerWould()
    {
        QFETCH(int, status);
        QFETCH(QString, message);
        QString problem;
        QVERIFY(m_server->faults().addFromSpec(
            u"status=%1,count=-1,route=^GET /users$"_s.arg(status), &problem));
        for (int i = 0; i < 2; ++i) {
            const HttpResult refused = m_client->get(u"/users"_s);
            verifyError(refused, status);
            QCOMPARE(refused.object(),
                     (QJsonObject{{u"error"_s, message}, {u"statusCode"_s, status}}));
        }
        QCOMPARE(m_client->get(groups).status, 200); // the rest of the API works
    }

    void isolatesAccounts()
    {
        HttpTestClient other(m_server->baseUrl(), tokenB, accountB);
        QCOMPARE(other.get(groups).ids(), QStringList{otherGroupId()});
        QCOMPARE(other.get(groupPath(1)).status, 404);
        QCOMPARE(other.send("PATCH", groupPath(1), {}, R"({"name":"mine"})").status, 404);
        QCOMPARE(other.send("DELETE", groupPath(1)).status, 404);
        QCOMPARE(other.send("PUT", groupPath(1) + u"/favorite"_s).status, 404);
        QCOMPARE(other.get(u"/kpis"_s).ids(), QStringList());
        QCOMPARE(m_client->get(groupPath(1)).object().value("name"_L1).toString(), u"Sales EMEA"_s);
        QCOMPARE(m_client->get(groups + u'/' + otherGroupId()).status, 404);
    }

    void answersUnknownRoutesAndMethods()
    {
        verifyError(m_client->get(u"/kpis/groupz"_s), 404);
        verifyError(m_client->get(u"/nothing"_s), 404);
        const HttpResult put = m_client->send("PUT", groups);
        verifyError(put, 405);
        QCOMPARE(put.header("Allow"), QByteArray("GET, POST"));
        verifyError(m_client->send("POST", groupPath(1)), 405);
        verifyError(m_client->get(groupPath(1) + u"/favorite"_s), 405);
    }

    // Servers that do less than the API says, on demand: the clients' tests need them.
    void ignoresFilterAndSortOnDemand()
    {
        SandboxServer::Paging ignoring;
        ignoring.ignoreFilter = true;
        m_server->setPaging(ignoring);
        const HttpResult result =
            m_client->get(groups, query({{u"filter"_s, u"{\"name\":\"Marketing\"}"_s},
                                         {u"sort"_s, u"-name"_s},
                                         {u"take"_s, u"4"_s}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.ids(), groupIds({1, 2, 3, 4}));
        QCOMPARE(result.object().value("totalCount"_L1).toInt(), 6);
        const HttpResult kpis = m_client->get(
            u"/kpis"_s,
            query({{u"filter"_s, u"{\"groupIds\":{\"$in\":[\"%1\"]}}"_s.arg(groupId(3))}}));
        QCOMPARE(kpis.items().size(), 4);
        verifyError(m_client->get(groups, query({{u"filter"_s, u"{\"name\":"_s}})), 400);
    }

    void normalizesNamesOnDemand()
    {
        m_server->setNormalizesNames(true);
        const HttpResult created =
            m_client->send("POST", groups, {}, R"({"name":"  Q3 \t  Plans  "})");
        QCOMPARE(created.object().value("name"_L1).toString(), u"Q3 Plans"_s);
        QCOMPARE(m_client->send("PATCH", groupPath(1), {}, R"({"name":"Sales   EMEA 2"})").status,
                 200);
        QCOMPARE(m_client->get(groupPath(1)).object().value("name"_L1).toString(),
                 u"Sales EMEA 2"_s);
    }

    void recordsEveryRequest()
    {
        m_client->get(groups, query({{u"sort"_s, u"-dateCreated"_s}, {u"take"_s, u"20"_s}}));
        m_client->send("PUT", groupPath(2) + u"/favorite"_s);
        QCOMPARE(m_server->requestsReceived(),
                 (QStringList{u"GET /kpis/groups?sort=-dateCreated&take=20"_s,
                              u"PUT /kpis/groups/"_s + groupId(2) + u"/favorite"_s}));
        QCOMPARE(m_server->changesReceived(),
                 QStringList{u"PUT /kpis/groups/"_s + groupId(2) + u"/favorite"_s});
    }

    void failsTheNextRequestsOnDemand()
    {
        m_server->faults().failNext(503, 2, u"^GET /kpis/groups$"_s);
        QCOMPARE(m_client->get(groupPath(1)).status, 200); // another route
        verifyError(m_client->get(groups), 503);
        verifyError(m_client->get(groups), 503);
        QCOMPARE(m_client->get(groups).status, 200);
        m_server->faults().failNext(500);
        verifyError(m_client->send("POST", groups, {}, R"({"name":"lost"})"), 500);
        QCOMPARE(m_client->get(groups).ids().size(), 6); // a refused request changes nothing
    }

    void rateLimitsWithRetryAfter()
    {
        SandboxFaults::Fault fault;
        fault.kind = SandboxFaults::Kind::RateLimit;
        fault.retryAfterSeconds = 7;
        m_server->faults().add(fault);
        const HttpResult limited = m_client->get(groups);
        verifyError(limited, 429);
        QCOMPARE(limited.header("Retry-After"), QByteArray("7"));
        QCOMPARE(m_client->get(groups).status, 200);
    }

    void answersLateWithTheDataOfTheRequestsTime()
    {
        SandboxFaults::Fault late;
        late.kind = SandboxFaults::Kind::Late;
        late.delayMs = 300;
        m_server->faults().add(late, 1, u"^GET /kpis/groups$"_s);
        // Renamed while the answer is on its way: the answer still has the old name.
        QTimer::singleShot(50, this, [this] {
            m_store->renameGroup(*m_store->account(accountA), userA1, groupId(1), u"Renamed"_s);
        });
        QElapsedTimer timer;
        timer.start();
        const HttpResult answer = m_client->get(groups);
        QVERIFY(timer.elapsed() >= 250);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.contains("Sales EMEA"));
        QVERIFY(!answer.body.contains("Renamed"));
        QVERIFY(m_client->get(groups).body.contains("Renamed"));
    }

    void breaksRepliesOnDemand()
    {
        SandboxFaults::Fault truncate;
        truncate.kind = SandboxFaults::Kind::Truncate;
        m_server->faults().add(truncate);
        const HttpResult truncated = m_client->get(groups);
        QVERIFY(truncated.error != QNetworkReply::NoError);

        SandboxFaults::Fault malformed;
        malformed.kind = SandboxFaults::Kind::Malformed;
        m_server->faults().add(malformed);
        const HttpResult bad = m_client->get(groups);
        QCOMPARE(bad.status, 200);
        QJsonParseError error;
        QJsonDocument::fromJson(bad.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);

        SandboxFaults::Fault drop;
        drop.kind = SandboxFaults::Kind::Drop;
        // Twice: QNetworkAccessManager resends once by itself when a reused connection closes.
        m_server->faults().add(drop, 2);
        const int before = m_server->requestCount();
        const HttpResult dropped = m_client->get(groups);
        QCOMPARE(dropped.status, 0);
        QVERIFY(dropped.error != QNetworkReply::NoError);
        QCOMPARE(m_server->requestCount(), before + 2);

        QCOMPARE(m_client->get(groups).ids().size(), 6);
    }

    void delaysOnDemand()
    {
        m_server->faults().setLatency(300);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(m_client->get(groups).status, 200);
        QVERIFY(timer.elapsed() >= 290);
    }

    // "%2F" is a character of the segment it is in, as in a real server's router.
    void routesBeforeDecoding()
    {
        m_store->setFavorite(account(), userA1, groupId(2), true);
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl::fromEncoded(m_server->baseUrl().toEncoded() +
                                                  "/kpis/groups/" + groupId(2).toLatin1() +
                                                  "%2Ffavorite"));
        request.setRawHeader("Authorization", "Bearer " + tokenA1.toUtf8());
        request.setRawHeader("gtmhub-accountId", accountA.toUtf8());
        QNetworkReply *reply = manager.deleteResource(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
        reply->deleteLater();
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(2))); // not unfavorited
        QVERIFY(m_store->group(account(), groupId(2)));              // nor deleted
    }

    void takesADelayAloneAsAPlainDelay()
    {
        QString error;
        QVERIFY(m_server->faults().addFromSpec(u"delay=300"_s, &error));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(m_client->get(groups).status, 200);
        QVERIFY(timer.elapsed() >= 290);
    }

    void readsFaultsFromTheCommandLine()
    {
        QString error;
        QVERIFY(m_server->faults().addFromSpec(u"kind=ratelimit,retry-after=3,count=2"_s, &error));
        QVERIFY(!m_server->faults().addFromSpec(u"kind=explode"_s, &error));
        QCOMPARE(error, u"Cannot read 'kind=explode' in fault 'kind=explode'"_s);
        QCOMPARE(m_client->get(groups).header("Retry-After"), QByteArray("3"));
        QCOMPARE(m_client->get(groups).status, 429);
        QCOMPARE(m_client->get(groups).status, 200);
        QVERIFY(m_server->faults().addFromSpec(u"status=409,message=That name is taken"_s, &error));
        const HttpResult conflict = m_client->get(groups);
        verifyError(conflict, 409);
        QCOMPARE(conflict.object().value("error"_L1).toString(), u"That name is taken"_s);
    }

    void ignoresSkipOnDemand()
    {
        SandboxServer::Paging ignoring;
        ignoring.ignoreSkip = true;
        m_server->setPaging(ignoring);
        QCOMPARE(m_client->get(groups, query({{u"skip"_s, u"4"_s}, {u"take"_s, u"2"_s}})).ids(),
                 groupIds({1, 2}));
    }

    void servesSeveralClientsAtOnce()
    {
        constexpr int clients = 4;
        constexpr int perClient = 10;
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        QList<QNetworkReply *> replies;
        for (int c = 0; c < clients; ++c) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
            for (int i = 0; i < perClient; ++i) {
                QUrl url = m_server->baseUrl();
                url.setPath(url.path() + groups);
                QNetworkRequest request(url);
                request.setRawHeader("Authorization", "Bearer " + tokenA1.toUtf8());
                request.setRawHeader("gtmhub-accountId", accountA.toUtf8());
                request.setHeader(QNetworkRequest::ContentTypeHeader,
                                  QByteArray("application/json"));
                replies.append(i % 2 ? managers.back()->get(request)
                                     : managers.back()->post(request, R"({"name":"parallel"})"));
            }
        }
        for (QNetworkReply *reply : std::as_const(replies)) {
            if (!reply->isFinished())
                QVERIFY(QSignalSpy(reply, &QNetworkReply::finished).wait(10000));
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QVERIFY(status == 200 || status == 201);
            delete reply;
        }
        QCOMPARE(m_client->get(groups).ids().size(), 6 + clients * perClient / 2);
    }
};

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandboxserver.moc"

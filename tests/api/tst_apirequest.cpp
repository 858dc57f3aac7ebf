#include "apirequest.h"
#include "connection.h"
#include "weblinks.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QTest>

using namespace Qt::StringLiterals;

class TestApiRequest : public QObject
{
    Q_OBJECT

    const Connection connection{QUrl(u"https://app.quantive.com/results/api/v1"_s),
                                u"5be26318e5274a0007f17f61"_s, u"secret-token"_s};

private Q_SLOTS:
    void buildsEveryEndpoint_data()
    {
        QTest::addColumn<ApiRequest>("request");
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QByteArray>("body");
        const QString id = u"64a1f0c2e4b0a1b2c3d4e5f6"_s;
        const QString kpi = u"65b2f1d3f5c1b2c3d4e5f6a7"_s;
        const QByteArray base = "https://app.quantive.com/results/api/v1";
        QTest::newRow("list, plain") << ApiRequests::listGroups(connection, {}) << QByteArray("GET")
                                     << base + "/kpis/groups" << QByteArray();
        QTest::newRow("get") << ApiRequests::getGroup(connection, id) << QByteArray("GET")
                             << base + "/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6" << QByteArray();
        QTest::newRow("create") << ApiRequests::createGroup(connection, u"Déjà vu \"Q3\""_s)
                                << QByteArray("POST") << base + "/kpis/groups"
                                << QByteArray("{\"name\":\"Déjà vu \\\"Q3\\\"\"}");
        QTest::newRow("rename") << ApiRequests::renameGroup(connection, id, u"Sales"_s)
                                << QByteArray("PATCH")
                                << base + "/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6"
                                << QByteArray(R"({"name":"Sales"})");
        QTest::newRow("delete") << ApiRequests::deleteGroup(connection, id) << QByteArray("DELETE")
                                << base + "/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6" << QByteArray();
        QTest::newRow("favorite") << ApiRequests::favoriteGroup(connection, id) << QByteArray("PUT")
                                  << base + "/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6/favorite"
                                  << QByteArray();
        QTest::newRow("unfavorite")
            << ApiRequests::unfavoriteGroup(connection, id) << QByteArray("DELETE")
            << base + "/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6/favorite" << QByteArray();
        QTest::newRow("remove kpi")
            << ApiRequests::removeKpiFromGroup(connection, kpi, id) << QByteArray("DELETE")
            << base + "/kpis/65b2f1d3f5c1b2c3d4e5f6a7/groups/64a1f0c2e4b0a1b2c3d4e5f6"
            << QByteArray();
        QTest::newRow("add kpi (assumed)")
            << ApiRequests::addKpiToGroup(connection, kpi, id) << QByteArray("PUT")
            << base + "/kpis/65b2f1d3f5c1b2c3d4e5f6a7/groups/64a1f0c2e4b0a1b2c3d4e5f6"
            << QByteArray();
        QTest::newRow("group kpis")
            << ApiRequests::listKpis(connection, ApiRequests::groupKpisQuery(id))
            << QByteArray("GET")
            << base + "/kpis?filter=%7B%22groupIds%22%3A%7B%22%24in%22%3A%5B%2264a1f0c2e4b0a1b2c3d"
                      "4e5f6%22%5D%7D%7D&sort=name&fields=id%2Cname%2Cdescription%2CownerId%2Cgrou"
                      "pIds"
            << QByteArray();
        QTest::newRow("users")
            << ApiRequests::listUsers(connection, {id, kpi}) << QByteArray("GET")
            << base + "/users?filter=%7B%22_id%22%3A%7B%22%24in%22%3A%5B%2264a1f0c2e4b0a1b2c3d4e5f"
                      "6%22%2C%2265b2f1d3f5c1b2c3d4e5f6a7%22%5D%7D%7D&fields=id%2CfirstName%2Cla"
                      "stName%2Cemail&take=2"
            << QByteArray();
    }
    void buildsEveryEndpoint()
    {
        QFETCH(ApiRequest, request);
        QFETCH(QByteArray, verb);
        QFETCH(QByteArray, url);
        QFETCH(QByteArray, body);
        QCOMPARE(request.verb, verb);
        QCOMPARE(request.url.toEncoded(), url);
        QCOMPARE(request.toNetworkRequest().url().toEncoded(), url);
        QCOMPARE(request.body, body);
        QCOMPARE(request.problem, QString());
    }

    void refusesWhatIsNotAnId_data()
    {
        QTest::addColumn<QString>("groupId");
        QTest::addColumn<QString>("kpiId");
        QTest::addColumn<QString>("problem");
        const QString group = u"64a1f0c2e4b0a1b2c3d4e5f6"_s;
        const QString kpi = u"65b2f1d3f5c1b2c3d4e5f6a7"_s;
        QTest::newRow("..") << u".."_s << kpi
                            << u"“..” is not a KPI group id: ids are 24 hexadecimal digits "
                               "(0-9, a-f)."_s;
        QTest::newRow(".") << u"."_s << kpi
                           << u"“.” is not a KPI group id: ids are 24 hexadecimal digits "
                              "(0-9, a-f)."_s;
        QTest::newRow("empty") << QString() << kpi
                               << u"“” is not a KPI group id: ids are 24 hexadecimal digits "
                                  "(0-9, a-f)."_s;
        QTest::newRow("a path") << u"a/b c?d"_s << kpi
                                << u"“a/b c?d” is not a KPI group id: ids are 24 hexadecimal "
                                   "digits (0-9, a-f)."_s;
        QTest::newRow("23 digits") << group.left(23) << kpi
                                   << u"“64a1f0c2e4b0a1b2c3d4e5f” is not a KPI group id: ids are "
                                      "24 hexadecimal digits (0-9, a-f)."_s;
        QTest::newRow("not hex") << u"64a1f0c2e4b0a1b2c3d4e5g6"_s << kpi
                                 << u"“64a1f0c2e4b0a1b2c3d4e5g6” is not a KPI group id: ids are "
                                    "24 hexadecimal digits (0-9, a-f)."_s;
        QTest::newRow("a line break") << group + u"\r\n"_s << kpi
                                      << u"“64a1f0c2e4b0a1b2c3d4e5f6\\u000d\\u000a” is not a KPI "
                                         "group id: ids are 24 hexadecimal digits (0-9, a-f)."_s;
        QTest::newRow("kpi ..") << group << u".."_s
                                << u"“..” is not a KPI id: ids are 24 hexadecimal digits "
                                   "(0-9, a-f)."_s;
    }
    void refusesWhatIsNotAnId()
    {
        QFETCH(QString, groupId);
        QFETCH(QString, kpiId);
        QFETCH(QString, problem);
        const QList<ApiRequest> requests = {
            ApiRequests::getGroup(connection, groupId),
            ApiRequests::renameGroup(connection, groupId, u"Sales"_s),
            ApiRequests::deleteGroup(connection, groupId),
            ApiRequests::favoriteGroup(connection, groupId),
            ApiRequests::unfavoriteGroup(connection, groupId),
            ApiRequests::addKpiToGroup(connection, kpiId, groupId),
            ApiRequests::removeKpiFromGroup(connection, kpiId, groupId),
        };
        const bool groupIsBad = kpiId.size() == 24;
        for (qsizetype i = groupIsBad ? 0 : requests.size() - 1; i < requests.size(); ++i) {
            const ApiRequest &request = requests.at(i);
            QCOMPARE(request.problem, problem);
            // Whatever happens to it, no segment of what was built can climb out of the API.
            const QByteArray url = request.url.toEncoded();
            QVERIFY2(!url.contains("/..") && !url.contains("/./") && !url.endsWith("/."),
                     url.constData());
        }
    }

    void refusesUsersThatAreNotIds()
    {
        const ApiRequest request =
            ApiRequests::listUsers(connection, {u"64a1f0c2e4b0a1b2c3d4e5f6"_s, u"a\"}]"_s});
        QCOMPARE(request.problem,
                 u"“a\"}]” is not a user id: ids are 24 hexadecimal digits (0-9, a-f)."_s);
    }

    void refusesHeadersThatWouldSplit()
    {
        Connection injected = connection;
        injected.token = u"tok\r\nX-Injected: yes"_s;
        QCOMPARE(ApiRequests::listGroups(injected, {}).problem,
                 u"The API token contains a line break, a space or another character an API "
                 "token cannot have. Copy it again from Quantive."_s);
        QCOMPARE(injected.problem(), ApiRequests::listGroups(injected, {}).problem);
        injected = connection;
        injected.accountId = u"5be26318e5274a0007f17f61\nX-Injected: yes"_s;
        QVERIFY(
            ApiRequests::listGroups(injected, {})
                .problem.startsWith(
                    u"“5be26318e5274a0007f17f61\\u000aX-Injected: yes” is not an account id"_s));
        QVERIFY(injected.problem().startsWith(u"“5be26318e5274a0007f17f61"_s));
    }

    void encodesListParameters()
    {
        ListQuery query;
        query.filter = uR"({"name":{"$regex":"^Sales & Co+ é"}})"_s;
        query.sort = u"-favorite,name"_s;
        query.fields = u"id,name"_s;
        query.skip = 20;
        query.take = 10;
        QCOMPARE(ApiRequests::listGroups(connection, query).url.toEncoded(),
                 QByteArray("https://app.quantive.com/results/api/v1/kpis/groups"
                            "?filter=%7B%22name%22%3A%7B%22%24regex%22%3A%22%5ESales%20%26%20Co%2B"
                            "%20%C3%A9%22%7D%7D&sort=-favorite%2Cname&fields=id%2Cname"
                            "&skip=20&take=10"));
        ListQuery firstPage;
        firstPage.skip = 0;
        firstPage.take = 0;
        QCOMPARE(ApiRequests::listGroups(connection, firstPage).url.query(QUrl::FullyEncoded),
                 u"skip=0&take=0"_s);
    }

    void sendsTheApiHeaders()
    {
        const ApiRequest request = ApiRequests::getGroup(connection, u"x"_s);
        using Headers = QList<std::pair<QByteArray, QByteArray>>;
        const QByteArray userAgent = "tst_apirequest/0.1.0 (Qt " + QByteArray(qVersion()) + "; " +
                                     QSysInfo::prettyProductName().toUtf8() + ')';
        QCOMPARE(request.headers, (Headers{{"Authorization", "Bearer secret-token"},
                                           {"gtmhub-accountId", "5be26318e5274a0007f17f61"},
                                           {"Content-Type", "application/json"},
                                           {"Accept", "application/json"},
                                           {"User-Agent", userAgent}}));
        const QNetworkRequest network = request.toNetworkRequest();
        QCOMPARE(network.rawHeader("Authorization"), QByteArray("Bearer secret-token"));
        QCOMPARE(network.rawHeader("gtmhub-accountId"), QByteArray("5be26318e5274a0007f17f61"));
        QCOMPARE(network.rawHeader("Accept"), QByteArray("application/json"));
        QCOMPARE(network.rawHeader("Content-Type"), QByteArray("application/json"));
        QCOMPARE(network.rawHeader("User-Agent"), userAgent);
    }

    void namesTheProgramAsAToken_data()
    {
        QTest::addColumn<QString>("applicationName");
        QTest::addColumn<QByteArray>("product");
        QTest::newRow("the app") << u"kpigroups"_s << QByteArray("kpigroups/0.1.0");
        QTest::newRow("the command line")
            << u"kpigroups-cli"_s << QByteArray("kpigroups-cli/0.1.0");
        QTest::newRow("spaces, slash") << u"KPI Groups/x"_s << QByteArray("KPI-Groups-x/0.1.0");
        QTest::newRow("a line break") << u"a\r\nX-Evil: 1"_s << QByteArray("a--X-Evil--1/0.1.0");
        QTest::newRow("none: the executable's") << QString() << QByteArray("tst_apirequest/0.1.0");
    }
    void namesTheProgramAsAToken()
    {
        QFETCH(QString, applicationName);
        QFETCH(QByteArray, product);
        const QString before = QCoreApplication::applicationName();
        QCoreApplication::setApplicationName(applicationName);
        const QByteArray userAgent = ApiRequests::userAgent();
        QCoreApplication::setApplicationName(before);
        QCOMPARE(userAgent, product + " (Qt " + qVersion() + "; " +
                                QSysInfo::prettyProductName().toUtf8() + ')');
    }

    void joinsBaseUrlsWithOrWithoutSlash_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QByteArray>("url");
        QTest::newRow("trailing slash")
            << u"https://app.us.quantive.com/results/api/v1/"_s
            << QByteArray("https://app.us.quantive.com/results/api/v1/kpis/groups");
        QTest::newRow("old host") << u"https://app.gtmhub.com/api/v1"_s
                                  << QByteArray("https://app.gtmhub.com/api/v1/kpis/groups");
        QTest::newRow("sandbox") << u"http://127.0.0.1:8080/results/api/v1"_s
                                 << QByteArray("http://127.0.0.1:8080/results/api/v1/kpis/groups");
    }
    void joinsBaseUrlsWithOrWithoutSlash()
    {
        QFETCH(QString, base);
        QFETCH(QByteArray, url);
        Connection c = connection;
        c.baseUrl = QUrl(base);
        QCOMPARE(ApiRequests::listGroups(c, {}).url.toEncoded(), url);
    }

    void refusesInsecureConnections_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("usable");
        QTest::newRow("https") << u"https://app.quantive.com/results/api/v1"_s << true;
        QTest::newRow("http elsewhere") << u"http://app.quantive.com/results/api/v1"_s << false;
        QTest::newRow("http loopback") << u"http://127.0.0.1:9/results/api/v1"_s << true;
        QTest::newRow("http 127.x") << u"http://127.3.2.1/x"_s << true;
        QTest::newRow("http localhost") << u"http://localhost:8080/x"_s << true;
        QTest::newRow("http ipv6 loopback") << u"http://[::1]:8080/x"_s << true;
        QTest::newRow("http private address") << u"http://192.168.1.2/x"_s << false;
        QTest::newRow("http lookalike") << u"http://localhost.example.com/x"_s << false;
        QTest::newRow("ftp") << u"ftp://app.quantive.com/x"_s << false;
        QTest::newRow("no host") << u"https:///x"_s << false;
    }
    void refusesInsecureConnections()
    {
        QFETCH(QString, url);
        QFETCH(bool, usable);
        Connection c = connection;
        c.baseUrl = QUrl(url);
        QCOMPARE(c.problem().isEmpty(), usable);
    }

    void needsAccountAndToken()
    {
        Connection c = connection;
        c.accountId.clear();
        QCOMPARE(c.problem(), u"The account id is missing."_s);
        c = connection;
        c.token.clear();
        QCOMPARE(c.problem(), u"The API token is missing."_s);
    }

    void knowsTheRegions()
    {
        QCOMPARE(Regions::baseUrl(u"us").value(),
                 QUrl(u"https://app.us.quantive.com/results/api/v1"_s));
        QCOMPARE(Regions::baseUrl(u"AU").value(),
                 QUrl(u"https://app.au.quantive.com/results/api/v1"_s));
        QVERIFY(!Regions::baseUrl(u"mars"));
        QCOMPARE(Regions::defaultBaseUrl(), QUrl(u"https://app.quantive.com/results/api/v1"_s));
        QCOMPARE(Regions::all().size(), 5);
        QCOMPARE(Regions::codeOf(QUrl(u"https://app.us.quantive.com/results/api/v1/"_s)), "us"_L1);
        QCOMPARE(Regions::codeOf(QUrl(u"https://app.quantive.com/results/api/v1"_s)), "eu"_L1);
        QVERIFY(Regions::codeOf(QUrl(u"https://proxy.example.com/results/api/v1"_s)).isEmpty());
    }

    void completesABareHostTyped_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("url");
        QTest::newRow("host") << u"quantive.example.com"_s
                              << u"https://quantive.example.com/results/api/v1"_s;
        QTest::newRow("https host") << u"https://quantive.example.com"_s
                                    << u"https://quantive.example.com/results/api/v1"_s;
        QTest::newRow("host, slash, spaces")
            << u"  quantive.example.com/ "_s << u"https://quantive.example.com/results/api/v1"_s;
        QTest::newRow("host and port") << u"quantive.example.com:8443"_s
                                       << u"https://quantive.example.com:8443/results/api/v1"_s;
        QTest::newRow("a path of its own")
            << u"proxy.example.com/quantive"_s << u"https://proxy.example.com/quantive"_s;
        QTest::newRow("whole") << u"https://app.us.quantive.com/results/api/v1"_s
                               << u"https://app.us.quantive.com/results/api/v1"_s;
        // Plain HTTP is this computer's only (isLoopbackHost): the sandbox, typed bare.
        QTest::newRow("loopback") << u"127.0.0.1:18183"_s
                                  << u"http://127.0.0.1:18183/results/api/v1"_s;
        QTest::newRow("localhost")
            << u"localhost:8080"_s << u"http://localhost:8080/results/api/v1"_s;
        // Taken as typed: Connection::addressProblem() refuses it.
        QTest::newRow("http elsewhere")
            << u"http://quantive.example.com"_s << u"http://quantive.example.com/results/api/v1"_s;
        QTest::newRow("ftp") << u"ftp://quantive.example.com"_s << u"ftp://quantive.example.com"_s;
        QTest::newRow("empty") << u"  "_s << QString();
    }
    void completesABareHostTyped()
    {
        QFETCH(QString, typed);
        QFETCH(QString, url);
        QCOMPARE(Connection::baseUrlFromInput(typed).toString(), url);
    }

    void linksTheWebAppOfEachDataCentre_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("kpi");
        QTest::newRow("eu")
            << u"eu"_s << u"https://app.quantive.com/results/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6"_s
            << u"https://app.quantive.com/results/kpis/65b2f1d3f5c1b2c3d4e5f6a7"_s;
        QTest::newRow("us")
            << u"us"_s
            << u"https://app.us.quantive.com/results/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6"_s
            << u"https://app.us.quantive.com/results/kpis/65b2f1d3f5c1b2c3d4e5f6a7"_s;
        QTest::newRow("as")
            << u"as"_s
            << u"https://app.as.quantive.com/results/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6"_s
            << u"https://app.as.quantive.com/results/kpis/65b2f1d3f5c1b2c3d4e5f6a7"_s;
        QTest::newRow("sa")
            << u"sa"_s
            << u"https://app.sa.quantive.com/results/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6"_s
            << u"https://app.sa.quantive.com/results/kpis/65b2f1d3f5c1b2c3d4e5f6a7"_s;
        QTest::newRow("au")
            << u"au"_s
            << u"https://app.au.quantive.com/results/kpis/groups/64a1f0c2e4b0a1b2c3d4e5f6"_s
            << u"https://app.au.quantive.com/results/kpis/65b2f1d3f5c1b2c3d4e5f6a7"_s;
    }

    void linksTheWebAppOfEachDataCentre()
    {
        QFETCH(QString, region);
        QFETCH(QString, group);
        QFETCH(QString, kpi);
        const QUrl base = Regions::baseUrl(region).value();
        QCOMPARE(WebLinks::problem(base), QString());
        QCOMPARE(WebLinks::group(base, u"64a1f0c2e4b0a1b2c3d4e5f6"_s).value().toString(), group);
        QCOMPARE(WebLinks::kpi(base, u"65b2f1d3f5c1b2c3d4e5f6a7"_s).value().toString(), kpi);
    }

    void linksTheSandboxAndProxiesOnTheSamePath()
    {
        const QString id = u"000000000000000000000001"_s;
        QCOMPARE(WebLinks::group(QUrl(u"http://127.0.0.1:18181/results/api/v1"_s), id)->toString(),
                 u"http://127.0.0.1:18181/results/kpis/groups/000000000000000000000001"_s);
        QCOMPARE(WebLinks::kpi(QUrl(u"http://127.0.0.1:18181/results/api/v1/"_s), id)->toString(),
                 u"http://127.0.0.1:18181/results/kpis/000000000000000000000001"_s);
        // A proxy's prefix stays; what identifies or queries does not leave in a link.
        QCOMPARE(
            WebLinks::group(QUrl(u"https://ann:pw@proxy.example:8443/quantive/results/api/v1"
                                 "?trace=1#x"_s),
                            id)
                ->toString(),
            u"https://proxy.example:8443/quantive/results/kpis/groups/000000000000000000000001"_s);
        // Ids as the API gives them, capitals too.
        QCOMPARE(
            WebLinks::kpi(Regions::defaultBaseUrl(), u"65B2F1D3F5C1B2C3D4E5F6A7"_s)->toString(),
            u"https://app.quantive.com/results/kpis/65B2F1D3F5C1B2C3D4E5F6A7"_s);
    }

    void linksNothingItCannotPlace()
    {
        const QString id = u"64a1f0c2e4b0a1b2c3d4e5f6"_s;
        // Another path: where its web app is cannot be told.
        const QUrl custom(u"https://kpis.example.com/api/v2"_s);
        QVERIFY(!WebLinks::group(custom, id));
        QVERIFY(!WebLinks::kpi(custom, id));
        QCOMPARE(WebLinks::problem(custom),
                 u"No link to Quantive's web app from this server's address: its path does not "
                 "end in /results/api/v1, and there is no telling where the web app is."_s);
        QVERIFY(!WebLinks::group(QUrl(u"https://app.quantive.com/results/api/v1/extra"_s), id));
        QVERIFY(!WebLinks::group(QUrl(u"ftp://app.quantive.com/results/api/v1"_s), id));
        QVERIFY(!WebLinks::group(QUrl(), id));
        // Ids with what an id does not have: no address is made of them.
        const QUrl base = Regions::defaultBaseUrl();
        QVERIFY(!WebLinks::group(base, u"../../admin/000000000000"_s));
        QVERIFY(!WebLinks::group(base, u"64a1f0c2e4b0a1b2c3d4e5f?"_s));
        QVERIFY(!WebLinks::kpi(base, u"64a1f0c2e4b0a1b2c3d4e5f6/x"_s));
        QVERIFY(!WebLinks::kpi(base, u"64a1f0c2e4b0a1b2c3d4e5"_s));
        QVERIFY(!WebLinks::kpi(base, QString()));
    }
};

QTEST_GUILESS_MAIN(TestApiRequest)
#include "tst_apirequest.moc"

#include "countingproxy.h"
#include "kpigroupsclient.h"
#include "proxychoice.h"
#include "sandboxgenerator.h"
#include "sandboxthread.h"

#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QString remoteBaseUrl = u"https://kpi.quantive.test/results/api/v1"_s;
const QString remoteTunnel = u"kpi.quantive.test:443"_s;

// The system's answer, recognisable in the expectations.
QList<QNetworkProxy> systemAnswer(const QNetworkProxyQuery &)
{
    return {QNetworkProxy(QNetworkProxy::HttpProxy, u"system.proxy"_s, 9)};
}

QString describe(const QList<QNetworkProxy> &proxies)
{
    QStringList words;
    for (const QNetworkProxy &proxy : proxies) {
        switch (proxy.type()) {
        case QNetworkProxy::NoProxy:
            words.append(u"direct"_s);
            break;
        case QNetworkProxy::Socks5Proxy:
            words.append(u"socks5 %1:%2"_s.arg(proxy.hostName()).arg(proxy.port()));
            break;
        default:
            words.append(u"http %1:%2"_s.arg(proxy.hostName()).arg(proxy.port()));
        }
        if (!proxy.user().isEmpty())
            words.last() += u" as %1/%2"_s.arg(proxy.user(), proxy.password());
    }
    return words.join(u", "_s);
}

QProcessEnvironment environmentOf(const QString &assignments)
{
    QProcessEnvironment environment;
    for (const QString &assignment : assignments.split(u';', Qt::SkipEmptyParts))
        environment.insert(assignment.section(u'=', 0, 0), assignment.section(u'=', 1));
    return environment;
}

} // namespace

// Requests through a proxy: the choice itself, then the client, the command line and the window
// sending through a proxy on loopback, and sandboxes on loopback never going through it.
class TestProxy : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QProcessEnvironment childEnvironment(const QString &proxy, const QUrl &baseUrl) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"http_proxy"_s, u"https_proxy"_s, u"HTTPS_PROXY"_s,
                                    u"all_proxy"_s, u"ALL_PROXY"_s, u"no_proxy"_s, u"NO_PROXY"_s})
            env.remove(name);
        env.insert(u"HTTPS_PROXY"_s, proxy);
        env.insert(u"QUANTIVE_BASE_URL"_s, baseUrl.toString());
        env.insert(u"QUANTIVE_ACCOUNT_ID"_s, SandboxGenerator::demoAccountId);
        env.insert(u"QUANTIVE_TOKEN"_s, SandboxGenerator::demoToken);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path() + u"/config"_s);
        env.insert(u"XDG_CACHE_HOME"_s, m_home.path() + u"/cache"_s);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
        return env;
    }

    // Runs a program while this thread's event loop serves the proxy.
    static void start(QProcess &process, const QString &program, const QStringList &arguments,
                      const QProcessEnvironment &env)
    {
        process.setProcessEnvironment(env);
        process.start(program, arguments);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void cleanup() { QNetworkProxyFactory::setApplicationProxyFactory(nullptr); }

    void choosesAProxy_data()
    {
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");

        const QString eu = u"https://app.quantive.com/results/api/v1/kpis/groups"_s;
        const QString corp = u"https_proxy=http://proxy.corp:3128"_s;
        QTest::newRow("nothing set: the system decides")
            << QString() << eu << u"http system.proxy:9"_s;
        QTest::newRow("https_proxy") << corp << eu << u"http proxy.corp:3128"_s;
        QTest::newRow("HTTPS_PROXY")
            << u"HTTPS_PROXY=proxy.corp:8080"_s << eu << u"http proxy.corp:8080"_s;
        QTest::newRow("lower case first")
            << u"https_proxy=lower:1;HTTPS_PROXY=upper:2"_s << eu << u"http lower:1"_s;
        QTest::newRow("no port: curl's 1080")
            << u"https_proxy=proxy.corp"_s << eu << u"http proxy.corp:1080"_s;
        QTest::newRow("credentials") << u"https_proxy=http://me:p%40ss@proxy.corp:3128"_s << eu
                                     << u"http proxy.corp:3128 as me/p@ss"_s;
        QTest::newRow("socks") << u"ALL_PROXY=socks5h://socks.corp:1081"_s << eu
                               << u"socks5 socks.corp:1081"_s;
        QTest::newRow("https_proxy before all_proxy")
            << u"all_proxy=socks5://s:1;https_proxy=h:2"_s << eu << u"http h:2"_s;
        QTest::newRow("http_proxy is not for https")
            << u"http_proxy=proxy.corp:3128"_s << eu << u"http system.proxy:9"_s;
        QTest::newRow("HTTP_PROXY is never read")
            << u"HTTP_PROXY=evil:1"_s << u"http://example.org/"_s << u"http system.proxy:9"_s;
        QTest::newRow("http_proxy for http")
            << u"http_proxy=proxy.corp:3128"_s << u"http://example.org/"_s
            << u"http proxy.corp:3128"_s;
        QTest::newRow("a value that names no proxy")
            << u"https_proxy=http://"_s << eu << u"http system.proxy:9"_s;

        QTest::newRow("no_proxy: the host")
            << corp + u";no_proxy=app.quantive.com"_s << eu << u"direct"_s;
        QTest::newRow("no_proxy: a parent domain")
            << corp + u";no_proxy=quantive.com"_s << eu << u"direct"_s;
        QTest::newRow("no_proxy: a leading dot")
            << corp + u";no_proxy=.quantive.com"_s << eu << u"direct"_s;
        QTest::newRow("no_proxy: *.domain")
            << corp + u";no_proxy=*.quantive.com"_s << eu << u"direct"_s;
        QTest::newRow("no_proxy: not a suffix of a word")
            << corp + u";no_proxy=antive.com"_s << eu << u"http proxy.corp:3128"_s;
        QTest::newRow("no_proxy: case and spaces")
            << corp + u";NO_PROXY=intranet, APP.Quantive.COM"_s << eu << u"direct"_s;
        QTest::newRow("no_proxy: *") << corp + u";no_proxy=*"_s << eu << u"direct"_s;
        QTest::newRow("no_proxy: host:port, same port")
            << corp + u";no_proxy=app.quantive.com:443"_s << eu << u"direct"_s;
        QTest::newRow("no_proxy: host:port, other port")
            << corp + u";no_proxy=app.quantive.com:8443"_s << eu << u"http proxy.corp:3128"_s;
        QTest::newRow("no_proxy: an address")
            << corp + u";no_proxy=10.1.2.3"_s << u"https://10.1.2.3/api"_s << u"direct"_s;
        QTest::newRow("no_proxy: a subnet")
            << corp + u";no_proxy=10.0.0.0/8"_s << u"https://10.1.2.3/api"_s << u"direct"_s;
        QTest::newRow("no_proxy: another subnet")
            << corp + u";no_proxy=192.168.0.0/16"_s << u"https://10.1.2.3/api"_s
            << u"http proxy.corp:3128"_s;
        QTest::newRow("no_proxy: an IPv6 address")
            << corp + u";no_proxy=fd00::1"_s << u"https://[fd00::1]/api"_s << u"direct"_s;

        QTest::newRow("loopback: 127.0.0.1")
            << corp << u"http://127.0.0.1:8080/results/api/v1"_s << u"direct"_s;
        QTest::newRow("loopback: 127.1.2.3") << corp << u"http://127.1.2.3/"_s << u"direct"_s;
        QTest::newRow("loopback: ::1") << corp << u"http://[::1]:8080/"_s << u"direct"_s;
        QTest::newRow("loopback: localhost") << corp << u"http://localhost:8080/"_s << u"direct"_s;
        QTest::newRow("loopback, whatever the system says")
            << QString() << u"http://127.0.0.1:8080/"_s << u"direct"_s;
    }

    void choosesAProxy()
    {
        QFETCH(QString, environment);
        QFETCH(QString, url);
        QFETCH(QString, expected);
        ProxyChoice choice(environmentOf(environment), &systemAnswer);
        QCOMPARE(describe(choice.queryProxy(QNetworkProxyQuery(QUrl(url)))), expected);
    }

    void neverProxiesAListeningSocket()
    {
        ProxyChoice choice(environmentOf(u"https_proxy=proxy.corp:3128;all_proxy=s:1"_s),
                           &systemAnswer);
        const QNetworkProxyQuery listening(quint16(8080), QString(), QNetworkProxyQuery::TcpServer);
        QCOMPARE(describe(choice.queryProxy(listening)), u"direct"_s);
    }

    void theClientSendsThroughTheProxy()
    {
        CountingProxy proxy;
        QVERIFY(proxy.start());
        QNetworkProxyFactory::setApplicationProxyFactory(
            new ProxyChoice(environmentOf(u"https_proxy="_s + proxy.address()), &systemAnswer));
        KpiGroupsClient client;
        RetryPolicy policy;
        policy.maxAttempts = 1;
        client.setRetryPolicy(policy);
        client.setConnection({QUrl(remoteBaseUrl), QString(SandboxGenerator::demoAccountId),
                              QString(SandboxGenerator::demoToken)});
        ApiCall *call = client.listGroups();
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
        QCOMPARE(proxy.tunnels(), QStringList{remoteTunnel});
    }

    // A proxy that wants a user name and password is not a server out of reach.
    void saysWhenTheProxyRefuses()
    {
        CountingProxy proxy;
        proxy.setAnswer("HTTP/1.1 407 Proxy Authentication Required\r\n"
                        "Proxy-Authenticate: Basic realm=\"corp\"\r\n"
                        "Content-Length: 0\r\nConnection: close\r\n\r\n");
        QVERIFY(proxy.start());
        const QString message =
            u"The proxy refused to pass the request on: it asks for a user name and password it "
            "accepts (HTTP 407). Check the proxy's settings; in https_proxy they go in its "
            "address, e.g. http://user:password@proxy.example:3128."_s;
        QNetworkProxyFactory::setApplicationProxyFactory(
            new ProxyChoice(environmentOf(u"https_proxy="_s + proxy.address()), &systemAnswer));
        KpiGroupsClient client;
        RetryPolicy policy;
        policy.maxAttempts = 1;
        client.setRetryPolicy(policy);
        client.setConnection({QUrl(remoteBaseUrl), QString(SandboxGenerator::demoAccountId),
                              QString(SandboxGenerator::demoToken)});
        ApiCall *call = client.listGroups();
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
        const ApiError error = failed.at(0).at(0).value<ApiError>();
        QCOMPARE(error.message, message);
        QCOMPARE(error.httpStatus, 407);

        QProcess cli;
        start(cli, QStringLiteral(KPIGROUPS_CLI), {u"--timeout"_s, u"10"_s, u"list"_s},
              childEnvironment(proxy.address(), QUrl(remoteBaseUrl)));
        QTRY_COMPARE_WITH_TIMEOUT(cli.state(), QProcess::NotRunning, 30000);
        QCOMPARE(cli.exitCode(), 5);
        QCOMPARE(QString::fromUtf8(cli.readAllStandardError()),
                 u"kpigroups-cli: "_s + message + u'\n');
    }

    void theClientReachesALoopbackSandboxDirectly_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("127.0.0.1") << u"127.0.0.1"_s;
        QTest::newRow("localhost") << u"localhost"_s;
    }

    void theClientReachesALoopbackSandboxDirectly()
    {
        QFETCH(QString, host);
        CountingProxy proxy;
        QVERIFY(proxy.start());
        // Where the environment sends every request through a proxy, and the system too.
        const QString everything = proxy.address();
        QNetworkProxyFactory::setApplicationProxyFactory(new ProxyChoice(
            environmentOf(u"http_proxy=%1;https_proxy=%1;all_proxy=%1"_s.arg(everything)),
            [&](const QNetworkProxyQuery &) {
                return QList<QNetworkProxy>{
                    QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, proxy.serverPort())};
            }));
        SandboxThread sandbox;
        QVERIFY(sandbox.start());
        QUrl url = sandbox.baseUrl();
        url.setHost(host);
        KpiGroupsClient client;
        client.setConnection(
            {url, QString(SandboxGenerator::demoAccountId), QString(SandboxGenerator::demoToken)});
        ApiCall *call = client.listGroups();
        QSignalSpy listed(call, &ApiCall::succeeded);
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_COMPARE_WITH_TIMEOUT(listed.size() + failed.size(), 1, 15000);
        QCOMPARE(listed.size(), 1);
        QVERIFY(sandbox.requestCount() > 0);
        QCOMPARE(proxy.tunnels(), QStringList());
    }

    void theCommandLineSendsThroughTheProxy()
    {
        CountingProxy proxy;
        QVERIFY(proxy.start());
        QProcess cli;
        start(cli, QStringLiteral(KPIGROUPS_CLI), {u"--timeout"_s, u"10"_s, u"list"_s},
              childEnvironment(proxy.address(), QUrl(remoteBaseUrl)));
        QTRY_COMPARE_WITH_TIMEOUT(cli.state(), QProcess::NotRunning, 30000);
        QCOMPARE(cli.exitCode(), 5);
        QVERIFY(!proxy.tunnels().isEmpty());
        QCOMPARE(proxy.tunnels().constFirst(), remoteTunnel);
    }

    // libproxy, which Qt asks on Debian, would not count kpi.quantive.test as in quantive.test.
    void theCommandLineGoesDirectlyWhereNoProxySaysSo()
    {
        CountingProxy proxy;
        QVERIFY(proxy.start());
        QProcessEnvironment env = childEnvironment(proxy.address(), QUrl(remoteBaseUrl));
        env.insert(u"no_proxy"_s, u"localhost,quantive.test"_s);
        QProcess cli;
        start(cli, QStringLiteral(KPIGROUPS_CLI), {u"--timeout"_s, u"10"_s, u"list"_s}, env);
        QTRY_COMPARE_WITH_TIMEOUT(cli.state(), QProcess::NotRunning, 30000);
        QCOMPARE(cli.exitCode(), 5); // the made-up host is not found
        QCOMPARE(proxy.tunnels(), QStringList());
    }

    void theCommandLineReachesALoopbackSandboxDirectly()
    {
        CountingProxy proxy;
        QVERIFY(proxy.start());
        SandboxThread sandbox;
        QVERIFY(sandbox.start());
        QProcess cli;
        start(cli, QStringLiteral(KPIGROUPS_CLI), {u"--json"_s, u"list"_s, u"--take"_s, u"1"_s},
              childEnvironment(proxy.address(), sandbox.baseUrl()));
        QTRY_COMPARE_WITH_TIMEOUT(cli.state(), QProcess::NotRunning, 30000);
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(cli.readAllStandardOutput().contains("\"id\""));
        QCOMPARE(proxy.tunnels(), QStringList());
    }

    void theWindowSendsThroughTheProxy()
    {
        CountingProxy proxy;
        QVERIFY(proxy.start());
        QProcess app;
        start(app, QStringLiteral(KPIGROUPS_APP), {},
              childEnvironment(proxy.address(), QUrl(remoteBaseUrl)));
        QTRY_VERIFY_WITH_TIMEOUT(!proxy.tunnels().isEmpty(), 30000);
        app.kill();
        app.waitForFinished();
        QCOMPARE(proxy.tunnels().constFirst(), remoteTunnel);
    }

    void theWindowReachesALoopbackSandboxDirectly()
    {
        CountingProxy proxy;
        QVERIFY(proxy.start());
        SandboxThread sandbox;
        QVERIFY(sandbox.start());
        const QString file = m_home.filePath(u"proxy.png"_s);
        QProcess app;
        start(app, QStringLiteral(KPIGROUPS_APP), {u"--screenshot"_s, file},
              childEnvironment(proxy.address(), sandbox.baseUrl()));
        QTRY_COMPARE_WITH_TIMEOUT(app.state(), QProcess::NotRunning, 60000);
        QCOMPARE(app.exitCode(), 0);
        QVERIFY(!QImage(file).isNull());
        QCOMPARE(proxy.tunnels(), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"

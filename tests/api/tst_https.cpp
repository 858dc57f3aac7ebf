#include "kpigroupsclient.h"
#include "nginxfront.h"
#include "sandboxfaults.h"
#include "sandboxgenerator.h"
#include "sandboxthread.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

SandboxGenerator::Options sandboxOptions()
{
    SandboxGenerator::Options options;
    options.groups = 2500; // pages of 1,000, 1,000 and 500
    options.kpis = 50;
    return options;
}

QString userAgentOf(const char *program)
{
    return QString::fromLatin1(program) + u"/0.1.0 (Qt "_s + QString::fromLatin1(qVersion()) +
           u"; "_s + QSysInfo::prettyProductName() + u')';
}

} // namespace

// The client and the command line over HTTPS and HTTP/2, through Debian's nginx as a
// TLS-terminating reverse proxy (gzip on) in front of the sandbox, with a certificate authority
// made for the run: lists come whole, and every change reaches the sandbox once.
class TestHttps : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir; // the command line's home
    SandboxThread m_sandbox{sandboxOptions()};
    NginxFront m_nginx;
    QUrl m_baseUrl;

    QStringList accessLog(qsizetype from = 0) const { return m_nginx.accessLog(from); }
    int mostAtOnce(const QString &uri) const { return m_nginx.mostAtOnce(uri); }

    QProcessEnvironment cliEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QUANTIVE_BASE_URL"_s, m_baseUrl.toString());
        env.insert(u"QUANTIVE_ACCOUNT_ID"_s, SandboxGenerator::demoAccountId);
        env.insert(u"QUANTIVE_TOKEN"_s, SandboxGenerator::demoToken);
        env.insert(u"SSL_CERT_FILE"_s, m_nginx.caCertificate()); // TlsTrust: besides the system's
        env.remove(u"SSL_CERT_DIR"_s);
        env.insert(u"HOME"_s, m_dir.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
        return env;
    }
    struct CliRun
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    CliRun cli(const QStringList &arguments) const
    {
        QProcess process;
        process.setProcessEnvironment(cliEnvironment());
        process.start(QStringLiteral(KPIGROUPS_CLI), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = NginxFront::missing(); !missing.isEmpty())
            QSKIP(qPrintable(missing));
        QVERIFY(m_dir.isValid());
        QVERIFY(m_sandbox.start());
        QVERIFY2(m_nginx.start(m_sandbox.baseUrl().port()), qPrintable(m_nginx.error()));
        m_baseUrl = m_nginx.url(u"/results/api/v1"_s);

        // This process trusts the CA made for the run, besides the system's.
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() +
                                        QSslCertificate::fromPath(m_nginx.caCertificate()));
        QSslConfiguration::setDefaultConfiguration(configuration);
    }

    void negotiatesHttp2AndCompresses()
    {
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(m_baseUrl.toString() + u"/kpis/groups?take=1000"_s));
        request.setRawHeader("Authorization", "Bearer sandbox-demo-token");
        request.setRawHeader("gtmhub-accountId", "5be26318e5274a0007f17f61");
        request.setRawHeader("User-Agent", "tst_https");
        std::unique_ptr<QNetworkReply> reply(manager.get(request));
        const qsizetype logFrom = accessLog().size();
        QVERIFY(QSignalSpy(reply.get(), &QNetworkReply::finished).wait(20000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY(reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool());
        const QJsonObject page = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(page.value("count"_L1).toInt(), 1000);
        QCOMPARE(page.value("totalCount"_L1).toInt(), 2500);
        // nginx logs a request once it has answered it.
        QTRY_COMPARE_WITH_TIMEOUT(accessLog(logFrom).size(), 1, 5000);
        const QStringList log = accessLog();
        qInfo("nginx: %s", qPrintable(log.constLast()));
        QVERIFY2(log.constLast().startsWith(
                     u"GET /results/api/v1/kpis/groups?take=1000 HTTP/2.0 200 gzip="_s),
                 qPrintable(log.constLast()));
        QVERIFY2(log.constLast().endsWith(u" \"tst_https\""_s), qPrintable(log.constLast()));
        // The sandbox was asked for no compression: nginx compressed.
        QCOMPARE(m_sandbox.requestsReceived().constLast(), u"GET /kpis/groups?take=1000"_s);
        QVERIFY(!log.constLast().contains(u"gzip=-"_s));
    }

    void theClientListsAndChangesThroughIt()
    {
        KpiGroupsClient client;
        client.setConnection({m_baseUrl, QString(SandboxGenerator::demoAccountId),
                              QString(SandboxGenerator::demoToken)});
        const qsizetype logFrom = accessLog().size();
        const QStringList changesBefore = m_sandbox.changesReceived();
        QList<ApiError> failures;
        connect(&client, &KpiGroupsClient::callStarted, this, [&](ApiCall *call) {
            connect(call, &ApiCall::failed, this,
                    [&](const ApiError &error) { failures.append(error); });
        });

        GroupListCall *list = client.listAllGroups();
        qsizetype listedCount = -1;
        connect(list, &ApiCall::succeeded, this,
                [&, list] { listedCount = list->groups().size(); });
        QVERIFY(QTest::qWaitFor([&] { return listedCount >= 0; }, 30000));
        QCOMPARE(listedCount, 2500);

        GroupCall *create = client.createGroup(u"Through nginx"_s);
        QString id;
        connect(create, &ApiCall::succeeded, this, [&, create] { id = create->group().id; });
        QVERIFY(QTest::qWaitFor([&] { return !id.isEmpty(); }, 20000));
        for (const auto &send : QList<std::function<ApiCall *()>>{
                 [&] { return client.renameGroup(id, u"Through nginx, renamed"_s); },
                 [&] { return client.favoriteGroup(id); },
                 [&] { return client.unfavoriteGroup(id); },
                 [&] { return client.deleteGroup(id); }}) {
            QSignalSpy done(send(), &ApiCall::succeeded);
            QVERIFY(done.wait(20000));
        }
        QCOMPARE(failures.size(), 0);

        // Every change reached the sandbox once.
        QCOMPARE(m_sandbox.changesReceived().mid(changesBefore.size()),
                 (QStringList{u"POST /kpis/groups"_s, u"PATCH /kpis/groups/"_s + id,
                              u"PUT /kpis/groups/"_s + id + u"/favorite"_s,
                              u"DELETE /kpis/groups/"_s + id + u"/favorite"_s,
                              u"DELETE /kpis/groups/"_s + id}));
        // All of it over HTTP/2, named as the test's program.
        const QString agent = u" \""_s + userAgentOf("tst_https") + u'"';
        QTRY_COMPARE_WITH_TIMEOUT(accessLog(logFrom).size(), 8, 5000);
        const QStringList log = accessLog(logFrom);
        for (const QString &line : log) {
            QVERIFY2(line.contains(u" HTTP/2.0 20"_s), qPrintable(line));
            QVERIFY2(line.endsWith(agent), qPrintable(line));
        }
        QVERIFY2(log.at(5).startsWith(u"PUT /results/api/v1/kpis/groups/"_s + id +
                                      u"/favorite HTTP/2.0 200 gzip=-"_s),
                 qPrintable(log.at(5)));
    }

    void asksForMorePagesAtOnceOverHttp2()
    {
        // Pages of 100 groups, each answered 300 ms late: over HTTP/1.1 six would be in flight
        // at once (six connections); over HTTP/2 they share one, and up to 16 go.
        KpiGroupsClient client;
        client.setConnection({m_baseUrl, QString(SandboxGenerator::demoAccountId),
                              QString(SandboxGenerator::demoToken)});
        RetryPolicy policy;
        policy.pageSize = 100;
        client.setRetryPolicy(policy);
        m_sandbox.faults().setLatency(300);
        ListQuery query;
        query.sort = u"name,id"_s; // a sort of this test's own, to tell its requests apart
        GroupListCall *list = client.listAllGroups(query);
        qsizetype listedCount = -1;
        connect(list, &ApiCall::succeeded, this,
                [&, list] { listedCount = list->groups().size(); });
        const bool listed = QTest::qWaitFor([&] { return listedCount >= 0; }, 30000);
        m_sandbox.faults().setLatency(0);
        QVERIFY(listed);
        QCOMPARE(listedCount, 2500);
        QCOMPARE(client.retryPolicy().parallelPages, 6);
        QTRY_COMPARE_WITH_TIMEOUT(mostAtOnce(u"sort=name%2Cid"_s) > 6, true, 5000);
        QVERIFY2(mostAtOnce(u"sort=name%2Cid"_s) <= 16,
                 qPrintable(QString::number(mostAtOnce(u"sort=name%2Cid"_s))));
    }

    void theCommandLineListsAndChangesThroughIt()
    {
        const qsizetype logFrom = accessLog().size();
        const QStringList changesBefore = m_sandbox.changesReceived();

        const CliRun list = cli({u"--json"_s, u"list"_s, u"--all"_s});
        QVERIFY2(list.exitCode == 0, list.err.constData());
        QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 2500);

        const CliRun created = cli({u"--json"_s, u"create"_s, u"From the command line"_s});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const QString id = QJsonDocument::fromJson(created.out).object().value("id"_L1).toString();
        QCOMPARE(id.size(), 24);
        for (const QStringList &change :
             {QStringList{u"rename"_s, id, u"From the command line, renamed"_s},
              QStringList{u"favorite"_s, id}, QStringList{u"delete"_s, id}}) {
            const CliRun run = cli(change);
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }

        QCOMPARE(m_sandbox.changesReceived().mid(changesBefore.size()),
                 (QStringList{u"POST /kpis/groups"_s, u"PATCH /kpis/groups/"_s + id,
                              u"PUT /kpis/groups/"_s + id + u"/favorite"_s,
                              u"DELETE /kpis/groups/"_s + id}));
        const QString agent = u" \""_s + userAgentOf("kpigroups-cli") + u'"';
        // The list: six pages asked for at once (200 groups, then 1,000 each from 200 on, the
        // last two empty); then the four changes.
        QTRY_COMPARE_WITH_TIMEOUT(accessLog(logFrom).size(), 10, 5000);
        const QStringList log = accessLog(logFrom);
        for (const QString &line : log) {
            QVERIFY2(line.contains(u" HTTP/2.0 20"_s), qPrintable(line));
            QVERIFY2(line.endsWith(agent), qPrintable(line));
        }
    }
};

QTEST_GUILESS_MAIN(TestHttps)
#include "tst_https.moc"

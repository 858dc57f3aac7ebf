#include "kpigroupsclient.h"
#include "sandboxfaults.h"
#include "sandboxgenerator.h"
#include "sandboxthread.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTcpServer>
#include <QTcpSocket>
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

    QTemporaryDir m_dir;
    SandboxThread m_sandbox{sandboxOptions()};
    QProcess m_nginx;
    quint16 m_port = 0;
    QUrl m_baseUrl;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    bool run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, arguments);
        if (process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit &&
            process.exitCode() == 0)
            return true;
        qWarning("%s failed: %s", qPrintable(program), process.readAll().constData());
        return false;
    }

    // A CA of its own, and a certificate for 127.0.0.1 signed by it.
    bool makeCertificates(const QString &openssl)
    {
        QFile extensions(path(u"server.ext"_s));
        if (!extensions.open(QIODevice::WriteOnly))
            return false;
        extensions.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                         "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
        extensions.close();
        const QStringList ec = {u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                                u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};
        const QStringList ca = {u"-keyout"_s, path(u"ca.key"_s),
                                u"-out"_s,    path(u"ca.crt"_s),
                                u"-days"_s,   u"2"_s,
                                u"-subj"_s,   u"/CN=KPI Groups test CA"_s,
                                u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s,
                                u"-addext"_s, u"keyUsage=critical,keyCertSign,cRLSign"_s};
        const QStringList request = {u"-keyout"_s, path(u"server.key"_s),
                                     u"-out"_s,    path(u"server.csr"_s),
                                     u"-subj"_s,   u"/CN=127.0.0.1"_s};
        return run(openssl, QStringList{u"req"_s, u"-x509"_s} + ec + ca) &&
               run(openssl, QStringList{u"req"_s, u"-new"_s} + ec + request) &&
               run(openssl, {u"x509"_s, u"-req"_s, u"-in"_s, path(u"server.csr"_s), u"-CA"_s,
                             path(u"ca.crt"_s), u"-CAkey"_s, path(u"ca.key"_s),
                             u"-CAcreateserial"_s, u"-out"_s, path(u"server.crt"_s), u"-days"_s,
                             u"2"_s, u"-extfile"_s, path(u"server.ext"_s)});
    }

    bool writeNginxConfiguration(quint16 sandboxPort)
    {
        // 1.22 (Debian 12) knows only "listen … http2"; later versions still take it.
        QByteArray conf = R"(daemon off;
master_process off;
worker_processes 1;
pid DIR/nginx.pid;
error_log DIR/error.log info;
events {
    worker_connections 64;
}
http {
    log_format kpigroups '$request_method $request_uri $server_protocol $status '
                         'gzip=$gzip_ratio "$http_user_agent"';
    access_log DIR/access.log kpigroups;
    log_format timing '$msec $request_time $request_uri';
    access_log DIR/timing.log timing;
    client_body_temp_path DIR/body;
    proxy_temp_path DIR/proxy;
    fastcgi_temp_path DIR/fastcgi;
    uwsgi_temp_path DIR/uwsgi;
    scgi_temp_path DIR/scgi;
    gzip on;
    gzip_types application/json;
    gzip_proxied any;
    server {
        listen 127.0.0.1:PORT ssl http2;
        ssl_certificate DIR/server.crt;
        ssl_certificate_key DIR/server.key;
        location / {
            proxy_pass http://127.0.0.1:SANDBOX;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Accept-Encoding "";
        }
    }
}
)";
        conf.replace("DIR", m_dir.path().toUtf8());
        conf.replace("SANDBOX", QByteArray::number(sandboxPort));
        conf.replace("PORT", QByteArray::number(m_port));
        QFile file(path(u"nginx.conf"_s));
        return file.open(QIODevice::WriteOnly) && file.write(conf) == conf.size();
    }

    static quint16 freePort()
    {
        QTcpServer server;
        return server.listen(QHostAddress::LocalHost) ? server.serverPort() : 0;
    }

    // "METHOD URI PROTOCOL STATUS gzip=RATIO "USER-AGENT"", one a request, since `from`.
    QStringList accessLog(qsizetype from = 0) const
    {
        QFile file(m_dir.filePath(u"access.log"_s));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
        return lines.mid(from);
    }

    // The most requests nginx held at once whose URI contains `uri`, from the moment each
    // was read and the time it took (its timing log).
    int mostAtOnce(const QString &uri) const
    {
        QFile file(m_dir.filePath(u"timing.log"_s));
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        QList<std::pair<double, int>> events; // (time, +1 start or -1 end)
        for (const QByteArray &line : file.readAll().split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 3 || !QString::fromUtf8(parts.at(2)).contains(uri))
                continue;
            const double end = parts.at(0).toDouble();
            events.append({end - parts.at(1).toDouble(), +1});
            events.append({end, -1});
        }
        std::sort(events.begin(), events.end()); // an end before a start at the same moment
        int now = 0, most = 0;
        for (const auto &[time, step] : std::as_const(events))
            most = std::max(most, now += step);
        return most;
    }

    QProcessEnvironment cliEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QUANTIVE_BASE_URL"_s, m_baseUrl.toString());
        env.insert(u"QUANTIVE_ACCOUNT_ID"_s, SandboxGenerator::demoAccountId);
        env.insert(u"QUANTIVE_TOKEN"_s, SandboxGenerator::demoToken);
        env.insert(u"SSL_CERT_FILE"_s, path(u"ca.crt"_s)); // TlsTrust: besides the system's
        env.remove(u"SSL_CERT_DIR"_s);
        env.insert(u"HOME"_s, m_dir.path());
        env.insert(u"XDG_CONFIG_HOME"_s, path(u"config"_s));
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
        const QString nginx = QStandardPaths::findExecutable(
            u"nginx"_s, {u"/usr/sbin"_s, u"/usr/local/sbin"_s, u"/usr/bin"_s});
        if (nginx.isEmpty())
            QSKIP("nginx is not installed (Debian: apt-get install nginx; ./build.sh installs it)");
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            QSKIP("openssl is not installed (Debian: apt-get install openssl)");
        QVERIFY(m_dir.isValid());
        QVERIFY(makeCertificates(openssl));
        QVERIFY(m_sandbox.start());
        m_port = freePort();
        QVERIFY(m_port != 0);
        QVERIFY(writeNginxConfiguration(m_sandbox.baseUrl().port()));
        m_nginx.setProcessChannelMode(QProcess::MergedChannels);
        // -e: its own error log from the start, not /var/log/nginx's (not writable but by root).
        m_nginx.start(nginx, {u"-p"_s, m_dir.path(), u"-c"_s, path(u"nginx.conf"_s), u"-e"_s,
                              path(u"error.log"_s)});
        QVERIFY2(m_nginx.waitForStarted(10000), qPrintable(m_nginx.errorString()));
        QTcpSocket probe;
        QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                probe.abort();
                probe.connectToHost(QHostAddress::LocalHost, m_port);
                return probe.waitForConnected(200);
            }() ||
                m_nginx.state() == QProcess::NotRunning,
            "nginx did not start listening", 10000);
        QVERIFY2(m_nginx.state() == QProcess::Running, m_nginx.readAll().constData());
        m_baseUrl = QUrl(u"https://127.0.0.1:%1/results/api/v1"_s.arg(m_port));

        // This process trusts the CA made for the run, besides the system's.
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() +
                                        QSslCertificate::fromPath(path(u"ca.crt"_s)));
        QSslConfiguration::setDefaultConfiguration(configuration);
    }
    void cleanupTestCase()
    {
        if (m_nginx.state() == QProcess::NotRunning)
            return;
        m_nginx.terminate(); // SIGTERM: a fast shutdown
        if (!m_nginx.waitForFinished(10000))
            m_nginx.kill();
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

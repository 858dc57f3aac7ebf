#include "kpigroupsclient.h"
#include "sandboxgenerator.h"
#include "sandboxthread.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// How the client, the command line and the window name themselves to the server: the
// User-Agent header as the sandbox receives it.
class TestUserAgent : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    static QByteArray platform()
    {
        return " (Qt " + QByteArray(qVersion()) + "; " + QSysInfo::prettyProductName().toUtf8() +
               ')';
    }
    static QByteArray userAgentOf(const SandboxThread &sandbox)
    {
        for (const auto &[name, value] : sandbox.lastRequestHeaders())
            if (name.compare("User-Agent", Qt::CaseInsensitive) == 0)
                return value;
        return "(none)";
    }
    QProcessEnvironment environment(const SandboxThread &sandbox) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QUANTIVE_BASE_URL"_s, sandbox.baseUrl().toString());
        env.insert(u"QUANTIVE_ACCOUNT_ID"_s, SandboxGenerator::demoAccountId);
        env.insert(u"QUANTIVE_TOKEN"_s, SandboxGenerator::demoToken);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path() + u"/config"_s);
        env.insert(u"XDG_CACHE_HOME"_s, m_home.path() + u"/cache"_s);
        env.insert(u"XDG_DATA_HOME"_s, m_home.path() + u"/data"_s);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
        return env;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void namesItselfInFullOnTheProjectsPlatform()
    {
        if (QSysInfo::prettyProductName() != u"Debian GNU/Linux 12 (bookworm)"_s ||
            qstrcmp(qVersion(), "6.4.2") != 0)
            QSKIP("The literal header is Debian 12's, with its Qt 6.4.2");
        QCoreApplication::setApplicationName(u"kpigroups-cli"_s);
        QCOMPARE(ApiRequests::userAgent(),
                 "kpigroups-cli/0.1.0 (Qt 6.4.2; Debian GNU/Linux 12 (bookworm))");
        QCoreApplication::setApplicationName(u"tst_useragent"_s);
    }

    void theClientNamesItsProgram()
    {
        SandboxThread sandbox;
        QVERIFY(sandbox.start());
        const QString before = QCoreApplication::applicationName();
        QCoreApplication::setApplicationName(u"kpigroups"_s); // as the app's main does
        KpiGroupsClient client;
        client.setConnection({sandbox.baseUrl(), QString(SandboxGenerator::demoAccountId),
                              QString(SandboxGenerator::demoToken)});
        ListQuery query;
        query.take = 1;
        QSignalSpy listed(client.listGroups(query), &ApiCall::succeeded);
        QCoreApplication::setApplicationName(before);
        QVERIFY(listed.wait(10000));
        QCOMPARE(sandbox.requestsReceived(), QStringList{u"GET /kpis/groups?take=1"_s});
        QCOMPARE(userAgentOf(sandbox), "kpigroups/0.1.0" + platform());
    }

    void theCommandLineNamesItself()
    {
        SandboxThread sandbox;
        QVERIFY(sandbox.start());
        QProcess cli;
        cli.setProcessEnvironment(environment(sandbox));
        cli.start(QStringLiteral(KPIGROUPS_CLI), {u"get"_s, u"5be26318e5274a0007f17f61"_s});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 4); // no such group
        QCOMPARE(sandbox.requestsReceived(),
                 QStringList{u"GET /kpis/groups/5be26318e5274a0007f17f61"_s});
        QCOMPARE(userAgentOf(sandbox), "kpigroups-cli/0.1.0" + platform());
    }

    void theWindowNamesItself()
    {
        SandboxThread sandbox;
        QVERIFY(sandbox.start());
        QProcess app;
        app.setProcessEnvironment(environment(sandbox));
        app.start(QStringLiteral(KPIGROUPS_APP));
        QTRY_VERIFY_WITH_TIMEOUT(sandbox.requestCount() > 0, 30000);
        app.kill();
        app.waitForFinished();
        QCOMPARE(userAgentOf(sandbox), "kpigroups/0.1.0" + platform());
    }
};

QTEST_GUILESS_MAIN(TestUserAgent)
#include "tst_useragent.moc"

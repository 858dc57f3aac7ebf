#include "sandboxgenerator.h"
#include "sandboxthread.h"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// The kpigroups executable itself: its options, its environment, and --screenshot.
class TestApp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path() + u"/config"_s);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
        return env;
    }

    int run(const QStringList &arguments, const QProcessEnvironment &env, QString *errors = nullptr,
            QString *output = nullptr)
    {
        QProcess app;
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(KPIGROUPS_APP), arguments);
        if (!app.waitForFinished(60000)) {
            app.kill();
            return -1;
        }
        if (errors)
            *errors = QString::fromUtf8(app.readAllStandardError());
        if (output)
            *output = QString::fromUtf8(app.readAllStandardOutput());
        return app.exitStatus() == QProcess::NormalExit ? app.exitCode() : -2;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void screenshotsTheDemo()
    {
        const QString file = m_home.filePath(u"demo.png"_s);
        QString errors;
        QCOMPARE(run({u"--demo"_s, u"--screenshot"_s, file}, environment(), &errors), 0);
        const QImage image(file);
        QVERIFY2(!image.isNull(), qPrintable(errors));
        QVERIFY(image.width() >= 800);
        QVERIFY(image.height() >= 500);
    }

    void connectsFromTheEnvironment()
    {
        SandboxThread sandbox;
        QVERIFY(sandbox.start());
        QProcessEnvironment env = environment();
        env.insert(u"QUANTIVE_BASE_URL"_s, sandbox.baseUrl().toString());
        env.insert(u"QUANTIVE_ACCOUNT_ID"_s, SandboxGenerator::demoAccountId);
        env.insert(u"QUANTIVE_TOKEN"_s, SandboxGenerator::demoToken);
        const QString file = m_home.filePath(u"env.png"_s);
        const int before = sandbox.requestCount();
        QCOMPARE(run({u"--screenshot"_s, file}, env), 0);
        QVERIFY(!QImage(file).isNull());
        QVERIFY(sandbox.requestCount() > before);
        // Used for this run only: the connection is not remembered.
        QFile settings(m_home.path() + u"/config/KPI Groups/kpigroups.conf"_s);
        if (settings.open(QIODevice::ReadOnly)) {
            const QByteArray text = settings.readAll();
            QVERIFY(!text.contains("connections"));
            QVERIFY(!text.contains(SandboxGenerator::demoToken.data()));
        }
    }

    void printsHelpAndVersionWithoutADisplay()
    {
        QProcessEnvironment env = environment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s); // a display that cannot be opened
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        QString output;
        QCOMPARE(run({u"--help"_s}, env, nullptr, &output), 0);
        QVERIFY2(output.contains(u"--demo"_s), qPrintable(output));
        QVERIFY(output.contains(u"KPI groups of Quantive Results, on the desktop."_s));
        QCOMPARE(run({u"--version"_s}, env, nullptr, &output), 0);
        QCOMPARE(output.trimmed(), u"kpigroups " KPIGROUPS_VERSION_TEXT ""_s);
    }

    void refusesAnUnknownRegion()
    {
        QString errors;
        QCOMPARE(run({u"--region"_s, u"mars"_s}, environment(), &errors), 2);
        QVERIFY(errors.contains(u"unknown region"_s));
    }
};

QTEST_GUILESS_MAIN(TestApp)
#include "tst_app.moc"

#include "allocator.h"
#include "connection.h"
#include "connectionsettings.h"
#include "mainwindow.h"
#include "proxychoice.h"
#include "sandboxgenerator.h"
#include "sandboxthread.h"
#include "tlstrust.h"
#include "tokenstore.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QNetworkInformation>
#include <QTimer>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void complain(const QString &message)
{
    std::fprintf(stderr, "kpigroups: %s\n", qPrintable(message));
}

// --help and --version print and exit, also where no display can be opened.
bool onlyAsksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--help" || argument == "-h" || argument == "-?" ||
            argument == "--help-all" || argument == "--version" || argument == "-v")
            return true;
    }
    return false;
}

// The connection the options and the environment chose, or the last one, or the Connect dialog.
void openAsChosen(MainWindow &window, const ConnectionChoice &chosen)
{
    if (chosen.baseUrl.isEmpty() && chosen.accountId.isEmpty())
        return window.connectToLastOrAsk();
    const Connection connection{chosen.baseUrl.isEmpty() ? Regions::defaultBaseUrl()
                                                         : chosen.baseUrl,
                                chosen.accountId, chosen.token};
    if (!chosen.token.isEmpty() && !chosen.accountId.isEmpty())
        window.connectWithEnvironmentToken(connection);
    else if (!chosen.accountId.isEmpty())
        window.connectToSaved({connection.baseUrl, chosen.accountId});
    else
        window.showConnectDialog();
}

// --screenshot: the window as a PNG once the list has loaded, then the end of the program.
void saveScreenshotOnceLoaded(MainWindow &window, const QString &file)
{
    QCoreApplication *app = QCoreApplication::instance();
    window.resize(1000, 640); // the README's picture, whatever the screen it is made on
    QObject::connect(&window, &MainWindow::groupsLoaded, app, [&window, app, file] {
        // Let the list and the detail pane lay out and paint first.
        QTimer::singleShot(300, app, [&window, app, file] {
            const bool saved = window.grab().save(file, "PNG");
            if (!saved)
                complain(QApplication::translate("main", "could not write %1").arg(file));
            app->exit(saved ? 0 : 1);
        });
    });
    QTimer::singleShot(60000, app, [app] {
        complain(QApplication::translate("main", "the list did not load within a minute"));
        app->exit(1);
    });
}

} // namespace

int main(int argc, char *argv[])
{
    tuneAllocatorForLargeLists();
    std::unique_ptr<QCoreApplication> application;
    if (onlyAsksForHelpOrVersion(argc, argv))
        application = std::make_unique<QCoreApplication>(argc, argv);
    else
        application = std::make_unique<QApplication>(argc, argv);
    QCoreApplication &app = *application;
    QApplication::setOrganizationName(u"KPI Groups"_s);
    QApplication::setApplicationName(u"kpigroups"_s);
    QApplication::setApplicationVersion(QStringLiteral(KPIGROUPS_VERSION));
    installTranslations(&app);
    ProxyChoice::installForApplication();
    TlsTrust::installForApplication();
    // Where the platform can tell when the network comes back, an offline session tries then.
    QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "KPI groups of Quantive Results, on the desktop."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        u"demo"_s, QApplication::translate("main", "Run on a built-in sample account."));
    const QCommandLineOption region(
        u"region"_s, QApplication::translate("main", "Data centre: eu, us, as, sa or au."), u"R"_s);
    const QCommandLineOption baseUrl(
        u"base-url"_s, QApplication::translate("main", "Any API base URL."), u"URL"_s);
    const QCommandLineOption account(u"account"_s, QApplication::translate("main", "Account id."),
                                     u"ID"_s);
    const QCommandLineOption screenshot(
        u"screenshot"_s,
        QApplication::translate("main", "Save the window as a PNG once the list has loaded, "
                                        "then quit."),
        u"FILE"_s);
    parser.addOptions({demo, region, baseUrl, account, screenshot});
    parser.process(app); // exits on --help and --version
    QGuiApplication::setApplicationDisplayName(u"KPI Groups"_s);
    QGuiApplication::setDesktopFileName(u"io.github.kpigroups.KpiGroups"_s);

    // Declared first, so that it outlives the window that talks to it.
    std::unique_ptr<SandboxThread> sandbox;
    const auto startDemo = [&sandbox]() -> std::optional<Connection> {
        if (!sandbox) {
            SandboxGenerator::Options options;
            options.now = QDateTime::currentMSecsSinceEpoch();
            sandbox = std::make_unique<SandboxThread>(options);
            if (!sandbox->start()) {
                sandbox.reset();
                return std::nullopt;
            }
        }
        return Connection{sandbox->baseUrl(), QString(SandboxGenerator::demoAccountId),
                          QString(SandboxGenerator::demoToken)};
    };

    KeychainTokenStore keychain;
    MainWindow window(&keychain);
    window.setDemoStarter(startDemo);

    // The environment and the options win over the saved connection, for this run only.
    const ConnectionChoice chosen = ConnectionChoice::fromOptions(
        parser.value(baseUrl), parser.value(region),
        parser.isSet(account) ? std::optional(parser.value(account)) : std::nullopt);
    if (!chosen.unknownRegion.isEmpty()) {
        complain(QApplication::translate("main", "unknown region '%1': use eu, us, as, sa or au")
                     .arg(chosen.unknownRegion));
        return 2;
    }
    if (parser.isSet(demo))
        window.startDemo();
    else
        openAsChosen(window, chosen);

    if (parser.isSet(screenshot))
        saveScreenshotOnceLoaded(window, parser.value(screenshot));
    window.show();
    return app.exec();
}

#include "clirunner.h"
#include "proxychoice.h"
#include "tlstrust.h"
#include "translations.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kpigroups-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KPIGROUPS_VERSION));
    installTranslations(&app);
    ProxyChoice::installForApplication();
    TlsTrust::installForApplication();
    CliRunner runner;
    QObject::connect(&runner, &CliRunner::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    runner.start(app.arguments());
    return app.exec();
}

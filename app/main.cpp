#include "mainwindow.h"
#include "sandboxstore.h"
#include "sandboxthread.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"KPI Groups"_s);

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption demoOption(u"demo"_s, u"Run on a built-in sandbox account."_s);
    parser.addOption(demoOption);
    parser.process(app);

    SandboxThread sandbox;
    MainWindow window;
    if (parser.isSet(demoOption) && sandbox.start()) {
        QStringList names;
        sandbox.withStore([&](SandboxStore &store) {
            for (const SandboxGroup &group : store.account(SandboxGenerator::demoAccountId)->groups)
                names.append(group.name);
        });
        window.setGroupNames(names);
    }
    window.show();
    return app.exec();
}

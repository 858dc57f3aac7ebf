// One timed run of KpiGroupsClient's all-pages listing, in a process of its own so that its peak
// RSS is its own. Prints "<milliseconds> <groups>" on success.
// Usage: QUANTIVE_TOKEN=… kpigroups-bench-client BASE_URL ACCOUNT
#include "allocator.h"
#include "kpigroupsclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    tuneAllocatorForLargeLists();
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        QTextStream(stderr) << "usage: QUANTIVE_TOKEN=… kpigroups-bench-client BASE_URL ACCOUNT\n";
        return 2;
    }
    KpiGroupsClient client;
    client.setConnection({QUrl(args.at(1)), args.at(2), qEnvironmentVariable("QUANTIVE_TOKEN")});
    QElapsedTimer timer;
    qsizetype count = 0;
    timer.start();
    ListQuery query;
    query.sort = u"id"_s;
    GroupListCall *call = client.listAllGroups(query);
    QObject::connect(call, &ApiCall::succeeded, &app, [&, call] {
        const qint64 elapsed = timer.nsecsElapsed();
        count = call->groups().size();
        QTextStream(stdout) << double(elapsed) / 1e6 << ' ' << count << '\n';
        app.quit();
    });
    QObject::connect(call, &ApiCall::failed, &app, [&](const ApiError &error) {
        QTextStream(stderr) << error.toString() << '\n';
        app.exit(1);
    });
    return app.exec();
}

// A run of the app's Session, driven from a test, to be killed with its changes unsent:
//   outbox-child BASE_URL ACCOUNT_ID GROUP_TO_RENAME GROUP_TO_STAR
//                [remove | remove-undo | draft | move]
// (token: QUANTIVE_TOKEN). It loads the list and the first group's KPIs and prints "ready"; on
// "go" from its standard input it renames, stars, creates and removes a KPI, as a person would,
// and prints "queued N" once the N changes wait in the journal for a server that does not
// answer. With "remove" it only takes the first KPI out of the group, and prints "journaled"
// once the journal holds the removal, inside its undo window; with "remove-undo" it undoes that
// removal too, and prints "undone" once the journal no longer holds it; with "draft" it types a
// name for the first group without saving it, and prints "typed" two seconds later; with "move"
// it moves the first KPI to GROUP_TO_STAR, and prints "move waiting" once the move, journaled,
// waits for a server that did not answer. What the
// session tells the person is printed as "informed TEXT".
#include "session.h"
#include "translations.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The app's names: the journal is where the app looks for it.
    QCoreApplication::setOrganizationName(u"KPI Groups"_s);
    QCoreApplication::setApplicationName(u"kpigroups"_s);
    installTranslations(&app, QLocale(QLocale::English)); // the app's words, as a person reads them
    const QStringList args = app.arguments();
    if (args.size() != 5 && args.size() != 6)
        return 2;
    const QString mode = args.value(5);
    const QString renamed = args.at(3);
    const QString starred = args.at(4);
    Session session({QUrl(args.at(1)), args.at(2), qEnvironmentVariable("QUANTIVE_TOKEN")});
    session.keepOutbox();
    QTextStream out(stdout);
    const auto say = [&out](const QString &line) {
        out << line << Qt::endl;
        std::fflush(stdout);
    };

    QObject::connect(&session, &Session::loadingFinished, &app,
                     [&] { session.showGroup(renamed); });
    QObject::connect(session.kpis(), &QAbstractItemModel::modelReset, &app, [&] {
        if (session.kpis()->rowCount() > 0)
            say(u"ready"_s);
    });
    QObject::connect(&session, &Session::failed, &app,
                     [&](const QString &text) { say(u"failed "_s + text); });
    QObject::connect(&session, &Session::informed, &app,
                     [&](const QString &text) { say(u"informed "_s + text); });

    const auto queuedAll = [&] {
        if (session.outbox()->changes().size() == 4 && !session.sender()->hasInFlight() &&
            session.sender()->isWaiting()) {
            session.outbox()->waitForWrites();
            say(u"queued %1"_s.arg(session.outbox()->changes().size()));
        }
    };
    QObject::connect(session.sender(), &ChangeSender::waiting, &app, queuedAll,
                     Qt::QueuedConnection);

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char line[16] = {};
        if (::read(STDIN_FILENO, line, sizeof line - 1) <= 0 || qstrncmp(line, "go", 2) != 0)
            return;
        input.setEnabled(false);
        if (mode == u"draft"_s) {
            session.setDraft(renamed, u"Typed, Not Saved"_s);
            QTimer::singleShot(2000, &app, [&say] { say(u"typed"_s); });
            return;
        }
        if (mode == u"move"_s) {
            // The first KPI moved to the other group; said once the move waits, journaled.
            QObject::connect(session.sender(), &ChangeSender::waiting, &app, [&] {
                if (session.outbox()->size() == 1 && !session.sender()->hasInFlight()) {
                    session.outbox()->waitForWrites();
                    say(u"move waiting"_s);
                }
            });
            session.moveKpis({session.kpis()->kpiAt(0)}, renamed, starred);
            return;
        }
        if (!mode.isEmpty()) {
            quint64 batch = 0;
            QObject::connect(&session, &Session::removalQueued, &app,
                             [&batch](quint64 queued) { batch = queued; });
            session.kpis()->removeKpis(renamed, {session.kpis()->kpiAt(0).id});
            if (mode == u"remove-undo"_s)
                session.undoRemoval(batch);
            QTimer::singleShot(0, &app, [&session, &say, &mode] {
                session.outbox()->waitForWrites();
                say(mode == u"remove-undo"_s ? u"undone"_s : u"journaled"_s);
            });
            return;
        }
        session.renameGroup(renamed, u"Renamed While Down"_s);
        session.setFavorite(starred, true);
        session.createGroup(u"Made While Down"_s);
        session.kpis()->removeKpis(renamed, {session.kpis()->kpiAt(0).id});
        session.removals()->flush(); // past its undo window
    });

    session.open();
    return app.exec();
}

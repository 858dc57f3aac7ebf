// Real processes, real loopback HTTP: a run killed with changes in its outbox while the server
// was down, the server back on the same port, and the app started again: the server ends with
// exactly those changes, once each.
#include "outbox.h"
#include "sandboxfaults.h"
#include "sandboxgenerator.h"
#include "sandboxstore.h"
#include "sandboxthread.h"

#include <QDir>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestOutboxProcess : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QProcessEnvironment environment(const QUrl &baseUrl) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path() + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, m_home.path() + u"/data"_s);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
        env.insert(u"QUANTIVE_BASE_URL"_s, baseUrl.toString());
        env.insert(u"QUANTIVE_ACCOUNT_ID"_s, SandboxGenerator::demoAccountId);
        env.insert(u"QUANTIVE_TOKEN"_s, SandboxGenerator::demoToken);
        return env;
    }
    QDir outboxDir() const { return QDir(m_home.path() + u"/data/KPI Groups/kpigroups/outbox"_s); }
    static bool waitForLine(QProcess &process, const QByteArray &line, QByteArray &seen)
    {
        return QTest::qWaitFor(
            [&] {
                seen += process.readAllStandardOutput();
                return seen.contains(line);
            },
            30000);
    }

    struct State
    {
        QString name;         // of the group renamed
        bool starred = false; // the group starred
        int kpis = 0;         // in the group renamed
        int made = 0;         // groups named "Made While Down"
    };
    static State stateOf(SandboxThread &sandbox, const QString &renamed, const QString &starred)
    {
        State state;
        sandbox.withStore([&](SandboxStore &store) {
            SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            const QString user = store.userForToken(SandboxGenerator::demoToken)->id;
            state.name = store.group(account, renamed)->name;
            state.starred = store.isFavorite(account, user, starred);
            for (const SandboxKpi &kpi : account.kpis)
                state.kpis += kpi.groupIds.contains(renamed);
            for (const SandboxGroup &group : account.groups)
                state.made += group.name == u"Made While Down"_s;
        });
        return state;
    }

private Q_SLOTS:
    void sendsWhatAKilledRunLeftOnceEach()
    {
        QVERIFY(m_home.isValid());
        auto sandbox = std::make_unique<SandboxThread>();
        QVERIFY(sandbox->start());
        const QUrl baseUrl = sandbox->baseUrl();
        // A group with KPIs to rename and take one from, and one the user has not starred.
        QString renamed;
        QString starred;
        sandbox->withStore([&](SandboxStore &store) {
            SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            const QString user = store.userForToken(SandboxGenerator::demoToken)->id;
            for (const SandboxKpi &kpi : account.kpis)
                if (renamed.isEmpty() && !kpi.groupIds.isEmpty())
                    renamed = kpi.groupIds.constFirst();
            for (const SandboxGroup &group : account.groups)
                if (starred.isEmpty() && group.id != renamed &&
                    !store.isFavorite(account, user, group.id))
                    starred = group.id;
        });
        QVERIFY(!renamed.isEmpty() && !starred.isEmpty());
        const State before = stateOf(*sandbox, renamed, starred);
        QVERIFY(before.kpis > 0);
        QVERIFY(!before.starred);
        QCOMPARE(before.made, 0);

        QProcess child;
        child.setProcessEnvironment(environment(baseUrl));
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(
            QStringLiteral(OUTBOX_CHILD),
            {baseUrl.toString(), QString(SandboxGenerator::demoAccountId), renamed, starred});
        QByteArray seen;
        QVERIFY2(waitForLine(child, "ready", seen), seen.constData());
        sandbox.reset(); // the server goes down
        child.write("go\n");
        QVERIFY2(waitForLine(child, "queued 4", seen), seen.constData());
        child.kill(); // as a crash would, or kill -9
        QVERIFY(child.waitForFinished());

        const QStringList journals = outboxDir().entryList({u"*.json"_s}, QDir::Files);
        QCOMPARE(journals.size(), 1);
        QFile journal(outboxDir().filePath(journals.constFirst()));
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QByteArray kept = journal.readAll();
        for (const char *what : {"Renamed While Down", "Made While Down", "\"star\"", "removeKpi"})
            QVERIFY2(kept.contains(what), what);
        QVERIFY(!kept.contains(QByteArray(SandboxGenerator::demoToken.data())));

        // The server comes back where it was, with what it had; then the app starts again.
        sandbox = std::make_unique<SandboxThread>();
        QVERIFY(sandbox->start(quint16(baseUrl.port())));
        QCOMPARE(stateOf(*sandbox, renamed, starred).name, before.name);
        QProcess app;
        app.setProcessEnvironment(environment(baseUrl));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(KPIGROUPS_APP), {});
        QVERIFY(app.waitForStarted());
        QVERIFY(QTest::qWaitFor(
            [&] {
                const State now = stateOf(*sandbox, renamed, starred);
                return now.name == u"Renamed While Down"_s && now.starred && now.made == 1 &&
                       now.kpis == before.kpis - 1;
            },
            30000));
        QTest::qWait(1500); // and nothing more comes
        // Each change arrived once: the create looked for first, nothing sent twice.
        QStringList received = sandbox->changesReceived();
        received.sort();
        QStringList expected = {u"POST /kpis/groups"_s, u"PATCH /kpis/groups/"_s + renamed,
                                u"PUT /kpis/groups/"_s + starred + u"/favorite"_s};
        for (const QString &change : std::as_const(received))
            if (change.startsWith(u"DELETE /kpis/"_s) && change.endsWith(u"/groups/"_s + renamed))
                expected.append(change);
        expected.sort();
        QCOMPARE(received, expected);
        QCOMPARE(received.size(), 4);
        const State after = stateOf(*sandbox, renamed, starred);
        QCOMPARE(after.made, 1);
        QCOMPARE(after.kpis, before.kpis - 1);
        QCOMPARE(after.name, u"Renamed While Down"_s);
        QVERIFY(QTest::qWaitFor([&] {
            Outbox emptied(outboxDir().filePath(journals.constFirst()));
            return emptied.load() == Outbox::Loaded::Nothing;
        }));
        app.kill();
        app.waitForFinished();
    }

    // The person takes a KPI out of a group (and, with `undo`, takes that back) and the run is
    // killed inside the undo window; the app started again sends what the person last saw.
    void removalInItsUndoWindow(bool undo)
    {
        QVERIFY(m_home.isValid());
        QDir(m_home.path()).removeRecursively();
        auto sandbox = std::make_unique<SandboxThread>();
        QVERIFY(sandbox->start());
        const QUrl baseUrl = sandbox->baseUrl();
        QString group;
        QString other;
        sandbox->withStore([&](SandboxStore &store) {
            SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            for (const SandboxKpi &kpi : account.kpis)
                if (group.isEmpty() && !kpi.groupIds.isEmpty())
                    group = kpi.groupIds.constFirst();
            for (const SandboxGroup &g : account.groups)
                if (other.isEmpty() && g.id != group)
                    other = g.id;
        });
        const int kpisBefore = stateOf(*sandbox, group, other).kpis;
        QProcess child;
        child.setProcessEnvironment(environment(baseUrl));
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QStringLiteral(OUTBOX_CHILD),
                    {baseUrl.toString(), QString(SandboxGenerator::demoAccountId), group, other,
                     undo ? u"remove-undo"_s : u"remove"_s});
        QByteArray seen;
        QVERIFY2(waitForLine(child, "ready", seen), seen.constData());
        child.write("go\n");
        QVERIFY2(waitForLine(child, undo ? "undone" : "journaled", seen), seen.constData());
        child.kill(); // well inside the five seconds of the undo window
        QVERIFY(child.waitForFinished());
        QVERIFY(sandbox->changesReceived().isEmpty()); // nothing was sent by the run killed

        const QStringList journals = outboxDir().entryList({u"*.json"_s}, QDir::Files);
        QCOMPARE(journals.size(), 1);
        Outbox journal(outboxDir().filePath(journals.constFirst()));
        journal.load();
        QCOMPARE(journal.countOf(OutboxChange::Kind::RemoveKpi), undo ? 0 : 1);

        QProcess app;
        app.setProcessEnvironment(environment(baseUrl));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(KPIGROUPS_APP), {});
        QVERIFY(app.waitForStarted());
        if (!undo) {
            QVERIFY(QTest::qWaitFor(
                [&] { return stateOf(*sandbox, group, other).kpis == kpisBefore - 1; }, 30000));
        }
        QTest::qWait(2000); // and nothing more comes
        const QStringList received = sandbox->changesReceived();
        QCOMPARE(received.size(), undo ? 0 : 1);
        if (!undo) {
            QVERIFY(received.constFirst().startsWith(u"DELETE /kpis/"_s));
            QVERIFY(received.constFirst().endsWith(u"/groups/"_s + group));
        }
        QCOMPARE(stateOf(*sandbox, group, other).kpis, undo ? kpisBefore : kpisBefore - 1);
        app.kill();
        app.waitForFinished();
    }

private Q_SLOTS:
    // A move whose add reached the server but whose answer was lost, and the run killed: the
    // next run finds the KPI in the group (the add is not sent again) and takes it out of the
    // other, once.
    void finishesAMoveAKilledRunLeftHalfDone()
    {
        QVERIFY(m_home.isValid());
        QDir(m_home.path()).removeRecursively();
        auto sandbox = std::make_unique<SandboxThread>();
        QVERIFY(sandbox->start());
        const QUrl baseUrl = sandbox->baseUrl();
        // A group with KPIs, and one none of them is in.
        QString from;
        QString to;
        sandbox->withStore([&](SandboxStore &store) {
            SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            for (const SandboxKpi &kpi : account.kpis)
                if (from.isEmpty() && !kpi.groupIds.isEmpty())
                    from = kpi.groupIds.constFirst();
            QSet<QString> near;
            for (const SandboxKpi &kpi : account.kpis)
                if (kpi.groupIds.contains(from))
                    for (const QString &id : kpi.groupIds)
                        near.insert(id);
            for (const SandboxGroup &group : account.groups)
                if (to.isEmpty() && !near.contains(group.id))
                    to = group.id;
        });
        QVERIFY(!from.isEmpty() && !to.isEmpty());
        const auto kpisIn = [&](const QString &groupId) {
            QStringList ids;
            sandbox->withStore([&](SandboxStore &store) {
                for (const SandboxKpi &kpi : store.account(SandboxGenerator::demoAccountId)->kpis)
                    if (kpi.groupIds.contains(groupId))
                        ids.append(kpi.id);
            });
            return ids;
        };
        const QStringList before = kpisIn(from);
        const QStringList toBefore = kpisIn(to);
        const auto added = [&] {
            QStringList ids = kpisIn(to);
            ids.removeIf([&](const QString &id) { return toBefore.contains(id); });
            return ids;
        };

        QProcess child;
        child.setProcessEnvironment(environment(baseUrl));
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(
            QStringLiteral(OUTBOX_CHILD),
            {baseUrl.toString(), QString(SandboxGenerator::demoAccountId), from, to, u"move"_s});
        QByteArray seen;
        QVERIFY2(waitForLine(child, "ready", seen), seen.constData());
        // The add is carried out and its answer lost; finding out fails too.
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        sandbox->faults().add(lost, -1, u"^PUT /kpis/"_s);
        SandboxFaults::Fault drop;
        drop.kind = SandboxFaults::Kind::Drop;
        sandbox->faults().add(drop, -1, u"^GET /kpis$"_s);
        child.write("go\n");
        QVERIFY2(waitForLine(child, "move waiting", seen), seen.constData());
        child.kill();
        QVERIFY(child.waitForFinished());
        QCOMPARE(added().size(), 1); // added: the run killed did not hear it
        const QString moved = added().constFirst();
        QVERIFY(kpisIn(from).contains(moved));

        const QStringList journals = outboxDir().entryList({u"*.json"_s}, QDir::Files);
        QCOMPARE(journals.size(), 1);
        Outbox journal(outboxDir().filePath(journals.constFirst()));
        journal.load();
        QCOMPARE(journal.countOf(OutboxChange::Kind::MoveKpi), 1);

        sandbox->faults().clear();
        const QStringList sentBefore = sandbox->changesReceived();
        QProcess app;
        app.setProcessEnvironment(environment(baseUrl));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(KPIGROUPS_APP), {});
        QVERIFY(app.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return !kpisIn(from).contains(moved); }, 30000));
        QTest::qWait(1000); // and nothing more comes
        QCOMPARE(sandbox->changesReceived().mid(sentBefore.size()),
                 QStringList{u"DELETE /kpis/%1/groups/%2"_s.arg(moved, from)});
        QCOMPARE(added(), QStringList{moved});
        QCOMPARE(kpisIn(from).size(), before.size() - 1);
        app.kill();
        app.waitForFinished();
    }

    void keepsADraftTypedBeforeTheRunWasKilled()
    {
        QVERIFY(m_home.isValid());
        QDir(m_home.path()).removeRecursively();
        auto sandbox = std::make_unique<SandboxThread>();
        QVERIFY(sandbox->start());
        const QUrl baseUrl = sandbox->baseUrl();
        QString group;
        QString other;
        QString name;
        sandbox->withStore([&](SandboxStore &store) {
            SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            for (const SandboxKpi &kpi : account.kpis)
                if (group.isEmpty() && !kpi.groupIds.isEmpty())
                    group = kpi.groupIds.constFirst();
            for (const SandboxGroup &g : account.groups) {
                if (other.isEmpty() && g.id != group)
                    other = g.id;
                if (g.id == group)
                    name = g.name;
            }
        });
        const QStringList arguments = {baseUrl.toString(), QString(SandboxGenerator::demoAccountId),
                                       group, other};
        QProcess child;
        child.setProcessEnvironment(environment(baseUrl));
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QStringLiteral(OUTBOX_CHILD), arguments + QStringList{u"draft"_s});
        QByteArray seen;
        QVERIFY2(waitForLine(child, "ready", seen), seen.constData());
        child.write("go\n");
        QVERIFY2(waitForLine(child, "typed", seen), seen.constData());
        child.kill(); // two seconds after the typing, without Enter
        QVERIFY(child.waitForFinished());

        QProcess next;
        next.setProcessEnvironment(environment(baseUrl));
        next.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        next.start(QStringLiteral(OUTBOX_CHILD), arguments);
        seen.clear();
        const QString told = u"informed 1 unsaved name in “%1”."_s.arg(name);
        QVERIFY2(waitForLine(next, told.toUtf8(), seen), seen.constData());
        next.kill();
        next.waitForFinished();
        QVERIFY(sandbox->changesReceived().isEmpty()); // a draft is not a change
    }

    void sendsARemovalKilledInItsUndoWindow() { removalInItsUndoWindow(false); }
    void sendsNoRemovalUndoneBeforeTheRunWasKilled() { removalInItsUndoWindow(true); }
};

QTEST_GUILESS_MAIN(TestOutboxProcess)
#include "tst_outboxprocess.moc"

// The durable outbox's journal: what a person did survives a restart or a crash, and changes
// that cancel out are merged before they are sent.
#include "journalfile.h"
#include "outbox.h"
#include "peerchanges.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString group1 = u"aaaaaaaaaaaaaaaaaaaaaa01"_s;
const QString group2 = u"aaaaaaaaaaaaaaaaaaaaaa02"_s;
const QString kpi1 = u"ffffffffffffffffffffff01"_s;

OutboxChange change(OutboxChange::Kind kind, const QString &groupId = group1,
                    const QString &name = {})
{
    OutboxChange c;
    c.kind = kind;
    c.groupId = groupId;
    c.name = GroupName::from(name).value_or(GroupName());
    c.groupName = u"Before"_s; // the name before a rename
    return c;
}

QList<OutboxChange::Kind> kindsOf(const Outbox &outbox)
{
    QList<OutboxChange::Kind> kinds;
    for (const OutboxChange &c : outbox.changes())
        kinds.append(c.kind);
    return kinds;
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString file() const { return Outbox::fileFor(u"https://x/api|acct"_s, m_dir.path()); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void survivesARestartInOrder()
    {
        using Kind = OutboxChange::Kind;
        {
            Outbox outbox(file());
            QCOMPARE(outbox.load(), Outbox::Loaded::Nothing);
            outbox.add(change(Kind::Rename, group1, u"Brand\n“Q3”"_s));
            outbox.add(change(Kind::Star, group2));
            OutboxChange create = change(Kind::Create, {}, u"Déjà vu"_s);
            outbox.add(create);
            OutboxChange removal = change(Kind::RemoveKpi, group1);
            removal.kpiId = kpi1;
            const quint64 removed = outbox.add(removal);
            outbox.markSent(removed);
            outbox.setLastError(removed, u"The server took too long to answer."_s);
            outbox.waitForWrites();
        } // as a crash would, but for the last write
        Outbox again(file());
        QSignalSpy changed(&again, &Outbox::changed);
        QCOMPARE(again.load(), Outbox::Loaded::Changes);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(kindsOf(again),
                 (QList<Kind>{Kind::Rename, Kind::Star, Kind::Create, Kind::RemoveKpi}));
        QCOMPARE(again.changes().at(0).name.text(), u"Brand\n“Q3”"_s);
        QCOMPARE(again.changes().at(2).name.text(), u"Déjà vu"_s);
        QCOMPARE(again.changes().at(3).kpiId, kpi1);
        QVERIFY(again.changes().at(3).sent); // outcome unknown: found out before sending again
        QCOMPARE(again.changes().at(3).lastError, u"The server took too long to answer."_s);
        // Whether any left before the end is not known for sure: all are found out first.
        QVERIFY(again.changes().at(0).sent);
        QVERIFY(again.changes().at(0).madeAt.isValid());
        // New changes go after the old ones.
        QCOMPARE(again.add(change(Kind::Delete, group2)), quint64(5));
    }

    void keepsAddsAndMovesThroughARestart()
    {
        using Kind = OutboxChange::Kind;
        {
            Outbox outbox(file());
            QCOMPARE(outbox.load(), Outbox::Loaded::Nothing);
            OutboxChange add = change(Kind::AddKpi, group2);
            add.kpiId = kpi1;
            add.kpiName = u"Revenue"_s;
            add.groupName = u"Sales"_s;
            outbox.add(add);
            OutboxChange move = change(Kind::MoveKpi, group1);
            move.kpiId = kpi1;
            move.kpiName = u"Revenue"_s;
            move.toGroupId = group2;
            move.toGroupName = u"Sales"_s;
            const quint64 moved = outbox.add(move);
            OutboxChange second = move;
            second.kpiId = u"65b2f1d3f5c1b2c3d4e5f6a8"_s;
            const quint64 half = outbox.add(second);
            outbox.completeMoveAdd(half); // its add answered: the removal is left
            QCOMPARE(outbox.countOf(Kind::MoveKpi), 1);
            QCOMPARE(outbox.countOf(Kind::RemoveKpi), 1);
            QCOMPARE(outbox.change(moved)->kind, Kind::MoveKpi);
            outbox.waitForWrites();
        }
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QByteArray text = journal.readAll();
        QVERIFY(text.contains("\"kind\":\"addKpi\""));
        QVERIFY(text.contains("\"kind\":\"moveKpi\""));
        QVERIFY(text.contains(QByteArray("\"toGroupId\":\"" + group2.toUtf8() + '"')));
        Outbox again(file());
        QCOMPARE(again.load(), Outbox::Loaded::Changes);
        QCOMPARE(kindsOf(again), (QList<Kind>{Kind::AddKpi, Kind::MoveKpi, Kind::RemoveKpi}));
        const OutboxChange &move = again.changes().at(1);
        QCOMPARE(move.groupId, group1);
        QCOMPARE(move.toGroupId, group2);
        QCOMPARE(move.toGroupName, u"Sales"_s);
        QCOMPARE(move.kpiName, u"Revenue"_s);
        QCOMPARE(again.changes().at(2).toGroupId, group2); // what is left of a move
        QVERIFY(move.sent);
    }

    void takesBackAnAddOrAMoveThatHasNotLeft()
    {
        using Kind = OutboxChange::Kind;
        Outbox outbox;
        OutboxChange add = change(Kind::AddKpi, group2);
        add.kpiId = kpi1;
        QVERIFY(outbox.add(add) != 0);
        OutboxChange takeBack = change(Kind::RemoveKpi, group2);
        takeBack.kpiId = kpi1;
        QCOMPARE(outbox.add(takeBack), quint64(0));
        QVERIFY(outbox.isEmpty());

        OutboxChange move = change(Kind::MoveKpi, group1);
        move.kpiId = kpi1;
        move.toGroupId = group2;
        const quint64 there = outbox.add(move);
        OutboxChange back = change(Kind::MoveKpi, group2);
        back.kpiId = kpi1;
        back.toGroupId = group1;
        QCOMPARE(outbox.add(back), quint64(0));
        QVERIFY(outbox.isEmpty());

        // Once on its way, taking it back is a change of its own.
        QVERIFY((there != 0));
        const quint64 again = outbox.add(move);
        outbox.markSent(again);
        QVERIFY(outbox.add(back) != 0);
        QCOMPARE(outbox.size(), 2);
    }

    void keepsNoTokenAndOnlyForItsOwner()
    {
        Outbox outbox(file());
        outbox.add(change(OutboxChange::Kind::Star));
        outbox.waitForWrites();
        QFile journal(file());
        QVERIFY(journal.exists());
        QCOMPARE(journal.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QByteArray bytes = journal.readAll();
        QVERIFY(!bytes.contains("token"));
        QVERIFY(!bytes.contains("Bearer"));
    }

    void mergesChangesThatCancelOut()
    {
        using Kind = OutboxChange::Kind;
        Outbox outbox(file());
        QVERIFY(outbox.add(change(Kind::Star)) != 0);
        QCOMPARE(outbox.add(change(Kind::Unstar)), quint64(0)); // star then unstar: nothing
        QVERIFY(outbox.isEmpty());
        outbox.add(change(Kind::Rename, group1, u"One"_s));
        outbox.add(change(Kind::Rename, group1, u"Two"_s));
        QCOMPARE(outbox.changes().size(), 1);
        QCOMPARE(outbox.changes().at(0).name.text(), u"Two"_s); // the last name
        outbox.add(change(Kind::Rename, group1, u"Before"_s));  // named back: nothing
        QVERIFY(outbox.isEmpty());
        outbox.add(change(Kind::Rename, group1, u"Two"_s));
        outbox.add(change(Kind::Star, group2));
        // A delete takes nothing with it: refused or discarded, the rename is still to be sent.
        outbox.add(change(Kind::Delete, group1));
        QCOMPARE(kindsOf(outbox), (QList<Kind>{Kind::Rename, Kind::Star, Kind::Delete}));
    }

    void neverMergesAwayWhatWasSent()
    {
        using Kind = OutboxChange::Kind;
        Outbox outbox(file());
        const quint64 star = outbox.add(change(Kind::Star));
        outbox.markSent(star); // on its way: the server may have it
        QVERIFY(outbox.add(change(Kind::Unstar)) != 0);
        QCOMPARE(kindsOf(outbox), (QList<Kind>{Kind::Star, Kind::Unstar}));
        outbox.remove(star);
        QCOMPARE(kindsOf(outbox), QList<Kind>{Kind::Unstar});
    }

    void setsADamagedJournalAside()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        for (const QByteArray &damage :
             {QByteArray("{\"version\":1,\"changes\":[{\"id\":\"1\",\"kind\":\"st"),
              QByteArray("\x00\xff garbage", 10), QByteArray("{\"version\":99,\"changes\":[]}")}) {
            QFile::remove(file() + u".damaged"_s);
            QFile journal(file());
            QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
            journal.write(damage);
            journal.close();
            Outbox outbox(file());
            QCOMPARE(outbox.load(), Outbox::Loaded::Damaged);
            QVERIFY(outbox.isEmpty());
            QVERIFY(!QFile::exists(file()));
            QCOMPARE(outbox.setAsideFiles(), QStringList{file() + u".damaged"_s});
            QFile aside(file() + u".damaged"_s);
            QVERIFY(aside.open(QIODevice::ReadOnly));
            QCOMPARE(aside.readAll(), damage); // kept for a person to look at
        }
    }

    void keepsEveryDamagedJournalItSetAside()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QStringList asides;
        for (const QByteArray &damage :
             {QByteArray("{\"version\":1,\"chan"), QByteArray("{\"ver"), QByteArray("[1,2")}) {
            QFile journal(file());
            QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
            journal.write(damage);
            journal.close();
            Outbox outbox(file());
            QCOMPARE(outbox.load(), Outbox::Loaded::Damaged);
            QCOMPARE(outbox.setAsideFiles().size(), 1);
            asides.append(outbox.setAsideFiles().constFirst());
            QFile aside(asides.constLast());
            QVERIFY(aside.open(QIODevice::ReadOnly));
            QCOMPARE(aside.readAll(), damage);
        }
        QCOMPARE(asides.constFirst(), file() + u".damaged"_s);
        QCOMPARE(QSet<QString>(asides.begin(), asides.end()).size(), 3); // none written over
        for (const QString &aside : std::as_const(asides))
            QVERIFY2(QFile::exists(aside), qPrintable(aside));
    }

    void setsAsideOnlyTheChangesItCannotRead()
    {
        using Kind = OutboxChange::Kind;
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
        // A journal from a newer version: one change of a kind this one does not know.
        journal.write(
            R"({"version":1,"changes":[)"
            R"({"id":"1","kind":"star","groupId":"aaaaaaaaaaaaaaaaaaaaaa01"},)"
            R"({"id":"2","kind":"teleport","groupId":"aaaaaaaaaaaaaaaaaaaaaa02"},)"
            R"({"id":"x","kind":"star"},)"
            R"({"id":"4","kind":"rename","groupId":"aaaaaaaaaaaaaaaaaaaaaa02","name":"B"}]})");
        journal.close();
        Outbox outbox(file());
        QCOMPARE(outbox.load(), Outbox::Loaded::Changes);
        QCOMPARE(kindsOf(outbox), (QList<Kind>{Kind::Star, Kind::Rename}));
        QCOMPARE(outbox.changes().at(1).name.text(), u"B"_s);
        QCOMPARE(outbox.setAsideFiles(), QStringList{file() + u".damaged"_s});
        QFile aside(file() + u".damaged"_s);
        QVERIFY(aside.open(QIODevice::ReadOnly));
        const QByteArray kept = aside.readAll();
        QVERIFY(kept.contains("teleport"));
        QVERIFY(kept.contains("\"x\""));
        QVERIFY(!kept.contains("rename"));
    }

    void neverWritesThroughALink()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QTemporaryDir elsewhere;
        const QString outside = elsewhere.filePath(u"outside.json"_s);
        QVERIFY(QFile::link(outside, file())); // dangling
        {
            Outbox outbox(file());
            QSignalSpy failed(&outbox, &Outbox::writeFailed);
            outbox.add(change(OutboxChange::Kind::Star));
            outbox.waitForWrites();
            QCoreApplication::processEvents();
            QCOMPARE(failed.size(), 0);
        }
        QVERIFY(!QFile::exists(outside)); // nothing made where the link pointed
        QVERIFY(!QFileInfo(file()).isSymLink());
        Outbox reread(file());
        QCOMPARE(reread.load(), Outbox::Loaded::Changes);
        QCOMPARE(reread.changes().size(), 1);

        // A journal that is a link to a file elsewhere is not read from there either.
        QFile target(outside);
        QVERIFY(target.open(QIODevice::WriteOnly));
        target.write(R"({"version":1,"changes":[{"id":"1","kind":"delete","groupId":"g"}]})");
        target.close();
        QVERIFY(QFile::remove(file()));
        QVERIFY(QFile::link(outside, file()));
        Outbox linked(file());
        QCOMPARE(linked.load(), Outbox::Loaded::Damaged);
        QVERIFY(linked.isEmpty());
        QVERIFY(QFile::exists(outside)); // left as it was
    }

    void keepsTheJournalWhenTheDiskIsFull()
    {
        // A real full disk: a small tmpfs (root only).
        QTemporaryDir mountPoint;
        QProcess mount;
        mount.start(u"mount"_s,
                    {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=200k"_s, u"tmpfs"_s, mountPoint.path()});
        if (!mount.waitForFinished(10000) || mount.exitCode() != 0)
            QSKIP("A small tmpfs could not be mounted (needs root): the full disk is not tried.");
        const auto unmount = qScopeGuard([&] {
            QProcess::execute(u"umount"_s, {u"-l"_s, mountPoint.path()});
        });
        using Kind = OutboxChange::Kind;
        const QString journalFile = Outbox::fileFor(u"https://x/api|acct"_s, mountPoint.path());
        QByteArray good;
        int renamed = 0;
        {
            Outbox outbox(journalFile);
            QSignalSpy ready(&outbox, &Outbox::ready);
            outbox.take();
            QVERIFY(ready.wait());
            QSignalSpy failed(&outbox, &Outbox::writeFailed);
            QSignalSpy recovered(&outbox, &Outbox::writeRecovered);
            outbox.add(change(Kind::Star, group1));
            outbox.add(change(Kind::Star, group2));
            outbox.waitForWrites();
            QCoreApplication::processEvents();
            QVERIFY(outbox.keepsChangesOnDisk());
            QFile journal(journalFile);
            QVERIFY(journal.open(QIODevice::ReadOnly));
            good = journal.readAll();
            journal.close();
            QVERIFY(good.contains(group2.toLatin1()));

            QFile filler(mountPoint.filePath(u"filler"_s));
            QVERIFY(filler.open(QIODevice::WriteOnly));
            const QByteArray block(4096, 'x');
            while (filler.write(block) == block.size() && filler.flush()) {
            }
            filler.close();

            // Changes until one cannot be written (the first may still fit in the journal's last
            // block): the journal is then what the last write that succeeded left, whole.
            while (failed.isEmpty() && renamed < 40) {
                QVERIFY(journal.open(QIODevice::ReadOnly));
                good = journal.readAll();
                journal.close();
                ++renamed;
                outbox.add(change(Kind::Rename,
                                  u"aaaaaaaaaaaaaaaaaaaaa"_s + QString::number(100 + renamed),
                                  QString(3000, u'n')));
                outbox.waitForWrites();
                QCoreApplication::processEvents();
            }
            QCOMPARE(failed.size(), 1);
            QVERIFY(!outbox.diskProblem().isEmpty());
            QVERIFY(!outbox.keepsChangesOnDisk());
            QCOMPARE(outbox.changes().size(), 2 + renamed); // kept in memory
            QVERIFY(journal.open(QIODevice::ReadOnly));
            const QByteArray after = journal.readAll();
            QCOMPARE(after, good); // as the last write left it, nothing half
            journal.close();
            {
                QFile copy(m_dir.filePath(u"copy.json"_s));
                QVERIFY(copy.open(QIODevice::WriteOnly));
                copy.write(good);
                copy.close();
                Outbox before(copy.fileName());
                QCOMPARE(before.load(), Outbox::Loaded::Changes);
                QCOMPARE(before.changes().size(), 2 + renamed - 1);
            }

            QVERIFY(filler.remove());
            outbox.add(change(Kind::Unstar, group1));
            QVERIFY(recovered.wait());
            QVERIFY(outbox.keepsChangesOnDisk());
        }
        Outbox reread(journalFile);
        QCOMPARE(reread.load(), Outbox::Loaded::Changes);
        // The star of group 1 and its unstar cancel out.
        QCOMPARE(reread.changes().size(), 1 + renamed);
    }

    void appendsALinePerChange()
    {
        using Kind = OutboxChange::Kind;
        Outbox outbox(file());
        for (int i = 0; i < 300; ++i)
            outbox.add(change(Kind::Star, u"aaaaaaaaaaaaaaaaaaa"_s + QString::number(10000 + i)));
        outbox.waitForWrites();
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QByteArray before = journal.readAll();
        journal.close();
        QVERIFY(before.startsWith("{\"version\":2}\n"));
        const quint64 renamed = outbox.add(change(Kind::Rename, group1, u"Once"_s));
        outbox.waitForWrites();
        outbox.remove(outbox.changes().first().id);
        outbox.waitForWrites();
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QByteArray after = journal.readAll();
        journal.close();
        // What was there is left as it was: a line for the rename, a line for what left.
        QVERIFY(after.startsWith(before));
        const QList<QByteArray> added = after.mid(before.size()).split('\n');
        QCOMPARE(added.size(), 3); // two lines and what follows the last newline
        QVERIFY(added.at(0).startsWith("{\"put\":{"));
        QVERIFY(added.at(0).contains(QByteArray("\"id\":\"" + QByteArray::number(renamed) + '"')));
        QCOMPARE(added.at(1), QByteArray("{\"remove\":\"1\"}"));
        QCOMPARE(added.at(2), QByteArray());
        Outbox reread(file());
        QCOMPARE(reread.load(), Outbox::Loaded::Changes);
        QCOMPARE(reread.changes().size(), 300);
        QCOMPARE(reread.changes().at(298).groupId, u"aaaaaaaaaaaaaaaaaaa10299"_s);
        QCOMPARE(reread.changes().at(299).name.text(), u"Once"_s);
    }

    void compactsWhenItsLinesOutgrowWhatWaits()
    {
        using Kind = OutboxChange::Kind;
        Outbox outbox(file());
        QList<quint64> ids;
        for (int i = 0; i < 1000; ++i)
            ids.append(outbox.add(
                change(Kind::Star, u"aaaaaaaaaaaaaaaaaaa"_s + QString::number(10000 + i))));
        outbox.waitForWrites();
        const qint64 whole = QFileInfo(file()).size();
        qint64 largest = whole;
        for (int round = 0; round < 3; ++round) {
            for (quint64 id : std::as_const(ids)) {
                outbox.setLastError(id, u"The server took too long to answer (%1)."_s.arg(round));
                outbox.waitForWrites();
                largest = std::max(largest, QFileInfo(file()).size());
            }
        }
        // Three times what waits was appended (700 KB, as each change took an error); the
        // journal stayed within twice what waits (which grew to about 1.4 times the first).
        QVERIFY2(largest <= 3 * whole, qPrintable(u"%1 > 3 × %2"_s.arg(largest).arg(whole)));
        Outbox reread(file());
        QCOMPARE(reread.load(), Outbox::Loaded::Changes);
        QCOMPARE(reread.changes().size(), 1000);
        QCOMPARE(reread.changes().at(999).lastError, u"The server took too long to answer (2)."_s);
        // Everything answered: the journal is its first line again.
        for (quint64 id : std::as_const(ids))
            outbox.remove(id);
        outbox.waitForWrites();
        QCOMPARE(QFileInfo(file()).size(), qint64(strlen("{\"version\":2}\n")));
    }

    void readsPastAWriteThatWasCutOff()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
        // The lines of a journal; the last cut off, as a write that was never said done.
        const QList<QByteArray> written = {
            "{\"version\":2}",
            "{\"put\":{\"id\":\"1\",\"kind\":\"star\",\"groupId\":\"aaaaaaaaaaaaaaaaaaaaaa01\"}}",
            "{\"put\":{\"id\":\"2\",\"kind\":\"teleport\",\"groupId\":\"x\"}}",
            "{\"put\":{\"id\":\"3\",\"kind\":\"rename\",\"groupId\":\"aaaaaaaaaaaaaaaaaaaaaa02\","
            "\"name\":\"B\"}}",
            "{\"remove\":\"3\"}",
            "{\"draft\":\"aaaaaaaaaaaaaaaaaaaaaa02\",\"name\":\"Typed\"}",
            "{\"put\":{\"id\":\"4\",\"kind\":\"delete\",\"gro"};
        journal.write(written.join('\n'));
        journal.close();
        Outbox outbox(file());
        QCOMPARE(outbox.load(), Outbox::Loaded::Changes);
        QCOMPARE(kindsOf(outbox), QList<OutboxChange::Kind>{OutboxChange::Kind::Star});
        QCOMPARE(outbox.drafts().value(u"aaaaaaaaaaaaaaaaaaaaaa02"_s), u"Typed"_s);
        // The change of an unknown kind is set aside alone; the unfinished line is not.
        QCOMPARE(outbox.setAsideFiles(), QStringList{file() + u".damaged"_s});
        QFile aside(file() + u".damaged"_s);
        QVERIFY(aside.open(QIODevice::ReadOnly));
        const QByteArray kept = aside.readAll();
        QVERIFY(kept.contains("teleport"));
        QVERIFY(!kept.contains("\"delete\""));
    }

    void emptiesWhenEverythingIsAnswered()
    {
        Outbox outbox(file());
        const quint64 id = outbox.add(change(OutboxChange::Kind::Delete));
        outbox.remove(id);
        outbox.waitForWrites();
        Outbox again(file());
        QCOMPARE(again.load(), Outbox::Loaded::Nothing);
    }

    void takesItsJournalAndWhatEndedRunsLeft()
    {
        using Kind = OutboxChange::Kind;
        // A run that ended with two windows of this connection open: two journals.
        {
            Outbox first(file());
            first.add(change(Kind::Rename, group1, u"One"_s));
            first.waitForWrites();
            Outbox second(file().chopped(5) + u".1.json"_s);
            second.add(change(Kind::Star, group2));
            second.waitForWrites();
        }
        Outbox outbox(file());
        QSignalSpy ready(&outbox, &Outbox::ready);
        outbox.take();
        QVERIFY(!outbox.isReady());
        // Made while the journals are read: after what earlier runs left.
        outbox.add(change(Kind::Delete, group1));
        QVERIFY(ready.wait());
        QCOMPARE(ready.at(0).at(0).value<Outbox::Loaded>(), Outbox::Loaded::Changes);
        QCOMPARE(outbox.fromEarlierRuns(), 2);
        QCOMPARE(kindsOf(outbox), (QList<Kind>{Kind::Rename, Kind::Star, Kind::Delete}));
        QCOMPARE(outbox.file(), file());
        QVERIFY(!QFile::exists(file().chopped(5) + u".1.json"_s)); // taken over
        outbox.waitForWrites();
        Outbox reread(file());
        QCOMPARE(reread.load(), Outbox::Loaded::Changes);
        QCOMPARE(kindsOf(reread), (QList<Kind>{Kind::Rename, Kind::Star, Kind::Delete}));
    }

    void aSecondWindowKeepsAJournalOfItsOwn()
    {
        using Kind = OutboxChange::Kind;
        auto first = std::make_unique<Outbox>(file());
        QSignalSpy firstReady(first.get(), &Outbox::ready);
        first->take();
        QVERIFY(firstReady.wait());
        first->add(change(Kind::Star, group1));

        auto second = std::make_unique<Outbox>(file());
        QSignalSpy secondReady(second.get(), &Outbox::ready);
        second->take();
        QVERIFY(secondReady.wait());
        QVERIFY(second->file() != first->file()); // not the journal the first one writes
        QVERIFY(second->isEmpty());               // nor its changes, sent by the first
        second->add(change(Kind::Rename, group2, u"Two"_s));
        second->waitForWrites();
        second.reset(); // quits with its rename unsent

        // The next start while the first still runs takes what the second left.
        Outbox third(file());
        QSignalSpy thirdReady(&third, &Outbox::ready);
        third.take();
        QVERIFY(thirdReady.wait());
        QCOMPARE(kindsOf(third), QList<Kind>{Kind::Rename});
        QCOMPARE(first->changes().size(), 1);
    }

    void takesOverWhatAnotherWindowLeftWhileItRuns()
    {
        using Kind = OutboxChange::Kind;
        Outbox first(file());
        QSignalSpy firstReady(&first, &Outbox::ready);
        first.take();
        QVERIFY(firstReady.wait());
        first.add(change(Kind::Star, group1));
        auto second = std::make_unique<Outbox>(file());
        QSignalSpy secondReady(second.get(), &Outbox::ready);
        second->take();
        QVERIFY(secondReady.wait());
        second->add(change(Kind::Rename, group2, u"Two"_s));
        second->waitForWrites();
        const QString secondFile = second->file();

        QSignalSpy tookOver(&first, &Outbox::tookOver);
        first.takeOver(); // the second still runs: nothing to take
        QVERIFY(!tookOver.wait(300));
        second.reset();
        first.takeOver();
        QVERIFY(tookOver.wait());
        QCOMPARE(tookOver.at(0).at(0).toInt(), 1);
        QCOMPARE(kindsOf(first), (QList<Kind>{Kind::Star, Kind::Rename}));
        first.waitForWrites();
        QVERIFY(!QFile::exists(secondFile));
        Outbox reread(first.file());
        QCOMPARE(reread.load(), Outbox::Loaded::Changes);
        QCOMPARE(kindsOf(reread), (QList<Kind>{Kind::Star, Kind::Rename}));
    }

    void setsADamagedJournalAsideWhenTakingIt()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
        journal.write("{\"version\":1,\"chan");
        journal.close();
        Outbox outbox(file());
        QSignalSpy ready(&outbox, &Outbox::ready);
        outbox.take();
        QVERIFY(ready.wait());
        QCOMPARE(ready.at(0).at(0).value<Outbox::Loaded>(), Outbox::Loaded::Damaged);
        QVERIFY(QFile::exists(file() + u".damaged"_s));
        outbox.add(change(OutboxChange::Kind::Star)); // and it goes on, with a new journal
        outbox.waitForWrites();
        QVERIFY(QFile::exists(file()));
    }

    void saysWhenItCannotWrite()
    {
        // Where its folder should be, a file: no one, not even root, can write there.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"outbox"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Outbox outbox(dir.filePath(u"outbox/journal.json"_s));
        QSignalSpy failed(&outbox, &Outbox::writeFailed);
        outbox.add(change(OutboxChange::Kind::Star));
        QVERIFY(failed.wait());
        QVERIFY(failed.at(0).at(0).toString().contains(u"could not be made"_s));
        QCOMPARE(outbox.changes().size(), 1); // still there, in memory
    }

    void everyWindowOfAConnectionHasAJournal()
    {
        using Kind = OutboxChange::Kind;
        std::vector<std::unique_ptr<Outbox>> windows;
        QSet<QString> files;
        for (int i = 0; i < 12; ++i) {
            auto outbox = std::make_unique<Outbox>(file());
            QSignalSpy ready(outbox.get(), &Outbox::ready);
            outbox->take();
            QVERIFY(ready.wait());
            QVERIFY2(outbox->keepsChangesOnDisk(), qPrintable(outbox->diskProblem()));
            files.insert(outbox->file());
            outbox->add(change(Kind::Rename, u"aaaaaaaaaaaaaaaaaaaaaa"_s + QString::number(10 + i),
                               u"Name %1"_s.arg(i)));
            outbox->waitForWrites();
            windows.push_back(std::move(outbox));
        }
        QCOMPARE(files.size(), 12);
        windows.clear(); // all quit with their changes unsent
        Outbox next(file());
        QSignalSpy ready(&next, &Outbox::ready);
        next.take();
        QVERIFY(ready.wait());
        QCOMPARE(next.changes().size(), 12); // the ninth and after included
        QCOMPARE(next.fromEarlierRuns(), 12);
    }

    void saysBeforeTheFirstChangeWhenNoJournalCanBeHad()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"outbox"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Outbox outbox(dir.filePath(u"outbox/journal.json"_s));
        QSignalSpy ready(&outbox, &Outbox::ready);
        QSignalSpy failed(&outbox, &Outbox::writeFailed);
        outbox.take();
        QVERIFY(ready.wait());
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains(u"could not be made"_s));
        QVERIFY(!outbox.keepsChangesOnDisk());
        QCOMPARE(outbox.diskProblem(), failed.at(0).at(0).toString());
    }

    void keepsDraftsWithTheChanges()
    {
        {
            Outbox outbox(file());
            QSignalSpy drafts(&outbox, &Outbox::draftsChanged);
            outbox.setDraft(group1, u"Typed, “not” saved"_s);
            outbox.setDraft(group2, u"Other"_s);
            outbox.setDraft(group2, {}); // saved or reverted: no draft
            QCOMPARE(drafts.size(), 3);
            QCOMPARE(outbox.drafts().size(), 1);
            // Written a moment after the typing stops.
            QTest::qWait(int(Outbox::draftWriteDelay.count()) + 300);
            QFile journal(file());
            QVERIFY(journal.open(QIODevice::ReadOnly));
            QVERIFY(journal.readAll().contains("not"));
        }
        Outbox again(file());
        QCOMPARE(again.load(), Outbox::Loaded::Nothing); // no change: drafts are not sent
        QCOMPARE(again.drafts(), (QHash<QString, QString>{{group1, u"Typed, “not” saved"_s}}));

        // The drafts of a run that ended join those of the next, which take() reports.
        Outbox other(file().chopped(5) + u".1.json"_s);
        other.setDraft(group2, u"From another window"_s);
        other.waitForWrites();
        Outbox next(file());
        QSignalSpy ready(&next, &Outbox::ready);
        next.take();
        QVERIFY(ready.wait());
        QCOMPARE(next.draftsFromEarlierRuns().size(), 2);
        QCOMPARE(next.drafts().value(group2), u"From another window"_s);
    }

    // Another window's journal is read as it is written, and never set aside by a reader: it is
    // that window's; a line it is still appending is left out.
    void readsWhatAnotherWindowWaitsToSendWithoutTouchingIt()
    {
        Outbox own(file());
        QSignalSpy ready(&own, &Outbox::ready);
        own.take();
        QVERIFY(ready.wait());
        PeerChanges peers;
        QSignalSpy arrived(&peers, &PeerChanges::arrived);
        QSignalSpy settled(&peers, &PeerChanges::settled);
        peers.watch(own.firstFile(), own.file());

        Outbox other(file().chopped(5) + u".1.json"_s);
        other.add(change(OutboxChange::Kind::Rename, group1, u"Elsewhere"_s));
        OutboxChange removal = change(OutboxChange::Kind::RemoveKpi, group2);
        removal.kpiId = u"bbbbbbbbbbbbbbbbbbbbbb01"_s;
        other.add(removal); // the KPIs' are not shown in other windows
        other.waitForWrites();
        QVERIFY(arrived.wait());
        QCOMPARE(arrived.size(), 1);
        const auto changes = arrived.at(0).at(0).value<QList<OutboxChange>>();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.at(0).name.text(), u"Elsewhere"_s);
        QCOMPARE(peers.waiting().size(), 1);
        QVERIFY(own.isEmpty());

        // Half a line being appended, then a damaged file: read as far as it goes, left alone.
        const QString path = other.file();
        {
            QFile journal(path);
            QVERIFY(journal.open(QIODevice::Append));
            QVERIFY(journal.write("{\"put\":{\"id\":\"9\",\"kind\":\"ren") > 0);
        }
        QVERIFY(!JournalFile::peekJournal(path)->waiting.isEmpty());
        {
            QFile journal(path);
            QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QVERIFY(journal.write("\x01 not a journal") > 0);
        }
        QVERIFY(!JournalFile::peekJournal(path));
        QVERIFY(QFile::exists(path));
        QVERIFY(!QFile::exists(path + u".damaged"_s));
        // A journal that is a link is not followed, wherever it points.
        const QString link = file().chopped(5) + u".2.json"_s;
        QVERIFY(JournalFile::peekJournal(own.file()));
        QVERIFY(QFile::link(own.file(), link));
        QVERIFY(!JournalFile::peekJournal(link));

        other.remove(other.changes().first().id); // answered
        other.waitForWrites();
        QVERIFY(settled.wait());
        QVERIFY(peers.waiting().isEmpty());
        QCOMPARE(arrived.size(), 1);
    }

    // Many at once in another window: the last thousand are shown, then the list is read again.
    void followsAnotherWindowsBulkChangeOnlyInPart()
    {
        Outbox own(file());
        QSignalSpy ready(&own, &Outbox::ready);
        own.take();
        QVERIFY(ready.wait());
        Outbox other(file().chopped(5) + u".1.json"_s);
        for (int i = 0; i < 1500; ++i)
            other.add(change(OutboxChange::Kind::Star,
                             u"aaaaaaaaaaaaaaaaaa%1"_s.arg(i, 6, 10, QChar(u'0'))));
        other.waitForWrites();
        PeerChanges peers;
        QSignalSpy arrived(&peers, &PeerChanges::arrived);
        QSignalSpy settled(&peers, &PeerChanges::settled);
        peers.watch(own.firstFile(), own.file()); // one reading of all 1,500
        QVERIFY(settled.wait());
        QCOMPARE(arrived.size(), 1);
        const auto changes = arrived.at(0).at(0).value<QList<OutboxChange>>();
        QCOMPARE(changes.size(), 1000);
        QCOMPARE(changes.constLast().groupId, u"aaaaaaaaaaaaaaaaaa001499"_s);
        QCOMPARE(peers.waiting().size(), 1000);
    }

    void setsAsideAJournalLargerThanItWrites()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
        // Valid, but 100 MB: not read (a whole document of it took the app to 1.2 GB).
        journal.write(
            R"({"version":1,"changes":[{"id":"1","kind":"rename","groupId":"g","name":")");
        const QByteArray block(1024 * 1024, 'n');
        for (int i = 0; i < 100; ++i)
            QCOMPARE(journal.write(block), block.size());
        journal.write(R"("}]})");
        const qint64 size = journal.size();
        journal.close();
        Outbox outbox(file());
        QCOMPARE(outbox.load(), Outbox::Loaded::Damaged);
        QVERIFY(outbox.isEmpty());
        QCOMPARE(outbox.setAsideFiles(), QStringList{file() + u".damaged"_s});
        QCOMPARE(QFileInfo(file() + u".damaged"_s).size(), size); // kept whole, unread
    }

    void keepsNoNameThatCannotBeOne()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
        journal.write(
            R"({"version":1,"changes":[)"
            R"({"id":"1","kind":"rename","groupId":"g","groupName":"Before","name":"  "},)"
            R"({"id":"2","kind":"create","name":")" +
            QByteArray(300, 'x') + R"("}]})");
        journal.close();
        Outbox outbox(file());
        QCOMPARE(outbox.load(), Outbox::Loaded::Changes);
        QCOMPARE(outbox.changes().size(), 2); // kept: each is refused, visibly, when sent
        QVERIFY(outbox.changes().at(0).name.isNull());
        QCOMPARE(outbox.changes().at(0).groupName, u"Before"_s);
        QVERIFY(outbox.changes().at(1).name.isNull());
        // The create is named by the start of the text it had.
        QVERIFY(outbox.changes().at(1).groupName.startsWith(u"xxxxxxxxxx"_s));
        QVERIFY(outbox.changes().at(1).groupName.endsWith(u'…'));
        QVERIFY(outbox.changes().at(1).groupName.size() < 300);
    }

    void capsTheTextsItReads()
    {
        QVERIFY(QDir().mkpath(QFileInfo(file()).absolutePath()));
        QFile journal(file());
        QVERIFY(journal.open(QIODevice::WriteOnly | QIODevice::Truncate));
        journal.write(
            R"({"version":1,"changes":[{"id":"1","kind":"rename","groupId":"g","name":")" +
            QByteArray(1024 * 1024, 'n') + R"(","lastError":"x"}],"drafts":{"g":")" +
            QByteArray(1024 * 1024, 'd') + R"("}})");
        journal.close();
        Outbox outbox(file());
        QCOMPARE(outbox.load(), Outbox::Loaded::Changes);
        // Read cut to 4,096 characters, which cannot be a name: none, refused when sent.
        QVERIFY(outbox.changes().first().name.isNull());
        QCOMPARE(outbox.changes().first().lastError, u"x"_s);
        QCOMPARE(outbox.drafts().value(u"g"_s).size(), 10000);
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"

// The outbox's sender against a loopback sandbox that refuses, goes down and comes back on the
// same port: what waits is kept and sent once, in order, and nothing is sent twice blindly.
#include "changesender.h"
#include "kpigroupsclient.h"
#include "outbox.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Fixture;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

OutboxChange change(OutboxChange::Kind kind, const QString &groupId = {}, const QString &name = {})
{
    OutboxChange c;
    c.kind = kind;
    c.groupId = groupId;
    c.name = GroupName::from(name).value_or(GroupName());
    return c;
}

} // namespace

class TestChangeSender : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<KpiGroupsClient> m_client;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<ChangeSender> m_sender;
    quint16 m_port = 0;

    SandboxAccount &account() { return *m_store->account(accountA); }
    bool starred(int n) { return m_store->isFavorite(account(), userA1, groupId(n)); }
    int groupsNamed(const QString &name)
    {
        return int(std::count_if(account().groups.begin(), account().groups.end(),
                                 [&](const SandboxGroup &group) { return group.name == name; }));
    }
    void stopServer() { m_server.reset(); }
    bool startServerAgain()
    {
        m_server = std::make_unique<SandboxServer>(m_store.get());
        return m_server->listenOnLoopback(m_port);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(startSandbox(m_store, m_server));
        m_port = m_server->port();
        m_client = clientFor(*m_server);
        m_outbox = std::make_unique<Outbox>();
        m_sender = std::make_unique<ChangeSender>(m_client.get(), m_outbox.get());
        m_sender->setBackoff(50ms, 200ms);
    }
    void cleanup()
    {
        m_sender.reset();
        m_outbox.reset();
        m_client.reset();
        m_server.reset();
        m_store.reset();
    }

    void sendsAndForgetsWhatTheServerConfirms()
    {
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        m_sender->add(change(OutboxChange::Kind::Star, groupId(1)));
        m_sender->add(change(OutboxChange::Kind::Rename, groupId(3), u"Growth"_s));
        m_sender->add(change(OutboxChange::Kind::Create, {}, u"Q3 Plans"_s));
        QVERIFY(QTest::qWaitFor([&] { return confirmed.size() == 3; }));
        QVERIFY(m_outbox->isEmpty());
        QVERIFY(starred(1));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Growth"_s);
        QCOMPARE(groupsNamed(u"Q3 Plans"_s), 1);
        // The create's answer is the new group.
        for (const QList<QVariant> &signal : confirmed) {
            if (signal.at(0).value<OutboxChange>().kind == OutboxChange::Kind::Create)
                QCOMPARE(signal.at(1).value<KpiGroup>().name, u"Q3 Plans"_s);
        }
    }

    void sendsTheChangesOfAGroupInOrder()
    {
        m_server->faults().setLatency(100);
        const quint64 first = m_sender->add(change(OutboxChange::Kind::Star, groupId(1)));
        QVERIFY(QTest::qWaitFor([&] { return m_sender->isInFlight(first); }));
        // On its way: the unstar cannot merge with it, and waits for its answer.
        m_sender->add(change(OutboxChange::Kind::Unstar, groupId(1)));
        m_sender->add(change(OutboxChange::Kind::Star, groupId(2))); // another group: side by side
        QCOMPARE(m_outbox->changes().size(), 3);
        QTest::qWait(50);
        QCOMPARE(m_client->pendingCount(), 2);
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }));
        QVERIFY(!starred(1));
        QVERIFY(starred(2));
    }

    QStringList groupsOfKpi(int n)
    {
        return account().kpis.at(account().kpiIndex.value(kpiId(n))).groupIds;
    }
    static OutboxChange kpiChange(OutboxChange::Kind kind, int kpi, int group, int toGroup = 0)
    {
        OutboxChange c = change(kind, groupId(group));
        c.kpiId = kpiId(kpi);
        if (toGroup > 0)
            c.toGroupId = groupId(toGroup);
        return c;
    }

    void movesAKpiByAddingItThenTakingItOut()
    {
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        m_sender->add(kpiChange(OutboxChange::Kind::MoveKpi, 2, 1, 3));
        m_sender->add(kpiChange(OutboxChange::Kind::AddKpi, 3, 4));
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }));
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(3)});
        QCOMPARE(groupsOfKpi(3), QStringList{groupId(4)});
        QCOMPARE(m_server->changesReceived(),
                 (QStringList{
                     u"PUT /kpis/fffffffffffffffffffffff2/groups/000000000000000000000003"_s,
                     u"PUT /kpis/fffffffffffffffffffffff3/groups/000000000000000000000004"_s,
                     u"DELETE /kpis/fffffffffffffffffffffff2/groups/000000000000000000000001"_s}));
        // The move is confirmed once, as the removal its add became.
        QCOMPARE(confirmed.size(), 2);
        QCOMPARE(confirmed.at(0).at(0).value<OutboxChange>().kind, OutboxChange::Kind::AddKpi);
        QCOMPARE(confirmed.at(1).at(0).value<OutboxChange>().kind, OutboxChange::Kind::RemoveKpi);
        QCOMPARE(confirmed.at(1).at(0).value<OutboxChange>().toGroupId, groupId(3));
    }

    void neverRemovesWhenTheMovesAddIsRefused_data()
    {
        QTest::addColumn<int>("refusal");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::newRow("without the add, 404") << 404 << ApiError::Kind::Unsupported;
        QTest::newRow("without the add, 405") << 405 << ApiError::Kind::Unsupported;
        QTest::newRow("refused, 403") << 403 << ApiError::Kind::Forbidden;
    }
    void neverRemovesWhenTheMovesAddIsRefused()
    {
        QFETCH(int, refusal);
        QFETCH(ApiError::Kind, kind);
        if (refusal == 403)
            m_server->faults().failNext(403, 1);
        else
            m_server->setKpiAddingRefusal(refusal);
        QSignalSpy refused(m_sender.get(), &ChangeSender::refused);
        m_sender->add(kpiChange(OutboxChange::Kind::MoveKpi, 2, 1, 3));
        QVERIFY(refused.wait(5000));
        QCOMPARE(refused.at(0).at(0).value<OutboxChange>().kind, OutboxChange::Kind::MoveKpi);
        QCOMPARE(refused.at(0).at(1).value<ApiError>().kind, kind);
        QVERIFY(m_outbox->isEmpty());
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(1)});
        for (const QString &sent : m_server->changesReceived())
            QVERIFY2(!sent.startsWith(u"DELETE"_s), qPrintable(sent));
        QCOMPARE(m_client->offersKpiAdding(), kind != ApiError::Kind::Unsupported);
    }

    // The add's answer lost: the KPI read back in its group counts as done, and the removal
    // follows; nothing is sent twice.
    void reconcilesAMoveWhoseAddLostItsAnswer()
    {
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^PUT /kpis/"_s);
        m_sender->add(kpiChange(OutboxChange::Kind::MoveKpi, 1, 1, 4));
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }));
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(2), groupId(4)}));
        QCOMPARE(m_server->changesReceived(),
                 (QStringList{
                     u"PUT /kpis/fffffffffffffffffffffff1/groups/000000000000000000000004"_s,
                     u"DELETE /kpis/fffffffffffffffffffffff1/groups/000000000000000000000001"_s}));
    }

    void keepsWhatWaitsThroughAnOutage()
    {
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        QSignalSpy resumed(m_sender.get(), &ChangeSender::resumed);
        QSignalSpy refused(m_sender.get(), &ChangeSender::refused);
        stopServer();
        m_sender->add(change(OutboxChange::Kind::Star, groupId(1)));
        m_sender->add(change(OutboxChange::Kind::Rename, groupId(3), u"Growth"_s));
        QVERIFY(waiting.wait(10000));
        QVERIFY(m_sender->isWaiting());
        QCOMPARE(waiting.at(0).at(1).value<ApiError>().kind, ApiError::Kind::Network);
        QVERIFY(QTest::qWaitFor([&] { return !m_sender->hasInFlight(); }));
        QCOMPARE(m_outbox->changes().size(), 2);
        for (const OutboxChange &waits : m_outbox->changes())
            QVERIFY(!waits.lastError.isEmpty());
        // Tried again after a pause, and again.
        QVERIFY(QTest::qWaitFor([&] { return waiting.size() >= 2; }, 10000));

        QVERIFY(startServerAgain());
        QVERIFY(resumed.wait(10000));
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }, 10000));
        QVERIFY(starred(1));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Growth"_s);
        QCOMPARE(refused.size(), 0);
        QVERIFY(!m_sender->isWaiting());
    }

    void keepsWhatWaitsThroughServerErrors()
    {
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        m_server->faults().failNext(503, 4); // the client's own tries, then one of the sender's
        m_sender->add(change(OutboxChange::Kind::Delete, groupId(4)));
        QVERIFY(waiting.wait(10000));
        QCOMPARE(waiting.at(0).at(1).value<ApiError>().kind, ApiError::Kind::Server);
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }, 10000));
        QVERIFY(!m_store->group(account(), groupId(4)));
    }

    void endsWhatTheServerRefuses()
    {
        QSignalSpy refused(m_sender.get(), &ChangeSender::refused);
        m_server->faults().failNext(403, 1, u"^PATCH"_s);
        m_sender->add(change(OutboxChange::Kind::Rename, groupId(3), u"Growth"_s));
        m_sender->add(change(OutboxChange::Kind::Star, groupId(3))); // after it, still sent
        QVERIFY(refused.wait());
        QCOMPARE(refused.at(0).at(1).value<ApiError>().httpStatus, 403);
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Marketing"_s);
        QVERIFY(starred(3));
    }

    void endsWhatTheServerAnswersWithAnotherError()
    {
        QSignalSpy refused(m_sender.get(), &ChangeSender::refused);
        m_server->faults().failNext(409, 1, u"^PATCH"_s);
        m_sender->add(change(OutboxChange::Kind::Rename, groupId(3), u"Growth"_s));
        QVERIFY(refused.wait()); // not tried for ever
        QCOMPARE(refused.at(0).at(1).value<ApiError>().httpStatus, 409);
        QVERIFY(m_outbox->isEmpty());
    }

    void pausesOnceForChangesThatFailTogether()
    {
        stopServer();
        m_sender->setBackoff(1000ms, 8000ms);
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        for (int n = 1; n <= 4; ++n)
            m_sender->add(change(OutboxChange::Kind::Star, groupId(n)));
        QVERIFY(QTest::qWaitFor([&] { return waiting.size() == 4; }, 10000));
        // Four failures of one outage: the first pause, not the fourth.
        const qint64 pause = QDateTime::currentDateTimeUtc().msecsTo(m_sender->nextTry());
        QVERIFY2(pause <= 1000, qPrintable(QString::number(pause)));
    }

    void oneGroupFailingForEverHoldsBackNoOther()
    {
        m_sender->setBackoff(200ms, 1000ms);
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        // The star of group 1 fails on the server's side, every time.
        m_server->faults().failNext(500, -1, u"^PUT /kpis/groups/%1/favorite"_s.arg(groupId(1)));
        m_sender->add(change(OutboxChange::Kind::Star, groupId(1)));
        m_sender->add(change(OutboxChange::Kind::Rename, groupId(1), u"After the star"_s));
        QVERIFY(waiting.wait(10000));
        QCOMPARE(waiting.at(0).at(0).value<OutboxChange>().groupId, groupId(1));
        // Changes to other groups made after it failed go at once, and keep going.
        for (int n = 2; n <= 6; ++n)
            m_sender->add(change(OutboxChange::Kind::Star, groupId(n)));
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (int n = 2; n <= 6; ++n)
                    if (!starred(n))
                        return false;
                return true;
            },
            3000));
        QVERIFY(!m_sender->isWaiting()); // nothing paused but group 1
        QTest::qWait(1500);
        QCOMPARE(m_outbox->changes().size(), 2); // the star of group 1, and its rename after it
        const OutboxChange stuck = m_outbox->changes().first();
        QCOMPARE(stuck.groupId, groupId(1));
        QVERIFY(stuck.lastError.contains(u"500"_s));
        QVERIFY(m_sender->nextTryOf(stuck).isValid() || m_sender->isInFlight(stuck.id));
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Sales EMEA"_s); // in order
        // Tried again after a growing pause of its own (200, 400, 800 ms…), not in a loop.
        QVERIFY2(waiting.size() >= 2 && waiting.size() <= 6,
                 qPrintable(QString::number(waiting.size())));
    }

    void waitsForTheTokenToBePutRight()
    {
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        m_client->setConnection({m_server->baseUrl(), accountA, u"wrong"_s});
        m_sender->add(change(OutboxChange::Kind::Star, groupId(1)));
        QVERIFY(waiting.wait());
        QCOMPARE(waiting.at(0).at(1).value<ApiError>().kind, ApiError::Kind::Unauthorized);
        QVERIFY(!m_sender->nextTry().isValid()); // no tries by itself: the person must act
        QTest::qWait(300);
        QCOMPARE(waiting.size(), 1);
        m_client->setConnection({m_server->baseUrl(), accountA, tokenA1});
        m_sender->sendNow();
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }));
        QVERIFY(starred(1));
    }

    void findsACreateThatLandedBeforeSendingItAgain()
    {
        // An earlier run sent it, the server made the group, and the answer never came.
        const QDateTime triedAt = QDateTime::currentDateTimeUtc().addSecs(-30);
        m_store->addGroup(accountA, {u"cccccccccccccccccccccc01"_s, u"Q3 Plans"_s, userA1, userA1,
                                     triedAt.addSecs(1).toMSecsSinceEpoch(),
                                     triedAt.addSecs(1).toMSecsSinceEpoch()});
        OutboxChange create = change(OutboxChange::Kind::Create, {}, u"Q3 Plans"_s);
        create.sent = true;
        create.madeAt = triedAt;
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        m_sender->add(create);
        QVERIFY(confirmed.wait());
        QCOMPARE(confirmed.at(0).at(1).value<KpiGroup>().id, u"cccccccccccccccccccccc01"_s);
        QCOMPARE(groupsNamed(u"Q3 Plans"_s), 1);

        // Not there: it did not land, and is sent now, once.
        OutboxChange other = change(OutboxChange::Kind::Create, {}, u"Q4 Plans"_s);
        other.sent = true;
        other.madeAt = triedAt;
        m_sender->add(other);
        QVERIFY(confirmed.wait());
        QCOMPARE(groupsNamed(u"Q4 Plans"_s), 1);
    }

    void findsARenameThatLandedBeforeSendingItAgain()
    {
        // An earlier run sent it, the server renamed the group, and the answer never came.
        QVERIFY(!m_store->renameGroup(account(), userA1, groupId(2), u"Sales APAC"_s).isError());
        OutboxChange landed = change(OutboxChange::Kind::Rename, groupId(2), u"Sales APAC"_s);
        landed.sent = true;
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        m_sender->add(landed);
        QVERIFY(confirmed.wait());
        QCOMPARE(m_server->changesReceived(), QStringList());

        // The group still has its old name: it did not land, and is sent now, once.
        OutboxChange lost = change(OutboxChange::Kind::Rename, groupId(3), u"Sales LATAM"_s);
        lost.sent = true;
        m_sender->add(lost);
        QVERIFY(confirmed.wait());
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Sales LATAM"_s);
        QCOMPARE(m_server->changesReceived(), QStringList{u"PATCH /kpis/groups/"_s + groupId(3)});
        QVERIFY(m_outbox->isEmpty());
    }

    void findsOutALostCreateBeforeSendingItAgain()
    {
        // Carried out and never answered, and the server then too broken to say whether.
        m_server->faults().add({SandboxFaults::Kind::Lost, 0, 1, {}, 0}, 1, u"^POST"_s);
        m_server->faults().failNext(503, -1, u"^GET"_s);
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        m_sender->add(change(OutboxChange::Kind::Create, {}, u"Q3 Plans"_s));
        QVERIFY(waiting.wait(10000));
        QCOMPARE(waiting.at(0).at(1).value<ApiError>().kind, ApiError::Kind::OutcomeUnknown);
        QVERIFY(m_outbox->changes().at(0).sent);
        QCOMPARE(groupsNamed(u"Q3 Plans"_s), 1); // it was made
        m_server->faults().clear();
        m_sender->sendNow();
        QVERIFY(confirmed.wait());
        QCOMPARE(groupsNamed(u"Q3 Plans"_s), 1); // found, not made again
        QCOMPARE(m_server->changesReceived().count(u"POST /kpis/groups"_s), 1);
        QVERIFY(m_outbox->isEmpty());
    }

    // A server that ignores the filter and the sort answers the lookup with other groups: the
    // create, carried out and never answered, is found in the list, not sent again.
    void sendsALostCreateOnceToAServerThatIgnoresTheFilter()
    {
        for (int i = 1; i <= 30; ++i) // more than one lookup of 20 holds
            m_store->addGroup(accountA,
                              {u"cc%1"_s.arg(i, 22, 10, QLatin1Char('0')), u"Old %1"_s.arg(i),
                               userA1, userA1, date(1, 1), date(1, 1)});
        SandboxServer::Paging ignoring;
        ignoring.ignoreFilter = true;
        m_server->setPaging(ignoring);
        m_server->faults().add({SandboxFaults::Kind::Lost, 0, 1, {}, 0}, 1, u"^POST"_s);
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        m_sender->add(change(OutboxChange::Kind::Create, {}, u"Q3 Plans"_s));
        QVERIFY(confirmed.wait(10000));
        QCOMPARE(confirmed.at(0).at(1).value<KpiGroup>().id, account().groups.constLast().id);
        QTest::qWait(200); // two pauses of the sender: nothing more goes out
        QCOMPARE(groupsNamed(u"Q3 Plans"_s), 1);
        QCOMPARE(m_server->changesReceived(), QStringList{u"POST /kpis/groups"_s});
        QVERIFY(m_outbox->isEmpty());
    }

    // When the server's list cannot show whether it was made, it waits; it is never sent again.
    void keepsALostCreateWaitingWhileNoAnswerShowsWhetherItWasMade()
    {
        for (int i = 1; i <= 30; ++i)
            m_store->addGroup(accountA,
                              {u"cc%1"_s.arg(i, 22, 10, QLatin1Char('0')), u"Old %1"_s.arg(i),
                               userA1, userA1, date(1, 1), date(1, 1)});
        SandboxServer::Paging oneByOne;
        oneByOne.ignoreFilter = true;
        oneByOne.silentCap = 1; // twenty pages of one: never the whole list
        m_server->setPaging(oneByOne);
        m_server->faults().add({SandboxFaults::Kind::Lost, 0, 1, {}, 0}, 1, u"^POST"_s);
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        QSignalSpy refused(m_sender.get(), &ChangeSender::refused);
        m_sender->add(change(OutboxChange::Kind::Create, {}, u"Q3 Plans"_s));
        QVERIFY(QTest::qWaitFor([&] { return waiting.size() == 2; }, 20000)); // tried again
        for (const QList<QVariant> &signal : std::as_const(waiting))
            QCOMPARE(signal.at(1).value<ApiError>().kind, ApiError::Kind::OutcomeUnknown);
        QCOMPARE(refused.size(), 0);
        QCOMPARE(m_outbox->changes().size(), 1);
        QVERIFY(m_outbox->changes().at(0).lastError.contains(u"it may have been"_s));
        QCOMPARE(groupsNamed(u"Q3 Plans"_s), 1);
        QCOMPARE(m_server->changesReceived(), QStringList{u"POST /kpis/groups"_s});
    }

    void takesNothingLeftAfterAnEarlierTryAsDone()
    {
        OutboxChange remove = change(OutboxChange::Kind::Delete, groupId(4));
        m_store->deleteGroup(account(), groupId(4)); // the earlier try did it
        remove.sent = true;
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        QSignalSpy refused(m_sender.get(), &ChangeSender::refused);
        m_sender->add(remove);
        QVERIFY(confirmed.wait());
        QCOMPARE(refused.size(), 0);

        // Never sent: someone else deleted it, and the person is told.
        m_sender->add(change(OutboxChange::Kind::Star, groupId(4)));
        QVERIFY(refused.wait());
        QCOMPARE(refused.at(0).at(1).value<ApiError>().kind, ApiError::Kind::NotFound);
    }

    void sendsOnlyWhatTheJournalHolds()
    {
        QTemporaryDir dir;
        Outbox journaled(Outbox::fileFor(u"key"_s, dir.path()));
        ChangeSender sender(m_client.get(), &journaled);
        QSignalSpy confirmed(&sender, &ChangeSender::confirmed);
        // When the journal first reaches the disk, it holds the star, and nothing has left yet.
        int requestsWhenWritten = -1;
        QByteArray journal;
        connect(&journaled, &Outbox::written, this, [&] {
            if (requestsWhenWritten >= 0)
                return;
            requestsWhenWritten = m_client->pendingCount() + m_server->requestCount();
            QFile file(journaled.file());
            if (file.open(QIODevice::ReadOnly))
                journal = file.readAll();
        });
        const quint64 id = sender.add(change(OutboxChange::Kind::Star, groupId(1)));
        QVERIFY(!journaled.isWritten(id));
        const int before = m_server->requestCount();
        QVERIFY(confirmed.wait());
        QCOMPARE(requestsWhenWritten, before);
        QVERIFY(journal.contains("\"star\""));
        QVERIFY(journal.contains(groupId(1).toLatin1()));
        QVERIFY(starred(1));
    }

    void letsThePersonDiscardWhatWaits()
    {
        stopServer();
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        const quint64 star = m_sender->add(change(OutboxChange::Kind::Star, groupId(1)));
        const quint64 rename =
            m_sender->add(change(OutboxChange::Kind::Rename, groupId(2), u"X"_s));
        QVERIFY(waiting.wait(10000));
        QVERIFY(QTest::qWaitFor([&] { return !m_sender->hasInFlight(); }));
        QVERIFY(m_sender->discard(rename));
        QCOMPARE(m_outbox->changes().size(), 1);
        QVERIFY(startServerAgain());
        m_sender->sendNow();
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }, 10000));
        QVERIFY(starred(1));
        QCOMPARE(m_store->group(account(), groupId(2))->name, u"sales APAC"_s);
        Q_UNUSED(star);
    }

    void discardsATryOnItsWay()
    {
        m_server->faults().setLatency(3000); // the try is on its way for a while
        QSignalSpy confirmed(m_sender.get(), &ChangeSender::confirmed);
        QSignalSpy waiting(m_sender.get(), &ChangeSender::waiting);
        QSignalSpy idle(m_sender.get(), &ChangeSender::idle);
        const quint64 star = m_sender->add(change(OutboxChange::Kind::Star, groupId(1)));
        QVERIFY(QTest::qWaitFor([&] { return m_sender->isInFlight(star); }));
        QVERIFY(m_sender->discard(star)); // the person's word is the last
        QVERIFY(m_outbox->isEmpty());
        QVERIFY(!m_sender->hasInFlight());
        QCOMPARE(idle.size(), 1);
        QTest::qWait(300);
        QCOMPARE(confirmed.size(), 0);
        QCOMPARE(waiting.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestChangeSender)
#include "tst_changesender.moc"

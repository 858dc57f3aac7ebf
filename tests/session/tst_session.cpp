// One connection's life without any widget: opening, loading, refreshing, leaving.
#include "connectionsettings.h"
#include "groupcache.h"
#include "groupnames.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Fixture;

// How each call of a client ends: the names a listing of people brought, or a failure.
class CallEnds : public QObject
{
    Q_OBJECT

public:
    explicit CallEnds(KpiGroupsClient *client)
    {
        connect(client, &KpiGroupsClient::callStarted, this, [this](ApiCall *call) {
            if (auto *users = qobject_cast<UserNamesCall *>(call))
                connect(users, &ApiCall::succeeded, this,
                        [this, users] { Q_EMIT namesListed(users->names()); });
            connect(call, &ApiCall::failed, this, &CallEnds::failed);
        });
    }

Q_SIGNALS:
    void namesListed(const QHash<QString, QString> &names);
    void failed(const ApiError &error);
};

class TestSession : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;
    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;

    SandboxAccount &account() { return *m_store->account(accountA); }
    SavedConnection place() const { return {m_server->baseUrl(), accountA}; }

    static std::unique_ptr<Session> sessionOn(const SandboxServer &server,
                                              const QString &account = accountA,
                                              const QString &token = tokenA1)
    {
        auto session = std::make_unique<Session>(Connection{server.baseUrl(), account, token});
        session->client()->setRetryPolicy(quickRetries());
        return session;
    }
    static bool openAndLoad(Session &session)
    {
        QSignalSpy finished(&session, &Session::loadingFinished);
        session.open();
        return finished.wait();
    }
    static bool waitForKpisOf(Session &session, const QString &groupId)
    {
        session.showGroup(groupId);
        return QTest::qWaitFor(
            [&] { return session.kpis()->groupId() == groupId && !session.kpis()->isLoading(); });
    }

    // Two windows of one connection: their sessions, journals in `journals`, both read.
    struct TwoWindows
    {
        std::unique_ptr<Session> first;
        std::unique_ptr<Session> second;
    };
    TwoWindows twoWindowsOpen(const QTemporaryDir &journals)
    {
        TwoWindows windows{sessionOn(*m_server), sessionOn(*m_server)};
        for (Session *session : {windows.first.get(), windows.second.get()}) {
            session->keepOutbox(journals.path());
            if (!openAndLoad(*session))
                return {};
        }
        if (!QTest::qWaitFor([&] {
                return windows.first->outbox()->isReady() && windows.second->outbox()->isReady();
            }))
            return {};
        return windows;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(u"KPI Groups Tests"_s);
        QCoreApplication::setApplicationName(u"tst_session"_s);
    }
    void init()
    {
        QSettings().clear();
        QVERIFY(Fixture::startSandbox(m_store, m_server));
    }
    void cleanup()
    {
        m_server.reset();
        m_store.reset();
    }

    // The groups a KPI is in, named: from the list, else asked for once, without waiting.
    void groupNamesAskOnlyForWhatTheListLacks()
    {
        auto client = Fixture::clientFor(*m_server);
        GroupListModel list;
        QAbstractItemModelTester tester(&list);
        list.setGroups({{.id = groupId(1), .name = u"Sales EMEA"_s}});
        GroupNames names(client.get(), &list);
        QSignalSpy answered(&names, &GroupNames::answered);
        const QString gone = u"dddddddddddddddddddddddd"_s;
        GroupNames::Lookup lookup = names.lookUp({groupId(1), groupId(3), gone});
        QCOMPARE(lookup.named, (QList<std::pair<QString, QString>>{{groupId(1), u"Sales EMEA"_s}}));
        QVERIFY(lookup.loading);
        QVERIFY(answered.wait());
        QCOMPARE(
            m_server->requestsReceived().filter(u"GET /kpis/groups"_s),
            (QStringList{u"GET /kpis/groups?filter={\"id\":{\"$in\":[\"000000000000000000000003\","
                         "\"dddddddddddddddddddddddd\"]}}&take=2"_s,
                         u"GET /kpis/groups/dddddddddddddddddddddddd"_s}));
        // In the order of the names; a group the server does not have is left out.
        lookup = names.lookUp({groupId(3), gone, groupId(1)});
        QCOMPARE(lookup.named, (QList<std::pair<QString, QString>>{{groupId(3), u"Marketing"_s},
                                                                   {groupId(1), u"Sales EMEA"_s}}));
        QVERIFY(!lookup.loading);
        QCOMPARE(lookup.problem, QString());
        QCOMPARE(m_server->requestsReceived().filter(u"GET /kpis/groups"_s).size(), 2); // known
    }

    // The outbox: what the server has not taken stays shown and is sent when it can be.
    void aRefreshKeepsWhatWaitsOnScreen()
    {
        auto session = sessionOn(*m_server);
        session->sender()->setBackoff(5s, 5s);
        QAbstractItemModelTester tester(session->groups(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndLoad(*session));
        m_server->faults().failNext(503, -1, u"^(PATCH|PUT|DELETE)"_s);
        QSignalSpy waiting(session->sender(), &ChangeSender::waiting);
        session->renameGroup(groupId(1), u"Renamed"_s);
        session->setFavorite(groupId(3), true);
        session->deleteGroup(groupId(4));
        QVERIFY(QTest::qWaitFor([&] { return waiting.size() >= 1; }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return !session->sender()->hasInFlight(); }));
        QCOMPARE(session->outbox()->changes().size(), 3);
        QVERIFY(session->groups()->isWaiting(groupId(1)));

        QSignalSpy finished(session.get(), &Session::loadingFinished);
        session->refresh();
        QVERIFY(finished.wait());
        // The server's list has none of the three; the list shown has all of them.
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Sales EMEA"_s);
        QCOMPARE(session->groups()->group(groupId(1))->name, u"Renamed"_s);
        QVERIFY(session->groups()->group(groupId(3))->favorite);
        QVERIFY(!session->groups()->group(groupId(4)));
        QCOMPARE(session->groups()->rowCount(), 5);

        m_server->faults().clear();
        session->sendNow();
        QVERIFY(QTest::qWaitFor([&] { return session->outbox()->isEmpty(); }, 10000));
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Renamed"_s);
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(3)));
        QVERIFY(!m_store->group(account(), groupId(4)));
        QVERIFY(!session->groups()->isWaiting(groupId(1)));
    }

    // The groups changes wait for are marked the moment the sending pauses, and unmarked the
    // moment it resumes, however many there are: not a slice of them a turn.
    void marksEveryWaitingGroupTheMomentTheSendingPausesOrResumes()
    {
        for (int i = 1; i <= 600; ++i)
            m_store->addGroup(accountA,
                              {u"ee%1"_s.arg(i, 22, 10, QLatin1Char('0')), u"More %1"_s.arg(i),
                               userA1, userA1, date(1, 1), date(1, 1)});
        auto session = sessionOn(*m_server);
        session->sender()->setBackoff(200ms, 200ms);
        QVERIFY(openAndLoad(*session));
        const GroupListModel *groups = session->groups();
        QStringList ids;
        for (int row = 0; row < groups->rowCount(); ++row)
            if (!groups->groupAt(row).favorite)
                ids.append(groups->groupAt(row).id);
        QVERIFY(ids.size() > 600); // more than the 500 a turn they were marked in
        const auto marked = [&] {
            return std::count_if(ids.cbegin(), ids.cend(), [&](const QString &id) {
                return groups->index(groups->rowOf(id)).data(GroupListModel::WaitingRole).toBool();
            });
        };
        QList<qsizetype> markedWhenPaused;
        QList<qsizetype> markedWhenResumed;
        connect(session->sender(), &ChangeSender::waiting, this, [&] {
            if (session->sender()->isWaiting())
                markedWhenPaused.append(marked());
        });
        connect(session->sender(), &ChangeSender::resumed, this,
                [&] { markedWhenResumed.append(marked()); });
        m_server->faults().add({.kind = SandboxFaults::Kind::Drop}, -1);
        session->setFavorites(ids, true);
        QVERIFY(QTest::qWaitFor([&] { return !markedWhenPaused.isEmpty(); }, 10000));
        QCOMPARE(markedWhenPaused.constFirst(), ids.size());
        m_server->faults().clear();
        session->sendNow();
        QVERIFY(QTest::qWaitFor([&] { return !markedWhenResumed.isEmpty(); }, 10000));
        // Only those whose last try failed, as far as they have not been tried again.
        QVERIFY2(markedWhenResumed.constFirst() <= ChangeSender::maxInFlight,
                 qPrintable(QString::number(markedWhenResumed.constFirst())));
        QVERIFY(QTest::qWaitFor([&] { return session->outbox()->isEmpty(); }, 30000));
        QCOMPARE(marked(), 0);
    }

    void letsGoOfAGroupDeletedElsewhereWhileItsRenameWaits()
    {
        auto session = sessionOn(*m_server);
        session->sender()->setBackoff(5s, 5s);
        QVERIFY(openAndLoad(*session));
        m_server->faults().failNext(503, -1, u"^PATCH"_s);
        QSignalSpy waiting(session->sender(), &ChangeSender::waiting);
        session->renameGroup(groupId(2), u"Asia"_s);
        QVERIFY(waiting.wait(10000));
        m_store->deleteGroup(account(), groupId(2)); // by someone else
        m_server->faults().clear();
        QSignalSpy informed(session.get(), &Session::informed);
        QSignalSpy refused(session.get(), &Session::renameRefused);
        session->sendNow();
        QVERIFY(informed.wait());
        QCOMPARE(informed.at(0).at(0).toString(),
                 u"“sales APAC” is gone: someone else deleted it."_s);
        QVERIFY(!session->groups()->group(groupId(2)));
        QVERIFY(session->outbox()->isEmpty());
        QCOMPARE(refused.size(), 0);
    }

    void goesOfflineAndComesBack()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        const quint16 port = m_server->port();
        QSignalSpy offline(session.get(), &Session::offlineChanged);
        m_server.reset(); // the server is gone
        session->setFavorite(groupId(1), true);
        QVERIFY(offline.wait(10000));
        QCOMPARE(offline.at(0).at(0).toBool(), true);
        QVERIFY(session->isOffline());
        QVERIFY(session->listTime().isValid());
        QSignalSpy failed(session.get(), &Session::failed);
        session->refresh(); // works from what it has, and says nothing more than "offline"
        QVERIFY(QTest::qWaitFor([&] { return !session->isLoading(); }, 10000));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(session->groups()->rowCount(), 6);
        QVERIFY(session->groups()->group(groupId(1))->favorite);

        // Back where it was: the star goes first, then the list is read again.
        m_server = std::make_unique<SandboxServer>(m_store.get());
        QVERIFY(m_server->listenOnLoopback(port));
        QSignalSpy finished(session.get(), &Session::loadingFinished);
        QVERIFY(QTest::qWaitFor([&] { return !session->isOffline(); }, 15000));
        QVERIFY(QTest::qWaitFor([&] { return session->outbox()->isEmpty(); }, 10000));
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(1)));
        QVERIFY(finished.wait(10000));
        QCOMPARE(offline.last().at(0).toBool(), false);
    }

    void probesWhenNothingWaits()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        const quint16 port = m_server->port();
        QSignalSpy offline(session.get(), &Session::offlineChanged);
        m_server.reset();
        session->refresh();
        QVERIFY(offline.wait(10000));
        m_server = std::make_unique<SandboxServer>(m_store.get());
        QVERIFY(m_server->listenOnLoopback(port));
        QSignalSpy finished(session.get(), &Session::loadingFinished);
        QVERIFY(finished.wait(15000)); // found again by its probe, then read again
        QVERIFY(!session->isOffline());
    }

    void sendsWhatAnEarlierRunLeftFirst()
    {
        QTemporaryDir journals;
        const quint16 port = m_server->port();
        {
            auto first = sessionOn(*m_server);
            first->keepOutbox(journals.path());
            QVERIFY(openAndLoad(*first));
            QVERIFY(waitForKpisOf(*first, groupId(1)));
            m_server.reset();
            first->renameGroup(groupId(1), u"Renamed"_s);
            first->setFavorite(groupId(3), true);
            first->createGroup(u"Made Offline"_s);
            first->kpis()->removeKpis(groupId(1), {kpiId(2)});
            QSignalSpy left(first.get(), &Session::left);
            first->leave(100ms);
            QVERIFY(left.wait(10000));
            QCOMPARE(left.at(0).at(0).toInt(), 4);
        }
        m_server = std::make_unique<SandboxServer>(m_store.get());
        QVERIFY(m_server->listenOnLoopback(port));
        auto next = sessionOn(*m_server);
        next->keepOutbox(journals.path());
        QSignalSpy informed(next.get(), &Session::informed);
        QVERIFY(openAndLoad(*next));
        QVERIFY(QTest::qWaitFor([&] { return informed.size() > 0; }, 10000));
        QCOMPARE(next->outbox()->fromEarlierRuns(), 4);
        QVERIFY(QTest::qWaitFor([&] { return next->outbox()->isEmpty(); }, 10000));
        QCOMPARE(informed.at(0).at(0).toString(),
                 u"Sending 4 change(s) made before the app last closed…"_s);
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Renamed"_s);
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(3)));
        const auto made =
            std::count_if(account().groups.begin(), account().groups.end(),
                          [](const SandboxGroup &g) { return g.name == u"Made Offline"_s; });
        QCOMPARE(made, 1);
        QVERIFY(!m_store->group(account(), groupId(1)) ||
                !std::any_of(account().kpis.begin(), account().kpis.end(), [](const SandboxKpi &k) {
                    return k.id == kpiId(2) && k.groupIds.contains(groupId(1));
                }));
    }

    void saysWhenTheJournalIsDamaged()
    {
        QTemporaryDir journals;
        const QString file = Outbox::fileFor(place().key(), journals.path());
        QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("{\"version\":1,\"changes\":[{\"id\":");
        damaged.close();
        auto session = sessionOn(*m_server);
        session->keepOutbox(journals.path());
        QSignalSpy reported(session.get(), &Session::outboxDamaged);
        QVERIFY(openAndLoad(*session));
        QVERIFY(reported.size() == 1 || reported.wait());
        QCOMPARE(reported.at(0).at(0).toString(), file + u".damaged"_s);
        QVERIFY(QFile::exists(file + u".damaged"_s));
        session->setFavorite(groupId(1), true); // and it goes on
        QVERIFY(
            QTest::qWaitFor([&] { return m_store->isFavorite(account(), userA1, groupId(1)); }));
    }

    void twoSessionsOfOneConnectionSendTheirOwn()
    {
        QTemporaryDir journals;
        TwoWindows windows = twoWindowsOpen(journals);
        const std::unique_ptr<Session> &first = windows.first;
        const std::unique_ptr<Session> &second = windows.second;
        QVERIFY(first && second);
        QVERIFY(first->outbox()->file() != second->outbox()->file());
        const qsizetype before = m_server->changesReceived().size();
        first->setFavorite(groupId(1), true);
        second->renameGroup(groupId(2), u"Asia"_s);
        QVERIFY(QTest::qWaitFor([&] {
            return first->outbox()->isEmpty() && second->outbox()->isEmpty() &&
                   m_store->group(account(), groupId(2))->name == u"Asia"_s;
        }));
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(1)));
        QTest::qWait(200);
        // A star and a rename: each sent by its own session, once (the reads of the two
        // sessions may still be under way, and are not counted).
        QStringList received = m_server->changesReceived().mid(before);
        received.sort();
        QCOMPARE(received, (QStringList{u"PATCH /kpis/groups/%1"_s.arg(groupId(2)),
                                        u"PUT /kpis/groups/%1/favorite"_s.arg(groupId(1))}));
    }

    // Two windows of one connection in step: what one waits to send shows in the other at once,
    // over its refreshes, and is sent by the first only; what it gave up on leaves the other too.
    void showsAStarAndANameGivenInAnotherWindowAtOnce()
    {
        QTemporaryDir journals;
        auto first = sessionOn(*m_server);
        first->keepOutbox(journals.path());
        first->sender()->setBackoff(5s, 5s);
        QVERIFY(openAndLoad(*first));
        auto second = sessionOn(*m_server);
        second->keepOutbox(journals.path());
        QAbstractItemModelTester tester(second->groups(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndLoad(*second));
        QVERIFY(QTest::qWaitFor(
            [&] { return first->outbox()->isReady() && second->outbox()->isReady(); }));
        const qsizetype before = m_server->changesReceived().size();
        m_server->faults().failNext(503, -1, u"^(PATCH|PUT|DELETE)"_s);

        first->renameGroup(groupId(1), u"Vertrieb EMEA"_s);
        first->setFavorite(groupId(3), true);
        first->deleteGroup(groupId(4));
        QVERIFY(QTest::qWaitFor([&] {
            return second->groups()->group(groupId(1))->name == u"Vertrieb EMEA"_s &&
                   second->groups()->group(groupId(3))->favorite &&
                   !second->groups()->group(groupId(4));
        }));
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Sales EMEA"_s);
        QVERIFY(second->outbox()->isEmpty()); // shown, not the second's to send

        QSignalSpy finished(second.get(), &Session::loadingFinished);
        second->refresh(Session::Refresh::Full);
        QVERIFY(finished.wait());
        QCOMPARE(second->groups()->group(groupId(1))->name, u"Vertrieb EMEA"_s);
        QVERIFY(second->groups()->group(groupId(3))->favorite);
        QVERIFY(!second->groups()->group(groupId(4)));

        // The first gives up on its star: the second reads the server's list again.
        quint64 star = 0;
        for (const OutboxChange &change : first->outbox()->changes())
            if (change.kind == OutboxChange::Kind::Star)
                star = change.id;
        QVERIFY(QTest::qWaitFor([&] { return !first->sender()->hasInFlight(); }));
        first->discard({star});
        QVERIFY(
            QTest::qWaitFor([&] { return !second->groups()->group(groupId(3))->favorite; }, 10000));

        m_server->faults().clear();
        const qsizetype cleared = m_server->changesReceived().size();
        first->sendNow();
        QVERIFY(QTest::qWaitFor([&] { return first->outbox()->isEmpty(); }, 10000));
        QTest::qWait(1500); // the second reads the list once the first's changes have left
        QVERIFY(QTest::qWaitFor([&] { return !second->isLoading(); }, 10000));
        QCOMPARE(second->groups()->group(groupId(1))->name, u"Vertrieb EMEA"_s);
        QVERIFY(!second->groups()->group(groupId(4)));
        QVERIFY(second->outbox()->isEmpty());
        // Sent once, by the first: the star it gave up on not at all.
        QStringList received = m_server->changesReceived().mid(cleared);
        received.sort();
        QCOMPARE(received, (QStringList{u"DELETE /kpis/groups/%1"_s.arg(groupId(4)),
                                        u"PATCH /kpis/groups/%1"_s.arg(groupId(1))}));
        QVERIFY(m_server->changesReceived().size() > before);
    }

    // Online, a change leaves the journal in milliseconds: the other window still shows it.
    void showsAChangeAnotherWindowSentAtOnce()
    {
        QTemporaryDir journals;
        TwoWindows windows = twoWindowsOpen(journals);
        const std::unique_ptr<Session> &first = windows.first;
        const std::unique_ptr<Session> &second = windows.second;
        QVERIFY(first && second);
        QVERIFY(second->groups()->group(groupId(2))->favorite);
        first->setFavorite(groupId(2), false);
        first->renameGroup(groupId(5), u"Sent at once"_s);
        QVERIFY(QTest::qWaitFor([&] { return first->outbox()->isEmpty(); }));
        QVERIFY(QTest::qWaitFor([&] {
            return !second->groups()->group(groupId(2))->favorite &&
                   second->groups()->group(groupId(5))->name == u"Sent at once"_s;
        }));
        QVERIFY(second->outbox()->isEmpty());
    }

    void sendsWhatAnotherSessionOfItsConnectionLeft()
    {
        QTemporaryDir journals;
        auto current = sessionOn(*m_server);
        current->keepOutbox(journals.path());
        QVERIFY(openAndLoad(*current));
        {
            auto other = sessionOn(*m_server, accountA, u"revoked"_s); // its token is refused
            other->keepOutbox(journals.path());
            other->open();
            QVERIFY(QTest::qWaitFor([&] { return other->outbox()->isReady(); }));
            QSignalSpy waiting(other->sender(), &ChangeSender::waiting);
            OutboxChange star;
            star.kind = OutboxChange::Kind::Star;
            star.groupId = groupId(6);
            star.groupName = u"Ärzte Team"_s;
            other->sender()->add(star);
            QVERIFY(waiting.wait());
            other->outbox()->waitForWrites();
        } // ended with its star unsent
        QSignalSpy informed(current.get(), &Session::informed);
        current->takeOverOutbox();
        QVERIFY(informed.wait());
        QCOMPARE(informed.at(0).at(0).toString(),
                 u"Sending 1 change(s) made earlier on this connection…"_s);
        QVERIFY(
            QTest::qWaitFor([&] { return m_store->isFavorite(account(), userA1, groupId(6)); }));
        QVERIFY(QTest::qWaitFor([&] { return current->outbox()->isEmpty(); }));
        QVERIFY(current->groups()->group(groupId(6))->favorite);
    }

    void showsTheFirstPageThenTheWholeList()
    {
        SandboxStore big;
        SandboxGenerator::populate(big, {5, 2500, 0, 3});
        SandboxServer server(&big);
        QVERIFY(server.listenOnLoopback());
        // Six pages asked for at once, the first of them small (200): it comes first, alone.
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 0}, 1);   // the first page
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 400}, 5); // the others: slow
        auto session = sessionOn(server, QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken));
        QAbstractItemModelTester tester(session->groups(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy started(session.get(), &Session::loadingStarted);
        QSignalSpy progressed(session.get(), &Session::loadingProgressed);
        QSignalSpy firstShown(session.get(), &Session::firstListShown);
        QSignalSpy chosen(session.get(), &Session::initialGroupChosen);
        QSignalSpy finished(session.get(), &Session::loadingFinished);

        session->open();
        QCOMPARE(started.size(), 1);
        QVERIFY(session->isLoading());
        QVERIFY(firstShown.wait());
        QCOMPARE(session->groups()->rowCount(), 200);
        QCOMPARE(chosen.size(), 0); // the choice waits for the whole list
        QCOMPARE(finished.size(), 0);

        QVERIFY(finished.wait());
        QCOMPARE(finished.at(0).at(0).value<qsizetype>(), 2500);
        QCOMPARE(session->groups()->rowCount(), 2500);
        QVERIFY(!session->isLoading());
        QCOMPARE(firstShown.size(), 1);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QString()); // nothing remembered: the window picks
        QCOMPARE(progressed.last().at(0).value<qsizetype>(), 2500);
        QCOMPARE(progressed.last().at(1).value<qsizetype>(), 2500);
        // The KPI counts follow the list.
        QVERIFY(QTest::qWaitFor([&] {
            return session->groups()->kpiCount(session->groups()->groups().constFirst().id) >= 0;
        }));
    }

    void startsFromTheCacheThenRefreshes()
    {
        QTemporaryDir cacheDir;
        auto cache = std::make_shared<GroupCache>(cacheDir.path());
        QList<KpiGroup> cached;
        for (int n = 1; n <= 6; ++n)
            cached.append({groupId(n), accountA, u"Cached %1"_s.arg(n), userA1, userA1,
                           QDateTime(QDate(2024, 1, n), QTime(9, 0), Qt::UTC),
                           QDateTime(QDate(2024, 2, n), QTime(9, 0), Qt::UTC), false});
        const QDateTime savedAt = QDateTime::currentDateTimeUtc().addSecs(-300);
        QVERIFY(cache->save(place().key(), cached, savedAt));
        ConnectionSettings().save(place());
        ConnectionSettings().setLastGroupId(place(), groupId(4));
        m_server->faults().setLatency(400);

        auto session = sessionOn(*m_server);
        session->setRemembered(cache, ConnectionSettings().lastGroupId(place()));
        QVERIFY(session->isRemembered());
        QSignalSpy cachedShown(session.get(), &Session::cachedListShown);
        QSignalSpy chosen(session.get(), &Session::initialGroupChosen);
        QSignalSpy finished(session.get(), &Session::loadingFinished);
        int pendingWhenShown = -1;
        connect(session.get(), &Session::cachedListShown, this,
                [&] { pendingWhenShown = session->client()->pendingCount(); });
        session->open();
        QVERIFY(cachedShown.wait());
        // Painted before the refresh begins: nothing more asked of the server in that turn.
        QCOMPARE(session->client()->pendingCount(), pendingWhenShown);
        QCOMPARE(cachedShown.at(0).at(0).toDateTime().toSecsSinceEpoch(),
                 savedAt.toSecsSinceEpoch());
        QCOMPARE(cachedShown.at(0).at(1).value<qsizetype>(), 6);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), groupId(4)); // where the person was last time
        QCOMPARE(session->groups()->group(groupId(4))->name, u"Cached 4"_s);
        QVERIFY(session->isLoading());

        QVERIFY(finished.wait());
        QCOMPARE(session->groups()->group(groupId(4))->name, u"Zürich Office"_s);
        QCOMPARE(chosen.size(), 1); // chosen once
        QVERIFY(QTest::qWaitFor([&] {
            const auto entry = cache->load(place().key());
            return entry && entry->groups.size() == 6 &&
                   entry->groups.at(3).name == u"Zürich Office"_s;
        }));
    }

    void aConnectionForOneRunLeavesNoTrace()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(!session->isRemembered());
        QVERIFY(openAndLoad(*session));
        session->showGroup(groupId(2));
        QSignalSpy left(session.get(), &Session::left);
        session->leave();
        QCOMPARE(left.size(), 1);
        QCOMPARE(ConnectionSettings().lastGroupId(place()), QString());
        QVERIFY(ConnectionSettings().connections().isEmpty());
    }

    void refreshesWhatChangedOnTheServer()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        m_store->renameGroup(account(), userA2, groupId(3), u"Brand"_s);
        m_store->deleteGroup(account(), groupId(1));
        QSignalSpy started(session.get(), &Session::loadingStarted);
        QSignalSpy finished(session.get(), &Session::loadingFinished);
        QSignalSpy firstShown(session.get(), &Session::firstListShown);
        session->refresh();
        QCOMPARE(started.size(), 1);
        QVERIFY(finished.wait());
        QCOMPARE(finished.at(0).at(0).value<qsizetype>(), 5);
        QCOMPARE(session->groups()->group(groupId(3))->name, u"Brand"_s);
        QCOMPARE(session->groups()->rowOf(groupId(1)), -1);
        QCOMPARE(firstShown.size(), 0); // only a session's first list is its first
    }

    void readsWhatChangedOnF5AndTheWholeListOnShiftF5()
    {
        auto session = sessionOn(*m_server);
        QAbstractItemModelTester tester(session->groups(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndLoad(*session));
        const auto refreshed = [&](Session::Refresh how) {
            const qsizetype from = m_server->requestsReceived().size();
            QSignalSpy finished(session.get(), &Session::loadingFinished);
            session->refresh(how);
            if (!finished.wait())
                return QStringList{u"no end"_s};
            QStringList asked = m_server->requestsReceived().mid(from);
            asked.removeIf(
                [](const QString &request) { return request.startsWith(u"GET /kpis?"_s); });
            asked.sort(); // the listings go side by side
            return asked;
        };
        m_store->renameGroup(account(), userA2, groupId(3), u"Brand"_s);
        QCOMPARE(
            refreshed(Session::Refresh::Changes),
            (QStringList{u"GET /kpis/groups?filter={\"favorite\":true}&sort=id&fields=id,"
                         "favorite&skip=0&take=1000"_s,
                         u"GET /kpis/groups?filter={\"id\":{\"$in\":[\""_s + groupId(3) +
                             u"\"]}}&take=1"_s,
                         u"GET /kpis/groups?sort=id&fields=id,dateUpdated&skip=0&take=1000"_s}));
        QCOMPARE(session->groups()->group(groupId(3))->name, u"Brand"_s);
        QCOMPARE(refreshed(Session::Refresh::Full),
                 QStringList{u"GET /kpis/groups?sort=name&skip=0&take=1000"_s});
        QCOMPARE(session->groups()->rowCount(), 6);
    }

    void leavesOnceStarsRenamesAndRemovalsAreAnswered()
    {
        ConnectionSettings().save(place());
        auto session = sessionOn(*m_server);
        session->setRemembered(nullptr, {});
        QVERIFY(openAndLoad(*session));
        QVERIFY(waitForKpisOf(*session, groupId(1)));
        QCOMPARE(session->kpis()->rowCount(), 3);

        m_server->faults().setLatency(300);
        QSignalSpy queued(session.get(), &Session::removalQueued);
        session->setFavorite(groupId(1), true);
        session->renameGroup(groupId(3), u"Brand"_s);
        session->kpis()->removeKpis(groupId(1), {kpiId(2)});
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.at(0).at(1).toString(), u"Removed “Churn” from “Sales EMEA”."_s);
        QCOMPARE(queued.at(0).at(2).toInt(), 5000);
        QCOMPARE(session->unsentChanges(), 3);

        QSignalSpy left(session.get(), &Session::left);
        QSignalSpy sent(session.get(), &Session::removalSent);
        session->leave();
        QVERIFY(session->isLeaving());
        QCOMPARE(sent.size(), 1); // the undo window ends when the connection is left
        QCOMPARE(left.size(), 0); // waits for the answers
        QVERIFY(left.wait(5000));
        QCOMPARE(left.at(0).at(0).toInt(), 0);
        QCOMPARE(session->unsentChanges(), 0);
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(1)));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Brand"_s);
        QCOMPARE(account().kpis.at(1).id, kpiId(2));
        QCOMPARE(account().kpis.at(1).groupIds, QStringList());
        QCOMPARE(ConnectionSettings().lastGroupId(place()), groupId(1));
    }

    void leavesAtOnceWhenOnlyReading()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        m_server->faults().setLatency(300);
        session->refresh();
        session->showGroup(groupId(2));
        QVERIFY(session->isLoading());
        QVERIFY(session->client()->pendingCount() > 0);
        QSignalSpy left(session.get(), &Session::left);
        QSignalSpy failed(session.get(), &Session::failed);
        session->leave();
        QCOMPARE(left.size(), 1); // a list nobody will look at is not waited for
        QCOMPARE(left.at(0).at(0).toInt(), 0);
        QCOMPARE(session->client()->pendingCount(), 0);
        QVERIFY(!session->isLoading());
        QTest::qWait(400);
        QCOMPARE(failed.size(), 0); // cancelled, not failed
        QCOMPARE(left.size(), 1);
    }

    void givesUpLeavingWhenTheServerIsDown()
    {
        auto session = sessionOn(*m_server);
        RetryPolicy slowRetries = quickRetries();
        slowRetries.firstBackoff = 2s; // still retrying when the limit is reached
        session->client()->setRetryPolicy(slowRetries);
        QVERIFY(openAndLoad(*session));
        QVERIFY(waitForKpisOf(*session, groupId(1)));
        m_server.reset(); // nothing listens on its port any more

        session->setFavorite(groupId(1), true);
        session->kpis()->removeKpis(groupId(1), {kpiId(2)});
        QSignalSpy left(session.get(), &Session::left);
        QElapsedTimer leaving;
        leaving.start();
        session->leave(500ms);
        QVERIFY(left.wait(3000));
        QVERIFY2(leaving.elapsed() >= 450 && leaving.elapsed() < 1500,
                 qPrintable(QString::number(leaving.elapsed())));
        QCOMPARE(left.at(0).at(0).toInt(), 2); // the star and the removal, unconfirmed
        QCOMPARE(left.size(), 1);
    }

    static QList<Kpi> kpisOf(Session &session, const QStringList &ids)
    {
        QList<Kpi> kpis;
        for (const QString &id : ids)
            kpis.append(session.kpis()->kpiAt(session.kpis()->rowOf(id)));
        return kpis;
    }
    QStringList groupsOfKpi(int n)
    {
        return account().kpis.at(account().kpiIndex.value(kpiId(n))).groupIds;
    }

    void movesAndAddsKpisAtOnceAndUndoesAMoveAsOneStep()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        QVERIFY(waitForKpisOf(*session, groupId(1)));
        GroupListModel *groups = session->groups();
        QTRY_COMPARE(groups->kpiCount(groupId(1)), 3);
        QCOMPARE(groups->kpiCount(groupId(2)), 1);
        QSignalSpy informed(session.get(), &Session::informed);

        session->moveKpis(kpisOf(*session, {kpiId(2), kpiId(4)}), groupId(1), groupId(2));
        // Shown at once: the list, both counts, the history.
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(groups->kpiCount(groupId(1)), 1);
        QCOMPARE(groups->kpiCount(groupId(2)), 3);
        QCOMPARE(session->unsentChanges(), 2);
        QCOMPARE(informed.constLast().at(0).toString(),
                 u"Moved 2 KPIs from “Sales EMEA” to “sales APAC”."_s);
        QCOMPARE(session->undoDescription(), u"Move 2 KPIs to “sales APAC”"_s);
        QTRY_COMPARE(session->unsentChanges(), 0);
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(2)});
        QCOMPARE(groupsOfKpi(4), (QStringList{groupId(3), groupId(2)}));

        // An add keeps the KPI where it is: it is in one group more.
        const QModelIndex revenue = session->kpis()->index(session->kpis()->rowOf(kpiId(1)));
        QCOMPARE(revenue.data(GroupKpisModel::OtherGroupCountRole).toInt(), 1);
        session->addKpis(kpisOf(*session, {kpiId(1)}), groupId(3));
        QCOMPARE(revenue.data(GroupKpisModel::OtherGroupCountRole).toInt(), 2);
        QCOMPARE(groups->kpiCount(groupId(3)), 2);
        QCOMPARE(session->undoDescription(), u"Add “Revenue” to “Marketing”"_s);
        QTRY_COMPARE(session->unsentChanges(), 0);
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(1), groupId(2), groupId(3)}));

        session->undo(); // the add
        QCOMPARE(revenue.data(GroupKpisModel::OtherGroupCountRole).toInt(), 1);
        QCOMPARE(groups->kpiCount(groupId(3)), 1);
        QTRY_COMPARE(session->unsentChanges(), 0);
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(1), groupId(2)}));

        session->undo(); // the move, both KPIs at once
        QCOMPARE(session->kpis()->rowCount(), 3);
        QCOMPARE(groups->kpiCount(groupId(1)), 3);
        QCOMPARE(groups->kpiCount(groupId(2)), 1);
        QTRY_COMPARE(session->unsentChanges(), 0);
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(1)});
        QCOMPARE(groupsOfKpi(4), (QStringList{groupId(3), groupId(1)}));
        QCOMPARE(session->redoDescription(), u"Move 2 KPIs to “sales APAC”"_s);
    }

    void listsTheKpisInNoGroupAndPutsThemInGroups()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        const QString none = QString(GroupKpisModel::noGroupId);
        session->showGroup(none);
        QVERIFY(QTest::qWaitFor(
            [&] { return session->kpis()->groupId() == none && !session->kpis()->isLoading(); }));
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(session->kpis()->kpiAt(0).name, u"Uptime"_s);
        QTRY_COMPARE(session->groups()->kpiCount(groupId(2)), 1);
        // Nothing can be removed from it; what is dragged out of it is added.
        session->kpis()->removeKpis(none, {kpiId(3)});
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(session->unsentChanges(), 0);

        session->moveKpis(kpisOf(*session, {kpiId(3)}), none, groupId(2));
        QCOMPARE(session->kpis()->rowCount(), 0);
        QCOMPARE(session->groups()->kpiCount(groupId(2)), 2);
        QCOMPARE(session->undoDescription(), u"Add “Uptime” to “sales APAC”"_s);
        QTRY_COMPARE(session->unsentChanges(), 0);
        QCOMPARE(groupsOfKpi(3), QStringList{groupId(2)});
        QCOMPARE(
            m_server->changesReceived(),
            QStringList{u"PUT /kpis/fffffffffffffffffffffff3/groups/000000000000000000000002"_s});

        session->undo(); // in no group again
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(session->groups()->kpiCount(groupId(2)), 1);
        QTRY_COMPARE(session->unsentChanges(), 0);
        QCOMPARE(groupsOfKpi(3), QStringList());

        // Refused, it is back in the list.
        m_server->setKpiAddingRefusal(404);
        session->addKpis(kpisOf(*session, {kpiId(3)}), groupId(4));
        QCOMPARE(session->kpis()->rowCount(), 0);
        QTRY_COMPARE(session->unsentChanges(), 0);
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(session->kpis()->kpiAt(0).id, kpiId(3));
    }

    void rollsBackAndSaysOnceWhereTheServerCannotAdd()
    {
        m_server->setKpiAddingRefusal(405);
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        QVERIFY(waitForKpisOf(*session, groupId(1)));
        QTRY_COMPARE(session->groups()->kpiCount(groupId(1)), 3);
        QVERIFY(session->offersKpiAdding()); // not known until it is tried
        QSignalSpy informed(session.get(), &Session::informed);
        QSignalSpy failed(session.get(), &Session::failed);
        QSignalSpy unavailable(session.get(), &Session::kpiAddingUnavailable);

        session->moveKpis(kpisOf(*session, {kpiId(2), kpiId(4)}), groupId(1), groupId(2));
        QCOMPARE(session->kpis()->rowCount(), 1);
        QVERIFY(unavailable.wait(5000));
        QTRY_COMPARE(session->unsentChanges(), 0);
        // Back where they were, the server asked nothing more, and it is said once.
        QCOMPARE(session->kpis()->rowCount(), 3);
        QCOMPARE(session->groups()->kpiCount(groupId(1)), 3);
        QCOMPARE(session->groups()->kpiCount(groupId(2)), 1);
        QCOMPARE(unavailable.size(), 1);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(informed.constLast().at(0).toString(),
                 u"This server does not offer adding KPIs to groups; add them in Quantive's web "
                 "app."_s);
        QVERIFY(!session->offersKpiAdding());
        QCOMPARE(m_server->changesReceived().filter(u"DELETE"_s), QStringList());
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(1)});
        QCOMPARE(session->placementRefusal(kpisOf(*session, {kpiId(2)}), {}, groupId(3)),
                 u"This server does not offer adding KPIs to groups; add them in Quantive's web "
                 "app."_s);
        const int before = m_server->requestCount();
        session->addKpis(kpisOf(*session, {kpiId(2)}), groupId(3));
        QCOMPARE(session->unsentChanges(), 0);
        QTest::qWait(50);
        QCOMPARE(m_server->requestCount(), before);
    }

    void undoneRemovalsAreNotSent()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        QVERIFY(waitForKpisOf(*session, groupId(1)));
        QSignalSpy queued(session.get(), &Session::removalQueued);
        session->kpis()->removeKpis(groupId(1), {kpiId(1), kpiId(4)});
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(session->unsentChanges(), 2);
        session->undoRemoval(queued.at(0).at(0).value<quint64>());
        QCOMPARE(session->kpis()->rowCount(), 3);
        QCOMPARE(session->unsentChanges(), 0);
        const int before = m_server->requestCount();
        QSignalSpy left(session.get(), &Session::left);
        session->leave();
        QCOMPARE(left.size(), 1);
        QTest::qWait(100);
        QCOMPARE(m_server->requestCount(), before);
        QCOMPARE(account().kpis.at(0).groupIds, (QStringList{groupId(1), groupId(2)}));
    }

    void undoesAndRedoesRenamesAndStars()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        EditHistory *history = session->history();
        QSignalSpy changed(history, &EditHistory::changed);
        QSignalSpy informed(session.get(), &Session::informed);
        QVERIFY(!history->canUndo());
        session->renameGroup(groupId(3), u"Brand"_s);
        session->toggleFavorite(groupId(1));
        session->setFavorite(groupId(1), true); // no change: no step
        QCOMPARE(changed.size(), 2);
        QCOMPARE(history->undoDescription(), u"Star “Sales EMEA”"_s);
        QVERIFY(QTest::qWaitFor([&] { return session->unsentChanges() == 0; }));

        session->undo();
        QCOMPARE(session->groups()->group(groupId(1))->favorite, false);
        QCOMPARE(informed.constLast().at(0).toString(), u"Undone: Star “Sales EMEA”."_s);
        QCOMPARE(history->undoDescription(), u"Rename “Marketing” to “Brand”"_s);
        QCOMPARE(history->redoDescription(), u"Star “Sales EMEA”"_s);
        session->undo();
        QCOMPARE(session->groups()->group(groupId(3))->name, u"Marketing"_s);
        QVERIFY(!history->canUndo());
        QVERIFY(QTest::qWaitFor([&] { return session->unsentChanges() == 0; }));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Marketing"_s);
        QVERIFY(!m_store->isFavorite(account(), userA1, groupId(1)));

        session->redo();
        QCOMPARE(session->groups()->group(groupId(3))->name, u"Brand"_s);
        QCOMPARE(informed.constLast().at(0).toString(),
                 u"Redone: Rename “Marketing” to “Brand”."_s);
        session->redo();
        QCOMPARE(session->groups()->group(groupId(1))->favorite, true);
        QVERIFY(!history->canRedo());
        QVERIFY(QTest::qWaitFor([&] { return session->unsentChanges() == 0; }));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Brand"_s);
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(1)));

        // A new change after an undo: the undone one cannot be redone any more.
        session->undo();
        session->toggleFavorite(groupId(2));
        QVERIFY(!history->canRedo());
        QCOMPARE(history->undoDescription(), u"Remove the Star from “sales APAC”"_s);
    }

    void aRefusedRenameLeavesNothingToUndo()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        m_server->faults().failNext(403, 1, u"^PATCH "_s);
        QSignalSpy refused(session.get(), &Session::renameRefused);
        session->renameGroup(groupId(3), u"Brand"_s);
        QVERIFY(session->history()->canUndo());
        QVERIFY(refused.wait());
        QVERIFY(!session->history()->canUndo());
    }

    void aDiscardedChangeIsNotBroughtBackByRedo()
    {
        auto session = sessionOn(*m_server);
        session->sender()->setBackoff(100ms, 300ms);
        QVERIFY(openAndLoad(*session));
        const quint16 port = m_server->port();
        QSignalSpy offline(session.get(), &Session::offlineChanged);
        m_server.reset(); // the server is gone
        session->renameGroup(groupId(3), u"Brand"_s);
        session->setFavorite(groupId(1), true);
        QVERIFY(offline.wait(10000));
        QVERIFY(QTest::qWaitFor([&] { return !session->sender()->hasInFlight(); }));
        session->discardAll();
        QVERIFY(session->outbox()->isEmpty());
        QCOMPARE(session->groups()->group(groupId(3))->name, u"Marketing"_s);
        QVERIFY(!session->groups()->group(groupId(1))->favorite);
        // Nothing left to undo or redo: the history held only what was discarded.
        QVERIFY(!session->history()->canUndo());
        session->undo();
        QVERIFY(!session->history()->canRedo());
        session->redo();

        m_server = std::make_unique<SandboxServer>(m_store.get());
        QVERIFY(m_server->listenOnLoopback(port));
        QVERIFY(QTest::qWaitFor([&] { return !session->isOffline(); }, 15000));
        QTest::qWait(500);
        QCOMPARE(m_server->changesReceived(), QStringList());
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Marketing"_s);
        QVERIFY(!m_store->isFavorite(account(), userA1, groupId(1)));
    }

    void starsSeveralGroupsInOneStep()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        EditHistory *history = session->history();
        session->setFavorites({groupId(1), groupId(3), groupId(6)}, true);
        QCOMPARE(history->undoDescription(), u"Star 3 Groups"_s);
        QVERIFY(QTest::qWaitFor([&] { return session->outbox()->isEmpty(); }));
        session->undo(); // one step: all three
        for (int n : {1, 3, 6})
            QVERIFY(!session->groups()->group(groupId(n))->favorite);
        QVERIFY(!history->canUndo());
        QCOMPARE(history->redoDescription(), u"Star 3 Groups"_s);
        QVERIFY(QTest::qWaitFor([&] {
            return session->outbox()->isEmpty() &&
                   !m_store->isFavorite(account(), userA1, groupId(1)) &&
                   !m_store->isFavorite(account(), userA1, groupId(3)) &&
                   !m_store->isFavorite(account(), userA1, groupId(6));
        }));
        session->redo();
        for (int n : {1, 3, 6})
            QVERIFY(session->groups()->group(groupId(n))->favorite);
        QCOMPARE(history->undoDescription(), u"Star 3 Groups"_s);
    }

    void deletesSeveralGroupsWithOneMessage()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        QSignalSpy informed(session.get(), &Session::informed);
        session->deleteGroups({groupId(2), groupId(4), groupId(6)});
        QVERIFY(QTest::qWaitFor([&] { return session->outbox()->isEmpty(); }));
        QTest::qWait(100);
        QCOMPARE(informed.size(), 1);
        QCOMPARE(informed.at(0).at(0).toString(), u"Deleted 3 groups. Their KPIs are kept."_s);
    }

    void undoesARemovalOnlyInItsWindow()
    {
        auto session = sessionOn(*m_server);
        QVERIFY(openAndLoad(*session));
        QVERIFY(waitForKpisOf(*session, groupId(1)));
        EditHistory *history = session->history();
        QSignalSpy informed(session.get(), &Session::informed);
        QSignalSpy queued(session.get(), &Session::removalQueued);
        session->kpis()->removeKpis(groupId(1), {kpiId(1), kpiId(4)});
        QCOMPARE(history->undoDescription(), u"Remove 2 KPIs from “Sales EMEA”"_s);
        session->undo();
        QCOMPARE(session->kpis()->rowCount(), 3);
        QCOMPARE(session->unsentChanges(), 0);
        QCOMPARE(informed.constLast().at(0).toString(),
                 u"Undone: Remove 2 KPIs from “Sales EMEA”."_s);
        // Redone: out of the list again, in a new undo window.
        session->redo();
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(queued.size(), 2);
        QCOMPARE(history->undoDescription(), u"Remove 2 KPIs from “Sales EMEA”"_s);
        // Once sent, it can no longer be undone, and is no longer offered.
        session->removals()->flush();
        QVERIFY(!history->canUndo());
        const qsizetype told = informed.size();
        session->undo();
        QCOMPARE(session->kpis()->rowCount(), 1);
        QCOMPARE(informed.size(), told);
        QVERIFY(!history->canRedo());
        QVERIFY(QTest::qWaitFor([&] { return session->removals()->isIdle(); }));
        QCOMPARE(account().kpis.at(0).groupIds, QStringList{groupId(2)});

        // Undone from the banner: no longer in the history.
        session->kpis()->removeKpis(groupId(1), {kpiId(2)});
        QCOMPARE(history->undoDescription(), u"Remove “Churn” from “Sales EMEA”"_s);
        session->undoRemoval(queued.constLast().at(0).value<quint64>());
        QVERIFY(!history->canUndo());
    }

    void asksForTheNamesOnScreenInOneBatchOnce()
    {
        auto session = sessionOn(*m_server);
        UserNames *names = session->userNames();
        CallEnds ends(session->client());
        QSignalSpy listed(&ends, &CallEnds::namesListed);
        QSignalSpy refused(&ends, &CallEnds::failed);
        QSignalSpy arrived(names, &UserNames::namesArrived);
        const QString stranger = u"cccccccccccccccccccccccc"_s;
        const int requestsBefore = m_server->requestCount();

        // What a detail pane and a KPI list ask for as they paint: ids, some twice, one that is
        // no id at all, one the server does not know.
        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s);
        QCOMPARE(names->name(userA2), u"a2a2…a2a2"_s);
        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s);
        QCOMPARE(names->name(stranger), u"cccc…cccc"_s);
        QCOMPARE(names->name(u"not an id"_s), u"“not an id”"_s);
        QCOMPARE(names->name(QString()), QString());
        QVERIFY(arrived.wait());
        QCOMPARE(listed.size(), 1);
        QCOMPARE(m_server->requestCount() - requestsBefore, 1);
        QCOMPARE(refused.size(), 0);
        QCOMPARE(names->name(userA1), u"Ana Souza"_s);
        QCOMPARE(names->name(userA2), u"Björn Lindqvist"_s);
        QCOMPARE(names->name(stranger), u"cccc…cccc"_s);

        // Known, unknown or not an id: none is asked for again.
        names->name(stranger);
        names->name(u"not an id"_s);
        QTest::qWait(100);
        QCOMPARE(m_server->requestCount() - requestsBefore, 1);
        QCOMPARE(arrived.size(), 1);
        QVERIFY(!names->isRefused());
    }

    void aBatchIsAtMostAHundredIds()
    {
        auto session = sessionOn(*m_server);
        CallEnds ends(session->client());
        QSignalSpy listed(&ends, &CallEnds::namesListed);
        for (int n = 0; n < 150; ++n)
            session->userNames()->name(u"%1"_s.arg(n, 24, 16, QLatin1Char('d')));
        QVERIFY(QTest::qWaitFor([&] { return listed.size() == 2; }));
        using Names = QHash<QString, QString>;
        QVERIFY(listed.at(0).at(0).value<Names>().isEmpty());
        QTest::qWait(50);
        QCOMPARE(listed.size(), 2);
    }

    void refusedNamesLeaveShortIdsAndNoMoreRequests_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("forbidden") << 403;
        QTest::newRow("no such endpoint") << 404;
        QTest::newRow("bad request") << 400;
    }
    void refusedNamesLeaveShortIdsAndNoMoreRequests()
    {
        QFETCH(int, status);
        QString problem;
        QVERIFY(m_server->faults().addFromSpec(
            u"status=%1,count=-1,route=^GET /users$"_s.arg(status), &problem));
        auto session = sessionOn(*m_server);
        UserNames *names = session->userNames();
        CallEnds ends(session->client());
        QSignalSpy requestFailed(&ends, &CallEnds::failed);
        QSignalSpy failed(session.get(), &Session::failed);
        QSignalSpy informed(session.get(), &Session::informed);
        QSignalSpy tokenRefused(session.get(), &Session::tokenRefused);
        QSignalSpy arrived(names, &UserNames::namesArrived);
        const int requestsBefore = m_server->requestCount();

        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s);
        QVERIFY(requestFailed.wait());
        QVERIFY(names->isRefused());
        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s);
        QCOMPARE(names->name(userA2), u"a2a2…a2a2"_s); // never asked
        QTest::qWait(100);
        QCOMPARE(m_server->requestCount() - requestsBefore, 1);
        QCOMPARE(requestFailed.size(), 1);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(informed.size(), 0);
        QCOMPARE(tokenRefused.size(), 0);
        QCOMPARE(arrived.size(), 0);
    }

    void namesLostOnTheWayStayShortButOthersAreStillAskedFor()
    {
        m_server->faults().failNext(500, 3, u"^GET /users$"_s); // every attempt of the first
        auto session = sessionOn(*m_server);
        UserNames *names = session->userNames();
        CallEnds ends(session->client());
        QSignalSpy requestFailed(&ends, &CallEnds::failed);
        QSignalSpy failed(session.get(), &Session::failed);
        names->name(userA1);
        QVERIFY(requestFailed.wait());
        QVERIFY(!names->isRefused());
        QSignalSpy arrived(names, &UserNames::namesArrived);
        QCOMPARE(names->name(userA2), u"a2a2…a2a2"_s);
        QVERIFY(arrived.wait());
        QCOMPARE(names->name(userA2), u"Björn Lindqvist"_s);
        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s); // asked once
        QCOMPARE(failed.size(), 0);
    }

    // 16 MB of people for one id: refused at 1 MB, the short ids stay, nothing is said, and the
    // next ids are still asked for.
    void namesInAnAnswerTooLargeStayShort()
    {
        m_server->setUsersAnswerSize(16 * 1024 * 1024);
        auto session = sessionOn(*m_server);
        UserNames *names = session->userNames();
        CallEnds ends(session->client());
        QSignalSpy requestFailed(&ends, &CallEnds::failed);
        QSignalSpy failed(session.get(), &Session::failed);
        QSignalSpy informed(session.get(), &Session::informed);
        QSignalSpy arrived(names, &UserNames::namesArrived);

        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s);
        // The sandbox makes the 60 MB first: seconds under AddressSanitizer.
        QVERIFY(requestFailed.wait(30000));
        const ApiError error = requestFailed.at(0).at(0).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::BadResponse);
        QVERIFY2(error.message.startsWith(u"The server's answer grew past 1 MB"_s),
                 qPrintable(error.message));
        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s);
        QVERIFY(!names->isRefused());
        QCOMPARE(arrived.size(), 0);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(informed.size(), 0);

        m_server->setUsersAnswerSize(0);
        QCOMPARE(names->name(userA2), u"a2a2…a2a2"_s);
        QVERIFY(arrived.wait());
        QCOMPARE(names->name(userA2), u"Björn Lindqvist"_s);
        QCOMPARE(names->name(userA1), u"a1a1…a1a1"_s); // asked once
        QCOMPARE(requestFailed.size(), 1);
    }

    void namesBelongToTheirConnection()
    {
        auto first = sessionOn(*m_server);
        QSignalSpy arrived(first->userNames(), &UserNames::namesArrived);
        first->userNames()->name(userA1);
        QVERIFY(arrived.wait());
        auto other = sessionOn(*m_server, accountB, tokenB);
        QSignalSpy otherArrived(other->userNames(), &UserNames::namesArrived);
        QCOMPARE(other->userNames()->name(userA1), u"a1a1…a1a1"_s);
        QCOMPARE(other->userNames()->name(userB), u"b1b1…b1b1"_s);
        QVERIFY(otherArrived.wait());
        QCOMPARE(other->userNames()->name(userB), u"Olu Adebayo"_s);
        QCOMPARE(other->userNames()->name(userA1), u"a1a1…a1a1"_s); // not in account B
        QCOMPARE(first->userNames()->name(userA1), u"Ana Souza"_s);
    }

    void reportsARefusedToken()
    {
        auto session = sessionOn(*m_server, accountA, u"revoked"_s);
        QSignalSpy refused(session.get(), &Session::tokenRefused);
        QSignalSpy loadingFailed(session.get(), &Session::loadingFailed);
        QSignalSpy failed(session.get(), &Session::failed);
        session->open();
        QVERIFY(refused.wait());
        QVERIFY(refused.at(0).at(0).toString().contains(u"token was not accepted"_s));
        QCOMPARE(loadingFailed.size(), 1);
        QCOMPARE(failed.size(), 0); // the token is the one thing to say
        QVERIFY(!session->isLoading());
    }

    void opensOneConnectionAfterAnother()
    {
        SandboxStore secondStore;
        populate(secondStore);
        secondStore.renameGroup(*secondStore.account(accountA), userA1, groupId(2),
                                u"Only on the second server"_s);
        SandboxServer secondServer(&secondStore);
        QVERIFY(secondServer.listenOnLoopback());

        auto first = sessionOn(*m_server);
        QVERIFY(openAndLoad(*first));
        QVERIFY(QTest::qWaitFor([&] { return first->client()->pendingCount() == 0; }));
        const int beforeStar = m_server->requestCount();
        m_server->faults().setLatency(300);
        first->setFavorite(groupId(1), true);
        QSignalSpy firstLeft(first.get(), &Session::left);
        first->leave();

        auto second = sessionOn(secondServer);
        QVERIFY(openAndLoad(*second));
        QCOMPARE(second->groups()->rowCount(), 6);
        QCOMPARE(second->groups()->group(groupId(2))->name, u"Only on the second server"_s);
        QCOMPARE(second->groups()->group(groupId(1))->favorite, false);
        QVERIFY(QTest::qWaitFor([&] { return firstLeft.size() == 1; }, 5000));
        QCOMPARE(firstLeft.at(0).at(0).toInt(), 0);
        // The star went to the first server only; the second session never asked it anything.
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(1)));
        QVERIFY(!secondStore.isFavorite(*secondStore.account(accountA), userA1, groupId(1)));
        QCOMPARE(m_server->requestCount(), beforeStar + 1);
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"

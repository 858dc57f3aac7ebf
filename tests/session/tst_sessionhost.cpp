// The sessions of a window: what a connection left could not send within its limit is sent from
// this run once its server answers, whichever connection is open meanwhile.
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "session.h"
#include "sessionhost.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Fixture;

class TestSessionHost : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_journals;
    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    quint16 m_port = 0;

    SandboxAccount &account() { return *m_store->account(accountA); }
    bool starred(int n) { return m_store->isFavorite(account(), userA1, groupId(n)); }
    Session *sessionOn(const QString &account = accountA, const QString &token = tokenA1)
    {
        auto *session = new Session(Connection{m_server->baseUrl(), account, token});
        session->client()->setRetryPolicy(quickRetries());
        session->sender()->setBackoff(100ms, 300ms);
        session->keepOutbox(m_journals.path());
        return session;
    }
    static bool openAndLoad(Session &session)
    {
        QSignalSpy finished(&session, &Session::loadingFinished);
        session.open();
        return finished.wait() && QTest::qWaitFor([&] { return session.outbox()->isReady(); });
    }
    void serverDown()
    {
        m_port = m_server->port();
        m_server.reset();
    }
    bool serverUp()
    {
        m_server = std::make_unique<SandboxServer>(m_store.get());
        return m_server->listenOnLoopback(m_port);
    }

    // A session of the host's, opened, whose server goes down before `change` is made in it,
    // and left: it sends in the background.
    Session *leftWithAChangeWhileDown(SessionHost &host,
                                      const std::function<void(Session &)> &change)
    {
        host.setLeaveLimit(200ms);
        Session *session = sessionOn();
        host.setCurrent(session);
        if (!openAndLoad(*session))
            return nullptr;
        serverDown();
        change(*session);
        host.leaveCurrent();
        return QTest::qWaitFor([&] { return session->isWaitingForOutbox(); }, 5000) ? session
                                                                                    : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(u"KPI Groups Tests"_s);
        QCoreApplication::setApplicationName(u"tst_sessionhost"_s);
    }
    void init()
    {
        QVERIFY(m_journals.isValid());
        QDir(m_journals.path()).removeRecursively();
        QVERIFY(Fixture::startSandbox(m_store, m_server));
    }
    void cleanup()
    {
        m_server.reset();
        m_store.reset();
    }

    void keepsSendingWhatALeftSessionCouldNotSend()
    {
        SessionHost host;
        QSignalSpy leftChanged(&host, &SessionHost::leftChanged);
        QSignalSpy ending(&host, &SessionHost::ending);
        Session *first = leftWithAChangeWhileDown(
            host, [](Session &session) { session.setFavorite(groupId(1), true); });
        QVERIFY(first);
        QCOMPARE(host.leaving(), QList<Session *>{first});
        QCOMPARE(host.changesLeftToSend(), 1);
        QCOMPARE(ending.size(), 0); // not given up: still sending
        QTest::qWait(500);
        QVERIFY(serverUp());
        // Tried a few seconds apart at most, in the background.
        QVERIFY(QTest::qWaitFor([&] { return starred(1); }, 8000));
        QVERIFY(QTest::qWaitFor([&] { return host.leaving().isEmpty(); }));
        QCOMPARE(ending.size(), 1);
        QCOMPARE(host.changesLeftToSend(), 0);
        QVERIFY(leftChanged.size() >= 2);
        QCOMPARE(m_server->changesReceived(),
                 QStringList{u"PUT /kpis/groups/%1/favorite"_s.arg(groupId(1))});
    }

    void aConnectionOpenedAgainTakesOverWhatItsLeftSessionStillSends()
    {
        SessionHost host;
        QVERIFY(leftWithAChangeWhileDown(
            host, [](Session &session) { session.renameGroup(groupId(3), u"First"_s); }));
        QVERIFY(serverUp());
        m_server->faults().setLatency(300); // no answer before the switch below
        Session *again = sessionOn();
        QSignalSpy ending(&host, &SessionHost::ending);
        host.setCurrent(again); // the left one ends now; its journal goes with this one
        QCOMPARE(ending.size(), 1);
        QVERIFY(host.leaving().isEmpty());
        QVERIFY(openAndLoad(*again));
        again->renameGroup(groupId(3), u"Second"_s); // after the first, in order
        QVERIFY(QTest::qWaitFor([&] { return again->outbox()->isEmpty(); }, 10000));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Second"_s);
        QVERIFY(m_server->changesReceived().size() <= 3); // no loop; each rename once or so
    }

    void asksAboutWhatALeftSessionStillHasWhenClosing()
    {
        SessionHost host;
        Session *first = leftWithAChangeWhileDown(
            host, [](Session &session) { session.setFavorite(groupId(1), true); });
        QVERIFY(first);

        QSignalSpy asked(&host, &SessionHost::unsentOnClosing);
        QSignalSpy done(&host, &SessionHost::done);
        host.close();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.at(0).at(0).value<Session *>(), first);
        QCOMPARE(asked.at(0).at(1).toInt(), 1);
        QVERIFY(!host.isDone());
        host.keepForNextStart(first);
        QCOMPARE(done.size(), 1);
        QVERIFY(host.isDone());
    }

    void endsASessionThatCannotSendByItself()
    {
        SessionHost host;
        host.setLeaveLimit(200ms);
        Session *refused = sessionOn(accountA, u"revoked"_s);
        host.setCurrent(refused);
        QSignalSpy tokenRefused(refused, &Session::tokenRefused);
        refused->open();
        QVERIFY(tokenRefused.wait());
        QVERIFY(QTest::qWaitFor([&] { return refused->outbox()->isReady(); }));
        OutboxChange star; // made before the token was refused
        star.kind = OutboxChange::Kind::Star;
        star.groupId = groupId(6);
        refused->sender()->add(star);
        QVERIFY(QTest::qWaitFor([&] { return !refused->sendsByItself(); }, 5000));
        QSignalSpy kept(&host, &SessionHost::keptForLater);
        host.leaveCurrent();
        QVERIFY(kept.size() == 1 || kept.wait());
        QCOMPARE(kept.at(0).at(1).toInt(), 1);
        QVERIFY(QTest::qWaitFor([&] { return host.leaving().isEmpty(); }));
    }

    // What shows the current session (the window) has it before it opens, to see its cached
    // list and its loading, and lets go of it before it leaves; quitting keeps it in view.
    void saysWhichSessionIsCurrentBeforeItOpensAndBeforeItLeaves()
    {
        SessionHost host;
        QList<Session *> told;
        bool loadingWhenTold = false;
        Session *shown = nullptr;
        bool leavingWhenLetGo = false;
        connect(&host, &SessionHost::currentChanged, this, [&](Session *current) {
            told.append(current);
            if (current)
                loadingWhenTold = current->isLoading();
            else
                leavingWhenLetGo = shown->isLeaving();
            shown = current;
        });
        Session *opened =
            host.open({m_server->baseUrl(), accountA, tokenA1}, {.keepOutbox = false});
        QCOMPARE(told, QList<Session *>{opened});
        QCOMPARE(host.current(), opened);
        QVERIFY(!loadingWhenTold);
        QVERIFY(opened->isLoading());
        host.leaveCurrent();
        QCOMPARE(told, (QList<Session *>{opened, nullptr}));
        QVERIFY(!leavingWhenLetGo);
        QVERIFY(opened->isLeaving());

        Session *again = host.open({m_server->baseUrl(), accountA, tokenA1}, {.keepOutbox = false});
        host.close();
        QCOMPARE(told.constLast(), again);
        QCOMPARE(host.current(), nullptr);
    }

    void remembersWhichSessionThePersonWaitsFor()
    {
        SessionHost host;
        Session *first = leftWithAChangeWhileDown(
            host, [](Session &session) { session.setFavorite(groupId(1), true); });
        QVERIFY(first);
        host.close();
        QCOMPARE(host.waitingForServer(), nullptr);
        host.waitForServer(first);
        QCOMPARE(host.waitingForServer(), first);
        QVERIFY(serverUp());
        QVERIFY(QTest::qWaitFor([&] { return host.isDone(); }, 10000));
        QCOMPARE(host.waitingForServer(), nullptr);
        QVERIFY(starred(1));
    }

    void aDraftAloneIsHandedToTheNextSessionOfItsConnection()
    {
        SessionHost host;
        Session *first = sessionOn();
        host.setCurrent(first);
        QVERIFY(openAndLoad(*first));
        first->setDraft(groupId(3), u"Typed"_s); // nothing else: no change to send
        first->outbox()->waitForWrites();
        Session *second = sessionOn(); // the same connection, opened again (a token given)
        QSignalSpy found(second, &Session::draftsFound);
        host.setCurrent(second);
        QVERIFY(openAndLoad(*second));
        QVERIFY(QTest::qWaitFor([&] { return second->drafts().value(groupId(3)) == u"Typed"_s; }));
        QVERIFY(found.size() >= 1);
        using Drafts = QHash<QString, QString>;
        QCOMPARE(found.constLast().at(0).value<Drafts>().value(groupId(3)), u"Typed"_s);
    }
};

QTEST_GUILESS_MAIN(TestSessionHost)
#include "tst_sessionhost.moc"

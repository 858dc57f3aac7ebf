#include "apijson.h"
#include "groupsbyid.h"
#include "kpigroupsclient.h"
#include "replylimits.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "sandboxthread.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QUrlQuery>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Fixture;

Q_DECLARE_METATYPE(SandboxServer::Paging)

namespace {

QStringList idsOf(const QList<KpiGroup> &groups)
{
    QStringList ids;
    for (const KpiGroup &group : groups)
        ids.append(group.id);
    return ids;
}

QStringList capturedLog;
QtMessageHandler previousHandler = nullptr;
void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    capturedLog.append(QString::fromLatin1(context.category) + u' ' + message);
    if (type == QtFatalMsg)
        previousHandler(type, context, message);
}

} // namespace

class TestKpiGroupsClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<KpiGroupsClient> m_client;

    Connection connection(const QString &token = tokenA1, const QString &account = accountA) const
    {
        return {m_server->baseUrl(), account, token};
    }

    // The account's group ids as the server orders them by name, every one.
    static QStringList idsByName(const SandboxStore &store)
    {
        SandboxError error;
        const SandboxListQuery query = SandboxListQuery::parse(
            QUrlQuery(u"sort=name"_s), SandboxCollection::Groups, 1 << 30, &error);
        const SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
        QStringList ids;
        for (const qsizetype row : store.listGroups(account, {}, query).rows)
            ids.append(account.groups.at(row).id);
        return ids;
    }

    // Groups made long ago, after the fixture's: the ones a lookup that is not filtered finds.
    void addOldGroups(int count)
    {
        for (int i = 1; i <= count; ++i)
            m_store->addGroup(accountA,
                              {u"cc%1"_s.arg(i, 22, 10, QLatin1Char('0')), u"Old %1"_s.arg(i),
                               userA1, userA1, date(1, 1), date(1, 1)});
    }

    static RetryPolicy fastPolicy()
    {
        RetryPolicy policy;
        policy.firstBackoff = 20ms;
        policy.transferTimeout = 5000ms;
        return policy;
    }

    // Waits for the one signal that ends the call, and checks that it is the only one; what it
    // brought is read as it ends (the call is deleted after).
    struct Ending
    {
        bool succeeded = false;
        std::optional<ApiError> error;
        RequestInfo info;
        KpiGroup group;
        QList<KpiGroup> groups;
        qsizetype total = 0;
        QList<Kpi> kpis;
        QHash<QString, QString> names;
    };
    Ending waitFor(ApiCall *call)
    {
        Ending ending;
        ending.info = call->info();
        int ends = 0;
        QObject context;
        connect(call, &ApiCall::succeeded, &context, [&, call] {
            ++ends;
            ending.succeeded = true;
            if (const auto *one = qobject_cast<GroupCall *>(call)) {
                ending.group = one->group();
            } else if (const auto *list = qobject_cast<GroupListCall *>(call)) {
                ending.groups = list->groups();
                ending.total = list->totalCount();
            } else if (const auto *kpis = qobject_cast<KpiListCall *>(call)) {
                ending.kpis = kpis->kpis();
                ending.total = kpis->totalCount();
            } else if (const auto *users = qobject_cast<UserNamesCall *>(call)) {
                ending.names = users->names();
            }
        });
        connect(call, &ApiCall::failed, &context, [&, call](const ApiError &error) {
            ++ends;
            ending.error = error;
            if (const auto *list = qobject_cast<GroupListCall *>(call)) { // what was read of it
                ending.groups = list->groups();
                ending.total = list->totalCount();
            }
        });
        if (!QTest::qWaitFor([&] { return ends > 0; }, 20000)) {
            qWarning("request %llu did not end", ending.info.id);
            return ending;
        }
        QTest::qWait(30); // nothing else may follow
        if (ends != 1)
            qWarning("request %llu ended %d times", ending.info.id, ends);
        return ending;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(Fixture::startSandbox(m_store, m_server));
        m_client = Fixture::clientFor(*m_server);
        m_client->setRetryPolicy(fastPolicy());
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
        m_store.reset();
    }

    void listsGroups()
    {
        ListQuery query;
        query.filter = u"{\"name\":{\"$regex\":\"^sales\",\"$options\":\"i\"}}"_s;
        query.sort = u"-name"_s;
        const Ending ending = waitFor(m_client->listGroups(query));
        QVERIFY(!ending.error);
        const auto groups = ending.groups;
        QCOMPARE(idsOf(groups), (QStringList{groupId(2), groupId(1)}));
        QCOMPARE(ending.total, 2);
        QCOMPARE(groups.at(0).name, u"sales APAC"_s);
        QCOMPARE(groups.at(0).favorite, true);
        QCOMPARE(groups.at(1).favorite, false);
    }

    void fetchesAGroup()
    {
        const Ending ending = waitFor(m_client->getGroup(groupId(4)));
        QVERIFY(!ending.error);
        const KpiGroup group = ending.group;
        QCOMPARE(group, (KpiGroup{groupId(4), accountA, u"Zürich Office"_s, userA1, userA2,
                                  QDateTime::fromMSecsSinceEpoch(date(1, 4), Qt::UTC),
                                  QDateTime::fromMSecsSinceEpoch(date(2, 7), Qt::UTC), false}));
    }

    void createsRenamesAndDeletes()
    {
        const Ending created = waitFor(m_client->createGroup(u"  Déjà vu  "_s));
        QVERIFY(!created.error);
        const KpiGroup group = created.group;
        QCOMPARE(group.name, u"Déjà vu"_s);
        QCOMPARE(group.createdById, userA1);
        QVERIFY(m_store->group(*m_store->account(accountA), group.id));

        const Ending renamed = waitFor(m_client->renameGroup(group.id, u" Encore "_s));
        QVERIFY(!renamed.error);
        QCOMPARE(renamed.info.groupId, group.id);
        QCOMPARE(m_store->group(*m_store->account(accountA), group.id)->name, u"Encore"_s);

        const Ending deleted = waitFor(m_client->deleteGroup(group.id));
        QVERIFY(!deleted.error);
        QCOMPARE(deleted.info.groupId, group.id);
        QVERIFY(!m_store->group(*m_store->account(accountA), group.id));
    }

    void starsAndUnstars()
    {
        const Ending starred = waitFor(m_client->favoriteGroup(groupId(1)));
        QVERIFY(!starred.error);
        QCOMPARE(starred.info.groupId, groupId(1));
        QVERIFY(m_store->isFavorite(*m_store->account(accountA), userA1, groupId(1)));

        const Ending unstarred = waitFor(m_client->unfavoriteGroup(groupId(2)));
        QVERIFY(!unstarred.error);
        QCOMPARE(unstarred.info.groupId, groupId(2));
        QVERIFY(!m_store->isFavorite(*m_store->account(accountA), userA1, groupId(2)));
    }

    void listsAGroupsKpisAndRemovesOne()
    {
        const Ending listed = waitFor(m_client->listGroupKpis(groupId(1)));
        QVERIFY(!listed.error);
        QCOMPARE(listed.info.groupId, groupId(1));
        const auto kpis = listed.kpis;
        QCOMPARE(kpis.size(), 3);
        QCOMPARE(kpis.at(0),
                 (Kpi{kpiId(2), u"Churn"_s, u"Lost customers"_s, userA2, {groupId(1)}, true}));
        QCOMPARE(kpis.at(1).id, kpiId(4));
        QCOMPARE(kpis.at(2).id, kpiId(1));

        const Ending removed = waitFor(m_client->removeKpiFromGroup(kpiId(1), groupId(1)));
        QVERIFY(!removed.error);
        QCOMPARE(removed.info.kpiId, kpiId(1));
        QCOMPARE(removed.info.groupId, groupId(1));
        const SandboxAccount &account = *m_store->account(accountA);
        QCOMPARE(account.kpis.at(account.kpiIndex.value(kpiId(1))).groupIds,
                 QStringList{groupId(2)});

        const Ending again = waitFor(m_client->removeKpiFromGroup(kpiId(1), groupId(1)));
        QVERIFY(again.error);
        QCOMPARE(again.error->kind, ApiError::Kind::NotFound);
        QCOMPARE(again.info.endpoint, Endpoint::RemoveKpiFromGroup);
        QCOMPARE(again.info.kpiId, kpiId(1));
        QCOMPARE(again.info.groupId, groupId(1));
    }

    void addsAKpiToAGroupOnceHoweverOftenAsked()
    {
        const Ending added = waitFor(m_client->addKpiToGroup(kpiId(2), groupId(2)));
        QVERIFY(added.succeeded);
        QCOMPARE(added.info.endpoint, Endpoint::AddKpiToGroup);
        QCOMPARE(added.info.kpiId, kpiId(2));
        QCOMPARE(added.info.groupId, groupId(2));
        QCOMPARE(
            m_server->changesReceived(),
            QStringList{u"PUT /kpis/fffffffffffffffffffffff2/groups/000000000000000000000002"_s});
        const SandboxAccount &account = *m_store->account(accountA);
        QCOMPARE(account.kpis.at(account.kpiIndex.value(kpiId(2))).groupIds,
                 (QStringList{groupId(1), groupId(2)}));

        const Ending again = waitFor(m_client->addKpiToGroup(kpiId(2), groupId(2)));
        QVERIFY(again.succeeded);
        QCOMPARE(account.kpis.at(account.kpiIndex.value(kpiId(2))).groupIds,
                 (QStringList{groupId(1), groupId(2)}));
        QVERIFY(m_client->offersKpiAdding());
    }

    void remembersAServerWithoutTheAdd_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("404, no such address") << 404;
        QTest::newRow("405, method not allowed") << 405;
    }
    void remembersAServerWithoutTheAdd()
    {
        QFETCH(int, status);
        m_server->setKpiAddingRefusal(status);
        const Ending refused = waitFor(m_client->addKpiToGroup(kpiId(2), groupId(2)));
        QVERIFY(refused.error);
        QCOMPARE(refused.error->kind, ApiError::Kind::Unsupported);
        QCOMPARE(refused.error->httpStatus, status);
        QCOMPARE(refused.error->message,
                 u"This server does not offer adding KPIs to groups; add them in Quantive's web "
                 "app."_s);
        QVERIFY(!m_client->offersKpiAdding());
        // A 404 is the server's only once the group is known to be there.
        QCOMPARE(
            m_server->requestsReceived(),
            status == 404
                ? (QStringList{
                      u"PUT /kpis/fffffffffffffffffffffff2/groups/000000000000000000000002"_s,
                      u"GET /kpis/groups/000000000000000000000002"_s})
                : QStringList{
                      u"PUT /kpis/fffffffffffffffffffffff2/groups/000000000000000000000002"_s});

        // Remembered for the connection: the next add is not sent at all.
        const int before = m_server->requestCount();
        const Ending next = waitFor(m_client->addKpiToGroup(kpiId(3), groupId(1)));
        QVERIFY(next.error);
        QCOMPARE(next.error->kind, ApiError::Kind::Unsupported);
        QCOMPARE(m_server->requestCount(), before);
        const SandboxAccount &account = *m_store->account(accountA);
        QCOMPARE(account.kpis.at(account.kpiIndex.value(kpiId(2))).groupIds,
                 QStringList{groupId(1)});
    }

    void tellsAGroupGoneFromAServerWithoutTheAdd()
    {
        // The sandbox serves the add: its 404 is the group's, and the add is still offered.
        const Ending gone = waitFor(m_client->addKpiToGroup(kpiId(2), otherGroupId()));
        QVERIFY(gone.error);
        QCOMPARE(gone.error->kind, ApiError::Kind::NotFound);
        QCOMPARE(
            gone.error->message,
            u"This KPI group no longer exists; someone may have deleted it. Refresh the list."_s);
        QVERIFY(m_client->offersKpiAdding());
    }

    void findsALostAddInTheKpisGroups()
    {
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^PUT /kpis/"_s);
        const Ending added = waitFor(m_client->addKpiToGroup(kpiId(3), groupId(4)));
        QVERIFY(added.succeeded);
        // Sent once: the KPI read back in the group is the answer.
        QCOMPARE(
            m_server->changesReceived(),
            QStringList{u"PUT /kpis/fffffffffffffffffffffff3/groups/000000000000000000000004"_s});
        QCOMPARE(
            m_server->requestsReceived().constLast(),
            u"GET /kpis?filter={\"id\":{\"$in\":[\"fffffffffffffffffffffff3\"]}}&fields=id,groupIds"_s);
        const SandboxAccount &account = *m_store->account(accountA);
        QCOMPARE(account.kpis.at(account.kpiIndex.value(kpiId(3))).groupIds,
                 QStringList{groupId(4)});
    }

    // A server that ignores the filter sends every KPI of the account: only the group's are its.
    void keepsOnlyTheGroupsKpisFromAServerThatIgnoresTheFilter()
    {
        SandboxServer::Paging ignoring;
        ignoring.ignoreFilter = true;
        m_server->setPaging(ignoring);
        KpiListCall *call = m_client->listGroupKpis(groupId(3));
        QSignalSpy leftOut(call, &KpiListCall::otherGroupsKpisLeftOut);
        const Ending listed = waitFor(call);
        QVERIFY(!listed.error);
        const auto kpis = listed.kpis;
        QCOMPARE(kpis.size(), 1);
        QCOMPARE(kpis.at(0).id, kpiId(4));
        QCOMPARE(leftOut.size(), 1);
        QCOMPARE(listed.info.groupId, groupId(3));
        QCOMPARE(leftOut.at(0).at(0).value<qsizetype>(), 3);
        QCOMPARE(m_server->requestsReceived(),
                 QStringList{u"GET /kpis?filter={\"groupIds\":{\"$in\":[\"%1\"]}}&sort=name&"
                             "fields=id,name,description,ownerId,groupIds"_s.arg(groupId(3))});

        // A server that filters as asked: nothing to say.
        m_server->setPaging({});
        KpiListCall *filtered = m_client->listGroupKpis(groupId(1));
        QSignalSpy nothingLeftOut(filtered, &KpiListCall::otherGroupsKpisLeftOut);
        waitFor(filtered);
        QCOMPARE(nothingLeftOut.size(), 0);
    }

    void reportsEachErrorKind_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("account");
        QTest::addColumn<int>("faultStatus");
        QTest::addColumn<QString>("groupId");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QString>("serverMessage");
        QTest::addColumn<int>("requestsSent");
        QTest::newRow("401") << u"wrong"_s << accountA << 0 << groupId(1)
                             << ApiError::Kind::Unauthorized << 401
                             << u"Missing or invalid API token"_s << 1;
        QTest::newRow("403") << tokenA1 << accountB << 0 << groupId(1) << ApiError::Kind::Forbidden
                             << 403 << u"The token's user has no access to this account"_s << 1;
        QTest::newRow("404") << tokenA1 << accountA << 0 << groupId(77) << ApiError::Kind::NotFound
                             << 404 << u"KPI group not found"_s << 1;
        QTest::newRow("400") << tokenA1 << accountA << 400 << groupId(1)
                             << ApiError::Kind::BadRequest << 400 << u"Bad request"_s << 1;
        QTest::newRow("not an id, never sent") << tokenA1 << accountA << 0 << u"not-an-id"_s
                                               << ApiError::Kind::BadRequest << 0 << QString() << 0;
        QTest::newRow("402") << tokenA1 << accountA << 402 << groupId(1)
                             << ApiError::Kind::PaymentRequired << 402
                             << u"Payment required: the account's plan does not include this"_s
                             << 1;
        QTest::newRow("500, retried")
            << tokenA1 << accountA << 500 << groupId(1) << ApiError::Kind::Server << 500
            << u"Internal server error"_s << 3;
        QTest::newRow("503, retried")
            << tokenA1 << accountA << 503 << groupId(1) << ApiError::Kind::Server << 503
            << u"Internal server error"_s << 3;
    }
    void reportsEachErrorKind()
    {
        QFETCH(QString, token);
        QFETCH(QString, account);
        QFETCH(int, faultStatus);
        QFETCH(QString, groupId);
        QFETCH(ApiError::Kind, kind);
        QFETCH(int, httpStatus);
        QFETCH(QString, serverMessage);
        QFETCH(int, requestsSent);
        m_client->setConnection(connection(token, account));
        if (faultStatus)
            m_server->faults().failNext(faultStatus, -1);
        ApiCall *call = m_client->getGroup(groupId);
        const RequestId id = call->id();
        const Ending ending = waitFor(call);
        QVERIFY(ending.error);
        QCOMPARE(ending.error->kind, kind);
        QCOMPARE(ending.error->httpStatus, httpStatus);
        QCOMPARE(ending.error->serverMessage, serverMessage);
        QVERIFY(!ending.error->message.isEmpty());
        QCOMPARE(ending.info.id, id);
        QCOMPARE(ending.info.endpoint, Endpoint::GetGroup);
        QCOMPARE(ending.info.groupId, groupId);
        QCOMPARE(m_server->requestCount(), requestsSent);
    }

    void retriesA500ThenSucceeds()
    {
        m_server->faults().failNext(500, 2);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(!ending.error);
        QCOMPARE(m_server->requestCount(), 3);
    }

    void neverResendsPostOrPatch()
    {
        m_server->faults().failNext(500, 1);
        const Ending created = waitFor(m_client->createGroup(u"Once"_s));
        QCOMPARE(created.error->kind, ApiError::Kind::Server);
        m_server->faults().failNext(503, 1);
        const Ending renamed = waitFor(m_client->renameGroup(groupId(1), u"Once"_s));
        QCOMPARE(renamed.error->kind, ApiError::Kind::Server);
        QCOMPARE(m_server->requestCount(), 2);
        QCOMPARE(m_store->account(accountA)->groups.size(), 6);
    }

    void waitsOutRateLimits()
    {
        SandboxFaults::Fault limit;
        limit.kind = SandboxFaults::Kind::RateLimit;
        limit.retryAfterSeconds = 1;
        m_server->faults().add(limit, 1);
        QElapsedTimer timer;
        timer.start();
        const Ending ending = waitFor(m_client->createGroup(u"After a pause"_s));
        QVERIFY(!ending.error);
        QVERIFY(timer.elapsed() >= 950);
        QCOMPARE(m_server->requestCount(), 2);
    }

    // Never before the server said: a coarse timer ends up to 5 % of its wait early, rounded to
    // a boundary of the second. The wait here starts about 565 ms past a second (the monotonic
    // clock of Qt's timers and of QElapsedTimer), where a coarse 2 s ends at 500 ms: 65 ms early.
    void neverRetriesBeforeRetryAfter()
    {
        waitFor(m_client->getGroup(groupId(2)));
        SandboxFaults::Fault limit;
        limit.kind = SandboxFaults::Kind::RateLimit;
        limit.retryAfterSeconds = 2;
        m_server->faults().add(limit, 1);
        qint64 retried = -1;
        QElapsedTimer clock;
        QObject context;
        clock.start();
        QThread::msleep(ulong(1560 - clock.msecsSinceReference() % 1000) % 1000);
        while (clock.msecsSinceReference() % 1000 != 560)
            clock.start();
        GroupCall *call = m_client->getGroup(groupId(1));
        connect(call, &ApiCall::succeeded, &context, [&] { retried = clock.elapsed(); });
        const Ending ending = waitFor(call);
        QVERIFY(!ending.error);
        QCOMPARE(m_server->requestCount(), 3);
        QVERIFY2(retried >= 2000, qPrintable(QString::number(retried)));
        QVERIFY2(retried < 2500, qPrintable(QString::number(retried)));
    }

    void givesUpOnLongRateLimits()
    {
        SandboxFaults::Fault limit;
        limit.kind = SandboxFaults::Kind::RateLimit;
        limit.retryAfterSeconds = 3600;
        m_server->faults().add(limit, -1);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QCOMPARE(ending.error->kind, ApiError::Kind::RateLimited);
        QCOMPARE(ending.error->httpStatus, 429);
        QCOMPARE(m_server->requestCount(), 1);
    }

    void timesOut()
    {
        RetryPolicy policy = fastPolicy();
        policy.transferTimeout = 200ms;
        policy.maxAttempts = 2;
        m_client->setRetryPolicy(policy);
        m_server->faults().setLatency(1500);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QCOMPARE(ending.error->kind, ApiError::Kind::Timeout);
        QCOMPARE(ending.error->httpStatus, 0);
    }

    // Behind a proxy that lets the server carry a request out, then closes the connection
    // without the answer: Qt would send the change again by itself; the client never does.
    void sendsACreateOnceWhenItsAnswerIsLost()
    {
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^POST "_s);
        const Ending created = waitFor(m_client->createGroup(u"Lost and found"_s));
        QVERIFY(!created.error); // found again: the group is there, once
        const QList<SandboxGroup> &groups = m_store->account(accountA)->groups;
        const auto named = std::count_if(groups.begin(), groups.end(), [](const auto &group) {
            return group.name == u"Lost and found"_s;
        });
        QCOMPARE(named, 1);
        QCOMPARE(created.group.id, groups.constLast().id);
        QCOMPARE(m_server->requestCount(), 2); // the POST, then the list that found it
    }

    void saysWhenALostCreateWasNotMade()
    {
        SandboxFaults::Fault closeEarly;
        closeEarly.kind = SandboxFaults::Kind::Drop; // closed before the request was read
        m_server->faults().add(closeEarly, 1, u"^POST "_s);
        const Ending created = waitFor(m_client->createGroup(u"Never made"_s));
        QVERIFY(created.error);
        QCOMPARE(created.error->kind, ApiError::Kind::Network);
        QCOMPARE(created.error->message, u"The server did not answer, and it has no new group "
                                         "named “Never made”: it was not created. Try again."_s);
        QCOMPARE(m_store->account(accountA)->groups.size(), 6);
    }

    // Servers this project did not write, and a create carried out and never answered: the
    // group is found, and the create is never sent again.
    void findsALostCreateOnAnyServer_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<SandboxServer::Paging>("paging");
        QTest::addColumn<bool>("normalizesNames");
        QTest::addColumn<int>("serverClockBehind"); // seconds
        QTest::addColumn<QString>("kept");          // the name as the server keeps it
        QTest::addColumn<QStringList>("lookups");   // the requests after the POST

        const QString byName =
            u"GET /kpis/groups?filter={\"name\":\"Lost and found\"}&sort=-dateCreated&take=20"_s;
        const QString everything = u"GET /kpis/groups?sort=-dateCreated&take=1000"_s;
        SandboxServer::Paging ignoring;
        ignoring.ignoreFilter = true;
        QTest::newRow("filter and sort ignored")
            << u"Lost and found"_s << ignoring << false << 0 << u"Lost and found"_s
            << QStringList{byName, everything};
        SandboxServer::Paging capped = ignoring;
        capped.silentCap = 7;
        QStringList pages = {byName, everything};
        for (int skip = 7; skip <= 35; skip += 7)
            pages.append(u"GET /kpis/groups?sort=-dateCreated&skip=%1&take=1000"_s.arg(skip));
        QTest::newRow("filter and sort ignored, pages capped at 7")
            << u"Lost and found"_s << capped << false << 0 << u"Lost and found"_s << pages;
        QTest::newRow("names normalised")
            << u"Lost  and   found"_s << SandboxServer::Paging() << true << 0 << u"Lost and found"_s
            << QStringList{u"GET /kpis/groups?filter={\"name\":{\"$in\":[\"Lost  and   "
                           "found\",\"Lost and found\"]}}&sort=-dateCreated&take=20"_s};
        QTest::newRow("the server's clock 9 minutes behind")
            << u"Lost and found"_s << SandboxServer::Paging() << false << 9 * 60
            << u"Lost and found"_s << QStringList{byName};
    }
    void findsALostCreateOnAnyServer()
    {
        QFETCH(QString, name);
        QFETCH(SandboxServer::Paging, paging);
        QFETCH(bool, normalizesNames);
        QFETCH(int, serverClockBehind);
        QFETCH(QString, kept);
        QFETCH(QStringList, lookups);
        addOldGroups(30); // more than one lookup of 20 holds
        m_server->setPaging(paging);
        m_server->setNormalizesNames(normalizesNames);
        m_store->setClock([serverClockBehind] {
            return QDateTime::currentMSecsSinceEpoch() - qint64(serverClockBehind) * 1000;
        });
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^POST "_s);

        const Ending created = waitFor(m_client->createGroup(name));
        // The description is evaluated whatever the outcome: never of an empty optional.
        QVERIFY2(!created.error, created.error ? qPrintable(created.error->message) : "");
        const QList<SandboxGroup> &groups = m_store->account(accountA)->groups;
        QCOMPARE(groups.constLast().name, kept);
        QCOMPARE(created.group.id, groups.constLast().id);
        const auto named = std::count_if(groups.begin(), groups.end(),
                                         [&](const auto &group) { return group.name == kept; });
        QCOMPARE(named, 1);
        QCOMPARE(m_server->requestsReceived(), QStringList{u"POST /kpis/groups"_s} + lookups);
    }

    // "Not created" only from a whole reading; without one, it may have been.
    void saysALostCreateMayHaveBeenMadeUnlessAWholeReadingShows()
    {
        addOldGroups(30);
        SandboxServer::Paging ignoring;
        ignoring.ignoreFilter = true;
        m_server->setPaging(ignoring);
        SandboxFaults::Fault closeEarly;
        closeEarly.kind = SandboxFaults::Kind::Drop; // closed before the request was read
        m_server->faults().add(closeEarly, 1, u"^POST "_s);
        const Ending notMade = waitFor(m_client->createGroup(u"Never made"_s));
        QCOMPARE(notMade.error->kind, ApiError::Kind::Network);
        QCOMPARE(notMade.error->message, u"The server did not answer, and it has no new group "
                                         "named “Never made”: it was not created. Try again."_s);
        QCOMPARE(m_server->requestsReceived(),
                 (QStringList{u"POST /kpis/groups"_s,
                              u"GET /kpis/groups?filter={\"name\":\"Never made\"}&sort=-"
                              "dateCreated&take=20"_s,
                              u"GET /kpis/groups?sort=-dateCreated&take=1000"_s,
                              u"GET /kpis/groups?sort=-dateCreated&skip=36&take=1000"_s}));

        // One group a page: twenty pages do not read the whole list.
        ignoring.silentCap = 1;
        m_server->setPaging(ignoring);
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^POST "_s);
        const int before = m_server->requestCount();
        const Ending unknown = waitFor(m_client->createGroup(u"Lost and found"_s));
        QCOMPARE(unknown.error->kind, ApiError::Kind::OutcomeUnknown);
        QCOMPARE(unknown.error->message,
                 u"The server did not answer, and it could not be found out whether “Lost and "
                 "found” was created: it may have been. Refresh before you create it again."_s);
        QCOMPARE(m_server->requestCount() - before, 1 + 1 + 20);
        QCOMPARE(m_server->changesReceived(),
                 (QStringList{u"POST /kpis/groups"_s, u"POST /kpis/groups"_s}));
    }

    // A name the server will not take (already used, say): its reason, in its words.
    void saysTheServerRefusedAName()
    {
        SandboxFaults::Fault taken;
        taken.status = 409;
        taken.message = u"A KPI group named “Marketing” already exists"_s;
        m_server->faults().add(taken, 2, u"^(PATCH|POST) "_s);
        const Ending renamed = waitFor(m_client->renameGroup(groupId(1), u"Marketing"_s));
        QCOMPARE(renamed.error->kind, ApiError::Kind::BadRequest);
        QCOMPARE(renamed.error->httpStatus, 409);
        QCOMPARE(renamed.error->toString(),
                 u"The server refused the name (HTTP 409). The server said: A KPI group named "
                 "“Marketing” already exists"_s);
        const Ending created = waitFor(m_client->createGroup(u"Marketing"_s));
        QCOMPARE(created.error->toString(), renamed.error->toString());
        QCOMPARE(m_server->requestCount(), 2); // refused: nothing to find out, nothing sent again
    }

    void findsOutWhetherALostRenameWasMade()
    {
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^PATCH "_s);
        const Ending renamed = waitFor(m_client->renameGroup(groupId(1), u"Once only"_s));
        QVERIFY(!renamed.error);
        QCOMPARE(m_store->group(*m_store->account(accountA), groupId(1))->name, u"Once only"_s);
        QCOMPARE(m_server->requestCount(), 2); // the PATCH, then the GET that saw the new name
    }

    void countsALostDeleteAnsweredNotFoundAsDone()
    {
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^DELETE /kpis/groups/"_s);
        const Ending deleted = waitFor(m_client->deleteGroup(groupId(2)));
        QVERIFY(!deleted.error);
        QVERIFY(!m_store->group(*m_store->account(accountA), groupId(2)));
        m_server->faults().add(lost, 1, u"^DELETE /kpis/"_s);
        const Ending removed = waitFor(m_client->removeKpiFromGroup(kpiId(1), groupId(1)));
        QVERIFY(!removed.error);
        QCOMPARE(m_store->account(accountA)->kpis.at(0).groupIds, QStringList());
    }

    void acceptsAChangeOnlyOnTheApisAnswer_data()
    {
        QTest::addColumn<SandboxFaults::Kind>("fault");
        QTest::newRow("html 200") << SandboxFaults::Kind::Html;
        QTest::newRow("broken json 200") << SandboxFaults::Kind::Malformed;
    }
    void acceptsAChangeOnlyOnTheApisAnswer()
    {
        QFETCH(SandboxFaults::Kind, fault);
        SandboxFaults::Fault f;
        f.kind = fault;
        m_server->faults().add(f, -1);
        KpiGroupsClient *client = m_client.get();
        const QList<std::function<ApiCall *()>> changes = {
            [=] { return client->renameGroup(groupId(1), u"Sales"_s); },
            [=] { return client->deleteGroup(groupId(1)); },
            [=] { return client->favoriteGroup(groupId(1)); },
            [=] { return client->unfavoriteGroup(groupId(2)); },
            [=] { return client->removeKpiFromGroup(kpiId(1), groupId(1)); },
        };
        for (const auto &send : changes) {
            const Ending ending = waitFor(send());
            QVERIFY(ending.error);
            QCOMPARE(ending.error->kind, ApiError::Kind::BadResponse);
            QCOMPARE(ending.error->httpStatus, 200);
        }
    }

    void acceptsAnEmptyOrObjectAnswerToAChange()
    {
        QVERIFY(ApiJson::isEmptyOrObject({}));
        QVERIFY(ApiJson::isEmptyOrObject(" \r\n"));
        QVERIFY(ApiJson::isEmptyOrObject(R"({"id":"x"})"));
        QVERIFY(!ApiJson::isEmptyOrObject("<html></html>"));
        QVERIFY(!ApiJson::isEmptyOrObject(R"({"id":)"));
        QVERIFY(!ApiJson::isEmptyOrObject("[]"));
    }

    void waitsOutARetryAfterGivenAsADate()
    {
        SandboxFaults::Fault limit;
        limit.kind = SandboxFaults::Kind::RateLimit;
        limit.retryAfterSeconds = 2;
        limit.retryAfterAsDate = true;
        m_server->faults().add(limit, 1);
        QElapsedTimer timer;
        timer.start();
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(!ending.error);
        // An HTTP-date has whole seconds: between one and two seconds from when it was made.
        QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(m_server->requestCount(), 2);
    }

    void saysHowLongALongRateLimitLasts_data()
    {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<bool>("asDate");
        QTest::addColumn<QString>("wait");
        const QLocale locale;
        const QDateTime now = QDateTime::currentDateTime();
        // The time alone when it is today, else the date too (an hour before midnight).
        const QDateTime anHourLater = now.addSecs(3600);
        const QString inAnHour =
            anHourLater.date() == now.date()
                ? locale.toString(anHourLater.time(), QLocale::ShortFormat)
                : locale.toString(anHourLater, QLocale::ShortFormat).section(u' ', 0, -2);
        QTest::newRow("an hour") << 3600 << false << u"wait until "_s + inAnHour;
        QTest::newRow("an hour, as a date") << 3600 << true << u"wait until "_s + inAnHour;
        QTest::newRow("years, capped a day ahead")
            << 2000000000 << false
            << u"wait until "_s + locale.toString(now.addDays(1), QLocale::ShortFormat);
    }
    void saysHowLongALongRateLimitLasts()
    {
        QFETCH(int, seconds);
        QFETCH(bool, asDate);
        QFETCH(QString, wait);
        SandboxFaults::Fault limit;
        limit.kind = SandboxFaults::Kind::RateLimit;
        limit.retryAfterSeconds = seconds;
        limit.retryAfterAsDate = asDate;
        m_server->faults().add(limit, -1);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QCOMPARE(ending.error->kind, ApiError::Kind::RateLimited);
        QVERIFY2(ending.error->message.contains(wait), qPrintable(ending.error->message));
        QVERIFY(ending.error->message.endsWith(u"Try again then."_s));
        QCOMPARE(m_server->requestCount(), 1);
    }

    void stopsReadingAnEndlessAnswer_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::newRow("an endless group") << 200 << ApiError::Kind::BadResponse;
        QTest::newRow("an endless error") << 500 << ApiError::Kind::Server;
    }
    void stopsReadingAnEndlessAnswer()
    {
        QFETCH(int, status);
        QFETCH(ApiError::Kind, kind);
        RetryPolicy once = fastPolicy();
        once.maxAttempts = 1;
        m_client->setRetryPolicy(once);
        SandboxFaults::Fault endless;
        endless.kind = SandboxFaults::Kind::Endless;
        endless.status = status;
        m_server->faults().add(endless, -1);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(ending.error);
        QCOMPARE(ending.error->kind, kind);
        if (status == 200) {
            QCOMPARE(ending.error->message,
                     u"The server's answer grew past 1 MB, more than this request can need, so "
                     "the app stopped reading it. Try again; if it happens again, the server or "
                     "something on the way to it is broken."_s);
        } else {
            QCOMPARE(ending.error->httpStatus, 500);
        }
    }

    // An answer poured out as fast as the line takes it is stopped within a few MB of its
    // limit: as it arrives, not when Qt next reports its progress (every 100 ms, 100 MB and more
    // later on loopback), and with Qt's own buffer bounded too.
    void readsLittleMoreThanTheLimit_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<QString>("message");
        QTest::newRow("an error") << 500 << ReplyLimits::errorBody
                                  << u"The server had a problem (HTTP 500). Try again later."_s;
        QTest::newRow("a group") << 200 << ReplyLimits::single
                                 << u"The server's answer grew past 1 MB, more than this request "
                                    "can need, so the app stopped reading it. Try again; if it "
                                    "happens again, the server or something on the way to it is "
                                    "broken."_s;
    }
    void readsLittleMoreThanTheLimit()
    {
        QFETCH(int, status);
        QFETCH(qint64, limit);
        QFETCH(QString, message);
        SandboxThread sandbox; // on a thread of its own: as fast as a real server
        QVERIFY(sandbox.start());
        SandboxFaults::Fault endless;
        endless.kind = SandboxFaults::Kind::Endless;
        endless.status = status;
        sandbox.faults().add(endless, -1);
        KpiGroupsClient client;
        client.setConnection(
            {sandbox.baseUrl(), SandboxGenerator::demoAccountId, SandboxGenerator::demoToken});
        RetryPolicy once = fastPolicy();
        once.maxAttempts = 1;
        client.setRetryPolicy(once);

        const Ending ending = waitFor(client.getGroup(groupId(1)));
        QVERIFY(ending.error);
        QCOMPARE(ending.error->message, message);
        QTest::qWait(100); // the sandbox sees the connection closed
        qint64 written = 0;
        sandbox.withServer([&](SandboxServer &server) { written = server.endlessBytesWritten(); });
        // What the client read, and what the system's buffers on its side held: 60 to 780 MB
        // before the client read as bytes arrived, 1 to 3 MB since.
        constexpr qint64 fewMegabytes = 8 * 1024 * 1024;
        QVERIFY2(written > limit, qPrintable(QString::number(written)));
        QVERIFY2(written < limit + fewMegabytes, qPrintable(QString::number(written)));
    }

    // A server that answers with its whole directory, 16 MB of it (made by the sandbox before it is
    // sent: tens of seconds for 60 MB under AddressSanitizer), whatever ids it was asked for: read
    // no further than a request for names can need.
    void refusesPeopleBeyondTheirLimit()
    {
        m_server->setUsersAnswerSize(16 * 1024 * 1024);
        const Ending ending = waitFor(m_client->listUsers({userA1}));
        QVERIFY(ending.error);
        QCOMPARE(ending.error->kind, ApiError::Kind::BadResponse);
        QCOMPARE(ending.error->message,
                 u"The server's answer grew past 1 MB, more than this request can need, so the "
                 "app stopped reading it. Try again; if it happens again, the server or something "
                 "on the way to it is broken."_s);
        QCOMPARE(ending.info.endpoint, Endpoint::ListUsers);
    }

    void readsALargeButAllowedAnswerOfPeople()
    {
        m_server->setUsersAnswerSize(900 * 1024);
        const Ending ending = waitFor(m_client->listUsers({userA1, userA2}));
        QVERIFY(!ending.error);
        const auto names = ending.names;
        QCOMPARE(names.value(userA1), u"Ana Souza"_s);
        QCOMPARE(names.value(userA2), u"Björn Lindqvist"_s);
        QCOMPARE(names.value(u"e00000000000000000000002"_s), u"Someone Else 2"_s);
    }

    void shortensLongNamesOfPeople()
    {
        const QString longId = u"a3a3a3a3a3a3a3a3a3a3a3a3"_s;
        m_store->addUser({longId, u"A3"_s, accountA, u"token-a3"_s, u"Ana"_s + QString(10000, u'a'),
                          u"Souza"_s, u"ana3@a.example"_s});
        const Ending ending = waitFor(m_client->listUsers({longId}));
        QVERIFY(!ending.error);
        const auto names = ending.names;
        QCOMPARE(names.value(longId), u"Ana"_s + QString(196, u'a') + u"…"_s);
    }

    // With every thread of Qt's pool busy, the names wait: they are read there, never on the
    // thread of the event loop (which a window's is).
    void readsPeopleOffTheEventLoopsThread()
    {
        QThreadPool *pool = QThreadPool::globalInstance();
        // Shared with the tasks: one may still be waking up when the test has ended.
        auto busy = std::make_shared<QSemaphore>();
        auto release = std::make_shared<QSemaphore>();
        for (int i = 0; i < pool->maxThreadCount(); ++i) {
            pool->start([busy, release] {
                busy->release();
                release->acquire();
            });
        }
        busy->acquire(pool->maxThreadCount());
        auto freed = qScopeGuard([&] { release->release(pool->maxThreadCount()); });
        const int answered = m_server->requestCount();
        UserNamesCall *call = m_client->listUsers({userA1});
        QSignalSpy listed(call, &ApiCall::succeeded);
        QHash<QString, QString> names;
        connect(call, &ApiCall::succeeded, this, [&, call] { names = call->names(); });
        QVERIFY(QTest::qWaitFor([&] { return m_server->requestCount() > answered; }));
        QTest::qWait(100);
        QCOMPARE(listed.size(), 0);
        freed.dismiss();
        release->release(pool->maxThreadCount());
        QVERIFY(listed.wait());
        using Names = QHash<QString, QString>;
        QCOMPARE(names, (Names{{userA1, u"Ana Souza"_s}}));
    }

    void givesUpOnAnAnswerThatNeverEnds()
    {
        RetryPolicy policy = fastPolicy();
        policy.attemptDeadline = 1000ms;
        policy.maxAttempts = 1;
        m_client->setRetryPolicy(policy);
        SandboxFaults::Fault trickle;
        trickle.kind = SandboxFaults::Kind::Trickle;
        trickle.delayMs = 100; // never silent for long
        m_server->faults().add(trickle, -1);
        QTest::failOnWarning(QRegularExpression(u".*"_s)); // "device not open", once
        QElapsedTimer timer;
        timer.start();
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(timer.elapsed() < 3000);
        QCOMPARE(ending.error->kind, ApiError::Kind::Timeout);
        QCOMPARE(ending.error->message,
                 u"The server was still sending its answer after 1 s, far slower than it should, "
                 "so the app stopped waiting. Try again later."_s);
    }

    void saysWhatIsKnownAboutEachFailure()
    {
        RetryPolicy once = fastPolicy();
        once.maxAttempts = 1;
        once.transferTimeout = 300ms;
        m_client->setRetryPolicy(once);
        QTest::failOnWarning(QRegularExpression(u".*"_s));
        // Went silent after the headers.
        SandboxFaults::Fault silent;
        silent.kind = SandboxFaults::Kind::Trickle;
        silent.delayMs = 5000;
        m_server->faults().add(silent, 1);
        const Ending silence = waitFor(m_client->getGroup(groupId(1)));
        QCOMPARE(silence.error->message,
                 u"The server started to answer, then went silent. Try again in a moment."_s);
        // A 404 on the list itself: the address is wrong, nothing was deleted.
        m_server->faults().failNext(404, 1);
        const Ending notFound = waitFor(m_client->listGroups());
        QCOMPARE(notFound.error->message, u"There is no KPI groups API at this address (HTTP 404). "
                                          "Check the server address or the region."_s);
        // Redirected in a loop, on the same server.
        SandboxFaults::Fault toItself;
        toItself.kind = SandboxFaults::Kind::Redirect;
        toItself.location = m_server->baseUrl().toString() + u"/kpis/groups"_s;
        m_server->faults().add(toItself, -1);
        const Ending loop = waitFor(m_client->listGroups());
        QCOMPARE(loop.error->message, u"The server kept sending the request on to another "
                                      "address, in a loop. Check the server address."_s);
    }

    void refusesBrokenReplies_data()
    {
        QTest::addColumn<SandboxFaults::Kind>("fault");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addColumn<int>("requestsSent");
        QTest::newRow("malformed 200")
            << SandboxFaults::Kind::Malformed << ApiError::Kind::BadResponse << 1;
        QTest::newRow("html 200") << SandboxFaults::Kind::Html << ApiError::Kind::BadResponse << 1;
        QTest::newRow("truncated") << SandboxFaults::Kind::Truncate << ApiError::Kind::Network << 3;
        QTest::newRow("dropped") << SandboxFaults::Kind::Drop << ApiError::Kind::Network << -1;
    }
    void refusesBrokenReplies()
    {
        QFETCH(SandboxFaults::Kind, fault);
        QFETCH(ApiError::Kind, kind);
        QFETCH(int, requestsSent);
        SandboxFaults::Fault f;
        f.kind = fault;
        m_server->faults().add(f, -1);
        const Ending listed = waitFor(m_client->listGroups());
        QVERIFY(listed.error);
        QCOMPARE(listed.error->kind, kind);
        if (requestsSent > 0)
            QCOMPARE(m_server->requestCount(), requestsSent);
        else // Qt resends once by itself when a kept-alive connection drops
            QVERIFY(m_server->requestCount() >= 3);
    }

    void recoversFromOneDroppedConnection()
    {
        SandboxFaults::Fault drop;
        drop.kind = SandboxFaults::Kind::Drop;
        m_server->faults().add(drop, 1);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(!ending.error);
    }

    void reportsAnUnreachableServer()
    {
        Connection nowhere = connection();
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        nowhere.baseUrl.setPort(closed.serverPort());
        closed.close();
        m_client->setConnection(nowhere);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QCOMPARE(ending.error->kind, ApiError::Kind::Network);
    }

    void refusesToSendInsecurely()
    {
        Connection insecure = connection();
        insecure.baseUrl = QUrl(u"http://app.quantive.com/results/api/v1"_s);
        m_client->setConnection(insecure);
        ApiCall *call = m_client->listGroups();
        QVERIFY(!call->hasEnded());
        const Ending ending = waitFor(call);
        QCOMPARE(ending.error->kind, ApiError::Kind::Configuration);
        QVERIFY(ending.error->message.contains(u"https://"_s));
    }

    void checksNamesBeforeSending_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("blank") << u"   "_s;
        QTest::newRow("300 characters") << QString(300, u'x');
    }
    void checksNamesBeforeSending()
    {
        QFETCH(QString, name);
        const Ending created = waitFor(m_client->createGroup(name));
        QCOMPARE(created.error->kind, ApiError::Kind::BadRequest);
        const Ending renamed = waitFor(m_client->renameGroup(groupId(1), name));
        QCOMPARE(renamed.error->kind, ApiError::Kind::BadRequest);
        QCOMPARE(m_server->requestCount(), 0);
    }

    void cancelsWithOneSignal()
    {
        m_server->faults().setLatency(300);
        ApiCall *call = m_client->getGroup(groupId(1));
        QSignalSpy fetched(call, &ApiCall::succeeded);
        QSignalSpy failed(call, &ApiCall::failed);
        call->cancel();
        call->cancel();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<ApiError>().kind, ApiError::Kind::Cancelled);
        QVERIFY(call->hasEnded());
        QCOMPARE(m_client->pendingCount(), 0);
        QTest::qWait(500);
        QCOMPARE(fetched.size(), 0);
        QCOMPARE(failed.size(), 1);
    }

    void staysSilentWhenDestroyedMidFlight()
    {
        m_server->faults().setLatency(200);
        int signals = 0;
        auto *client = new KpiGroupsClient;
        client->setConnection(connection());
        for (ApiCall *call : {static_cast<ApiCall *>(client->getGroup(groupId(1))),
                              static_cast<ApiCall *>(client->listAllGroups())}) {
            connect(call, &ApiCall::succeeded, this, [&] { ++signals; });
            connect(call, &ApiCall::failed, this, [&] { ++signals; });
        }
        QTest::qWait(50);
        delete client;
        QTest::qWait(400);
        QCOMPARE(signals, 0);
    }

    void followsRedirectsOnlyWithinTheSameServer()
    {
        SandboxStore otherStore;
        Fixture::populate(otherStore);
        SandboxServer elsewhere(&otherStore);
        QVERIFY(elsewhere.listenOnLoopback());

        SandboxFaults::Fault redirect;
        redirect.kind = SandboxFaults::Kind::Redirect;
        redirect.location = elsewhere.baseUrl().toString() + u"/kpis/groups/"_s + groupId(1);
        m_server->faults().add(redirect, 1);
        const Ending away = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(away.error);
        QCOMPARE(away.error->kind, ApiError::Kind::BadResponse);
        QCOMPARE(away.error->httpStatus, 307);
        QVERIFY(away.error->message.contains(u"another address"_s));
        QCOMPARE(m_server->requestCount(), 1);
        QCOMPARE(elsewhere.requestCount(), 0); // the token never left for the other host

        redirect.location =
            m_server->baseUrl().toString() + u"/kpis/groups/"_s + groupId(1) + u"?again=1"_s;
        m_server->faults().add(redirect, 1);
        const Ending here = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(!here.error);
        QCOMPARE(here.group.id, groupId(1));
        QCOMPARE(m_server->requestCount(), 3);
    }

    // Asked for one group, answered with another (here by a redirect on the same server): not
    // taken for the one asked for.
    void refusesAnotherGroupThanTheOneAskedFor()
    {
        SandboxFaults::Fault redirect;
        redirect.kind = SandboxFaults::Kind::Redirect;
        redirect.location = m_server->baseUrl().toString() + u"/kpis/groups/"_s + groupId(2);
        m_server->faults().add(redirect, 1);
        const Ending ending = waitFor(m_client->getGroup(groupId(1)));
        QVERIFY(ending.error);
        QCOMPARE(ending.error->kind, ApiError::Kind::BadResponse);
        QCOMPARE(ending.error->message,
                 u"The server answered with another group (id “%1”) than the one asked for (id "
                 "“%2”), so its answer was not used. Try again; if it happens again, the server "
                 "or something on the way to it is broken."_s.arg(groupId(2), groupId(1)));
        QCOMPARE(ending.info.groupId, groupId(1));

        // The same id in capitals is the same group.
        const Ending capitals = waitFor(m_client->getGroup(groupId(3).toUpper()));
        QVERIFY(!capitals.error);
    }

    // A lost rename is looked up by id: another group's answer says nothing about it.
    void findsNothingOutFromAnotherGroupsAnswer()
    {
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^PATCH "_s);
        SandboxFaults::Fault redirect;
        redirect.kind = SandboxFaults::Kind::Redirect;
        redirect.location = m_server->baseUrl().toString() + u"/kpis/groups/"_s + groupId(2);
        m_server->faults().add(redirect, 1, u"^GET "_s);
        const Ending renamed = waitFor(m_client->renameGroup(groupId(1), u"Once only"_s));
        QVERIFY(renamed.error);
        QCOMPARE(renamed.error->kind, ApiError::Kind::OutcomeUnknown);
    }

    void neverLogsOrShowsTheToken()
    {
        const QString token = u"s3cr3t-t0ken-value"_s;
        m_store->addUser({u"cccccccccccccccccccccccc"_s, u"C"_s, accountA, token, u"C"_s, {}, {}});
        m_client->setConnection(connection(token));
        QLoggingCategory::setFilterRules(u"*.debug=true"_s);
        capturedLog.clear();
        previousHandler = qInstallMessageHandler(captureMessage);

        QList<ApiError> errors;
        connect(m_client.get(), &KpiGroupsClient::callStarted, this, [&](ApiCall *call) {
            connect(call, &ApiCall::failed, this,
                    [&](const ApiError &error) { errors.append(error); });
        });
        m_server->faults().failNext(401, 1);
        waitFor(m_client->getGroup(groupId(1)));
        m_server->faults().failNext(500, -1);
        waitFor(m_client->listGroups());
        m_server->faults().clear();
        SandboxFaults::Fault drop;
        drop.kind = SandboxFaults::Kind::Drop;
        m_server->faults().add(drop, -1);
        waitFor(m_client->deleteGroup(groupId(1)));

        qInstallMessageHandler(previousHandler);
        QLoggingCategory::setFilterRules(QString());
        QCOMPARE(errors.size(), 3);
        for (const ApiError &error : std::as_const(errors))
            QVERIFY(!error.toString().contains(token));
        for (const QString &line : std::as_const(capturedLog))
            QVERIFY2(!line.contains(token), qPrintable(line));
        // What a person can send: each call and its end, by id and endpoint.
        QVERIFY2(capturedLog.contains(u"kpigroups.api call 3 delete group %1 "_s.arg(groupId(1))),
                 qPrintable(capturedLog.join(u'\n')));
        QVERIFY(capturedLog.contains(
            u"kpigroups.api call 1 failed: %1 401"_s.arg(int(ApiError::Kind::Unauthorized))));
    }

    // A part of the list, from skip, take at most: the same groups as one request would bring,
    // whatever the server does with a take.
    void listsAWindowInPages_data()
    {
        QTest::addColumn<qsizetype>("maxTake");
        QTest::addColumn<qsizetype>("silentCap");
        QTest::addColumn<bool>("ignoreTake");
        QTest::addColumn<int>("requests");
        QTest::newRow("take refused over 20") << qsizetype(20) << qsizetype(0) << false << 1 + 2;
        QTest::newRow("pages of 7, unsaid") << qsizetype(1000) << qsizetype(7) << false << 4;
        QTest::newRow("take ignored") << qsizetype(1000) << qsizetype(0) << true << 1;
    }
    void listsAWindowInPages()
    {
        QFETCH(qsizetype, maxTake);
        QFETCH(qsizetype, silentCap);
        QFETCH(bool, ignoreTake);
        QFETCH(int, requests);
        SandboxStore store;
        SandboxGenerator::populate(store, {3, 100, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        ListQuery query;
        query.sort = u"name"_s;
        query.skip = 30;
        query.take = 25;
        const Ending one = waitFor(m_client->listGroups(query));
        QVERIFY(!one.error);
        QCOMPARE(one.groups.size(), 25);

        SandboxServer::Paging paging;
        paging.maxTake = maxTake;
        paging.silentCap = silentCap;
        paging.ignoreTake = ignoreTake;
        server.setPaging(paging);
        const int before = server.requestCount();
        const Ending window = waitFor(m_client->listGroupsWindow(query));
        QVERIFY(!window.error);
        QVERIFY(window.groups == one.groups);
        QCOMPARE(window.total, 100); // the whole list's count, as the server said it
        QCOMPARE(server.requestCount() - before, requests);

        // Past the end: what there is.
        query.skip = 90;
        const Ending end = waitFor(m_client->listGroupsWindow(query));
        QVERIFY(!end.error);
        QCOMPARE(end.groups.size(), 10);
    }

    void listsAllPagesAsOneBigRequest_data()
    {
        QTest::addColumn<int>("groups");
        QTest::addColumn<int>("pageSize");
        QTest::newRow("0") << 0 << 100;
        QTest::newRow("1") << 1 << 100;
        QTest::newRow("take - 1") << 99 << 100;
        QTest::newRow("take") << 100 << 100;
        QTest::newRow("take + 1") << 101 << 100;
        QTest::newRow("10,000") << 10000 << 100;
    }
    void listsAllPagesAsOneBigRequest()
    {
        QFETCH(int, groups);
        QFETCH(int, pageSize);
        SandboxStore store;
        SandboxGenerator::populate(store, {3, groups, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        RetryPolicy policy = fastPolicy();
        policy.pageSize = pageSize;
        m_client->setRetryPolicy(policy);

        ListQuery query;
        query.sort = u"-favorite,name"_s;
        const Ending one = waitFor(m_client->listGroups(query));
        QVERIFY(!one.error);
        const auto expected = one.groups;
        QCOMPARE(expected.size(), groups);

        const int before = server.requestCount();
        GroupListCall *call = m_client->listAllGroups(query);
        QSignalSpy progress(call, &GroupListCall::progressed);
        const Ending all = waitFor(call);
        QVERIFY(!all.error);
        QCOMPARE(all.total, groups);
        const auto actual = all.groups;
        QCOMPARE(actual.size(), expected.size());
        QVERIFY(actual == expected);
        const int pages = std::max(1, (groups + pageSize - 1) / pageSize);
        // A full last page may not be the last, whatever the count says: an empty one tells.
        const int requests = pages + (groups > 0 && groups % pageSize == 0 ? 1 : 0);
        QCOMPARE(server.requestCount() - before, requests);
        QCOMPARE(progress.size(), pages);
        QCOMPARE(progress.last().at(0).value<qsizetype>(), groups);
        QCOMPARE(progress.last().at(1).value<qsizetype>(), groups);

        // Pages only: the pages, put where their offsets say, are the same list; the end comes
        // with no list of its own.
        GroupListCall *pagedCall =
            m_client->listAllGroups(query, KpiGroupsClient::Delivery::PagesOnly);
        QSignalSpy pageSpy(pagedCall, &GroupListCall::pageListed);
        const Ending paged = waitFor(pagedCall);
        QVERIFY(!paged.error);
        QVERIFY(paged.groups.isEmpty());
        QCOMPARE(paged.total, groups);
        QCOMPARE(pageSpy.size(), pages);
        QList<KpiGroup> joined(groups);
        for (const QList<QVariant> &page : std::as_const(pageSpy)) {
            const auto items = page.at(0).value<QList<KpiGroup>>();
            const auto offset = page.at(1).value<qsizetype>();
            QCOMPARE(offset % pageSize, 0);
            QCOMPARE(page.at(2).value<qsizetype>(), groups);
            for (qsizetype i = 0; i < items.size(); ++i)
                joined[offset + i] = items.at(i);
        }
        QVERIFY(joined == expected);
    }

    void listsAllKpisInPages()
    {
        RetryPolicy policy = fastPolicy();
        policy.pageSize = 3;
        m_client->setRetryPolicy(policy);
        ListQuery query;
        query.fields = u"id,groupIds"_s;
        const Ending ending = waitFor(m_client->listAllKpis(query));
        QVERIFY(!ending.error);
        const auto kpis = ending.kpis;
        QCOMPARE(ending.total, 4);
        QCOMPARE(kpis.size(), 4);
        QCOMPARE(kpis.at(0), (Kpi{kpiId(1), {}, {}, {}, {groupId(1), groupId(2)}, true}));
        QCOMPARE(kpis.at(3).groupIds, (QStringList{groupId(3), groupId(1)}));
        QCOMPARE(m_server->requestCount(), 2);
    }

    // Servers this project did not write: a listing is the whole list, exactly, or says it is
    // not, in a number of requests that grows with what arrives.
    // Nothing known of a list that may be long: as many pages as go at once, the first small so
    // that it comes soon; the list the same as one big request, the first page shown alone.
    void asksForAsManyPagesAsGoWhenTheListMayBeLong_data()
    {
        QTest::addColumn<int>("groups");
        QTest::addColumn<QStringList>("requests");
        const QString page = u"GET /kpis/groups?sort=name&skip=%1&take=%2"_s;
        const QStringList wave = {page.arg(0).arg(200),     page.arg(200).arg(1000),
                                  page.arg(1200).arg(1000), page.arg(2200).arg(1000),
                                  page.arg(3200).arg(1000), page.arg(4200).arg(1000)};
        QTest::newRow("2,500: one wave") << 2500 << wave;
        QTest::newRow("40: five pages empty") << 40 << wave;
        QTest::newRow("7,000: a second wave")
            << 7000 << wave + QStringList{page.arg(5200).arg(1000), page.arg(6200).arg(1000)};
    }
    void asksForAsManyPagesAsGoWhenTheListMayBeLong()
    {
        QFETCH(int, groups);
        QFETCH(QStringList, requests);
        SandboxStore store;
        SandboxGenerator::populate(store, {3, groups, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        RetryPolicy policy = fastPolicy();
        policy.pageSize = 1000;
        m_client->setRetryPolicy(policy);
        ListQuery query;
        query.sort = u"name"_s;
        const Ending one = waitFor(m_client->listGroups(query));
        QVERIFY(!one.error);
        const QStringList before = server.requestsReceived();

        GroupListCall *call = m_client->listAllGroups(query, KpiGroupsClient::Delivery::WholeList,
                                                      KpiGroupsClient::mayBeLong);
        QSignalSpy pages(call, &GroupListCall::pageListed);
        const Ending all = waitFor(call);
        QVERIFY(!all.error);
        QCOMPARE(all.total, groups);
        QVERIFY(all.groups == one.groups);
        QStringList asked = server.requestsReceived().mid(before.size());
        asked.sort();
        requests.sort();
        QCOMPARE(asked, requests);
        const auto first = std::find_if(pages.cbegin(), pages.cend(), [](const QVariantList &page) {
            return page.at(1).value<qsizetype>() == 0;
        });
        QVERIFY(first != pages.cend());
        QCOMPARE(first->at(0).value<QList<KpiGroup>>().size(), std::min(groups, 200));
    }

    // Pages asked for at once come in any order; they are taken in the order of their offsets,
    // so that of two copies of a group (every page the first, from a server that ignores skip)
    // the first page's is the one kept, however late it came.
    void takesPagesInTheOrderOfTheirOffsets()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {3, 40, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        SandboxServer::Paging sameAgain;
        sameAgain.ignoreSkip = true;
        sameAgain.silentCap = 10;
        server.setPaging(sameAgain);
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 300}, 1); // the first page
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        GroupListCall *call = m_client->listAllGroups({}, KpiGroupsClient::Delivery::PagesOnly,
                                                      KpiGroupsClient::mayBeLong);
        QSignalSpy pages(call, &GroupListCall::pageListed);
        const Ending all = waitFor(call);
        QVERIFY(all.error);
        QVERIFY(!pages.isEmpty());
        QCOMPARE(pages.constFirst().at(1).value<qsizetype>(), 0);
        QCOMPARE(pages.constFirst().at(0).value<QList<KpiGroup>>().size(), 10);
    }

    void listsWholeFromAnyServer_data()
    {
        QTest::addColumn<int>("groups");
        QTest::addColumn<SandboxServer::Paging>("paging");
        QTest::addColumn<int>("mostRequests");
        SandboxServer::Paging cap;
        cap.silentCap = 50;
        QTest::newRow("pages capped at 50, unsaid") << 137 << cap << 3;
        SandboxServer::Paging refusing;
        refusing.maxTake = 100;
        // The refused page, five full pages, and an empty one: a full page is never the last.
        QTest::newRow("take above 100 refused") << 500 << refusing << 7;
        SandboxServer::Paging everything;
        everything.ignoreTake = true;
        QTest::newRow("take ignored: everything at once") << 137 << everything << 1;
        QTest::newRow("take ignored, a long list") << 2500 << everything << 2;
        SandboxServer::Paging huge;
        huge.totalCount = "1e12";
        QTest::newRow("totalCount 1e12") << 137 << huge << 2;
        SandboxServer::Paging low;
        low.totalCount = "50";
        // A short first page past the count: the end, or the server's page size? One more tells.
        QTest::newRow("totalCount too low") << 137 << low << 2;
        SandboxServer::Paging cappedAndUncounted = cap;
        cappedAndUncounted.totalCount = "-1";
        QTest::newRow("capped, and no usable count") << 137 << cappedAndUncounted << 4;
        SandboxServer::Paging fractional;
        fractional.totalCount = "137.5";
        QTest::newRow("a fractional count") << 137 << fractional << 2;
    }
    void listsWholeFromAnyServer()
    {
        QFETCH(int, groups);
        QFETCH(SandboxServer::Paging, paging);
        QFETCH(int, mostRequests);
        SandboxStore store;
        SandboxGenerator::populate(store, {3, groups, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        server.setPaging(paging);
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        ListQuery byName;
        byName.sort = u"name"_s;
        const Ending all = waitFor(m_client->listAllGroups(byName));
        QVERIFY(!all.error); // not incomplete either
        QCOMPARE(idsOf(all.groups), idsByName(store));
        QCOMPARE(all.total, groups);
        QVERIFY2(server.requestCount() <= mostRequests,
                 qPrintable(QString::number(server.requestCount())));

        // What was learned serves the next listing of this connection at once.
        const int before = server.requestCount();
        const Ending again = waitFor(m_client->listAllGroups(byName));
        QCOMPARE(idsOf(again.groups), idsByName(store));
        // Every full page of the learned size, then a short or an empty one.
        const int learned = paging.silentCap > 0 ? int(paging.silentCap) : 100;
        if (paging.silentCap > 0 || paging.maxTake < 1000)
            QCOMPARE(server.requestCount() - before, groups / learned + 1);

        // Asked for blind by a client that knows nothing of the server (six pages at once, the
        // first small): the same list, whole, and at most a wave's requests more.
        KpiGroupsClient cold;
        cold.setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                            QString(SandboxGenerator::demoToken)});
        cold.setRetryPolicy(m_client->retryPolicy());
        const int blindBefore = server.requestCount();
        const Ending blind = waitFor(cold.listAllGroups(
            byName, KpiGroupsClient::Delivery::WholeList, KpiGroupsClient::mayBeLong));
        QVERIFY2(!blind.error, qPrintable(blind.error ? blind.error->message : QString()));
        QCOMPARE(idsOf(blind.groups), idsByName(store));
        QCOMPARE(blind.total, groups);
        QVERIFY2(server.requestCount() - blindBefore <= mostRequests + 6,
                 qPrintable(QString::number(server.requestCount() - blindBefore)));
    }

    // A full page means there may be more, whatever the count says: the list is read to a page
    // that is not full, and a count that disagrees with it is reported, never obeyed.
    void readsPastACountThatIsTooLow_data()
    {
        QTest::addColumn<QByteArray>("totalCount");
        QTest::newRow("999") << QByteArray("999");
        QTest::newRow("0") << QByteArray("0");
        QTest::newRow("1") << QByteArray("1");
        QTest::newRow("1,500") << QByteArray("1500");
    }
    void readsPastACountThatIsTooLow()
    {
        QFETCH(QByteArray, totalCount);
        SandboxStore store;
        SandboxGenerator::populate(store, {3, 3000, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        SandboxServer::Paging lying;
        lying.totalCount = totalCount;
        server.setPaging(lying);
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        ListQuery byName;
        byName.sort = u"name"_s;
        GroupListCall *call = m_client->listAllGroups(byName);
        QSignalSpy miscounted(call, &GroupListCall::miscounted);
        const Ending all = waitFor(call);
        QVERIFY(!all.error); // not incomplete either
        QCOMPARE(idsOf(all.groups), idsByName(store));
        QCOMPARE(all.total, 3000);
        QCOMPARE(miscounted.size(), 1);
        QCOMPARE(miscounted.at(0).at(0).value<qsizetype>(), totalCount.toLongLong());
        QCOMPARE(miscounted.at(0).at(1).value<qsizetype>(), 3000);
        QCOMPARE(server.requestsReceived(),
                 (QStringList{u"GET /kpis/groups?sort=name&skip=0&take=1000"_s,
                              u"GET /kpis/groups?sort=name&skip=1000&take=1000"_s,
                              u"GET /kpis/groups?sort=name&skip=2000&take=1000"_s,
                              u"GET /kpis/groups?sort=name&skip=3000&take=1000"_s}));
        // The same for the KPIs, whose counts would be wrong otherwise.
        SandboxStore kpiStore;
        SandboxGenerator::populate(kpiStore, {3, 10, 2500, 3});
        SandboxServer kpiServer(&kpiStore);
        QVERIFY(kpiServer.listenOnLoopback());
        kpiServer.setPaging(lying);
        m_client->setConnection({kpiServer.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        const Ending kpis = waitFor(m_client->listAllKpis());
        QVERIFY(!kpis.error);
        QCOMPARE(kpis.kpis.size(), 2500);
    }

    void saysWhenAListCannotBeReadWhole()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {3, 0, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        SandboxServer::Paging lying;
        lying.totalCount = "5000000";
        server.setPaging(lying);
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        const Ending incomplete = waitFor(m_client->listAllGroups());
        QVERIFY(!incomplete.succeeded);
        QCOMPARE(incomplete.error->kind, ApiError::Kind::Incomplete);
        QCOMPARE(incomplete.groups.size(), 0);
        QCOMPARE(incomplete.total, 5000000);
        QCOMPARE(incomplete.error->message, u"The server said it had 5,000,000, and sent 0."_s);
        QVERIFY2(server.requestCount() <= 6, qPrintable(QString::number(server.requestCount())));
        // KPI counts from part of the KPIs would be wrong: the KPI listing fails instead.
        const Ending kpis = waitFor(m_client->listAllKpis());
        QCOMPARE(kpis.error->kind, ApiError::Kind::Incomplete);
    }

    void keepsEveryGroupOfAListThatMoves()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {3, 5000, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        SandboxServer::Paging churn;
        churn.deletedAfterEachPage = 20; // someone deletes the first groups as pages are read
        server.setPaging(churn);
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        const QStringList before = idsByName(store);
        ListQuery byName;
        byName.sort = u"name"_s;
        GroupListCall *call = m_client->listAllGroups(byName);
        QSignalSpy restarted(call, &GroupListCall::restarted);
        const Ending ending = waitFor(call); // whole, or incomplete
        QVERIFY(ending.succeeded || ending.error->kind == ApiError::Kind::Incomplete);
        const QList<KpiGroup> read = ending.groups;
        const QStringList readIds = idsOf(read);
        const QSet<QString> got(readIds.begin(), readIds.end());
        QVERIFY(restarted.size() >= 1); // it noticed
        // A third reading merged with the second: the second whole, not moved from (4,760 empty
        // groups were listed).
        QVERIFY(std::none_of(read.cbegin(), read.cend(),
                             [](const KpiGroup &group) { return group.id.isEmpty(); }));
        QCOMPARE(got.size(), read.size());
        // Every group that existed throughout is there; nothing that never existed is.
        const QStringList after = idsByName(store);
        for (const QString &id : after)
            QVERIFY2(got.contains(id), qPrintable(id));
        for (const QString &id : got)
            QVERIFY(before.contains(id));
        QVERIFY2(server.requestCount() <= 40, qPrintable(QString::number(server.requestCount())));
    }

    void listsStampsOfEveryGroup()
    {
        ListQuery query;
        query.sort = u"id"_s;
        query.fields = u"id,dateUpdated"_s;
        GroupStampListCall *call = m_client->listGroupStamps(query);
        QList<GroupStamp> stamps;
        connect(call, &ApiCall::succeeded, this, [&, call] { stamps = call->stamps(); });
        QVERIFY(waitFor(call).succeeded);
        QCOMPARE(m_server->requestsReceived(),
                 QStringList{u"GET /kpis/groups?sort=id&fields=id,dateUpdated&skip=0&take=1000"_s});
        QCOMPARE(stamps.size(), 6);
        for (int n = 1; n <= 6; ++n) {
            const GroupStamp &stamp = stamps.at(n - 1);
            QCOMPARE(stamp.id, groupId(n));
            QCOMPARE(stamp.dateUpdated,
                     QDateTime::fromMSecsSinceEpoch(date(2, 10 - (n - 1)), Qt::UTC));
            QVERIFY(!stamp.whole);
            QVERIFY(!stamp.favorite);
        }
    }

    void asksForThePagesItExpectsAtOnce()
    {
        RetryPolicy policy = fastPolicy();
        policy.pageSize = 2;
        m_client->setRetryPolicy(policy);
        m_server->faults().setLatency(1000);
        // The caller shows six groups already: three pages go at once, not the first alone.
        ListQuery byName;
        byName.sort = u"name"_s;
        GroupListCall *call =
            m_client->listAllGroups(byName, KpiGroupsClient::Delivery::WholeList, 6);
        QTRY_COMPARE(m_server->requestsArrived(), 3);
        QCOMPARE(m_server->requestCount(), 0); // none answered yet
        m_server->faults().setLatency(0);
        const Ending ending = waitFor(call);
        QVERIFY(ending.succeeded);
        QCOMPARE(idsOf(ending.groups),
                 (QStringList{groupId(5), groupId(3), groupId(1), groupId(4), groupId(2),
                              groupId(6)})); // in binary order of their names
        QStringList asked = m_server->requestsReceived();
        asked.sort();
        QCOMPARE(asked, (QStringList{u"GET /kpis/groups?sort=name&skip=0&take=2"_s,
                                     u"GET /kpis/groups?sort=name&skip=2&take=2"_s,
                                     u"GET /kpis/groups?sort=name&skip=4&take=2"_s,
                                     u"GET /kpis/groups?sort=name&skip=6&take=2"_s}));
    }

    void listsGroupsByIdInBatches()
    {
        addOldGroups(250);
        QStringList ids;
        for (int i = 250; i >= 1; i -= 2) // 125, out of order
            ids.append(u"cc%1"_s.arg(i, 22, 10, QLatin1Char('0')));
        ids.append(ids.first()); // twice: asked for once
        GroupsByIdCall *call = m_client->listGroupsById(ids);
        QStringList gone = {u"not yet"_s};
        connect(call, &ApiCall::succeeded, this, [&, call] { gone = call->gone(); });
        const Ending ending = waitFor(call);
        QVERIFY(ending.succeeded);
        QCOMPARE(gone, QStringList());
        ids.removeLast();
        QCOMPARE(idsOf(ending.groups), ids); // in the order asked
        QCOMPARE(ending.groups.at(0).name, u"Old 250"_s);
        const auto inBatch = [](const QStringList &ids) -> QString {
            return u"GET /kpis/groups?filter={\"id\":{\"$in\":[\""_s + ids.join(u"\",\""_s) +
                   u"\"]}}&take="_s + QString::number(ids.size());
        };
        const QStringList asked = m_server->requestsReceived();
        QCOMPARE(QSet<QString>(asked.begin(), asked.end()),
                 (QSet<QString>{inBatch(ids.mid(0, 100)), inBatch(ids.mid(100))}));

        // Nothing to ask: it ends all the same, without a request.
        const Ending none = waitFor(m_client->listGroupsById({}));
        QVERIFY(none.succeeded);
        QCOMPARE(m_server->requestsReceived().size(), 2);
    }

    void findsOutAboutGroupsTheBatchLeftOut()
    {
        // Deleted, and left out of a page that holds at most two: each asked for alone.
        m_store->deleteGroup(*m_store->account(accountA), groupId(2));
        SandboxServer::Paging paging;
        paging.silentCap = 2;
        m_server->setPaging(paging);
        GroupsByIdCall *call =
            m_client->listGroupsById({groupId(1), groupId(2), groupId(3), groupId(4)});
        QStringList gone;
        connect(call, &ApiCall::succeeded, this, [&, call] { gone = call->gone(); });
        const Ending ending = waitFor(call);
        QVERIFY(ending.succeeded);
        QCOMPARE(idsOf(ending.groups), (QStringList{groupId(1), groupId(3), groupId(4)}));
        QCOMPARE(gone, QStringList{groupId(2)});
        const QStringList alone = m_server->requestsReceived().mid(1);
        QCOMPARE(QSet<QString>(alone.begin(), alone.end()),
                 (QSet<QString>{u"GET /kpis/groups/"_s + groupId(2),
                                u"GET /kpis/groups/"_s + groupId(4)}));
        QCOMPARE(alone.size(), 2);
    }

    void refusesAServerThatDoesNotFilterById()
    {
        SandboxServer::Paging paging;
        paging.ignoreFilter = true;
        m_server->setPaging(paging);
        const Ending ending = waitFor(m_client->listGroupsById({groupId(5), groupId(6)}));
        QCOMPARE(ending.error->kind, ApiError::Kind::BadResponse);
        QCOMPARE(ending.error->message, u"The server did not filter the groups by id."_s);

        // One that finds none of many: its filter does not work there.
        addOldGroups(30);
        paging = {};
        m_server->setPaging(paging);
        QStringList unknown;
        for (int i = 1; i <= GroupsById::mostAskedAlone + 1; ++i)
            unknown.append(u"dd%1"_s.arg(i, 22, 10, QLatin1Char('0')));
        const qsizetype before = m_server->requestsReceived().size();
        const Ending none = waitFor(m_client->listGroupsById(unknown));
        QCOMPARE(none.error->kind, ApiError::Kind::BadResponse);
        QCOMPARE(none.error->message,
                 u"The server did not find 21 of the 21 groups asked for by id."_s);
        QCOMPARE(m_server->requestsReceived().size() - before, 1); // none asked for alone
    }

    void failsTheWholeListingWhenOnePageFails()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {3, 1000, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        m_client->setConnection({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                 QString(SandboxGenerator::demoToken)});
        RetryPolicy policy = fastPolicy();
        policy.pageSize = 100;
        m_client->setRetryPolicy(policy);
        SandboxFaults::Fault pass;
        pass.status = 0; // the first page goes through
        server.faults().add(pass, 1);
        server.faults().failNext(500, -1);

        const Ending ending = waitFor(m_client->listAllGroups());
        QVERIFY(ending.error);
        QCOMPARE(ending.error->kind, ApiError::Kind::Server);
        QCOMPARE(m_client->pendingCount(), 0);
    }
};

QTEST_MAIN(TestKpiGroupsClient)
#include "tst_kpigroupsclient.moc"

#include "changesender.h"
#include "groupactions.h"
#include "groupcache.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Fixture;

namespace {

// The requests of a refresh by difference, as the sandbox records them (query decoded).
QString stampsRequest()
{
    return u"GET /kpis/groups?sort=id&fields=id,dateUpdated&skip=0&take=1000"_s;
}
QString starredRequest()
{
    return u"GET /kpis/groups?filter={\"favorite\":true}&sort=id&fields=id,favorite&skip=0&"
           "take=1000"_s;
}
QString byIdRequest(const QStringList &ids)
{
    return u"GET /kpis/groups?filter={\"id\":{\"$in\":[\""_s + ids.join(u"\",\""_s) +
           u"\"]}}&take="_s + QString::number(ids.size());
}
QString wholeRequest()
{
    return u"GET /kpis/groups?sort=name&skip=0&take=1000"_s;
}

} // namespace

class TestGroupActions : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<KpiGroupsClient> m_client;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<ChangeSender> m_sender;
    std::unique_ptr<GroupListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<GroupActions> m_actions;

    SandboxAccount &account() { return *m_store->account(accountA); }
    QString storedName(int n) { return m_store->group(account(), groupId(n))->name; }
    bool storedFavorite(int n) { return m_store->isFavorite(account(), userA1, groupId(n)); }
    const KpiGroup &shown(int n) { return *m_model->group(groupId(n)); }
    // What the sandbox was asked by a refresh of m_actions, the two listings of a difference
    // (sent together) in the order of stampsRequest() and starredRequest().
    QStringList refreshAndListRequests(GroupActions::Refresh how = GroupActions::Refresh::Changes)
    {
        const qsizetype from = m_server->requestsReceived().size();
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        QSignalSpy incomplete(m_actions.get(), &GroupActions::loadingIncomplete);
        m_actions->refresh(how);
        if (!QTest::qWaitFor([&] { return !refreshed.isEmpty() || !incomplete.isEmpty(); }))
            return {u"no end"_s};
        QStringList asked = m_server->requestsReceived().mid(from);
        if (asked.size() >= 2 && asked.at(0) == starredRequest())
            asked.swapItemsAt(0, 1);
        return asked;
    }
    QStringList storedIds()
    {
        QStringList ids;
        for (const SandboxGroup &group : account().groups)
            ids.append(group.id);
        return ids;
    }
    QStringList shownIds()
    {
        QStringList ids;
        for (const KpiGroup &group : m_model->groups())
            ids.append(group.id);
        return ids;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(Fixture::startSandbox(m_store, m_server));
        m_client = Fixture::clientFor(*m_server);
        m_outbox = std::make_unique<Outbox>();
        m_sender = std::make_unique<ChangeSender>(m_client.get(), m_outbox.get());
        m_model = std::make_unique<GroupListModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_actions = std::make_unique<GroupActions>(m_sender.get(), m_model.get());
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->refresh();
        QVERIFY(m_actions->isRefreshing());
        QVERIFY(refreshed.wait());
        QCOMPARE(m_model->rowCount(), 6);
    }
    void cleanup()
    {
        m_actions.reset();
        m_tester.reset();
        m_model.reset();
        m_sender.reset();
        m_outbox.reset();
        m_client.reset();
        m_server.reset();
        m_store.reset();
    }

    void refreshesAndKeepsRows()
    {
        const QPersistentModelIndex third = m_model->index(m_model->rowOf(groupId(3)));
        m_store->renameGroup(account(), userA2, groupId(3), u"Brand"_s);
        m_store->deleteGroup(account(), groupId(1));
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(refreshed.at(0).at(0).value<qsizetype>(), 5);
        QCOMPARE(third.data().toString(), u"Brand"_s);
        QCOMPARE(third.data(GroupListModel::ModifiedByIdRole).toString(), userA2);
        QCOMPARE(m_model->rowOf(groupId(1)), -1);
    }

    void comparesAShownListPageByPage()
    {
        RetryPolicy policy = m_client->retryPolicy();
        policy.pageSize = 2; // three pages, each compared with the shown list as it arrives
        m_client->setRetryPolicy(policy);
        const QPersistentModelIndex fifth = m_model->index(m_model->rowOf(groupId(5)));
        m_store->renameGroup(account(), userA2, groupId(5), u"Engineering EMEA"_s);
        m_store->deleteGroup(account(), groupId(2));
        m_store->addGroup(accountA,
                          {groupId(7), u"Legal"_s, userA1, userA1, date(3, 1), date(3, 1)});
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(reset.size(), 0); // rows kept, never replaced
        QCOMPARE(refreshed.at(0).at(0).value<qsizetype>(), 6);
        QCOMPARE(fifth.data().toString(), u"Engineering EMEA"_s);
        QCOMPARE(m_model->rowOf(groupId(2)), -1);
        QCOMPARE(shown(7).name, u"Legal"_s);
        QCOMPARE(
            m_model->data(m_model->index(m_model->rowOf(groupId(7))), GroupListModel::SearchKeyRole)
                .toString(),
            u"legal"_s);
    }

    void keepsAGroupCreatedWhileAListIsRead()
    {
        // The listing leaves the server before the new group exists: it is not in the pages,
        // and yet it is no removed group.
        m_server->faults().add({SandboxFaults::Kind::Late, 0, 1, {}, 300}, 1,
                               u"^GET /kpis/groups$"_s);
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        QSignalSpy created(m_actions.get(), &GroupActions::groupCreated);
        m_actions->refresh();
        QTest::qWait(50); // the listing is on its way
        m_actions->createGroup(u"Made meanwhile"_s);
        QVERIFY(created.wait());
        QVERIFY(refreshed.wait());
        const QString id = created.at(0).at(0).value<KpiGroup>().id;
        QVERIFY(m_model->rowOf(id) >= 0);
        QCOMPARE(m_model->group(id)->name, u"Made meanwhile"_s);
    }

    void doesNotBringBackAGroupDeletedWhileAListIsRead()
    {
        // The list leaves the server at once and arrives late: the deletion overtakes it.
        m_server->faults().add({SandboxFaults::Kind::Late, 0, 1, {}, 300}, 1,
                               u"^GET /kpis/groups$"_s);
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        QSignalSpy deleted(m_actions.get(), &GroupActions::deleted);
        m_actions->refresh();
        QTest::qWait(50);
        m_actions->deleteGroup(groupId(4));
        QVERIFY(deleted.wait());
        QCOMPARE(m_model->rowOf(groupId(4)), -1);
        QVERIFY(refreshed.wait());
        QCOMPARE(m_model->rowOf(groupId(4)), -1);
        QCOMPARE(m_model->rowCount(), 5);
    }

    void reportsProgressPageByPage()
    {
        RetryPolicy policy = m_client->retryPolicy();
        policy.pageSize = 2;
        m_client->setRetryPolicy(policy);
        QSignalSpy progress(m_actions.get(), &GroupActions::loadingProgressed);
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(progress.size(), 3);
        QCOMPARE(progress.at(0).at(0).value<qsizetype>(), 2);
        QCOMPARE(progress.at(2).at(0).value<qsizetype>(), 6);
        QCOMPARE(progress.at(2).at(1).value<qsizetype>(), 6);
        QCOMPARE(m_model->rowCount(), 6);
    }

    void showsTheFirstPageOfAFirstLoadAtOnce()
    {
        GroupListModel model;
        GroupActions actions(m_sender.get(), &model);
        RetryPolicy policy = m_client->retryPolicy();
        policy.pageSize = 2;
        m_client->setRetryPolicy(policy);
        m_server->faults().setLatency(60);
        QSignalSpy first(&actions, &GroupActions::firstListShown);
        QSignalSpy refreshed(&actions, &GroupActions::loadingFinished);
        actions.refresh();
        QVERIFY(first.wait());
        QCOMPARE(first.at(0).at(0).value<qsizetype>(), 2);
        QCOMPARE(first.at(0).at(1).value<qsizetype>(), 6);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(refreshed.wait());
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(first.size(), 1);

        // A refresh of a full list updates it in place, without a first page.
        actions.refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(first.size(), 1);
    }

    void readsTheCacheThenComparesTheFreshListWithIt()
    {
        QTemporaryDir cacheDir;
        auto cache = std::make_shared<GroupCache>(cacheDir.path());
        QList<KpiGroup> cached = m_model->groups();
        cached[0].name = u"Old name"_s; // as it was before its last update
        cached[0].dateUpdated = cached[0].dateUpdated.addDays(-1);
        QVERIFY(cache->save(u"key"_s, cached));

        GroupListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        GroupActions actions(m_sender.get(), &model);
        actions.setCache(cache, u"key"_s);
        QSignalSpy shown(&actions, &GroupActions::cachedListShown);
        QSignalSpy refreshed(&actions, &GroupActions::loadingFinished);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const int before = m_server->requestCount();
        actions.showCached();
        QCOMPARE(m_client->pendingCount(), 0);
        actions.refresh(); // waits for the cached list, to compare the fresh one with it
        QVERIFY(actions.isRefreshing());
        QCOMPARE(m_client->pendingCount(), 0); // not sent yet
        QVERIFY(shown.wait());
        QCOMPARE(model.rowCount(), 6);
        const QPersistentModelIndex first = model.index(model.rowOf(cached.at(0).id));
        QCOMPARE(first.data().toString(), u"Old name"_s);
        QVERIFY(refreshed.wait());
        QCOMPARE(reset.size(), 1); // the cached list's; the fresh one only changed rows
        QCOMPARE(first.data().toString(), m_store->group(account(), cached.at(0).id)->name);
        // What changed since: the stamps, the stars, and the one group that changed.
        QCOMPARE(m_server->requestCount() - before, 3);
        QCOMPARE(m_server->requestsReceived().constLast(), byIdRequest({cached.at(0).id}));
    }

    void refreshesByDifference()
    {
        const QPersistentModelIndex third = m_model->index(m_model->rowOf(groupId(3)));
        m_store->renameGroup(account(), userA2, groupId(3), u"Brand"_s);
        m_store->deleteGroup(account(), groupId(1));
        m_store->addGroup(accountA,
                          {groupId(7), u"Legal"_s, userA2, userA2, date(3, 1), date(3, 1)});
        // Stars are the person's own and change no dateUpdated: made in another window.
        m_store->setFavorite(account(), userA1, groupId(4), true);
        m_store->setFavorite(account(), userA1, groupId(5), false);
        m_store->setFavorite(account(), userA2, groupId(6), true); // another person's: no star
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy rowsInserted(m_model.get(), &QAbstractItemModel::rowsInserted);

        QCOMPARE(refreshAndListRequests(), (QStringList{stampsRequest(), starredRequest(),
                                                        byIdRequest({groupId(3), groupId(7)})}));
        QCOMPARE(reset.size(), 0); // rows kept, never replaced
        QCOMPARE(rowsInserted.size(), 1);
        QCOMPARE(third.data().toString(), u"Brand"_s);
        QCOMPARE(third.data(GroupListModel::ModifiedByIdRole).toString(), userA2);
        QCOMPARE(third.data(GroupListModel::SearchKeyRole).toString(), u"brand"_s);
        QCOMPARE(m_model->rowOf(groupId(1)), -1);
        QCOMPARE(shown(7).name, u"Legal"_s);
        QCOMPARE(shown(7).createdById, userA2);
        QCOMPARE(shown(4).favorite, true);
        QCOMPARE(shown(5).favorite, false);
        QCOMPARE(shown(2).favorite, true);
        QCOMPARE(shown(6).favorite, false);
        QCOMPARE(m_model->rowCount(), 6);
        for (const SandboxGroup &group : account().groups) // the list is the server's again
            QCOMPARE(m_model->group(group.id)->name, group.name);
    }

    void fetchesTheGroupsChangedElsewhereAHundredARequest()
    {
        for (int n = 7; n <= 600; ++n)
            m_store->addGroup(accountA, {groupId(n), u"Group %1"_s.arg(n), userA1, userA1,
                                         date(3, 1), date(3, 1)});
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->refresh(GroupActions::Refresh::Full);
        QVERIFY(refreshed.wait());
        QCOMPARE(m_model->rowCount(), 600);

        // Someone else edits 150 groups, spread over the list.
        const QStringList touched = m_store->touchGroups(account(), userA2, 150);
        QCOMPARE(touched.size(), 150);
        QStringList byId = touched;
        byId.sort(); // as the stamps come
        const QStringList asked = refreshAndListRequests();
        QCOMPARE(asked.first(2), (QStringList{stampsRequest(), starredRequest()}));
        // Then a hundred at most a request, each once, as the stamps are compared (in slices:
        // the first requests may go before the last stamps are compared).
        QStringList fetched;
        for (const QString &request : asked.mid(2)) {
            static const QRegularExpression id(u"\"([0-9]{24})\""_s);
            QStringList ids;
            for (const QRegularExpressionMatch &match : id.globalMatch(request))
                ids.append(match.captured(1));
            QVERIFY(ids.size() <= 100);
            QCOMPARE(request, byIdRequest(ids));
            fetched += ids;
        }
        QVERIFY(asked.size() <= 5);
        fetched.sort();
        QCOMPARE(fetched, byId);

        // A third of the list changed: read whole, as cheap as fetching them, in fewer requests.
        const QStringList many = m_store->touchGroups(account(), userA2, 200);
        QVERIFY(refreshAndListRequests().contains(wholeRequest()));
        for (const QString &id : many)
            QCOMPARE(m_model->group(id)->name, m_store->group(account(), id)->name);
        QCOMPARE(m_model->rowCount(), 600);
        for (const QString &id : touched) {
            QCOMPARE(m_model->group(id)->name, m_store->group(account(), id)->name);
            QCOMPARE(m_model->group(id)->modifiedById, userA2);
        }
        QCOMPARE(m_model->rowCount(), 600);
    }

    void takesWholeGroupsFromAServerThatIgnoresFields()
    {
        SandboxServer::Paging paging;
        paging.ignoreFields = true;
        m_server->setPaging(paging);
        m_store->renameGroup(account(), userA2, groupId(3), u"Brand"_s);
        m_store->setFavorite(account(), userA1, groupId(4), true);
        // Both listings bring whole groups: nothing is fetched again.
        QCOMPARE(refreshAndListRequests(), (QStringList{stampsRequest(), starredRequest()}));
        QCOMPARE(shown(3).name, u"Brand"_s);
        QCOMPARE(shown(3).modifiedById, userA2);
        QCOMPARE(shown(4).favorite, true);
        QCOMPARE(m_model->rowCount(), 6);
    }

    void trustsNoCountOfADifference()
    {
        // A count below what comes is the count's mistake: the difference is read as ever.
        SandboxServer::Paging paging;
        paging.totalCount = "2";
        m_server->setPaging(paging);
        m_store->renameGroup(account(), userA2, groupId(3), u"Brand"_s);
        m_store->deleteGroup(account(), groupId(1));
        // A short page that the count does not explain: one page more shows there is no more.
        QCOMPARE(refreshAndListRequests(),
                 (QStringList{stampsRequest(), starredRequest(),
                              u"GET /kpis/groups?sort=id&fields=id,dateUpdated&skip=5&take=5"_s,
                              byIdRequest({groupId(3)})}));
        QCOMPARE(shown(3).name, u"Brand"_s);
        QCOMPARE(m_model->rowOf(groupId(1)), -1);

        // A count above it: the stamps cannot be read whole, nor can the whole list; it is
        // shown as what it is, and no group leaves for being unread.
        paging.totalCount = "100";
        m_server->setPaging(paging);
        m_store->renameGroup(account(), userA2, groupId(4), u"Zurich"_s);
        m_store->deleteGroup(account(), groupId(2));
        QSignalSpy incomplete(m_actions.get(), &GroupActions::loadingIncomplete);
        const QStringList asked = refreshAndListRequests();
        QCOMPARE(incomplete.size(), 1);
        QCOMPARE(incomplete.at(0).at(1).value<qsizetype>(), 100);
        QVERIFY2(asked.contains(wholeRequest()), qPrintable(asked.join(u'\n')));
        QVERIFY(!asked.contains(byIdRequest({groupId(4)})));
        QCOMPARE(shown(4).name, u"Zurich"_s);
        QVERIFY(m_model->group(groupId(2))); // not listed, but the list was not whole
        QCOMPARE(m_model->rowCount(), 5);

        // Shown in part, the list is read whole the next time.
        m_server->setPaging({});
        QCOMPARE(refreshAndListRequests(), QStringList{wholeRequest()});
        QStringList shown = shownIds(), stored = storedIds();
        shown.sort();
        stored.sort();
        QCOMPARE(shown, stored);
    }

    void readsAgainAListThatMovesWhileItIsRead()
    {
        for (int n = 7; n <= 30; ++n)
            m_store->addGroup(accountA, {groupId(n), u"Group %1"_s.arg(n), userA1, userA1,
                                         date(3, 1), date(3, 1)});
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->refresh();
        QVERIFY(refreshed.wait());
        const QStringList before = storedIds();
        RetryPolicy policy = m_client->retryPolicy();
        policy.pageSize = 4;
        m_client->setRetryPolicy(policy);
        m_store->renameGroup(account(), userA2, groupId(20), u"Renamed meanwhile"_s);
        SandboxServer::Paging churn;
        churn.deletedAfterEachPage = 1; // someone deletes the first group as each page is read
        m_server->setPaging(churn);
        const QStringList asked = refreshAndListRequests();
        m_server->setPaging({});
        // Pages of four, and the first of them again: the list was read again.
        QVERIFY2(asked.count(u"GET /kpis/groups?sort=id&fields=id,dateUpdated&skip=0&take=4"_s) >=
                     2,
                 qPrintable(asked.join(u'\n')));
        // Every group that is still there is shown, as it is; none that never was.
        const QStringList shown = shownIds();
        for (const SandboxGroup &group : account().groups) {
            QVERIFY2(shown.contains(group.id), qPrintable(group.id));
            QCOMPARE(m_model->group(group.id)->name, group.name);
        }
        for (const QString &id : shown)
            QVERIFY(before.contains(id));
        QVERIFY(account().groups.size() < 30);
    }

    void readsWholeOnShiftF5AndEveryTenthTime()
    {
        QCOMPARE(refreshAndListRequests(GroupActions::Refresh::Full), QStringList{wholeRequest()});
        for (int i = 0; i < GroupActions::wholeReadingEvery; ++i)
            QCOMPARE(refreshAndListRequests(), (QStringList{stampsRequest(), starredRequest()}));
        QCOMPARE(refreshAndListRequests(), QStringList{wholeRequest()});
        QCOMPARE(refreshAndListRequests(), (QStringList{stampsRequest(), starredRequest()}));

        // What a difference cannot see, a group changed with the same dateUpdated, a whole
        // reading does.
        SandboxGroup &third =
            account().groups[m_store->account(accountA)->groupIndex.value(groupId(3))];
        third.name = u"Changed quietly"_s;
        ++account().revision;
        QCOMPARE(refreshAndListRequests(), (QStringList{stampsRequest(), starredRequest()}));
        QCOMPARE(shown(3).name, u"Marketing"_s);
        QCOMPARE(refreshAndListRequests(GroupActions::Refresh::Full), QStringList{wholeRequest()});
        QCOMPARE(shown(3).name, u"Changed quietly"_s);
    }

    void readsWholeWhenTheServerDoesNotFilterById()
    {
        SandboxServer::Paging paging;
        paging.ignoreFilter = true; // and sort: every list is every group, in stored order
        m_server->setPaging(paging);
        m_store->renameGroup(account(), userA2, groupId(5), u"Engineering EMEA"_s);
        m_store->setFavorite(account(), userA1, groupId(4), true);
        // The group asked for by id is answered with the first there is: not the one asked for.
        QCOMPARE(refreshAndListRequests(),
                 (QStringList{stampsRequest(), starredRequest(), byIdRequest({groupId(5)}),
                              wholeRequest()}));
        QCOMPARE(shown(5).name, u"Engineering EMEA"_s);
        QCOMPARE(shown(4).favorite, true);
        QCOMPARE(shownIds().size(), 6);
    }

    void removesAGroupDeletedBetweenItsStampAndItsFetch()
    {
        m_store->renameGroup(account(), userA2, groupId(3), u"Brand"_s);
        m_store->renameGroup(account(), userA2, groupId(4), u"Zurich"_s);
        // Deleted once the stamps are read, before the groups that changed are asked for.
        QMetaObject::Connection deleting =
            connect(m_client.get(), &KpiGroupsClient::callStarted, this, [this](ApiCall *call) {
                if (qobject_cast<GroupsByIdCall *>(call))
                    m_store->deleteGroup(account(), groupId(4));
            });
        const QStringList asked = refreshAndListRequests();
        disconnect(deleting);
        QCOMPARE(asked, (QStringList{stampsRequest(), starredRequest(),
                                     byIdRequest({groupId(3), groupId(4)}),
                                     u"GET /kpis/groups/"_s + groupId(4)}));
        QCOMPARE(shown(3).name, u"Brand"_s);
        QCOMPARE(m_model->rowOf(groupId(4)), -1);
        QCOMPARE(m_model->rowCount(), 5);
    }

    void keepsWhatWaitsOverADifference()
    {
        m_server->faults().failNext(503, -1, u"^(PATCH|PUT)"_s);
        m_actions->renameGroup(groupId(3), u"Mine"_s);
        m_actions->setFavorite(groupId(1), true);
        m_store->renameGroup(account(), userA2, groupId(3), u"Theirs"_s);
        m_store->renameGroup(account(), userA2, groupId(1), u"Sales EMEA (theirs)"_s);
        QStringList asked = refreshAndListRequests();
        asked.removeIf([](const QString &request) { return !request.startsWith(u"GET "_s); });
        QCOMPARE(asked, (QStringList{stampsRequest(), starredRequest(),
                                     byIdRequest({groupId(1), groupId(3)})}));
        QCOMPARE(shown(3).name, u"Mine"_s);
        QCOMPARE(shown(3).modifiedById, userA2);
        QCOMPARE(shown(1).name, u"Sales EMEA (theirs)"_s);
        QCOMPARE(shown(1).favorite, true);
    }

    void aNewerRefreshWins()
    {
        m_server->faults().setLatency(100);
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        QSignalSpy failed(m_actions.get(), &GroupActions::failed);
        m_actions->refresh();
        m_actions->refresh();
        QVERIFY(refreshed.wait());
        QTest::qWait(300);
        QCOMPARE(refreshed.size(), 1);
        QCOMPARE(failed.size(), 0);
    }

    void createsAGroup()
    {
        QSignalSpy created(m_actions.get(), &GroupActions::groupCreated);
        m_actions->createGroup(u"  Customer Love "_s);
        QVERIFY(created.wait());
        const auto group = created.at(0).at(0).value<KpiGroup>();
        QCOMPARE(group.name, u"Customer Love"_s);
        QCOMPARE(m_model->rowOf(group.id), 6);
        QVERIFY(m_store->group(account(), group.id));
    }

    void renamesAtOnceAndLearnsWhoChangedIt()
    {
        m_client->setConnection({m_server->baseUrl(), accountA, tokenA2});
        QSignalSpy renamed(m_actions.get(), &GroupActions::renameConfirmed);
        m_actions->renameGroup(groupId(1), u" Sales Europe "_s);
        QCOMPARE(shown(1).name, u"Sales Europe"_s); // optimistic
        QVERIFY(m_actions->isRenaming(groupId(1)));
        QVERIFY(renamed.wait());
        QCOMPARE(storedName(1), u"Sales Europe"_s);
        QVERIFY(QTest::qWaitFor([&] { return shown(1).modifiedById == userA2; }));
        QVERIFY(!m_actions->isRenaming(groupId(1)));
    }

    void rollsBackARefusedRename()
    {
        m_server->faults().failNext(403, 1, u"^PATCH"_s);
        QSignalSpy failed(m_actions.get(), &GroupActions::renameRefused);
        m_actions->renameGroup(groupId(1), u"Sales Europe"_s);
        QCOMPARE(shown(1).name, u"Sales Europe"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.at(0).at(0).toString(), groupId(1));
        QCOMPARE(failed.at(0).at(1).toString(), u"Sales Europe"_s); // the text to keep
        QVERIFY(failed.at(0).at(2).toString().contains(u"no access"_s));
        QCOMPARE(shown(1).name, u"Sales EMEA"_s);
        QCOMPARE(storedName(1), u"Sales EMEA"_s);
    }

    void refusesABlankRenameWithoutSending()
    {
        QSignalSpy failed(m_actions.get(), &GroupActions::renameRefused);
        const int before = m_server->requestCount();
        m_actions->renameGroup(groupId(1), u"   "_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.at(0).at(2).toString(), u"A KPI group needs a name."_s);
        QCOMPARE(shown(1).name, u"Sales EMEA"_s);
        QCOMPARE(m_server->requestCount(), before);
    }

    void refusesARenameAJournalLeftWithoutAName()
    {
        // A damaged journal's rename: its text could not be a name (Outbox::load leaves none).
        QSignalSpy refused(m_actions.get(), &GroupActions::renameRefused);
        const int before = m_server->requestCount();
        OutboxChange rename;
        rename.kind = OutboxChange::Kind::Rename;
        rename.groupId = groupId(1);
        rename.groupName = u"Sales EMEA"_s;
        m_sender->add(rename);
        QVERIFY(refused.wait());
        QCOMPARE(refused.at(0).at(0).toString(), groupId(1));
        QCOMPARE(refused.at(0).at(2).toString(), u"A KPI group needs a name."_s);
        QCOMPARE(storedName(1), u"Sales EMEA"_s);
        QCOMPARE(m_server->requestCount(), before); // nothing was sent
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->changes().isEmpty(); }));
    }

    void aNameCheckedWhereItWasTypedIsNotCheckedAgain()
    {
        const std::optional<GroupName> typed = GroupName::from(u"  Q3 Plans \n"_s);
        QVERIFY(typed);
        QCOMPARE(typed->text(), u"Q3 Plans"_s); // trimmed once, where it was checked
        QVERIFY(!GroupName::from(u"  "_s));
        QVERIFY(!GroupName::from(QString(GroupName::maxLength + 1, u'x')));
        QVERIFY(GroupName::from(QString(GroupName::maxLength, u'x')));
        QCOMPARE(GroupName::problemOf(QString(300, u'x')),
                 u"The name is 300 characters long; a KPI group's name can have at most 255."_s);
        QSignalSpy confirmed(m_actions.get(), &GroupActions::renameConfirmed);
        m_actions->renameGroup(groupId(1), *typed);
        QCOMPARE(shown(1).name, u"Q3 Plans"_s); // shown at once
        QVERIFY(confirmed.wait());
        QCOMPARE(storedName(1), u"Q3 Plans"_s);
    }

    void starsAtOnce()
    {
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_actions->toggleFavorite(groupId(1));
        QCOMPARE(shown(1).favorite, true);
        QCOMPARE(changed.size(), 1);
        QVERIFY(QTest::qWaitFor([&] { return storedFavorite(1); }));
        m_actions->toggleFavorite(groupId(1));
        QCOMPARE(shown(1).favorite, false);
        QVERIFY(QTest::qWaitFor([&] { return !storedFavorite(1); }));
    }

    // Many groups starred in one action are one change of the list, not one a group: the rows
    // of 100,000 were put in their order again for each (50,000 stars, 1.8 s of the GUI thread).
    void starsManyGroupsInOneChangeOfTheList()
    {
        for (int n = 100; n < 300; ++n)
            m_store->addGroup(accountA, {groupId(n), u"More %1"_s.arg(n), userA1, userA1,
                                         date(1, 1), date(1, 1)});
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->refresh();
        QVERIFY(refreshed.wait());
        QStringList ids;
        for (int n = 100; n < 300; ++n)
            ids.append(groupId(n));
        int favoriteChanges = 0;
        connect(m_model.get(), &QAbstractItemModel::dataChanged, this,
                [&](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                    favoriteChanges += roles.contains(GroupListModel::FavoriteRole);
                });
        QCOMPARE(m_actions->setFavorites(ids, true), ids);
        QCOMPARE(favoriteChanges, 1);
        for (int n = 100; n < 300; ++n)
            QVERIFY(shown(n).favorite);
        QCOMPARE(m_outbox->size(), qsizetype(ids.size())); // each sent on its own
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (int n = 100; n < 300; ++n)
                    if (!storedFavorite(n))
                        return false;
                return true;
            },
            20000));
        // Those starred already, or not in the list, are no change.
        QCOMPARE(m_actions->setFavorites({groupId(100), u"ffffffffffffffffffffffff"_s}, true),
                 QStringList());
    }

    void rollsBackARefusedStarAndRetries()
    {
        m_server->faults().failNext(403, -1, u"^PUT"_s);
        QSignalSpy failed(m_actions.get(), &GroupActions::failed);
        m_actions->setFavorite(groupId(1), true);
        QCOMPARE(shown(1).favorite, true);
        QVERIFY(failed.wait());
        QCOMPARE(shown(1).favorite, false);
        QVERIFY(failed.at(0).at(0).toString().startsWith(u"Could not star “Sales EMEA”."_s));
        const auto retry = failed.at(0).at(1).value<std::function<void()>>();
        QVERIFY(retry);
        m_server->faults().clear();
        retry();
        QCOMPARE(shown(1).favorite, true);
        QVERIFY(QTest::qWaitFor([&] { return storedFavorite(1); }));
        QCOMPARE(failed.size(), 1);
    }

    void theLastToggleDecides()
    {
        m_server->faults().setLatency(150);
        QSignalSpy failed(m_actions.get(), &GroupActions::failed);
        m_actions->toggleFavorite(groupId(1));
        m_actions->toggleFavorite(groupId(1));
        m_actions->toggleFavorite(groupId(1));
        m_actions->toggleFavorite(groupId(1));
        QCOMPARE(shown(1).favorite, false);
        QTest::qWait(600);
        QCOMPARE(shown(1).favorite, false);
        QCOMPARE(storedFavorite(1), false);
        QCOMPARE(failed.size(), 0);
    }

    void theLastRenameDecides()
    {
        m_server->faults().setLatency(150);
        QSignalSpy renamed(m_actions.get(), &GroupActions::renameConfirmed);
        const int before = m_server->requestCount();
        m_actions->renameGroup(groupId(1), u"One"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_client->pendingCount() == 1; })); // on its way
        m_actions->renameGroup(groupId(1), u"Two"_s);
        m_actions->renameGroup(groupId(1), u"Three"_s);
        QCOMPARE(shown(1).name, u"Three"_s);
        QCOMPARE(m_outbox->changes().size(), 2); // "One" on its way; "Two" replaced by "Three"
        QVERIFY(renamed.wait(3000));
        QCOMPARE(renamed.size(), 1);
        QCOMPARE(renamed.at(0).at(1).toString(), u"Three"_s);
        QCOMPARE(storedName(1), u"Three"_s);
        // "One", then "Three" once "One" was answered, then who made the last change.
        QVERIFY(QTest::qWaitFor([&] { return m_server->requestCount() - before == 3; }));
        QTest::qWait(200);
        QCOMPARE(m_server->requestCount() - before, 3);
        QCOMPARE(shown(1).name, u"Three"_s);
    }

    void mergesNamesMadeBeforeAnyLeaves()
    {
        const int before = m_server->requestCount();
        m_actions->renameGroup(groupId(1), u"One"_s);
        m_actions->renameGroup(groupId(1), u"Two"_s);
        QCOMPARE(m_outbox->changes().size(), 1);
        QCOMPARE(m_outbox->changes().at(0).groupName, u"Sales EMEA"_s); // the name to go back to
        m_actions->renameGroup(groupId(1), u"Sales EMEA"_s); // named back: nothing to send
        QVERIFY(m_outbox->isEmpty());
        QTest::qWait(200);
        QCOMPARE(m_server->requestCount(), before);
        QCOMPARE(shown(1).name, u"Sales EMEA"_s);
    }

    void rollsBackToWhatTheServerHasWhenQueuedChangesAreRefused()
    {
        m_server->faults().setLatency(100);
        m_server->faults().failNext(403, 1, u"^PATCH"_s);
        QSignalSpy failed(m_actions.get(), &GroupActions::renameRefused);
        m_actions->renameGroup(groupId(1), u"B"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_client->pendingCount() == 1; })); // on its way
        m_actions->renameGroup(groupId(1), u"C"_s);                              // waits
        QVERIFY(failed.wait());
        // "B" was refused: "C" now starts from the name the server has.
        QCOMPARE(m_outbox->changes().size(), 1);
        QCOMPARE(m_outbox->changes().at(0).groupName, u"Sales EMEA"_s);
        m_server->faults().failNext(403, 1, u"^PATCH"_s);
        QVERIFY(failed.wait());
        QCOMPARE(shown(1).name, u"Sales EMEA"_s); // not "B"
        QCOMPARE(storedName(1), u"Sales EMEA"_s);

        // A star refused while an unstar waits: the unstar is what the server has already.
        m_server->faults().failNext(403, 1, u"^PUT"_s);
        QSignalSpy starFailed(m_actions.get(), &GroupActions::failed);
        m_actions->setFavorite(groupId(1), true);
        QVERIFY(QTest::qWaitFor([&] { return m_client->pendingCount() == 1; }));
        m_actions->setFavorite(groupId(1), false);
        QVERIFY(starFailed.wait());
        QVERIFY(QTest::qWaitFor([&] { return m_outbox->isEmpty(); }));
        QCOMPARE(shown(1).favorite, false);
        QCOMPARE(storedFavorite(1), false);
        QTest::qWait(200);
        QVERIFY(!m_server->changesReceived().contains(
            u"DELETE /kpis/groups/000000000000000000000001/favorite"_s)); // never sent
    }

    void aLateFetchDoesNotBringBackAGroupDeletedHere()
    {
        // The rename is answered at once; the fetch of who made it is slow.
        m_server->faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 400}, 1, u"^GET"_s);
        m_server->faults().failNext(503, -1, u"^DELETE"_s); // the delete waits
        QSignalSpy renamed(m_actions.get(), &GroupActions::renameConfirmed);
        m_actions->renameGroup(groupId(1), u"Renamed"_s);
        QVERIFY(renamed.wait());
        m_actions->deleteGroup(groupId(1));
        QVERIFY(!m_model->group(groupId(1)));
        QTest::qWait(700); // the fetch has come back meanwhile
        QVERIFY(!m_model->group(groupId(1)));
        QCOMPARE(m_model->rowCount(), 5);
    }

    void showsWhatWaitsOverTheCachedList()
    {
        QTemporaryDir dir;
        auto cache = std::make_shared<GroupCache>(dir.path());
        cache->save(u"key"_s, m_model->groups());
        GroupListModel model;
        Outbox outbox;
        ChangeSender sender(m_client.get(), &outbox);
        sender.setBackoff(std::chrono::seconds(10), std::chrono::seconds(10));
        GroupActions actions(&sender, &model);
        actions.setCache(cache, u"key"_s);
        m_server->faults().failNext(503, -1, u"^(PATCH|DELETE)"_s);
        // Left by an earlier run, before any list is shown.
        OutboxChange rename;
        rename.kind = OutboxChange::Kind::Rename;
        rename.groupId = groupId(1);
        rename.name = *GroupName::from(u"Renamed"_s);
        rename.groupName = u"Sales EMEA"_s;
        sender.add(rename);
        OutboxChange remove;
        remove.kind = OutboxChange::Kind::Delete;
        remove.groupId = groupId(2);
        sender.add(remove);
        actions.showWaitingChanges(); // nothing shown yet: nothing to do
        QSignalSpy cached(&actions, &GroupActions::cachedListShown);
        actions.showCached();
        QVERIFY(cached.wait());
        QCOMPARE(model.group(groupId(1))->name, u"Renamed"_s);
        QVERIFY(!model.group(groupId(2)));
        QCOMPARE(model.rowCount(), 5);
    }

    void aRefreshDoesNotUndoAPendingStar()
    {
        m_server->faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 300}, 1, u"^PUT"_s);
        QSignalSpy refreshed(m_actions.get(), &GroupActions::loadingFinished);
        m_actions->setFavorite(groupId(1), true);
        m_actions->refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(shown(1).favorite, true);
        QVERIFY(QTest::qWaitFor([&] { return storedFavorite(1); }));
    }

    void deletesAGroup()
    {
        QSignalSpy deleted(m_actions.get(), &GroupActions::deleted);
        m_actions->deleteGroup(groupId(3));
        QVERIFY(m_actions->isDeleting(groupId(3)));
        QVERIFY(deleted.wait());
        QCOMPARE(deleted.at(0).at(1).toString(), u"Marketing"_s);
        QCOMPARE(m_model->rowOf(groupId(3)), -1);
        QVERIFY(!m_store->group(account(), groupId(3)));
        QCOMPARE(account().kpis.at(3).groupIds, QStringList{groupId(1)}); // KPIs are kept
    }

    void letsAGroupDeletedElsewhereGo()
    {
        m_store->deleteGroup(account(), groupId(2));
        QSignalSpy vanished(m_actions.get(), &GroupActions::vanished);
        QSignalSpy failed(m_actions.get(), &GroupActions::failed);
        m_actions->toggleFavorite(groupId(2));
        QVERIFY(vanished.wait());
        QCOMPARE(vanished.at(0).at(0).toString(), groupId(2));
        QCOMPARE(vanished.at(0).at(1).toString(), u"sales APAC"_s);
        QCOMPARE(m_model->rowOf(groupId(2)), -1);
        QCOMPARE(failed.size(), 0);

        m_store->deleteGroup(account(), groupId(4));
        m_actions->renameGroup(groupId(4), u"Zurich"_s);
        QVERIFY(vanished.wait());
        QCOMPARE(vanished.at(1).at(1).toString(), u"Zürich Office"_s);
    }

    void reportsARefusedToken()
    {
        m_client->setConnection({m_server->baseUrl(), accountA, u"revoked"_s});
        QSignalSpy unauthorized(m_actions.get(), &GroupActions::tokenRefused);
        m_actions->refresh();
        QVERIFY(unauthorized.wait());
        QVERIFY(unauthorized.at(0).at(0).toString().contains(u"token was not accepted"_s));
        QCOMPARE(m_model->rowCount(), 6); // what was shown stays
    }
};

QTEST_GUILESS_MAIN(TestGroupActions)
#include "tst_groupactions.moc"

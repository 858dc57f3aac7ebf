#include "changesender.h"
#include "groupkpiactions.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"
#include "kpiremovalqueue.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Fixture;

namespace {

Kpi kpi(int n, const QString &name, const QStringList &groups)
{
    return {kpiId(n), name, u"about "_s + name, userA1, groups};
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data().toString());
    return names;
}

} // namespace

class TestGroupKpis : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<KpiGroupsClient> m_client;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<ChangeSender> m_sender;
    qint64 m_now = 1000000;

    SandboxAccount &account() { return *m_store->account(accountA); }
    QStringList groupsOfKpi(int n)
    {
        return account().kpis.at(account().kpiIndex.value(kpiId(n))).groupIds;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(Fixture::startSandbox(m_store, m_server));
        m_client = Fixture::clientFor(*m_server);
        m_outbox = std::make_unique<Outbox>();
        m_sender = std::make_unique<ChangeSender>(m_client.get(), m_outbox.get());
    }
    void cleanup()
    {
        m_sender.reset();
        m_outbox.reset();
        m_client.reset();
        m_server.reset();
        m_store.reset();
    }

    void modelShowsOneGroupsKpisByName()
    {
        GroupKpisModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loading(&model, &GroupKpisModel::loadingChanged);
        model.setGroup(groupId(1));
        QVERIFY(model.isLoading());
        model.setKpis(groupId(2), {kpi(9, u"Wrong group"_s, {groupId(2)})}); // late, dropped
        QCOMPARE(model.rowCount(), 0);
        model.setKpis(groupId(1),
                      {kpi(1, u"revenue 10"_s, {groupId(1), groupId(2), groupId(3)}),
                       kpi(2, u"Churn"_s, {groupId(1)}), kpi(3, u"revenue 9"_s, {groupId(1)})});
        QVERIFY(!model.isLoading());
        QCOMPARE(loading.size(), 2);
        QCOMPARE(namesOf(model), (QStringList{u"Churn"_s, u"revenue 10"_s, u"revenue 9"_s}));
        const QModelIndex revenue = model.index(1, 0);
        QCOMPARE(revenue.data(GroupKpisModel::OtherGroupCountRole).toInt(), 2);
        QCOMPARE(revenue.data(Qt::ToolTipRole).toString(), u"about revenue 10"_s);
        QCOMPARE(revenue.data(GroupKpisModel::OwnerIdRole).toString(), userA1);
        QVERIFY(revenue.flags() & Qt::ItemIsDragEnabled);
        // Moved out (removed, or to another group), or copied (added to another group too).
        QCOMPARE(model.supportedDragActions(), Qt::MoveAction | Qt::CopyAction);
    }

    void dragsCarryTheGroupAndTheKpis()
    {
        GroupKpisModel model;
        model.setGroup(groupId(1));
        model.setKpis(groupId(1), {kpi(1, u"A"_s, {}), kpi(2, u"B"_s, {}), kpi(3, u"C"_s, {})});
        QCOMPARE(model.mimeTypes(), QStringList{u"application/x-kpigroups-kpis"_s});
        std::unique_ptr<QMimeData> data(model.mimeData({model.index(0, 0), model.index(2, 0)}));
        const auto payload = GroupKpisModel::payload(data.get());
        QVERIFY(payload);
        QCOMPARE(payload->groupId, groupId(1));
        QCOMPARE(payload->kpiIds, (QStringList{kpiId(1), kpiId(3)}));
        QCOMPARE(data->text(), u"A\nC"_s);
        QMimeData plain;
        plain.setText(u"hello"_s);
        QVERIFY(!GroupKpisModel::payload(&plain));
    }

    void removesAndRestores()
    {
        GroupKpisModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGroup(groupId(1));
        model.setKpis(groupId(1), {kpi(1, u"A"_s, {}), kpi(2, u"B"_s, {}), kpi(3, u"C"_s, {}),
                                   kpi(4, u"D"_s, {})});
        QSignalSpy removed(&model, &GroupKpisModel::kpisRemoved);
        QVERIFY(model.removeRows(1, 2));
        QCOMPARE(namesOf(model), (QStringList{u"A"_s, u"D"_s}));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(0).toString(), groupId(1));
        const auto taken = removed.at(0).at(1).value<QList<Kpi>>();
        QCOMPARE(taken.size(), 2);
        model.removeKpis(groupId(1), {kpiId(4)});
        QCOMPARE(namesOf(model), QStringList{u"A"_s});
        model.restoreKpis(groupId(1), taken);
        model.restoreKpis(groupId(2), {kpi(4, u"D"_s, {})}); // another group: not shown here
        QCOMPARE(namesOf(model), (QStringList{u"A"_s, u"B"_s, u"C"_s}));
        QVERIFY(!model.removeRows(5, 1));
    }

    void holdsRemovalsForTheUndoWindow()
    {
        KpiRemovalQueue queue(m_sender.get());
        queue.setClock([this] { return m_now; });
        queue.setUndoWindow(5000);
        QSignalSpy removed(&queue, &KpiRemovalQueue::removed);
        QSignalSpy idle(&queue, &KpiRemovalQueue::idle);
        queue.enqueue(groupId(1), {kpi(1, u"Revenue"_s, {}), kpi(2, u"Churn"_s, {})});
        QVERIFY(queue.isQueued(groupId(1), kpiId(1)));
        m_now += 4999;
        queue.sendDue();
        QTest::qWait(50);
        QCOMPARE(m_server->requestCount(), 0);
        m_now += 1;
        queue.sendDue();
        QCOMPARE(queue.inFlight(), 2);
        QVERIFY(idle.wait());
        QCOMPARE(removed.size(), 2);
        QCOMPARE(m_server->requestCount(), 2);
        QCOMPARE(groupsOfKpi(1), QStringList{groupId(2)}); // its other group is untouched
        QCOMPARE(groupsOfKpi(2), QStringList());
        QVERIFY(queue.isIdle());
    }

    void undoSendsNothing()
    {
        KpiRemovalQueue queue(m_sender.get());
        queue.setClock([this] { return m_now; });
        QSignalSpy undone(&queue, &KpiRemovalQueue::undone);
        const quint64 batch = queue.enqueue(groupId(1), {kpi(1, u"Revenue"_s, {})});
        QVERIFY(queue.undo(batch));
        QVERIFY(!queue.undo(batch));
        QCOMPARE(undone.size(), 1);
        QCOMPARE(undone.at(0).at(2).value<QList<Kpi>>().constFirst().id, kpiId(1));
        m_now += 60000;
        queue.sendDue();
        queue.flush();
        QTest::qWait(50);
        QCOMPARE(m_server->requestCount(), 0);
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(1), groupId(2)}));
    }

    void flushSendsAtOnce()
    {
        KpiRemovalQueue queue(m_sender.get());
        queue.setClock([this] { return m_now; });
        QSignalSpy sent(&queue, &KpiRemovalQueue::sent);
        QSignalSpy idle(&queue, &KpiRemovalQueue::idle);
        const quint64 first = queue.enqueue(groupId(1), {kpi(1, u"Revenue"_s, {})});
        queue.enqueue(groupId(3), {kpi(4, u"Leads"_s, {})});
        QCOMPARE(queue.enqueue(groupId(1), {kpi(1, u"Revenue"_s, {})}), 0u); // queued already
        queue.flush();
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent.at(0).at(0).value<quint64>(), first);
        QVERIFY(!queue.undo(first));
        QVERIFY(idle.wait());
        QCOMPARE(groupsOfKpi(1), QStringList{groupId(2)});
        QCOMPARE(groupsOfKpi(4), QStringList{groupId(1)});
    }

    void reportsRefusals_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("stillInGroup");
        QTest::newRow("403") << 403 << true;
        QTest::newRow("400") << 400 << true;
        QTest::newRow("404, already gone") << 404 << false;
    }
    void reportsRefusals()
    {
        QFETCH(int, status);
        QFETCH(bool, stillInGroup);
        m_server->faults().failNext(status, -1);
        KpiRemovalQueue queue(m_sender.get());
        queue.setClock([this] { return m_now; });
        QSignalSpy refused(&queue, &KpiRemovalQueue::refused);
        queue.enqueue(groupId(1), {kpi(2, u"Churn"_s, {groupId(1)})});
        queue.flush();
        QVERIFY(refused.wait());
        QCOMPARE(refused.at(0).at(0).toString(), groupId(1));
        QCOMPARE(refused.at(0).at(1).value<Kpi>().name, u"Churn"_s);
        QCOMPARE(refused.at(0).at(2).value<ApiError>().httpStatus, status);
        QCOMPARE(refused.at(0).at(3).toBool(), stillInGroup);
    }

    void followsTheSelectionAndDropsLateLists()
    {
        GroupListModel groups;
        GroupKpisModel kpis;
        QAbstractItemModelTester tester(&kpis,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        GroupKpiActions actions(m_sender.get(), &groups, &kpis);
        m_server->faults().setLatency(100);
        actions.showGroup(groupId(1));
        actions.showGroup(groupId(3));
        actions.showGroup(groupId(2));
        QVERIFY(QTest::qWaitFor([&] { return !kpis.isLoading(); }));
        QTest::qWait(300);
        QCOMPARE(kpis.groupId(), groupId(2));
        QCOMPARE(namesOf(kpis), QStringList{u"Revenue"_s});
    }

    void keepsTheCountsRight()
    {
        GroupListModel groups;
        GroupKpisModel kpis;
        GroupKpiActions actions(m_sender.get(), &groups, &kpis);
        actions.queue()->setClock([this] { return m_now; });
        QList<KpiGroup> list;
        for (int n = 1; n <= 3; ++n)
            list.append({groupId(n), accountA, u"G%1"_s.arg(n), {}, {}, {}, {}, false});
        groups.setGroups(list);
        QCOMPARE(groups.kpiCount(groupId(1)), -1);
        actions.loadCounts();
        QVERIFY(QTest::qWaitFor([&] { return groups.kpiCount(groupId(1)) >= 0; }));
        QCOMPARE(groups.kpiCount(groupId(1)), 3);
        QCOMPARE(groups.kpiCount(groupId(2)), 1);
        QCOMPARE(groups.kpiCount(groupId(3)), 1);

        actions.showGroup(groupId(1));
        QVERIFY(QTest::qWaitFor([&] { return kpis.rowCount() == 3; }));
        QSignalSpy queued(&actions, &GroupKpiActions::removalQueued);
        kpis.removeKpis(groupId(1), {kpiId(1), kpiId(4)});
        QCOMPARE(groups.kpiCount(groupId(1)), 1);
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.at(0).at(1).toString(), u"Removed 2 KPIs from “G1”."_s);
        actions.queue()->undo(queued.at(0).at(0).value<quint64>());
        QCOMPARE(groups.kpiCount(groupId(1)), 3);
        QCOMPARE(kpis.rowCount(), 3);

        // Refused: back in the list, and in the count.
        m_server->faults().failNext(403, -1);
        QSignalSpy message(&actions, &GroupKpiActions::failed);
        kpis.removeKpis(groupId(1), {kpiId(2)});
        QCOMPARE(groups.kpiCount(groupId(1)), 2);
        actions.queue()->flush();
        QVERIFY(message.wait());
        QVERIFY(message.at(0).at(0).toString().startsWith(u"“Churn” is back in “G1”"_s));
        QCOMPARE(groups.kpiCount(groupId(1)), 3);
        QCOMPARE(kpis.rowOf(kpiId(2)) >= 0, true);

        // Its retry, from another group: queued again, out of the count again, then sent.
        const auto retry = message.at(0).at(1).value<std::function<void()>>();
        QVERIFY(retry);
        m_server->faults().clear();
        actions.showGroup(groupId(3));
        QVERIFY(QTest::qWaitFor([&] { return !kpis.isLoading(); }));
        queued.clear();
        retry();
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.at(0).at(1).toString(), u"Removed “Churn” from “G1”."_s);
        QCOMPARE(groups.kpiCount(groupId(1)), 2);
        actions.queue()->flush();
        QVERIFY(QTest::qWaitFor([&] { return actions.queue()->isIdle(); }));
        QCOMPARE(groupsOfKpi(2), QStringList());
    }

    void movingOnSendsPendingRemovals()
    {
        GroupListModel groups;
        GroupKpisModel kpis;
        GroupKpiActions actions(m_sender.get(), &groups, &kpis);
        actions.showGroup(groupId(1));
        QVERIFY(QTest::qWaitFor([&] { return kpis.rowCount() == 3; }));
        kpis.removeKpis(groupId(1), {kpiId(2)});
        QCOMPARE(actions.queue()->queuedBatches(), 1);
        actions.showGroup(groupId(3));
        QCOMPARE(actions.queue()->queuedBatches(), 0);
        QVERIFY(QTest::qWaitFor([&] { return actions.queue()->isIdle(); }));
        QCOMPARE(groupsOfKpi(2), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestGroupKpis)
#include "tst_groupkpis.moc"

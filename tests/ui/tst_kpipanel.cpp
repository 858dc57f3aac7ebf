#include "groupdetailpane.h"
#include "groupkpiactions.h"
#include "groupkpismodel.h"
#include "groupkpispanel.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"
#include "kpilistview.h"
#include "kpiremovezone.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "session.h"
#include "tokenstore.h"
#include "windowtests.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Fixture;

// A group's KPIs in the main window, and taking them out of the group, against the sandbox.
class TestKpiPanel : public WindowTestCase
{
    Q_OBJECT

    KpiListView *kpiList() const { return find<KpiListView>(u"kpiList"_s); }
    KpiRemoveZone *zone() const { return find<KpiRemoveZone>(u"kpiRemoveZone"_s); }
    MessageBanner *banner() const { return find<MessageBanner>(u"messageBanner"_s); }
    GroupKpisModel *kpis() const { return m_window->kpisModel(); }
    SandboxAccount &account() { return *m_store->account(accountA); }
    QStringList groupsOfKpi(int n)
    {
        return account().kpis.at(account().kpiIndex.value(kpiId(n))).groupIds;
    }
    QStringList shownKpis() const
    {
        QStringList names;
        for (int row = 0; row < kpiList()->model()->rowCount(); ++row)
            names.append(kpiList()->model()->index(row, 0).data().toString());
        return names;
    }
    void openOn(int group)
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, false);
        QVERIFY(loaded.wait());
        // The journal, once read, reloads the KPIs shown: before the group is chosen, so that no
        // request of the opening comes after it.
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->outbox()->isReady(); }));
        m_window->selectGroup(groupId(group));
        QVERIFY(QTest::qWaitFor(
            [&] { return !kpis()->isLoading() && kpis()->groupId() == groupId(group); }));
        QVERIFY(
            QTest::qWaitFor([&] { return m_window->groupModel()->kpiCount(groupId(group)) >= 0; }));
    }
    // What a drag of these KPIs carries, as the list itself makes it.
    std::unique_ptr<QMimeData> dragOf(const QStringList &kpiIds) const
    {
        QModelIndexList indexes;
        for (const QString &id : kpiIds)
            indexes.append(kpis()->index(kpis()->rowOf(id), 0));
        return std::unique_ptr<QMimeData>(kpis()->mimeData(indexes));
    }
    // Enter, move and drop, as a drag over the zone delivers them; whether the drop was taken.
    bool dropOnZone(const QMimeData *data)
    {
        const QPoint center = zone()->rect().center();
        QDragEnterEvent enter(center, Qt::MoveAction, data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(zone(), &enter);
        if (!enter.isAccepted())
            return false;
        QDragMoveEvent move(center, Qt::MoveAction, data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(zone(), &move);
        QDropEvent drop(QPointF(center), Qt::MoveAction, data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(zone(), &drop);
        return drop.isAccepted() && drop.dropAction() == Qt::MoveAction;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_kpipanel"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void listsTheGroupsKpis()
    {
        openOn(1);
        QCOMPARE(shownKpis(), (QStringList{u"Churn"_s, u"Leads"_s, u"Revenue"_s}));
        QCOMPARE(find<QLabel>(u"kpiTitle"_s)->text(), u"3 KPIs"_s);
        QCOMPARE(kpiList()->model()->index(0, 0).data(Qt::ToolTipRole).toString(),
                 u"Lost customers"_s);
        QCOMPARE(m_window->groupModel()->kpiCount(groupId(1)), 3);

        m_window->selectGroup(groupId(4));
        QVERIFY(QTest::qWaitFor([&] { return !kpis()->isLoading(); }));
        auto *empty = find<QLabel>(u"kpiEmpty"_s);
        QVERIFY(empty->isVisible());
        QCOMPARE(empty->text(), u"No KPIs in this group"_s);

        // Not read is not none.
        m_server->faults().failNext(403, 1, u"^GET /kpis$"_s);
        m_window->selectGroup(groupId(3));
        QVERIFY(QTest::qWaitFor([&] { return !kpis()->isLoading(); }));
        QCOMPARE(empty->text(), u"The KPIs of this group could not be loaded."_s);
        QCOMPARE(find<QLabel>(u"kpiTitle"_s)->text(), u"KPIs"_s);

        m_window->selectGroup(groupId(1));
        QVERIFY(QTest::qWaitFor([&] { return kpis()->rowCount() == 3; }));
        QTest::keyClicks(find<QLineEdit>(u"kpiSearch"_s), u"lea"_s);
        QCOMPARE(shownKpis(), QStringList{u"Leads"_s});
    }

    void neverShowsAnotherGroupsKpis()
    {
        openOn(1);
        m_server->faults().setLatency(150);
        m_window->selectGroup(groupId(3));
        m_window->selectGroup(groupId(4));
        m_window->selectGroup(groupId(2));
        QVERIFY(QTest::qWaitFor([&] { return !kpis()->isLoading(); }));
        QTest::qWait(400); // the answers for groups 3 and 4 arrive too, and are dropped
        QCOMPARE(kpis()->groupId(), groupId(2));
        QCOMPARE(shownKpis(), QStringList{u"Revenue"_s});
    }

    void dropRemovesAtOnceAndUndoPutsBack()
    {
        openOn(1);
        const int sent = m_server->requestCount();
        const auto data = dragOf({kpiId(1), kpiId(2)});
        QVERIFY(dropOnZone(data.get()));
        QCOMPARE(shownKpis(), QStringList{u"Leads"_s});
        QCOMPARE(m_window->groupModel()->kpiCount(groupId(1)), 1);
        QCOMPARE(banner()->text(), u"Removed 2 KPIs from “Sales EMEA”."_s);
        auto *undo = find<QPushButton>(u"messageRetry"_s);
        QCOMPARE(undo->text(), u"&Undo"_s);
        QTest::mouseClick(undo, Qt::LeftButton);
        QCOMPARE(shownKpis(), (QStringList{u"Churn"_s, u"Leads"_s, u"Revenue"_s}));
        QCOMPARE(m_window->groupModel()->kpiCount(groupId(1)), 3);
        QTest::qWait(100);
        QCOMPARE(m_server->requestCount(), sent); // nothing was sent
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(1), groupId(2)}));
    }

    void sendsWhenTheUndoWindowEnds()
    {
        openOn(1);
        m_window->session()->removals()->setUndoWindow(150);
        const auto data = dragOf({kpiId(1), kpiId(2)});
        QVERIFY(dropOnZone(data.get()));
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(1), groupId(2)})); // not yet
        QVERIFY(QTest::qWaitFor([&] { return groupsOfKpi(2).isEmpty(); }));
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->removals()->isIdle(); }));
        QCOMPARE(groupsOfKpi(1), QStringList{groupId(2)}); // its other group is untouched
        QCOMPARE(shownKpis(), QStringList{u"Leads"_s});
        QCOMPARE(m_window->groupModel()->kpiCount(groupId(1)), 1);
        QCOMPARE(m_window->groupModel()->kpiCount(groupId(2)), 1);
    }

    void removeZoneReadsOnDarkPalettes()
    {
        openOn(1);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        m_window->setPalette(dark);
        zone()->show();
        const auto data = dragOf({kpiId(1)});
        QDragEnterEvent enter(zone()->rect().center(), Qt::MoveAction, data.get(), Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(zone(), &enter);
        QVERIFY(enter.isAccepted());
        const QImage hot = zone()->grab().toImage();
        // Inside the border, left of the centred text: the zone's own background.
        const QColor background = hot.pixelColor(8, hot.height() / 2);
        QVERIFY2(background.lightness() < 80, qPrintable(background.name()));
        QVERIFY2(background.red() > background.green(), qPrintable(background.name()));
        // The dashed border in the palette's error red (light on a dark window).
        bool redBorder = false;
        for (int x = 0; x < hot.width() && !redBorder; ++x)
            redBorder = hot.pixelColor(x, 1) == QColor(0xf2, 0xb8, 0xb5);
        QVERIFY(redBorder);
        QDragLeaveEvent leave;
        QApplication::sendEvent(zone(), &leave);
        const QImage calm = zone()->grab().toImage();
        QVERIFY2(calm.pixelColor(8, calm.height() / 2).lightness() < 80,
                 qPrintable(calm.pixelColor(8, calm.height() / 2).name()));
    }

    void refusesKpisOfAnotherGroup()
    {
        openOn(1);
        GroupKpisModel other;
        other.setGroup(groupId(2));
        other.setKpis(groupId(2), {{kpiId(1), u"Revenue"_s, {}, {}, {groupId(2)}}});
        const std::unique_ptr<QMimeData> data(other.mimeData({other.index(0, 0)}));
        QVERIFY(!dropOnZone(data.get()));
        QMimeData text;
        text.setText(u"Revenue"_s);
        QVERIFY(!dropOnZone(&text));
        QCOMPARE(kpis()->rowCount(), 3);
    }

    void removesFromTheKeyboard()
    {
        openOn(1);
        m_window->session()->removals()->setUndoWindow(100);
        kpiList()->setFocus();
        kpiList()->selectionModel()->select(kpiList()->model()->index(2, 0),
                                            QItemSelectionModel::ClearAndSelect);
        kpiList()->setCurrentIndex(kpiList()->model()->index(2, 0));
        QTest::keyClick(kpiList(), Qt::Key_Delete);
        QCOMPARE(shownKpis(), (QStringList{u"Churn"_s, u"Leads"_s}));
        QCOMPARE(banner()->text(), u"Removed “Revenue” from “Sales EMEA”."_s);
        QVERIFY(QTest::qWaitFor([&] { return groupsOfKpi(1) == QStringList{groupId(2)}; }));
        QVERIFY(kpiList()->actions().contains(find<QAction>(u"actionRemoveKpis"_s)));
    }

    void putsBackWhatTheServerRefuses()
    {
        openOn(1);
        m_window->session()->removals()->setUndoWindow(50);
        m_server->faults().failNext(403, -1, u"^DELETE /kpis/f"_s);
        const auto data = dragOf({kpiId(2)});
        QVERIFY(dropOnZone(data.get()));
        QCOMPARE(shownKpis(), (QStringList{u"Leads"_s, u"Revenue"_s}));
        QVERIFY(QTest::qWaitFor([&] { return shownKpis().size() == 3; }));
        QVERIFY(banner()->text().startsWith(u"“Churn” is back in “Sales EMEA”"_s));
        QVERIFY(banner()->text().contains(u"You have no access to this"_s));
        QCOMPARE(m_window->groupModel()->kpiCount(groupId(1)), 3);
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(1)});
    }

    void offersRetryForARefusedRemoval()
    {
        openOn(1);
        m_window->session()->removals()->setUndoWindow(50);
        m_server->faults().failNext(403, 1, u"^DELETE /kpis/f"_s);
        const auto data = dragOf({kpiId(2)});
        QVERIFY(dropOnZone(data.get()));
        QVERIFY(QTest::qWaitFor([&] { return shownKpis().size() == 3; }));
        QVERIFY(banner()->text().startsWith(u"“Churn” is back in “Sales EMEA”"_s));
        QVERIFY(banner()->canRetry());
        auto *retry = find<QPushButton>(u"messageRetry"_s);
        QCOMPARE(retry->text(), u"&Retry"_s);
        QTest::mouseClick(retry, Qt::LeftButton);
        QCOMPARE(shownKpis(), (QStringList{u"Leads"_s, u"Revenue"_s}));
        QCOMPARE(m_window->groupModel()->kpiCount(groupId(1)), 2);
        QCOMPARE(banner()->text(), u"Removed “Churn” from “Sales EMEA”."_s);
        QVERIFY(QTest::qWaitFor([&] { return groupsOfKpi(2).isEmpty(); }));
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->removals()->isIdle(); }));
        QCOMPARE(shownKpis(), (QStringList{u"Leads"_s, u"Revenue"_s}));
    }

    void letsGoOfAKpiSomeoneElseRemoved()
    {
        openOn(1);
        m_window->session()->removals()->setUndoWindow(50);
        m_store->removeKpiFromGroup(account(), kpiId(2), groupId(1));
        const auto data = dragOf({kpiId(2)});
        QVERIFY(dropOnZone(data.get()));
        QVERIFY(QTest::qWaitFor(
            [&] { return banner()->text().contains(u"“Churn” had already left “Sales EMEA”"_s); }));
        QCOMPARE(shownKpis(), (QStringList{u"Leads"_s, u"Revenue"_s}));
    }

    void movingOnSendsAtOnce()
    {
        openOn(1);
        const auto data = dragOf({kpiId(4)});
        QVERIFY(dropOnZone(data.get()));
        m_window->selectGroup(groupId(3));
        QVERIFY(!banner()->canRetry()); // nothing to undo any more
        QVERIFY(QTest::qWaitFor([&] { return groupsOfKpi(4) == QStringList{groupId(3)}; }));
        QVERIFY(QTest::qWaitFor([&] { return kpis()->rowCount() == 1; }));
        QCOMPARE(shownKpis(), QStringList{u"Leads"_s});
    }

    void sendsPendingRemovalsBeforeQuitting()
    {
        openOn(1);
        m_server->faults().setLatency(100);
        const auto data = dragOf({kpiId(1)});
        QVERIFY(dropOnZone(data.get()));
        m_window->close();
        QVERIFY(m_window->isVisible()); // waits for the answer first
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));
        QCOMPARE(groupsOfKpi(1), QStringList{groupId(2)});
    }

    void sendsPendingRemovalsWhenSwitchingConnections()
    {
        openOn(1);
        m_server->faults().setLatency(100);
        const auto data = dragOf({kpiId(2)});
        QVERIFY(dropOnZone(data.get()));
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountB, tokenB}, false);
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->groupModel()->rowCount(), 1);                    // account B's one group
        QVERIFY(QTest::qWaitFor([&] { return groupsOfKpi(2).isEmpty(); })); // sent on account A
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(1), groupId(2)}));
    }

    void dragsForRealOnX11()
    {
        if (QGuiApplication::platformName() != "xcb"_L1)
            QSKIP("A real drag needs a window system: this runs under xvfb-run (xcb).");
        openOn(1);
        m_window->session()->removals()->setUndoWindow(100);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        const QRect churn = kpiList()->visualRect(kpiList()->model()->index(0, 0));
        QWidget *viewport = kpiList()->viewport();
        bool zoneShown = false;
        // QDrag::exec() runs its own loop: the drop is made from inside it.
        QTimer::singleShot(300, this, [&] {
            zoneShown = zone()->isVisible();
            const QPoint target = zone()->mapToGlobal(zone()->rect().center());
            QCursor::setPos(target);
            QTest::mouseMove(zone(), zone()->rect().center());
            QTimer::singleShot(300, this, [&] {
                QTest::mouseRelease(zone(), Qt::LeftButton, {}, zone()->rect().center());
            });
        });
        QTest::mousePress(viewport, Qt::LeftButton, {}, churn.center());
        for (int step = 1; step <= 10; ++step)
            QTest::mouseMove(viewport, churn.center() + QPoint(0, step * 4));
        QVERIFY(QTest::qWaitFor([&] { return !shownKpis().contains(u"Churn"_s); }, 5000));
        QVERIFY(zoneShown);
        QVERIFY(QTest::qWaitFor([&] { return groupsOfKpi(2).isEmpty(); }));
    }
};

QTEST_MAIN(TestKpiPanel)
#include "tst_kpipanel.moc"

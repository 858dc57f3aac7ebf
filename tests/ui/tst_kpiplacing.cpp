#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "kpilistview.h"
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
#include <QDialog>
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

// Putting KPIs in other groups from the main window, against the sandbox: dropped on a group of
// the list (moved, or added with Ctrl), or through the KPI menu's chooser; refused with a reason
// where they cannot go, and where the server does not offer the add.
class TestKpiPlacing : public WindowTestCase
{
    Q_OBJECT

    KpiListView *kpiList() const { return find<KpiListView>(u"kpiList"_s); }
    QListView *groupList() const { return find<QListView>(u"groupList"_s); }
    QLabel *target() const { return find<QLabel>(u"kpiDropTarget"_s); }
    QWidget *frame() const { return find<QWidget>(u"kpiDropFrame"_s); }
    MessageBanner *banner() const { return find<MessageBanner>(u"messageBanner"_s); }
    GroupKpisModel *kpis() const { return m_window->kpisModel(); }
    GroupListModel *groups() const { return m_window->groupModel(); }
    SandboxAccount &account() { return *m_store->account(accountA); }
    QStringList groupsOfKpi(int n)
    {
        return account().kpis.at(account().kpiIndex.value(kpiId(n))).groupIds;
    }
    void openOn(int group)
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, false);
        QVERIFY(loaded.wait());
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->outbox()->isReady(); }));
        m_window->selectGroup(groupId(group));
        QVERIFY(QTest::qWaitFor(
            [&] { return !kpis()->isLoading() && kpis()->groupId() == groupId(group); }));
        QVERIFY(QTest::qWaitFor([&] { return groups()->kpiCount(groupId(group)) >= 0; }));
    }
    std::unique_ptr<QMimeData> dragOf(const QStringList &kpiIds) const
    {
        QModelIndexList indexes;
        for (const QString &id : kpiIds)
            indexes.append(kpis()->index(kpis()->rowOf(id), 0));
        return std::unique_ptr<QMimeData>(kpis()->mimeData(indexes));
    }
    QPoint centerOfGroup(int group) const
    {
        const QAbstractItemModel *model = groupList()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(GroupListModel::IdRole).toString() == groupId(group))
                return groupList()->visualRect(index).center();
        }
        return {};
    }
    // A drag entering the group list and moving over a group: whether a drop is taken there.
    bool hoverOver(int group, const QMimeData *data, Qt::KeyboardModifiers modifiers = {})
    {
        QWidget *viewport = groupList()->viewport();
        const QPoint at = centerOfGroup(group);
        QDragEnterEvent enter(at, Qt::MoveAction | Qt::CopyAction, data, Qt::LeftButton, modifiers);
        QApplication::sendEvent(viewport, &enter);
        if (!enter.isAccepted())
            return false;
        QDragMoveEvent move(at, Qt::MoveAction | Qt::CopyAction, data, Qt::LeftButton, modifiers);
        QApplication::sendEvent(viewport, &move);
        return move.isAccepted();
    }
    bool dropOn(int group, const QMimeData *data, Qt::KeyboardModifiers modifiers = {})
    {
        hoverOver(group, data, modifiers);
        QDropEvent drop(QPointF(centerOfGroup(group)), Qt::MoveAction | Qt::CopyAction, data,
                        Qt::LeftButton, modifiers);
        QApplication::sendEvent(groupList()->viewport(), &drop);
        return drop.isAccepted();
    }
    void selectKpi(int kpi)
    {
        const QAbstractItemModel *model = kpiList()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(GroupKpisModel::IdRole).toString() == kpiId(kpi))
                kpiList()->setCurrentIndex(model->index(row, 0));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_kpiplacing"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void movesKpisDroppedOnAGroup()
    {
        openOn(1);
        QCOMPARE(groups()->kpiCount(groupId(2)), 1);
        const auto data = dragOf({kpiId(2), kpiId(4)});
        QVERIFY(hoverOver(2, data.get()));
        QVERIFY(target()->isVisible());
        QCOMPARE(target()->toolTip(), u"Move here (Ctrl: add)"_s);
        QCOMPARE(frame()->geometry(),
                 groupList()->visualRect(groupList()->indexAt(centerOfGroup(2))));
        QVERIFY(dropOn(2, data.get()));
        QVERIFY(!frame()->isVisible());
        // At once: the list, both counts.
        QCOMPARE(kpis()->rowCount(), 1);
        QCOMPARE(groups()->kpiCount(groupId(1)), 1);
        QCOMPARE(groups()->kpiCount(groupId(2)), 3);
        QCOMPARE(m_window->session()->undoDescription(), u"Move 2 KPIs to “sales APAC”"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(2)});
        QCOMPARE(groupsOfKpi(4), (QStringList{groupId(3), groupId(2)}));
        // Each sent once: added, then taken out.
        QCOMPARE(m_server->changesReceived().filter(u"/kpis/fffffffffffffffffffffff2/"_s),
                 (QStringList{
                     u"PUT /kpis/fffffffffffffffffffffff2/groups/000000000000000000000002"_s,
                     u"DELETE /kpis/fffffffffffffffffffffff2/groups/000000000000000000000001"_s}));
    }

    void addsWithCtrl()
    {
        openOn(1);
        const auto data = dragOf({kpiId(1)});
        QVERIFY(hoverOver(3, data.get(), Qt::ControlModifier));
        QCOMPARE(target()->toolTip(), u"Add here"_s);
        QVERIFY(dropOn(3, data.get(), Qt::ControlModifier));
        QCOMPARE(kpis()->rowCount(), 3); // it stays here too
        const QModelIndex revenue = kpis()->index(kpis()->rowOf(kpiId(1)));
        QCOMPARE(revenue.data(GroupKpisModel::OtherGroupCountRole).toInt(), 2);
        QCOMPARE(groups()->kpiCount(groupId(3)), 2);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        QCOMPARE(groupsOfKpi(1), (QStringList{groupId(1), groupId(2), groupId(3)}));
    }

    void refusesTheGroupItselfAndOneTheKpiIsIn()
    {
        openOn(1);
        const auto all = dragOf({kpiId(2), kpiId(4)});
        QVERIFY(!hoverOver(1, all.get()));
        QVERIFY(frame()->isVisible());
        QCOMPARE(target()->toolTip(), u"The KPIs are in “Sales EMEA” already."_s);
        const auto revenue = dragOf({kpiId(1)});
        QVERIFY(!hoverOver(2, revenue.get()));
        QCOMPARE(target()->toolTip(), u"“Revenue” is in “sales APAC” already."_s);
        QVERIFY(!dropOn(2, revenue.get()));
        QCOMPARE(banner()->text(), u"“Revenue” is in “sales APAC” already."_s);
        QDragLeaveEvent leave;
        QApplication::sendEvent(groupList()->viewport(), &leave);
        QVERIFY(!frame()->isVisible());
        QCOMPARE(kpis()->rowCount(), 3);
        QTest::qWait(50);
        QCOMPARE(m_server->changesReceived(), QStringList());
    }

    void choosesAGroupFromTheKeyboard()
    {
        openOn(1);
        selectKpi(2);
        QAction *move = find<QAction>(u"actionMoveKpisToGroup"_s);
        QVERIFY(move->isEnabled());
        QVERIFY(kpiList()->actions().contains(move));
        QString refused;
        QTimer::singleShot(0, this, [&] {
            QWidget *chooser = QApplication::activeModalWidget();
            QVERIFY(chooser);
            QCOMPARE(chooser->windowTitle(), u"Move 1 KPI to Group"_s);
            auto *search = chooser->findChild<QLineEdit *>(u"groupChooserSearch"_s);
            QTest::keyClicks(search, u"sales em"_s); // the group it is in: refused, with why
            QTest::keyClick(search, Qt::Key_Return);
            refused = chooser->findChild<QLabel *>(u"groupChooserProblem"_s)->text();
            search->clear();
            QTest::keyClicks(search, u"zur"_s); // accents do not matter
            QTest::keyClick(search, Qt::Key_Return);
        });
        move->trigger();
        QCOMPARE(refused, u"The KPIs are in “Sales EMEA” already."_s);
        QCOMPARE(kpis()->rowCount(), 2);
        QCOMPARE(groups()->kpiCount(groupId(4)), 1);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(4)});

        m_window->session()->undo(); // back in one step
        QCOMPARE(kpis()->rowCount(), 3);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(1)});
    }

    void saysOnceWhereTheServerCannotAdd()
    {
        m_server->setKpiAddingRefusal(405);
        openOn(1);
        const auto data = dragOf({kpiId(2)});
        QVERIFY(dropOn(2, data.get()));
        QCOMPARE(kpis()->rowCount(), 2); // shown at once, as any change
        QAction *add = find<QAction>(u"actionAddKpisToGroup"_s);
        QVERIFY(QTest::qWaitFor([&] { return !add->isEnabled(); }));
        // Back where it was; the menu says why it offers no more.
        QCOMPARE(kpis()->rowCount(), 3);
        QCOMPARE(groups()->kpiCount(groupId(2)), 1);
        const QString why = u"This server does not offer adding KPIs to groups; add them in "
                            "Quantive's web app."_s;
        QCOMPARE(banner()->text(), why);
        QCOMPARE(add->toolTip(), why);
        QVERIFY(!find<QAction>(u"actionMoveKpisToGroup"_s)->isEnabled());
        QVERIFY(!hoverOver(3, data.get()));
        QCOMPARE(target()->toolTip(), why);
        QCOMPARE(groupsOfKpi(2), QStringList{groupId(1)});
        QCOMPARE(
            m_server->changesReceived(),
            QStringList{u"PUT /kpis/fffffffffffffffffffffff2/groups/000000000000000000000002"_s});
    }

    void addsTheKpisInNoGroupDraggedOntoAGroup()
    {
        openOn(1);
        auto *entry = find<QPushButton>(u"kpisInNoGroup"_s);
        QTest::mouseClick(entry, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] {
            return kpis()->groupId() == QString(GroupKpisModel::noGroupId) && !kpis()->isLoading();
        }));
        QCOMPARE(kpis()->rowCount(), 1); // Uptime
        QVERIFY(entry->isChecked());
        QVERIFY(!groupList()->currentIndex().isValid());
        // Not a group: it cannot be renamed, starred or deleted, nor can KPIs leave it.
        QVERIFY(find<QLabel>(u"noGroupTitle"_s)->isVisible());
        QVERIFY(!find<QWidget>(u"deleteGroup"_s)->isVisible());
        for (const char *name : {"actionRename", "actionFavorite", "actionDelete",
                                 "actionRemoveKpis", "actionMoveKpisToGroup"})
            QVERIFY2(!find<QAction>(QString::fromLatin1(name))->isEnabled(), name);
        QVERIFY(find<QAction>(u"actionAddKpisToGroup"_s)->isEnabled());

        const auto data = dragOf({kpiId(3)});
        QVERIFY(hoverOver(2, data.get()));
        QCOMPARE(target()->toolTip(), u"Add here"_s);
        QVERIFY(dropOn(2, data.get()));
        QCOMPARE(kpis()->rowCount(), 0);
        QCOMPARE(groups()->kpiCount(groupId(2)), 2);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        QCOMPARE(groupsOfKpi(3), QStringList{groupId(2)});

        m_window->selectGroup(groupId(1)); // a group again
        QVERIFY(!entry->isChecked());
        QVERIFY(find<QWidget>(u"deleteGroup"_s)->isVisible());
        QVERIFY(!find<QLabel>(u"noGroupTitle"_s)->isVisible());
    }

    void dragsForRealOnX11()
    {
        if (QGuiApplication::platformName() != "xcb"_L1)
            QSKIP("A real drag needs a window system: this runs under xvfb-run (xcb).");
        openOn(1);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        const QRect churn = kpiList()->visualRect(kpiList()->model()->index(0, 0));
        QWidget *viewport = kpiList()->viewport();
        QWidget *groupsViewport = groupList()->viewport();
        bool highlighted = false;
        // QDrag::exec() runs its own loop: the drop is made from inside it.
        QTimer::singleShot(300, this, [&] {
            const QPoint over = centerOfGroup(2);
            QCursor::setPos(groupsViewport->mapToGlobal(over));
            QTest::mouseMove(groupsViewport, over);
            QTimer::singleShot(300, this, [&] {
                highlighted = frame()->isVisible();
                QTest::mouseRelease(groupsViewport, Qt::LeftButton, {}, centerOfGroup(2));
            });
        });
        QTest::mousePress(viewport, Qt::LeftButton, {}, churn.center());
        for (int step = 1; step <= 10; ++step)
            QTest::mouseMove(viewport, churn.center() + QPoint(0, step * 4));
        QVERIFY(QTest::qWaitFor([&] { return kpis()->rowOf(kpiId(2)) < 0; }, 5000));
        QVERIFY(highlighted);
        QVERIFY(QTest::qWaitFor([&] { return groupsOfKpi(2) == QStringList{groupId(2)}; }));
    }
};

QTEST_MAIN(TestKpiPlacing)
#include "tst_kpiplacing.moc"

#include "groupkpismodel.h"
#include "groupkpispanel.h"
#include "grouplistmodel.h"
#include "kpilistview.h"
#include "kpimenu.h"
#include "mainwindow.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "session.h"
#include "tokenstore.h"
#include "weblinks.h"
#include "windowactions.h"
#include "windowtests.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QHelpEvent>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>

using namespace Qt::StringLiterals;
using namespace Fixture;

// A group's and a KPI's ways out of the window, against the sandbox: their pages opened in
// Quantive's web app (the URL handed to the desktop, caught here), their links, names and ids
// copied; and a KPI's other groups, by name, to go to one.
class TestLinks : public WindowTestCase
{
    Q_OBJECT

public Q_SLOTS:
    // Stands in for the desktop's browser (QDesktopServices::setUrlHandler).
    void openUrl(const QUrl &url) { m_opened.append(url.toString()); }

private:
    QStringList m_opened;

    QListView *groupList() const { return find<QListView>(u"groupList"_s); }
    KpiListView *kpiList() const { return find<KpiListView>(u"kpiList"_s); }
    KpiMenu *kpiMenu() const { return m_window->findChild<KpiMenu *>(); }
    QAction *action(const QString &name) const { return find<QAction>(name); }
    QString status() const { return m_window->statusBar()->currentMessage(); }
    QString clipboard() const { return QApplication::clipboard()->text(); }
    // The sandbox's address without the API's path: where its web pages are.
    QString web() const { return u"http://127.0.0.1:%1"_s.arg(m_server->port()); }
    void openOn(int group)
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, false);
        QVERIFY(loaded.wait());
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->outbox()->isReady(); }));
        showGroup(group);
    }
    void showGroup(int group)
    {
        m_window->selectGroup(groupId(group));
        QVERIFY(QTest::qWaitFor([&] {
            return !m_window->kpisModel()->isLoading() &&
                   m_window->kpisModel()->groupId() == groupId(group);
        }));
    }
    QModelIndex kpiRow(int kpi) const
    {
        const QAbstractItemModel *model = kpiList()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(GroupKpisModel::IdRole).toString() == kpiId(kpi))
                return model->index(row, 0);
        return {};
    }
    void selectKpi(int kpi)
    {
        kpiList()->setFocus();
        kpiList()->selectionModel()->setCurrentIndex(kpiRow(kpi),
                                                     QItemSelectionModel::ClearAndSelect);
    }
    // The entries of Other Groups as it opens: their texts, disabled ones in brackets.
    QStringList otherGroups()
    {
        QMenu *menu = kpiMenu()->otherGroupsMenu();
        Q_EMIT menu->aboutToShow();
        return entries(menu);
    }
    static QStringList entries(const QMenu *menu)
    {
        QStringList texts;
        for (const QAction *entry : menu->actions())
            texts.append(entry->isEnabled() ? entry->text() : u"[%1]"_s.arg(entry->text()));
        return texts;
    }
    QAction *entry(const QString &text) const
    {
        for (QAction *entry : kpiMenu()->otherGroupsMenu()->actions())
            if (entry->text() == text)
                return entry;
        return nullptr;
    }
    QByteArray fetch(const QString &url)
    {
        QNetworkAccessManager manager;
        QNetworkReply *reply = manager.get(QNetworkRequest(QUrl(url)));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10000))
            return {};
        reply->deleteLater();
        return reply->readAll();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(prepareSettings(u"tst_links"_s));
        QDesktopServices::setUrlHandler(u"http"_s, this, "openUrl");
        QDesktopServices::setUrlHandler(u"https"_s, this, "openUrl");
    }
    void cleanupTestCase()
    {
        QDesktopServices::unsetUrlHandler(u"http"_s);
        QDesktopServices::unsetUrlHandler(u"https"_s);
    }
    void init()
    {
        m_opened.clear();
        QApplication::clipboard()->clear();
        QVERIFY(openWindow());
    }
    void cleanup() { closeWindow(); }

    void opensAndCopiesTheCurrentGroupsLinkFromTheKeys()
    {
        openOn(1);
        groupList()->setFocus();
        QCOMPARE(action(u"actionOpenInQuantive"_s)->shortcut(), QKeySequence(u"Ctrl+Shift+G"_s));
        QCOMPARE(action(u"actionCopyLink"_s)->shortcut(), QKeySequence(u"Ctrl+Shift+L"_s));
        QTest::keySequence(groupList(), QKeySequence(u"Ctrl+Shift+G"_s));
        QCOMPARE(m_opened, QStringList{web() + u"/results/kpis/groups/000000000000000000000001"_s});
        QCOMPARE(status(), u"Opened “Sales EMEA” in Quantive."_s);
        // The sandbox's stand-in for the web app answers it with the group.
        QVERIFY(fetch(m_opened.constFirst()).contains("<h1>Sales EMEA</h1>"));

        QTest::keySequence(groupList(), QKeySequence(u"Ctrl+Shift+L"_s));
        QCOMPARE(clipboard(), web() + u"/results/kpis/groups/000000000000000000000001"_s);
        QCOMPARE(status(), u"Copied the link to “Sales EMEA”."_s);
        // Copy Group Id keeps its keys and its message.
        QTest::keySequence(groupList(), QKeySequence(u"Ctrl+Shift+C"_s));
        QCOMPARE(clipboard(), groupId(1));
        QCOMPARE(status(), u"Copied the id of “Sales EMEA”."_s);
    }

    void theDetailPaneAndTheGroupsMenuOfferThem()
    {
        openOn(3);
        auto *open = find<QToolButton>(u"actionOpenInQuantiveButton"_s);
        auto *copy = find<QToolButton>(u"actionCopyLinkButton"_s);
        QVERIFY(open && open->isVisible() && open->isEnabled());
        QCOMPARE(open->text(), u"Open in Quantive"_s);
        QCOMPARE(open->toolTip(), u"Open the group's page in Quantive's web app (Ctrl+Shift+G)"_s);
        QCOMPARE(copy->text(), u"Copy Link"_s);
        // Reached with Tab right after the id's Copy.
        QCOMPARE(find<QToolButton>(u"copyId"_s)->nextInFocusChain(), open);
        QCOMPARE(open->nextInFocusChain(), copy);
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(m_opened, QStringList{web() + u"/results/kpis/groups/000000000000000000000003"_s});
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(clipboard(), web() + u"/results/kpis/groups/000000000000000000000003"_s);
        const QList<QAction *> menu = groupList()->actions();
        QVERIFY(menu.contains(action(u"actionOpenInQuantive"_s)));
        QVERIFY(menu.contains(action(u"actionCopyLink"_s)));
    }

    void copiesTheLinksOfSeveralGroupsOneALine()
    {
        openOn(1);
        // Marketing is above Sales EMEA in the list (by name).
        QItemSelectionModel *selection = groupList()->selectionModel();
        for (int row = 0; row < groupList()->model()->rowCount(); ++row) {
            const QModelIndex index = groupList()->model()->index(row, 0);
            const QString id = index.data(GroupListModel::IdRole).toString();
            if (id == groupId(3) || id == groupId(1))
                selection->select(index, QItemSelectionModel::Select);
        }
        QAction *copy = action(u"actionCopyLink"_s);
        QAction *open = action(u"actionOpenInQuantive"_s);
        QCOMPARE(copy->text(), u"Copy &Links to 2 Groups"_s);
        QVERIFY(!open->isEnabled());
        QCOMPARE(open->toolTip(), u"Opens one group at a time: select only one."_s);
        QTest::keySequence(groupList(), QKeySequence(u"Ctrl+Shift+L"_s));
        QCOMPARE(clipboard(), web() + u"/results/kpis/groups/000000000000000000000003\n"_s + web() +
                                  u"/results/kpis/groups/000000000000000000000001"_s);
        QCOMPARE(status(), u"Copied the links to 2 groups, one a line."_s);
        QTest::keySequence(groupList(), QKeySequence(u"Ctrl+Shift+G"_s));
        QCOMPARE(m_opened, QStringList());
    }

    void aServerElsewhereHasNoLinks()
    {
        // Where the web app of a server on another path is cannot be told: disabled, and why.
        const QString why = WebLinks::problem(QUrl(u"https://kpis.example.com/api/v2"_s));
        QCOMPARE(why, u"No link to Quantive's web app from this server's address: its path does "
                      "not end in /results/api/v1, and there is no telling where the web app "
                      "is."_s);
        auto *actions = m_window->findChild<WindowActions *>();
        actions->showTarget(
            {.connected = true, .hasCurrent = true, .selected = 1, .linkProblem = why});
        QVERIFY(!actions->openInQuantiveAction()->isEnabled());
        QVERIFY(!actions->copyLinkAction()->isEnabled());
        QCOMPARE(actions->openInQuantiveAction()->toolTip(), why);
        QCOMPARE(actions->copyLinkAction()->toolTip(), why);
        QCOMPARE(find<QToolButton>(u"actionCopyLinkButton"_s)->toolTip(), why);
        QVERIFY(!find<QToolButton>(u"actionCopyLinkButton"_s)->isEnabled());

        // A KPI of such a server: its name and id, no link.
        Session session({QUrl(u"https://kpis.example.com/api/v2"_s), accountA, tokenA1});
        GroupKpisPanel panel(session.kpis());
        QStatusBar bar;
        KpiMenu menu(&panel, &bar);
        menu.setSession(&session);
        session.kpis()->setGroup(groupId(1));
        session.kpis()->setKpis(groupId(1), {{kpiId(1), u"Revenue"_s, {}, userA1, {groupId(1)}}});
        panel.view()->setCurrentIndex(panel.view()->model()->index(0, 0));
        const auto named = [&panel](const QString &name) -> QAction * {
            for (QAction *action : panel.view()->actions())
                if (action->objectName() == name)
                    return action;
            return nullptr;
        };
        QVERIFY(named(u"actionCopyKpiIds"_s)->isEnabled());
        QVERIFY(!named(u"actionOpenKpiInQuantive"_s)->isEnabled());
        QVERIFY(!named(u"actionCopyKpiLinks"_s)->isEnabled());
        QCOMPARE(named(u"actionOpenKpiInQuantive"_s)->toolTip(), why);
        QVERIFY(!named(u"actionOtherGroups"_s)->isEnabled()); // in no other group
        QCOMPARE(named(u"actionOtherGroups"_s)->toolTip(), u"“Revenue” is in no other group."_s);
    }

    void aKpisMenuCopiesAndOpensIt()
    {
        openOn(1);
        selectKpi(1);
        const QList<QAction *> menu = kpiList()->actions();
        for (const QString &name :
             {u"actionCopyKpiNames"_s, u"actionCopyKpiIds"_s, u"actionCopyKpiLinks"_s,
              u"actionOpenKpiInQuantive"_s, u"actionOtherGroups"_s}) {
            QVERIFY2(menu.contains(find<QAction>(name)), qPrintable(name));
            QVERIFY2(find<QAction>(name)->isEnabled(), qPrintable(name));
        }
        find<QAction>(u"actionCopyKpiNames"_s)->trigger();
        QCOMPARE(clipboard(), u"Revenue"_s);
        QCOMPARE(status(), u"Copied the name of “Revenue”."_s);
        find<QAction>(u"actionCopyKpiIds"_s)->trigger();
        QCOMPARE(clipboard(), u"fffffffffffffffffffffff1"_s);
        QCOMPARE(status(), u"Copied the id of “Revenue”."_s);
        find<QAction>(u"actionCopyKpiLinks"_s)->trigger();
        QCOMPARE(clipboard(), web() + u"/results/kpis/fffffffffffffffffffffff1"_s);
        QCOMPARE(status(), u"Copied the link to “Revenue”."_s);
        find<QAction>(u"actionOpenKpiInQuantive"_s)->trigger();
        QCOMPARE(m_opened, QStringList{web() + u"/results/kpis/fffffffffffffffffffffff1"_s});
        QVERIFY(fetch(m_opened.constFirst()).contains("<h1>Revenue</h1>"));
    }

    void severalKpisAreCopiedOneALine()
    {
        openOn(1);
        kpiList()->setFocus();
        kpiList()->selectAll(); // Churn, Leads, Revenue
        QAction *names = find<QAction>(u"actionCopyKpiNames"_s);
        QCOMPARE(names->text(), u"Copy &Names of 3 KPIs"_s);
        QTest::keySequence(kpiList(), QKeySequence::Copy); // Ctrl+C in the list
        QCOMPARE(clipboard(), u"Churn\nLeads\nRevenue"_s);
        QCOMPARE(status(), u"Copied the names of 3 KPIs, one a line."_s);
        find<QAction>(u"actionCopyKpiIds"_s)->trigger();
        QCOMPARE(clipboard(),
                 u"fffffffffffffffffffffff2\nfffffffffffffffffffffff4\nfffffffffffffffffffffff1"_s);
        find<QAction>(u"actionCopyKpiLinks"_s)->trigger();
        QCOMPARE(clipboard(), web() + u"/results/kpis/fffffffffffffffffffffff2\n"_s + web() +
                                  u"/results/kpis/fffffffffffffffffffffff4\n"_s + web() +
                                  u"/results/kpis/fffffffffffffffffffffff1"_s);
        QAction *open = find<QAction>(u"actionOpenKpiInQuantive"_s);
        QVERIFY(!open->isEnabled());
        QCOMPARE(open->toolTip(), u"Opens one KPI at a time: select only one."_s);
        QAction *others = find<QAction>(u"actionOtherGroups"_s);
        QVERIFY(!others->isEnabled());
        QCOMPARE(others->toolTip(), u"Shows the other groups of one KPI: select only one."_s);
    }

    void theMenuSaysWhyAnEntryIsDisabled()
    {
        openOn(1);
        kpiList()->setFocus();
        kpiList()->selectAll();
        QString tip;
        QTimer::singleShot(0, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QVERIFY(menu);
            QAction *open = find<QAction>(u"actionOpenKpiInQuantive"_s);
            QVERIFY(menu->actions().contains(open));
            const QPoint at = menu->actionGeometry(open).center();
            QHelpEvent help(QEvent::ToolTip, at, menu->mapToGlobal(at));
            QApplication::sendEvent(menu, &help);
            tip = QToolTip::text();
            menu->close();
        });
        QTest::keySequence(kpiList(), QKeySequence(u"Shift+F10"_s));
        QCOMPARE(tip, u"Opens one KPI at a time: select only one."_s);
    }

    void goesToAnOtherGroupHiddenByTheSearchAndTheFavorites()
    {
        openOn(1);
        selectKpi(4); // Leads: in Marketing too
        QCOMPARE(otherGroups(), QStringList{u"Marketing"_s});
        // Marketing hidden: by a search, and by the favorites only (A1 has not starred it).
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        search->setText(u"sales"_s);
        action(u"actionFavoritesOnly"_s)->setChecked(true);
        QVERIFY(!groupList()
                     ->model()
                     ->match(groupList()->model()->index(0, 0), GroupListModel::IdRole, groupId(3))
                     .value(0)
                     .isValid());
        entry(u"Marketing"_s)->trigger();
        QCOMPARE(m_window->currentGroupId(), groupId(3));
        QCOMPARE(search->text(), QString());
        QVERIFY(!action(u"actionFavoritesOnly"_s)->isChecked());
        QVERIFY(groupList()->hasFocus());
        const QRect row = groupList()->visualRect(groupList()->currentIndex());
        QVERIFY(groupList()->viewport()->rect().contains(row));
        QCOMPARE(groupList()->selectionModel()->selectedRows().size(), 1);
        QVERIFY(QTest::qWaitFor([&] { return m_window->kpisModel()->groupId() == groupId(3); }));
    }

    void asksForOtherGroupsTheListDoesNotHave()
    {
        openOn(1);
        // Made by someone else since the list was read, with Churn in it.
        const QString finance = u"cccccccccccccccccccccccc"_s;
        m_store->addGroup(accountA,
                          {finance, u"Finance & Legal"_s, userA2, userA2, date(5, 1), date(5, 2)});
        QVERIFY(!m_store->addKpiToGroup(*m_store->account(accountA), kpiId(2), finance).isError());
        showGroup(2);
        showGroup(1);
        selectKpi(2); // Churn
        // Asked for, without waiting; the answer fills the menu as it is open.
        m_server->faults().setLatency(100);
        QMenu *menu = kpiMenu()->otherGroupsMenu();
        menu->popup(kpiList()->mapToGlobal(QPoint(10, 10)));
        QCOMPARE(entries(menu), QStringList{u"[Loading…]"_s});
        QVERIFY(
            QTest::qWaitFor([&] { return entries(menu) == QStringList{u"Finance && Legal"_s}; }));
        menu->close();
        m_server->faults().setLatency(0);
        // Not in the list: the list is read again, and it is gone to once it is there.
        entry(u"Finance && Legal"_s)->trigger();
        QCOMPARE(status(), u"“Finance & Legal” is not in the list yet: reading the list again…"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_window->currentGroupId() == finance; }));
    }

    void saysWhyOtherGroupsCouldNotBeHad()
    {
        openOn(1);
        const QString finance = u"cccccccccccccccccccccccc"_s;
        m_store->addGroup(accountA,
                          {finance, u"Finance"_s, userA2, userA2, date(5, 1), date(5, 2)});
        QVERIFY(!m_store->addKpiToGroup(*m_store->account(accountA), kpiId(1), finance).isError());
        showGroup(2);
        showGroup(1);
        selectKpi(1); // Revenue: in sales APAC, which the list has, and in Finance
        m_server->faults().failNext(403, 1, u"^GET /kpis/groups$"_s);
        QCOMPARE(otherGroups(), (QStringList{u"sales APAC"_s, u"[Loading…]"_s}));
        QSignalSpy answered(m_window->session()->groupNames(), &GroupNames::answered);
        QVERIFY(answered.wait());
        QCOMPARE(otherGroups(),
                 (QStringList{u"sales APAC"_s,
                              u"[Could not load the other groups: You have no access to this. "
                              "Check the account id, or ask an administrator for the "
                              "permission.]"_s}));
        // Asked again as the menu opens again.
        QCOMPARE(otherGroups(), (QStringList{u"sales APAC"_s, u"[Loading…]"_s}));
        QVERIFY(answered.wait());
        QCOMPARE(otherGroups(), (QStringList{u"Finance"_s, u"sales APAC"_s}));
    }
};

QTEST_MAIN(TestLinks)
#include "tst_links.moc"

#include "connectdialog.h"
#include "grouplistmodel.h"
#include "messagebanner.h"
#include "newgroupdialog.h"
#include "sandboxfixture.h"
#include "windowtests.h"

#include <QAccessible>
#include <QAction>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Fixture;

namespace {

QString describe(QWidget *widget)
{
    return u"%1 (%2)"_s.arg(widget->objectName(),
                            QString::fromLatin1(widget->metaObject()->className()));
}

// The focusable widgets of `top` a screen reader could not tell apart: no accessible name, or a
// role that says nothing of what they do.
QStringList unnamedFocusable(QWidget *top, int *checked = nullptr)
{
    QStringList problems;
    int count = 0;
    QList<QWidget *> widgets = top->findChildren<QWidget *>();
    widgets.prepend(top);
    for (QWidget *widget : std::as_const(widgets)) {
        if (widget->focusPolicy() == Qt::NoFocus || !widget->isVisibleTo(top))
            continue;
        // Parts of Qt's own composite widgets (a combo box's line edit) are named by them.
        if (widget->focusProxy())
            continue;
        ++count;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
        if (!iface) {
            problems.append(describe(widget) + u": no accessible interface"_s);
            continue;
        }
        if (iface->text(QAccessible::Name).trimmed().isEmpty())
            problems.append(describe(widget) + u": no name"_s);
        const QAccessible::Role role = iface->role();
        if (role == QAccessible::NoRole || role == QAccessible::Client ||
            role == QAccessible::Pane || role == QAccessible::Grouping)
            problems.append(describe(widget) + u": generic role %1"_s.arg(int(role)));
    }
    if (checked)
        *checked = count;
    return problems;
}

} // namespace

// What a screen reader finds in the window and its dialogs.
class TestAccessibility : public WindowTestCase
{
    Q_OBJECT

    QListView *list() const { return find<QListView>(u"groupList"_s); }

    void openConnected()
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, false);
        QVERIFY(loaded.wait());
        QCOMPARE(list()->model()->rowCount(), 6);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(prepareSettings(u"tst_accessibility"_s));
        QAccessible::setActive(true);
    }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void everyFocusableWidgetOfTheWindowHasAName()
    {
        openConnected();
        list()->setCurrentIndex(list()->model()->index(0, 0));
        QTRY_VERIFY(find<QWidget>(u"nameEdit"_s)->isEnabled());
        int checked = 0;
        QCOMPARE(unnamedFocusable(m_window.get(), &checked), QStringList());
        QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
    }

    void everyFocusableWidgetOfTheConnectDialogHasAName()
    {
        m_window->showConnectDialog();
        ConnectDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = find<ConnectDialog>(u"connectDialog"_s)) && dialog->isVisible());
        int checked = 0;
        QCOMPARE(unnamedFocusable(dialog, &checked), QStringList());
        QVERIFY2(checked >= 5, qPrintable(QString::number(checked)));
    }

    void everyFocusableWidgetOfTheNewGroupDialogHasAName()
    {
        openConnected();
        find<QAction>(u"actionNewGroup"_s)->trigger();
        NewGroupDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<NewGroupDialog *>()) && dialog->isVisible());
        QCOMPARE(unnamedFocusable(dialog), QStringList());
    }

    void listRowsSayNameStarAndKpiCount()
    {
        openConnected();
        QTRY_VERIFY(list()->model()->index(0, 0).data(GroupListModel::KpiCountRole).toInt() >= 0);
        QAccessibleInterface *view = QAccessible::queryAccessibleInterface(list());
        QVERIFY(view);
        QStringList rows;
        for (int i = 0; i < view->childCount(); ++i)
            rows.append(view->child(i)->text(QAccessible::Name));
        // Group 2 "sales APAC" is starred by user A1 and holds KPI 1; group 1 holds KPIs 1, 2, 4.
        QVERIFY2(rows.contains(u"sales APAC, starred, 1 KPI"_s), qPrintable(rows.join(u" | "_s)));
        QVERIFY2(rows.contains(u"Sales EMEA, 3 KPIs"_s), qPrintable(rows.join(u" | "_s)));
        QVERIFY2(rows.contains(u"Zürich Office, 0 KPIs"_s), qPrintable(rows.join(u" | "_s)));
    }

    void theUndoMessageIsAnnouncedAndReachedByKeyboard()
    {
        openConnected();
        auto *banner = find<MessageBanner>(u"messageBanner"_s);
        int undone = 0;
        banner->showAction(
            u"Removed 1 KPI from “Sales EMEA”."_s, u"&Undo"_s, [&] { ++undone; }, 5000);
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(banner);
        QCOMPARE(iface->role(), QAccessible::AlertMessage);
        QCOMPARE(iface->text(QAccessible::Description), u"Removed 1 KPI from “Sales EMEA”."_s);
        QCOMPARE(unnamedFocusable(banner), QStringList());

        find<QAction>(u"actionGoToMessage"_s)->trigger();
        auto *undo = find<QPushButton>(u"messageRetry"_s);
        QTRY_VERIFY(undo->hasFocus());
        QTest::keyClick(undo, Qt::Key_Space);
        QCOMPARE(undone, 1);
    }

    void anErrorMessageIsReachedByKeyboard()
    {
        openConnected();
        auto *banner = find<MessageBanner>(u"messageBanner"_s);
        banner->showError(u"Quantive did not answer."_s);
        QCOMPARE(QAccessible::queryAccessibleInterface(banner)->text(QAccessible::Description),
                 u"Quantive did not answer."_s);
        find<QAction>(u"actionGoToMessage"_s)->trigger();
        QTRY_VERIFY(find<QWidget>(u"messageClose"_s)->hasFocus());
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"

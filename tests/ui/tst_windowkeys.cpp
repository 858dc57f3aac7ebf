// The window from the keyboard: context menus, undo and redo.
#include "groupdetailpane.h"
#include "groupkpismodel.h"
#include "groupkpispanel.h"
#include "grouplistmodel.h"
#include "kpilistview.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "session.h"
#include "windowactions.h"
#include "windowtests.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace Fixture;

class TestWindowKeys : public WindowTestCase
{
    Q_OBJECT

    QListView *list() const { return find<QListView>(u"groupList"_s); }
    KpiListView *kpiList() const { return find<KpiListView>(u"kpiList"_s); }
    QAction *action(const QString &name) const { return find<QAction>(name); }
    QString bannerText() const { return find<MessageBanner>(u"messageBanner"_s)->text(); }
    SandboxAccount &account() { return *m_store->account(accountA); }
    void openOn(int group)
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, false);
        QVERIFY(loaded.wait());
        // The journal, once read, reloads the KPIs shown (and their current row): before the
        // group is chosen.
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->outbox()->isReady(); }));
        m_window->selectGroup(groupId(group));
        QVERIFY(QTest::qWaitFor([&] {
            return !m_window->kpisModel()->isLoading() &&
                   m_window->kpisModel()->groupId() == groupId(group);
        }));
    }
    // The texts of the menu that `keys` open on `widget`, and where it opened; closed again.
    std::pair<QStringList, QPoint> menuOpenedBy(QWidget *widget, const QKeySequence &keys)
    {
        QStringList texts;
        QPoint at;
        QTimer::singleShot(0, this, [&] {
            if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
                for (const QAction *item : menu->actions())
                    if (!item->isSeparator())
                        texts.append(item->text());
                at = menu->pos();
                menu->close();
            }
        });
        QTest::keySequence(widget, keys);
        QTest::qWait(50);
        return {texts, at};
    }

    // The letter Alt picks in a menu's text ("Re&name": N, "接続(&C)…": C), empty when none.
    static QString mnemonic(const QString &text)
    {
        for (qsizetype at = text.indexOf(u'&'); at >= 0 && at + 1 < text.size();
             at = text.indexOf(u'&', at + 2)) {
            if (text.at(at + 1) != u'&')
                return text.at(at + 1).toUpper();
        }
        return {};
    }
    // "File: C twice (&Connect…, &Change…)" for each letter two entries of a menu share.
    static QStringList clashes(const QString &menu, const QList<QAction *> &entries)
    {
        QMultiMap<QString, QString> byLetter;
        for (const QAction *entry : entries)
            if (!entry->isSeparator() && !mnemonic(entry->text()).isEmpty())
                byLetter.insert(mnemonic(entry->text()), entry->text());
        QStringList found;
        for (const QString &letter : byLetter.uniqueKeys())
            if (byLetter.count(letter) > 1)
                found.append(u"%1: %2 in %3"_s.arg(
                    menu, letter, QStringList(byLetter.values(letter)).join(u", "_s)));
        return found;
    }
    // Every menu of the window: the menu bar, its menus and their submenus, the menus of the
    // buttons, and the lists' context menus (their actions).
    QStringList mnemonicClashes() const
    {
        QStringList found = clashes(u"menu bar"_s, m_window->menuBar()->actions());
        for (const QMenu *menu : m_window->findChildren<QMenu *>())
            found += clashes(menu->title().isEmpty() ? menu->objectName() : menu->title(),
                             menu->actions());
        for (const QWidget *view :
             {static_cast<QWidget *>(list()), static_cast<QWidget *>(kpiList())})
            found += clashes(view->objectName(), view->actions());
        return found;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_windowkeys"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void shiftF10OpensTheGroupsMenuAtTheCurrentGroup()
    {
        openOn(3);
        list()->setFocus();
        const auto [texts, at] = menuOpenedBy(list(), QKeySequence(u"Shift+F10"_s));
        QCOMPARE(texts, (QStringList{u"Rena&me"_s, u"&Star"_s, u"Copy Group &Id"_s, u"Copy &Link"_s,
                                     u"&Open in Quantive"_s, u"&Delete Group…"_s}));
        const QRect current = list()->visualRect(list()->currentIndex());
        const QPoint itemTop = list()->viewport()->mapToGlobal(current.topLeft());
        QVERIFY2(
            at.y() >= itemTop.y() && at.y() <= itemTop.y() + current.height(),
            qPrintable(u"%1 not in %2+%3"_s.arg(at.y()).arg(itemTop.y()).arg(current.height())));
    }

    void shiftF10OpensTheKpisMenu()
    {
        openOn(1);
        kpiList()->setFocus();
        kpiList()->setCurrentIndex(kpiList()->model()->index(1, 0));
        const auto [texts, at] = menuOpenedBy(kpiList(), QKeySequence(u"Shift+F10"_s));
        QCOMPARE(texts,
                 (QStringList{u"&Remove from Group"_s, u"&Add to Group…"_s, u"&Move to Group…"_s,
                              u"Other &Groups"_s, u"&Open in Quantive"_s, u"Copy &Link"_s,
                              u"Copy &Name"_s, u"Copy &Id"_s}));
        const QRect current = kpiList()->visualRect(kpiList()->currentIndex());
        const QPoint itemTop = kpiList()->viewport()->mapToGlobal(current.topLeft());
        QVERIFY(at.y() >= itemTop.y() && at.y() <= itemTop.y() + current.height());
    }

    void theKpisMenuGoesToAnOtherGroupFromTheKeys()
    {
        openOn(1);
        kpiList()->setFocus();
        // Leads, in Marketing too.
        for (int row = 0; row < kpiList()->model()->rowCount(); ++row)
            if (kpiList()->model()->index(row, 0).data().toString() == u"Leads"_s)
                kpiList()->setCurrentIndex(kpiList()->model()->index(row, 0));
        QStringList others;
        QTimer::singleShot(0, this, [&] {
            // G: Other Groups, whose entries come as it opens; Enter on the first.
            QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_G);
            QTimer::singleShot(0, this, [&] {
                if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
                    for (const QAction *item : menu->actions())
                        others.append(item->text());
                    QTest::keyClick(menu, Qt::Key_Down);
                    QTest::keyClick(menu, Qt::Key_Return);
                }
            });
        });
        QTest::keySequence(kpiList(), QKeySequence(u"Shift+F10"_s));
        QCOMPARE(others, QStringList{u"Marketing"_s});
        QVERIFY(QTest::qWaitFor([&] { return m_window->currentGroupId() == groupId(3); }));
        QVERIFY(list()->hasFocus());
    }

    void undoesAndRedoesAStarAndARenameWithTheKeys()
    {
        openOn(3);
        QAction *undo = action(u"actionUndo"_s);
        QAction *redo = action(u"actionRedo"_s);
        QVERIFY(!undo->isEnabled());
        QVERIFY(!redo->isEnabled());
        QCOMPARE(undo->shortcut(), QKeySequence(u"Ctrl+Z"_s));
        QCOMPARE(redo->shortcut(), QKeySequence(u"Ctrl+Shift+Z"_s));

        list()->setFocus();
        QTest::keySequence(list(), QKeySequence(u"Ctrl+D"_s)); // stars Marketing
        QCOMPARE(m_window->groupModel()->group(groupId(3))->favorite, true);
        QCOMPARE(undo->text(), u"&Undo Star “Marketing”"_s);
        QTest::keyClick(list(), Qt::Key_F2);
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        name->selectAll();
        QTest::keyClicks(name, u"Brand"_s);
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(undo->text(), u"&Undo Rename “Marketing” to “Brand”"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));

        list()->setFocus();
        QTest::keySequence(list(), QKeySequence(u"Ctrl+Z"_s));
        QCOMPARE(m_window->groupModel()->group(groupId(3))->name, u"Marketing"_s);
        QCOMPARE(bannerText(), u"Undone: Rename “Marketing” to “Brand”."_s);
        QTest::keySequence(list(), QKeySequence(u"Ctrl+Z"_s));
        QCOMPARE(m_window->groupModel()->group(groupId(3))->favorite, false);
        QVERIFY(!undo->isEnabled());
        QCOMPARE(redo->text(), u"&Redo Star “Marketing”"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        QCOMPARE(m_store->group(account(), groupId(3))->name, u"Marketing"_s);
        QVERIFY(!m_store->isFavorite(account(), userA1, groupId(3)));

        QTest::keySequence(list(), QKeySequence(u"Ctrl+Shift+Z"_s));
        QCOMPARE(m_window->groupModel()->group(groupId(3))->favorite, true);
        QCOMPARE(redo->text(), u"&Redo Rename “Marketing” to “Brand”"_s);
    }

    void undoesAKpiRemovalWhileItsWindowIsOpen()
    {
        openOn(1);
        kpiList()->setFocus();
        kpiList()->setCurrentIndex(kpiList()->model()->index(0, 0));
        kpiList()->selectionModel()->select(kpiList()->currentIndex(),
                                            QItemSelectionModel::ClearAndSelect);
        QTest::keyClick(kpiList(), Qt::Key_Delete);
        QCOMPARE(m_window->kpisModel()->rowCount(), 2);
        QCOMPARE(action(u"actionUndo"_s)->text(), u"&Undo Remove “Churn” from “Sales EMEA”"_s);
        QTest::keySequence(kpiList(), QKeySequence(u"Ctrl+Z"_s));
        QCOMPARE(m_window->kpisModel()->rowCount(), 3);
        QCOMPARE(bannerText(), u"Undone: Remove “Churn” from “Sales EMEA”."_s);
        QTest::keySequence(kpiList(), QKeySequence(u"Ctrl+Shift+Z"_s));
        QCOMPARE(m_window->kpisModel()->rowCount(), 2);
        QCOMPARE(bannerText(), u"Removed “Churn” from “Sales EMEA”."_s); // with its Undo
        // Sent when the person moves on: no longer offered as something to undo.
        m_window->selectGroup(groupId(2));
        QVERIFY(!action(u"actionUndo"_s)->isEnabled());
        list()->setFocus();
        QTest::keySequence(list(), QKeySequence(u"Ctrl+Z"_s));
        QVERIFY(!bannerText().startsWith(u"Undone"_s));
        QVERIFY(m_window->kpisModel()->groupId() == groupId(2));
    }

    void starsAndDeletesSeveralGroupsAtOnce()
    {
        openOn(1);
        // Sales EMEA (1), sales APAC (2, starred) and Marketing (3), with Ctrl+click.
        const auto rowOf = [this](int group) {
            const GroupListModel *groups = m_window->groupModel();
            return m_window->filterModel()->mapFromSource(
                groups->index(groups->rowOf(groupId(group))));
        };
        QWidget *viewport = list()->viewport();
        QTest::mouseClick(viewport, Qt::LeftButton, {}, list()->visualRect(rowOf(1)).center());
        for (int group : {2, 3})
            QTest::mouseClick(viewport, Qt::LeftButton, Qt::ControlModifier,
                              list()->visualRect(rowOf(group)).center());
        QCOMPARE(list()->selectionModel()->selectedRows().size(), 3);
        QCOMPARE(action(u"actionFavorite"_s)->text(), u"&Star 3 Groups"_s);
        QCOMPARE(action(u"actionDelete"_s)->text(), u"&Delete 3 Groups…"_s);

        list()->setFocus();
        QTest::keySequence(list(), QKeySequence(u"Ctrl+D"_s));
        for (int group : {1, 2, 3})
            QVERIFY(m_window->groupModel()->group(groupId(group))->favorite);
        QCOMPARE(action(u"actionFavorite"_s)->text(), u"Remove &Star from 3 Groups"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        for (int group : {1, 2, 3})
            QVERIFY(m_store->isFavorite(account(), userA1, groupId(group)));

        // Refused for one: that one, and only that one, rolls back.
        m_server->faults().failNext(403, 1,
                                    u"^DELETE /kpis/groups/000000000000000000000002/favorite"_s);
        QTest::keySequence(list(), QKeySequence(u"Ctrl+D"_s));
        for (int group : {1, 2, 3})
            QVERIFY(!m_window->groupModel()->group(groupId(group))->favorite);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        QVERIFY(m_window->groupModel()->group(groupId(2))->favorite);
        QVERIFY(!m_window->groupModel()->group(groupId(1))->favorite);
        QVERIFY(bannerText().startsWith(u"Could not remove the star from “sales APAC”."_s));
        QVERIFY(!m_store->isFavorite(account(), userA1, groupId(1)));

        // One confirmation, with the count and the names.
        QTest::keyClick(list(), Qt::Key_Delete);
        QMessageBox *box = nullptr;
        QVERIFY(
            QTest::qWaitFor([&] { return (box = find<QMessageBox>(u"deleteConfirmation"_s)); }));
        QCOMPARE(box->text(), u"Delete 3 groups?"_s);
        QVERIFY2(box->informativeText().startsWith(
                     u"“Marketing”\n“sales APAC”\n“Sales EMEA”\n\nTheir KPIs are kept"_s),
                 qPrintable(box->informativeText()));
        auto *confirm = box->findChild<QPushButton *>(u"confirmDelete"_s);
        QCOMPARE(confirm->text(), u"Delete 3 Groups"_s);
        QTest::mouseClick(confirm, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return m_window->groupModel()->rowCount() == 3; }));
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->unsentChanges() == 0; }));
        for (int group : {1, 2, 3})
            QVERIFY(!m_store->group(account(), groupId(group)));
        QVERIFY(m_store->group(account(), groupId(4)));
    }

    void everyMenuHasOneEntryALetter_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::newRow("en") << QLocale(QLocale::English);
        QTest::newRow("de") << QLocale(QLocale::German);
        QTest::newRow("fr") << QLocale(QLocale::French);
        QTest::newRow("ja") << QLocale(QLocale::Japanese);
    }

    // Alt and a letter in an open menu picks one entry, in every language and whatever the
    // entries say (one group or several, starred or not, something to undo or not).
    void everyMenuHasOneEntryALetter()
    {
        QFETCH(QLocale, locale);
        speak(locale);
        const auto english = qScopeGuard([] { speak(QLocale(QLocale::English)); });
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        openOn(1);
        QCOMPARE(m_window->menuBar()->actions().size(), 4);
        QVERIFY(m_window->findChildren<QMenu *>().size() >= 7); // File, Edit, View, Help, …
        auto *actions = m_window->findChild<WindowActions *>();
        QVERIFY(actions);
        QStringList found = mnemonicClashes();
        actions->showHistory(u"Star “A&&B”"_s, u"Rename “A” to “B”"_s);
        for (const bool starred : {false, true}) {
            for (const int selected : {1, 3}) {
                actions->showTarget({.connected = true,
                                     .hasCurrent = true,
                                     .currentStarred = starred,
                                     .selected = selected,
                                     .allStarred = starred});
                found += mnemonicClashes();
            }
        }
        found.removeDuplicates();
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u"\n"_s)));
    }

    void ctrlZInTheNameFieldUndoesTyping()
    {
        openOn(3);
        QTest::keySequence(list(), QKeySequence(u"Ctrl+D"_s));
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        name->setFocus();
        QTest::keyClicks(name, u"X"_s);
        QTest::keySequence(name, QKeySequence(u"Ctrl+Z"_s));
        QCOMPARE(name->text(), u"Marketing"_s);
        QCOMPARE(m_window->groupModel()->group(groupId(3))->favorite, true); // the star stays
    }
};

QTEST_MAIN(TestWindowKeys)
#include "tst_windowkeys.moc"

#include "demohint.h"
#include "groupdetailpane.h"
#include "groupitemdelegate.h"
#include "groupkpispanel.h"
#include "grouplistmodel.h"
#include "kpilistview.h"
#include "mainwindow.h"
#include "newgroupdialog.h"
#include "relativetime.h"
#include "sandboxgenerator.h"
#include "session.h"
#include "textrecorder.h"
#include "windowactions.h"
#include "windowtests.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QScopeGuard>
#include <QScreen>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace Fixture;

// The window at any size and scale (this suite runs at 1× and, as tst_windowsize_2x, at
// QT_SCALE_FACTOR=2), with names long, alike, or holding characters that do not show; and what
// it shows of a selection, a loading list, and the group chosen across searches.
class TestWindowSize : public WindowTestCase
{
    Q_OBJECT

    // Names as people write them: long, alike but for their end, with a separator.
    const QStringList m_longNames = {
        u"Customer Success · Onboarding Health H1 2026"_s,
        u"Customer Success · Onboarding Health H2 2026"_s,
        u"Engineering · Platform Reliability and Health"_s,
        u"Vertrieb DACH · Kundenzufriedenheit Q3"_s,
    };

    QListView *list() const { return find<QListView>(u"groupList"_s); }
    QStringList shownIds() const
    {
        QStringList ids;
        for (int row = 0; row < list()->model()->rowCount(); ++row)
            ids.append(list()->model()->index(row, 0).data(GroupListModel::IdRole).toString());
        return ids;
    }
    void addGroup(int n, const QString &name)
    {
        m_store->addGroup(accountA, {groupId(n), name, userA1, userA2, date(3, 1), date(3, 2)});
    }
    void openConnected(int groups = 6)
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, false);
        QVERIFY(loaded.wait());
        QTRY_COMPARE(list()->model()->rowCount(), groups);
    }
    // What row `row` says, text by text, as the list paints it.
    QStringList rowTexts(int row) const
    {
        TextRecorder recorder;
        QPainter painter(&recorder);
        QStyleOptionViewItem option;
        option.initFrom(list()->viewport());
        option.font = list()->font();
        option.rect = list()->visualRect(list()->model()->index(row, 0));
        list()->itemDelegate()->paint(&painter, option, list()->model()->index(row, 0));
        return recorder.texts;
    }
    // The window in a screen of `size` (logical pixels), laid out.
    void fitInto(const QSize &size)
    {
        m_window->fitInto(QRect(QPoint(0, 0), size));
        QVERIFY(QTest::qWaitFor([&] { return m_window->frameGeometry().width() <= size.width(); }));
        QTest::qWait(50);
    }
    // Every row of the list, as painted, shows its name readably: whole when it is short; else
    // its first word, its last one, and at least a dozen characters in all.
    void checkRowsReadable()
    {
        QVERIFY(!list()->horizontalScrollBar()->isVisible());
        const int rows = list()->model()->rowCount();
        QList<bool> datesShown;
        for (int row = 0; row < rows; ++row) {
            const QModelIndex index = list()->model()->index(row, 0);
            datesShown.append(rowTexts(row).contains(
                RelativeTime::format(index.data(GroupListModel::DateUpdatedRole).toDateTime(),
                                     QDateTime::currentDateTimeUtc())));
            const QRect rect = list()->visualRect(index);
            QVERIFY2(rect.right() < list()->viewport()->width(),
                     qPrintable(u"row %1 is %2 wide in %3"_s.arg(row)
                                    .arg(rect.width())
                                    .arg(list()->viewport()->width())));
            const QString name = index.data(GroupListModel::NameRole).toString();
            const QString texts = rowTexts(row).join(u'|');
            const QStringList words = name.split(u' ');
            if (name.size() <= 16) {
                QVERIFY2(texts.contains(name), qPrintable(texts));
                continue;
            }
            QVERIFY2(texts.contains(words.constFirst()) && texts.contains(words.constLast()),
                     qPrintable(texts));
            const QString shown = rowTexts(row).constLast();
            QVERIFY2(shown.size() >= 14, qPrintable(shown));
        }
        // A column: every row shows its date, or none does.
        QVERIFY2(
            datesShown.count(true) == 0 || datesShown.count(false) == 0,
            qPrintable(u"%1 of %2 rows show their date"_s.arg(datesShown.count(true)).arg(rows)));
    }

    void checkShortcutRows(QDialog *dialog, bool noneWraps)
    {
        const QList<QLabel *> whats = dialog->findChildren<QLabel *>(u"shortcutAction"_s);
        const QList<QLabel *> keys = dialog->findChildren<QLabel *>(u"shortcutKeys"_s);
        QVERIFY(whats.size() >= 20);
        QCOMPARE(keys.size(), whats.size());
        const QWidget *table = whats.constFirst()->parentWidget();
        const QWidget *viewport = table->parentWidget();
        QVERIFY2(table->width() <= viewport->width(),
                 qPrintable(u"%1 in %2"_s.arg(table->width()).arg(viewport->width())));
        for (int row = 0; row < whats.size(); ++row) {
            const QLabel *what = whats.at(row);
            const QLabel *key = keys.at(row);
            const QString at = u"%1 | %2"_s.arg(what->text(), key->text());
            QVERIFY2(what->y() == key->y(),
                     qPrintable(at + u": %1 and %2"_s.arg(what->y()).arg(key->y())));
            QVERIFY2(key->x() >= what->geometry().right(), qPrintable(at));
            for (const QLabel *label : {what, key}) {
                QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                         qPrintable(at + u": %1 < %2"_s.arg(label->height())
                                             .arg(label->heightForWidth(label->width()))));
                QVERIFY2(label->geometry().right() < table->width(), qPrintable(at));
                if (noneWraps)
                    QVERIFY2(label->heightForWidth(label->width()) <
                                 2 * label->fontMetrics().lineSpacing(),
                             qPrintable(at + u": wraps in "_s + QString::number(label->width())));
            }
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_windowsize"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void modelsPassTheTester()
    {
        openConnected();
        QAbstractItemModelTester tester(list()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        list()->selectionModel()->select(list()->model()->index(0, 0), QItemSelectionModel::Select);
        QVERIFY(!QTest::currentTestFailed());
    }

    void namesStayReadableIn640By400()
    {
        for (int i = 0; i < m_longNames.size(); ++i)
            addGroup(7 + i, m_longNames.at(i));
        openConnected(10);
        if (qEnvironmentVariable("QT_SCALE_FACTOR") == u"2"_s) // tst_windowsize_2x
            QCOMPARE(m_window->screen()->geometry().size(), QSize(640, 400));
        fitInto(QSize(640, 400));
        // The list has a fair share of the window, and its rows the names first.
        const int listWidth = list()->width();
        QVERIFY2(listWidth * 10 >= m_window->width() * 3,
                 qPrintable(u"%1 of %2"_s.arg(listWidth).arg(m_window->width())));
        checkRowsReadable();
        // Wider, the dates show.
        fitInto(QSize(1280, 800));
        checkRowsReadable();
        const QModelIndex first = list()->model()->index(0, 0);
        QVERIFY2(rowTexts(0).contains(
                     RelativeTime::format(first.data(GroupListModel::DateUpdatedRole).toDateTime(),
                                          QDateTime::currentDateTimeUtc())),
                 qPrintable(rowTexts(0).join(u'|') + u" in "_s +
                            QString::number(list()->viewport()->width())));
        fitInto(QSize(640, 400));
        // Narrower still, down to the list's least: the date goes, then the count.
        auto *splitter = find<QSplitter>(u"splitter"_s);
        splitter->setSizes({0, 10000});
        QTest::qWait(20);
        checkRowsReadable();
        QVERIFY(!rowTexts(0).join(u'|').contains(u"ago"_s));
    }

    void theDetailPaneFitsANarrowWindow()
    {
        addGroup(7, m_longNames.at(2));
        openConnected(7);
        fitInto(QSize(640, 400));
        m_window->selectGroup(groupId(7));
        QTest::qWait(20);
        // The name is read from its start.
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        QCOMPARE(name->cursorPosition(), 0);
        // The id is whole, or visibly shortened; the form's labels all show.
        auto *id = find<QLabel>(u"idLabel"_s);
        QVERIFY(id->isVisible());
        QVERIFY(id->width() >= id->fontMetrics().horizontalAdvance(groupId(7)) ||
                id->minimumSizeHint().width() < id->fontMetrics().horizontalAdvance(groupId(7)));
        // The KPIs show two at least.
        auto *kpis = m_window->detailPane()->findChild<KpiListView *>();
        const int kpiRow = 2 * kpis->fontMetrics().height() + 12;
        QVERIFY2(kpis->viewport()->height() >= 2 * kpiRow,
                 qPrintable(u"%1 < 2 × %2"_s.arg(kpis->viewport()->height()).arg(kpiRow)));
        // With a warning of three lines too, nothing overlaps: the details scroll.
        name->setFocus();
        QKeyEvent typed(QEvent::KeyPress, 0, Qt::NoModifier, u"\u202E"_s);
        QApplication::sendEvent(name, &typed);
        QTest::qWait(20);
        auto *remove = find<QPushButton>(u"deleteGroup"_s);
        auto *panel = m_window->detailPane()->kpisPanel();
        const QRect removeRect(remove->mapTo(m_window.get(), QPoint(0, 0)), remove->size());
        const QRect panelRect(panel->mapTo(m_window.get(), QPoint(0, 0)), panel->size());
        QVERIFY(!removeRect.intersects(panelRect));
        const QList<QLabel *> labels = m_window->detailPane()->findChildren<QLabel *>();
        for (const QString &text : {u"Created"_s, u"Updated"_s, u"Id"_s}) {
            const auto label = std::find_if(labels.cbegin(), labels.cend(),
                                            [&](QLabel *l) { return l->text() == text; });
            QVERIFY2(label != labels.cend(), qPrintable(text));
            QVERIFY2((*label)->isVisible() &&
                         (*label)->width() >= (*label)->fontMetrics().horizontalAdvance(text),
                     qPrintable(text));
        }
    }

    void elidesByWordsKeepingWhatTellsNamesApart()
    {
        const QFontMetrics metrics(QApplication::font());
        // The end of a name, and its first words, stay whole.
        const QString name = m_longNames.at(0);
        const QString shown =
            GroupItemDelegate::elidedName(name, metrics, metrics.horizontalAdvance(name) * 2 / 3);
        QVERIFY2(shown.startsWith(u"Customer Success"_s) && shown.endsWith(u"H1 2026"_s),
                 qPrintable(shown));
        QVERIFY(metrics.horizontalAdvance(shown) <= metrics.horizontalAdvance(name) * 2 / 3);
        // Words are kept whole or dropped, never cut.
        const QStringList words = name.split(u' ');
        for (const QString &word : shown.split(u' ', Qt::SkipEmptyParts))
            QVERIFY2(word == u"…"_s || words.contains(word), qPrintable(shown));
        // The words searched for stay, wherever they are.
        const QString german = m_longNames.at(3);
        const int width = metrics.horizontalAdvance(u"Vertrieb … Kundenzufriedenheit Q3"_s);
        const QString found =
            GroupItemDelegate::elidedName(german, metrics, width, u"vertrieb kunden"_s);
        QVERIFY2(found.contains(u"Vertrieb"_s) && found.contains(u"Kundenzufriedenheit"_s),
                 qPrintable(found));
        // Narrower, a word found is cut after what was found in it, and the end stays.
        const QString platform = u"Data Platform · Kundenzufriedenheit H2 2026"_s;
        const QString cut = GroupItemDelegate::elidedName(
            platform, metrics, metrics.horizontalAdvance(u"Data … Kunden… H2 2026"_s), u"kunden"_s);
        QVERIFY2(cut.contains(u"Kunden"_s) && cut.endsWith(u"H2 2026"_s), qPrintable(cut));
        // A letter found inside words is marked, but the name is shortened as without it.
        QCOMPARE(GroupItemDelegate::elidedName(platform, metrics, width, u"i"_s),
                 GroupItemDelegate::elidedName(platform, metrics, width));
        // Too narrow for whole words: the start of the name.
        const QString narrow =
            GroupItemDelegate::elidedName(name, metrics, metrics.horizontalAdvance(u"Customer"_s));
        QVERIFY2(narrow.startsWith(u"Cust"_s), qPrintable(narrow));
    }

    void marksTheWordsFoundInTheNameAsShown()
    {
        addGroup(7, m_longNames.at(3));
        openConnected(7);
        fitInto(QSize(640, 400));
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        QTest::keyClicks(search, u"vertrieb kunden"_s);
        QTRY_COMPARE(shownIds(), QStringList{groupId(7)});
        // Both words searched for, though "DACH ·" between them goes.
        const QString shown = rowTexts(0).join(QString());
        QVERIFY2(shown.contains(u"Vertrieb"_s) && shown.contains(u"Kunden"_s), qPrintable(shown));
    }

    void summarisesASelectionOfSeveral()
    {
        openConnected();
        auto *pane = m_window->detailPane();
        // By name: Ärzte Team (6), Engineering (5), Marketing (3), ...
        list()->setFocus();
        list()->setCurrentIndex(list()->model()->index(0, 0));
        QTest::keyClick(list(), Qt::Key_Down, Qt::ShiftModifier);
        QTest::keyClick(list(), Qt::Key_Down, Qt::ShiftModifier);
        auto *summary = pane->findChild<QWidget *>(u"selectionSummary"_s);
        QVERIFY(summary->isVisible());
        QCOMPARE(pane->findChild<QLabel *>(u"selectionTitle"_s)->text(), u"3 groups selected"_s);
        QVERIFY(!pane->findChild<QLineEdit *>(u"nameEdit"_s)->isVisible());
        // Engineering alone has a star: both ways are offered.
        auto *star = pane->findChild<QPushButton *>(u"starSelection"_s);
        auto *unstar = pane->findChild<QPushButton *>(u"unstarSelection"_s);
        QVERIFY(star->isEnabled() && unstar->isEnabled());
        QTest::mouseClick(star, Qt::LeftButton);
        for (int n : {6, 5, 3})
            QVERIFY(m_window->groupModel()->group(groupId(n))->favorite);
        QTRY_VERIFY(!star->isEnabled());
        // Delete asks about all three.
        auto *remove = pane->findChild<QPushButton *>(u"deleteSelection"_s);
        QCOMPARE(remove->text().remove(u'&'), u"Delete 3 Groups…"_s);
        QTest::mouseClick(remove, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (box = m_window->findChild<QMessageBox *>(u"deleteConfirmation"_s)); }));
        QCOMPARE(box->text(), u"Delete 3 groups?"_s);
        box->reject();
        // One group again: its details.
        list()->setCurrentIndex(list()->model()->index(4, 0));
        QVERIFY(!summary->isVisible());
        QVERIFY(pane->findChild<QLineEdit *>(u"nameEdit"_s)->isVisible());
    }

    void saysLoadingUntilTheWholeListIsIn()
    {
        SandboxStore big;
        SandboxGenerator::populate(big, {5, 2500, 0, 3});
        SandboxServer server(&big);
        QVERIFY(server.listenOnLoopback());
        // Six pages asked for at once: the first (200 groups) late, the others later.
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 400}, 1);  // the first page
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 1200}, 5); // the others
        auto *count = find<QLabel>(u"countLabel"_s);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                             QString(SandboxGenerator::demoToken)},
                            false);
        QTRY_COMPARE(count->text(), u"Loading…"_s); // not "0 groups"
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(m_window->groupModel()->rowCount() < 2500);
        QCOMPARE(count->text(), u"Loading…"_s); // not the first page's count
        // What the person sees of the first page stays where it is as the rest comes in.
        const auto topId = [this] {
            return list()->indexAt(QPoint(1, 1)).data(GroupListModel::IdRole).toString();
        };
        const QString top = topId();
        QVERIFY(!top.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(count->text(), u"2,500 groups"_s, 20000);
        QTest::qWait(50);
        QCOMPARE(topId(), top);
        QCOMPARE(m_window->currentGroupId(), top); // the group first in view, not far above it
    }

    void peopleOnTheirWayShowAsAnEllipsisNotAnId()
    {
        m_server->faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 600}, 1, u"^GET /users"_s);
        openConnected();
        m_window->selectGroup(groupId(2)); // changed by Björn Lindqvist
        auto *updated = find<QLabel>(u"updatedLabel"_s);
        QTRY_VERIFY2(updated->text().endsWith(u", by …"_s), qPrintable(updated->text()));
        QTRY_VERIFY2(updated->text().endsWith(u", by Björn Lindqvist"_s),
                     qPrintable(updated->text()));
    }

    void keepsTheGroupChosenAcrossAnEmptySearch()
    {
        openConnected();
        m_window->selectGroup(groupId(4));
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        search->setFocus();
        QTest::keyClicks(search, u"nothing like it"_s);
        QTRY_COMPARE(list()->model()->rowCount(), 0);
        QTRY_COMPARE(m_window->detailPane()->groupId(), QString());
        QTest::keyClick(search, Qt::Key_Escape);
        QTRY_COMPARE(m_window->currentGroupId(), groupId(4));
        QCOMPARE(m_window->detailPane()->groupId(), groupId(4));
    }

    void keepsTheGroupChosenAcrossFavoritesOnly()
    {
        openConnected();
        m_window->selectGroup(groupId(1)); // Sales EMEA, no star
        QAction *favoritesOnly = m_window->findChild<QAction *>(u"actionFavoritesOnly"_s);
        QVERIFY(favoritesOnly);
        favoritesOnly->trigger();
        QTRY_COMPARE(m_window->currentGroupId(), groupId(5)); // Engineering, in view instead
        favoritesOnly->trigger();
        QTRY_COMPARE(m_window->currentGroupId(), groupId(1));
        QCOMPARE(m_window->detailPane()->groupId(), groupId(1));
        // A group chosen among the favorites is the one kept.
        favoritesOnly->trigger();
        m_window->selectGroup(groupId(2));
        favoritesOnly->trigger();
        QTRY_COMPARE(list()->model()->rowCount(), 6);
        QTest::qWait(20);
        QCOMPARE(m_window->currentGroupId(), groupId(2));
    }

    void showsCharactersThatDoNotShow()
    {
        addGroup(7, u"Two\nLines"_s);
        addGroup(8, u"A \u202Egnp.exe"_s);
        openConnected(8);
        QStringList rows;
        for (int row = 0; row < 8; ++row)
            rows.append(rowTexts(row).join(QString()));
        QVERIFY2(rows.filter(u"Two\\x0aLines"_s).size() == 1, qPrintable(rows.join(u'|')));
        QVERIFY2(rows.filter(u"A \\u202egnp.exe"_s).size() == 1, qPrintable(rows.join(u'|')));
        for (const QString &row : std::as_const(rows))
            QVERIFY(!row.contains(u'\n') && !row.contains(QChar(0x202e)));
        // Typed, such a name is warned of, before it is saved.
        m_window->selectGroup(groupId(1));
        auto *note = find<QLabel>(u"hiddenCharactersNote"_s);
        QVERIFY(!note->isVisible());
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        name->setFocus();
        name->end(false);
        QKeyEvent typed(QEvent::KeyPress, 0, Qt::NoModifier, u"\u202E"_s);
        QApplication::sendEvent(name, &typed);
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().contains(u"\\u202e"_s), qPrintable(note->text()));
        QTest::keyClick(name, Qt::Key_Backspace);
        QVERIFY(!note->isVisible());
    }

    void theNewGroupDialogWarnsOfCharactersThatDoNotShow()
    {
        NewGroupDialog dialog(m_window.get());
        dialog.show();
        auto *warning = dialog.findChild<QLabel *>(u"newGroupWarning"_s);
        QVERIFY(!warning->isVisible());
        auto *name = dialog.findChild<QLineEdit *>(u"newGroupName"_s);
        name->insert(u"Tab\tinside"_s);
        QVERIFY(warning->isVisible());
        QVERIFY2(warning->text().contains(u"\\x09"_s), qPrintable(warning->text()));
    }

    void theNewGroupDialogShowsItsReasonWhole()
    {
        NewGroupDialog dialog(m_window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setName(QString(300, u'x'));
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"createGroup"_s), Qt::LeftButton);
        auto *problem = dialog.findChild<QLabel *>(u"newGroupProblem"_s);
        QVERIFY(problem->isVisible());
        QTest::qWait(20);
        QVERIFY2(problem->height() >= problem->heightForWidth(problem->width()),
                 qPrintable(u"%1 < %2"_s.arg(problem->height())
                                .arg(problem->heightForWidth(problem->width()))));
    }

    void smallerThingsReadRight()
    {
        openConnected();
        // The favorites-only button names its shortcut, toggled or not.
        auto *favorites = find<QToolButton>(u"favoritesOnlyButton"_s);
        QVERIFY(favorites->toolTip().contains(u"Ctrl+Shift+F"_s));
        favorites->click();
        favorites->click();
        QVERIFY2(favorites->toolTip().contains(u"Ctrl+Shift+F"_s),
                 qPrintable(favorites->toolTip()));
        // The list of shortcuts shows no mnemonics, as Japanese menus write them either.
        auto *actions = m_window->findChild<WindowActions *>();
        actions->connectAction()->setText(u"接続(&C)…"_s);
        QStringList texts;
        for (const auto &row : actions->shortcutList())
            texts.append(row.first);
        QVERIFY2(texts.contains(u"接続…"_s), qPrintable(texts.join(u'|')));
        for (const QString &text : std::as_const(texts))
            QVERIFY2(!text.contains(u'&'), qPrintable(text));
    }

    // Each row's keys beside the first line of its text, however its text wraps; nothing wraps
    // where the screen has room, and nothing is cut where it has not.
    void shortcutKeysStayBesideTheirAction_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::newRow("de") << QLocale(QLocale::German);
        QTest::newRow("fr") << QLocale(QLocale::French);
        QTest::newRow("ja") << QLocale(QLocale::Japanese);
        QTest::newRow("en") << QLocale(QLocale::English);
    }

    void shortcutKeysStayBesideTheirAction()
    {
        QFETCH(QLocale, locale);
        speak(locale);
        const auto english = qScopeGuard([] { speak(QLocale(QLocale::English)); });
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->findChild<WindowActions *>()->shortcutsAction()->trigger();
        auto *dialog = m_window->findChild<QDialog *>(u"shortcutsDialog"_s);
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        const QRect available = dialog->screen()->availableGeometry();
        QVERIFY2(dialog->width() <= available.width() && dialog->height() <= available.height(),
                 qPrintable(u"%1×%2"_s.arg(dialog->width()).arg(dialog->height())));
        const bool roomy = dialog->width() < available.width() * 9 / 10;
        checkShortcutRows(dialog, roomy);
        // Narrow, the texts wrap in their column.
        dialog->resize(available.width() / 2, dialog->height());
        QTest::qWait(50);
        checkShortcutRows(dialog, false);
        dialog->close();
    }

    void theDemoHintReadsWholeIn640By400_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::newRow("en") << QLocale(QLocale::English);
        QTest::newRow("de") << QLocale(QLocale::German);
        QTest::newRow("fr") << QLocale(QLocale::French);
        QTest::newRow("ja") << QLocale(QLocale::Japanese);
    }

    void theDemoHintReadsWholeIn640By400()
    {
        QFETCH(QLocale, locale);
        speak(locale);
        const auto english = qScopeGuard([] { speak(QLocale(QLocale::English)); });
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        m_window->setDemoStarter([this] {
            return std::optional<Connection>({m_server->baseUrl(), accountA, tokenA1});
        });
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->startDemo();
        QVERIFY(loaded.wait());
        fitInto(QSize(640, 400));
        auto *hint = find<DemoHint>(u"demoHint"_s);
        QVERIFY(hint->isVisible());
        QVERIFY(m_window->centralWidget()->rect().contains(hint->geometry()));
        QVERIFY(hint->rect().contains(find<QPushButton>(u"demoHintClose"_s)->geometry()));
        {
            const QString name = u"demoHintText"_s;
            auto *label = find<QLabel>(name);
            QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                     qPrintable(u"%1: %2 < %3"_s.arg(name)
                                    .arg(label->height())
                                    .arg(label->heightForWidth(label->width()))));
            QVERIFY(hint->rect().contains(
                label->geometry().translated(label->parentWidget()->mapTo(hint, QPoint(0, 0)))));
        }
        // The list keeps room for a few groups: two and a half rows at least, in the smallest
        // window and the tallest language, until the hint is closed.
        QVERIFY2(2 * list()->height() >= 5 * list()->sizeHintForRow(0),
                 qPrintable(u"%1 for rows of %2 (the hint: %3)"_s.arg(list()->height())
                                .arg(list()->sizeHintForRow(0))
                                .arg(hint->height())));
    }

    void notConnectedOffersToConnect()
    {
        auto *connectButton = find<QPushButton>(u"placeholderConnect"_s);
        QVERIFY(connectButton->isVisible());
        QSignalSpy asked(m_window->findChild<WindowActions *>()->connectAction(),
                         &QAction::triggered);
        QTest::mouseClick(connectButton, Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        if (auto *dialog = m_window->findChild<QDialog *>(u"connectDialog"_s))
            dialog->reject();
        openConnected();
        QVERIFY(!connectButton->isVisible());
    }

    void aSecondWindowOpensBesideTheFirst()
    {
        MainWindow second(m_tokens.get());
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QVERIFY2(second.pos() != m_window->pos(),
                 qPrintable(u"both at %1, %2"_s.arg(second.x()).arg(second.y())));
        QVERIFY(second.screen()->availableGeometry().contains(second.pos()));
    }
};

QTEST_MAIN(TestWindowSize)
#include "tst_windowsize.moc"

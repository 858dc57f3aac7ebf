// The outbox in the window: what the server has not taken is shown as waiting, can be sent now
// or discarded, survives quitting as the person chooses, and names typed and not saved are kept.
#include "groupdetailpane.h"
#include "grouplistmodel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "outboxmodel.h"
#include "session.h"
#include "windowtests.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Fixture;

class TestOutboxWindow : public WindowTestCase
{
    Q_OBJECT

    quint16 m_port = 0;

    QListView *list() const { return find<QListView>(u"groupList"_s); }
    QString statusText() const { return find<QLabel>(u"statusText"_s)->text(); }
    QToolButton *outboxButton() const { return find<QToolButton>(u"outboxButton"_s); }
    SandboxAccount &account() { return *m_store->account(accountA); }
    bool starred(int n) { return m_store->isFavorite(account(), userA1, groupId(n)); }
    void openConnected()
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, false);
        QVERIFY(loaded.wait());
        QCOMPARE(list()->model()->rowCount(), 6);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->outbox()->isReady(); }));
        m_window->session()->sender()->setBackoff(100ms, 300ms);
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
    // Stars the first group with the server down, until the window says it waits.
    void starWhileDown()
    {
        serverDown();
        m_window->selectGroup(groupId(1));
        list()->setFocus();
        QTest::keySequence(list(), QKeySequence(u"Ctrl+D"_s));
        QVERIFY(QTest::qWaitFor([&] { return outboxButton()->isVisible(); }, 10000));
        QCOMPARE(outboxButton()->text(), u"1 change waiting to be sent"_s);
        QVERIFY(QTest::qWaitFor(
            [&] { return statusText().startsWith(u"Offline: showing the list from "_s); }, 10000));
        QVERIFY2(!statusText().contains(u"waiting"_s), qPrintable(statusText())); // the button's
        QVERIFY(!outboxButton()->autoRaise());
        QVERIFY(m_window->groupModel()->group(groupId(1))->favorite); // still shown
    }
    QMessageBox *unsentQuestion() const
    {
        QMessageBox *box = nullptr;
        (void)QTest::qWaitFor([&] { return (box = find<QMessageBox>(u"unsentQuestion"_s)); },
                              10000);
        return box;
    }
    // A window started again, on the same connection.
    void startAgain()
    {
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        openConnected();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_outboxwindow"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void marksWhatWaitsAndSendsItOrDiscardsIt()
    {
        openConnected();
        m_server->faults().failNext(503, -1, u"^PUT"_s);
        m_window->session()->setFavorites({groupId(1), groupId(3)}, true);
        QVERIFY(QTest::qWaitFor([&] { return outboxButton()->isVisible(); }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return !m_window->session()->sender()->hasInFlight(); }));
        QCOMPARE(outboxButton()->text(), u"2 changes waiting to be sent"_s);
        const QModelIndex row =
            m_window->groupModel()->index(m_window->groupModel()->rowOf(groupId(1)));
        QVERIFY(row.data(GroupListModel::WaitingRole).toBool());
        QVERIFY(
            row.data(Qt::AccessibleTextRole).toString().endsWith(u"a change waits to be sent"_s));

        QTest::mouseClick(outboxButton(), Qt::LeftButton);
        QTreeView *view = nullptr;
        QVERIFY(QTest::qWaitFor([&] { return (view = find<QTreeView>(u"outboxView"_s)); }));
        QAbstractItemModelTester tester(view->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(view->model()->rowCount(), 2);
        QCOMPARE(view->model()->index(0, OutboxModel::ChangeColumn).data().toString(),
                 u"Star “Sales EMEA”"_s);
        QCOMPARE(view->model()->index(1, OutboxModel::ChangeColumn).data().toString(),
                 u"Star “Marketing”"_s);
        QVERIFY(view->model()
                    ->index(0, OutboxModel::StateColumn)
                    .data()
                    .toString()
                    .contains(u"HTTP 503"_s));
        QVERIFY(find<QLabel>(u"outboxDetail"_s)
                    ->text()
                    .startsWith(
                        u"Star “Sales EMEA” — last try: The server had a problem (HTTP 503)"_s));
        QVERIFY(find<QLabel>(u"outboxSummary"_s)
                    ->text()
                    .startsWith(u"2 changes have not reached the server yet."_s));

        // Discard the second, from the keyboard.
        view->setFocus();
        view->setCurrentIndex(view->model()->index(1, 0));
        QTest::keyClick(view, Qt::Key_Delete);
        QMessageBox *confirm = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (confirm = find<QMessageBox>(u"discardConfirmation"_s)); }));
        QVERIFY(confirm->informativeText().startsWith(u"Star “Marketing”"_s));
        QTest::mouseClick(confirm->findChild<QPushButton *>(u"confirmDiscard"_s), Qt::LeftButton);
        QCOMPARE(view->model()->rowCount(), 1);
        QVERIFY(!m_window->groupModel()->group(groupId(3))->favorite); // as the server has it

        m_server->faults().clear();
        QTest::mouseClick(find<QPushButton>(u"sendNowButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return view->model()->rowCount() == 0; }, 10000));
        QVERIFY(starred(1));
        QVERIFY(!starred(3));
        QVERIFY(!outboxButton()->isVisible());
        QVERIFY(!row.data(GroupListModel::WaitingRole).toBool());
    }

    void showsAGroupCreatedWhileDownAsARowOfItsOwn()
    {
        openConnected();
        serverDown();
        list()->setFocus();
        QTest::keySequence(list(), QKeySequence::New);
        QLineEdit *name = nullptr;
        QVERIFY(QTest::qWaitFor([&] { return (name = find<QLineEdit>(u"newGroupName"_s)); }));
        QTest::keyClicks(name, u"Made Offline"_s);
        QTest::keyClick(name, Qt::Key_Return);
        // Shown once it waits, marked, and not mistaken for a group the server has.
        const auto placeholderRow = [&] {
            for (int row = 0; row < m_window->groupModel()->rowCount(); ++row)
                if (m_window->groupModel()->groupAt(row).name == u"Made Offline"_s)
                    return m_window->groupModel()->index(row);
            return QModelIndex();
        };
        QVERIFY(QTest::qWaitFor([&] { return placeholderRow().isValid(); }, 10000));
        const QString placeholder = placeholderRow().data(GroupListModel::IdRole).toString();
        QVERIFY(placeholder.startsWith(u"new:"_s));
        QVERIFY(placeholderRow().data(GroupListModel::WaitingRole).toBool());
        m_window->selectGroup(placeholder);
        QVERIFY(!m_window->kpisModel()->isLoading()); // nothing asked of the server
        find<QAction>(u"actionFavorite"_s)->trigger();
        QVERIFY(QTest::qWaitFor([&] {
            return find<MessageBanner>(u"messageBanner"_s)
                ->text()
                .startsWith(u"“Made Offline” is not created yet"_s);
        }));
        QVERIFY(!m_window->groupModel()->group(placeholder)->favorite);

        QVERIFY(serverUp());
        m_window->session()->sendNow();
        QVERIFY(
            QTest::qWaitFor([&] { return !m_window->groupModel()->group(placeholder); }, 10000));
        const QModelIndex made = placeholderRow();
        QVERIFY(made.isValid());
        QCOMPARE(made.data(GroupListModel::IdRole).toString().size(), 24);
        QVERIFY(!made.data(GroupListModel::WaitingRole).toBool());
        const auto named =
            std::count_if(account().groups.begin(), account().groups.end(),
                          [](const SandboxGroup &g) { return g.name == u"Made Offline"_s; });
        QCOMPARE(named, 1);
        QCOMPARE(m_window->groupModel()->rowCount(), 7);
    }

    void quitsKeepingWhatWaitsAndSendsItAtTheNextStart()
    {
        openConnected();
        starWhileDown();
        QVERIFY(!m_window->close()); // not yet: a question first
        QMessageBox *box = unsentQuestion();
        QVERIFY(box);
        QCOMPARE(box->text(), u"1 change has not reached the server yet."_s);
        QVERIFY(box->informativeText().startsWith(u"• Star “Sales EMEA”\n\n"_s));
        QTest::keyClick(box, Qt::Key_Escape); // keeps them: nothing is lost by it
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));
        QVERIFY(!starred(1));

        QVERIFY(serverUp());
        startAgain();
        QVERIFY(QTest::qWaitFor([&] { return starred(1); }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->outbox()->isEmpty(); }));
    }

    void keepsWhatWaitsWhenTheQuestionIsClosedByItsTitleBar()
    {
        openConnected();
        starWhileDown();
        m_window->close();
        QMessageBox *box = unsentQuestion();
        QVERIFY(box);
        box->close();
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));
        QVERIFY(serverUp());
        startAgain();
        QVERIFY(QTest::qWaitFor([&] { return starred(1); }, 10000));
    }

    void neverOffersToSendAtTheNextStartWhatIsNotOnDisk()
    {
        // Where the journals go, a file: no journal can be had for this connection.
        const QString outboxDir =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/outbox"_s;
        QVERIFY(QDir().mkpath(QFileInfo(outboxDir).absolutePath()));
        QFile blocker(outboxDir);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const auto unblock = qScopeGuard([&] { QFile::remove(outboxDir); });
        openConnected();
        auto *banner = find<MessageBanner>(u"messageBanner"_s);
        // Said before the first change, not after it.
        QVERIFY(QTest::qWaitFor([&] { return banner->isVisible() && banner->isError(); }));
        QVERIFY2(banner->text().startsWith(u"Changes cannot be saved to disk: The folder "_s),
                 qPrintable(banner->text()));
        serverDown();
        m_window->selectGroup(groupId(1));
        list()->setFocus();
        QTest::keySequence(list(), QKeySequence(u"Ctrl+D"_s));
        QVERIFY(QTest::qWaitFor([&] { return outboxButton()->isVisible(); }, 10000));
        QCOMPARE(outboxButton()->text(), u"1 change not saved to disk"_s);

        QVERIFY(!m_window->close());
        QMessageBox *box = unsentQuestion();
        QVERIFY(box);
        QVERIFY(!box->findChild<QPushButton *>(u"keepUnsent"_s)); // it would be a lie
        QVERIFY(box->informativeText().contains(u"will be lost unless the server"_s));
        QCOMPARE(box->defaultButton()->objectName(), u"waitForServer"_s);
        QTest::keyClick(box, Qt::Key_Escape); // waits: nothing is lost by it either
        QVERIFY(m_window->isVisible());
        QVERIFY(serverUp());
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }, 10000));
        QVERIFY(starred(1));
    }

    void saysOfflineWhenAGroupsKpisCannotBeReached()
    {
        openConnected();
        QVERIFY(statusText().startsWith(u"Up to date at "_s));
        serverDown();
        m_window->selectGroup(groupId(3)); // its KPIs are asked for, and nothing answers
        QVERIFY(QTest::qWaitFor(
            [&] { return statusText().startsWith(u"Offline: showing the list from "_s); }, 10000));
        QVERIFY(m_window->session()->isOffline());
    }

    void quitsOnceTheServerTookWhatWaits()
    {
        openConnected();
        starWhileDown();
        m_window->close();
        QMessageBox *box = unsentQuestion();
        QVERIFY(box);
        QTest::mouseClick(box->findChild<QPushButton *>(u"waitForServer"_s), Qt::LeftButton);
        QVERIFY(statusText().startsWith(u"Waiting for the server to take the changes"_s));
        QTest::qWait(300);
        QVERIFY(m_window->isVisible()); // still waiting
        QVERIFY(serverUp());
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }, 15000));
        QVERIFY(starred(1));
    }

    void asksAgainWhenClosedWhileWaiting()
    {
        openConnected();
        starWhileDown();
        m_window->close();
        QTest::mouseClick(unsentQuestion()->findChild<QPushButton *>(u"waitForServer"_s),
                          Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !find<QMessageBox>(u"unsentQuestion"_s); }));
        m_window->close();
        QMessageBox *again = unsentQuestion();
        QVERIFY(again);
        QTest::mouseClick(again->findChild<QPushButton *>(u"discardUnsent"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));
    }

    void quitsDiscardingWhatWaits()
    {
        openConnected();
        starWhileDown();
        m_window->close();
        QMessageBox *box = unsentQuestion();
        QVERIFY(box);
        QTest::mouseClick(box->findChild<QPushButton *>(u"discardUnsent"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));

        QVERIFY(serverUp());
        startAgain();
        QTest::qWait(500);
        QVERIFY(!starred(1));
        QVERIFY(m_window->session()->outbox()->isEmpty());
        QVERIFY(!m_window->groupModel()->group(groupId(1))->favorite);
    }

    void quitsWithoutAQuestionWhenAllIsSent()
    {
        openConnected();
        m_window->selectGroup(groupId(1));
        QTest::keySequence(list(), QKeySequence(u"Ctrl+D"_s));
        m_window->close();
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));
        QVERIFY(!find<QMessageBox>(u"unsentQuestion"_s));
        QVERIFY(starred(1));
    }

    void saysTheServerIsOutOfReachRatherThanNoGroups()
    {
        serverDown();
        m_window->connectTo(
            {QUrl(u"http://127.0.0.1:%1/results/api/v1"_s.arg(m_port)), accountA, tokenA1}, false);
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->isOffline(); }, 10000));
        QCOMPARE(find<QLabel>(u"listPlaceholder"_s)->text(),
                 u"The server cannot be reached.\nThe groups show here once it answers."_s);
        QCOMPARE(statusText(), u"Offline: the server cannot be reached. The app keeps trying."_s);
        QVERIFY(serverUp()); // found again by itself
        QVERIFY(QTest::qWaitFor([&] { return list()->model()->rowCount() == 6; }, 15000));
        QVERIFY(!find<QLabel>(u"listPlaceholder"_s)->isVisible());
    }

    void keepsANameTypedAndNotSavedAsADraft()
    {
        openConnected();
        m_window->selectGroup(groupId(1));
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, u"Sales Europe"_s); // no Enter
        m_window->close();
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Sales EMEA"_s);

        startAgain();
        auto *banner = find<MessageBanner>(u"messageBanner"_s);
        QVERIFY(QTest::qWaitFor(
            [&] { return banner->text() == u"1 unsaved name in “Sales EMEA”."_s; }));
        const QModelIndex row =
            m_window->groupModel()->index(m_window->groupModel()->rowOf(groupId(1)));
        QVERIFY(row.data(GroupListModel::DraftRole).toBool()); // marked in the list
        m_window->selectGroup(groupId(1));
        name = find<QLineEdit>(u"nameEdit"_s);
        QCOMPARE(name->text(), u"Sales Europe"_s);
        QVERIFY(find<QLabel>(u"draftNote"_s)->isVisible());
        QCOMPARE(m_window->groupModel()->group(groupId(1))->name, u"Sales EMEA"_s);
        name->setFocus();
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor(
            [&] { return m_store->group(account(), groupId(1))->name == u"Sales Europe"_s; }));
        QVERIFY(!find<QLabel>(u"draftNote"_s)->isVisible());
        QVERIFY(QTest::qWaitFor([&] { return !row.data(GroupListModel::DraftRole).toBool(); }));
    }

    void aDiscardedRenameLeavesTheServersNameInTheField()
    {
        openConnected();
        serverDown();
        m_window->selectGroup(groupId(1));
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, u"Sales Europe"_s);
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return outboxButton()->isVisible(); }, 10000));
        m_window->session()->discardAll();
        QCOMPARE(m_window->groupModel()->group(groupId(1))->name, u"Sales EMEA"_s);
        QCOMPARE(name->text(), u"Sales EMEA"_s); // not the discarded name, as an unsaved edit
        QVERIFY(!find<QPushButton>(u"revertName"_s)->isVisible());
        QVERIFY(m_window->session()->drafts().isEmpty());
    }

    void listsNamesTypedAndNotSavedToOpenOrDiscard()
    {
        openConnected();
        m_window->selectGroup(groupId(1));
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, u"Sales Europe"_s); // no Enter
        m_window->selectGroup(groupId(3));
        QVERIFY(QTest::qWaitFor([&] { return !m_window->session()->drafts().isEmpty(); }));
        auto *outboxAction = m_window->findChild<QAction *>(u"actionOutbox"_s);
        QVERIFY(outboxAction->isEnabled()); // a draft alone is reason enough to open it
        outboxAction->trigger();
        QTreeView *view = nullptr;
        QVERIFY(QTest::qWaitFor([&] { return (view = find<QTreeView>(u"outboxView"_s)); }));
        QAbstractItemModelTester tester(view->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->index(0, OutboxModel::ChangeColumn).data().toString(),
                 u"Name “Sales Europe” typed for “Sales EMEA”, not saved"_s);
        QVERIFY(find<QLabel>(u"outboxSummary"_s)
                    ->text()
                    .startsWith(u"No change waits to be sent. Names typed and not saved are "
                                "listed"_s));
        view->setCurrentIndex(view->model()->index(0, 0));
        QTest::mouseClick(find<QPushButton>(u"openDraftButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !find<QTreeView>(u"outboxView"_s); }));
        QCOMPARE(m_window->currentGroupId(), groupId(1));
        QCOMPARE(name->text(), u"Sales Europe"_s);

        outboxAction->trigger();
        QVERIFY(QTest::qWaitFor([&] { return (view = find<QTreeView>(u"outboxView"_s)); }));
        view->setCurrentIndex(view->model()->index(0, 0));
        QTest::keyClick(view, Qt::Key_Delete);
        QMessageBox *confirm = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (confirm = find<QMessageBox>(u"discardConfirmation"_s)); }));
        QTest::mouseClick(confirm->findChild<QPushButton *>(u"confirmDiscard"_s), Qt::LeftButton);
        QCOMPARE(view->model()->rowCount(), 0);
        QVERIFY(m_window->session()->drafts().isEmpty());
        QCOMPARE(name->text(), u"Sales EMEA"_s);
    }

    void keepsADraftOnTheGroupThatOpensAtStart()
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountA, tokenA1}, true); // remembered
        QVERIFY(loaded.wait());
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->outbox()->isReady(); }));
        m_window->selectGroup(groupId(3));
        auto *name = find<QLineEdit>(u"nameEdit"_s);
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, u"Brand Draft"_s); // no Enter
        m_window->close();
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));

        // The next start opens the remembered connection on the group it was left on.
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy again(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectToLastOrAsk();
        QVERIFY(again.wait());
        QVERIFY(QTest::qWaitFor([&] { return m_window->currentGroupId() == groupId(3); }));
        name = find<QLineEdit>(u"nameEdit"_s);
        QVERIFY(QTest::qWaitFor([&] { return name->text() == u"Brand Draft"_s; }));
        QTest::qWait(500); // and it stays, through the refresh
        QCOMPARE(name->text(), u"Brand Draft"_s);
        QCOMPARE(m_window->session()->drafts().value(groupId(3)), u"Brand Draft"_s);
        const QModelIndex row =
            m_window->groupModel()->index(m_window->groupModel()->rowOf(groupId(3)));
        QVERIFY(row.data(GroupListModel::DraftRole).toBool());
    }
};

QTEST_MAIN(TestOutboxWindow)
#include "tst_outboxwindow.moc"

#include "connectdialog.h"
#include "groupactions.h"
#include "groupcache.h"
#include "groupdetailpane.h"
#include "groupfiltermodel.h"
#include "groupitemdelegate.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "session.h"
#include "tokenstore.h"
#include "windowtests.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace Fixture;

namespace {

// The keychain as it behaves when it cannot be reached: every job fails.
class UnavailableTokenStore : public TokenStore
{
public:
    void readToken(const QString &key) override { failSoon(key); }
    void writeToken(const QString &key, const QString &) override { failSoon(key); }
    void deleteToken(const QString &key) override { failSoon(key); }

private:
    void failSoon(const QString &key)
    {
        QTimer::singleShot(0, this, [this, key] {
            Q_EMIT failed(key, u"The system keychain did not answer (it may be locked)."_s);
        });
    }
};

} // namespace

class TestMainWindow : public WindowTestCase
{
    Q_OBJECT

    Connection connection(const QString &token = tokenA1) const
    {
        return {m_server->baseUrl(), accountA, token};
    }
    QListView *list() const { return find<QListView>(u"groupList"_s); }
    QAction *action(const QString &name) const { return find<QAction>(name); }
    QLineEdit *nameEdit() const { return find<QLineEdit>(u"nameEdit"_s); }
    QString bannerText() const { return find<MessageBanner>(u"messageBanner"_s)->text(); }
    QStringList shownIds() const
    {
        QStringList ids;
        for (int row = 0; row < list()->model()->rowCount(); ++row)
            ids.append(list()->model()->index(row, 0).data(GroupListModel::IdRole).toString());
        return ids;
    }
    SandboxAccount &account() { return *m_store->account(accountA); }
    void openConnected()
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo(connection(), false);
        QVERIFY(loaded.wait());
        QCOMPARE(list()->model()->rowCount(), 6);
    }
    void press(QWidget *widget, const QKeySequence &keys) { QTest::keySequence(widget, keys); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_mainwindow"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void modelsPassTheTester()
    {
        // The session's models exist from the moment it opens, before anything has loaded.
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo(connection(), false);
        QAbstractItemModelTester groups(m_window->groupModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filter(m_window->filterModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(loaded.wait());
        QCOMPARE(list()->model()->rowCount(), 6);
        find<QLineEdit>(u"searchEdit"_s)->setText(u"sales"_s);
        action(u"actionFavoritesOnly"_s)->trigger();
        action(u"actionSortUpdated"_s)->trigger();
        action(u"actionFavoritesOnly"_s)->trigger();
    }

    void connectsThroughTheDialog()
    {
        m_window->connectToLastOrAsk();
        ConnectDialog *dialog = nullptr;
        QVERIFY(QTest::qWaitFor([&] {
            return (dialog = find<ConnectDialog>(u"connectDialog"_s)) && dialog->isVisible();
        }));
        auto *region = dialog->findChild<QComboBox *>(u"regionCombo"_s);
        region->setCurrentIndex(region->count() - 1);
        dialog->findChild<QLineEdit *>(u"baseUrlEdit"_s)->setText(m_server->baseUrl().toString());
        dialog->findChild<QLineEdit *>(u"accountEdit"_s)->setText(accountA);
        auto *token = dialog->findChild<QLineEdit *>(u"tokenEdit"_s);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        token->setText(u"not-the-token"_s);
        auto *problem = dialog->findChild<QLabel *>(u"connectProblem"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"connectButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return problem->isVisible(); }));
        QVERIFY(problem->text().contains(u"did not accept this API token"_s));
        QVERIFY(dialog->isVisible());

        token->setText(tokenA1);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"connectButton"_s), Qt::LeftButton);
        QVERIFY(loaded.wait());
        QCOMPARE(list()->model()->rowCount(), 6);
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(), u"6 groups"_s);
        QCOMPARE(m_window->currentGroupId(), groupId(6)); // first by name: Ärzte Team

        // Remembered: the connection in the settings, the token in the keychain only.
        const QString settingsText = [&] {
            QSettings settings;
            settings.sync();
            QFile file(settings.fileName());
            file.open(QIODevice::ReadOnly);
            return QString::fromUtf8(file.readAll());
        }();
        QVERIFY(settingsText.contains(accountA));
        QVERIFY(!settingsText.contains(tokenA1));
        QSignalSpy read(m_tokens.get(), &TokenStore::tokenRead);
        m_tokens->readToken(TokenStore::keyFor(m_server->baseUrl(), accountA));
        QVERIFY(read.wait());
        QCOMPARE(read.at(0).at(1).toString(), tokenA1);
    }

    void triesTheDemo()
    {
        m_window->setDemoStarter([this] { return std::optional<Connection>(connection()); });
        m_window->showConnectDialog();
        auto *dialog = find<ConnectDialog>(u"connectDialog"_s);
        QVERIFY(dialog);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"tryDemo"_s), Qt::LeftButton);
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->groupModel()->rowCount(), 6);
        QVERIFY(ConnectionSettings().connections().isEmpty()); // the demo is not remembered
    }

    void closesCleanlyWithRequestsInFlight()
    {
        openConnected();
        m_server->faults().setLatency(300);
        press(m_window.get(), QKeySequence(Qt::Key_F5));
        QVERIFY(m_window->session()->client()->pendingCount() > 0);
        m_window->close(); // a refresh is not worth waiting for
        QVERIFY(!m_window->session());
        QTest::qWait(500); // late answers arrive to nobody
        QVERIFY(m_window->findChildren<QDialog *>().isEmpty());
    }

    void sendsAStarBeforeClosing()
    {
        openConnected();
        m_server->faults().setLatency(300);
        m_window->selectGroup(groupId(1));
        press(m_window.get(), QKeySequence(u"Ctrl+D"_s));
        m_window->close();
        QVERIFY(m_window->isVisible()); // waits for the answer first
        QCOMPARE(find<QLabel>(u"statusText"_s)->text(), u"Saving your changes before closing…"_s);
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isVisible(); }));
        QVERIFY(m_store->isFavorite(account(), userA1, groupId(1)));
    }

    void sendsARenameWhenSwitchingConnections()
    {
        openConnected();
        m_server->faults().setLatency(300);
        m_window->selectGroup(groupId(3));
        nameEdit()->selectAll();
        QTest::keyClicks(nameEdit(), u"Brand"_s);
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_server->baseUrl(), accountB, tokenB}, false);
        QVERIFY(loaded.wait());
        QVERIFY(QTest::qWaitFor(
            [&] { return m_store->group(account(), groupId(3))->name == u"Brand"_s; }));
    }

    void saysWhatALeftConnectionCouldNotSend()
    {
        openConnected();
        RetryPolicy slowRetries = m_window->session()->client()->retryPolicy();
        slowRetries.firstBackoff = std::chrono::seconds(2); // still retrying at the limit
        m_window->session()->client()->setRetryPolicy(slowRetries);
        m_window->setLeaveLimit(std::chrono::milliseconds(300));
        SandboxStore otherStore;
        populate(otherStore);
        SandboxServer otherServer(&otherStore);
        QVERIFY(otherServer.listenOnLoopback());
        m_window->selectGroup(groupId(1));
        m_server.reset(); // the first connection's server is gone
        press(m_window.get(), QKeySequence(u"Ctrl+D"_s));

        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({otherServer.baseUrl(), accountB, tokenB}, false);
        QVERIFY(loaded.wait());
        QVERIFY(QTest::qWaitFor([&] { return bannerText().contains(u"could not be sent"_s); }));
        QCOMPARE(bannerText(), u"1 change to aaaa…aaaa on 127.0.0.1 could not be sent: its "
                               "server did not answer in time."_s);
        QCOMPARE(m_window->groupModel()->rowCount(), 1); // the new connection is untouched
    }

    void remembersTheGroupAndConnectionOnLeaving()
    {
        const SavedConnection savedA{m_server->baseUrl(), accountA};
        const SavedConnection savedB{m_server->baseUrl(), accountB};
        const Connection connectionB{m_server->baseUrl(), accountB, tokenB};
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo(connectionB, true);
        QVERIFY(loaded.wait());
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(), u"1 group"_s);
        m_window->connectTo(connection(), true);
        QVERIFY(loaded.wait());
        QCOMPARE(ConnectionSettings().lastConnection(), savedA);
        m_window->selectGroup(groupId(3));
        m_window->selectGroup(groupId(6));
        QCOMPARE(ConnectionSettings().lastGroupId(savedA), QString()); // not on every move

        m_window->connectTo(connectionB, false); // as File -> Switch Connection does
        QCOMPARE(ConnectionSettings().lastGroupId(savedA), groupId(6));
        QCOMPARE(ConnectionSettings().lastConnection(), savedB);
        QVERIFY(loaded.wait());
        m_window->selectGroup(otherGroupId());
        m_window->close();
        QCOMPARE(ConnectionSettings().lastGroupId(savedB), otherGroupId());
    }

    void reconnectsToTheLastConnectionAndGroup()
    {
        m_tokens->writeToken(TokenStore::keyFor(m_server->baseUrl(), accountA), tokenA1);
        ConnectionSettings().save({m_server->baseUrl(), accountA});
        ConnectionSettings().setLastGroupId({m_server->baseUrl(), accountA}, groupId(4));
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectToLastOrAsk();
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->currentGroupId(), groupId(4));
        QCOMPARE(nameEdit()->text(), u"Zürich Office"_s);
    }

    void startsWithTheCachedListAndRefreshesQuietly()
    {
        QTemporaryDir cacheDir;
        auto cache = std::make_shared<GroupCache>(cacheDir.path());
        const SavedConnection saved{m_server->baseUrl(), accountA};
        QList<KpiGroup> cached;
        for (int n = 1; n <= 6; ++n)
            cached.append({groupId(n), accountA, u"Cached %1"_s.arg(n), userA1, userA1,
                           QDateTime(QDate(2024, 1, n), QTime(9, 0), Qt::UTC),
                           QDateTime(QDate(2024, 2, n), QTime(9, 0), Qt::UTC), false});
        QVERIFY(cache->save(saved.key(), cached, QDateTime::currentDateTimeUtc().addSecs(-300)));
        m_tokens->writeToken(saved.key(), tokenA1);
        ConnectionSettings().save(saved);
        ConnectionSettings().setLastGroupId(saved, groupId(4));
        m_window->setCache(cache);
        m_server->faults().setLatency(400);

        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectToLastOrAsk();
        QVERIFY(loaded.wait());
        QCOMPARE(nameEdit()->text(), u"Cached 4"_s); // the cached list, before the server's
        QCOMPARE(m_window->currentGroupId(), groupId(4));
        QVERIFY(find<QLabel>(u"statusText"_s)
                    ->text()
                    .startsWith(u"Showing the list from 5 minutes ago"_s));

        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::refreshed);
        QVERIFY(refreshed.wait());
        QCOMPARE(m_window->currentGroupId(), groupId(4)); // the selection did not move
        QCOMPARE(nameEdit()->text(), u"Zürich Office"_s);
        QVERIFY(find<QLabel>(u"statusText"_s)->text().startsWith(u"Up to date"_s));
        // The fresh list is cached for the next start.
        QVERIFY(QTest::qWaitFor([&] {
            const auto entry = cache->load(saved.key());
            return entry && entry->groups.size() == 6 &&
                   entry->groups.at(3).name == u"Zürich Office"_s;
        }));

        // Forgetting the connection forgets its cache.
        m_window->findChild<QAction *>(u"actionForget"_s)->trigger();
        QVERIFY(!cache->load(saved.key()));
    }

    void showsTheFirstPageAndKeepsTheSelectionWhenTheRestArrives()
    {
        SandboxStore big;
        SandboxGenerator::populate(big, {5, 2500, 0, 3});
        SandboxServer server(&big);
        QVERIFY(server.listenOnLoopback());
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 0}, 1);   // the first page
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 400}, 2); // the others: slow
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                             QString(SandboxGenerator::demoToken)},
                            false);
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->groupModel()->rowCount(), 1000);
        QVERIFY(find<QLabel>(u"statusText"_s)->text().startsWith(u"Loading 1,000 of 2,500"_s));
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(), u"1,000 groups"_s);
        list()->setCurrentIndex(list()->model()->index(5, 0));
        const QString chosen = m_window->currentGroupId();
        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::refreshed);
        QVERIFY(refreshed.wait());
        QCOMPARE(m_window->groupModel()->rowCount(), 2500);
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(), u"2,500 groups"_s);
        QCOMPARE(m_window->currentGroupId(), chosen);
        QCOMPARE(m_window->detailPane()->groupId(), chosen);
    }

    void keepsTheTokenForTheSessionWhenTheKeychainFails()
    {
        UnavailableTokenStore keychain;
        MainWindow window(&keychain);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::groupsLoaded);
        window.connectTo(connection(), true);
        QVERIFY(loaded.wait());
        auto *banner = window.findChild<MessageBanner *>(u"messageBanner"_s);
        QVERIFY(QTest::qWaitFor([&] { return !banner->text().isEmpty(); }));
        QVERIFY(banner->text().contains(u"kept for this session only"_s));
        QCOMPARE(window.groupModel()->rowCount(), 6);
    }

    void searchesAsYouType()
    {
        openConnected();
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        press(m_window.get(), QKeySequence::Find);
        QVERIFY(search->hasFocus());
        QTest::keyClicks(search, u"ZUR"_s);
        QCOMPARE(shownIds(), QStringList{groupId(4)});
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(), u"1 of 6 groups"_s);
        search->clear();
        QTest::keyClicks(search, u"arzte"_s);
        QCOMPARE(shownIds(), QStringList{groupId(6)});
        QTest::keyClicks(search, u"x"_s);
        QCOMPARE(shownIds(), QStringList());
        auto *placeholder = find<QLabel>(u"listPlaceholder"_s);
        QVERIFY(placeholder->isVisible());
        QCOMPARE(placeholder->text(), u"No group matches “arztex”."_s);
    }

    void sortsAndFilters()
    {
        openConnected();
        // By name, accents and case folded: Ärzte, Engineering, Marketing, sales APAC, Sales EMEA.
        QCOMPARE(shownIds(), (QStringList{groupId(6), groupId(5), groupId(3), groupId(2),
                                          groupId(1), groupId(4)}));
        action(u"actionSortUpdated"_s)->trigger();
        QCOMPARE(shownIds(), (QStringList{groupId(1), groupId(2), groupId(3), groupId(4),
                                          groupId(5), groupId(6)}));
        action(u"actionFavoritesFirst"_s)->trigger();
        QCOMPARE(shownIds().mid(0, 2), (QStringList{groupId(2), groupId(5)}));
        QTest::mouseClick(find<QToolButton>(u"favoritesOnlyButton"_s), Qt::LeftButton);
        QCOMPARE(shownIds(), (QStringList{groupId(2), groupId(5)}));
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(), u"2 of 6 groups"_s);

        // Kept for the next start.
        m_window->close();
        QSettings settings;
        QCOMPARE(settings.value(u"view/sort"_s).toInt(), int(GroupFilterModel::SortKey::Updated));
        QCOMPARE(settings.value(u"view/favoritesOnly"_s).toBool(), true);
        MainWindow again(m_tokens.get());
        QCOMPARE(again.filterModel()->sortKey(), GroupFilterModel::SortKey::Updated);
        QVERIFY(again.filterModel()->favoritesOnly());
        QVERIFY(again.filterModel()->favoritesFirst());
    }

    void createsAGroupWithCtrlN()
    {
        openConnected();
        press(m_window.get(), QKeySequence::New);
        QInputDialog *dialog = nullptr;
        QVERIFY(
            QTest::qWaitFor([&] { return (dialog = find<QInputDialog>(u"newGroupDialog"_s)); }));
        dialog->setTextValue(u"Customer Love"_s);
        dialog->accept();
        QVERIFY(QTest::qWaitFor([&] { return nameEdit()->text() == u"Customer Love"_s; }));
        QCOMPARE(list()->model()->rowCount(), 7);
        const QString id = m_window->currentGroupId();
        QVERIFY(m_store->group(account(), id));
        QCOMPARE(m_store->group(account(), id)->name, u"Customer Love"_s);
    }

    void renamesInPlace()
    {
        openConnected();
        m_window->selectGroup(groupId(1));
        list()->setFocus();
        press(m_window.get(), QKeySequence(Qt::Key_F2));
        QVERIFY(nameEdit()->hasFocus());
        QCOMPARE(nameEdit()->selectedText(), u"Sales EMEA"_s);
        QTest::keyClicks(nameEdit(), u"Sales Europe"_s);
        QVERIFY(find<QPushButton>(u"saveName"_s)->isVisible());
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor(
            [&] { return !m_window->session()->actions()->isRenaming(groupId(1)); }));
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Sales Europe"_s);
        QCOMPARE(nameEdit()->text(), u"Sales Europe"_s);
        QVERIFY(!find<QPushButton>(u"saveName"_s)->isVisible());

        // Esc goes back to the saved name.
        QTest::keyClicks(nameEdit(), u" typo"_s);
        QTest::keyClick(nameEdit(), Qt::Key_Escape);
        QCOMPARE(nameEdit()->text(), u"Sales Europe"_s);
    }

    void keepsARefusedNameWithTheReason()
    {
        openConnected();
        m_window->selectGroup(groupId(1));
        m_server->faults().failNext(403, 1, u"^PATCH"_s);
        nameEdit()->selectAll();
        QTest::keyClicks(nameEdit(), u"Sales Europe"_s);
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        auto *problem = find<QLabel>(u"nameProblem"_s);
        QVERIFY(QTest::qWaitFor([&] { return problem->isVisible(); }));
        QVERIFY(problem->text().contains(u"You have no access to this"_s));
        QCOMPARE(nameEdit()->text(), u"Sales Europe"_s);
        QCOMPARE(m_window->groupModel()->group(groupId(1))->name, u"Sales EMEA"_s);
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Sales EMEA"_s);

        // Still there after looking at another group.
        m_window->selectGroup(groupId(2));
        QCOMPARE(nameEdit()->text(), u"sales APAC"_s);
        QVERIFY(!problem->isVisible());
        m_window->selectGroup(groupId(1));
        QCOMPARE(nameEdit()->text(), u"Sales Europe"_s);
        QVERIFY(problem->isVisible());

        // A blank name is refused before anything is sent.
        const int sent = m_server->requestCount();
        nameEdit()->clear();
        QTest::keyClicks(nameEdit(), u"   "_s);
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        QCOMPARE(problem->text(), u"A KPI group needs a name."_s);
        QCOMPARE(m_server->requestCount(), sent);
    }

    void dropsALateAnswerForAGroupLeftBehind()
    {
        openConnected();
        m_window->selectGroup(groupId(1));
        m_server->faults().add({SandboxFaults::Kind::Status, 403, 1, {}, 300}, 1, u"^PATCH"_s);
        nameEdit()->selectAll();
        QTest::keyClicks(nameEdit(), u"Sales Europe"_s);
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        m_window->selectGroup(groupId(3));
        QSignalSpy failed(m_window->session()->actions(), &GroupActions::renameFailed);
        QVERIFY(failed.wait());
        QCOMPARE(nameEdit()->text(), u"Marketing"_s);
        QVERIFY(!find<QLabel>(u"nameProblem"_s)->isVisible());
        QCOMPARE(shownIds().indexOf(groupId(1)) >= 0, true);
        m_window->selectGroup(groupId(1));
        QCOMPARE(nameEdit()->text(), u"Sales Europe"_s);
        QVERIFY(find<QLabel>(u"nameProblem"_s)->isVisible());
    }

    void deletesAfterConfirming()
    {
        openConnected();
        m_window->selectGroup(groupId(3));
        list()->setFocus();
        QTest::keyClick(list(), Qt::Key_Delete);
        QMessageBox *box = nullptr;
        QVERIFY(
            QTest::qWaitFor([&] { return (box = find<QMessageBox>(u"deleteConfirmation"_s)); }));
        QVERIFY(box->text().contains(u"“Marketing”"_s));
        QVERIFY(box->informativeText().contains(u"KPIs are kept"_s));
        QTest::mouseClick(box->findChild<QPushButton *>(u"confirmDelete"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !shownIds().contains(groupId(3)); }));
        QVERIFY(!m_store->group(account(), groupId(3)));
        QVERIFY(bannerText().contains(u"Deleted “Marketing”"_s));
    }

    void delInTheSearchFieldEditsText()
    {
        openConnected();
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        search->setFocus();
        QTest::keyClicks(search, u"ab"_s);
        QTest::keyClick(search, Qt::Key_Home);
        QTest::keyClick(search, Qt::Key_Delete);
        QCOMPARE(search->text(), u"b"_s);
        QVERIFY(!find<QMessageBox>(u"deleteConfirmation"_s));
    }

    void starsAtOnceAndRollsBack()
    {
        openConnected();
        m_window->selectGroup(groupId(1));
        press(m_window.get(), QKeySequence(u"Ctrl+D"_s));
        QCOMPARE(m_window->groupModel()->group(groupId(1))->favorite, true);
        QVERIFY(
            QTest::qWaitFor([&] { return m_store->isFavorite(account(), userA1, groupId(1)); }));
        QVERIFY(
            QTest::qWaitFor([&] { return m_window->session()->client()->pendingCount() == 0; }));

        m_server->faults().failNext(500, -1, u"^DELETE .*/favorite$"_s);
        press(m_window.get(), QKeySequence(u"Ctrl+D"_s));
        QCOMPARE(m_window->groupModel()->group(groupId(1))->favorite, false);
        QVERIFY(QTest::qWaitFor([&] { return !bannerText().isEmpty(); }, 10000));
        QCOMPARE(m_window->groupModel()->group(groupId(1))->favorite, true);
        QVERIFY(bannerText().startsWith(u"Could not remove the star from “Sales EMEA”."_s));
        auto *retry = find<QPushButton>(u"messageRetry"_s);
        QVERIFY(retry->isVisible());
        m_server->faults().clear();
        QTest::mouseClick(retry, Qt::LeftButton);
        QVERIFY(
            QTest::qWaitFor([&] { return !m_store->isFavorite(account(), userA1, groupId(1)); }));
        QCOMPARE(m_window->groupModel()->group(groupId(1))->favorite, false);
    }

    void starsFromTheList()
    {
        openConnected();
        const QModelIndex engineering = list()->model()->index(1, 0);
        QCOMPARE(engineering.data(GroupListModel::IdRole).toString(), groupId(5));
        const QPoint star = GroupItemDelegate::starRect(list()->visualRect(engineering)).center();
        QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, star);
        QCOMPARE(m_window->groupModel()->group(groupId(5))->favorite, false);
        QVERIFY(
            QTest::qWaitFor([&] { return !m_store->isFavorite(account(), userA1, groupId(5)); }));
    }

    void letsAGroupDeletedElsewhereGo()
    {
        openConnected();
        m_window->selectGroup(groupId(2));
        m_store->deleteGroup(account(), groupId(2));
        press(m_window.get(), QKeySequence(u"Ctrl+D"_s));
        QVERIFY(QTest::qWaitFor([&] { return !shownIds().contains(groupId(2)); }));
        QVERIFY(bannerText().contains(u"“sales APAC” is gone: someone else deleted it."_s));
        QVERIFY(!find<QPushButton>(u"messageRetry"_s)->isVisible());
    }

    void refreshKeepsTheSelection()
    {
        openConnected();
        m_window->selectGroup(groupId(4));
        m_store->renameGroup(account(), userA2, groupId(4), u"Zürich HQ"_s);
        SandboxGroup added{
            u"cccccccccccccccccccccccc"_s, u"Added elsewhere"_s, userA2, userA2, 0, 0};
        m_store->addGroup(accountA, added);
        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::refreshed);
        press(m_window.get(), QKeySequence(Qt::Key_F5));
        QVERIFY(refreshed.wait());
        QCOMPARE(list()->model()->rowCount(), 7);
        QCOMPARE(m_window->currentGroupId(), groupId(4));
        QCOMPARE(nameEdit()->text(), u"Zürich HQ"_s);
    }

    void asksForANewTokenWhenItIsRefused()
    {
        openConnected();
        m_window->session()->client()->setConnection(connection(u"revoked-token"_s));
        press(m_window.get(), QKeySequence(Qt::Key_F5));
        ConnectDialog *dialog = nullptr;
        QVERIFY(QTest::qWaitFor([&] {
            return (dialog = find<ConnectDialog>(u"connectDialog"_s)) && dialog->isVisible();
        }));
        QVERIFY(dialog->findChild<QLabel *>(u"connectReason"_s)
                    ->text()
                    .contains(u"did not accept the API token"_s));
        QCOMPARE(dialog->findChild<QLineEdit *>(u"accountEdit"_s)->text(), accountA);
        QCOMPARE(dialog->findChild<QLineEdit *>(u"tokenEdit"_s)->text(), QString());
        QCOMPARE(list()->model()->rowCount(), 6); // what was shown stays
    }

    void worksFromTheKeyboard()
    {
        openConnected();
        for (const auto &[name, keys] :
             std::initializer_list<std::pair<QString, QString>>{{u"actionRefresh"_s, u"F5"_s},
                                                                {u"actionNewGroup"_s, u"Ctrl+N"_s},
                                                                {u"actionRename"_s, u"F2"_s},
                                                                {u"actionDelete"_s, u"Del"_s},
                                                                {u"actionFavorite"_s, u"Ctrl+D"_s},
                                                                {u"actionFind"_s, u"Ctrl+F"_s}}) {
            QVERIFY2(action(name)->shortcuts().contains(QKeySequence(keys)), qPrintable(name));
            QVERIFY2(!action(name)->text().isEmpty(), qPrintable(name));
        }
        list()->setFocus();
        QTest::keyClick(list(), Qt::Key_Down);
        QCOMPARE(m_window->currentGroupId(), groupId(5));
        QTest::keyClick(list(), Qt::Key_Return);
        QVERIFY(nameEdit()->hasFocus());
        press(m_window.get(), QKeySequence(u"Ctrl+Shift+C"_s));
        QCOMPARE(QApplication::clipboard()->text(), groupId(5));
    }

    void namesEveryControlForAccessibility()
    {
        openConnected();
        QStringList unnamed;
        const QList<QWidget *> widgets = m_window->findChildren<QWidget *>();
        for (QWidget *widget : widgets) {
            const bool control =
                qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget) ||
                qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractItemView *>(widget);
            if (!control || !widget->isVisibleTo(m_window.get()))
                continue;
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
            if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
                unnamed.append(widget->objectName() + u" ("_s +
                               QString::fromLatin1(widget->metaObject()->className()) + u')');
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

#include "connectdialog.h"
#include "coverablelistview.h"
#include "demohint.h"
#include "groupactions.h"
#include "groupcache.h"
#include "groupdetailpane.h"
#include "groupfiltermodel.h"
#include "groupitemdelegate.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"
#include "kpiremovezone.h"
#include "listexport.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "newgroupdialog.h"
#include "palettecolors.h"
#include "relativetime.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "session.h"
#include "textrecorder.h"
#include "tokenstore.h"
#include "usernames.h"
#include "windowtests.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPaintEngine>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QStringListModel>
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
    ConnectDialog *shownConnectDialog()
    {
        ConnectDialog *dialog = nullptr;
        if (!QTest::qWaitFor([&] {
                return (dialog = find<ConnectDialog>(u"connectDialog"_s)) && dialog->isVisible();
            }))
            return nullptr;
        return dialog;
    }
    // WCAG's contrast ratio of two colours.
    static double contrast(const QColor &a, const QColor &b)
    {
        const auto luminance = [](const QColor &c) {
            const auto channel = [](double v) {
                return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
                   0.0722 * channel(c.blueF());
        };
        const double la = luminance(a), lb = luminance(b);
        return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
    }
    static QPalette darkPalette()
    {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Button, QColor(0x30, 0x30, 0x30));
        dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        return dark;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_mainwindow"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    // File → Export List…: the rows the list shows, in its order, to the file the person names.
    void exportsTheShownList()
    {
        openConnected();
        QVERIFY(QTest::qWaitFor([&] { return m_window->groupModel()->kpiCount(groupId(1)) == 3; }));
        QTest::keyClicks(find<QLineEdit>(u"searchEdit"_s), u"sales"_s);
        action(u"actionSortUpdated"_s)->trigger();
        QCOMPARE(shownIds(), (QStringList{groupId(1), groupId(2)}));
        QTemporaryDir dir;
        const auto exportTo = [&](const QString &name) {
            action(u"actionExportList"_s)->trigger();
            QFileDialog *dialog = nullptr;
            if (!QTest::qWaitFor([&] { return (dialog = find<QFileDialog>(u"exportDialog"_s)); }))
                return false;
            dialog->selectFile(dir.filePath(name));
            QMetaObject::invokeMethod(dialog, "accept"); // a protected override
            return true;
        };
        QVERIFY(exportTo(u"sales.csv"_s));
        QTRY_COMPARE(bannerText(), u"Exported 2 groups to %1."_s.arg(dir.filePath(u"sales.csv"_s)));
        QFile csv(dir.filePath(u"sales.csv"_s));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll(),
                 "name,favorite,kpiCount,dateUpdated,dateCreated,id\r\n"
                 "Sales EMEA,false,3,2024-02-10T10:15:30.123Z,2024-01-01T10:15:30.123Z,"
                 "000000000000000000000001\r\n"
                 "sales APAC,true,1,2024-02-09T10:15:30.123Z,2024-01-02T10:15:30.123Z,"
                 "000000000000000000000002\r\n");

        // Favorites only, by name: JSON, as the file's name says.
        find<QLineEdit>(u"searchEdit"_s)->clear();
        action(u"actionFavoritesOnly"_s)->trigger();
        action(u"actionSortName"_s)->trigger();
        QCOMPARE(shownIds(), (QStringList{groupId(5), groupId(2)}));
        QVERIFY(exportTo(u"favorites.json"_s));
        QTRY_COMPARE(bannerText(),
                     u"Exported 2 groups to %1."_s.arg(dir.filePath(u"favorites.json"_s)));
        QFile json(dir.filePath(u"favorites.json"_s));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(json.readAll(),
                 "[\n"
                 "    {\"name\": \"Engineering\", \"favorite\": true, \"kpiCount\": 0, "
                 "\"dateUpdated\": \"2024-02-06T10:15:30.123Z\", \"dateCreated\": "
                 "\"2024-01-05T10:15:30.123Z\", \"id\": \"000000000000000000000005\"},\n"
                 "    {\"name\": \"sales APAC\", \"favorite\": true, \"kpiCount\": 1, "
                 "\"dateUpdated\": \"2024-02-09T10:15:30.123Z\", \"dateCreated\": "
                 "\"2024-01-02T10:15:30.123Z\", \"id\": \"000000000000000000000002\"}\n"
                 "]\n");

        // Where it cannot be written, it says so, and that nothing was.
        const QString nowhere = dir.filePath(u"gone/list.csv"_s);
        m_window->findChild<ListExport *>()->exportTo(nowhere, GroupRows::Format::Csv);
        QTRY_VERIFY(find<MessageBanner>(u"messageBanner"_s)->isError());
        QVERIFY2(bannerText().startsWith(u"Could not export to %1: "_s.arg(nowhere)),
                 qPrintable(bannerText()));
        QVERIFY2(bannerText().endsWith(u" — nothing was written."_s), qPrintable(bannerText()));
        QVERIFY(!QFile::exists(nowhere));
    }

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

    void enterInTheConnectDialogConnects()
    {
        m_window->setDemoStarter([this] { return std::optional<Connection>(connection()); });
        m_window->showConnectDialog();
        ConnectDialog *dialog = shownConnectDialog();
        QVERIFY(dialog);
        auto *region = dialog->findChild<QComboBox *>(u"regionCombo"_s);
        region->setCurrentIndex(region->count() - 1);
        dialog->findChild<QLineEdit *>(u"baseUrlEdit"_s)->setText(m_server->baseUrl().toString());
        dialog->findChild<QLineEdit *>(u"accountEdit"_s)->setText(accountA);
        auto *token = dialog->findChild<QLineEdit *>(u"tokenEdit"_s);
        token->setFocus();
        QTest::keyClicks(token, u"not-the-token"_s);
        QTest::keyClick(token, Qt::Key_Return);
        auto *problem = dialog->findChild<QLabel *>(u"connectProblem"_s);
        QVERIFY(QTest::qWaitFor([&] { return problem->isVisible(); }));
        QCOMPARE(problem->text(), u"The server did not accept this API token. Check that it is "
                                  "complete and has not been revoked."_s);
        QVERIFY(!m_window->session()); // not the demo
        QVERIFY(!dialog->demoRequested());
    }

    void theDemoLooksLikeADemo()
    {
        m_window->setDemoStarter([this] { return std::optional<Connection>(connection()); });
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->startDemo();
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->windowTitle(), u"Demo account"_s);
        auto *mark = find<QLabel>(u"demoMark"_s);
        QVERIFY(mark->isVisible());
        QCOMPARE(mark->text(), u"Demo: sample data, nothing leaves this computer"_s);

        // A real account: named once, the app's name being Qt's to add.
        m_window->connectTo(connection(), false);
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->windowTitle(), u"127.0.0.1 · aaaa…aaaa"_s);
        QVERIFY(!mark->isVisible());
        QVERIFY(!find<DemoHint>(u"demoHint"_s)->isVisible());
        QVERIFY(!action(u"actionAboutDemo"_s)->isVisible());
    }

    // The demo says what it is and how to leave it, once: closed, it stays closed at the next
    // start, until Help → About the Demo.
    void theDemoExplainsItselfOnce()
    {
        m_window->setDemoStarter([this] { return std::optional<Connection>(connection()); });
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->startDemo();
        QVERIFY(loaded.wait());
        auto *hint = find<DemoHint>(u"demoHint"_s);
        QVERIFY(hint->isVisible());
        QCOMPARE(find<QLabel>(u"demoHintText"_s)->text(),
                 u"<b>This is the demo.</b> Its groups and KPIs are sample data: nothing you do "
                 "here leaves this computer. A KPI group is a named set of KPIs. Drag a KPI out "
                 "of its group to remove it, or onto another group in the list to move it there "
                 "(hold Ctrl to add it and keep it here too). To work on your own account, "
                 "choose File → Connect… (Ctrl+Shift+O)."_s);
        auto *close = find<QPushButton>(u"demoHintClose"_s);
        QCOMPARE(close->toolTip(), u"Close (Esc); Help → About the Demo shows it again"_s);
        QVERIFY(action(u"actionAboutDemo"_s)->isVisible());

        // From the keyboard: F6 to it, Esc to close it, and the keyboard goes back.
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto *list = find<QListView>(u"groupList"_s);
        list->setFocus();
        QTest::keyClick(list, Qt::Key_F6);
        QVERIFY(close->hasFocus());
        QTest::keyClick(close, Qt::Key_Escape);
        QVERIFY(!hint->isVisible());
        QVERIFY(list->hasFocus());
        QCOMPARE(QSettings().value(u"demo/hintClosed"_s).toBool(), true);

        // The next start: closed still.
        m_window.reset();
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        m_window->setDemoStarter([this] { return std::optional<Connection>(connection()); });
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy loadedAgain(m_window.get(), &MainWindow::groupsLoaded);
        m_window->startDemo();
        QVERIFY(loadedAgain.wait());
        hint = find<DemoHint>(u"demoHint"_s);
        QVERIFY(!hint->isVisible());
        QVERIFY(find<QLabel>(u"demoMark"_s)->isVisible()); // the demo it is

        // Help → About the Demo, then its Close button.
        QVERIFY(action(u"actionAboutDemo"_s)->isVisible());
        QCOMPARE(action(u"actionAboutDemo"_s)->text(), u"About the &Demo"_s);
        action(u"actionAboutDemo"_s)->trigger();
        QVERIFY(hint->isVisible());
        QTest::mouseClick(find<QPushButton>(u"demoHintClose"_s), Qt::LeftButton);
        QVERIFY(!hint->isVisible());
    }

    void aRealAccountHasNoDemoHint()
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo(connection(), false);
        QVERIFY(loaded.wait());
        QVERIFY(!find<DemoHint>(u"demoHint"_s)->isVisible());
        QAction *aboutDemo = action(u"actionAboutDemo"_s);
        QVERIFY(!aboutDemo->isVisible());
        aboutDemo->trigger(); // from a stale menu, say: nothing
        QVERIFY(!find<DemoHint>(u"demoHint"_s)->isVisible());
        QCOMPARE(QSettings().value(u"demo/hintClosed"_s), QVariant());
    }

    void theConnectDialogSaysEveryProblemAtOnce()
    {
        m_window->showConnectDialog();
        ConnectDialog *dialog = shownConnectDialog();
        QVERIFY(dialog);
        auto *account = dialog->findChild<QLineEdit *>(u"accountEdit"_s);
        auto *token = dialog->findChild<QLineEdit *>(u"tokenEdit"_s);
        account->setText(u"5be26318e5274a0007f17f6"_s); // 23 digits
        token->setFocus();
        const int sent = m_server->requestCount();
        QTest::keyClick(token, Qt::Key_Return);
        auto *problem = dialog->findChild<QLabel *>(u"connectProblem"_s);
        QCOMPARE(problem->text(),
                 u"The account id is 24 hex digits (0–9, a–f); “5be26318e5274a0007f17f6” is not.\n"
                 "The API token is missing."_s);
        QVERIFY(problem->isVisible());
        QCOMPARE(dialog->focusWidget(), account); // the first field to fix
        QCOMPARE(m_server->requestCount(), sent);
        QVERIFY(dialog->width() >= 520);
        // Nothing is clipped: every wrapped line has the height it needs.
        QTest::qWait(50);
        for (QLabel *label : dialog->findChildren<QLabel *>()) {
            if (label->isVisible() && label->wordWrap())
                QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                         qPrintable(label->objectName()));
        }
    }

    void namesARefusedTokenFromTheEnvironment()
    {
        m_window->connectWithEnvironmentToken(connection(u"typo-token"_s));
        ConnectDialog *dialog = shownConnectDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QLabel *>(u"connectReason"_s)->text(),
                 u"Quantive did not accept the API token from the QUANTIVE_TOKEN environment "
                 "variable (it may be mistyped or revoked). Enter a valid token to go on."_s);
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

    void keepsSendingWhatALeftConnectionCouldNotSend()
    {
        openConnected();
        RetryPolicy slowRetries = m_window->session()->client()->retryPolicy();
        slowRetries.firstBackoff = std::chrono::seconds(2); // still retrying at the limit
        m_window->session()->client()->setRetryPolicy(slowRetries);
        m_window->session()->sender()->setBackoff(std::chrono::milliseconds(200),
                                                  std::chrono::milliseconds(500));
        m_window->setLeaveLimit(std::chrono::milliseconds(300));
        SandboxStore otherStore;
        populate(otherStore);
        SandboxServer otherServer(&otherStore);
        QVERIFY(otherServer.listenOnLoopback());
        m_window->selectGroup(groupId(1));
        const quint16 port = m_server->port();
        m_server.reset(); // the first connection's server is gone
        press(m_window.get(), QKeySequence(u"Ctrl+D"_s));

        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({otherServer.baseUrl(), accountB, tokenB}, false);
        QVERIFY(loaded.wait());
        auto *left = find<QLabel>(u"leftSessionsText"_s);
        QVERIFY(QTest::qWaitFor([&] { return left->isVisible(); }, 5000));
        // Once the tries on their way (slow ones, above) have failed.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return left->text() == u"1 change waiting on 127.0.0.1 · aaaa…aaaa, whose "
                                       "server cannot be reached"_s;
            },
            15000));
        QCOMPARE(m_window->groupModel()->rowCount(), 1); // the new connection is untouched

        // The first server comes back: this run sends it, with the window on the second.
        m_server = std::make_unique<SandboxServer>(m_store.get());
        QVERIFY(m_server->listenOnLoopback(port));
        // Tried a few seconds apart at most, in the background.
        QVERIFY(QTest::qWaitFor([&] { return m_store->isFavorite(account(), userA1, groupId(1)); },
                                8000));
        QVERIFY(QTest::qWaitFor([&] { return !left->isVisible(); }));
        QCOMPARE(m_server->changesReceived(),
                 QStringList{u"PUT /kpis/groups/%1/favorite"_s.arg(groupId(1))});
        QCOMPARE(m_window->session()->place().accountId, accountB);
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

        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::loadingFinished);
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
        // Six pages asked for at once, the first of them small (200): it comes first, alone.
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 0}, 1);   // the first page
        server.faults().add({SandboxFaults::Kind::Status, 0, 1, {}, 400}, 5); // the others: slow
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                             QString(SandboxGenerator::demoToken)},
                            false);
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->groupModel()->rowCount(), 200);
        QVERIFY(find<QLabel>(u"statusText"_s)->text().startsWith(u"Loading 200 of 2,500"_s));
        // Its count is the rest's to say.
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(), u"Loading…"_s);
        list()->setCurrentIndex(list()->model()->index(5, 0));
        const QString chosen = m_window->currentGroupId();
        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::loadingFinished);
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
        QCOMPARE(banner->text(), u"Your token could not be saved in the system keychain (The "
                                 "system keychain did not answer (it may be locked)). It is kept "
                                 "for this session only."_s);
        // The Connect dialog no longer promises the keychain.
        window.showConnectDialog();
        auto *hint = window.findChild<QLabel *>(u"tokenHint"_s);
        QCOMPARE(hint->text(), u"Create a token in Quantive under Settings → Integrations → API "
                               "tokens. The system keychain cannot be used: the token is kept for "
                               "this session only."_s);
    }

    void switchesBackWithoutAskingAgainWhenTheKeychainFails()
    {
        UnavailableTokenStore keychain;
        MainWindow window(&keychain);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::groupsLoaded);
        window.connectTo(connection(), true);
        QVERIFY(loaded.wait());
        window.connectTo({m_server->baseUrl(), accountB, tokenB}, true);
        QVERIFY(loaded.wait());
        QCOMPARE(window.groupModel()->rowCount(), 1);
        // Back to the first, from the Switch Connection menu: its token is kept for the run.
        window.connectToSaved({m_server->baseUrl(), accountA});
        QVERIFY(loaded.wait());
        QCOMPARE(window.groupModel()->rowCount(), 6);
        QVERIFY(!window.findChild<QDialog *>(u"connectDialog"_s) ||
                !window.findChild<QDialog *>(u"connectDialog"_s)->isVisible());
    }

    void aChangeOfDataDoesNotLayTheListOutAgain()
    {
        // Counts the view's layouts of all its rows.
        class CountingView : public CoverableListView
        {
        public:
            using CoverableListView::CoverableListView;
            void doItemsLayout() override
            {
                ++layouts;
                CoverableListView::doItemsLayout();
            }
            int layouts = 0;
        };
        QStringList names;
        for (int i = 0; i < 1000; ++i)
            names.append(u"Group %1"_s.arg(i));
        QStringListModel model(names);
        CountingView view;
        view.setUniformItemSizes(true);
        view.setModel(&model);
        view.resize(300, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(QTest::qWaitFor([&] { return view.layouts > 0; }));
        QTest::qWait(20);
        view.layouts = 0;
        QVERIFY(model.setData(model.index(3), u"Renamed"_s));
        QTest::qWait(20);
        QCOMPARE(view.layouts, 0); // a star, a name, a count: the rows stay where they are
        QCOMPARE(view.visualRect(model.index(3)).top(), 3 * view.sizeHintForRow(0));
        Q_EMIT model.dataChanged(model.index(0), model.index(999)); // every count, at once
        QTest::qWait(20);
        QCOMPARE(view.layouts, 0);
        QVERIFY(model.insertRows(0, 1)); // a row added moves the others: laid out again
        QVERIFY(QTest::qWaitFor([&] { return view.layouts == 1; }));
    }

    void paintsALargeListReplacedOrReorderedInTheTurnAfter()
    {
        // The view's paints, and whether the list was laid out when each came.
        class PaintCountingView : public CoverableListView
        {
        public:
            using CoverableListView::CoverableListView;
            int paints = 0;

        protected:
            void paintEvent(QPaintEvent *event) override
            {
                ++paints;
                CoverableListView::paintEvent(event);
            }
        };
        QStringList names;
        for (int i = 0; i < 60000; ++i)
            names.append(u"Group %1"_s.arg(i, 5, 10, QLatin1Char('0')));
        QStringListModel model;
        QWidget window;
        auto *view = new PaintCountingView(&window);
        view->setUniformItemSizes(true);
        view->setModel(&model);
        window.resize(300, 200);
        view->resize(300, 200);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Replaced: the window paints nothing in the turn of the change, all of it in the next
        // (a queued call still runs in the turn of the change: held then too).
        bool heldInTheTurn = false;
        model.setStringList(names);
        QMetaObject::invokeMethod(
            &window, [&] { heldInTheTurn = !window.updatesEnabled(); }, Qt::QueuedConnection);
        QVERIFY(!window.updatesEnabled());
        const int paintsBefore = view->paints;
        QTRY_VERIFY(window.updatesEnabled());
        QVERIFY(heldInTheTurn);
        QTRY_VERIFY(view->paints > paintsBefore);
        QCOMPARE(view->indexAt(QPoint(1, 1)).data().toString(), u"Group 00000"_s);

        // Reordered: its rows are painted in the next turn, the rest of the window as ever.
        model.sort(0, Qt::DescendingOrder);
        QVERIFY(!view->viewport()->updatesEnabled());
        QVERIFY(window.updatesEnabled());
        QTRY_VERIFY(view->viewport()->updatesEnabled());
        QCOMPARE(view->indexAt(QPoint(1, 1)).data().toString(), u"Group 59999"_s);
        // A row moved, the same.
        QVERIFY(model.moveRows({}, 0, 1, {}, 3));
        QVERIFY(!view->viewport()->updatesEnabled());
        QTRY_VERIFY(view->viewport()->updatesEnabled());
        QCOMPARE(view->indexAt(QPoint(1, 1)).data().toString(), u"Group 59998"_s);

        // A list of fewer rows is painted in the turn it changes.
        model.setStringList(names.mid(0, 20000));
        QVERIFY(window.updatesEnabled());
        model.sort(0);
        QVERIFY(view->viewport()->updatesEnabled());
    }

    void opensARememberedConnectionOfflineFromItsCachedList_data()
    {
        QTest::addColumn<bool>("refreshFailsLast");
        QTest::newRow("the refresh fails") << false;
        // Found out of reach by its other requests, then the refresh fails: offline all the same.
        QTest::newRow("the refresh fails after the others") << true;
    }
    void opensARememberedConnectionOfflineFromItsCachedList()
    {
        QFETCH(bool, refreshFailsLast);
        QTemporaryDir cacheDir;
        auto cache = std::make_shared<GroupCache>(cacheDir.path());
        m_window->setCache(cache);
        const SavedConnection savedA{m_server->baseUrl(), accountA};
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo(connection(), true);
        QVERIFY(loaded.wait());
        QVERIFY(QTest::qWaitFor([&] { return cache->load(savedA.key()).has_value(); }));
        SandboxStore otherStore;
        populate(otherStore);
        SandboxServer otherServer(&otherStore);
        QVERIFY(otherServer.listenOnLoopback());
        m_window->connectTo({otherServer.baseUrl(), accountB, tokenB}, true);
        QVERIFY(loaded.wait());
        // The first connection's server closes every connection unanswered (gone, its port
        // could be another test's server by the time the list is refreshed); the refresh's
        // listing late, when it is to fail last.
        if (refreshFailsLast) {
            SandboxFaults::Fault late;
            late.kind = SandboxFaults::Kind::Drop;
            late.delayMs = 700;
            m_server->faults().add(late, -1, u"^GET /kpis/groups"_s);
        }
        QString problem;
        QVERIFY(m_server->faults().addFromSpec(u"kind=drop,count=-1"_s, &problem));
        m_window->connectToSaved(savedA);
        QVERIFY(QTest::qWaitFor([&] { return m_window->groupModel()->rowCount() == 6; }));
        if (refreshFailsLast) {
            QVERIFY(QTest::qWaitFor([&] { return m_window->session()->isOffline(); }, 10000));
            QVERIFY(m_window->session()->isLoading()); // the refresh has not failed yet
            QVERIFY(QTest::qWaitFor([&] { return !m_window->session()->isLoading(); }, 20000));
            QTest::qWait(50);
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return find<QLabel>(u"statusText"_s)->text().startsWith(u"Offline"_s); }, 10000));
        QVERIFY(m_window->session()->isOffline());
    }

    void showsTheCachedListBehindTheQuestionForATokenNeverSaved()
    {
        QTemporaryDir cacheDir;
        auto cache = std::make_shared<GroupCache>(cacheDir.path());
        const SavedConnection saved{m_server->baseUrl(), accountA};
        QList<KpiGroup> cached;
        for (int n = 1; n <= 3; ++n)
            cached.append({groupId(n), accountA, u"Cached %1"_s.arg(n), userA1, userA1,
                           QDateTime(QDate(2024, 1, n), QTime(9, 0), Qt::UTC),
                           QDateTime(QDate(2024, 2, n), QTime(9, 0), Qt::UTC), false});
        QVERIFY(cache->save(saved.key(), cached, QDateTime::currentDateTimeUtc().addSecs(-300)));
        ConnectionSettings().save(saved);
        ConnectionSettings().setTokenInKeychain(saved, false); // its write failed last time
        UnavailableTokenStore keychain;
        MainWindow window(&keychain);
        window.setCache(cache);
        window.show();
        window.connectToLastOrAsk();
        QDialog *dialog = nullptr;
        QVERIFY(QTest::qWaitFor([&] {
            dialog = window.findChild<QDialog *>(u"connectDialog"_s);
            return dialog && dialog->isVisible();
        }));
        QVERIFY(QTest::qWaitFor([&] { return window.groupModel()->rowCount() == 3; }));
        const QString reason = dialog->findChild<QLabel *>(u"connectReason"_s)->text();
        QVERIFY2(reason.startsWith(u"The token for 127.0.0.1 · aaaa…aaaa was never saved"_s),
                 qPrintable(reason));
        QCOMPARE(m_server->requestCount(), 0); // nothing asked without a token
        // What the person types goes into the token, not into the data centre.
        QVERIFY(QTest::qWaitFor([&] {
            return QApplication::focusWidget() &&
                   QApplication::focusWidget()->objectName() == u"tokenEdit"_s;
        }));
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
        NewGroupDialog *dialog = nullptr;
        QVERIFY(
            QTest::qWaitFor([&] { return (dialog = find<NewGroupDialog>(u"newGroupDialog"_s)); }));
        dialog->setName(u"Customer Love"_s);
        QTest::keyClick(dialog->findChild<QLineEdit *>(u"newGroupName"_s), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return nameEdit()->text() == u"Customer Love"_s; }));
        QCOMPARE(list()->model()->rowCount(), 7);
        const QString id = m_window->currentGroupId();
        QVERIFY(m_store->group(account(), id));
        QCOMPARE(m_store->group(account(), id)->name, u"Customer Love"_s);
    }

    // The server makes the group and the answer is lost: the window shows it once, found again.
    void showsALostNewGroupOnce()
    {
        openConnected();
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_server->faults().add(lost, 1, u"^POST "_s);
        press(m_window.get(), QKeySequence::New);
        NewGroupDialog *dialog = nullptr;
        QVERIFY(
            QTest::qWaitFor([&] { return (dialog = find<NewGroupDialog>(u"newGroupDialog"_s)); }));
        dialog->setName(u"Made once"_s);
        QTest::keyClick(dialog->findChild<QLineEdit *>(u"newGroupName"_s), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return nameEdit()->text() == u"Made once"_s; }));
        QCOMPARE(list()->model()->rowCount(), 7);
        QCOMPARE(account().groups.size(), 7);
        QCOMPARE(m_store->group(account(), m_window->currentGroupId())->name, u"Made once"_s);
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
        QSignalSpy failed(m_window->session()->actions(), &GroupActions::renameRefused);
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
        QVERIFY(QTest::qWaitFor([&] { return !m_store->group(account(), groupId(3)); }));
        QVERIFY(QTest::qWaitFor([&] { return bannerText().contains(u"Deleted “Marketing”"_s); }));
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

        m_server->faults().failNext(403, -1, u"^DELETE .*/favorite$"_s);
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
        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::loadingFinished);
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

    void actsOnlyOnVisibleGroups()
    {
        openConnected();
        m_window->selectGroup(groupId(1)); // Sales EMEA
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        search->setFocus();
        QTest::keyClicks(search, u"market"_s);
        QCOMPARE(shownIds(), QStringList{groupId(3)});
        // The pane follows the list to a group in view, and the list highlights it.
        QTRY_COMPARE(m_window->detailPane()->groupId(), groupId(3));
        QCOMPARE(m_window->currentGroupId(), groupId(3));
        QTest::keyClick(search, Qt::Key_Tab); // past the favorites and sort buttons
        list()->setFocus(Qt::TabFocusReason);
        press(m_window.get(), QKeySequence(Qt::Key_F2));
        QTest::keyClicks(nameEdit(), u"Market Brand"_s);
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        QTRY_COMPARE(m_store->group(account(), groupId(3))->name, u"Market Brand"_s);
        QCOMPARE(m_store->group(account(), groupId(1))->name, u"Sales EMEA"_s);

        // Nothing in view: nothing to act on.
        search->clear();
        QTest::keyClicks(search, u"nothing like it"_s);
        QTRY_COMPARE(m_window->detailPane()->groupId(), QString());
        QVERIFY(!action(u"actionRename"_s)->isEnabled());
        QVERIFY(!action(u"actionFavorite"_s)->isEnabled());
        QVERIFY(!action(u"actionDelete"_s)->isEnabled());

        // Tabbing into the list shows a current row.
        search->clear();
        list()->clearFocus();
        list()->setFocus(Qt::TabFocusReason);
        QCOMPARE(m_window->currentGroupId(), groupId(6));
        QCOMPARE(m_window->detailPane()->groupId(), groupId(6));
    }

    // Servers that page otherwise: the whole list, or a list that says it is not whole.
    void showsEveryGroupOfAServerThatCapsItsPages()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {5, 137, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        SandboxServer::Paging cap;
        cap.silentCap = 50;
        server.setPaging(cap);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                             QString(SandboxGenerator::demoToken)},
                            false);
        QVERIFY(loaded.wait());
        QTRY_COMPARE(m_window->groupModel()->rowCount(), 137);
        QTRY_COMPARE(find<QLabel>(u"countLabel"_s)->text(), u"137 groups"_s);
        QSet<QString> shown, stored;
        for (const KpiGroup &group : m_window->groupModel()->groups())
            shown.insert(group.id);
        for (const SandboxGroup &group : store.account(SandboxGenerator::demoAccountId)->groups)
            stored.insert(group.id);
        QCOMPARE(shown, stored);
    }

    // A count lower than the truth: every group is shown, none taken for deleted.
    void showsEveryGroupWhenTheCountIsTooLow()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {5, 3000, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        SandboxServer::Paging lying;
        lying.totalCount = "999";
        server.setPaging(lying);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                             QString(SandboxGenerator::demoToken)},
                            false);
        QVERIFY(loaded.wait());
        QTRY_COMPARE(m_window->groupModel()->rowCount(), 3000);
        QTRY_COMPARE(find<QLabel>(u"countLabel"_s)->text(), u"3,000 groups"_s);

        // A refresh of a list on screen does not take the groups past the count for deleted.
        QSignalSpy refreshed(m_window->session(), &Session::loadingFinished);
        press(m_window.get(), QKeySequence(Qt::Key_F5));
        QVERIFY(refreshed.wait());
        QTest::qWait(100);
        QCOMPARE(m_window->groupModel()->rowCount(), 3000);
    }

    void neverShowsAPartOfTheListAsWhole()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {5, 40, 0, 3});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        SandboxServer::Paging lying;
        lying.totalCount = "5000";
        server.setPaging(lying);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                             QString(SandboxGenerator::demoToken)},
                            false);
        QVERIFY(loaded.wait());
        QTRY_COMPARE(find<QLabel>(u"statusText"_s)->text(),
                     u"Showing 40 of 5,000 groups: the rest could not be loaded."_s);
        QCOMPARE(find<QLabel>(u"countLabel"_s)->text(),
                 u"40 groups — incomplete: the server has 5,000"_s);
        QVERIFY(bannerText().startsWith(u"Showing 40 of 5,000 groups: the rest could not be "
                                        "loaded. The server said it had 5,000, and sent 40."_s));
        QCOMPARE(m_window->groupModel()->rowCount(), 40);
    }

    void renamesAGroupOutOfTheSearch()
    {
        openConnected();
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        QTest::keyClicks(search, u"market"_s);
        QTRY_COMPARE(m_window->detailPane()->groupId(), groupId(3));
        list()->setFocus(Qt::TabFocusReason);
        press(m_window.get(), QKeySequence(Qt::Key_F2));
        QTest::keyClicks(nameEdit(), u"Brand"_s);
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        // The group leaves the search, and its new name reaches the server.
        QTRY_COMPARE(m_store->group(account(), groupId(3))->name, u"Brand"_s);
        QTRY_VERIFY(!m_window->session()->actions()->isRenaming(groupId(3)));
        QCOMPARE(shownIds(), QStringList());
    }

    void keepsARefusedNewNameInTheDialog()
    {
        openConnected();
        press(m_window.get(), QKeySequence::New);
        NewGroupDialog *dialog = nullptr;
        QVERIFY(
            QTest::qWaitFor([&] { return (dialog = find<NewGroupDialog>(u"newGroupDialog"_s)); }));
        auto *name = dialog->findChild<QLineEdit *>(u"newGroupName"_s);
        auto *problem = dialog->findChild<QLabel *>(u"newGroupProblem"_s);
        const int sent = m_server->requestCount();
        QTest::keyClicks(name, u"   "_s);
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(dialog->isVisible());
        QCOMPARE(problem->text(), u"A KPI group needs a name."_s);
        QVERIFY(problem->isVisible());
        QCOMPARE(name->text(), u"   "_s);
        const QString tooLong(256, u'x');
        name->setText(tooLong);
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(dialog->isVisible());
        QCOMPARE(name->text(), tooLong);
        QVERIFY(problem->text().contains(u"255"_s));
        QCOMPARE(m_server->requestCount(), sent);
        QCOMPARE(bannerText(), QString());
        // Big enough for its title.
        QVERIFY(dialog->width() >=
                dialog->fontMetrics().horizontalAdvance(dialog->windowTitle()) + 150);
        dialog->reject();
    }

    void saysLoadingWhileTheFirstPageIsOnItsWay()
    {
        m_server->faults().setLatency(400);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo(connection(), false);
        auto *placeholder = find<QLabel>(u"listPlaceholder"_s);
        QVERIFY(placeholder->isVisible());
        QCOMPARE(placeholder->text(), u"Loading…"_s);
        QCOMPARE(placeholder->alignment(), Qt::AlignCenter);
        QCOMPARE(placeholder->geometry(), list()->viewport()->rect().adjusted(16, 16, -16, -16));
        QVERIFY(loaded.wait());
        QVERIFY(!placeholder->isVisible());
    }

    void searchesForEveryWord()
    {
        openConnected();
        auto *search = find<QLineEdit>(u"searchEdit"_s);
        search->setFocus();
        QTest::keyClicks(search, u"sales emea"_s);
        QCOMPARE(shownIds(), QStringList{groupId(1)});
        search->clear();
        QTest::keyClicks(search, u"EA sal"_s); // any order, anywhere
        QCOMPARE(shownIds(), QStringList{groupId(1)});
        search->clear();
        QTest::keyClicks(search, u"a e"_s); // not Engineering (no a) nor Zürich Office
        QCOMPARE(shownIds(), (QStringList{groupId(6), groupId(3), groupId(2), groupId(1)}));
        // Down goes into the results; Esc clears the search.
        QTest::keyClick(search, Qt::Key_Down);
        QVERIFY(list()->hasFocus());
        QCOMPARE(m_window->currentGroupId(), groupId(6));
        search->setFocus();
        QTest::keyClick(search, Qt::Key_Escape);
        QCOMPARE(search->text(), QString());
        QCOMPARE(list()->model()->rowCount(), 6);
        QTest::keyClicks(search, u"zur"_s);
        QTest::keyClick(search, Qt::Key_Return);
        QVERIFY(list()->hasFocus());
        QTRY_COMPARE(m_window->currentGroupId(), groupId(4));
    }

    void marksTheWordsSearchedFor()
    {
        using Ranges = QList<std::pair<int, int>>;
        QCOMPARE(GroupItemDelegate::matches(u"Pipeline · Review 2024"_s, u"pipeline 2024"_s),
                 (Ranges{{0, 8}, {18, 4}}));
        QCOMPARE(GroupItemDelegate::matches(u"Ärzte Team"_s, u"arzte"_s), (Ranges{{0, 5}}));
        QCOMPARE(GroupItemDelegate::matches(u"Sales EMEA"_s, u"x"_s), Ranges());
    }

    void theFavoritesOnlyButtonStaysAStar()
    {
        openConnected();
        auto *button = find<QToolButton>(u"favoritesOnlyButton"_s);
        const QImage outline = QIcon(u":/icons/star-outline.svg"_s).pixmap(QSize(16, 16)).toImage();
        const QImage filled = QIcon(u":/icons/star-filled.svg"_s).pixmap(QSize(16, 16)).toImage();
        const auto shown = [button] {
            return button->icon()
                .pixmap(QSize(16, 16), QIcon::Normal, button->isChecked() ? QIcon::On : QIcon::Off)
                .toImage();
        };
        QCOMPARE(shown(), outline);
        press(m_window.get(), QKeySequence(u"Ctrl+Shift+F"_s));
        QVERIFY(button->isChecked());
        QCOMPARE(shown(), filled);
        QCOMPARE(button->toolButtonStyle(), Qt::ToolButtonIconOnly);
        press(m_window.get(), QKeySequence(u"Ctrl+Shift+F"_s));
        QCOMPARE(shown(), outline);
        QCOMPARE(button->toolButtonStyle(), Qt::ToolButtonIconOnly);
        QVERIFY(button->width() < 40);
    }

    void fitsTheScreenAndKeepsTheListUsable()
    {
        // A first window fits its screen (offscreen: 800 × 600).
        const QRect available = m_window->screen()->availableGeometry();
        QVERIFY2(available.contains(m_window->frameGeometry()),
                 qPrintable(u"%1 × %2"_s.arg(m_window->width()).arg(m_window->height())));
        // At its smallest the list stays wide enough to read.
        m_window->resize(m_window->minimumSizeHint());
        QTest::qWait(20);
        QVERIFY(list()->width() >= 240);
    }

    void fitsAScreenOf640By400()
    {
        // A 1280 × 800 screen at QT_SCALE_FACTOR=2, demo mark and all.
        m_window->setDemoStarter([this] { return std::optional<Connection>(connection()); });
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->startDemo();
        QVERIFY(loaded.wait());
        m_window->selectGroup(groupId(1));
        QTest::qWait(50);
        const QSize smallest = m_window->minimumSizeHint();
        QVERIFY2(smallest.width() <= 600 && smallest.height() <= 360,
                 qPrintable(u"%1 × %2"_s.arg(smallest.width()).arg(smallest.height())));

        const QRect small(20, 10, 640, 400);
        m_window->fitInto(small);
        QVERIFY2(small.contains(m_window->geometry()),
                 qPrintable(u"%1 × %2 at %3, %4"_s.arg(m_window->width())
                                .arg(m_window->height())
                                .arg(m_window->x())
                                .arg(m_window->y())));
        QVERIFY(m_window->minimumWidth() <= 640 && m_window->minimumHeight() <= 400);
        // Squeezed, the long labels elide and say the rest in a tooltip.
        auto *mark = find<QLabel>(u"demoMark"_s);
        QCOMPARE(mark->text(), u"Demo: sample data, nothing leaves this computer"_s);
        QVERIFY(mark->minimumSizeHint().width() < 120);
    }

    void namesThatDifferAtTheEndStayApart()
    {
        const QFontMetrics metrics(QApplication::font());
        const QString a = u"Customer Success · Onboarding Health Review #5571"_s;
        const QString b = u"Customer Success · Onboarding Health Review #5572"_s;
        const int width = metrics.horizontalAdvance(a) / 2;
        QVERIFY(GroupItemDelegate::elidedName(a, metrics, width).endsWith(u"#5571"_s));
        QVERIFY(GroupItemDelegate::elidedName(a, metrics, width) !=
                GroupItemDelegate::elidedName(b, metrics, width));
    }

    // A message floats over the bottom of the window: the lists' last rows can still be
    // scrolled above it, and a drop zone that appears under it sends it to the top.
    void aMessageCoversNeitherTheLastRowsNorTheDropZone()
    {
        openConnected();
        auto *banner = find<MessageBanner>(u"messageBanner"_s);
        auto *groups = qobject_cast<CoverableListView *>(list());
        QVERIFY(groups);
        QCOMPARE(groups->coveredHeight(), 0);
        banner->showInfo(u"Starred “Sales EMEA”."_s);
        QWidget *host = banner->parentWidget();
        const QRect listArea(groups->mapTo(host, QPoint(0, 0)), groups->size());
        QVERIFY(listArea.intersects(banner->geometry())); // over the list's bottom
        QCOMPARE(groups->coveredHeight(), listArea.bottom() - banner->geometry().top() + 1);
        groups->scrollToBottom();
        const QModelIndex last = groups->model()->index(groups->model()->rowCount() - 1, 0);
        const QRect lastRow(groups->viewport()->mapTo(host, groups->visualRect(last).topLeft()),
                            groups->visualRect(last).size());
        QVERIFY2(lastRow.bottom() < banner->geometry().top(),
                 qPrintable(u"%1 %2"_s.arg(lastRow.bottom()).arg(banner->geometry().top())));
        banner->dismiss();
        QCOMPARE(groups->coveredHeight(), 0);

        auto *zone = find<KpiRemoveZone>(u"kpiRemoveZone"_s);
        QVERIFY(zone);
        // Three lines of it: taller than the gap below the zone.
        banner->showInfo(u"Removed “Win rate” from “Sales EMEA”.\nIt is still in 2 other "
                         "groups.\nUndo puts it back."_s);
        const QRect atTheBottom = banner->geometry();
        zone->show();
        QTRY_VERIFY(zone->isVisible());
        const QRect zoneArea(zone->mapTo(host, QPoint(0, 0)), zone->size());
        QVERIFY2(atTheBottom.intersects(zoneArea), "the case to show");
        QVERIFY(!banner->geometry().intersects(zoneArea));
        QVERIFY(banner->geometry().top() < zoneArea.top());
        zone->hide();
        QCOMPARE(banner->geometry(), atTheBottom);
    }

    void bannersReadOnDarkPalettes()
    {
        openConnected();
        m_window->setPalette(darkPalette());
        auto *banner = find<MessageBanner>(u"messageBanner"_s);
        banner->showError(u"Could not star “Sales EMEA”."_s);
        QTest::qWait(20);
        const QImage picture = banner->grab().toImage();
        const QColor background = picture.pixelColor(4, picture.height() / 2);
        QVERIFY2(background.lightness() < 100, qPrintable(background.name()));
        const QColor text = find<QLabel>(u"messageText"_s)->palette().color(QPalette::WindowText);
        QVERIFY(contrast(text, background) >= 4.5);
        const QColor close =
            find<QToolButton>(u"messageClose"_s)->palette().color(QPalette::ButtonText);
        QVERIFY(contrast(close, background) >= 4.5);
        // The error red of a refused name reads on the dark window.
        const QColor red = find<QLabel>(u"nameProblem"_s)->palette().color(QPalette::WindowText);
        QVERIFY(contrast(red, darkPalette().color(QPalette::Window)) >= 4.5);
        m_window->setPalette(QPalette());
        QVERIFY(contrast(find<QLabel>(u"nameProblem"_s)->palette().color(QPalette::WindowText),
                         QPalette().color(QPalette::Window)) >= 4.5);
    }

    // A high-contrast palette (white on black, yellow selection): what the window draws keeps
    // the palette's contrast, nothing of its own colours gets in the way.
    void staysReadableWithAHighContrastPalette()
    {
        openConnected();
        QPalette high;
        high.setColor(QPalette::Window, Qt::black);
        high.setColor(QPalette::WindowText, Qt::white);
        high.setColor(QPalette::Base, Qt::black);
        high.setColor(QPalette::Text, Qt::white);
        high.setColor(QPalette::Button, Qt::black);
        high.setColor(QPalette::ButtonText, Qt::white);
        high.setColor(QPalette::Highlight, Qt::yellow);
        high.setColor(QPalette::HighlightedText, Qt::black);
        m_window->setPalette(high);
        auto *banner = find<MessageBanner>(u"messageBanner"_s);
        banner->showError(u"Could not star “Sales EMEA”."_s);
        QTest::qWait(20);
        const QImage picture = banner->grab().toImage();
        const QColor background = picture.pixelColor(4, picture.height() / 2);
        QVERIFY(contrast(find<QLabel>(u"messageText"_s)->palette().color(QPalette::WindowText),
                         background) >= 7);
        QVERIFY(
            contrast(find<QToolButton>(u"messageClose"_s)->palette().color(QPalette::ButtonText),
                     background) >= 4.5);
        QVERIFY(contrast(find<QLabel>(u"nameProblem"_s)->palette().color(QPalette::WindowText),
                         Qt::black) >= 4.5);
        // The current row of the list: its text as painted, on the selection.
        m_window->selectGroup(groupId(1));
        const QRect row = list()->visualRect(list()->currentIndex());
        const QImage rows = list()->viewport()->grab(row).toImage();
        int darkOnYellow = 0;
        for (int x = 0; x < rows.width(); ++x) {
            const QColor pixel = rows.pixelColor(x, rows.height() / 2);
            darkOnYellow += pixel.lightness() < 60;
        }
        QVERIFY2(darkOnYellow > 0, "no text drawn in the selection's colour");
        QCOMPARE(rows.pixelColor(rows.width() - 2, 1).rgb(), QColor(Qt::yellow).rgb());
    }

    void bannersDoNotMoveTheLayout()
    {
        openConnected();
        const QRect before = find<QSplitter>(u"splitter"_s)->geometry();
        const QRect listBefore = list()->geometry();
        find<MessageBanner>(u"messageBanner"_s)->showError(u"Something went wrong."_s);
        QTest::qWait(20);
        QCOMPARE(find<QSplitter>(u"splitter"_s)->geometry(), before);
        QCOMPARE(list()->geometry(), listBefore);
    }

    void aSuccessfulRefreshTakesTheErrorAway()
    {
        openConnected();
        m_server->faults().failNext(500, -1, u"^GET /kpis/groups$"_s);
        press(m_window.get(), QKeySequence(Qt::Key_F5));
        QVERIFY(QTest::qWaitFor([&] { return !bannerText().isEmpty(); }, 10000));
        m_server->faults().clear();
        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::loadingFinished);
        press(m_window.get(), QKeySequence(Qt::Key_F5));
        QVERIFY(refreshed.wait());
        QCOMPARE(bannerText(), QString());
    }

    void menusReadConsistently()
    {
        QCOMPARE(action(u"actionNewGroup"_s)->text(), u"&New Group…"_s);
        QCOMPARE(action(u"actionDelete"_s)->text(), u"&Delete Group…"_s);
        QCOMPARE(find<QPushButton>(u"deleteGroup"_s)->text(), u"&Delete Group…"_s);
        QCOMPARE(action(u"actionShortcuts"_s)->text(), u"&Keyboard Shortcuts"_s);
        QCOMPARE(action(u"actionAboutQt"_s)->text(), u"About &Qt"_s);
        QCOMPARE(action(u"actionRename"_s)->text(), u"Rena&me"_s);
        QCOMPARE(action(u"actionRedo"_s)->text(), u"&Redo"_s);
        action(u"actionShortcuts"_s)->trigger();
        auto *shortcuts = find<QDialog>(u"shortcutsDialog"_s);
        QVERIFY(shortcuts);
        QCOMPARE(shortcuts->windowTitle(), u"Keyboard Shortcuts"_s);
        const QList<QLabel *> whats = shortcuts->findChildren<QLabel *>(u"shortcutAction"_s);
        const QList<QLabel *> keys = shortcuts->findChildren<QLabel *>(u"shortcutKeys"_s);
        QCOMPARE(whats.size(), keys.size());
        QCOMPARE(whats.at(1)->text(), u"Refresh"_s);
        QCOMPARE(keys.at(1)->text(), u"F5 or Ctrl+R"_s);
        QCOMPARE(whats.at(2)->text(), u"Reload All Groups"_s);
        QCOMPARE(keys.at(2)->text(), u"Shift+F5"_s);
        shortcuts->close();
    }

    void copyingTheIdSaysSo()
    {
        openConnected();
        m_window->selectGroup(groupId(5));
        press(m_window.get(), QKeySequence(u"Ctrl+Shift+C"_s));
        QCOMPARE(QApplication::clipboard()->text(), groupId(5));
        QCOMPARE(m_window->statusBar()->currentMessage(), u"Copied the id of “Engineering”."_s);
    }

    void sortsEitherWay()
    {
        openConnected();
        action(u"actionSortReversed"_s)->trigger();
        QCOMPARE(shownIds(), (QStringList{groupId(4), groupId(1), groupId(2), groupId(3),
                                          groupId(5), groupId(6)}));
        action(u"actionSortCreated"_s)->trigger();
        QCOMPARE(shownIds(), (QStringList{groupId(1), groupId(2), groupId(3), groupId(4),
                                          groupId(5), groupId(6)}));
        action(u"actionSortReversed"_s)->trigger();
        QCOMPARE(shownIds(), (QStringList{groupId(6), groupId(5), groupId(4), groupId(3),
                                          groupId(2), groupId(1)}));
    }

    void sortedByCreationEachRowSaysWhenItWasMade()
    {
        openConnected();
        const auto rowTexts = [this](int row) {
            TextRecorder recorder;
            QPainter painter(&recorder);
            QStyleOptionViewItem option;
            option.initFrom(list()->viewport());
            option.rect = list()->visualRect(list()->model()->index(row, 0));
            list()->itemDelegate()->paint(&painter, option, list()->model()->index(row, 0));
            return recorder.texts;
        };
        const auto when = [](qint64 msecs) {
            return RelativeTime::format(QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC),
                                        QDateTime::currentDateTimeUtc());
        };
        // By name, rows say when they last changed: group 6, "Ärzte Team", on 5 February.
        QCOMPARE(shownIds().constFirst(), groupId(6));
        QVERIFY2(rowTexts(0).contains(when(date(2, 5))), qPrintable(rowTexts(0).join(u'|')));
        QTest::keySequence(list(), QKeySequence(u"Ctrl+3"_s));
        QVERIFY(action(u"actionSortCreated"_s)->isChecked());
        QCOMPARE(shownIds(), (QStringList{groupId(6), groupId(5), groupId(4), groupId(3),
                                          groupId(2), groupId(1)})); // the newest first
        for (int row = 0; row < 6; ++row) {
            // Group n was made on n January and last changed on 10 - (n - 1) February.
            const int n = 6 - row;
            const QStringList texts = rowTexts(row);
            QVERIFY2(texts.contains(when(date(1, n))), qPrintable(texts.join(u'|')));
            QVERIFY2(!texts.contains(when(date(2, 11 - n))), qPrintable(texts.join(u'|')));
        }
        // Back by name, back to the last change.
        QTest::keySequence(list(), QKeySequence(u"Ctrl+1"_s));
        QVERIFY(rowTexts(0).contains(when(date(2, 5))));
    }

    void showsPeopleByName()
    {
        openConnected();
        QLabel *created = find<QLabel>(u"createdLabel"_s);
        QLabel *updated = find<QLabel>(u"updatedLabel"_s);
        m_window->selectGroup(groupId(1)); // made and last changed by A1
        QVERIFY2(QTest::qWaitFor([&] { return created->text().endsWith(u", by Ana Souza"_s); }),
                 qPrintable(created->text()));
        QVERIFY(updated->text().endsWith(u", by Ana Souza"_s));
        m_window->selectGroup(groupId(2)); // made by A1, last changed by A2
        QVERIFY2(
            QTest::qWaitFor([&] { return updated->text().endsWith(u", by Björn Lindqvist"_s); }),
            qPrintable(updated->text()));
        QVERIFY(created->text().endsWith(u", by Ana Souza"_s));

        // The KPIs of group 1: Churn (A2), Leads (A2), Revenue (A1), as their rows paint them.
        m_window->selectGroup(groupId(1));
        QListView *kpis = find<QListView>(u"kpiList"_s);
        QVERIFY(QTest::qWaitFor([&] { return kpis->model()->rowCount() == 3; }));
        const auto rowTexts = [kpis](int row) {
            TextRecorder recorder;
            QPainter painter(&recorder);
            QStyleOptionViewItem option;
            option.initFrom(kpis->viewport());
            option.rect = kpis->visualRect(kpis->model()->index(row, 0));
            kpis->itemDelegate()->paint(&painter, option, kpis->model()->index(row, 0));
            return recorder.texts.join(u'|');
        };
        QVERIFY2(QTest::qWaitFor([&] {
                     return rowTexts(0) == u"Churn|Owner Björn Lindqvist · in no other group"_s;
                 }),
                 qPrintable(rowTexts(0)));
        QCOMPARE(rowTexts(2), u"Revenue|Owner Ana Souza · also in 1 other group"_s);
    }

    void showsShortIdsWhenPeopleCannotBeListed()
    {
        QString problem;
        QVERIFY(
            m_server->faults().addFromSpec(u"status=403,count=-1,route=^GET /users$"_s, &problem));
        openConnected();
        QLabel *updated = find<QLabel>(u"updatedLabel"_s);
        m_window->selectGroup(groupId(2));
        QVERIFY(QTest::qWaitFor([&] { return m_window->session()->userNames()->isRefused(); }));
        QVERIFY2(updated->text().endsWith(u", by a2a2…a2a2"_s), qPrintable(updated->text()));
        QTest::qWait(50);
        QVERIFY(!find<MessageBanner>(u"messageBanner"_s)->isVisible());
    }

    void aRenamedGroupStaysInView()
    {
        SandboxStore big;
        SandboxGenerator::populate(big, {5, 300, 0, 3});
        SandboxServer server(&big);
        QVERIFY(server.listenOnLoopback());
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({server.baseUrl(), QString(SandboxGenerator::demoAccountId),
                             QString(SandboxGenerator::demoToken)},
                            false);
        QVERIFY(loaded.wait());
        QTRY_COMPARE(m_window->groupModel()->rowCount(), 300);
        list()->setCurrentIndex(list()->model()->index(0, 0));
        const QString renamed = m_window->currentGroupId();
        nameEdit()->selectAll();
        QTest::keyClicks(nameEdit(), u"zzzz last of all"_s);
        QTest::keyClick(nameEdit(), Qt::Key_Return);
        QTRY_VERIFY(list()->currentIndex().row() > 250);
        QCOMPARE(m_window->currentGroupId(), renamed);
        QTRY_VERIFY(
            list()->viewport()->rect().intersects(list()->visualRect(list()->currentIndex())));
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

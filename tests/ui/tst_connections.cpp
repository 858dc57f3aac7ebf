// Saved connections as a person sees them: their names in the window's title and in File →
// Switch Connection, the Connect dialog, and the list shown again where it was left at the next
// start.
#include "connectdialog.h"
#include "connectionnamedialog.h"
#include "groupactions.h"
#include "groupcache.h"
#include "grouplistmodel.h"
#include "mainwindow.h"
#include "sandboxgenerator.h"
#include "session.h"
#include "windowtests.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

using namespace Qt::StringLiterals;
using namespace Fixture;

class TestConnections : public WindowTestCase
{
    Q_OBJECT

    Connection connection() const { return {m_server->baseUrl(), accountA, tokenA1}; }
    SavedConnection savedA() const { return {m_server->baseUrl(), accountA}; }
    QListView *list() const { return find<QListView>(u"groupList"_s); }
    QAction *action(const QString &name) const { return find<QAction>(name); }
    // File → Switch Connection, as its entries read; "*" marks the one checked.
    QStringList connectionsMenu() const
    {
        QStringList entries;
        for (const QAction *entry : find<QMenu>(u"connectionsMenu"_s)->actions())
            entries.append((entry->isChecked() ? u"* "_s : QString()) + entry->text());
        return entries;
    }
    // Loaded whole, and what the list does as it arrives done: a person's turn.
    bool connectAndLoad(const Connection &connection, bool remember)
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo(connection, remember);
        if (!loaded.wait() || !QTest::qWaitFor([&] { return !m_window->session()->isLoading(); }))
            return false;
        QTest::qWait(50);
        return true;
    }
    template<typename Dialog>
    Dialog *shown(const QString &name)
    {
        // One closed before may still be there, hidden, until the event loop deletes it.
        Dialog *dialog = nullptr;
        const bool open = QTest::qWaitFor([&] {
            for (Dialog *candidate : m_window->findChildren<Dialog *>(name))
                if (candidate->isVisible())
                    dialog = candidate;
            return dialog != nullptr;
        });
        return open ? dialog : nullptr;
    }
    // Closes the window as a person does, and opens the next start's on the same settings,
    // keychain and cache.
    bool restart(const std::shared_ptr<GroupCache> &cache = {},
                 const std::function<void()> &meanwhile = {})
    {
        m_window->close();
        if (!QTest::qWaitFor([&] { return !m_window->isVisible(); }))
            return false;
        if (meanwhile)
            meanwhile();
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        if (cache)
            m_window->setCache(cache);
        m_window->show();
        if (!QTest::qWaitForWindowExposed(m_window.get()))
            return false;
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectToLastOrAsk();
        return loaded.wait();
    }
    QString idAt(int row) const
    {
        return list()->model()->index(row, 0).data(GroupListModel::IdRole).toString();
    }
    // The first group in view.
    QString topId() const
    {
        return list()->indexAt(QPoint(1, 1)).data(GroupListModel::IdRole).toString();
    }
    bool inView(const QString &groupId) const
    {
        for (int row = 0; row < list()->model()->rowCount(); ++row)
            if (idAt(row) == groupId)
                return list()->viewport()->rect().intersects(
                    list()->visualRect(list()->model()->index(row, 0)));
        return false;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareSettings(u"tst_connections"_s)); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void namesTheConnectionInTheTitleAndTheMenu()
    {
        QVERIFY(connectAndLoad({m_server->baseUrl(), accountB, tokenB}, true));
        QVERIFY(connectAndLoad(connection(), true));
        // Unnamed: its data centre (here the sandbox's host) and a short id.
        QCOMPARE(m_window->windowTitle(), u"127.0.0.1 · aaaa…aaaa"_s);
        QCOMPARE(connectionsMenu(),
                 (QStringList{u"* 127.0.0.1 · aaaa…aaaa"_s, u"127.0.0.1 · bbbb…bbbb"_s}));

        QVERIFY(action(u"actionRenameConnection"_s)->isEnabled());
        action(u"actionRenameConnection"_s)->trigger();
        auto *dialog = shown<ConnectionNameDialog>(u"connectionNameDialog"_s);
        QVERIFY(dialog);
        auto *edit = dialog->findChild<QLineEdit *>(u"renameConnectionEdit"_s);
        QCOMPARE(edit->text(), QString());
        QCOMPARE(edit->placeholderText(), u"127.0.0.1 · aaaa…aaaa"_s);
        QTest::keyClicks(edit, u"  Sales & Ops "_s);
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isVisible(); }));
        QCOMPARE(m_window->windowTitle(), u"Sales & Ops"_s);
        // "&" is shown, not taken for a mnemonic.
        QCOMPARE(connectionsMenu(), (QStringList{u"* Sales && Ops"_s, u"127.0.0.1 · bbbb…bbbb"_s}));
        QCOMPARE(ConnectionSettings().find(savedA())->name, u"Sales & Ops"_s);

        // Switched to from the menu, and back: each with its own name.
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        find<QMenu>(u"connectionsMenu"_s)->actions().at(1)->trigger();
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->windowTitle(), u"127.0.0.1 · bbbb…bbbb"_s);
        QCOMPARE(connectionsMenu(), (QStringList{u"Sales && Ops"_s, u"* 127.0.0.1 · bbbb…bbbb"_s}));
        find<QMenu>(u"connectionsMenu"_s)->actions().at(0)->trigger();
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->windowTitle(), u"Sales & Ops"_s);

        // The next start: the last connection, by its name.
        QVERIFY(restart());
        QCOMPARE(m_window->windowTitle(), u"Sales & Ops"_s);
        QCOMPARE(connectionsMenu(), (QStringList{u"* Sales && Ops"_s, u"127.0.0.1 · bbbb…bbbb"_s}));

        // Renamed to nothing: its default name again.
        action(u"actionRenameConnection"_s)->trigger();
        dialog = shown<ConnectionNameDialog>(u"connectionNameDialog"_s);
        QVERIFY(dialog);
        edit = dialog->findChild<QLineEdit *>(u"renameConnectionEdit"_s);
        QCOMPARE(edit->text(), u"Sales & Ops"_s);
        edit->clear();
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isVisible(); }));
        QCOMPARE(m_window->windowTitle(), u"127.0.0.1 · aaaa…aaaa"_s);
        QCOMPARE(ConnectionSettings().find(savedA())->name, QString());

        // Forgotten: its name goes with it.
        action(u"actionRenameConnection"_s)->trigger();
        dialog = shown<ConnectionNameDialog>(u"connectionNameDialog"_s);
        QVERIFY(dialog);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"renameConnectionEdit"_s), u"Gone"_s);
        QTest::keyClick(dialog->findChild<QLineEdit *>(u"renameConnectionEdit"_s), Qt::Key_Return);
        QCOMPARE(m_window->windowTitle(), u"Gone"_s);
        action(u"actionForget"_s)->trigger();
        QCOMPARE(m_window->windowTitle(), u"127.0.0.1 · aaaa…aaaa"_s);
        QCOMPARE(connectionsMenu(), QStringList{u"127.0.0.1 · bbbb…bbbb"_s});
        QVERIFY(!action(u"actionRenameConnection"_s)->isEnabled());
    }

    void refusesANameThatHidesAndSetsRightToLeftApart()
    {
        QVERIFY(connectAndLoad(connection(), true));
        action(u"actionRenameConnection"_s)->trigger();
        auto *dialog = shown<ConnectionNameDialog>(u"connectionNameDialog"_s);
        QVERIFY(dialog);
        auto *edit = dialog->findChild<QLineEdit *>(u"renameConnectionEdit"_s);
        QCOMPARE(edit->maxLength(), 80);
        edit->setText(u"Prod\u202Eduction"_s); // pasted: it would show "Prodnoitcud"
        QTest::keyClick(edit, Qt::Key_Return);
        auto *problem = dialog->findChild<QLabel *>(u"renameConnectionProblem"_s);
        QVERIFY(problem->isVisible());
        QCOMPARE(problem->text(), u"A connection's name cannot have characters that do not show, "
                                  "such as a line break or one that reverses text (here: "
                                  "\\u202e)."_s);
        QVERIFY(dialog->isVisible());
        QCOMPARE(m_window->windowTitle(), u"127.0.0.1 · aaaa…aaaa"_s);

        edit->setText(u"ייצור"_s);
        QVERIFY(!problem->isVisible());
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isVisible(); }));
        // Set apart, in a title of the application's direction: the app's name Qt adds after it
        // stays where it is.
        QCOMPARE(m_window->windowTitle(), u"\u200e\u2068ייצור\u2069"_s);
        QCOMPARE(connectionsMenu(), QStringList{u"* \u2068ייצור\u2069"_s});
    }

    void renamesOnlyASavedConnection()
    {
        QVERIFY(connectAndLoad(connection(), false)); // for this run
        QVERIFY(!action(u"actionRenameConnection"_s)->isEnabled());
        QCOMPARE(m_window->windowTitle(), u"127.0.0.1 · aaaa…aaaa"_s);
    }

    // Each label has room past its measured text: scaled, text is drawn a little wider than
    // measured, and the last letter was cut ("API-Toker" at 2x).
    void theConnectDialogsLabelsKeepTheirLastLetter()
    {
        m_window->showConnectDialog();
        auto *dialog = shown<ConnectDialog>(u"connectDialog"_s);
        QVERIFY(dialog);
        const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
        int buddied = 0;
        for (QLabel *label : labels) {
            if (!label->buddy())
                continue;
            ++buddied;
            QVERIFY2(label->width() >=
                         label->sizeHint().width() + label->fontMetrics().horizontalAdvance(u' '),
                     qPrintable(label->text()));
        }
        QCOMPARE(buddied, 5);
        dialog->reject();
    }

    void theConnectDialogNamesTheConnection()
    {
        m_window->showConnectDialog();
        auto *dialog = shown<ConnectDialog>(u"connectDialog"_s);
        QVERIFY(dialog);
        auto *region = dialog->findChild<QComboBox *>(u"regionCombo"_s);
        auto *name = dialog->findChild<QLineEdit *>(u"connectionNameEdit"_s);
        QCOMPARE(name->placeholderText(), u"EU"_s);
        dialog->findChild<QLineEdit *>(u"accountEdit"_s)->setText(u"5be26318e5274a0007f17f61"_s);
        QCOMPARE(name->placeholderText(), u"EU · 5be2…7f61"_s);
        region->setCurrentIndex(1);
        QCOMPARE(name->placeholderText(), u"US · 5be2…7f61"_s);
        region->setCurrentIndex(region->count() - 1);
        dialog->findChild<QLineEdit *>(u"baseUrlEdit"_s)->setText(m_server->baseUrl().toString());
        dialog->findChild<QLineEdit *>(u"accountEdit"_s)->setText(accountA);
        QCOMPARE(name->placeholderText(), u"127.0.0.1 · aaaa…aaaa"_s);
        dialog->findChild<QLineEdit *>(u"tokenEdit"_s)->setText(tokenA1);
        QTest::keyClicks(name, u"Sandbox A"_s);
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->windowTitle(), u"Sandbox A"_s);
        QCOMPARE(ConnectionSettings().find(savedA())->name, u"Sandbox A"_s);

        // Shown again for this connection: with its name, which stays with it.
        action(u"actionConnect"_s)->trigger();
        dialog = shown<ConnectDialog>(u"connectDialog"_s);
        QVERIFY(dialog);
        name = dialog->findChild<QLineEdit *>(u"connectionNameEdit"_s);
        auto *account = dialog->findChild<QLineEdit *>(u"accountEdit"_s);
        QCOMPARE(name->text(), u"Sandbox A"_s);
        account->setText(accountB); // another connection: not "Sandbox A" too
        QCOMPARE(name->text(), QString());
        QCOMPARE(name->placeholderText(), u"127.0.0.1 · bbbb…bbbb"_s);
        account->setText(accountA);
        QCOMPARE(name->text(), u"Sandbox A"_s);
        // Renamed here, with the token asked again.
        name->selectAll();
        QTest::keyClicks(name, u"Sandbox"_s);
        dialog->findChild<QLineEdit *>(u"tokenEdit"_s)->setText(tokenA1);
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(loaded.wait());
        QCOMPARE(m_window->windowTitle(), u"Sandbox"_s);
        QCOMPARE(connectionsMenu(), QStringList{u"* Sandbox"_s});
    }

    void theConnectDialogForgetsAnOldProblemOnAnyChange()
    {
        m_window->showConnectDialog();
        auto *dialog = shown<ConnectDialog>(u"connectDialog"_s);
        QVERIFY(dialog);
        auto *problem = dialog->findChild<QLabel *>(u"connectProblem"_s);
        auto *region = dialog->findChild<QComboBox *>(u"regionCombo"_s);
        auto *token = dialog->findChild<QLineEdit *>(u"tokenEdit"_s);
        const auto refused = [&] {
            QTest::keyClick(token, Qt::Key_Return); // nothing typed: every field said wrong
            return problem->isVisible() && !problem->text().isEmpty();
        };
        QVERIFY(refused());
        region->setCurrentIndex(2);
        QVERIFY(!problem->isVisible());
        QCOMPARE(problem->text(), QString());

        QVERIFY(refused());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"accountEdit"_s), u"5"_s);
        QVERIFY(!problem->isVisible());
        QVERIFY(refused());
        QTest::keyClicks(token, u"x"_s);
        QVERIFY(!problem->isVisible());
        region->setCurrentIndex(region->count() - 1);
        QVERIFY(refused());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"baseUrlEdit"_s), u"x"_s);
        QVERIFY(!problem->isVisible());
        QVERIFY(refused());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"connectionNameEdit"_s), u"x"_s);
        QVERIFY(!problem->isVisible());

        // A refusal by the server, too.
        token->setText(u"not-the-token"_s);
        dialog->findChild<QLineEdit *>(u"baseUrlEdit"_s)->setText(m_server->baseUrl().toString());
        dialog->findChild<QLineEdit *>(u"accountEdit"_s)->setText(accountA);
        QTest::keyClick(token, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return problem->isVisible(); }));
        QCOMPARE(problem->text(), u"The server did not accept this API token. Check that it is "
                                  "complete and has not been revoked."_s);
        token->clear();
        QVERIFY(!problem->isVisible());
    }

    void theConnectDialogCompletesABareHost()
    {
        m_window->showConnectDialog();
        auto *dialog = shown<ConnectDialog>(u"connectDialog"_s);
        QVERIFY(dialog);
        auto *region = dialog->findChild<QComboBox *>(u"regionCombo"_s);
        auto *url = dialog->findChild<QLineEdit *>(u"baseUrlEdit"_s);
        auto *hint = dialog->findChild<QLabel *>(u"baseUrlHint"_s);
        auto *account = dialog->findChild<QLineEdit *>(u"accountEdit"_s);
        QVERIFY(!hint->isVisible());
        region->setCurrentIndex(region->count() - 1);
        QApplication::setActiveWindow(dialog);
        url->setFocus();
        QVERIFY(QTest::qWaitFor([&] { return url->hasFocus(); }));
        url->clear();
        QTest::keyClicks(url, u"quantive.example.com"_s);
        // Said as it is typed, before anything is sent.
        QVERIFY(hint->isVisible());
        QCOMPARE(hint->text(), u"Connects to https://quantive.example.com/results/api/v1"_s);
        QCOMPARE(url->text(), u"quantive.example.com"_s);
        QTest::keyClick(url, Qt::Key_Tab); // left: the field has it whole
        QCOMPARE(url->text(), u"https://quantive.example.com/results/api/v1"_s);
        QVERIFY(!hint->isVisible());
        QCOMPARE(dialog->connection().baseUrl,
                 QUrl(u"https://quantive.example.com/results/api/v1"_s));

        url->clear();
        QTest::keyClicks(url, u"https://quantive.example.com"_s);
        QCOMPARE(hint->text(), u"Connects to https://quantive.example.com/results/api/v1"_s);
        QCOMPARE(dialog->connection().baseUrl,
                 QUrl(u"https://quantive.example.com/results/api/v1"_s));
        // An address of its own path is taken as it is.
        url->setText(u"https://proxy.example.com/quantive"_s);
        QVERIFY(!hint->isVisible());

        // The sandbox on this computer, typed bare: plain HTTP, the one place it may go.
        url->setText(u"127.0.0.1:%1"_s.arg(m_server->port()));
        account->setText(accountA);
        dialog->findChild<QLineEdit *>(u"tokenEdit"_s)->setText(tokenA1);
        const int sent = m_server->requestCount();
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"connectButton"_s), Qt::LeftButton);
        QCOMPARE(url->text(), u"http://127.0.0.1:%1/results/api/v1"_s.arg(m_server->port()));
        QVERIFY(loaded.wait());
        QVERIFY(m_server->requestCount() > sent);
        QCOMPARE(ConnectionSettings().connections(), QList<SavedConnection>{savedA()});
        QCOMPARE(ConnectionSettings().connections().at(0).baseUrl,
                 QUrl(u"http://127.0.0.1:%1/results/api/v1"_s.arg(m_server->port())));
    }

    void reopensTheListWhereItWasLeft()
    {
        SandboxStore big;
        SandboxGenerator::populate(big, {7, 500, 0, 3});
        SandboxServer server(&big);
        QVERIFY(server.listenOnLoopback());
        QTemporaryDir cacheDir;
        auto cache = std::make_shared<GroupCache>(cacheDir.path());
        m_window->setCache(cache);
        const SavedConnection saved{server.baseUrl(), QString(SandboxGenerator::demoAccountId)};
        QVERIFY(connectAndLoad(
            {saved.baseUrl, saved.accountId, QString(SandboxGenerator::demoToken)}, true));
        QCOMPARE(list()->model()->rowCount(), 500);
        const QString chosen = idAt(100);
        const QString top = idAt(240);
        m_window->selectGroup(chosen);
        list()->scrollTo(list()->model()->index(240, 0), QAbstractItemView::PositionAtTop);
        QCOMPARE(topId(), top);
        QVERIFY(!inView(chosen)); // scrolled away from it
        QVERIFY(QTest::qWaitFor([&] { return cache->load(saved.key()).has_value(); }));

        // Kept as the connection is left (switching), for that connection.
        QVERIFY(connectAndLoad(connection(), true));
        QCOMPARE(ConnectionSettings().topGroupId(saved), top);
        QCOMPARE(ConnectionSettings().lastGroupId(saved), chosen);
        QCOMPARE(ConnectionSettings().topGroupId(savedA()), QString());
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectToSaved(saved);
        QVERIFY(loaded.wait());
        QVERIFY(QTest::qWaitFor([&] { return m_window->currentGroupId() == chosen; }));
        QCOMPARE(topId(), top);
        QCOMPARE(ConnectionSettings().topGroupId(savedA()), groupId(6)); // A's own: its first

        // The next start shows the cached list where it was, and keeps it there through the
        // refresh.
        list()->scrollTo(list()->model()->index(300, 0), QAbstractItemView::PositionAtTop);
        const QString lastTop = idAt(300);
        server.faults().setLatency(300);
        QVERIFY(restart(cache));
        QCOMPARE(ConnectionSettings().topGroupId(saved), lastTop);
        QCOMPARE(m_window->currentGroupId(), chosen);
        QCOMPARE(topId(), lastTop);
        QVERIFY(m_window->session()->isLoading()); // from the cache, before the server's list
        QSignalSpy refreshed(m_window->session()->actions(), &GroupActions::loadingFinished);
        QVERIFY(refreshed.wait());
        QCOMPARE(topId(), lastTop);
        QCOMPARE(m_window->currentGroupId(), chosen);

        // Its first group gone since: the group chosen is in view instead.
        server.faults().setLatency(0);
        QVERIFY(restart(cache, [&] {
            ConnectionSettings().setTopGroupId(saved, u"ffffffffffffffffffffffff"_s);
        }));
        QCOMPARE(m_window->currentGroupId(), chosen);
        QVERIFY(inView(chosen));
    }

    void reopensAListSortedOnAWorkerWhereItWasLeft()
    {
        // Sorted by last update, a list of 5,000 groups or more is sorted off the GUI thread:
        // the first group in view goes to the top once it is in its order.
        SandboxStore big;
        SandboxGenerator::populate(big, {9, 6000, 0, 3});
        SandboxServer server(&big);
        QVERIFY(server.listenOnLoopback());
        QTemporaryDir cacheDir;
        auto cache = std::make_shared<GroupCache>(cacheDir.path());
        m_window->setCache(cache);
        const SavedConnection saved{server.baseUrl(), QString(SandboxGenerator::demoAccountId)};
        QVERIFY(connectAndLoad(
            {saved.baseUrl, saved.accountId, QString(SandboxGenerator::demoToken)}, true));
        action(u"actionSortUpdated"_s)->trigger();
        QVERIFY(QTest::qWaitFor([&] { return !m_window->filterModel()->isSorting(); }));
        QVERIFY(QTest::qWaitFor([&] { return m_window->groupModel()->rowCount() == 6000; }));
        QTest::qWait(50); // what the list does once sorted: a person's turn then
        const QString chosen = idAt(4000);
        const QString top = idAt(3000);
        m_window->selectGroup(chosen);
        list()->scrollTo(list()->model()->index(3000, 0), QAbstractItemView::PositionAtTop);
        QVERIFY(QTest::qWaitFor([&] { return cache->load(saved.key()).has_value(); }, 10000));
        QCOMPARE(topId(), top);

        server.faults().setLatency(300);
        QVERIFY(restart(cache));
        QVERIFY(QTest::qWaitFor([&] { return !m_window->filterModel()->isSorting(); }));
        QVERIFY(QTest::qWaitFor([&] { return topId() == top; }));
        QCOMPARE(m_window->currentGroupId(), chosen);
        QTest::qWait(100); // what follows the sort has run
        QCOMPARE(topId(), top);
    }
};

QTEST_MAIN(TestConnections)
#include "tst_connections.moc"

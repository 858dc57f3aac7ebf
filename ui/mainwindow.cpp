#include "mainwindow.h"

#include "connectdialog.h"
#include "contextmenukeys.h"
#include "elidinglabel.h"
#include "groupcache.h"
#include "groupdetailpane.h"
#include "groupfiltermodel.h"
#include "grouplistpane.h"
#include "kpigroupsclient.h"
#include "messagebanner.h"
#include "newgroupdialog.h"
#include "outboxdialog.h"
#include "outboxmodel.h"
#include "relativetime.h"
#include "session.h"
#include "sessionhost.h"
#include "statusarea.h"
#include "tokenstore.h"
#include "uiresources.h"
#include "windowactions.h"
#include "windowdialogs.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// What a keychain said, as a clause in a sentence of ours.
QString keychainReason(const QString &why)
{
    QString reason = why.trimmed();
    while (reason.endsWith(u'.'))
        reason.chop(1);
    if (reason.isEmpty() || reason.compare(u"Unknown error"_s, Qt::CaseInsensitive) == 0)
        return MainWindow::tr("it gave no reason");
    return reason;
}

} // namespace

MainWindow::MainWindow(TokenStore *tokens, QWidget *parent)
    : QMainWindow(parent)
    , m_tokens(tokens)
    , m_host(new SessionHost(this))
    , m_cache(std::make_shared<GroupCache>())
{
    initUiResources();
    m_actions = new WindowActions(this);
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("KPI Groups"));
    setWindowIcon(QIcon(u":/icons/kpigroups.svg"_s));
    createLayout();
    createMenus();
    wireActions();
    wireSessionHost();
    restoreState();
    updateActionStates();
    m_groups->updatePlaceholder();
}

MainWindow::~MainWindow()
{
    // The views let go of the sessions' models before the sessions go.
    unbindSession();
}

GroupListModel *MainWindow::groupModel() const
{
    return m_session ? m_session->groups() : const_cast<GroupListModel *>(&m_noGroups);
}

GroupKpisModel *MainWindow::kpisModel() const
{
    return m_session ? m_session->kpis() : const_cast<GroupKpisModel *>(&m_noKpis);
}

void MainWindow::setCache(std::shared_ptr<const GroupCache> cache)
{
    m_cache = std::move(cache);
}

void MainWindow::createMenus()
{
    m_actions->fillMenus({.file = menuBar()->addMenu(tr("&File")),
                          .edit = menuBar()->addMenu(tr("&Edit")),
                          .view = menuBar()->addMenu(tr("&View")),
                          .help = menuBar()->addMenu(tr("&Help"))});
    rebuildConnectionsMenu();
}

void MainWindow::createLayout()
{
    m_groups = new GroupListPane(m_actions, &m_noGroups);
    m_detail = new GroupDetailPane(&m_noGroups, &m_noKpis);
    m_splitter = new QSplitter;
    m_splitter->setObjectName(u"splitter"_s);
    m_splitter->addWidget(m_groups);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({400, 600});

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_splitter, 1);
    m_banner = new MessageBanner(central);
    setCentralWidget(central);

    m_status = new StatusArea(statusBar());

    setTabOrder(m_groups->listView(), m_detail);
    resize(1000, 640);
}

void MainWindow::fitIntoScreen()
{
    fitInto(screen()->availableGeometry());
}

void MainWindow::fitInto(const QRect &available)
{
    // Before the window is shown its frame is not known: a title bar and borders are assumed.
    QSize frame = frameGeometry().size() - geometry().size();
    if (frame.isEmpty())
        frame = QSize(12, 36);
    const QSize room = (available.size() - frame).expandedTo(QSize(1, 1));
    // Whatever the contents would like, the window can be made as small as its screen: 1000 ×
    // 640 is 2000 × 1280 at 2×.
    setMinimumSize(minimumSizeHint().boundedTo(room));
    const QSize fitting = QSize(1000, 640).boundedTo(available.size() * 0.9 - frame);
    resize(fitting.expandedTo(minimumSize()).boundedTo(room));
    const QSize outer = size() + frame;
    move(available.topLeft() + QPoint((available.width() - outer.width()) / 2,
                                      (available.height() - outer.height()) / 2));
}

void MainWindow::wireActions()
{
    connect(m_actions->connectAction(), &QAction::triggered, this, [this] { showConnectDialog(); });
    connect(m_actions->outboxAction(), &QAction::triggered, this, &MainWindow::showOutbox);
    connect(m_status, &StatusArea::outboxRequested, this, &MainWindow::showOutbox);
    connect(m_actions->forgetAction(), &QAction::triggered, this, [this] {
        if (!m_saved)
            return;
        m_tokens->deleteToken(m_saved->key());
        m_cache->remove(m_saved->key());
        m_settings.remove(*m_saved);
        m_saved.reset();
        rebuildConnectionsMenu();
        updateActionStates();
        m_banner->showInfo(tr("This connection and its token are forgotten on this computer."));
    });
    connect(m_actions->refreshAction(), &QAction::triggered, this, [this] {
        if (m_session)
            m_session->refresh();
    });
    connect(m_actions->quitAction(), &QAction::triggered, this, &QWidget::close);
    connect(m_actions->undoAction(), &QAction::triggered, this, [this] {
        if (m_session)
            m_session->undo();
    });
    connect(m_actions->redoAction(), &QAction::triggered, this, [this] {
        if (m_session)
            m_session->redo();
    });
    connect(m_actions->newGroupAction(), &QAction::triggered, this, &MainWindow::newGroup);
    connect(m_actions->renameAction(), &QAction::triggered, m_detail,
            &GroupDetailPane::startRenaming);
    connect(m_actions->deleteAction(), &QAction::triggered, this,
            [this] { confirmDelete(m_groups->selectedGroupIds()); });
    connect(m_actions->favoriteAction(), &QAction::triggered, this,
            &MainWindow::toggleFavoriteOfSelection);
    connect(m_actions->copyIdAction(), &QAction::triggered, this, [this] {
        const KpiGroup *group = groupModel()->group(currentGroupId());
        if (!group)
            return;
        QApplication::clipboard()->setText(group->id);
        statusBar()->showMessage(tr("Copied the id of “%1”.").arg(group->name), 4000);
    });
    connect(m_actions, &WindowActions::connectionChosen, this, &MainWindow::connectToSaved);
    connect(m_actions->aboutAction(), &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About KPI Groups"),
                           tr("<h3>KPI Groups %1</h3><p>A calm, fast desktop client for the KPI "
                              "groups of Quantive Results.</p>")
                               .arg(QStringLiteral(KPIGROUPS_VERSION)));
    });
    connect(m_actions->aboutQtAction(), &QAction::triggered, this,
            [this] { QMessageBox::aboutQt(this); });
    connect(m_actions->shortcutsAction(), &QAction::triggered, this,
            [this] { showShortcuts(this, m_actions->shortcutList()); });
    connect(m_actions->goToMessageAction(), &QAction::triggered, m_banner,
            &MessageBanner::takeFocus);
    connect(m_groups, &GroupListPane::currentGroupChanged, this, &MainWindow::onCurrentChanged);
    connect(m_groups, &GroupListPane::selectedGroupsChanged, this, &MainWindow::updateActionStates);
    connect(m_groups, &GroupListPane::groupActivated, m_detail, &GroupDetailPane::startRenaming);
    connect(m_groups, &GroupListPane::favoriteClicked, this, [this](const QString &groupId) {
        if (m_session)
            m_session->toggleFavorite(groupId);
    });
    connect(m_groups, &GroupListPane::informed, m_banner, &MessageBanner::showInfo);
    connect(m_detail, &GroupDetailPane::renameRequested, this,
            [this](const QString &id, const QString &name) {
                if (m_session)
                    m_session->renameGroup(id, name);
            });
    connect(m_detail, &GroupDetailPane::favoriteToggled, this,
            [this](const QString &id, bool favorite) {
                if (m_session)
                    m_session->setFavorite(id, favorite);
            });
    connect(m_detail, &GroupDetailPane::deleteRequested, this,
            [this](const QString &groupId) { confirmDelete({groupId}); });
}

void MainWindow::rebuildConnectionsMenu()
{
    m_actions->showConnections(m_settings.connections(), m_saved);
}

void MainWindow::restoreState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        fitIntoScreen();
    m_splitter->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    m_actions->restoreView(settings);
}

void MainWindow::saveState()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    m_actions->saveView(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // What the person did is sent, and answered, before the app quits: KPI removals still in
    // their undo window, stars, names, new and deleted groups, on this connection and on those
    // left just before. The list stays in view meanwhile; each session gives up after its limit,
    // or at once when its server is out of reach, and the person chooses what becomes of what
    // is left (askAboutUnsent()).
    if (m_questionsOpen > 0) {
        event->ignore();
        return;
    }
    if (m_waitingForServer) { // closed again while waiting: the choice again
        event->ignore();
        askAboutUnsent(m_waitingForServer, m_waitingForServer->unsentChanges());
        return;
    }
    if (!m_closing) {
        m_closing = true;
        saveState();
        // The list stays in view while the sessions leave.
        m_host->close();
    }
    if (!m_host->isDone()) {
        event->ignore();
        m_waitingToClose = true;
        m_status->showText(tr("Saving your changes before closing…"));
        return;
    }
    if (m_questionsOpen > 0) { // what becomes of what the server did not take is asked
        event->ignore();
        return;
    }
    m_closing = m_waitingToClose = false;
    QMainWindow::closeEvent(event);
}

void MainWindow::setDemoStarter(std::function<std::optional<Connection>()> starter)
{
    m_demoStarter = std::move(starter);
}

void MainWindow::startDemo()
{
    const std::optional<Connection> demo = m_demoStarter ? m_demoStarter() : std::nullopt;
    if (!demo) {
        m_banner->showError(tr("The demo could not start its local server."));
        return;
    }
    open(*demo, false, true);
}

void MainWindow::connectTo(const Connection &connection, bool remember)
{
    open(connection, remember, false);
}

void MainWindow::connectWithEnvironmentToken(const Connection &connection)
{
    open(connection, false, false);
    m_environmentToken = connection.token;
}

void MainWindow::open(const Connection &connection, bool remember, bool demo)
{
    m_connection = connection;
    m_demo = demo;
    m_environmentToken.clear();
    leaveSession();
    m_banner->hide();
    if (remember)
        rememberConnection(connection);
    const SavedConnection saved{connection.baseUrl, connection.accountId};
    const bool known = m_settings.connections().contains(saved);
    if (known)
        m_settings.makeLast(saved); // the one to open at the next start
    m_saved = known ? std::optional(saved) : std::nullopt;
    rebuildConnectionsMenu();
    // The application's name is added by Qt (its display name), once.
    setWindowTitle(demo ? tr("Demo account") : saved.label());
    m_status->setDemo(demo);

    if (!demo && !connection.token.isEmpty())
        m_sessionTokens.insert(saved.key(), connection.token);
    // The demo's data is made afresh at every start: nothing to keep for it.
    startSession(connection, !demo, known)->open();
    updateActionStates();
    m_groups->updatePlaceholder();
}

Session *MainWindow::startSession(const Connection &connection, bool keepOutbox, bool remembered)
{
    auto *session = new Session(connection);
    if (keepOutbox)
        session->keepOutbox();
    if (remembered)
        session->setRemembered(m_cache, m_settings.lastGroupId(session->place()));
    m_host->setCurrent(session);
    bindSession(session);
    return session;
}

void MainWindow::rememberConnection(const Connection &connection)
{
    const SavedConnection saved{connection.baseUrl, connection.accountId};
    m_settings.save(saved);
    auto *context = new QObject(this);
    connect(m_tokens, &TokenStore::tokenWritten, context,
            [this, context, saved, key = saved.key()](const QString &written) {
                if (written != key)
                    return;
                context->deleteLater();
                m_settings.setTokenInKeychain(saved, true);
            });
    connect(
        m_tokens, &TokenStore::failed, context,
        [this, context, saved, key = saved.key()](const QString &failedKey, const QString &why) {
            if (failedKey != key)
                return;
            context->deleteLater();
            m_keychainAvailable = false;
            m_settings.setTokenInKeychain(saved, false);
            m_banner->showInfo(tr("Your token could not be saved in the system keychain "
                                  "(%1). It is kept for this session only.")
                                   .arg(keychainReason(why)));
        });
    m_tokens->writeToken(saved.key(), connection.token);
}

void MainWindow::bindSession(Session *session)
{
    m_session = session;
    m_binding = new QObject(this);
    m_groups->setSession(session);
    m_detail->setModels(session->groups(), session->kpis());
    m_groups->setShownGroup({});
    m_detail->setUserNames(session->userNames());
    bindLoading();
    bindChanges();
    connect(session, &Session::historyChanged, m_binding, [this] { updateHistoryActions(); });
    m_status->setSession(session);
    connect(session, &Session::outboxChanged, m_binding, [this] { updateOutboxState(); });
    connect(session, &Session::outboxDamaged, m_binding, [this](const QString &file, bool whole) {
        m_banner->showError(
            whole ? tr("The changes kept from the last time could not be read, so none of them "
                       "was sent. The file was set aside as %1.")
                        .arg(QDir::toNativeSeparators(file))
                  : tr("Some of the changes kept from the last time could not be read, and were "
                       "not sent; the others are being sent. What could not be read was set "
                       "aside as %1.")
                        .arg(QDir::toNativeSeparators(file)));
    });
    connect(session, &Session::diskProblemChanged, m_binding, [this](const QString &why) {
        if (why.isEmpty()) {
            m_banner->showInfo(tr("Changes are saved to disk again."));
            return;
        }
        showDiskProblem(why);
    });
    // Names typed and not saved live in the session's journal, written as they are typed.
    if (!m_demo) {
        // Drafts an earlier version kept in the settings move into the journal.
        if (const QHash<QString, QString> old = m_settings.drafts(session->place());
            !old.isEmpty()) {
            m_detail->restoreDrafts(old);
            m_settings.setDrafts(session->place(), {});
        }
    }
    connect(session, &Session::draftsChanged, m_binding, [this] { updateOutboxState(); });
    connect(session, &Session::draftsFound, m_binding,
            [this](const QHash<QString, QString> &drafts) { m_detail->restoreDrafts(drafts); });
    connect(session, &Session::renameDiscarded, m_binding,
            [this](const QString &groupId) { m_detail->forgetDraft(groupId); });
    connect(m_detail, &GroupDetailPane::draftChanged, m_binding,
            [this](const QString &groupId, const QString &text) {
                m_session->setDraft(groupId, text);
            });
    // Migrated from the settings, above.
    const QHash<QString, QString> migrated = m_detail->unsavedDrafts();
    for (auto it = migrated.cbegin(); it != migrated.cend(); ++it)
        m_session->setDraft(it.key(), it.value());
    onCurrentChanged(currentGroupId());
    updateOutboxState();
    m_groups->updatePlaceholder();
}

void MainWindow::bindLoading()
{
    connect(m_session, &Session::loadingFinished, m_binding, [this] {
        if (m_banner->isError())
            m_banner->dismiss(); // what went wrong before is over
        // This is not: it stays until the changes can be kept on disk again.
        if (const QString why = m_session->diskProblem(); !why.isEmpty())
            showDiskProblem(why);
    });
    connect(m_session, &Session::firstListShown, m_binding, [this] { Q_EMIT groupsLoaded(); });
    connect(m_session, &Session::tokenRefused, m_binding, [this] {
        if (!m_environmentToken.isEmpty() && m_session->connection().token == m_environmentToken)
            showConnectDialog(tr("Quantive did not accept the API token from the QUANTIVE_TOKEN "
                                 "environment variable (it may be mistyped or revoked). Enter a "
                                 "valid token to go on."));
        else
            showConnectDialog(tr("Quantive did not accept the API token for this account any "
                                 "more (it may have been revoked). Enter a valid token to go "
                                 "on."));
    });
}

void MainWindow::bindChanges()
{
    connect(m_session, &Session::renameConfirmed, m_detail, &GroupDetailPane::renameSucceeded);
    connect(m_session, &Session::renameRefused, m_detail, &GroupDetailPane::renameFailed);
    connect(m_session, &Session::removalQueued, m_binding,
            [this](quint64 batch, const QString &text, int undoWindowMs) {
                m_undoBatch = batch;
                m_banner->showAction(
                    text, tr("&Undo"),
                    [session = QPointer(m_session), batch] {
                        if (session)
                            session->undoRemoval(batch);
                    },
                    undoWindowMs);
            });
    connect(m_session, &Session::removalSent, m_binding, [this](quint64 batch) {
        if (batch == m_undoBatch && m_banner->canRetry())
            m_banner->dismiss(); // too late to undo
    });
    connect(m_session, &Session::informed, m_banner, &MessageBanner::showInfo);
    connect(m_session, &Session::failed, m_banner, &MessageBanner::showError);
}

void MainWindow::unbindSession()
{
    if (!m_session)
        return;
    // The session's signals to the detail pane and banner go with the session's own context.
    m_session->disconnect(m_detail);
    m_session->disconnect(m_banner);
    delete std::exchange(m_binding, nullptr);
    m_status->setSession(nullptr);
    m_groups->setSession(nullptr);
    m_detail->setModels(&m_noGroups, &m_noKpis);
    m_groups->setShownGroup({});
    m_detail->setUserNames(nullptr);
    m_session = nullptr;
}

void MainWindow::setLeaveLimit(std::chrono::milliseconds limit)
{
    m_host->setLeaveLimit(limit);
}

void MainWindow::wireSessionHost()
{
    connect(m_host, &SessionHost::leftChanged, this, &MainWindow::updateLeftSessionsState);
    connect(m_host, &SessionHost::ending, this, &MainWindow::sessionEnding);
    connect(m_host, &SessionHost::unsentOnClosing, this, &MainWindow::askAboutUnsent);
    connect(m_host, &SessionHost::keptForLater, this, [this](const QString &label, int unsent) {
        m_banner->showInfo(tr("%n change(s) to %1 could not be sent yet: kept, to be sent the "
                              "next time you open that connection.",
                              nullptr, unsent)
                               .arg(label));
    });
    connect(m_host, &SessionHost::done, this, [this] {
        if (m_closing && m_waitingToClose && m_questionsOpen == 0)
            close();
    });
}

void MainWindow::leaveSession()
{
    Session *session = m_session;
    if (!session)
        return;
    unbindSession();
    m_host->leaveCurrent();
}

void MainWindow::sessionEnding(Session *session)
{
    if (session == m_waitingForServer)
        m_waitingForServer = nullptr;
    if (session == m_session)
        unbindSession();
}

void MainWindow::updateLeftSessionsState()
{
    // While quitting, the question about them says what they still send.
    m_status->showLeftSessions(m_host->leaving(), m_closing);
}

void MainWindow::askAboutUnsent(Session *session, int unsent)
{
    ++m_questionsOpen;
    m_waitingToClose = true;
    ::askAboutUnsent(
        this, session, unsent, [this, session = QPointer(session)](UnsentChoice choice) {
            --m_questionsOpen;
            if (!session) { // it left meanwhile: everything was answered
                if (m_closing && m_host->isDone() && m_questionsOpen == 0)
                    close();
                return;
            }
            if (choice == UnsentChoice::WaitForServer) {
                m_waitingForServer = session;
                m_waitingToClose = true;
                m_status->showText(tr("Waiting for the server to take the changes… Close "
                                      "again to choose again."));
                m_host->waitForServer(session);
                return;
            }
            m_waitingForServer = nullptr;
            if (choice == UnsentChoice::Discard)
                m_host->discardAndEnd(session);
            else
                m_host->keepForNextStart(session);
        });
}

void MainWindow::updateOutboxState()
{
    m_actions->setOutboxAvailable(m_session->waitingCount() > 0 || !m_session->drafts().isEmpty());
}

void MainWindow::showDiskProblem(const QString &why)
{
    m_banner->showError(tr("Changes cannot be saved to disk: %1 They are kept while the app runs "
                           "and sent when the server answers, but would be lost if it closed "
                           "first. Free some space, or check the folder.")
                            .arg(why.endsWith(u'.') ? why : why + u'.'));
}

void MainWindow::showOutbox()
{
    if (!m_session)
        return;
    auto *dialog = new OutboxDialog(m_session, this);
    connect(dialog, &OutboxDialog::openGroupRequested, this, [this](const QString &groupId) {
        m_groups->clearSearch();
        selectGroup(groupId);
        m_detail->startRenaming();
    });
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Gone with its session: the window may switch connections meanwhile.
    connect(m_binding, &QObject::destroyed, dialog, &QDialog::reject);
    dialog->open();
}

void MainWindow::connectToSaved(const SavedConnection &saved)
{
    // Given in this run already: kept for the run, whatever the keychain can do.
    if (const QString token = m_sessionTokens.value(saved.key()); !token.isEmpty())
        return connectTo({saved.baseUrl, saved.accountId, token}, false);
    const QString reasonIfNoToken = tr("Enter the API token for %1.").arg(saved.label());
    auto *context = new QObject(this);
    const QString key = saved.key();
    connect(
        m_tokens, &TokenStore::tokenRead, context,
        [this, context, saved, key, reasonIfNoToken](const QString &readKey, const QString &token) {
            if (readKey != key)
                return;
            context->deleteLater();
            if (token.isEmpty()) {
                showConnectDialog(reasonIfNoToken);
                if (m_connectDialog)
                    m_connectDialog->setConnection({saved.baseUrl, saved.accountId, {}});
                return;
            }
            connectTo({saved.baseUrl, saved.accountId, token}, false);
        });
    connect(m_tokens, &TokenStore::failed, context,
            [this, context, saved, key](const QString &failedKey, const QString &why) {
                if (failedKey != key)
                    return;
                context->deleteLater();
                m_keychainAvailable = false;
                // The list kept from the last time is shown meanwhile, behind the question.
                openWithoutToken(saved);
                showConnectDialog(
                    m_settings.tokenInKeychain(saved)
                        ? tr("The system keychain did not give the saved token (%1). Enter it "
                             "again; it will be kept for this session only.")
                              .arg(keychainReason(why))
                        : tr("The token for %1 was never saved: the system keychain could not be "
                             "used when it was entered (%2). Enter it again; it will be kept "
                             "for this session only.")
                              .arg(saved.label(), keychainReason(why)));
                if (m_connectDialog)
                    m_connectDialog->setConnection({saved.baseUrl, saved.accountId, {}});
            });
    m_tokens->readToken(key);
}

void MainWindow::openWithoutToken(const SavedConnection &saved)
{
    if (m_session && m_session->place() == saved)
        return;
    m_connection = {saved.baseUrl, saved.accountId, {}};
    m_demo = false;
    leaveSession();
    m_saved = saved;
    setWindowTitle(saved.label());
    m_status->setDemo(false);
    startSession(m_connection, true, true)->openWithoutToken();
    m_status->showText(tr("Not connected: enter the token to see what changed since."));
    updateActionStates();
    m_groups->updatePlaceholder();
}

void MainWindow::connectToLastOrAsk()
{
    if (const std::optional<SavedConnection> last = m_settings.lastConnection())
        connectToSaved(*last);
    else
        showConnectDialog();
}

void MainWindow::showConnectDialog(const QString &reason)
{
    if (!m_connectDialog) {
        m_connectDialog = new ConnectDialog(this);
        m_connectDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_connectDialog, &QDialog::accepted, this, [this] {
            if (m_connectDialog->demoRequested())
                startDemo();
            else
                connectTo(m_connectDialog->connection(), true);
        });
    }
    Connection prefill = m_connection;
    prefill.token.clear();
    if (!prefill.baseUrl.isEmpty())
        m_connectDialog->setConnection(prefill);
    m_connectDialog->setReason(reason);
    m_connectDialog->setKeychainAvailable(m_keychainAvailable);
    m_connectDialog->open();
}

GroupFilterModel *MainWindow::filterModel() const
{
    return m_groups->filterModel();
}

QString MainWindow::currentGroupId() const
{
    return m_groups->currentGroupId();
}

void MainWindow::selectGroup(const QString &groupId)
{
    m_groups->selectGroup(groupId);
}

void MainWindow::onCurrentChanged(const QString &groupId)
{
    if (m_session)
        m_session->showGroup(groupId);
    m_detail->showGroup(groupId);
    m_groups->setShownGroup(m_detail->groupId());
    updateActionStates();
}

void MainWindow::updateActionStates()
{
    const QString id = currentGroupId();
    const KpiGroup *group = groupModel()->group(id);
    const QStringList selected = m_groups->selectedGroupIds();
    m_actions->showTarget({.connected = m_session != nullptr,
                           .remembered = m_saved.has_value(),
                           .hasCurrent = !id.isEmpty(),
                           .currentStarred = group && group->favorite,
                           .selected = int(selected.size()),
                           .allStarred = allStarred(selected)});
    updateHistoryActions();
}

void MainWindow::updateHistoryActions()
{
    m_actions->showHistory(m_session ? m_session->undoDescription() : QString(),
                           m_session ? m_session->redoDescription() : QString());
}

void MainWindow::newGroup()
{
    if (!m_session)
        return;
    auto *dialog = new NewGroupDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewGroupDialog::nameChosen, this,
            [this, session = QPointer(m_session)](const QString &name) {
                if (session && session == m_session)
                    m_session->createGroup(name); // else asked on a connection left since
            });
    dialog->open();
}

void MainWindow::confirmDelete(const QStringList &groupIds)
{
    QStringList names;
    for (const QString &id : groupIds)
        if (const KpiGroup *group = groupModel()->group(id))
            names.append(group->name);
    if (names.isEmpty() || !m_session)
        return;
    ::confirmDelete(this, names, [this, groupIds, session = QPointer(m_session)] {
        if (session && session == m_session)
            m_session->deleteGroups(groupIds);
    });
}

void MainWindow::toggleFavoriteOfSelection()
{
    const QStringList ids = m_groups->selectedGroupIds();
    if (!m_session || ids.isEmpty())
        return;
    // Several: all starred, unless all are already.
    m_session->setFavorites(ids, !allStarred(ids));
}

bool MainWindow::allStarred(const QStringList &groupIds) const
{
    for (const QString &id : groupIds)
        if (const KpiGroup *group = groupModel()->group(id); group && !group->favorite)
            return false;
    return true;
}

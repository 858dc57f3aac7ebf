#include "mainwindow.h"

#include "demohint.h"
#include "groupdetailpane.h"
#include "groupkpismodel.h"
#include "grouplinks.h"
#include "grouplistpane.h"
#include "kpimenu.h"
#include "kpiplacing.h"
#include "listexport.h"
#include "messagebanner.h"
#include "newgroupdialog.h"
#include "outboxdialog.h"
#include "selectionsummary.h"
#include "session.h"
#include "sessionmessages.h"
#include "statusarea.h"
#include "uilog.h"
#include "uiresources.h"
#include "visibletext.h"
#include "weblinks.h"
#include "windowactions.h"
#include "windowdialogs.h"
#include "windowplacement.h"
#include "windowtitle.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(TokenStore *tokens, QWidget *parent)
    : QMainWindow(parent)
    , m_host(new SessionHost(this))
    , m_flow(new ConnectionFlow(tokens, m_host, this))
{
    initUiResources();
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("KPI Groups"));
    setWindowIcon(QIcon(u":/icons/kpigroups.svg"_s));
    m_actions = new WindowActions(this);
    createLayout();
    m_actions->fillMenus({.file = menuBar()->addMenu(tr("&File")),
                          .edit = menuBar()->addMenu(tr("&Edit")),
                          .view = menuBar()->addMenu(tr("&View")),
                          .help = menuBar()->addMenu(tr("&Help"))});
    showConnections();
    wireActions();
    wireRooms();
    m_placement = std::make_unique<WindowPlacement>(this);
    new WindowTitle(this, m_host, m_flow);
    restoreState();
    updateActionStates();
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

GroupFilterModel *MainWindow::filterModel() const
{
    return m_groups->filterModel();
}

GroupKpisModel *MainWindow::kpisModel() const
{
    return m_session ? m_session->kpis() : const_cast<GroupKpisModel *>(&m_noKpis);
}

QString MainWindow::currentGroupId() const
{
    return m_groups->currentGroupId();
}

void MainWindow::selectGroup(const QString &groupId)
{
    m_groups->selectGroup(groupId);
}

void MainWindow::createLayout()
{
    m_groups = new GroupListPane(m_actions, &m_noGroups);
    m_detail = new GroupDetailPane(&m_noGroups, &m_noKpis);
    m_splitter = WindowPlacement::listBesideDetail(m_groups, m_detail);
    setTabOrder(m_groups->listView(), m_detail);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_demoHint =
                          new DemoHint(m_actions->aboutDemoAction(), m_actions->connectAction()));
    layout->addWidget(m_splitter, 1);
    m_banner = new MessageBanner(central);
    m_messages = new SessionMessages(m_banner);
    m_placing = new KpiPlacing(m_groups->listView(), m_detail->kpisPanel(), this);
    m_detail->makeRoomFor(m_banner);
    m_banner->keepReadable(m_groups->listView());
    setCentralWidget(central);
    m_status = new StatusArea(statusBar());
    m_kpiMenu = new KpiMenu(m_detail->kpisPanel(), statusBar(), this);
    m_links = new GroupLinks(m_actions, m_groups, statusBar(), this);
    m_detail->addGroupActions({m_actions->openInQuantiveAction(), m_actions->copyLinkAction()});
    resize(1000, 640);
}

void MainWindow::fitInto(const QRect &available)
{
    WindowPlacement::fitInto(this, available);
}

void MainWindow::restoreState()
{
    QSettings settings;
    m_placement->restore(settings);
    m_splitter->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    m_actions->restoreView(settings);
}

void MainWindow::saveState()
{
    QSettings settings;
    m_placement->save(settings);
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    m_actions->saveView(settings);
}

void MainWindow::wireActions()
{
    connect(m_actions->connectAction(), &QAction::triggered, m_flow,
            [this] { m_flow->showConnectDialog(); });
    connect(m_actions->forgetAction(), &QAction::triggered, m_flow, &ConnectionFlow::forget);
    connect(m_actions->renameConnectionAction(), &QAction::triggered, m_flow,
            &ConnectionFlow::renameCurrent);
    connect(m_actions, &WindowActions::connectionChosen, m_flow, &ConnectionFlow::connectToSaved);
    connect(m_actions->refreshAction(), &QAction::triggered, this, [this] {
        if (m_session)
            m_session->refresh(Session::Refresh::Changes);
    });
    connect(m_actions->reloadAllAction(), &QAction::triggered, this, [this] {
        if (m_session)
            m_session->refresh(Session::Refresh::Full);
    });
    connect(m_actions->outboxAction(), &QAction::triggered, this, &MainWindow::showOutbox);
    new ListExport(m_actions->exportListAction(), m_groups->filterModel(), m_banner, this);
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
    connect(m_actions->goToMessageAction(), &QAction::triggered, this,
            [this] { m_banner->isVisible() ? m_banner->takeFocus() : m_demoHint->takeFocus(); });
    connect(m_actions->shortcutsAction(), &QAction::triggered, this,
            [this] { showShortcuts(this, m_actions->shortcutList()); });
    connect(m_actions->aboutAction(), &QAction::triggered, this, [this] { showAbout(this); });
    connect(m_actions->aboutQtAction(), &QAction::triggered, this,
            [this] { QMessageBox::aboutQt(this); });
}

void MainWindow::wireRooms()
{
    connect(m_groups, &GroupListPane::currentGroupChanged, this, &MainWindow::onCurrentChanged);
    connect(m_groups, &GroupListPane::selectedGroupsChanged, this, &MainWindow::updateActionStates);
    connect(m_groups, &GroupListPane::groupActivated, m_detail, &GroupDetailPane::startRenaming);
    connect(m_groups, &GroupListPane::favoriteClicked, this, [this](const QString &groupId) {
        if (m_session)
            m_session->toggleFavorite(groupId);
    });
    connect(m_groups, &GroupListPane::informed, m_banner, &MessageBanner::showInfo);
    connect(m_placing, &KpiPlacing::informed, m_banner, &MessageBanner::showInfo);
    connect(m_kpiMenu, &KpiMenu::groupChosen, m_groups, &GroupListPane::goToGroup);
    connect(m_groups, &GroupListPane::noGroupChosen, this, [this] {
        if (m_session)
            m_session->showGroup(QString(GroupKpisModel::noGroupId));
        m_detail->showKpisInNoGroup();
        updateActionStates();
    });
    connect(m_detail, &GroupDetailPane::renameRequested, this,
            [this](const QString &id, const GroupName &name) {
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
    connect(m_detail->selectionSummary(), &SelectionSummary::starRequested, this,
            [this](bool star) {
                if (m_session)
                    m_session->setFavorites(m_groups->selectedGroupIds(), star);
            });
    connect(m_detail->selectionSummary(), &SelectionSummary::deleteRequested, this,
            [this] { confirmDelete(m_groups->selectedGroupIds()); });
    connect(m_status, &StatusArea::outboxRequested, this, &MainWindow::showOutbox);

    connect(m_flow, &ConnectionFlow::switching, m_banner, &QWidget::hide);
    connect(m_flow, &ConnectionFlow::connectionsChanged, this, [this] {
        showConnections();
        updateActionStates();
    });
    connect(m_flow, &ConnectionFlow::opened, this, [this](bool withToken) {
        if (!withToken)
            m_status->showText(tr("Not connected: enter the token to see what changed since."));
        updateActionStates();
        m_groups->updatePlaceholder();
    });
    connect(m_flow, &ConnectionFlow::informed, m_banner, &MessageBanner::showInfo);
    connect(m_flow, &ConnectionFlow::failed, m_banner,
            [this](const QString &text) { m_banner->showError(text); });

    connect(m_host, &SessionHost::currentChanged, this, &MainWindow::bindSession);
    connect(m_host, &SessionHost::leftChanged, this, [this] {
        // While quitting, the question about them says what they still send.
        m_status->showLeftSessions(m_host->leaving(), m_closing);
    });
    connect(m_host, &SessionHost::ending, this, [this](Session *session) {
        if (session == m_session) // it was left by quitting
            unbindSession();
    });
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

void MainWindow::showConnections()
{
    m_actions->showConnections(m_flow->savedConnections(), m_flow->current());
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
    if (Session *waiting = m_host->waitingForServer()) { // closed again: the choice again
        event->ignore();
        askAboutUnsent(waiting, waiting->unsentChanges());
        return;
    }
    if (!m_closing) {
        m_closing = true;
        saveState();
        m_groups->rememberTopGroup(); // before the session leaves, which keeps it
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

void MainWindow::askAboutUnsent(Session *session, int unsent)
{
    qCInfo(lcUi) << "asking what becomes of" << unsent << "unsent changes";
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
                m_waitingToClose = true;
                m_status->showText(tr("Waiting for the server to take the changes… Close "
                                      "again to choose again."));
                m_host->waitForServer(session);
            } else if (choice == UnsentChoice::Discard) {
                m_host->discardAndEnd(session);
            } else {
                m_host->keepForNextStart(session);
            }
        });
}

void MainWindow::bindSession(Session *session)
{
    unbindSession();
    m_demoHint->setDemo(session && m_flow->isDemo());
    if (!session)
        return;
    m_session = session;
    m_binding = new QObject(this);
    m_status->setDemo(m_flow->isDemo());
    m_groups->setSession(session);
    m_detail->setModels(session->groups(), session->kpis());
    m_groups->setShownGroup({});
    m_detail->setUserNames(session->userNames());
    m_status->setSession(session);
    m_messages->setSession(session);
    m_placing->setSession(session);
    m_kpiMenu->setSession(session);
    m_links->setSession(session);
    connect(session, &Session::firstListShown, m_binding, [this] { Q_EMIT groupsLoaded(); });
    connect(session, &Session::tokenRefused, m_binding,
            [this] { m_flow->tokenRefused(m_session->connection()); });
    connect(session, &Session::renameConfirmed, m_detail, &GroupDetailPane::renameSucceeded);
    connect(session, &Session::renameRefused, m_detail, &GroupDetailPane::renameFailed);
    connect(session, &Session::historyChanged, m_binding, [this] { updateHistoryActions(); });
    connect(session, &Session::outboxChanged, m_binding, [this] { updateOutboxState(); });
    connect(session, &Session::draftsChanged, m_binding, [this] { updateOutboxState(); });
    bindDrafts();
    onCurrentChanged(currentGroupId());
    updateOutboxState();
    m_groups->updatePlaceholder();
}

// Names typed and not saved live in the session's journal, written as they are typed.
void MainWindow::bindDrafts()
{
    // Drafts an earlier version kept in the settings move into the journal.
    if (const QHash<QString, QString> old = m_flow->takeOldDrafts(m_session->place());
        !old.isEmpty())
        m_detail->restoreDrafts(old);
    connect(m_session, &Session::draftsFound, m_binding,
            [this](const QHash<QString, QString> &drafts) { m_detail->restoreDrafts(drafts); });
    connect(m_session, &Session::renameDiscarded, m_binding,
            [this](const QString &groupId) { m_detail->forgetDraft(groupId); });
    connect(m_detail, &GroupDetailPane::draftChanged, m_binding,
            [this](const QString &groupId, const QString &text) {
                m_session->setDraft(groupId, text);
            });
    // Migrated from the settings, above.
    const QHash<QString, QString> migrated = m_detail->unsavedDrafts();
    for (auto it = migrated.cbegin(); it != migrated.cend(); ++it)
        m_session->setDraft(it.key(), it.value());
}

void MainWindow::unbindSession()
{
    if (!m_session)
        return;
    // The session's signals to the detail pane go with the session's own context.
    m_session->disconnect(m_detail);
    delete std::exchange(m_binding, nullptr);
    m_status->setSession(nullptr);
    m_messages->setSession(nullptr);
    m_placing->setSession(nullptr);
    m_kpiMenu->setSession(nullptr);
    m_links->setSession(nullptr);
    m_groups->setSession(nullptr);
    m_detail->setModels(&m_noGroups, &m_noKpis);
    m_groups->setShownGroup({});
    m_detail->setUserNames(nullptr);
    m_session = nullptr;
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
                           .remembered = m_flow->current().has_value(),
                           .hasCurrent = !id.isEmpty(),
                           .currentStarred = group && group->favorite,
                           .selected = int(selected.size()),
                           .allStarred = groupModel()->allStarred(selected),
                           .linkProblem = m_session
                                              ? WebLinks::problem(m_session->connection().baseUrl)
                                              : QString()});
    updateHistoryActions();
    qsizetype starred = 0;
    for (const QString &groupId : selected)
        if (const KpiGroup *selectedGroup = groupModel()->group(groupId))
            starred += selectedGroup->favorite ? 1 : 0;
    m_detail->showSelection(int(selected.size()), int(starred));
}

void MainWindow::updateHistoryActions()
{
    m_actions->showHistory(m_session ? m_session->undoDescription() : QString(),
                           m_session ? m_session->redoDescription() : QString());
}

void MainWindow::updateOutboxState()
{
    m_actions->setOutboxAvailable(m_session->waitingCount() > 0 || !m_session->drafts().isEmpty());
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

void MainWindow::newGroup()
{
    if (!m_session)
        return;
    auto *dialog = new NewGroupDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewGroupDialog::nameChosen, this,
            [this, session = QPointer(m_session)](const GroupName &name) {
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
            names.append(VisibleText::isolated(group->name));
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
    m_session->setFavorites(ids, !groupModel()->allStarred(ids));
}

#pragma once

#include "connectionflow.h"
#include "groupfiltermodel.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "sessionhost.h"

#include <QMainWindow>
#include <chrono>
#include <functional>
#include <memory>

class DemoHint;
class GroupCache;
class GroupDetailPane;
class GroupLinks;
class GroupListPane;
class KpiMenu;
class KpiPlacing;
class MessageBanner;
class WindowPlacement;
class QSplitter;
class Session;
class SessionMessages;
class StatusArea;
class TokenStore;
class WindowActions;

// The product's one window: the group list and the current group's details, bound to one
// Session (connection) at a time. It composes the rooms (WindowActions, GroupListPane,
// GroupDetailPane, StatusArea, the banner), binds them to the session the SessionHost makes
// current, turns what the person does into calls on that session, and closes only once what
// was done is sent or handed to the person.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(TokenStore *tokens, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects for this run; `remember` saves the connection (and the token, in the keychain).
    void connectTo(const Connection &connection, bool remember)
    {
        m_flow->connectTo(connection, remember);
    }
    // The last saved connection, with its token from the keychain; else the Connect dialog.
    void connectToLastOrAsk() { m_flow->connectToLastOrAsk(); }
    void openWithoutToken(const SavedConnection &saved) { m_flow->openWithoutToken(saved); }
    // With the token the keychain has for it; asks for one when there is none.
    void connectToSaved(const SavedConnection &saved) { m_flow->connectToSaved(saved); }
    // Connects with a token given in QUANTIVE_TOKEN: when it is refused, it is named as such.
    void connectWithEnvironmentToken(const Connection &connection)
    {
        m_flow->connectWithEnvironmentToken(connection);
    }
    void showConnectDialog(const QString &reason = {}) { m_flow->showConnectDialog(reason); }
    // How "Try the demo" starts the built-in sandbox; returns its connection.
    void setDemoStarter(std::function<std::optional<Connection>()> starter)
    {
        m_flow->setDemoStarter(std::move(starter));
    }
    // Opens the sample account, marked as the demo.
    void startDemo() { m_flow->startDemo(); }
    // Where the last list of each remembered connection is kept (default: the user's cache).
    void setCache(std::shared_ptr<const GroupCache> cache) { m_host->setCache(std::move(cache)); }
    // How long a connection that is left, or the closing window, waits for its changes to be
    // answered (Session::defaultLeaveLimit unless set).
    void setLeaveLimit(std::chrono::milliseconds limit) { m_host->setLeaveLimit(limit); }

    // The current connection; none before the first, and once the window has closed.
    Session *session() const { return m_session; }
    // The models the window shows: the session's, or empty ones.
    GroupListModel *groupModel() const;
    GroupFilterModel *filterModel() const;
    GroupKpisModel *kpisModel() const;
    GroupDetailPane *detailPane() const { return m_detail; }
    QString currentGroupId() const;
    void selectGroup(const QString &groupId);
    // Sizes and places the window, frame included, inside `available` (a screen's available
    // geometry), and keeps its minimum size within it.
    void fitInto(const QRect &available);

Q_SIGNALS:
    // The first list of a connection is shown.
    void groupsLoaded();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createLayout();
    void wireActions();
    void wireRooms();
    void restoreState();
    void saveState();
    void updateActionStates();
    void updateHistoryActions();
    void updateOutboxState();
    void showConnections();
    void onCurrentChanged(const QString &groupId);
    void newGroup();
    void confirmDelete(const QStringList &groupIds);
    void toggleFavoriteOfSelection();
    void showOutbox();
    // Shows `session` (none: empty models), in place of the one shown before.
    void bindSession(Session *session);
    void bindDrafts();
    void unbindSession();
    // Closing with changes the server has not taken: keep them, wait for them, or discard them.
    void askAboutUnsent(Session *session, int unsent);

    SessionHost *m_host;    // the current session, and those left that still send
    ConnectionFlow *m_flow; // which connection is open, and with which token
    Session *m_session = nullptr;
    QObject *m_binding = nullptr; // the context of every connection to the current session
    GroupListModel m_noGroups;    // shown when there is no session
    GroupKpisModel m_noKpis;
    bool m_closing = false;
    bool m_waitingToClose = false;
    int m_questionsOpen = 0; // about unsent changes, while closing

    WindowActions *m_actions = nullptr;
    GroupListPane *m_groups = nullptr;
    GroupDetailPane *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    MessageBanner *m_banner = nullptr;
    DemoHint *m_demoHint = nullptr;
    SessionMessages *m_messages = nullptr;
    KpiPlacing *m_placing = nullptr;
    KpiMenu *m_kpiMenu = nullptr;
    GroupLinks *m_links = nullptr;
    StatusArea *m_status = nullptr;
    std::unique_ptr<WindowPlacement> m_placement;
};

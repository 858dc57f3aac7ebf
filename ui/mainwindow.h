#pragma once

#include "connection.h"
#include "connectionsettings.h"
#include "groupfiltermodel.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"

#include <QMainWindow>
#include <QPointer>
#include <chrono>
#include <functional>
#include <memory>

class ConnectDialog;
class GroupCache;
class GroupDetailPane;
class GroupFilterModel;
class GroupListPane;
class MessageBanner;
class QAction;
class QActionGroup;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QProgressBar;
class QSplitter;
class QToolButton;
class Session;
class SessionHost;
class StatusArea;
class TokenStore;
class WindowActions;

// The product's one window: the group list (search, sort, favorites) and the current group's
// details, bound to one Session (connection) at a time. It builds the widgets, shows what the
// session says and turns what the person does into calls on the session.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(TokenStore *tokens, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects for this run; `remember` saves the connection (and the token, in the keychain).
    void connectTo(const Connection &connection, bool remember);
    // The last saved connection, with its token from the keychain; else the Connect dialog.
    void connectToLastOrAsk();
    void openWithoutToken(const SavedConnection &saved);
    // With the token the keychain has for it; asks for one when there is none.
    void connectToSaved(const SavedConnection &saved);
    // Connects with a token given in QUANTIVE_TOKEN: when it is refused, it is named as such.
    void connectWithEnvironmentToken(const Connection &connection);
    void showConnectDialog(const QString &reason = {});
    // How "Try the demo" starts the built-in sandbox; returns its connection.
    void setDemoStarter(std::function<std::optional<Connection>()> starter);
    // Opens the sample account, marked as the demo.
    void startDemo();
    bool isDemo() const { return m_demo; }
    // Where the last list of each remembered connection is kept (default: the user's cache).
    void setCache(std::shared_ptr<const GroupCache> cache);
    // How long a connection that is left, or the closing window, waits for its changes to be
    // answered (Session::defaultLeaveLimit unless set).
    void setLeaveLimit(std::chrono::milliseconds limit);

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
    void createMenus();
    void createLayout();
    void wireActions();
    void restoreState();
    void saveState();
    void updateActionStates();
    void updateHistoryActions();
    void rebuildConnectionsMenu();
    void onCurrentChanged(const QString &groupId);
    void newGroup();
    void confirmDelete(const QStringList &groupIds);
    void toggleFavoriteOfSelection();
    // Every group of these is starred (those not in the list count as starred).
    bool allStarred(const QStringList &groupIds) const;
    void open(const Connection &connection, bool remember, bool demo);
    void rememberConnection(const Connection &connection);
    void bindSession(Session *session);
    void bindLoading();
    void bindChanges();
    void unbindSession();
    // Lets go of the current connection; what it still has to send, it sends first.
    void leaveSession();
    void wireSessionHost();
    // A new session, made the current one and bound to the window; not opened yet.
    Session *startSession(const Connection &connection, bool keepOutbox, bool remembered);
    void sessionEnding(Session *session);
    void updateLeftSessionsState();
    // Closing with changes the server has not taken: keep them, wait for them, or discard them.
    void askAboutUnsent(Session *session, int unsent);
    void updateOutboxState();
    void showDiskProblem(const QString &why);
    void showOutbox();
    void fitIntoScreen();

    TokenStore *m_tokens;
    ConnectionSettings m_settings;
    std::optional<SavedConnection> m_saved; // the current connection, when it is remembered
    Connection m_connection;
    std::function<std::optional<Connection>()> m_demoStarter;
    Session *m_session = nullptr;
    QObject *m_binding = nullptr; // the context of every connection to the current session
    SessionHost *m_host;          // the current session, and those left that still send
    GroupListModel m_noGroups;    // shown when there is no session
    GroupKpisModel m_noKpis;
    WindowActions *m_actions = nullptr;
    quint64 m_undoBatch = 0;
    bool m_demo = false;
    bool m_keychainAvailable = true;
    // The tokens given in this run, by connection key: in memory only, so that switching back
    // to a connection never asks again, keychain or not.
    QHash<QString, QString> m_sessionTokens;
    QString m_environmentToken; // the token from QUANTIVE_TOKEN, when it is the one in use
    bool m_closing = false;
    bool m_waitingToClose = false;
    Session *m_waitingForServer = nullptr; // closing once its outbox is sent
    int m_questionsOpen = 0;               // about unsent changes, while closing
    std::shared_ptr<const GroupCache> m_cache;

    MessageBanner *m_banner = nullptr;
    GroupListPane *m_groups = nullptr;
    GroupDetailPane *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    StatusArea *m_status = nullptr;
    QPointer<ConnectDialog> m_connectDialog;
};

#pragma once

#include "connection.h"
#include "connectionsettings.h"

#include <QMainWindow>
#include <QPointer>
#include <functional>
#include <memory>

class ConnectDialog;
class GroupActions;
class GroupCache;
class GroupDetailPane;
class GroupFilterModel;
class GroupKpiActions;
class GroupKpisModel;
class GroupItemDelegate;
class GroupListModel;
class KpiGroupsClient;
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
class TokenStore;

// The product's one window: the group list (search, sort, favorites) and the current group's
// details, on one connection at a time.
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
    // With the token the keychain has for it; asks for one when there is none.
    void connectToSaved(const SavedConnection &saved);
    void showConnectDialog(const QString &reason = {});
    // How "Try the demo" starts the built-in sandbox; returns its connection.
    void setDemoStarter(std::function<std::optional<Connection>()> starter);
    // Where the last list of each remembered connection is kept (default: the user's cache).
    void setCache(std::shared_ptr<const GroupCache> cache);

    KpiGroupsClient *client() const { return m_client.get(); }
    GroupListModel *groupModel() const { return m_groups; }
    GroupFilterModel *filterModel() const { return m_filter; }
    GroupActions *actions() const { return m_actions.get(); }
    GroupKpiActions *kpiActions() const { return m_kpiActions.get(); }
    GroupKpisModel *kpisModel() const { return m_kpis; }
    GroupDetailPane *detailPane() const { return m_detail; }
    QString currentGroupId() const;
    void selectGroup(const QString &groupId);

Q_SIGNALS:
    // The first list of a connection is shown.
    void groupsLoaded();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createLayout();
    void wireActions();
    void restoreState();
    void saveState();
    void updateActionStates();
    void updateCount(int shown, int total);
    void updatePlaceholder();
    void rebuildConnectionsMenu();
    void onCurrentChanged();
    void newGroup();
    void confirmDelete(const QString &groupId);
    void toggleFavoriteOfCurrent();
    void startDemo();
    // Lets go of the current connection; what it still has to send, it sends first.
    void rememberCurrentGroup();
    void retireConnection();
    bool hasUnsentWork() const;
    void firstListShown(bool selectNow);
    void selectInitialGroup();

    TokenStore *m_tokens;
    ConnectionSettings m_settings;
    std::optional<SavedConnection> m_saved; // the current connection, when it is remembered
    Connection m_connection;
    std::function<std::optional<Connection>()> m_demoStarter;
    std::unique_ptr<KpiGroupsClient> m_client;
    GroupListModel *m_groups;
    GroupFilterModel *m_filter;
    std::unique_ptr<GroupActions> m_actions;
    GroupKpisModel *m_kpis;
    std::unique_ptr<GroupKpiActions> m_kpiActions;
    quint64 m_undoBatch = 0;
    bool m_closingAfterFlush = false;
    bool m_loadedOnce = false;
    bool m_selectWhenWhole = false; // a first page is shown; the selection waits for the rest
    QString m_selectionAcrossReset; // the group to select again when the list is replaced
    std::shared_ptr<const GroupCache> m_cache;
    QString m_groupToRestore;

    MessageBanner *m_banner = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_sortButton = nullptr;
    QToolButton *m_favoritesOnlyButton = nullptr;
    QListView *m_list = nullptr;
    GroupItemDelegate *m_delegate = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_count = nullptr;
    GroupDetailPane *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPointer<ConnectDialog> m_connectDialog;

    QAction *m_connectAction = nullptr;
    QAction *m_forgetAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_renameAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_favoriteAction = nullptr;
    QAction *m_copyIdAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_favoritesOnlyAction = nullptr;
    QAction *m_favoritesFirstAction = nullptr;
    QActionGroup *m_sortGroup = nullptr;
    QAction *m_aboutAction = nullptr;
    QMenu *m_connectionsMenu = nullptr;
};

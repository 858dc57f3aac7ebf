#pragma once

#include "connectionsettings.h"
#include "groupfiltermodel.h"

#include <QList>
#include <QObject>
#include <optional>
#include <utility>

class QAction;
class QActionGroup;
class QMenu;
class QSettings;
class QWidget;

// The window's actions, in its menus and on its keys, and the rules that enable them and name
// them after what they would act on ("&Star 3 Groups", "&Undo Rename “A” to “B”").
class WindowActions : public QObject
{
    Q_OBJECT

public:
    // The shortcuts work anywhere in `window`.
    explicit WindowActions(QWidget *window);

    struct Menus
    {
        QMenu *file;
        QMenu *edit;
        QMenu *view;
        QMenu *help;
    };
    void fillMenus(const Menus &menus);

    // What the actions on groups would act on.
    struct Target
    {
        bool connected = false;
        bool remembered = false;     // the connection is saved: it can be renamed, forgotten
        bool hasCurrent = false;     // a group is current in the list
        bool currentStarred = false; // the current group is starred
        int selected = 0;            // the groups selected, the current one included
        bool allStarred = false;     // every group selected is starred
        QString linkProblem = {};    // why the groups have no link to the web app, or empty
    };
    void showTarget(const Target &target);
    // What Undo and Redo would do, empty when nothing.
    void showHistory(QString undo, QString redo);
    // Something to list in Changes Not Sent Yet: changes or drafts.
    void setOutboxAvailable(bool available);
    // File → Switch Connection: the saved connections, the current one checked.
    void showConnections(const QList<SavedConnection> &saved,
                         const std::optional<SavedConnection> &current);

    GroupFilterModel::SortKey sortKey() const;
    // The sort order and the favorites filters as the person left them (view/…).
    void restoreView(const QSettings &settings);
    void saveView(QSettings &settings) const;
    // For Help → Keyboard Shortcuts: what each shortcut does, and its keys.
    QList<std::pair<QString, QString>> shortcutList() const;
    // A menu's text as a sentence names it: "&Connect…", "接続(&C)…" and "A&&B" read "Connect…",
    // "接続…" and "A&B".
    static QString withoutMnemonic(QString text);

    QAction *connectAction() const { return m_connect; }
    QAction *forgetAction() const { return m_forget; }
    QAction *renameConnectionAction() const { return m_renameConnection; }
    QAction *refreshAction() const { return m_refresh; }
    QAction *reloadAllAction() const { return m_reloadAll; }
    QAction *quitAction() const { return m_quit; }
    QAction *outboxAction() const { return m_outbox; }
    QAction *exportListAction() const { return m_exportList; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAction *newGroupAction() const { return m_newGroup; }
    QAction *renameAction() const { return m_rename; }
    // Only where the list has the keyboard: Del in a text field deletes text.
    QAction *deleteAction() const { return m_delete; }
    QAction *favoriteAction() const { return m_favorite; }
    QAction *copyIdAction() const { return m_copyId; }
    // The current group's page in Quantive's web app; the links of the groups selected.
    QAction *openInQuantiveAction() const { return m_openInQuantive; }
    QAction *copyLinkAction() const { return m_copyLink; }
    QAction *findAction() const { return m_find; }
    QAction *favoritesOnlyAction() const { return m_favoritesOnly; }
    QAction *favoritesFirstAction() const { return m_favoritesFirst; }
    QAction *reverseAction() const { return m_reverse; }
    QList<QAction *> sortActions() const;
    QAction *shortcutsAction() const { return m_shortcuts; }
    QAction *goToMessageAction() const { return m_goToMessage; }
    // Shows the demo's introduction again; in the demo only.
    QAction *aboutDemoAction() const { return m_aboutDemo; }
    QAction *aboutAction() const { return m_about; }
    QAction *aboutQtAction() const { return m_aboutQt; }

Q_SIGNALS:
    void sortChosen(GroupFilterModel::SortKey key);
    void connectionChosen(const SavedConnection &connection);

private:
    void showLinkTarget(const Target &target);

    QWidget *m_window;
    QList<QAction *> m_onWindow; // in the order they were made: the order of the shortcut list
    QAction *m_connect;
    QAction *m_forget;
    QAction *m_renameConnection;
    QAction *m_refresh;
    QAction *m_reloadAll;
    QAction *m_quit;
    QAction *m_outbox;
    QAction *m_exportList;
    QAction *m_undo;
    QAction *m_redo;
    QAction *m_newGroup;
    QAction *m_rename;
    QAction *m_delete;
    QAction *m_favorite;
    QAction *m_copyId;
    QAction *m_openInQuantive;
    QAction *m_copyLink;
    QAction *m_find;
    QAction *m_favoritesOnly;
    QAction *m_favoritesFirst;
    QAction *m_reverse;
    QActionGroup *m_sortGroup;
    QAction *m_shortcuts;
    QAction *m_goToMessage;
    QAction *m_aboutDemo;
    QAction *m_about;
    QAction *m_aboutQt;
    QMenu *m_connections = nullptr;
};

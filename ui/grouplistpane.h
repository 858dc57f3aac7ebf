#pragma once

#include "coverablelistview.h"
#include "groupfiltermodel.h"

#include <QPointer>
#include <QStringList>
#include <QWidget>

class GroupItemDelegate;
class QAction;
class GroupListModel;
class QLabel;
class QLineEdit;
class QPushButton;
class QListView;
class QPushButton;
class QToolButton;
class Session;
class WindowActions;

// The list of groups: its search, the favorites and sort buttons, the list itself with its
// count and, when it shows nothing, a sentence why. It keeps a group current: the one chosen,
// the one the detail pane shows as the list is filtered and re-sorted, the one chosen again when
// the list is replaced, and again when a search or the favorites that hid it no longer do.
class GroupListPane : public QWidget
{
    Q_OBJECT

public:
    // `noGroups` is shown while there is no session.
    GroupListPane(WindowActions *actions, GroupListModel *noGroups, QWidget *parent = nullptr);

    GroupFilterModel *filterModel() const { return m_filter; }
    CoverableListView *listView() const { return m_list; }
    // Shows the groups of this session, and says how it loads; none shows `noGroups`.
    void setSession(Session *session);
    QString currentGroupId() const;
    void selectGroup(const QString &groupId);
    // Makes the group current and the list's focus, in view: the search or the favorites that
    // hid it are cleared first.
    void goToGroup(const QString &groupId);
    // The groups selected, in the list's order; at least the current group.
    QStringList selectedGroupIds() const;
    // The group the detail pane shows: the list keeps it current and in view, or, hidden by the
    // search or the favorites, makes a group in view current instead.
    void setShownGroup(const QString &groupId) { m_shownGroup = groupId; }
    // The session's state changed without a signal (a loading that started as it opened).
    void updatePlaceholder();
    // Tells the session the first group in view, for it to keep on leaving (the list shows it
    // there again at the next start). Nothing before the list was shown where it was left: an
    // early leave keeps what was kept.
    void rememberTopGroup();
    // Ctrl+F.
    void focusSearch();
    void clearSearch();

Q_SIGNALS:
    void currentGroupChanged(const QString &groupId);
    // The groups selected changed, or what they are (a star): the actions on them follow.
    void selectedGroupsChanged();
    void favoriteClicked(const QString &groupId);
    // Enter or a double click on a group.
    void groupActivated();
    // The entry above the groups: the KPIs in no group (not a group).
    void noGroupChosen();
    void informed(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createWidgets(WindowActions *actions);
    void wire(WindowActions *actions);
    void bindSession();
    void onCurrentChanged();
    void updateCount();
    void applySortKey(GroupFilterModel::SortKey key);
    void selectInitialGroup(const QString &groupId);
    // The row of the group in the list; invalid when it is not shown.
    QModelIndex shownRow(const QString &groupId) const;
    // Scrolls the list to have this row at its top.
    void showAtTop(const QModelIndex &index);
    // Clears the search and the favorites when they hide the group, and selects it.
    void revealGroup(const QString &groupId);
    // From the search to the results.
    void enterList();
    // Keeps the list's current row, the detail pane and the actions on a group in view.
    void followFilter();
    // The row the person looks at, kept where it is on screen while the list is replaced and
    // sorted again (the rest of a first page): the current row, else the one at the top.
    void holdAnchor();
    void restoreAnchor();
    QModelIndex topRow() const;

    GroupListModel *m_noGroups;
    GroupListModel *m_groups;
    GroupFilterModel *m_filter;
    QAction *m_favoritesOnly;
    QPointer<Session> m_session;
    QObject *m_binding = nullptr; // the context of every connection to the session
    QString m_shownGroup;
    QString m_anchorGroup;          // see holdAnchor()
    int m_anchorTop = 0;            // where its row was in the view
    QString m_chosenGroup;          // the person's own choice, not one the list made for a filter
    bool m_following = false;       // the list, not the person, moves the current row
    QString m_selectionAcrossReset; // the group to select again when the list is replaced
    qsizetype m_incompleteOf = -1;  // the groups the server claims, while its list is partial
    bool m_loadingRest = false;     // a first page is shown, the rest of the list on its way
    bool m_cachedShown = false;     // the list shown is the one kept from the last time
    bool m_placed = false;          // the initial group is chosen: the list is where it was left
    QLineEdit *m_search = nullptr;
    QToolButton *m_favoritesOnlyButton = nullptr;
    QToolButton *m_sortButton = nullptr;
    QPushButton *m_noGroup = nullptr;
    CoverableListView *m_list = nullptr;
    GroupItemDelegate *m_delegate = nullptr;
    QLabel *m_placeholder = nullptr;
    QPushButton *m_connect = nullptr; // under "Not connected."
    QLabel *m_count = nullptr;
};

#pragma once

#include "groupname.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class FavoriteButton;
class QAction;
class QHBoxLayout;
class QFormLayout;
class GroupKpisModel;
class GroupKpisPanel;
class GroupListModel;
class MessageBanner;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QToolButton;
class SelectionSummary;
#include "usernames.h"

// The current group: its name, editable in place (Enter or Save commits, Esc reverts), its
// dates and authors, its id, Delete, and the star. An edit is never lost: a refused rename
// stays in the field, marked, with the reason, also after visiting other groups. With several
// groups selected it shows them summed up instead (SelectionSummary).
class GroupDetailPane : public QWidget
{
    Q_OBJECT

public:
    GroupDetailPane(GroupListModel *model, GroupKpisModel *kpis, QWidget *parent = nullptr);

    GroupKpisPanel *kpisPanel() const { return m_kpis; }
    // A message over the pane leaves its KPIs readable and its drop zone clear.
    void makeRoomFor(MessageBanner *banner);
    SelectionSummary *selectionSummary() const { return m_summary; }
    // Another connection's groups and KPIs: drafts of the previous one are dropped.
    void setModels(GroupListModel *model, GroupKpisModel *kpis);
    // The connection's names of people, for who made and changed the group (and owns its
    // KPIs); none shows short ids.
    void setUserNames(UserNames *names);
    // Buttons beside the id for these actions on the group (its page in the web app, its link):
    // enabled, and explained, as the actions are.
    void addGroupActions(const QList<QAction *> &actions);

    QString groupId() const { return m_groupId; }
    void showGroup(const QString &groupId);
    // Not a group: the KPIs in none, without a name, star, dates or Delete.
    void showKpisInNoGroup();
    // More than one group selected, `starred` of them with a star: the summary instead of a group.
    void showSelection(int count, int starred);
    void startRenaming();
    // Called with the outcome of renames, whichever group is shown now.
    void renameSucceeded(const QString &groupId, const QString &name);
    void renameFailed(const QString &groupId, const QString &attemptedName, const QString &reason);
    // Names typed and not saved, by group id: kept when the app closes…
    QHash<QString, QString> unsavedDrafts() const;
    // …and shown again, marked as drafts, when it opens.
    void restoreDrafts(const QHash<QString, QString> &drafts);
    bool hasUnsavedEdit() const;
    // The person discarded what was typed for the group (or the rename it became): the field
    // shows the group's name.
    void forgetDraft(const QString &groupId);

Q_SIGNALS:
    // The name typed for a group and not saved changed (empty: there is none any more, saved,
    // reverted or discarded). Each edit of the person's, never a refresh of the pane.
    void draftChanged(const QString &groupId, const QString &text);
    void renameRequested(const QString &groupId, const GroupName &name);
    void favoriteToggled(const QString &groupId, bool favorite);
    void deleteRequested(const QString &groupId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Draft
    {
        QString text;          // what the field shows
        QString problem;       // why the server refused it
        QString sent;          // the name on its way to the server
        bool restored = false; // kept from when the app last closed
    };

    void setUpWidgets();
    void layOut();
    void wireWidgets();
    void refresh();
    // Who made and last changed the group, by name when known.
    void refreshPeople();
    void refreshName();
    void commit();
    void revert();
    void updateEditState();
    void showPage();
    void copyId();
    void setGroupPartsVisible(bool visible);

    GroupListModel *m_model = nullptr;
    QPointer<UserNames> m_names;
    QString m_groupId;
    QHash<QString, Draft> m_drafts; // by group id: what was typed and not yet accepted

    QStackedWidget *m_stack;
    QLabel *m_empty;
    FavoriteButton *m_favorite;
    QLineEdit *m_name;
    QPushButton *m_save;
    QPushButton *m_revert;
    QLabel *m_problem;
    QLabel *m_draftNote;
    QLabel *m_hiddenNote; // the name typed has characters that do not show
    QLabel *m_created;
    QLabel *m_updated;
    QLabel *m_id;
    QToolButton *m_copyId;
    QHBoxLayout *m_idRow = nullptr;
    QPushButton *m_delete;
    GroupKpisPanel *m_kpis;
    QLabel *m_noGroupTitle;
    QFormLayout *m_form = nullptr;
    bool m_inNoGroup = false;
    SelectionSummary *m_summary;
    int m_selected = 0;
};

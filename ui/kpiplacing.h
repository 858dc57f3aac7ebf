#pragma once

#include "kpi.h"

#include <QObject>
#include <QPointer>

class GroupKpisPanel;
class QAction;
class QDropEvent;
class QFrame;
class QLabel;
class QListView;
class Session;

// Putting the shown group's KPIs in other groups: dragged onto a group of the group list they
// move there (with Ctrl, they are added and stay here too); the KPI menu's Add to Group… and
// Move to Group… choose the group with the keyboard. The row under a drag is highlighted, or
// says why the KPIs cannot go there. Where the server does not offer the add, the menu entries
// are disabled and say why, and a drop is refused with the reason.
class KpiPlacing : public QObject
{
    Q_OBJECT

public:
    KpiPlacing(QListView *groupList, GroupKpisPanel *kpis, QObject *parent = nullptr);

    void setSession(Session *session);
    QAction *addAction() const { return m_add; }
    QAction *moveAction() const { return m_move; }

Q_SIGNALS:
    void informed(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class How
    {
        Add,
        Move
    };
    QList<Kpi> selectedKpis() const;
    // The KPIs a drag carries, as the shown list has them, and the group they come from.
    QList<Kpi> draggedKpis(const QDropEvent *event, QString *fromGroupId) const;
    // Where a drag is, and whether the KPIs can go there: the row highlighted, or why not.
    bool hover(QDropEvent *event);
    void endHover();
    void chooseAndPlace(How how);
    void updateActions();

    QListView *m_groupList;
    GroupKpisPanel *m_kpis;
    QPointer<Session> m_session;
    QObject *m_binding = nullptr;
    QAction *m_add;
    QAction *m_move;
    QFrame *m_target; // around the row a drag is on
    QLabel *m_hint;   // at its end: what a drop does there, or why it cannot
};

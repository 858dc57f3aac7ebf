#pragma once

#include "kpi.h"

#include <QObject>
#include <QPointer>

class GroupKpisPanel;
class QAction;
class QMenu;
class QStatusBar;
class Session;

// A KPI's own entries in the menu of the shown group's KPIs: its name, id and link copied (one a
// line for several KPIs), its page opened in Quantive's web app (see WebLinks), and Other Groups,
// the groups it is in besides this one, by name, to go to one. The names the list does not hold
// are asked for as the submenu opens ("Loading…" meanwhile); the window never waits for them.
class KpiMenu : public QObject
{
    Q_OBJECT

public:
    KpiMenu(GroupKpisPanel *kpis, QStatusBar *status, QObject *parent = nullptr);

    void setSession(Session *session);
    QMenu *otherGroupsMenu() const { return m_others; }

Q_SIGNALS:
    // Go to this group in the group list; it is in the list.
    void groupChosen(const QString &groupId);

private:
    enum class What
    {
        Name,
        Id,
        Link
    };
    // The KPIs selected, in the list's order; else the current one.
    QList<Kpi> selectedKpis() const;
    void updateActions();
    void copy(What what);
    void open();
    void fillOtherGroups();
    void goTo(const QString &groupId, const QString &name);

    GroupKpisPanel *m_kpis;
    QStatusBar *m_status;
    QPointer<Session> m_session;
    QObject *m_binding = nullptr;
    QObject *m_waitingForGroup = nullptr; // the list being read again for a group it lacked
    QAction *m_copyName;
    QAction *m_copyId;
    QAction *m_copyLink;
    QAction *m_open;
    QMenu *m_others;
};

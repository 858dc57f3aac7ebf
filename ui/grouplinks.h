#pragma once

#include <QObject>
#include <QPointer>

class GroupListPane;
class QStatusBar;
class Session;
class WindowActions;

// The groups' ways out of the window: the current group's id copied, the links of the groups
// selected copied (one a line), the current group's page opened in Quantive's web app (see
// WebLinks for where that is). Each says briefly what it did in the status bar.
class GroupLinks : public QObject
{
    Q_OBJECT

public:
    GroupLinks(WindowActions *actions, GroupListPane *groups, QStatusBar *status,
               QObject *parent = nullptr);

    // The connection the links lead into; none: nothing to copy or open.
    void setSession(Session *session);

private:
    void copyId();
    void copyLinks();
    void open();
    QString nameOf(const QString &groupId) const;

    GroupListPane *m_groups;
    QStatusBar *m_status;
    QPointer<Session> m_session;
};

#pragma once

#include "apierror.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <utility>

class GroupListModel;
class KpiGroupsClient;

// The names of groups by id, for the groups a KPI is in: from the list shown, or, for groups the
// list does not hold (made since it was read, or a list read in part), asked of the server
// (KpiGroupsClient::listGroupsById), never waited for: lookUp() says what is known now, and
// answered() says when to look again.
class GroupNames : public QObject
{
    Q_OBJECT

public:
    GroupNames(KpiGroupsClient *client, const GroupListModel *groups, QObject *parent = nullptr);

    struct Lookup
    {
        QList<std::pair<QString, QString>> named; // id and name, in the order of the names
        bool loading = false;                     // some are asked for: answered() follows
        QString problem;                          // why some could not be had, or empty
    };
    // What is known of these groups now. Those neither in the list nor known from an earlier
    // answer are asked for, unless they are already; a group the server no longer has is left
    // out. A failure is told once: looking up the same groups again asks for them again.
    Lookup lookUp(const QStringList &groupIds);

Q_SIGNALS:
    // An answer arrived, or a failure: lookUp() again to see it.
    void answered();

private:
    KpiGroupsClient *m_client;
    const GroupListModel *m_groups;
    QHash<QString, QString> m_found; // by id: names the server gave for groups not in the list
    QSet<QString> m_gone;            // ids the server does not have
    QSet<QString> m_asking;
    QHash<QString, QString> m_failed; // by id: why it could not be had, until told
};

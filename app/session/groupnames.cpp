#include "groupnames.h"

#include "grouplistmodel.h"
#include "kpigroupsclient.h"

#include <algorithm>

GroupNames::GroupNames(KpiGroupsClient *client, const GroupListModel *groups, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_groups(groups)
{}

GroupNames::Lookup GroupNames::lookUp(const QStringList &groupIds)
{
    Lookup lookup;
    QStringList toAsk;
    for (const QString &id : groupIds) {
        if (const KpiGroup *group = m_groups->group(id))
            lookup.named.append({id, group->name});
        else if (const auto found = m_found.constFind(id); found != m_found.cend())
            lookup.named.append({id, *found});
        else if (m_gone.contains(id))
            continue;
        else if (m_asking.contains(id))
            lookup.loading = true;
        else if (const auto failed = m_failed.constFind(id); failed != m_failed.cend())
            lookup.problem = m_failed.take(id);
        else
            toAsk.append(id);
    }
    std::sort(lookup.named.begin(), lookup.named.end(), [](const auto &a, const auto &b) {
        return QString::localeAwareCompare(a.second, b.second) < 0;
    });
    if (toAsk.isEmpty())
        return lookup;
    lookup.loading = true;
    for (const QString &id : std::as_const(toAsk))
        m_asking.insert(id);
    GroupsByIdCall *call = m_client->listGroupsById(toAsk);
    connect(call, &ApiCall::succeeded, this, [this, call, toAsk] {
        for (const KpiGroup &group : call->groups())
            m_found.insert(group.id, group.name);
        for (const QString &id : toAsk) {
            m_asking.remove(id);
            if (!m_found.contains(id))
                m_gone.insert(id); // answered 404, or left out: not there
        }
        Q_EMIT answered();
    });
    connect(call, &ApiCall::failed, this, [this, toAsk](const ApiError &error) {
        for (const QString &id : toAsk) {
            m_asking.remove(id);
            m_failed.insert(id, error.message);
        }
        Q_EMIT answered();
    });
    return lookup;
}

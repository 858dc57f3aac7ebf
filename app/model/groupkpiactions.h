#pragma once

#include "apicall.h"
#include "kpiremovalqueue.h"

#include <QObject>
#include <QPointer>
#include <functional>

class ChangeSender;
class GroupKpisModel;
class GroupListModel;
class KpiGroupsClient;

// The KPIs of the shown group, and taking KPIs out of groups: the list follows the selection
// (late answers for groups left behind are dropped), removals leave the list at once and wait
// in the undo window, refusals put the KPI back, and the groups' KPI counts stay right.
class GroupKpiActions : public QObject
{
    Q_OBJECT

public:
    GroupKpiActions(ChangeSender *sender, GroupListModel *groups, GroupKpisModel *kpis,
                    QObject *parent = nullptr);

    KpiRemovalQueue *queue() { return &m_queue; }
    // KPIs taken out of groups whose removal has not been answered yet.
    int pendingRemovalCount() const { return m_queue.pendingCount(); }
    // Shows another group's KPIs (or, for GroupKpisModel::noGroupId, the KPIs in no group, from
    // the memberships loadCounts() reads); what waits in the undo window is sent now.
    void showGroup(const QString &groupId);
    void reload();
    // The KPI count of every group, and the KPIs in no group, from the memberships of all KPIs.
    void loadCounts();
    // Cancels the loading of KPIs and counts: removals go on.
    void stopReading();

Q_SIGNALS:
    void removalQueued(quint64 batch, const QString &text);
    // Something failed; `retry`, when set, does it again.
    void failed(const QString &text, const std::function<void()> &retry);
    void loadFailed(const QString &text, const std::function<void()> &retry);

private:
    // A removal the server refused, asked for again.
    void removeAgain(const QString &groupId, const Kpi &kpi);
    QString groupName(const QString &groupId) const;
    // The KPIs in no group, as the memberships read last have them, less those an add that
    // waits puts in one.
    void showKpisInNoGroup();

    KpiGroupsClient *m_client;
    GroupListModel *m_groups;
    GroupKpisModel *m_kpis;
    KpiRemovalQueue m_queue;
    QPointer<KpiListCall> m_listCall;
    QPointer<KpiListCall> m_countsCall;
    QList<Kpi> m_inNoGroup;
    bool m_membershipsRead = false;
};

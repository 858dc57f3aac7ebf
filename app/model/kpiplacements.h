#pragma once

#include "apierror.h"
#include "kpi.h"
#include "outbox.h"

#include <QHash>
#include <QObject>
#include <functional>

class ChangeSender;
class GroupKpisModel;
class GroupListModel;

// Puts KPIs in groups: an add (the KPI stays where it is too) or a move (it leaves the group it
// came from). Each KPI is one change in the outbox, shown at once (the groups' counts, the list
// shown, its "also in N other groups") and rolled back with a message when refused; a move
// whose add is refused never removes. The add is an assumed endpoint (see addKpiToGroupVerb): a
// server without it is remembered by the connection's client, said once, and rolled back.
class KpiPlacements : public QObject
{
    Q_OBJECT

public:
    KpiPlacements(ChangeSender *sender, GroupListModel *groups, GroupKpisModel *kpis,
                  QObject *parent = nullptr);

    // False once the server showed it does not offer the add: nothing can be put in a group.
    bool isOffered() const;
    // Why none of these KPIs can go from `fromGroupId` (empty: an add) to `toGroupId`, or
    // empty when some can: the group they come from, a group they are all in, no add offered.
    QString refusal(const QList<Kpi> &kpis, const QString &fromGroupId,
                    const QString &toGroupId) const;
    // Adds the KPIs not in `toGroupId` already; how many.
    int add(const QList<Kpi> &kpis, const QString &toGroupId);
    // Moves the KPIs not in `toGroupId` already out of `fromGroupId` into it; how many.
    int move(const QList<Kpi> &kpis, const QString &fromGroupId, const QString &toGroupId);
    // Takes back an add: the KPIs leave `groupId` at once, with no undo window (a waiting add
    // is simply not sent).
    int takeOut(const QList<Kpi> &kpis, const QString &groupId);

Q_SIGNALS:
    // KPIs were added (`fromGroupId` empty) or moved: `kpis` as they are now (their groupIds).
    void placed(const QList<Kpi> &kpis, const QString &fromGroupId, const QString &toGroupId,
                const QString &text);
    void failed(const QString &text, const std::function<void()> &retry);
    // The server does not offer the add (said once for the connection).
    void unsupported(const QString &text);

private:
    // Shows the KPI leaving `left` and joining `joined` (either may be empty), or the reverse.
    void show(const Kpi &kpi, const QString &left, const QString &joined);
    void onRefused(const OutboxChange &change, const ApiError &error);
    QString groupName(const QString &groupId) const;
    QList<Kpi> placeable(const QList<Kpi> &kpis, const QString &fromGroupId,
                         const QString &toGroupId) const;

    ChangeSender *m_sender;
    GroupListModel *m_groups;
    GroupKpisModel *m_kpis;
    QHash<quint64, Kpi> m_placing; // this run's changes, for a rollback with the whole KPI
    bool m_toldUnsupported = false;
};

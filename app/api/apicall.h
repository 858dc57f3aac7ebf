#pragma once

#include "apierror.h"
#include "groupstamp.h"
#include "kpi.h"
#include "kpigroup.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

class ApiTransport;

// One request to the API, from the call that made it to its end: the caller connects to its
// signals, and hears of its own request only.
//
// It ends in exactly one signal, succeeded() or failed(), and is then deleted (later, by the
// client, which owns it): keep it in a QPointer. cancel() ends it with failed(Cancelled);
// abandon() ends it with no signal at all, as destroying the client does.
class ApiCall : public QObject
{
    Q_OBJECT

public:
    ApiCall(const RequestInfo &info, ApiTransport *transport, QObject *parent);

    RequestId id() const { return m_info.id; }
    const RequestInfo &info() const { return m_info; }
    bool hasEnded() const { return m_ended; }

    void cancel();
    void abandon();

Q_SIGNALS:
    void succeeded();
    void failed(const ApiError &error);

private:
    friend class ApiTransport;
    void succeed();
    void fail(const ApiError &error);
    void end();

    RequestInfo m_info;
    QPointer<ApiTransport> m_transport;
    bool m_ended = false;
};

// getGroup, createGroup: the group, as the server has it.
class GroupCall : public ApiCall
{
    Q_OBJECT

public:
    using ApiCall::ApiCall;

    const KpiGroup &group() const { return m_group; }
    void setGroup(const KpiGroup &group) { m_group = group; }

private:
    KpiGroup m_group;
};

// listGroups and listAllGroups.
class GroupListCall : public ApiCall
{
    Q_OBJECT

public:
    using ApiCall::ApiCall;

    // On success: the list (empty for PagesOnly listings that were read straight through) and
    // how many there are. On failed(Incomplete): what was read, never to be shown as the whole
    // list, and how many the server claimed.
    const QList<KpiGroup> &groups() const { return m_groups; }
    QList<KpiGroup> takeGroups() { return std::exchange(m_groups, {}); }
    qsizetype totalCount() const { return m_totalCount; }
    void setGroups(QList<KpiGroup> groups, qsizetype totalCount)
    {
        m_groups = std::move(groups);
        m_totalCount = totalCount;
    }

Q_SIGNALS:
    void progressed(qsizetype loaded, qsizetype total);
    // Each page of listAllGroups as it arrives, in any order; `offset` is where it starts in
    // the list. Pages can come back short when the list changed while it was read.
    void pageListed(const QList<KpiGroup> &page, qsizetype offset, qsizetype total);
    // The list changed while it was read: it is read again, and its pages come again (with
    // PagesOnly, the end then brings the whole list when two readings were merged).
    void restarted();
    // The whole list was read, and it is not as long as the server's count said: the count was
    // not obeyed (pages are read until one is not full). Comes before succeeded().
    void miscounted(qsizetype claimed, qsizetype read);

private:
    QList<KpiGroup> m_groups;
    qsizetype m_totalCount = 0;
};

// listGroupsById: the groups found, and the ids the server does not have.
class GroupsByIdCall : public GroupListCall
{
    Q_OBJECT

public:
    using GroupListCall::GroupListCall;

    // On success: the ids asked for that the server answered 404 for (deleted meanwhile).
    const QStringList &gone() const { return m_gone; }
    void setGone(QStringList gone) { m_gone = std::move(gone); }

private:
    QStringList m_gone;
};

// listGroupStamps: a listing of a few fields of each group, with the signals of listAllGroups.
class GroupStampListCall : public ApiCall
{
    Q_OBJECT

public:
    using ApiCall::ApiCall;

    // As GroupListCall::groups(): the stamps at the end (for PagesOnly, only when two readings
    // were merged), or what was read of a list that failed with Incomplete.
    const QList<GroupStamp> &stamps() const { return m_stamps; }
    QList<GroupStamp> takeStamps() { return std::exchange(m_stamps, {}); }
    qsizetype totalCount() const { return m_totalCount; }
    void setStamps(QList<GroupStamp> stamps, qsizetype totalCount)
    {
        m_stamps = std::move(stamps);
        m_totalCount = totalCount;
    }

Q_SIGNALS:
    void progressed(qsizetype loaded, qsizetype total);
    void pageListed(const QList<GroupStamp> &page, qsizetype offset, qsizetype total);
    void restarted();
    void miscounted(qsizetype claimed, qsizetype read);

private:
    QList<GroupStamp> m_stamps;
    qsizetype m_totalCount = 0;
};

// listAllKpis and listGroupKpis.
class KpiListCall : public ApiCall
{
    Q_OBJECT

public:
    using ApiCall::ApiCall;

    const QList<Kpi> &kpis() const { return m_kpis; }
    qsizetype totalCount() const { return m_totalCount; }
    void setKpis(QList<Kpi> kpis, qsizetype totalCount)
    {
        m_kpis = std::move(kpis);
        m_totalCount = totalCount;
    }

Q_SIGNALS:
    // listGroupKpis: the server also sent KPIs that are not in the group (it did not filter as
    // asked); they were left out of kpis(). Comes before succeeded().
    void otherGroupsKpisLeftOut(qsizetype count);

private:
    QList<Kpi> m_kpis;
    qsizetype m_totalCount = 0;
};

// listUsers.
class UserNamesCall : public ApiCall
{
    Q_OBJECT

public:
    using ApiCall::ApiCall;

    // By id; people the server does not know are left out.
    const QHash<QString, QString> &names() const { return m_names; }
    void setNames(QHash<QString, QString> names) { m_names = std::move(names); }

private:
    QHash<QString, QString> m_names;
};

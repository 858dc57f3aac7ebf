#include "kpigroupsclient.h"

#include "apijson.h"
#include "groupsbyid.h"
#include "pagedlisting.h"
#include "replycheck.h"

using namespace Qt::StringLiterals;

KpiGroupsClient::KpiGroupsClient(QObject *parent)
    : QObject(parent)
{}

KpiGroupsClient::~KpiGroupsClient() = default;

void KpiGroupsClient::setConnection(const Connection &connection)
{
    // Another server or account may page differently.
    if (connection.baseUrl != m_transport.connection().baseUrl ||
        connection.accountId != m_transport.connection().accountId)
        m_learnedPageSize = 0;
    m_transport.setConnection(connection);
}

template<typename C>
C *KpiGroupsClient::begin(const RequestInfo &info)
{
    C *call = m_transport.begin<C>(info, this);
    Q_EMIT callStarted(call);
    return call;
}

template<typename C>
C *KpiGroupsClient::single(const RequestInfo &info, const ApiRequest &request, Answer answer)
{
    C *call = begin<C>(info);
    if (!m_transport.refuse(call, &request)) {
        m_transport.send(call->id(), request,
                         [id = call->id(), answer = std::move(answer)](
                             const ApiTransport::Outcome &outcome) { answer(id, outcome); });
    }
    return call;
}

GroupListCall *KpiGroupsClient::listGroups(const ListQuery &query)
{
    return single<GroupListCall>(
        {.endpoint = Endpoint::ListGroups}, ApiRequests::listGroups(connection(), query),
        [this](RequestId id, const ApiTransport::Outcome &outcome) {
            m_transport.inBackground<ApiJson::Page<KpiGroup>>(
                id, [body = outcome.body] { return ApiJson::groupPage(body); },
                [this, id](ApiJson::Page<KpiGroup> &&page) {
                    if (!page.problem.isEmpty())
                        return m_transport.fail(id, ApiError::make(ApiError::Kind::BadResponse));
                    const qsizetype total =
                        page.totalCount < 0 ? page.items.size() : page.totalCount;
                    m_transport.succeed<GroupListCall>(id, [&](GroupListCall *call) {
                        call->setGroups(std::move(page.items), total);
                    });
                });
        });
}

template<typename T, typename C>
C *KpiGroupsClient::listAll(const ListQuery &query, Delivery delivery, qsizetype expected,
                            ApiJson::Page<T> (*parse)(const QByteArray &),
                            void (C::*set)(QList<T>, qsizetype), bool window, bool blind)
{
    C *call = begin<C>({.endpoint = Endpoint::ListGroups});
    const QPointer<C> heard = call;
    typename PagedListing<T>::Hooks hooks;
    hooks.build = &ApiRequests::listGroups;
    hooks.parse = parse;
    // The listing runs only while its call is pending, so the call is there to hear it.
    hooks.progress = [heard](qsizetype loaded, qsizetype total) {
        if (heard)
            Q_EMIT heard->progressed(loaded, total);
    };
    hooks.pageArrived = [heard](const QList<T> &page, qsizetype offset, qsizetype total) {
        if (heard)
            Q_EMIT heard->pageListed(page, offset, total);
    };
    hooks.restarted = [heard] {
        if (heard)
            Q_EMIT heard->restarted();
    };
    hooks.miscounted = [heard](qsizetype claimed, qsizetype read) {
        if (heard)
            Q_EMIT heard->miscounted(claimed, read);
    };
    const RequestId id = call->id();
    hooks.done = [this, id, set](QList<T> &&items, qsizetype total) {
        m_transport.succeed<C>(id, [&](C *call) { (call->*set)(std::move(items), total); });
    };
    hooks.incomplete = [this, heard, id, set](QList<T> &&items, qsizetype claimed,
                                              const QString &why) {
        if (heard)
            (heard->*set)(std::move(items), claimed);
        m_transport.fail(id, ApiError::make(ApiError::Kind::Incomplete, why));
    };
    PagedListing<T>::start(&m_transport, call, query, delivery == Delivery::WholeList,
                           std::move(hooks), &m_learnedPageSize, expected, window, blind);
    return call;
}

GroupListCall *KpiGroupsClient::listAllGroups(const ListQuery &query, Delivery delivery,
                                              qsizetype expected)
{
    return listAll<KpiGroup, GroupListCall>(query, delivery, std::max<qsizetype>(0, expected),
                                            &ApiJson::groupPage, &GroupListCall::setGroups, false,
                                            expected == mayBeLong);
}

GroupListCall *KpiGroupsClient::listGroupsWindow(const ListQuery &query)
{
    return listAll<KpiGroup, GroupListCall>(query, Delivery::WholeList, 0, &ApiJson::groupPage,
                                            &GroupListCall::setGroups, true);
}

GroupStampListCall *KpiGroupsClient::listGroupStamps(const ListQuery &query, Delivery delivery,
                                                     qsizetype expected)
{
    return listAll<GroupStamp, GroupStampListCall>(
        query, delivery, expected, &ApiJson::groupStampPage, &GroupStampListCall::setStamps);
}

GroupsByIdCall *KpiGroupsClient::listGroupsById(const QStringList &groupIds)
{
    GroupsByIdCall *call = begin<GroupsByIdCall>({.endpoint = Endpoint::ListGroups});
    const qsizetype pageSize =
        m_learnedPageSize > 0 ? m_learnedPageSize : m_transport.retryPolicy().pageSize;
    GroupsById::start(&m_transport, call, groupIds, pageSize);
    return call;
}

KpiListCall *KpiGroupsClient::listAllKpis(const ListQuery &query)
{
    KpiListCall *call = begin<KpiListCall>({.endpoint = Endpoint::ListKpis});
    PagedListing<Kpi>::Hooks hooks;
    hooks.build = &ApiRequests::listKpis;
    hooks.parse = &ApiJson::kpiPage;
    const RequestId id = call->id();
    hooks.done = [this, id](QList<Kpi> &&kpis, qsizetype total) {
        m_transport.succeed<KpiListCall>(
            id, [&](KpiListCall *call) { call->setKpis(std::move(kpis), total); });
    };
    // KPI counts from part of the KPIs would be wrong: none is better.
    hooks.incomplete = [this, id](QList<Kpi> &&, qsizetype, const QString &why) {
        m_transport.fail(id, ApiError::make(ApiError::Kind::Incomplete, why));
    };
    PagedListing<Kpi>::start(&m_transport, call, query, true, std::move(hooks), &m_learnedPageSize);
    return call;
}

GroupCall *KpiGroupsClient::getGroup(const QString &groupId)
{
    return single<GroupCall>(
        {.endpoint = Endpoint::GetGroup, .groupId = groupId},
        ApiRequests::getGroup(connection(), groupId),
        [this, groupId](RequestId id, const ApiTransport::Outcome &outcome) {
            const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
            if (!group)
                return m_transport.fail(id, ApiError::make(ApiError::Kind::BadResponse));
            if (std::optional<ApiError> other = ReplyCheck::otherGroupError(groupId, *group))
                return m_transport.fail(id, std::move(*other));
            m_transport.succeed<GroupCall>(id, [&](GroupCall *call) { call->setGroup(*group); });
        });
}

GroupCall *KpiGroupsClient::createGroup(const QString &name, const QDateTime &triedAt)
{
    if (const std::optional<GroupName> checked = GroupName::from(name))
        return createGroup(*checked, triedAt);
    GroupCall *call = begin<GroupCall>({.endpoint = Endpoint::CreateGroup});
    m_transport.failSoon(call->id(),
                         ApiError::make(ApiError::Kind::BadRequest, GroupName::problemOf(name)));
    return call;
}

GroupCall *KpiGroupsClient::createGroup(const GroupName &name, const QDateTime &triedAt)
{
    GroupCall *call = begin<GroupCall>({.endpoint = Endpoint::CreateGroup});
    const RequestId id = call->id();
    if (name.isNull()) {
        m_transport.failSoon(id,
                             ApiError::make(ApiError::Kind::BadRequest, GroupName::problemOf({})));
        return call;
    }
    if (m_transport.refuse(call))
        return call;
    const QString trimmed = name.text();
    const auto send = [this, id, trimmed] {
        m_transport.send(
            id, ApiRequests::createGroup(connection(), trimmed),
            [this, id](const ApiTransport::Outcome &outcome) {
                const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
                if (!group)
                    return m_transport.fail(id, ApiError::make(ApiError::Kind::BadResponse));
                m_transport.succeed<GroupCall>(id,
                                               [&](GroupCall *call) { call->setGroup(*group); });
            });
        m_transport.setReconcile(id, [this, id, trimmed, sentAt = QDateTime::currentDateTimeUtc()] {
            m_reconciler.reconcileCreate(id, trimmed, sentAt, [this, id, trimmed] {
                m_transport.fail(id, ApiError::make(ApiError::Kind::Network,
                                                    ApiError::tr("The server did not answer, and "
                                                                 "it has no new group named "
                                                                 "“%1”: it was not created. Try "
                                                                 "again.")
                                                        .arg(trimmed)));
            });
        });
    };
    if (triedAt.isValid())
        m_reconciler.reconcileCreate(id, trimmed, triedAt, send); // sent only if it did not land
    else
        send();
    return call;
}

ApiCall *KpiGroupsClient::renameGroup(const QString &groupId, const QString &name)
{
    if (const std::optional<GroupName> checked = GroupName::from(name))
        return renameGroup(groupId, *checked);
    ApiCall *call = begin<ApiCall>({.endpoint = Endpoint::RenameGroup, .groupId = groupId});
    m_transport.failSoon(call->id(),
                         ApiError::make(ApiError::Kind::BadRequest, GroupName::problemOf(name)));
    return call;
}

ApiCall *KpiGroupsClient::renameGroup(const QString &groupId, const GroupName &name,
                                      bool triedBefore)
{
    ApiCall *call = begin<ApiCall>({.endpoint = Endpoint::RenameGroup, .groupId = groupId});
    const RequestId id = call->id();
    if (name.isNull()) {
        m_transport.failSoon(id,
                             ApiError::make(ApiError::Kind::BadRequest, GroupName::problemOf({})));
        return call;
    }
    const QString trimmed = name.text();
    const ApiRequest request = ApiRequests::renameGroup(connection(), groupId, trimmed);
    if (m_transport.refuse(call, &request))
        return call;
    const auto send = [this, id, request] {
        m_transport.send(id, request,
                         [this, id](const ApiTransport::Outcome &) { m_transport.succeed(id); });
    };
    m_transport.setReconcile(
        id, [this, id, groupId, trimmed] { m_reconciler.reconcileRename(id, groupId, trimmed); });
    if (triedBefore)
        m_reconciler.reconcileRename(id, groupId, trimmed, send); // sent only if not there
    else
        send();
    return call;
}

ApiCall *KpiGroupsClient::change(const RequestInfo &info, const ApiRequest &request)
{
    return single<ApiCall>(info, request, [this](RequestId id, const ApiTransport::Outcome &) {
        m_transport.succeed(id);
    });
}

ApiCall *KpiGroupsClient::deleteGroup(const QString &groupId)
{
    return change({.endpoint = Endpoint::DeleteGroup, .groupId = groupId},
                  ApiRequests::deleteGroup(connection(), groupId));
}

ApiCall *KpiGroupsClient::favoriteGroup(const QString &groupId)
{
    return change({.endpoint = Endpoint::FavoriteGroup, .groupId = groupId},
                  ApiRequests::favoriteGroup(connection(), groupId));
}

ApiCall *KpiGroupsClient::unfavoriteGroup(const QString &groupId)
{
    return change({.endpoint = Endpoint::UnfavoriteGroup, .groupId = groupId},
                  ApiRequests::unfavoriteGroup(connection(), groupId));
}

ApiCall *KpiGroupsClient::removeKpiFromGroup(const QString &kpiId, const QString &groupId)
{
    return change({.endpoint = Endpoint::RemoveKpiFromGroup, .groupId = groupId, .kpiId = kpiId},
                  ApiRequests::removeKpiFromGroup(connection(), kpiId, groupId));
}

ApiCall *KpiGroupsClient::addKpiToGroup(const QString &kpiId, const QString &groupId,
                                        bool triedBefore)
{
    ApiCall *call =
        begin<ApiCall>({.endpoint = Endpoint::AddKpiToGroup, .groupId = groupId, .kpiId = kpiId});
    const RequestId id = call->id();
    if (m_kpiAddingUnsupported) {
        m_transport.failSoon(id, ApiError::make(ApiError::Kind::Unsupported));
        return call;
    }
    const ApiRequest request = ApiRequests::addKpiToGroup(connection(), kpiId, groupId);
    if (m_transport.refuse(call, &request))
        return call;
    const auto unsupported = [this, id](const ApiError &error) {
        m_kpiAddingUnsupported = true;
        m_transport.fail(id, error);
    };
    // A 404 may be the group's, gone since: only a group still there makes it the server's.
    const auto recover = [this, id, groupId, unsupported](const ApiError &error) {
        if (error.kind != ApiError::Kind::Unsupported)
            return false;
        if (error.httpStatus != 404) {
            unsupported(error);
            return true;
        }
        m_transport.send(
            id, ApiRequests::getGroup(connection(), groupId),
            [error, unsupported](const ApiTransport::Outcome &) { unsupported(error); });
        return true;
    };
    const auto send = [this, id, request, recover] {
        m_transport.send(
            id, request, [this, id](const ApiTransport::Outcome &) { m_transport.succeed(id); },
            recover);
    };
    m_transport.setReconcile(id, [this, id, kpiId, groupId, send] {
        m_reconciler.reconcileKpiAdded(id, kpiId, groupId, send);
    });
    if (triedBefore)
        m_reconciler.reconcileKpiAdded(id, kpiId, groupId, send); // sent only if not there
    else
        send();
    return call;
}

KpiListCall *KpiGroupsClient::listGroupKpis(const QString &groupId)
{
    // The page, and how many of its KPIs are not in the group.
    using Kpis = std::pair<ApiJson::Page<Kpi>, qsizetype>;
    return single<KpiListCall>(
        {.endpoint = Endpoint::ListKpis, .groupId = groupId},
        ApiRequests::listKpis(connection(), ApiRequests::groupKpisQuery(groupId)),
        [this, groupId](RequestId id, const ApiTransport::Outcome &outcome) {
            m_transport.inBackground<Kpis>(
                id,
                [body = outcome.body, groupId] {
                    ApiJson::Page<Kpi> page = ApiJson::kpiPage(body);
                    // Where the server says which groups a KPI is in, that is believed over its
                    // filter.
                    const qsizetype others = page.items.removeIf([&](const Kpi &kpi) {
                        return kpi.groupIdsGiven &&
                               !kpi.groupIds.contains(groupId, Qt::CaseInsensitive);
                    });
                    return Kpis{std::move(page), others};
                },
                [this, id](Kpis &&kpis) {
                    // Named, not bound: clang 14 cannot capture a structured binding.
                    ApiJson::Page<Kpi> &page = kpis.first;
                    const qsizetype others = kpis.second;
                    if (!page.problem.isEmpty())
                        return m_transport.fail(id, ApiError::make(ApiError::Kind::BadResponse));
                    m_transport.succeed<KpiListCall>(id, [&](KpiListCall *call) {
                        if (others > 0)
                            Q_EMIT call->otherGroupsKpisLeftOut(others);
                        const qsizetype count = page.items.size();
                        call->setKpis(std::move(page.items), count);
                    });
                });
        });
}

UserNamesCall *KpiGroupsClient::listUsers(const QStringList &userIds)
{
    using Names = std::optional<QHash<QString, QString>>;
    return single<UserNamesCall>(
        {.endpoint = Endpoint::ListUsers}, ApiRequests::listUsers(connection(), userIds),
        [this](RequestId id, const ApiTransport::Outcome &outcome) {
            m_transport.inBackground<Names>(
                id, [body = outcome.body] { return ApiJson::userNames(body); },
                [this, id](Names &&names) {
                    if (!names)
                        return m_transport.fail(id, ApiError::make(ApiError::Kind::BadResponse));
                    m_transport.succeed<UserNamesCall>(
                        id, [&](UserNamesCall *call) { call->setNames(std::move(*names)); });
                });
        });
}

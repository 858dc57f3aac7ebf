#include "endpoint.h"

#include "replylimits.h"

using namespace Qt::StringLiterals;

namespace {

constexpr EndpointSpec endpoints[] = {
    {Endpoint::ListGroups, "GET", "/kpis/groups"_L1, true, true, ReplyLimits::listPage},
    {Endpoint::GetGroup, "GET", "/kpis/groups/{groupId}"_L1, true, true, ReplyLimits::single},
    {Endpoint::CreateGroup, "POST", "/kpis/groups"_L1, false, true, ReplyLimits::single},
    {Endpoint::RenameGroup, "PATCH", "/kpis/groups/{groupId}"_L1, false, false,
     ReplyLimits::single},
    {Endpoint::DeleteGroup, "DELETE", "/kpis/groups/{groupId}"_L1, true, false,
     ReplyLimits::single},
    {Endpoint::FavoriteGroup, "PUT", "/kpis/groups/{groupId}/favorite"_L1, true, false,
     ReplyLimits::single},
    {Endpoint::UnfavoriteGroup, "DELETE", "/kpis/groups/{groupId}/favorite"_L1, true, false,
     ReplyLimits::single},
    {Endpoint::ListKpis, "GET", "/kpis"_L1, true, true, ReplyLimits::listPage},
    {Endpoint::RemoveKpiFromGroup, "DELETE", "/kpis/{kpiId}/groups/{groupId}"_L1, true, false,
     ReplyLimits::single},
    {Endpoint::AddKpiToGroup, addKpiToGroupVerb, addKpiToGroupPath, true, false,
     ReplyLimits::single},
    {Endpoint::ListUsers, "GET", "/users"_L1, true, true, ReplyLimits::people},
};

constexpr QLatin1StringView names[] = {
    "list groups"_L1,           "get group"_L1,        "create group"_L1,     "rename group"_L1,
    "delete group"_L1,          "favorite group"_L1,   "unfavorite group"_L1, "list KPIs"_L1,
    "remove KPI from group"_L1, "add KPI to group"_L1, "list users"_L1,
};

static_assert(std::size(endpoints) == std::size(names));

} // namespace

const EndpointSpec &endpointSpec(Endpoint endpoint)
{
    return endpoints[int(endpoint)];
}

QLatin1StringView endpointName(Endpoint endpoint)
{
    return names[int(endpoint)];
}

#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QtGlobal>

// Every endpoint the client uses, and the one table that says how each is reached.
enum class Endpoint
{
    ListGroups,
    GetGroup,
    CreateGroup,
    RenameGroup,
    DeleteGroup,
    FavoriteGroup,
    UnfavoriteGroup,
    ListKpis,
    RemoveKpiFromGroup,
    AddKpiToGroup, // an assumption: see addKpiToGroupAssumed
    ListUsers,
};

struct EndpointSpec
{
    Endpoint endpoint;
    QByteArrayView verb;
    QLatin1StringView path; // relative to the base URL; {groupId} and {kpiId} are filled in
    bool idempotent;        // safe to send again after a network error, a timeout or a 5xx
    bool answersWithBody;   // a JSON document is expected on success
    qint64 answerLimit;     // the most read of a successful answer (see ReplyLimits)
};

// ASSUMPTION (outside the seed, see "Adding a KPI to a group" in the API notes): the seed documents
// only the removal, DELETE /kpis/{kpiId}/groups/{groupId}; adding is taken to be its mirror, an
// idempotent PUT answered 200. A 404 or 405 on it means the server does not offer it (see
// ApiError::Kind::Unsupported): never another verb guessed at run time. Correct the verb and the
// path here once a live account shows them.
inline constexpr QByteArrayView addKpiToGroupVerb = "PUT";
inline constexpr QLatin1StringView addKpiToGroupPath{"/kpis/{kpiId}/groups/{groupId}"};

const EndpointSpec &endpointSpec(Endpoint endpoint);
QLatin1StringView endpointName(Endpoint endpoint);

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

const EndpointSpec &endpointSpec(Endpoint endpoint);
QLatin1StringView endpointName(Endpoint endpoint);

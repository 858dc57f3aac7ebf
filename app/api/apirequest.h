#pragma once

#include "connection.h"
#include "endpoint.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QUrl>
#include <optional>

// What a list request asks for; empty parts are left out of the URL.
struct ListQuery
{
    QString filter; // Mongo-style JSON
    QString sort;   // "-favorite,name"
    QString fields; // "id,name"
    std::optional<qsizetype> skip;
    std::optional<qsizetype> take;
};

// One HTTP request, fully described: built by the pure functions below, sent by the client.
struct ApiRequest
{
    Endpoint endpoint;
    QByteArray verb;
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Why it must not be sent (an id that is not one), or empty.
    QString problem;

    QNetworkRequest toNetworkRequest() const;
};

namespace ApiRequests {

// What every request says of the program that sends it, e.g. "kpigroups/0.1.0 (Qt 6.4.2; Debian
// GNU/Linux 12 (bookworm))": the program as its main names it (QCoreApplication's
// applicationName: "kpigroups", "kpigroups-cli"), this version, Qt's and the system's.
QByteArray userAgent();

ApiRequest listGroups(const Connection &connection, const ListQuery &query);
ApiRequest getGroup(const Connection &connection, const QString &groupId);
ApiRequest createGroup(const Connection &connection, const QString &name);
ApiRequest renameGroup(const Connection &connection, const QString &groupId, const QString &name);
ApiRequest deleteGroup(const Connection &connection, const QString &groupId);
ApiRequest favoriteGroup(const Connection &connection, const QString &groupId);
ApiRequest unfavoriteGroup(const Connection &connection, const QString &groupId);
ApiRequest listKpis(const Connection &connection, const ListQuery &query);
// GET /kpis for the KPIs in one group, sorted by name, with the fields the app shows.
ListQuery groupKpisQuery(const QString &groupId);
ApiRequest removeKpiFromGroup(const Connection &connection, const QString &kpiId,
                              const QString &groupId);
// The assumed mirror of the removal (see addKpiToGroupVerb): no body.
ApiRequest addKpiToGroup(const Connection &connection, const QString &kpiId,
                         const QString &groupId);
// GET /users for the names of these people (Quantive's documented filter by _id); every id
// must be one.
ApiRequest listUsers(const Connection &connection, const QStringList &userIds);

} // namespace ApiRequests

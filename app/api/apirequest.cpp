#include "apirequest.h"

#include "apiinput.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace {

QByteArray encodedQuery(const ListQuery &query)
{
    QByteArrayList items;
    const auto add = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            items.append(QByteArray(name) + '=' + QUrl::toPercentEncoding(value));
    };
    add("filter", query.filter);
    add("sort", query.sort);
    add("fields", query.fields);
    if (query.skip)
        add("skip", QString::number(*query.skip));
    if (query.take)
        add("take", QString::number(*query.take));
    return items.join('&');
}

ApiRequest build(const Connection &connection, Endpoint endpoint, const QString &groupId = {},
                 const QString &kpiId = {}, const QByteArray &query = {},
                 const QByteArray &body = {})
{
    const EndpointSpec &spec = endpointSpec(endpoint);
    QByteArray path = QByteArray(spec.path.data(), spec.path.size());
    QString problem;
    // Ids become path segments: only real ids, and encoded so that none can read as "." or "..".
    const auto insert = [&](const char *placeholder, const QString &id, ApiInput::IdOf what) {
        if (!path.contains(placeholder))
            return;
        if (problem.isEmpty())
            problem = ApiInput::idProblem(id, what);
        path.replace(placeholder, problem.isEmpty() ? QUrl::toPercentEncoding(id, {}, ".") : "_");
    };
    insert("{kpiId}", kpiId, ApiInput::IdOf::Kpi);
    insert("{groupId}", groupId, ApiInput::IdOf::Group);
    // Header values: nothing that could end a header and start another.
    if (problem.isEmpty())
        problem = ApiInput::idProblem(connection.accountId, ApiInput::IdOf::Account);
    if (problem.isEmpty())
        problem = ApiInput::tokenProblem(connection.token);

    QByteArray base = connection.baseUrl.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment |
                                                   QUrl::StripTrailingSlash);
    QByteArray url = base + path;
    if (!query.isEmpty())
        url += '?' + query;

    ApiRequest request{
        endpoint, spec.verb.toByteArray(), QUrl::fromEncoded(url, QUrl::StrictMode), {}, body,
        problem};
    request.headers = {
        {"Authorization", "Bearer " + connection.token.toUtf8()},
        {"gtmhub-accountId", connection.accountId.toUtf8()},
        {"Content-Type", "application/json"},
        {"Accept", "application/json"},
        {"User-Agent", ApiRequests::userAgent()},
    };
    return request;
}

QByteArray nameBody(const QString &name)
{
    return QJsonDocument(QJsonObject{{u"name"_s, name}}).toJson(QJsonDocument::Compact);
}

} // namespace

QNetworkRequest ApiRequest::toNetworkRequest() const
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return request;
}

namespace ApiRequests {

QByteArray userAgent()
{
    // A header value: printable ASCII only (RFC 9110), whatever the system calls itself.
    const auto printable = [](const QString &text) {
        QByteArray out = text.toUtf8();
        for (char &c : out)
            if (uchar(c) < 0x20 || uchar(c) > 0x7e)
                c = '?';
        return out;
    };
    static const QByteArray platform =
        " (Qt " + QByteArray(qVersion()) + "; " + printable(QSysInfo::prettyProductName()) + ')';
    QByteArray program = printable(QCoreApplication::applicationName());
    // A product name is a token: no space, slash or parenthesis.
    for (char &c : program)
        if (QByteArrayView(" \t\"(),/:;<=>?@[\\]{}").contains(c))
            c = '-';
    return program + '/' + KPIGROUPS_VERSION + platform;
}

ApiRequest listGroups(const Connection &connection, const ListQuery &query)
{
    return build(connection, Endpoint::ListGroups, {}, {}, encodedQuery(query));
}

ApiRequest getGroup(const Connection &connection, const QString &groupId)
{
    return build(connection, Endpoint::GetGroup, groupId);
}

ApiRequest createGroup(const Connection &connection, const QString &name)
{
    return build(connection, Endpoint::CreateGroup, {}, {}, {}, nameBody(name));
}

ApiRequest renameGroup(const Connection &connection, const QString &groupId, const QString &name)
{
    return build(connection, Endpoint::RenameGroup, groupId, {}, {}, nameBody(name));
}

ApiRequest deleteGroup(const Connection &connection, const QString &groupId)
{
    return build(connection, Endpoint::DeleteGroup, groupId);
}

ApiRequest favoriteGroup(const Connection &connection, const QString &groupId)
{
    return build(connection, Endpoint::FavoriteGroup, groupId);
}

ApiRequest unfavoriteGroup(const Connection &connection, const QString &groupId)
{
    return build(connection, Endpoint::UnfavoriteGroup, groupId);
}

ApiRequest listKpis(const Connection &connection, const ListQuery &query)
{
    return build(connection, Endpoint::ListKpis, {}, {}, encodedQuery(query));
}

ListQuery groupKpisQuery(const QString &groupId)
{
    const QJsonObject filter{{u"groupIds"_s, QJsonObject{{u"$in"_s, QJsonArray{groupId}}}}};
    ListQuery query;
    query.filter = QString::fromUtf8(QJsonDocument(filter).toJson(QJsonDocument::Compact));
    query.fields = u"id,name,description,ownerId,groupIds"_s;
    query.sort = u"name"_s;
    return query;
}

ApiRequest removeKpiFromGroup(const Connection &connection, const QString &kpiId,
                              const QString &groupId)
{
    return build(connection, Endpoint::RemoveKpiFromGroup, groupId, kpiId);
}

ApiRequest addKpiToGroup(const Connection &connection, const QString &kpiId, const QString &groupId)
{
    return build(connection, Endpoint::AddKpiToGroup, groupId, kpiId);
}

ApiRequest listUsers(const Connection &connection, const QStringList &userIds)
{
    QString problem;
    for (const QString &id : userIds)
        if (problem.isEmpty())
            problem = ApiInput::idProblem(id, ApiInput::IdOf::User);
    const QJsonObject filter{
        {u"_id"_s, QJsonObject{{u"$in"_s, QJsonArray::fromStringList(userIds)}}}};
    ListQuery query;
    query.filter = QString::fromUtf8(QJsonDocument(filter).toJson(QJsonDocument::Compact));
    query.fields = u"id,firstName,lastName,email"_s;
    query.take = userIds.size();
    ApiRequest request = build(connection, Endpoint::ListUsers, {}, {}, encodedQuery(query));
    if (request.problem.isEmpty())
        request.problem = problem;
    return request;
}

} // namespace ApiRequests

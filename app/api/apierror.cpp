#include "apierror.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

// The server's own words, when it sent a short, readable error ({"error": …}, or plain text).
QString readableServerMessage(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    QString text;
    if (document.isObject()) {
        const QJsonObject object = document.object();
        for (const auto key : {"error"_L1, "message"_L1, "detail"_L1}) {
            if (object.value(key).isString()) {
                text = object.value(key).toString();
                break;
            }
        }
    } else if (!body.trimmed().startsWith('<')) {
        text = QString::fromUtf8(body);
    }
    text = text.simplified();
    const bool readable =
        std::all_of(text.begin(), text.end(), [](QChar c) { return c.isPrint(); });
    if (!readable || text.size() > 200)
        return {};
    return text;
}

} // namespace

ApiError ApiError::make(Kind kind, const QString &detail)
{
    ApiError error;
    error.kind = kind;
    error.message = detail.isEmpty() ? defaultMessage(kind) : detail;
    if (kind == Kind::Server)
        error.message = error.message.arg(QString());
    return error;
}

ApiError ApiError::fromStatus(int httpStatus, Endpoint endpoint, const QByteArray &body)
{
    ApiError error;
    error.httpStatus = httpStatus;
    switch (httpStatus) {
    case 400:
        error.kind = Kind::BadRequest;
        break;
    case 401:
        error.kind = Kind::Unauthorized;
        break;
    case 402:
        error.kind = Kind::PaymentRequired;
        break;
    case 403:
        error.kind = Kind::Forbidden;
        break;
    case 404:
        error.kind = Kind::NotFound;
        break;
    case 429:
        error.kind = Kind::RateLimited;
        break;
    default:
        error.kind = httpStatus >= 500 ? Kind::Server : Kind::BadResponse;
    }
    // The assumed add (see addKpiToGroupVerb): its address not served is the server's answer.
    if (endpoint == Endpoint::AddKpiToGroup && (httpStatus == 404 || httpStatus == 405))
        error.kind = Kind::Unsupported;
    error.message = defaultMessage(error.kind, endpoint);
    // A name the server will not take (one already in use, say): its own words say why.
    const bool naming = endpoint == Endpoint::CreateGroup || endpoint == Endpoint::RenameGroup;
    if (naming && (httpStatus == 409 || httpStatus == 422)) {
        error.kind = Kind::BadRequest;
        error.message = tr("The server refused the name (HTTP %1).").arg(httpStatus);
    }
    if (error.kind == Kind::Server)
        error.message = error.message.arg(httpStatus);
    error.serverMessage = readableServerMessage(body);
    return error;
}

QString ApiError::defaultMessage(Kind kind, Endpoint endpoint)
{
    switch (kind) {
    case Kind::Network:
        return tr("Could not reach the server. Check your internet connection and try again.");
    case Kind::Timeout:
        return tr("The server took too long to answer. Try again in a moment.");
    case Kind::Unauthorized:
        return tr("The API token was not accepted. Check it, or create a new one in Quantive "
                  "under Settings → Integrations → API tokens.");
    case Kind::Forbidden:
        return tr("You have no access to this. Check the account id, or ask an administrator "
                  "for the permission.");
    case Kind::NotFound:
        if (endpoint == Endpoint::RemoveKpiFromGroup)
            return tr("The KPI is no longer in this group; someone may have removed it already.");
        // Lists and new groups do not depend on anything that can be gone: the address is wrong.
        if (endpoint == Endpoint::ListGroups || endpoint == Endpoint::CreateGroup ||
            endpoint == Endpoint::ListKpis)
            return tr("There is no KPI groups API at this address (HTTP 404). Check the server "
                      "address or the region.");
        return tr("This KPI group no longer exists; someone may have deleted it. Refresh the "
                  "list.");
    case Kind::BadRequest:
        return tr("The server refused the request as invalid.");
    case Kind::RateLimited:
        return tr("The server is receiving too many requests. Wait a minute, then try again.");
    case Kind::PaymentRequired:
        return tr("Your Quantive plan does not include this. Ask your account owner.");
    case Kind::Server:
        return tr("The server had a problem (HTTP %1). Try again later.");
    case Kind::BadResponse:
        return tr("The server sent an answer the app cannot read. Try again; if it keeps "
                  "happening, the API may have changed.");
    case Kind::Cancelled:
        return tr("The request was cancelled.");
    case Kind::Configuration:
        return tr("The connection settings are incomplete.");
    case Kind::Incomplete:
        return tr("The list could not be read whole. Try again.");
    case Kind::OutcomeUnknown:
        return tr("The request reached the server, but no answer came back, so it is not known "
                  "whether the change was made. Refresh to see what the server has.");
    case Kind::Unsupported:
        return tr("This server does not offer adding KPIs to groups; add them in Quantive's web "
                  "app.");
    }
    return {};
}

QString ApiError::toString() const
{
    if (serverMessage.isEmpty())
        return message;
    return tr("%1 The server said: %2").arg(message, serverMessage);
}

bool ApiError::isTransient() const
{
    return kind == Kind::Network || kind == Kind::Timeout || kind == Kind::Server ||
           kind == Kind::OutcomeUnknown;
}

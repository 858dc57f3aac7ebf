#pragma once

#include "endpoint.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

using RequestId = quint64;

// Which request a failure belongs to.
struct RequestInfo
{
    RequestId id = 0;
    Endpoint endpoint = Endpoint::ListGroups;
    QString groupId = {};
    QString kpiId = {};
};

// Why a request failed, with a short message that says what to do about it.
struct ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Kind
    {
        Network,         // no connection, refused, dropped, or a redirect to another host
        Timeout,         // no answer within the transfer timeout
        Unauthorized,    // 401
        Forbidden,       // 403
        NotFound,        // 404
        BadRequest,      // 400, or input the client refuses to send (a blank name)
        RateLimited,     // 429
        PaymentRequired, // 402
        Server,          // 5xx
        BadResponse,     // a 2xx the client cannot read, or an unexpected status
        Cancelled,       // cancelled by the caller
        Configuration,   // the connection is unusable (insecure URL, no token)
        OutcomeUnknown,  // a change went out and no answer came: it may have been carried out
        Incomplete,      // a list could not be read whole
        Unsupported,     // 404 or 405 on an assumed endpoint: this server does not offer it
    };

    Kind kind = Kind::Network;
    int httpStatus = 0;
    QString message;       // translated, for people
    QString serverMessage; // what the server said, when short and readable

    static ApiError fromStatus(int httpStatus, Endpoint endpoint, const QByteArray &body);
    static ApiError make(Kind kind, const QString &detail = {});
    static QString defaultMessage(Kind kind, Endpoint endpoint = Endpoint::ListGroups);
    // One line for logs and the command line: the message, plus the server's words if any.
    QString toString() const;
    // Worth sending again: the server never saw it, or failed on its own side.
    bool isTransient() const;
};

Q_DECLARE_METATYPE(ApiError)
Q_DECLARE_METATYPE(RequestInfo)

#pragma once

#include "apierror.h"
#include "apirequest.h"
#include "kpigroup.h"

#include <QByteArray>
#include <chrono>
#include <optional>

class QNetworkReply;

// What a reply says: success, or the ApiError a person is shown. Pure functions of the reply,
// its request and its body; nothing here sends or waits.
namespace ReplyCheck {

// Why the client stopped reading a reply itself (kept on the reply as a property).
enum class Stop
{
    TooLarge,
    Deadline
};
void markStopped(QNetworkReply *reply, Stop why);
bool wasStopped(const QNetworkReply *reply);
// When the status line and headers arrived; a reply that has them is marked once.
void markAnswered(QNetworkReply *reply);

// Empty when the reply succeeded; `attemptDeadline` is what a reply stopped at its deadline
// is reported against.
std::optional<ApiError> errorOf(const QNetworkReply *reply, const ApiRequest &request,
                                const QByteArray &body, std::chrono::milliseconds attemptDeadline);

// How long to wait from now, rounded up to the millisecond: seconds from the moment the answer
// arrived, or until an HTTP-date (IMF-fixdate, "Sun, 29 Nov 2026 10:00:00 GMT"); empty when the
// header is missing or unreadable.
std::optional<std::chrono::milliseconds> retryAfter(const QNetworkReply *reply);
ApiError rateLimitTooLong(std::chrono::milliseconds wait);

// A group asked for by id and answered with another (a cache on the way, a server's bug) is not
// taken for it. Ids are hexadecimal: their case does not matter.
std::optional<ApiError> otherGroupError(const QString &asked, const KpiGroup &answered);

} // namespace ReplyCheck

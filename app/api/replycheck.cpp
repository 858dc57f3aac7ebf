#include "replycheck.h"

#include "apiinput.h"
#include "apijson.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QLocale>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace ReplyCheck {

namespace {

constexpr char stopProperty[] = "kpigroupsStop";
// When the status line and headers arrived (ns on the monotonic clock); unset until they have.
constexpr char answeredAtProperty[] = "kpigroupsAnsweredAt";

} // namespace

void markStopped(QNetworkReply *reply, Stop why)
{
    reply->setProperty(stopProperty, int(why));
}

bool wasStopped(const QNetworkReply *reply)
{
    return reply->property(stopProperty).isValid();
}

void markAnswered(QNetworkReply *reply)
{
    if (!reply->property(answeredAtProperty).isValid())
        reply->setProperty(answeredAtProperty,
                           QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs());
}

// How long to wait from now, rounded up to the millisecond: seconds from the moment the answer
// arrived, or until an HTTP-date (IMF-fixdate, "Sun, 29 Nov 2026 10:00:00 GMT"); empty when the
// header is missing or unreadable.
std::optional<std::chrono::milliseconds> retryAfter(const QNetworkReply *reply)
{
    const QByteArray value = reply->rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const auto fromNow = [](const QDeadlineTimer &until) {
        return std::chrono::milliseconds((until.remainingTimeNSecs() + 999'999) / 1'000'000);
    };
    bool ok = false;
    const qlonglong seconds = value.toLongLong(&ok);
    if (ok) { // a day at most: more than anyone waits, and no overflow on the way
        QDeadlineTimer answered = QDeadlineTimer::current(Qt::PreciseTimer);
        if (const QVariant at = reply->property(answeredAtProperty); at.isValid())
            answered.setPreciseDeadline(0, at.toLongLong(), Qt::PreciseTimer);
        return fromNow(QDeadlineTimer::addNSecs(
            answered, std::clamp<qlonglong>(seconds, 0, 24 * 3600) * 1'000'000'000));
    }
    // Qt's RFC 2822 reader takes "+0000" but not the "GMT" that HTTP-dates always carry.
    QString text = QString::fromLatin1(value);
    if (text.endsWith(" GMT"_L1))
        text = text.chopped(4) + " +0000"_L1;
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(when);
    return std::chrono::milliseconds(std::clamp<qint64>(ms, 0, qint64(24) * 3600 * 1000));
}

ApiError rateLimitTooLong(std::chrono::milliseconds wait)
{
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime until = now.addMSecs(wait.count());
    const QLocale locale;
    const QString when = until.date() == now.date()
                             ? locale.toString(until.time(), QLocale::ShortFormat)
                             : locale.toString(until, QLocale::ShortFormat);
    return ApiError::make(ApiError::Kind::RateLimited,
                          ApiError::tr("The server is receiving too many requests and asked to "
                                       "wait until %1, longer than the app waits by itself. Try "
                                       "again then.")
                              .arg(when));
}

// A group asked for by id and answered with another (a cache on the way, a server's bug) is not
// taken for it. Ids are hexadecimal: their case does not matter.
std::optional<ApiError> otherGroupError(const QString &asked, const KpiGroup &answered)
{
    if (answered.id.compare(asked, Qt::CaseInsensitive) == 0)
        return std::nullopt;
    return ApiError::make(ApiError::Kind::BadResponse,
                          ApiError::tr("The server answered with another group (id %1) than the "
                                       "one asked for (id %2), so its answer was not used. Try "
                                       "again; if it happens again, the server or something on "
                                       "the way to it is broken.")
                              .arg(ApiInput::quoted(answered.id), ApiInput::quoted(asked)));
}

namespace {

// A redirect to another host (scheme, port) is not followed: the token must not go there.
ApiError redirectError(int httpStatus)
{
    ApiError error = ApiError::make(
        ApiError::Kind::BadResponse,
        ApiError::tr("The server sent the request on to another address. It was stopped there, so "
                     "that your token stays with the server you chose. Check the server address."));
    error.httpStatus = httpStatus;
    return error;
}

ApiError deadlineError(std::chrono::milliseconds deadline, bool isChange)
{
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(deadline).count();
    if (isChange) {
        return ApiError::make(ApiError::Kind::OutcomeUnknown,
                              ApiError::tr("The server was still answering after %1 s, so the "
                                           "app stopped waiting. It is not known whether the "
                                           "change was made.")
                                  .arg(seconds));
    }
    return ApiError::make(ApiError::Kind::Timeout,
                          ApiError::tr("The server was still sending its answer after %1 s, far "
                                       "slower than it should, so the app stopped waiting. Try "
                                       "again later.")
                              .arg(seconds));
}

ApiError tooLargeError(qint64 limit)
{
    return ApiError::make(ApiError::Kind::BadResponse,
                          ApiError::tr("The server's answer grew past %1 MB, more than this "
                                       "request can need, so the app stopped reading it. Try "
                                       "again; if it happens again, the server or something on "
                                       "the way to it is broken.")
                              .arg(limit / (1024 * 1024)));
}

// Whether anything reached the server is what a person needs to know first; for a change, that
// decides whether it may have been made.
ApiError networkError(const QNetworkReply *reply, bool isChange)
{
    const bool answerStarted = reply->property(answeredAtProperty).isValid();
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return ApiError::make(ApiError::Kind::Network);
    case QNetworkReply::ProxyAuthenticationRequiredError: {
        // Nothing reached the server: the proxy on the way wants credentials it accepts.
        ApiError error = ApiError::make(
            ApiError::Kind::Network,
            ApiError::tr("The proxy refused to pass the request on: it asks for a user name and "
                         "password it accepts (HTTP 407). Check the proxy's settings; in "
                         "https_proxy they go in its address, e.g. "
                         "http://user:password@proxy.example:3128."));
        error.httpStatus = 407;
        return error;
    }
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::make(ApiError::Kind::Network,
                              ApiError::tr("The server's certificate could not be verified, so "
                                           "the app did not send anything. Check the server "
                                           "address."));
    case QNetworkReply::InsecureRedirectError:
        return redirectError(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    case QNetworkReply::TooManyRedirectsError:
        return ApiError::make(ApiError::Kind::BadResponse,
                              ApiError::tr("The server kept sending the request on to another "
                                           "address, in a loop. Check the server address."));
    case QNetworkReply::OperationCanceledError: // the transfer timeout; our own aborts are silent
    case QNetworkReply::TimeoutError:
        if (isChange)
            return ApiError::make(ApiError::Kind::OutcomeUnknown,
                                  ApiError::tr("The server did not answer in time, so it is not "
                                               "known whether the change was made."));
        return ApiError::make(ApiError::Kind::Timeout,
                              answerStarted
                                  ? ApiError::tr("The server started to answer, then went silent. "
                                                 "Try again in a moment.")
                                  : QString());
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ContentReSendError:
        if (isChange)
            return ApiError::make(ApiError::Kind::OutcomeUnknown);
        return ApiError::make(ApiError::Kind::Network,
                              answerStarted
                                  ? ApiError::tr("The server closed the connection in the middle "
                                                 "of its answer. Try again.")
                                  : ApiError::tr("The server closed the connection without "
                                                 "answering. Try again."));
    default:
        if (isChange)
            return ApiError::make(ApiError::Kind::OutcomeUnknown);
        return ApiError::make(ApiError::Kind::Network);
    }
}

} // namespace

std::optional<ApiError> errorOf(const QNetworkReply *reply, const ApiRequest &request,
                                const QByteArray &body, std::chrono::milliseconds attemptDeadline)
{
    const EndpointSpec &spec = endpointSpec(request.endpoint);
    const bool isChange = request.verb != "GET";
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QVariant stopped = reply->property(stopProperty);
    if (stopped.isValid()) {
        if (Stop(stopped.toInt()) == Stop::Deadline)
            return deadlineError(attemptDeadline, isChange);
        // What the status says stays true; only the body was too much to read.
        if (status >= 300)
            return ApiError::fromStatus(status, request.endpoint, {});
        return tooLargeError(spec.answerLimit);
    }
    // Errors of the connection, whatever status came before them (a timeout or a cut in the
    // middle of an answer); Qt's errors for HTTP statuses are read from the status instead.
    const QNetworkReply::NetworkError transport = reply->error();
    if ((transport > QNetworkReply::NoError && transport < QNetworkReply::ContentAccessDenied) ||
        transport == QNetworkReply::ContentReSendError || (transport != 0 && status == 0))
        return networkError(reply, isChange);
    if (status >= 200 && status < 300) {
        const QString contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
        if (spec.answersWithBody && !contentType.contains("json"_L1, Qt::CaseInsensitive)) {
            ApiError error = ApiError::make(ApiError::Kind::BadResponse);
            error.httpStatus = status;
            return error;
        }
        // A change is answered with nothing, or with a JSON object: a page from a captive
        // portal or a proxy, with 200, did not make it.
        if (!spec.answersWithBody && !ApiJson::isEmptyOrObject(body)) {
            ApiError error = ApiError::make(
                ApiError::Kind::BadResponse,
                ApiError::tr("The server answered with something that is not the API's answer "
                             "(perhaps a sign-in page of the network or a proxy), so the change "
                             "was most likely not made. Check the connection, then try again."));
            error.httpStatus = status;
            return error;
        }
        return std::nullopt;
    }
    if (status >= 300 && status < 400)
        return redirectError(status);
    return ApiError::fromStatus(status, request.endpoint, body);
}

} // namespace ReplyCheck

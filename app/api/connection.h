#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>
#include <optional>

// Where and as whom the client talks to the API.
struct Connection
{
    QUrl baseUrl;
    QString accountId;
    QString token;

    // Why this connection must not be used (an insecure URL, a missing field), or empty.
    QString problem() const;
    // Why the API cannot be reached at this address (not a URL, not HTTPS), or empty.
    static QString addressProblem(const QUrl &baseUrl);
    // The server's address as a person types it, completed: a bare host gets the API's path
    // (apiPath), and an address without a scheme https:// (http:// for this computer, the only
    // host plain HTTP may go to: isLoopbackHost). Anything else is taken as typed.
    static QUrl baseUrlFromInput(const QString &typed);
    static constexpr QLatin1StringView apiPath{"/results/api/v1"};
};

// The data centres of Quantive Results.
class Regions
{
    Q_DECLARE_TR_FUNCTIONS(Regions)

public:
    struct Region
    {
        QLatin1StringView code; // as typed on a command line: eu, us, as, sa, au
        QLatin1StringView baseUrl;
    };
    static const QList<Region> &all();
    static std::optional<QUrl> baseUrl(QStringView code);
    static QString displayName(QLatin1StringView code);
    static QUrl defaultBaseUrl();
    // The data centre whose address `baseUrl` is ("eu"), or empty.
    static QLatin1StringView codeOf(const QUrl &baseUrl);
};

// True for 127.0.0.0/8, ::1 and "localhost": the only hosts plain HTTP may go to.
bool isLoopbackHost(const QString &host);

// Where to connect, as a program's options and the environment say, the options first:
// --base-url, else --region, else $QUANTIVE_BASE_URL; --account, else $QUANTIVE_ACCOUNT_ID.
// The token is never an option: $QUANTIVE_TOKEN only.
struct ConnectionChoice
{
    QUrl baseUrl;          // empty when nothing says
    QString accountId;     // empty when nothing says
    QString token;         // empty when nothing says
    QString unknownRegion; // a --region that names no data centre (then nothing else is set)

    static ConnectionChoice fromOptions(const QString &baseUrlOption, const QString &regionOption,
                                        const std::optional<QString> &accountOption);
};

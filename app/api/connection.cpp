#include "connection.h"

#include "apiinput.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

bool isLoopbackHost(const QString &host)
{
    if (host.compare("localhost"_L1, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString Connection::problem() const
{
    if (const QString problem = addressProblem(baseUrl); !problem.isEmpty())
        return problem;
    if (accountId.trimmed().isEmpty())
        return Regions::tr("The account id is missing.");
    if (const QString problem = ApiInput::idProblem(accountId, ApiInput::IdOf::Account);
        !problem.isEmpty())
        return problem;
    if (token.isEmpty())
        return Regions::tr("The API token is missing.");
    return ApiInput::tokenProblem(token);
}

QString Connection::addressProblem(const QUrl &baseUrl)
{
    if (!baseUrl.isValid() || baseUrl.host().isEmpty())
        return Regions::tr("The server address is not a valid URL.");
    const QString scheme = baseUrl.scheme().toLower();
    if (scheme != "https"_L1 && !(scheme == "http"_L1 && isLoopbackHost(baseUrl.host())))
        return Regions::tr("The server address must start with https:// (plain http is only "
                           "allowed for this computer, such as the local sandbox).");
    return {};
}

QUrl Connection::baseUrlFromInput(const QString &typed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty())
        return {};
    const bool hasScheme = text.contains("://"_L1);
    QUrl url(hasScheme ? text : u"https://"_s + text, QUrl::TolerantMode);
    if (!url.isValid() || url.host().isEmpty())
        return QUrl(text, QUrl::TolerantMode); // Connection::addressProblem() says why
    if (!hasScheme && isLoopbackHost(url.host()))
        url.setScheme(u"http"_s);
    const QString scheme = url.scheme().toLower();
    if ((scheme == "https"_L1 || scheme == "http"_L1) &&
        (url.path().isEmpty() || url.path() == "/"_L1))
        url.setPath(QString(apiPath));
    return url;
}

const QList<Regions::Region> &Regions::all()
{
    static const QList<Region> regions = {
        {"eu"_L1, "https://app.quantive.com/results/api/v1"_L1},
        {"us"_L1, "https://app.us.quantive.com/results/api/v1"_L1},
        {"as"_L1, "https://app.as.quantive.com/results/api/v1"_L1},
        {"sa"_L1, "https://app.sa.quantive.com/results/api/v1"_L1},
        {"au"_L1, "https://app.au.quantive.com/results/api/v1"_L1},
    };
    return regions;
}

std::optional<QUrl> Regions::baseUrl(QStringView code)
{
    for (const Region &region : all())
        if (code.compare(region.code, Qt::CaseInsensitive) == 0)
            return QUrl(QString(region.baseUrl));
    return std::nullopt;
}

QString Regions::displayName(QLatin1StringView code)
{
    if (code == "eu"_L1)
        return tr("Europe (EU)");
    if (code == "us"_L1)
        return tr("United States (US)");
    if (code == "as"_L1)
        return tr("Asia (AS)");
    if (code == "sa"_L1)
        return tr("South America (SA)");
    if (code == "au"_L1)
        return tr("Australia (AU)");
    return QString(code);
}

QUrl Regions::defaultBaseUrl()
{
    return QUrl(QString(all().constFirst().baseUrl));
}

QLatin1StringView Regions::codeOf(const QUrl &baseUrl)
{
    for (const Region &region : all())
        if (baseUrl.matches(QUrl(QString(region.baseUrl)), QUrl::StripTrailingSlash))
            return region.code;
    return {};
}

ConnectionChoice ConnectionChoice::fromOptions(const QString &baseUrlOption,
                                               const QString &regionOption,
                                               const std::optional<QString> &accountOption)
{
    ConnectionChoice choice;
    if (!baseUrlOption.isEmpty()) {
        choice.baseUrl = QUrl(baseUrlOption);
    } else if (!regionOption.isEmpty()) {
        const std::optional<QUrl> url = Regions::baseUrl(regionOption);
        if (!url) {
            choice.unknownRegion = regionOption;
            return choice;
        }
        choice.baseUrl = *url;
    } else if (qEnvironmentVariableIsSet("QUANTIVE_BASE_URL")) {
        choice.baseUrl = QUrl(qEnvironmentVariable("QUANTIVE_BASE_URL"));
    }
    choice.accountId = accountOption.value_or(qEnvironmentVariable("QUANTIVE_ACCOUNT_ID"));
    choice.token = qEnvironmentVariable("QUANTIVE_TOKEN");
    return choice;
}

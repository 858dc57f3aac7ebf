#include "weblinks.h"

#include "apiinput.h"

using namespace Qt::StringLiterals;

namespace {

// The web app's address before its own path: the base URL without the API's path, or none.
std::optional<QUrl> webRoot(const QUrl &baseUrl)
{
    if (!baseUrl.isValid() || baseUrl.host().isEmpty() ||
        (baseUrl.scheme() != "https"_L1 && baseUrl.scheme() != "http"_L1))
        return std::nullopt;
    QString path = baseUrl.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    if (!path.endsWith(WebLinks::apiPath))
        return std::nullopt;
    path.chop(WebLinks::apiPath.size());
    QUrl root;
    root.setScheme(baseUrl.scheme());
    root.setHost(baseUrl.host());
    root.setPort(baseUrl.port());
    root.setPath(path, QUrl::StrictMode);
    return root;
}

std::optional<QUrl> page(const QUrl &baseUrl, QLatin1StringView pagePath, const QString &id)
{
    std::optional<QUrl> url = webRoot(baseUrl);
    if (!url || !ApiInput::isId(id))
        return std::nullopt;
    url->setPath(url->path(QUrl::FullyEncoded) + pagePath + id, QUrl::StrictMode);
    return url;
}

} // namespace

std::optional<QUrl> WebLinks::group(const QUrl &baseUrl, const QString &groupId)
{
    return page(baseUrl, groupPath, groupId);
}

std::optional<QUrl> WebLinks::kpi(const QUrl &baseUrl, const QString &kpiId)
{
    return page(baseUrl, kpiPath, kpiId);
}

QString WebLinks::problem(const QUrl &baseUrl)
{
    if (webRoot(baseUrl))
        return {};
    return tr("No link to Quantive's web app from this server's address: its path does not end "
              "in %1, and there is no telling where the web app is.")
        .arg(apiPath);
}

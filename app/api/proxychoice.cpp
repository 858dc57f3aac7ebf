#include "proxychoice.h"

#include "connection.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

bool hostMatches(const QString &host, QString pattern)
{
    if (pattern.startsWith("*."_L1))
        pattern.remove(0, 1);
    if (pattern.startsWith(u'.'))
        pattern.remove(0, 1);
    if (pattern.isEmpty())
        return false;
    return host.compare(pattern, Qt::CaseInsensitive) == 0 ||
           host.endsWith(u'.' + pattern, Qt::CaseInsensitive);
}

bool addressMatches(const QString &host, const QString &pattern)
{
    const QHostAddress address(host);
    if (address.isNull())
        return false;
    if (pattern.contains(u'/')) {
        const std::pair<QHostAddress, int> subnet = QHostAddress::parseSubnet(pattern);
        return !subnet.first.isNull() && address.isInSubnet(subnet);
    }
    const QHostAddress other(pattern);
    return !other.isNull() && address.isEqual(other);
}

} // namespace

ProxyChoice::ProxyChoice(const QProcessEnvironment &environment, SystemProxies systemProxies)
    : m_environment(environment)
    , m_systemProxies(std::move(systemProxies))
{}

void ProxyChoice::installForApplication()
{
    QNetworkProxyFactory::setApplicationProxyFactory(
        new ProxyChoice(QProcessEnvironment::systemEnvironment()));
}

QString ProxyChoice::environmentValue(std::initializer_list<QLatin1StringView> names) const
{
    for (QLatin1StringView name : names) {
        const QString value = m_environment.value(QString(name)).trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QList<QNetworkProxy> ProxyChoice::queryProxy(const QNetworkProxyQuery &query)
{
    const QList<QNetworkProxy> direct{QNetworkProxy(QNetworkProxy::NoProxy)};
    // Listening and raw sockets (the in-process sandbox) are never proxied.
    if (query.queryType() != QNetworkProxyQuery::UrlRequest)
        return direct;
    const QUrl url = query.url();
    if (isLoopbackHost(url.host()))
        return direct;

    const bool https = url.scheme().compare("https"_L1, Qt::CaseInsensitive) == 0;
    const QString value =
        https
            ? environmentValue({"https_proxy"_L1, "HTTPS_PROXY"_L1, "all_proxy"_L1, "ALL_PROXY"_L1})
            : environmentValue({"http_proxy"_L1, "all_proxy"_L1, "ALL_PROXY"_L1});
    if (value.isEmpty())
        return m_systemProxies(query);
    const QString noProxy = environmentValue({"no_proxy"_L1, "NO_PROXY"_L1});
    if (isExcluded(url.host(), url.port(https ? 443 : 80), noProxy))
        return direct;
    const QNetworkProxy proxy = proxyFromValue(value);
    return proxy.type() == QNetworkProxy::NoProxy ? m_systemProxies(query)
                                                  : QList<QNetworkProxy>{proxy};
}

bool ProxyChoice::isExcluded(const QString &host, int port, const QString &noProxy)
{
    const QStringList entries = noProxy.split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts);
    for (const QString &entry : entries) {
        if (entry == "*"_L1)
            return true;
        if (addressMatches(host, entry))
            return true;
        // host:port, but not a bare IPv6 address; [v6]:port keeps its brackets.
        QString pattern = entry;
        const qsizetype colon = entry.lastIndexOf(u':');
        if (colon > 0 && entry.count(u':') == 1) {
            bool numeric = false;
            const int entryPort = entry.mid(colon + 1).toInt(&numeric);
            if (!numeric || entryPort != port)
                continue;
            pattern = entry.left(colon);
        }
        if (addressMatches(host, pattern) || hostMatches(host, pattern))
            return true;
    }
    return false;
}

QNetworkProxy ProxyChoice::proxyFromValue(const QString &value)
{
    const QUrl url(value.contains("://"_L1) ? value : u"http://"_s + value, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    const QString scheme = url.scheme().toLower();
    const bool socks = scheme.startsWith("socks"_L1);
    return QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                         quint16(url.port(1080)), url.userName(QUrl::FullyDecoded),
                         url.password(QUrl::FullyDecoded));
}

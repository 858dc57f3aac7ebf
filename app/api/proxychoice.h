#pragma once

#include <QNetworkProxyFactory>
#include <QProcessEnvironment>
#include <functional>

// Which proxy a request to the API goes through, for the window and the command line alike.
//
// Qt 6.4 on Debian asks libproxy, which reads https_proxy and HTTPS_PROXY but matches no_proxy
// differently from curl (an entry without a leading dot never covers subdomains); Qt built
// without libproxy reads the lower-case names only. So the environment is read here, the way
// curl reads it: https_proxy, HTTPS_PROXY, then all_proxy, ALL_PROXY for HTTPS; http_proxy
// (lower case only: a CGI sets HTTP_PROXY from a request header), then all_proxy for HTTP;
// no_proxy or NO_PROXY holds hosts, domains (covering their subdomains), host:port, IP addresses,
// subnets, or "*". With none of them set, the system's settings decide (the desktop's proxy or
// PAC, through Qt). Loopback addresses, where the sandbox runs, never go through a proxy.
class ProxyChoice : public QNetworkProxyFactory
{
public:
    using SystemProxies = std::function<QList<QNetworkProxy>(const QNetworkProxyQuery &)>;

    explicit ProxyChoice(const QProcessEnvironment &environment,
                         SystemProxies systemProxies = &QNetworkProxyFactory::systemProxyForQuery);

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

    // Makes every QNetworkAccessManager of this process choose this way, from its environment.
    static void installForApplication();

    // Whether a no_proxy list names this host (and port).
    static bool isExcluded(const QString &host, int port, const QString &noProxy);
    // The proxy a https_proxy-style value names ("host:port", "http://user:pass@host:port",
    // "socks5://host:port"), or a NoProxy one when the value names none.
    static QNetworkProxy proxyFromValue(const QString &value);

private:
    QString environmentValue(std::initializer_list<QLatin1StringView> names) const;

    QProcessEnvironment m_environment;
    SystemProxies m_systemProxies;
};

#pragma once

#include <QFile>
#include <QList>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <algorithm>
#include <utility>

// Debian's nginx as a TLS-terminating reverse proxy in front of a server on loopback, as a real
// API of its kind is reached: HTTPS with HTTP/2, gzip on, with a certificate authority made for
// the run and a certificate for 127.0.0.1 signed by it. Tests and the benchmark use it.
class NginxFront
{
public:
    NginxFront() = default;
    NginxFront(const NginxFront &) = delete;
    NginxFront &operator=(const NginxFront &) = delete;
    ~NginxFront() { stop(); }

    // Empty when nginx and openssl are both there; else what is missing, to say why a test or a
    // row is skipped.
    static QString missing()
    {
        if (nginxProgram().isEmpty())
            return QStringLiteral("nginx is not installed (Debian: apt-get install nginx; "
                                  "./build.sh installs it)");
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            return QStringLiteral("openssl is not installed (Debian: apt-get install openssl)");
        return {};
    }

    // Starts it in front of 127.0.0.1:`targetPort`; false (with error()) when it could not.
    bool start(quint16 targetPort)
    {
        if (!m_dir.isValid() || !missing().isEmpty()) {
            m_error = missing().isEmpty() ? QStringLiteral("no temporary directory") : missing();
            return false;
        }
        if (!makeCertificates())
            return false;
        m_port = freePort();
        if (m_port == 0 || !writeConfiguration(targetPort)) {
            m_error = QStringLiteral("could not write nginx.conf");
            return false;
        }
        m_nginx.setProcessChannelMode(QProcess::MergedChannels);
        // -e: its own error log from the start, not /var/log/nginx's (not writable but by root).
        m_nginx.start(nginxProgram(), {QStringLiteral("-p"), m_dir.path(), QStringLiteral("-c"),
                                       path(QStringLiteral("nginx.conf")), QStringLiteral("-e"),
                                       path(QStringLiteral("error.log"))});
        if (!m_nginx.waitForStarted(10000)) {
            m_error = m_nginx.errorString();
            return false;
        }
        // waitForFinished(0): the state of a process is learned only by waiting on it.
        for (int i = 0;
             i < 50 && !m_nginx.waitForFinished(0) && m_nginx.state() == QProcess::Running; ++i) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(200))
                return true;
            QThread::msleep(100);
        }
        m_error = QStringLiteral("nginx did not start listening: ") +
                  QString::fromUtf8(m_nginx.readAll());
        return false;
    }
    void stop()
    {
        if (m_nginx.state() == QProcess::NotRunning)
            return;
        m_nginx.terminate(); // SIGTERM: a fast shutdown
        if (!m_nginx.waitForFinished(10000))
            m_nginx.kill();
    }

    QString error() const { return m_error; }
    quint16 port() const { return m_port; }
    // The target's `path` through it: https://127.0.0.1:PORT/PATH.
    QUrl url(const QString &path) const
    {
        QUrl url;
        url.setScheme(QStringLiteral("https"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_port);
        url.setPath(path);
        return url;
    }
    // The CA's certificate (PEM), for SSL_CERT_FILE or curl's --cacert.
    QString caCertificate() const { return path(QStringLiteral("ca.crt")); }

    // "METHOD URI PROTOCOL STATUS gzip=RATIO "USER-AGENT"", one a request, since `from`.
    QStringList accessLog(qsizetype from = 0) const
    {
        QFile file(path(QStringLiteral("access.log")));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
        return lines.mid(from);
    }

    // The most requests it held at once whose URI contains `uri`, from the moment each was read
    // and the time it took (its timing log).
    int mostAtOnce(const QString &uri) const
    {
        QFile file(path(QStringLiteral("timing.log")));
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        QList<std::pair<double, int>> events; // (time, +1 start or -1 end)
        for (const QByteArray &line : file.readAll().split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 3 || !QString::fromUtf8(parts.at(2)).contains(uri))
                continue;
            const double end = parts.at(0).toDouble();
            events.append({end - parts.at(1).toDouble(), +1});
            events.append({end, -1});
        }
        std::sort(events.begin(), events.end()); // an end before a start at the same moment
        int now = 0, most = 0;
        for (const auto &[time, step] : std::as_const(events))
            most = std::max(most, now += step);
        return most;
    }

private:
    QTemporaryDir m_dir;
    QProcess m_nginx;
    quint16 m_port = 0;
    QString m_error;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static QString nginxProgram()
    {
        return QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                              {QStringLiteral("/usr/sbin"),
                                               QStringLiteral("/usr/local/sbin"),
                                               QStringLiteral("/usr/bin")});
    }

    static quint16 freePort()
    {
        QTcpServer server;
        return server.listen(QHostAddress::LocalHost) ? server.serverPort() : 0;
    }

    bool run(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStandardPaths::findExecutable(QStringLiteral("openssl")), arguments);
        if (process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit &&
            process.exitCode() == 0)
            return true;
        m_error = QStringLiteral("openssl failed: ") + QString::fromUtf8(process.readAll());
        return false;
    }

    // A CA of its own, and a certificate for 127.0.0.1 signed by it.
    bool makeCertificates()
    {
        QFile extensions(path(QStringLiteral("server.ext")));
        if (!extensions.open(QIODevice::WriteOnly))
            return false;
        extensions.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                         "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
        extensions.close();
        const auto s = [](const char *text) { return QString::fromLatin1(text); };
        const QStringList ec = {s("-newkey"), s("ec"), s("-pkeyopt"),
                                s("ec_paramgen_curve:prime256v1"), s("-nodes")};
        const QStringList ca = {s("-keyout"), path(s("ca.key")),
                                s("-out"),    path(s("ca.crt")),
                                s("-days"),   s("2"),
                                s("-subj"),   s("/CN=KPI Groups test CA"),
                                s("-addext"), s("basicConstraints=critical,CA:TRUE"),
                                s("-addext"), s("keyUsage=critical,keyCertSign,cRLSign")};
        const QStringList request = {s("-keyout"), path(s("server.key")),
                                     s("-out"),    path(s("server.csr")),
                                     s("-subj"),   s("/CN=127.0.0.1")};
        return run(QStringList{s("req"), s("-x509")} + ec + ca) &&
               run(QStringList{s("req"), s("-new")} + ec + request) &&
               run({s("x509"), s("-req"), s("-in"), path(s("server.csr")), s("-CA"),
                    path(s("ca.crt")), s("-CAkey"), path(s("ca.key")), s("-CAcreateserial"),
                    s("-out"), path(s("server.crt")), s("-days"), s("2"), s("-extfile"),
                    path(s("server.ext"))});
    }

    bool writeConfiguration(quint16 targetPort)
    {
        // 1.22 (Debian 12) knows only "listen … http2"; later versions still take it.
        QByteArray conf = R"(daemon off;
master_process off;
worker_processes 1;
pid DIR/nginx.pid;
error_log DIR/error.log info;
events {
    worker_connections 64;
}
http {
    log_format kpigroups '$request_method $request_uri $server_protocol $status '
                         'gzip=$gzip_ratio "$http_user_agent"';
    access_log DIR/access.log kpigroups;
    log_format timing '$msec $request_time $request_uri';
    access_log DIR/timing.log timing;
    client_body_temp_path DIR/body;
    proxy_temp_path DIR/proxy;
    fastcgi_temp_path DIR/fastcgi;
    uwsgi_temp_path DIR/uwsgi;
    scgi_temp_path DIR/scgi;
    gzip on;
    gzip_types application/json;
    gzip_proxied any;
    server {
        listen 127.0.0.1:PORT ssl http2;
        # 1.22's default is TLS 1.2 at most: a handshake of two round trips, where servers of
        # today take one (TLS 1.3).
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_certificate DIR/server.crt;
        ssl_certificate_key DIR/server.key;
        location / {
            proxy_pass http://127.0.0.1:TARGET;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Accept-Encoding "";
        }
    }
}
)";
        conf.replace("DIR", m_dir.path().toUtf8());
        conf.replace("TARGET", QByteArray::number(targetPort));
        conf.replace("PORT", QByteArray::number(m_port));
        QFile file(path(QStringLiteral("nginx.conf")));
        return file.open(QIODevice::WriteOnly) && file.write(conf) == conf.size();
    }
};

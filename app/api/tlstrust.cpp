#include "tlstrust.h"

#include <QDir>
#include <QFileInfo>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace {

// Where systems keep the authorities Qt trusts anyway: the directories Qt 6.4 looks in on demand,
// and the bundles made from them. Environments often name these (SSL_CERT_FILE=/etc/ssl/certs/
// ca-certificates.crt): read again, they would cost a third of a second of every start.
bool isTheSystems(const QString &path)
{
    static const QStringList places = [] {
        QStringList canonical;
        for (const char *place :
             {"/etc/ssl/certs", "/usr/lib/ssl/certs", "/usr/share/ssl", "/usr/local/ssl",
              "/var/ssl/certs", "/usr/local/ssl/certs", "/etc/openssl/certs", "/opt/openssl/certs",
              "/etc/ssl", "/usr/lib/ssl/cert.pem", "/etc/ssl/certs/ca-certificates.crt",
              "/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/tls/cert.pem", "/etc/ssl/cert.pem",
              "/etc/ssl/ca-bundle.pem", "/usr/local/share/certs/ca-root-nss.crt"}) {
            const QString path = QFileInfo(QString::fromLatin1(place)).canonicalFilePath();
            if (!path.isEmpty())
                canonical.append(path);
        }
        return canonical;
    }();
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return !canonical.isEmpty() && places.contains(canonical);
}

} // namespace

namespace TlsTrust {

QList<QSslCertificate> fromEnvironment(const QProcessEnvironment &environment)
{
    QList<QSslCertificate> certificates;
    const auto add = [&](const QString &file) {
        for (const QSslCertificate &certificate : QSslCertificate::fromPath(file, QSsl::Pem))
            if (!certificate.isNull() && !certificates.contains(certificate))
                certificates.append(certificate);
    };
    const QString file = environment.value(u"SSL_CERT_FILE"_s);
    if (!file.isEmpty() && !isTheSystems(file))
        add(file);
    const QStringList directories =
        environment.value(u"SSL_CERT_DIR"_s).split(u':', Qt::SkipEmptyParts);
    for (const QString &directory : directories) {
        if (isTheSystems(directory))
            continue;
        const QDir dir(directory);
        for (const QString &name : dir.entryList(QDir::Files | QDir::Readable, QDir::Name))
            add(dir.filePath(name));
    }
    return certificates;
}

void installForApplication()
{
    const QList<QSslCertificate> named = fromEnvironment(QProcessEnvironment::systemEnvironment());
    if (named.isEmpty())
        return;
    const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
    QList<QSslCertificate> added;
    for (const QSslCertificate &certificate : named)
        if (!system.contains(certificate))
            added.append(certificate);
    if (added.isEmpty()) // trusted already: Qt goes on loading the system's on demand
        return;
    // Setting authorities ends Qt's loading of the system's on demand: they are set whole.
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(system + added);
    QSslConfiguration::setDefaultConfiguration(configuration);
}

} // namespace TlsTrust

#include "tlstrust.h"

#include <QDir>
#include <QFile>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Two self-signed authorities (EC P-256, for a hundred years), made once for this test.
const QByteArray one = "-----BEGIN CERTIFICATE-----\n"
                       "MIIBqDCCAU2gAwIBAgIUQyzzcUdbwkGwXBlrtcNYg6ELbpUwCgYIKoZIzj0EAwIw\n"
                       "KDEmMCQGA1UEAwwdS1BJIEdyb3VwcyB0ZXN0IGF1dGhvcml0eSBvbmUwIBcNMjYx\n"
                       "MjA1MDIyOTM1WhgPMjEyNjExMTEwMjI5MzVaMCgxJjAkBgNVBAMMHUtQSSBHcm91\n"
                       "cHMgdGVzdCBhdXRob3JpdHkgb25lMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
                       "9+PBLInrfGmdvRbe8ynm4i1SCeSt3xFYzSRYLtT5Ic/kPIa5j34r0wq6BAKjmxyi\n"
                       "XHzr+rWio7odZG+5jpuzBKNTMFEwHQYDVR0OBBYEFDTJdddEKN9Y6dlYiQISdM7D\n"
                       "jSenMB8GA1UdIwQYMBaAFDTJdddEKN9Y6dlYiQISdM7DjSenMA8GA1UdEwEB/wQF\n"
                       "MAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhANtbPgnuM8+eiL8fb+NZDP9ggYSAjcOT\n"
                       "RwptB43DUvDXAiEAwJ3rt7E09soML66sM7A/aQ7vvoCbpuexQuy09yDtH3k=\n"
                       "-----END CERTIFICATE-----\n";
const QByteArray two = "-----BEGIN CERTIFICATE-----\n"
                       "MIIBpjCCAU2gAwIBAgIUQt3UvmPl+vIxDM6TJhBvvrdAxKMwCgYIKoZIzj0EAwIw\n"
                       "KDEmMCQGA1UEAwwdS1BJIEdyb3VwcyB0ZXN0IGF1dGhvcml0eSB0d28wIBcNMjYx\n"
                       "MjA1MDIyOTM1WhgPMjEyNjExMTEwMjI5MzVaMCgxJjAkBgNVBAMMHUtQSSBHcm91\n"
                       "cHMgdGVzdCBhdXRob3JpdHkgdHdvMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
                       "sD9qIob8QEJ/ojNow8hVBcmUEE35iNquQ/vvxmT4rlPYcpX9JlmU3fcQgSpcEiyj\n"
                       "Kzo1otU2kxuzQGRIEpFN56NTMFEwHQYDVR0OBBYEFERHYKAdrEnsBJqfOfeU68bb\n"
                       "I1mGMB8GA1UdIwQYMBaAFERHYKAdrEnsBJqfOfeU68bbI1mGMA8GA1UdEwEB/wQF\n"
                       "MAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgYwQiV9O8DgKqV5le5v6I0Mcc/uWMl98B\n"
                       "KEvuyv3w6HwCIHWMtamPVht1/oRqEYUdDAVToWK4Z/7tHOjad8/zQhcp\n"
                       "-----END CERTIFICATE-----\n";

QString commonNameOf(const QSslCertificate &certificate)
{
    return certificate.subjectInfo(QSslCertificate::CommonName).value(0);
}

QStringList commonNamesOf(const QList<QSslCertificate> &certificates)
{
    QStringList names;
    for (const QSslCertificate &certificate : certificates)
        names.append(commonNameOf(certificate));
    return names;
}

} // namespace

// The authorities SSL_CERT_FILE and SSL_CERT_DIR name, trusted besides the system's.
class TestTlsTrust : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    static QProcessEnvironment environmentOf(const QString &file, const QString &directories)
    {
        QProcessEnvironment environment;
        if (!file.isNull())
            environment.insert(u"SSL_CERT_FILE"_s, file);
        if (!directories.isNull())
            environment.insert(u"SSL_CERT_DIR"_s, directories);
        return environment;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath(u"a"_s));
        QVERIFY(QDir(m_dir.path()).mkpath(u"b"_s));
        write(u"bundle.pem"_s, one + two);
        write(u"a/one.pem"_s, one);
        write(u"a/5f2a1b3c.0"_s, one); // the hash name c_rehash gives it, as a copy
        write(u"a/README"_s, "not a certificate\n");
        write(u"b/two.crt"_s, two);
    }

    void readsWhatTheEnvironmentNames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("directories");
        QTest::addColumn<QStringList>("expected");
        const QString authorityOne = u"KPI Groups test authority one"_s;
        const QString authorityTwo = u"KPI Groups test authority two"_s;
        const QString a = m_dir.filePath(u"a"_s);
        const QString b = m_dir.filePath(u"b"_s);
        QTest::newRow("neither") << QString() << QString() << QStringList();
        QTest::newRow("a bundle") << m_dir.filePath(u"bundle.pem"_s) << QString()
                                  << QStringList{authorityOne, authorityTwo};
        QTest::newRow("directories, each certificate once")
            << QString() << a + u':' + b << QStringList{authorityOne, authorityTwo};
        QTest::newRow("both, each certificate once")
            << m_dir.filePath(u"b/two.crt"_s) << a + u"::"_s + b
            << QStringList{authorityTwo, authorityOne};
        QTest::newRow("a file that is not there")
            << m_dir.filePath(u"missing.pem"_s) << QString() << QStringList();
        QTest::newRow("a file that holds none")
            << m_dir.filePath(u"a/README"_s) << QString() << QStringList();
        QTest::newRow("a directory that is not there")
            << QString() << m_dir.filePath(u"missing"_s) << QStringList();
        // Trusted anyway: not read again.
        QTest::newRow("the system's bundle and directory")
            << u"/etc/ssl/certs/ca-certificates.crt"_s << u"/etc/ssl/certs"_s << QStringList();
        QTest::newRow("the system's directory, by another name")
            << QString() << u"/usr/lib/ssl/certs/"_s << QStringList();
    }
    void readsWhatTheEnvironmentNames()
    {
        QFETCH(QString, file);
        QFETCH(QString, directories);
        QFETCH(QStringList, expected);
        QCOMPARE(commonNamesOf(TlsTrust::fromEnvironment(environmentOf(file, directories))),
                 expected);
    }

    void changesNothingForWhatTheSystemTrusts()
    {
        // A copy of one of the system's own authorities, elsewhere.
        const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        if (system.isEmpty())
            QSKIP("This system trusts no authority");
        const QString copy = write(u"system-copy.pem"_s, system.constFirst().toPem());
        setEnvironment(copy, u"/etc/ssl/certs"_s);
        TlsTrust::installForApplication();
        setEnvironment({}, {});
        // Still none set: Qt loads the system's on demand.
        QCOMPARE(QSslConfiguration::defaultConfiguration().caCertificates().size(), 0);
    }

    void trustsThemBesidesTheSystemsAuthorities()
    {
        const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        setEnvironment(m_dir.filePath(u"bundle.pem"_s), u"/etc/ssl/certs"_s);
        TlsTrust::installForApplication();
        setEnvironment({}, {});
        const QList<QSslCertificate> trusted =
            QSslConfiguration::defaultConfiguration().caCertificates();
        QCOMPARE(trusted.size(), system.size() + 2);
        QCOMPARE(trusted.mid(0, system.size()), system);
        QCOMPARE(
            commonNamesOf(trusted.mid(system.size())),
            (QStringList{u"KPI Groups test authority one"_s, u"KPI Groups test authority two"_s}));
    }

    void cleanupTestCase()
    {
        qputenv("SSL_CERT_FILE", m_savedFile);
        qputenv("SSL_CERT_DIR", m_savedDirectories);
    }

private:
    // This process's own, as installForApplication reads it.
    void setEnvironment(const QString &file, const QString &directories)
    {
        qputenv("SSL_CERT_FILE", file.toLocal8Bit());
        qputenv("SSL_CERT_DIR", directories.toLocal8Bit());
    }
    const QByteArray m_savedFile = qgetenv("SSL_CERT_FILE");
    const QByteArray m_savedDirectories = qgetenv("SSL_CERT_DIR");
};

QTEST_GUILESS_MAIN(TestTlsTrust)
#include "tst_tlstrust.moc"

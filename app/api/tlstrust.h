#pragma once

#include <QList>
#include <QProcessEnvironment>
#include <QSslCertificate>

// Certificate authorities trusted besides the system's, named by the environment as OpenSSL's
// tools and curl read it on Debian: SSL_CERT_FILE (a file of PEM certificates) and SSL_CERT_DIR
// (directories of them, separated by ':'). For a company's proxy that inspects TLS, or a server
// with an authority of its own (the tests' nginx); Qt 6.4 reads neither variable itself. The
// system's authorities stay trusted, as they do for curl, which still looks in the system's
// directory when SSL_CERT_FILE names a file.
namespace TlsTrust {

// The certificates the environment names, each once, the system's own places (its certificate
// directory, its bundle) left out: none when neither variable names another place, or nothing
// readable is found there (then the system's alone are trusted, and a server certified by an
// authority of its own is refused, as it would be without them).
QList<QSslCertificate> fromEnvironment(const QProcessEnvironment &environment);

// Makes every connection of this process trust those the system does not trust already
// (QSslConfiguration's default; nothing changes when there are none).
void installForApplication();

} // namespace TlsTrust

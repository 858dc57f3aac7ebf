#pragma once

#include <QByteArray>
#include <QByteArrayView>

// HTTP compression for the sandbox's answers, as a server in front of the real API does it.

// Whether an Accept-Encoding header asks for gzip: "gzip" or "x-gzip" (or "*") among its codings,
// with a q-value other than 0 ("gzip;q=0" refuses it, whatever "*" says).
bool sandboxAcceptsGzip(QByteArrayView acceptEncoding);

// `data` in the gzip format (RFC 1952). Level 1, as nginx compresses by default: fast, and most of
// what a JSON list can lose.
QByteArray sandboxGzip(QByteArrayView data, int level = 1);

#pragma once

#include <QByteArray>
#include <QStringView>

// Fast JSON writing for the sandbox: a 100,000-group list is about 30 MB, and building it through
// QJsonDocument would take longer than the client it is meant to measure.
void sandboxAppendIsoDate(QByteArray &out, qint64 msecsSinceEpoch);

// Parses "2024-03-01T10:15:30.123Z" (and other ISO 8601 forms Qt reads); -1 when it is not a date.
qint64 sandboxParseIsoDate(const QString &text);

#include "sandboxjson.h"

#include "sandboxerror.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

// Howard Hinnant's days-to-civil algorithm: proleptic Gregorian, no time zone lookups.
void civilFromDays(qint64 days, int *year, int *month, int *day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    *day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    *month = int(mp < 10 ? mp + 3 : mp - 9);
    *year = int(yearOfEra + era * 400 + (*month <= 2 ? 1 : 0));
}

void appendDigits(QByteArray &out, int value, int width)
{
    char buffer[8];
    for (int i = width - 1; i >= 0; --i) {
        buffer[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(buffer, width);
}

} // namespace

void sandboxAppendIsoDate(QByteArray &out, qint64 msecsSinceEpoch)
{
    constexpr qint64 msPerDay = 86400000;
    qint64 days = msecsSinceEpoch / msPerDay;
    qint64 msOfDay = msecsSinceEpoch % msPerDay;
    if (msOfDay < 0) {
        msOfDay += msPerDay;
        --days;
    }
    int year = 0, month = 0, day = 0;
    civilFromDays(days, &year, &month, &day);
    out.append('"');
    appendDigits(out, year, 4);
    out.append('-');
    appendDigits(out, month, 2);
    out.append('-');
    appendDigits(out, day, 2);
    out.append('T');
    appendDigits(out, int(msOfDay / 3600000), 2);
    out.append(':');
    appendDigits(out, int(msOfDay / 60000 % 60), 2);
    out.append(':');
    appendDigits(out, int(msOfDay / 1000 % 60), 2);
    out.append('.');
    appendDigits(out, int(msOfDay % 1000), 3);
    out.append("Z\"");
}

qint64 sandboxParseIsoDate(const QString &text)
{
    const QDateTime date = QDateTime::fromString(text, Qt::ISODateWithMs);
    return date.isValid() ? date.toMSecsSinceEpoch() : -1;
}

QByteArray SandboxError::toJson() const
{
    const QJsonObject body{{u"error"_s, message}, {u"statusCode"_s, status}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

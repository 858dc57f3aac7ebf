#include "relativetime.h"

#include <QLocale>

QString RelativeTime::format(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return tr("never");
    const qint64 seconds = when.secsTo(now);
    if (seconds < 60)
        return tr("just now");
    const int minutes = int(seconds / 60);
    if (minutes < 60)
        return tr("%n minute(s) ago", nullptr, minutes);
    const int hours = minutes / 60;
    if (hours < 24)
        return tr("%n hour(s) ago", nullptr, hours);
    const qint64 days = when.toLocalTime().date().daysTo(now.toLocalTime().date());
    if (days <= 1)
        return tr("yesterday");
    if (days < 14)
        return tr("%n day(s) ago", nullptr, int(days));
    if (days < 60)
        return tr("%n week(s) ago", nullptr, int(days / 7));
    if (days < 365)
        return tr("%n month(s) ago", nullptr, int(days / 30));
    return QLocale().toString(when.toLocalTime().date(), QLocale::ShortFormat);
}

QString RelativeTime::exact(const QDateTime &when)
{
    return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::LongFormat)
                          : tr("unknown");
}

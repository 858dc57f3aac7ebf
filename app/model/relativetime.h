#pragma once

#include <QCoreApplication>
#include <QDateTime>

// "3 days ago", for lists; the exact date belongs in a tooltip.
class RelativeTime
{
    Q_DECLARE_TR_FUNCTIONS(RelativeTime)

public:
    static QString format(const QDateTime &when, const QDateTime &now);
    static QString exact(const QDateTime &when);
};

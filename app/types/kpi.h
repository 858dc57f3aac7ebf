#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

// A KPI, as far as a group's KPI list needs it (see "KPIs (assumption)" in the API notes).
struct Kpi
{
    QString id;
    QString name;
    QString description;
    QString ownerId;
    QStringList groupIds;
    bool groupIdsGiven = false; // the server sent groupIds (empty: in no group), not left it out

    friend bool operator==(const Kpi &, const Kpi &) = default;
};

// Only Qt's implicitly shared types inside: a list of them grows by moving memory, not by
// moving each one.
Q_DECLARE_TYPEINFO(Kpi, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(Kpi)

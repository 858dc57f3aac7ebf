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

    friend bool operator==(const Kpi &, const Kpi &) = default;
};

Q_DECLARE_METATYPE(Kpi)

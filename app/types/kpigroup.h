#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// A KPI group as the API describes it. `favorite` is the token user's own star.
struct KpiGroup
{
    QString id = {};
    QString accountId = {};
    QString name = {};
    QString createdById = {};
    QString modifiedById = {};
    QDateTime dateCreated = {};
    QDateTime dateUpdated = {};
    bool favorite = false;

    friend bool operator==(const KpiGroup &, const KpiGroup &) = default;
};

// Only Qt's implicitly shared types inside: a list of them grows by moving memory, not by
// moving each one.
Q_DECLARE_TYPEINFO(KpiGroup, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(KpiGroup)

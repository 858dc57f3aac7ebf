#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// A KPI group as the API describes it. `favorite` is the token user's own star.
struct KpiGroup
{
    QString id;
    QString accountId;
    QString name;
    QString createdById;
    QString modifiedById;
    QDateTime dateCreated;
    QDateTime dateUpdated;
    bool favorite = false;

    friend bool operator==(const KpiGroup &, const KpiGroup &) = default;
};

Q_DECLARE_METATYPE(KpiGroup)

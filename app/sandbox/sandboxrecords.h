#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

// The sandbox's own storage records. They mirror the API's documents, but keep dates as
// milliseconds since the epoch (UTC) so that sorting and serialising 100,000 of them is cheap.
struct SandboxGroup
{
    QString id;
    QString name;
    QString createdById;
    QString modifiedById;
    qint64 dateCreated = 0;
    qint64 dateUpdated = 0;
};

struct SandboxKpi
{
    QString id;
    QString name;
    QString description;
    QString ownerId;
    QStringList groupIds;
};

struct SandboxUser
{
    QString id;
    QString name;
    QString accountId;
    QString token;
    QString firstName;
    QString lastName;
    QString email;
};

struct SandboxAccount
{
    QString id;
    QString name;
    QList<SandboxGroup> groups;
    QHash<QString, qsizetype> groupIndex; // group id -> position in groups
    QList<SandboxKpi> kpis;
    QHash<QString, qsizetype> kpiIndex;
    QHash<QString, QSet<QString>> favoritesByUser; // user id -> starred group ids
    quint64 revision = 0;                          // bumped on every change

    void reindex();
};

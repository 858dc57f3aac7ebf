#pragma once

#include "kpigroup.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

// The last list of groups of each connection, kept on disk so that the next start shows it at
// once. Per user (the cache directory), readable by its owner only, and never holding a token.
class GroupCache
{
public:
    struct Entry
    {
        QDateTime savedAt;
        QList<KpiGroup> groups;
    };

    // `directory` defaults to the user's cache location.
    explicit GroupCache(QString directory = {});

    // Thread-safe: files are written whole to a temporary name, then renamed.
    bool save(const QString &connectionKey, const QList<KpiGroup> &groups,
              const QDateTime &savedAt = QDateTime::currentDateTimeUtc()) const;
    std::optional<Entry> load(const QString &connectionKey) const;
    // The entry a file's bytes hold for `connectionKey`; empty when they are damaged.
    static std::optional<Entry> read(const QByteArray &bytes, const QString &connectionKey);
    void remove(const QString &connectionKey) const;
    QString fileFor(const QString &connectionKey) const;

private:
    QString m_directory;
};

#pragma once

#include "outbox.h"

#include <QHash>
#include <QList>
#include <QLockFile>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <functional>
#include <map>
#include <memory>

// Writes the journal on a thread of its own, in the order things were done: a burst of changes
// is one append of their lines, and the GUI thread neither waits for the disk nor turns changes
// into JSON. It keeps what the journal holds, to write it whole again when the lines appended
// since the last whole write outgrow what waits (so that a journal is never much larger than
// what waits, and each change costs a line, not a journal), and after an append failed.
class JournalWriter
{
public:
    struct Batch
    {
        quint64 number = 0;
        bool whole = false; // the journal is written whole, from `changes` and `drafts`
        QList<OutboxChange> changes;
        QHash<QString, QString> drafts;
        QList<JournalEdit> edits; // then these
        // Journals taken over: removed, and their locks let go, once this one holds them.
        QStringList removeAfter;
        QList<std::shared_ptr<QLockFile>> locks;
    };

    JournalWriter() { m_pool.setMaxThreadCount(1); }
    ~JournalWriter() { m_pool.waitForDone(); }

    QThreadPool *pool() { return &m_pool; }

    // `done` runs on the writer's thread, with the number of the last batch written (or not:
    // `why`).
    void write(const QString &file, Batch batch,
               std::function<void(quint64 number, QString why)> done)
    {
        {
            QMutexLocker lock(&m_mutex);
            m_pending.append(std::move(batch));
        }
        m_pool.start([this, file, done] { run(file, done); });
    }
    void wait() { m_pool.waitForDone(); }

private:
    void run(const QString &file, const std::function<void(quint64, QString)> &done);
    QByteArray apply(const JournalEdit &edit);

    QThreadPool m_pool;
    QMutex m_mutex;
    QList<Batch> m_pending;
    // The writer's thread's own: what the journal holds once the last write is on disk.
    std::map<quint64, OutboxChange> m_changes;
    QHash<QString, QString> m_drafts;
    bool m_writeWhole = true;
    qint64 m_bytesPerChange = 320; // in the last whole write
    qint64 m_appended = 0;         // lines appended since
    QStringList m_removeAfter;
    QList<std::shared_ptr<QLockFile>> m_locks;
};

#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>
#include <memory>

class QLockFile;

// One change a person made that the server has not confirmed or refused yet.
struct OutboxChange
{
    enum class Kind
    {
        Create,
        Rename,
        Delete,
        Star,
        Unstar,
        RemoveKpi
    };

    quint64 id = 0; // unique in its outbox; the order is the order of the list
    Kind kind = Kind::Create;
    QString groupId;   // all but Create
    QString kpiId;     // RemoveKpi
    QString name;      // Create, Rename: the new name
    QString groupName; // the group's name when the change was made; Rename: the name before it
    QString kpiName;   // RemoveKpi
    QDateTime madeAt;
    // Sent at least once without an answer: the server may have it, so it is found out before
    // it is sent again (see ChangeSender).
    bool sent = false;
    QString lastError;
    // A KPI removal in its undo window: in the journal (the person saw it done), not sent until
    // the window ends (release()) or the run does; a run that ends before it is over leaves it
    // to be sent by the next.
    QDateTime undoUntil;

    friend bool operator==(const OutboxChange &, const OutboxChange &) = default;
};

// The durable outbox of one connection: every change is written to a journal on disk before it
// is sent, and leaves it when the server confirms or refuses it for good, so that no outage,
// quit or crash loses it. The journal is a file of the owner's only, holds no token, and is
// replaced whole (QSaveFile: a crash leaves the old or the new one, never half of one) on a
// thread of its own, never on the GUI thread. Changes that cancel out are merged before they
// are sent: a star then an unstar is nothing, two renames are the last.
//
// One process at a time owns a journal (a lock file beside it). A second window of the same
// connection gets a journal of its own, and whoever starts next takes over the journals of the
// runs that have ended, crashed or not.
class Outbox : public QObject
{
    Q_OBJECT

public:
    // In memory only: nothing survives the process (tests, and when no journal can be had).
    explicit Outbox(QObject *parent = nullptr);
    // `file`: the journal of this connection (see fileFor()).
    explicit Outbox(QString file, QObject *parent = nullptr);
    ~Outbox() override;

    // The journal of a connection (its SavedConnection key) in the user's data directory.
    static QString fileFor(const QString &connectionKey, const QString &directory = {});

    enum class Loaded
    {
        Nothing, // no journal: a first start, or everything was sent
        Changes, // changes left from an earlier run
        Damaged  // unreadable: set aside (see setAsideFiles()) and reported, never a crash
    };
    // Reads the journal now, on this thread, without taking it (tests).
    Loaded load();
    // Takes this connection's journal and those left by ended runs, and reads them on the
    // journal's thread; ready() says when. Changes added meanwhile go after the ones read, and
    // nothing is written over the journal until it has been read.
    void take();
    bool isReady() const { return !m_taking; }
    // Takes over the journals of this connection that no running process holds any more (a
    // window of it that closed, or crashed, while this one ran): their changes join these.
    void takeOver();
    // How many of the changes take() read were left by earlier runs.
    int fromEarlierRuns() const { return m_fromEarlierRuns; }

    // Adds a change, merged with the waiting ones it cancels or replaces; its id, or 0 when it
    // cancelled out an earlier change and nothing is left to send.
    quint64 add(OutboxChange change);
    void markSent(quint64 id);
    // Its undo window is over: it may be sent.
    void release(quint64 id);
    void setLastError(quint64 id, const QString &error);
    // What the group was called before the change, as far as the server knows.
    void setGroupName(quint64 id, const QString &groupName);
    // Confirmed, refused for good, or discarded by the person: it leaves the outbox.
    void remove(quint64 id);
    void clear();

    const QList<OutboxChange> &changes() const { return m_changes; }
    // Names typed and not saved, by group id: the person's words, kept in the journal (written
    // about a second after the typing stops) and found again at the next start.
    const QHash<QString, QString> &drafts() const { return m_drafts; }
    // An empty text: no draft for that group any more.
    void setDraft(const QString &groupId, const QString &text);
    // The drafts take() found, left by earlier runs.
    const QHash<QString, QString> &draftsFromEarlierRuns() const { return m_draftsFromEarlierRuns; }
    static constexpr std::chrono::milliseconds draftWriteDelay{1000};
    const OutboxChange *change(quint64 id) const;
    bool isEmpty() const { return m_changes.isEmpty(); }
    QString file() const { return m_file; }
    // Where the journal is to be (before take()).
    void setFile(const QString &file) { m_file = file; }
    // The journal on disk holds this change (always true in memory only): it may be sent.
    bool isWritten(quint64 id) const;
    // Waits for the journal writes still under way (for tests and for quitting).
    void waitForWrites();
    // Why the changes are not all safe on disk (a journal could not be had, or the last write
    // failed: a full disk, say); empty when they are, or when none were meant to be.
    QString diskProblem() const { return m_diskProblem; }
    // Every change is in a journal, to be sent at the next start if this run does not.
    bool keepsChangesOnDisk() const { return !m_file.isEmpty() && m_diskProblem.isEmpty(); }
    // The files what could not be read was set aside as, oldest first.
    QStringList setAsideFiles() const { return m_setAside; }

Q_SIGNALS:
    void changed();
    void draftsChanged();
    // The journal has been read (take()): `result` says what was in it.
    void ready(Outbox::Loaded result);
    // takeOver() found `count` changes left by another window of this connection.
    void tookOver(int count);
    // A write reached the disk: more changes may be sent.
    void written();
    // The journal could not be written: the changes are still in memory, and may be lost.
    void writeFailed(const QString &why);
    // A write reached the disk again after writeFailed(): everything is on disk.
    void writeRecovered();

private:
    void write();
    void scheduleWrite();
    void flush();

    QString m_file;
    QString m_firstFile; // the connection's first journal: the others are named after it
    QList<OutboxChange> m_changes;
    QHash<QString, QString> m_drafts;
    QHash<QString, QString> m_draftsFromEarlierRuns;
    QTimer m_draftWrite;
    quint64 m_lastId = 0;
    bool m_taking = false;
    bool m_takeOverWhenReady = false;
    bool m_flushQueued = false;
    int m_fromEarlierRuns = 0;
    // Which write holds each change: it is on disk once that write is.
    QHash<quint64, quint64> m_inWrite;
    quint64 m_writes = 0;
    quint64 m_writtenUpTo = 0;
    quint64 m_lastWriteAnswered = 0;
    QString m_diskProblem;
    QStringList m_setAside;
    std::shared_ptr<QLockFile> m_lock;
    class Writer;
    Writer *m_writer;
};

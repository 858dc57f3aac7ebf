#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

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

    quint64 id = 0; // in the order the changes were made
    Kind kind = Kind::Create;
    QString groupId; // all but Create
    QString kpiId;   // RemoveKpi
    QString name;    // Create, Rename
    QDateTime madeAt;
    // Sent at least once without an answer: the server may have it (see reconciliation).
    bool sent = false;
    QString lastError;

    friend bool operator==(const OutboxChange &, const OutboxChange &) = default;
};

// The durable outbox of one connection: every change is written to a journal on disk before it
// is sent, and leaves it when the server confirms or refuses it for good, so that no outage,
// quit or crash loses it. The journal is a file of the owner's only, holds no token, and is
// replaced whole (QSaveFile: a crash leaves the old or the new one, never half of one) on a
// thread of its own, never on the GUI thread. Changes that cancel out are merged before they
// are sent: a star then an unstar is nothing, two renames are the last.
class Outbox : public QObject
{
    Q_OBJECT

public:
    // `file`: the journal of this connection (see fileFor()).
    explicit Outbox(QString file, QObject *parent = nullptr);
    ~Outbox() override;

    // The journal of a connection (its SavedConnection key) in the user's data directory.
    static QString fileFor(const QString &connectionKey, const QString &directory = {});

    enum class Loaded
    {
        Nothing, // no journal: a first start, or everything was sent
        Changes, // changes left from an earlier run
        Damaged  // unreadable: set aside (renamed *.damaged) and reported, never a crash
    };
    Loaded load();

    // Adds a change, merged with the waiting ones it cancels or replaces; its id, or 0 when it
    // cancelled out an earlier change and nothing is left to send.
    quint64 add(OutboxChange change);
    void markSent(quint64 id);
    void setLastError(quint64 id, const QString &error);
    // Confirmed, or refused for good: it leaves the outbox.
    void remove(quint64 id);

    const QList<OutboxChange> &changes() const { return m_changes; }
    bool isEmpty() const { return m_changes.isEmpty(); }
    QString file() const { return m_file; }
    // Waits for the journal writes still under way (for tests and for quitting).
    void waitForWrites();

Q_SIGNALS:
    void changed();
    // The journal could not be written: the changes are still in memory, and may be lost.
    void writeFailed(const QString &why);

private:
    void write();

    QString m_file;
    QList<OutboxChange> m_changes;
    quint64 m_lastId = 0;
    class Writer;
    Writer *m_writer;
};

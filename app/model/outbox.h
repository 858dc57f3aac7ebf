#pragma once

#include "groupname.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <array>
#include <chrono>
#include <iterator>
#include <map>
#include <memory>
#include <set>

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
        RemoveKpi,
        AddKpi, // to groupId (an assumed endpoint: see addKpiToGroupVerb)
        // Added to toGroupId, then taken out of groupId: once the add is answered, the change
        // becomes the RemoveKpi that is left to send (toGroupId kept), so that a move whose add
        // is refused never removes.
        MoveKpi,
    };
    static constexpr int kindCount = 8;

    quint64 id = 0; // unique in its outbox; the order is the order of the list
    Kind kind = Kind::Create;
    QString groupId;     // all but Create; MoveKpi: the group the KPI leaves
    QString kpiId;       // RemoveKpi, AddKpi, MoveKpi
    GroupName name;      // Create, Rename: the new name
    QString groupName;   // the group's name when the change was made; Rename: the name before it
    QString kpiName;     // RemoveKpi, AddKpi, MoveKpi
    QString toGroupId;   // MoveKpi (and the RemoveKpi left of one): the group the KPI goes to
    QString toGroupName; // MoveKpi
    QDateTime madeAt;
    // Sent at least once without an answer: the server may have it, so it is found out before
    // it is sent again (see ChangeSender).
    bool sent = false;
    QString lastError;
    // A KPI removal in its undo window: in the journal (the person saw it done), not sent until
    // the window ends (release()) or the run does; a run that ends before it is over leaves it
    // to be sent by the next.
    QDateTime undoUntil;

    // Which groups a KPI is in, rather than a group itself.
    bool isKpiMembership() const
    {
        return kind == Kind::RemoveKpi || kind == Kind::AddKpi || kind == Kind::MoveKpi;
    }

    friend bool operator==(const OutboxChange &, const OutboxChange &) = default;
};

// One edit of what the journal holds, as the next write appends it: a change put or removed, or
// a group's draft (empty: none).
struct JournalEdit
{
    enum class Kind
    {
        Put,    // a change, added or updated
        Remove, // change.id left
        Draft   // the draft of groupId is now text (empty: none)
    };
    Kind kind = Kind::Put;
    OutboxChange change = {};
    QString groupId = {};
    QString text = {};
};

class JournalWriter;

// The changes of an outbox in their order, without a copy of them: a view that is valid until the
// outbox changes.
class OutboxChanges
{
    using Map = std::map<quint64, OutboxChange>;

public:
    class const_iterator
    {
    public:
        using iterator_category = std::bidirectional_iterator_tag;
        using value_type = OutboxChange;
        using difference_type = std::ptrdiff_t;
        using pointer = const OutboxChange *;
        using reference = const OutboxChange &;

        const_iterator() = default;
        explicit const_iterator(Map::const_iterator it)
            : m_it(it)
        {}
        reference operator*() const { return m_it->second; }
        pointer operator->() const { return &m_it->second; }
        const_iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        const_iterator operator++(int) { return const_iterator(m_it++); }
        const_iterator &operator--()
        {
            --m_it;
            return *this;
        }
        const_iterator operator--(int) { return const_iterator(m_it--); }
        friend bool operator==(const const_iterator &, const const_iterator &) = default;

    private:
        Map::const_iterator m_it;
    };

    explicit OutboxChanges(const Map &changes)
        : m_changes(&changes)
    {}
    const_iterator begin() const { return const_iterator(m_changes->cbegin()); }
    const_iterator end() const { return const_iterator(m_changes->cend()); }
    qsizetype size() const { return qsizetype(m_changes->size()); }
    bool isEmpty() const { return m_changes->empty(); }
    // The i-th change: a walk to it (tests, and the first few of a list).
    const OutboxChange &at(qsizetype i) const { return *std::next(begin(), i); }
    const OutboxChange &first() const { return *begin(); }
    // The first `count` changes, or all when there are fewer.
    QList<OutboxChange> first(qsizetype count) const
    {
        return QList<OutboxChange>(begin(), std::next(begin(), std::min(count, size())));
    }
    // A copy, for those that change the outbox while they walk it, or take it to another thread.
    QList<OutboxChange> toList() const { return QList<OutboxChange>(begin(), end()); }

private:
    const Map *m_changes;
};

// The durable outbox of one connection: every change is written to a journal on disk before it
// is sent, and leaves it when the server confirms or refuses it for good, so that no outage,
// quit or crash loses it. The journal is a file of the owner's only, holds no token, and is
// replaced whole (QSaveFile: a crash leaves the old or the new one, never half of one) on a
// thread of its own, never on the GUI thread. Changes that cancel out are merged before they
// are sent: a star then an unstar is nothing, two renames are the last.
//
// Every operation on one change costs O(log n) or less, however many wait: the changes are kept
// by id (their order), indexed by group and counted by kind and by failure, and the journal is
// appended to, one line per change made, and compacted now and then (see ARCHITECTURE.md).
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
    // The add of a MoveKpi was answered: it becomes the removal from its group, not sent yet.
    void completeMoveAdd(quint64 id);
    void setLastError(quint64 id, const QString &error);
    // What the group was called before the change, as far as the server knows.
    void setGroupName(quint64 id, const QString &groupName);
    // Confirmed, refused for good, or discarded by the person: it leaves the outbox.
    void remove(quint64 id);
    void clear();

    OutboxChanges changes() const { return OutboxChanges(m_changes); }
    qsizetype size() const { return qsizetype(m_changes.size()); }
    int countOf(OutboxChange::Kind kind) const { return m_countOf.at(std::size_t(kind)); }
    // The KPIs taken out of, put into and moved between groups.
    int kpiPlacementCount() const
    {
        using Kind = OutboxChange::Kind;
        return countOf(Kind::RemoveKpi) + countOf(Kind::AddKpi) + countOf(Kind::MoveKpi);
    }
    // Changes whose last try failed (a last error is kept).
    int failingCount() const { return m_failing; }
    // Changes in their undo window (see OutboxChange::undoUntil).
    int inUndoWindowCount() const { return m_inUndoWindow; }
    // The changes to one group, in their order (creates have none).
    QList<OutboxChange> changesOf(const QString &groupId) const;
    bool hasChangesOf(const QString &groupId) const { return m_byGroup.contains(groupId); }
    // The groups changes wait for, and the creates that wait.
    QStringList groupIds() const { return m_byGroup.keys(); }
    QList<quint64> createIds() const { return QList<quint64>(m_creates.begin(), m_creates.end()); }
    bool hasFailingChangesOf(const QString &groupId) const
    {
        return m_failingByGroup.contains(groupId);
    }
    // Names typed and not saved, by group id: the person's words, kept in the journal (written
    // about a second after the typing stops) and found again at the next start.
    const QHash<QString, QString> &drafts() const { return m_drafts; }
    // An empty text: no draft for that group any more.
    void setDraft(const QString &groupId, const QString &text);
    // The drafts take() found, left by earlier runs.
    const QHash<QString, QString> &draftsFromEarlierRuns() const { return m_draftsFromEarlierRuns; }
    static constexpr std::chrono::milliseconds draftWriteDelay{1000};
    const OutboxChange *change(quint64 id) const;
    bool isEmpty() const { return m_changes.empty(); }
    QString file() const { return m_file; }
    // The connection's first journal, after which those of its other windows are named.
    QString firstFile() const { return m_firstFile; }
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

    enum class Touch
    {
        Added,
        Updated,
        Removed
    };
    enum class Waiting
    {
        Any,    // changes to the group wait (hasChangesOf())
        Failing // of which one failed (hasFailingChangesOf())
    };

Q_SIGNALS:
    // Anything changed: after touched(), and after many changes at once (read, taken over,
    // cleared), which touched() does not tell one by one.
    void changed();
    // One change was added, updated or removed (`change` as it is, or as it was when removed);
    // changed() follows.
    void touched(const OutboxChange &change, Outbox::Touch how);
    // What waits for a group is no longer so (`which`: any change, or a failing one), by the
    // change just touched.
    void groupWaitingChanged(const QString &groupId, Outbox::Waiting which);
    // Many changes at once (read, taken over, cleared), not told by touched(); changed() follows.
    void replaced();
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
    // One change added, updated (after `update` ran on it) or removed: indexed, journaled, told.
    void insert(OutboxChange change);
    template<typename Update>
    void update(quint64 id, Update update);
    void erase(std::map<quint64, OutboxChange>::iterator it);
    struct GroupWaits
    {
        bool any = false;
        bool failing = false;
    };
    GroupWaits waitsOf(const QString &groupId) const;
    void tellWaiting(const QString &groupId, GroupWaits before);
    void index(const OutboxChange &change, int sign);
    // Many changes at once: indexed again, and the journal written whole.
    void replaceAll(QList<OutboxChange> changes);
    void rewriteJournal();

    QString m_file;
    QString m_firstFile; // the connection's first journal: the others are named after it
    std::map<quint64, OutboxChange> m_changes; // by id, which is their order
    QHash<QString, QList<quint64>> m_byGroup;  // the ids of the changes to each group
    QHash<QString, int> m_failingByGroup;      // how many of a group's changes failed
    std::array<int, OutboxChange::kindCount> m_countOf{};
    int m_failing = 0;
    int m_inUndoWindow = 0;
    std::set<quint64> m_creates;
    QHash<QString, QString> m_drafts;
    QHash<QString, QString> m_draftsFromEarlierRuns;
    QTimer m_draftWrite;
    quint64 m_lastId = 0;
    quint64 m_earlyIds = 0; // given before the journal was read (see add())
    bool m_taking = false;
    bool m_takeOverWhenReady = false;
    bool m_flushQueued = false;
    int m_fromEarlierRuns = 0;
    // Which write holds each change: it is on disk once that write is.
    QHash<quint64, quint64> m_inWrite;
    // What the next write holds: the lines of the changes made since the last one, or the whole
    // journal again (after it was read, taken over or cleared).
    using Edit = JournalEdit;
    QList<Edit> m_edits;
    QSet<QString> m_draftsToWrite;
    QStringList m_removeAfterWrite; // journals taken over, removed once this one holds them
    QList<std::shared_ptr<QLockFile>> m_locksUntilWritten;
    bool m_writeWhole = true;
    quint64 m_writes = 0;
    quint64 m_writtenUpTo = 0;
    quint64 m_lastWriteAnswered = 0;
    QString m_diskProblem;
    QStringList m_setAside;
    std::shared_ptr<QLockFile> m_lock;
    JournalWriter *m_writer;
};

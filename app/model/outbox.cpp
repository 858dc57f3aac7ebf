#include "outbox.h"

#include "journalfile.h"
#include "journalwriter.h"
#include "outboxlog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QMutex>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThreadPool>
#include <QtConcurrent>
#include <functional>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace JournalFile;

namespace {} // namespace

namespace {
// Ids given before the journal was read start here, so that the changes read, numbered from 1
// once they are, go before them, as they were made before.
constexpr quint64 firstEarlyId = quint64(1) << 40;
} // namespace

Outbox::Outbox(QObject *parent)
    : Outbox(QString(), parent)
{}

Outbox::Outbox(QString file, QObject *parent)
    : QObject(parent)
    , m_file(std::move(file))
    , m_writer(new JournalWriter)
{
    m_draftWrite.setSingleShot(true);
    m_draftWrite.setInterval(draftWriteDelay);
    connect(&m_draftWrite, &QTimer::timeout, this, &Outbox::scheduleWrite);
}

Outbox::~Outbox()
{
    if (m_draftWrite.isActive()) // the last words typed are kept too
        m_flushQueued = true;
    flush();
    delete m_writer; // waits for the last write
}

QString Outbox::fileFor(const QString &connectionKey, const QString &directory)
{
    const QString base =
        directory.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/outbox"_s
            : directory;
    const QByteArray hash =
        QCryptographicHash::hash(connectionKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    return base + u'/' + QString::fromLatin1(hash.left(32)) + u".json"_s;
}

Outbox::Loaded Outbox::load()
{
    if (m_file.isEmpty() || !QFile::exists(m_file))
        return Loaded::Nothing;
    Read read = readJournal(m_file);
    if (!read.setAside.isEmpty())
        m_setAside.append(read.setAside);
    if (!read.changes)
        return Loaded::Damaged;
    m_drafts = read.drafts;
    for (const OutboxChange &change : std::as_const(*read.changes))
        m_lastId = std::max(m_lastId, change.id);
    replaceAll(std::move(*read.changes));
    return m_changes.empty() ? Loaded::Nothing : Loaded::Changes;
}

void Outbox::take()
{
    if (m_file.isEmpty() || m_taking)
        return;
    m_taking = true;
    auto *watcher = new QFutureWatcher<Taken>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_taking = false;
        Taken taken = watcher->result();
        Loaded result = taken.damaged ? Loaded::Damaged : Loaded::Nothing;
        m_setAside.append(taken.setAside);
        if (taken.file.isEmpty()) {
            // No journal: this run keeps its changes in memory, and says so before the first.
            m_file.clear();
            m_diskProblem = taken.problem;
        } else {
            m_file = taken.file;
            m_lock = std::move(taken.lock);
            // What this run has done meanwhile goes after what earlier runs left.
            for (OutboxChange &change : taken.changes)
                change.id = ++m_lastId;
            if (m_earlyIds > 0)
                m_lastId = std::max(m_lastId, firstEarlyId + m_earlyIds);
            if (!taken.changes.isEmpty() && result == Loaded::Nothing)
                result = Loaded::Changes;
            m_fromEarlierRuns = int(taken.changes.size());
            for (const auto &[id, change] : m_changes)
                taken.changes.append(change);
            // What was typed meanwhile is newer than what was kept.
            m_draftsFromEarlierRuns = taken.drafts;
            addDrafts(m_drafts, taken.drafts);
        }
        replaceAll(std::move(taken.changes));
        Q_EMIT ready(result);
        if (!m_diskProblem.isEmpty())
            Q_EMIT writeFailed(m_diskProblem);
        if (std::exchange(m_takeOverWhenReady, false))
            takeOver();
    });
    m_firstFile = m_file;
    watcher->setFuture(QtConcurrent::run(m_writer->pool(), &takeJournals, m_file));
}

void Outbox::takeOver()
{
    if (m_taking) { // once this one's journal is read
        m_takeOverWhenReady = true;
        return;
    }
    if (m_file.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<Orphans>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        Orphans orphans = watcher->result();
        m_setAside.append(orphans.setAside);
        if (orphans.changes.isEmpty() && orphans.files.isEmpty())
            return;
        QList<OutboxChange> changes = this->changes().toList();
        for (OutboxChange &change : orphans.changes) {
            change.id = ++m_lastId;
            changes.append(change);
        }
        const qsizetype draftsBefore = m_drafts.size();
        addDrafts(m_drafts, orphans.drafts);
        if (m_drafts.size() != draftsBefore)
            Q_EMIT draftsChanged();
        // Removed once this journal holds them, and only then; else left for a later start.
        m_removeAfterWrite += orphans.files;
        m_locksUntilWritten += orphans.locks;
        replaceAll(std::move(changes));
        Q_EMIT tookOver(int(orphans.changes.size()));
    });
    watcher->setFuture(QtConcurrent::run(m_writer->pool(), &findOrphans, m_firstFile, m_file));
}

quint64 Outbox::add(OutboxChange change)
{
    using Kind = OutboxChange::Kind;
    // What waits (not sent yet) for the same group and can be merged with the new change.
    const auto waiting = [&](std::initializer_list<Kind> kinds) {
        for (quint64 id : m_byGroup.value(change.groupId)) {
            const OutboxChange &earlier = m_changes.at(id);
            if (!earlier.sent && std::find(kinds.begin(), kinds.end(), earlier.kind) != kinds.end())
                return m_changes.find(id);
        }
        return m_changes.end();
    };
    // Taking back a KPI's add or move that has not left (an undo, most often): nothing to send.
    const auto takenBack = [&](const QString &groupId, Kind kind, const QString &toGroupId) {
        for (quint64 id : m_byGroup.value(groupId)) {
            const OutboxChange &earlier = m_changes.at(id);
            if (!earlier.sent && earlier.kind == kind && earlier.kpiId == change.kpiId &&
                earlier.toGroupId == toGroupId)
                return m_changes.find(id);
        }
        return m_changes.end();
    };
    if ((change.kind == Kind::RemoveKpi && !change.undoUntil.isValid()) ||
        change.kind == Kind::MoveKpi) {
        const auto earlier = change.kind == Kind::RemoveKpi
                                 ? takenBack(change.groupId, Kind::AddKpi, {})
                                 : takenBack(change.toGroupId, Kind::MoveKpi, change.groupId);
        if (earlier != m_changes.end()) {
            erase(earlier);
            return 0;
        }
    }
    if (change.kind == Kind::Star || change.kind == Kind::Unstar) {
        const auto earlier = waiting({Kind::Star, Kind::Unstar});
        if (earlier != m_changes.end()) {
            const bool cancels = earlier->second.kind != change.kind;
            erase(earlier);
            if (cancels) // star then unstar: nothing to send
                return 0;
        }
    } else if (change.kind == Kind::Rename) {
        const auto earlier = waiting({Kind::Rename});
        if (earlier != m_changes.end()) {
            // The last name is the one to send, and what it replaces is the name before both.
            change.groupName = earlier->second.groupName;
            erase(earlier);
            if (change.name.text() == change.groupName) // named back: nothing to send
                return 0;
        }
    }
    // A delete takes nothing with it: refused or discarded, it leaves the group as the person
    // made it, and what was changed before it is still to be sent.
    change.id = m_taking ? firstEarlyId + ++m_earlyIds : ++m_lastId;
    if (!change.madeAt.isValid())
        change.madeAt = QDateTime::currentDateTimeUtc();
    const quint64 id = change.id;
    qCDebug(lcOutbox) << "change" << id << "added, of kind" << int(change.kind);
    insert(std::move(change));
    return id;
}

void Outbox::markSent(quint64 id)
{
    update(id, [](OutboxChange &change) { return !std::exchange(change.sent, true); });
}

void Outbox::release(quint64 id)
{
    update(id, [](OutboxChange &change) {
        return std::exchange(change.undoUntil, QDateTime()).isValid();
    });
}

void Outbox::completeMoveAdd(quint64 id)
{
    update(id, [](OutboxChange &change) {
        if (change.kind != OutboxChange::Kind::MoveKpi)
            return false;
        change.kind = OutboxChange::Kind::RemoveKpi;
        change.sent = false;
        change.lastError.clear();
        return true;
    });
}

void Outbox::setGroupName(quint64 id, const QString &groupName)
{
    update(id, [&](OutboxChange &change) {
        return std::exchange(change.groupName, groupName) != groupName;
    });
}

void Outbox::setLastError(quint64 id, const QString &error)
{
    update(id, [&](OutboxChange &change) {
        change.lastError = error;
        return true;
    });
}

void Outbox::remove(quint64 id)
{
    if (const auto it = m_changes.find(id); it != m_changes.end()) {
        qCDebug(lcOutbox) << "change" << id << "left the outbox";
        erase(it);
    }
}

void Outbox::clear()
{
    m_inWrite.clear();
    replaceAll({});
}

const OutboxChange *Outbox::change(quint64 id) const
{
    const auto it = m_changes.find(id);
    return it == m_changes.end() ? nullptr : &it->second;
}

QList<OutboxChange> Outbox::changesOf(const QString &groupId) const
{
    QList<OutboxChange> changes;
    for (quint64 id : m_byGroup.value(groupId))
        changes.append(m_changes.at(id));
    return changes;
}

bool Outbox::isWritten(quint64 id) const
{
    if (m_file.isEmpty() && !m_taking)
        return true;
    const auto write = m_inWrite.constFind(id);
    return write != m_inWrite.cend() && *write <= m_writtenUpTo;
}

void Outbox::setDraft(const QString &groupId, const QString &text)
{
    if (groupId.isEmpty() || m_drafts.value(groupId) == text)
        return;
    if (text.isEmpty())
        m_drafts.remove(groupId);
    else
        m_drafts.insert(groupId, text.left(longestDraft));
    m_draftsToWrite.insert(groupId);
    Q_EMIT draftsChanged();
    // Written a moment after the typing stops, not at every key.
    m_draftWrite.start();
}

void Outbox::waitForWrites()
{
    if (m_draftWrite.isActive()) {
        m_draftWrite.stop();
        m_flushQueued = true;
    }
    flush();
    m_writer->wait();
}

void Outbox::insert(OutboxChange change)
{
    const GroupWaits before = waitsOf(change.groupId);
    const auto it = m_changes.emplace_hint(m_changes.end(), change.id, std::move(change));
    index(it->second, +1);
    m_edits.append({.kind = Edit::Kind::Put, .change = it->second});
    Q_EMIT touched(it->second, Touch::Added);
    tellWaiting(it->second.groupId, before);
    write();
}

template<typename Update>
void Outbox::update(quint64 id, Update update)
{
    const auto it = m_changes.find(id);
    if (it == m_changes.end())
        return;
    const GroupWaits before = waitsOf(it->second.groupId);
    index(it->second, -1);
    const bool updated = update(it->second);
    index(it->second, +1);
    if (!updated)
        return;
    m_edits.append({.kind = Edit::Kind::Put, .change = it->second});
    Q_EMIT touched(it->second, Touch::Updated);
    tellWaiting(it->second.groupId, before);
    write();
}

void Outbox::erase(std::map<quint64, OutboxChange>::iterator it)
{
    const OutboxChange change = std::move(it->second);
    const GroupWaits before = waitsOf(change.groupId);
    index(change, -1);
    m_changes.erase(it);
    m_inWrite.remove(change.id);
    OutboxChange removed;
    removed.id = change.id;
    m_edits.append({.kind = Edit::Kind::Remove, .change = removed});
    Q_EMIT touched(change, Touch::Removed);
    tellWaiting(change.groupId, before);
    write();
}

Outbox::GroupWaits Outbox::waitsOf(const QString &groupId) const
{
    return {.any = m_byGroup.contains(groupId), .failing = m_failingByGroup.contains(groupId)};
}

void Outbox::tellWaiting(const QString &groupId, GroupWaits before)
{
    if (groupId.isEmpty())
        return;
    const GroupWaits now = waitsOf(groupId);
    if (now.any != before.any)
        Q_EMIT groupWaitingChanged(groupId, Waiting::Any);
    if (now.failing != before.failing)
        Q_EMIT groupWaitingChanged(groupId, Waiting::Failing);
}

void Outbox::index(const OutboxChange &change, int sign)
{
    m_countOf[std::size_t(change.kind)] += sign;
    const bool failing = !change.lastError.isEmpty();
    m_failing += failing ? sign : 0;
    m_inUndoWindow += change.undoUntil.isValid() ? sign : 0;
    if (change.kind == OutboxChange::Kind::Create) {
        if (sign > 0)
            m_creates.insert(change.id);
        else
            m_creates.erase(change.id);
    }
    if (change.groupId.isEmpty())
        return;
    if (failing) {
        int &count = m_failingByGroup[change.groupId];
        count += sign;
        if (count <= 0)
            m_failingByGroup.remove(change.groupId);
    }
    QList<quint64> &ids = m_byGroup[change.groupId];
    const auto at = std::lower_bound(ids.begin(), ids.end(), change.id);
    if (sign > 0 && (at == ids.end() || *at != change.id))
        ids.insert(at, change.id);
    else if (sign < 0 && at != ids.end() && *at == change.id)
        ids.erase(at);
    if (ids.isEmpty())
        m_byGroup.remove(change.groupId);
}

void Outbox::replaceAll(QList<OutboxChange> changes)
{
    m_changes.clear();
    m_byGroup.clear();
    m_failingByGroup.clear();
    m_countOf = {};
    m_failing = 0;
    m_inUndoWindow = 0;
    m_creates.clear();
    std::sort(changes.begin(), changes.end(),
              [](const OutboxChange &a, const OutboxChange &b) { return a.id < b.id; });
    for (OutboxChange &change : changes) {
        const auto it = m_changes.emplace_hint(m_changes.end(), change.id, std::move(change));
        index(it->second, +1);
    }
    rewriteJournal();
    Q_EMIT replaced();
    write();
}

void Outbox::rewriteJournal()
{
    m_edits.clear();
    m_draftsToWrite.clear();
    m_writeWhole = true;
}

void Outbox::write()
{
    Q_EMIT changed();
    scheduleWrite();
}

void Outbox::scheduleWrite()
{
    if (m_file.isEmpty() || m_taking)
        return; // in memory only, or the journal has not been read yet: it would be lost
    // Once per turn of the event loop: starring a thousand groups is one write, not a thousand.
    if (!std::exchange(m_flushQueued, true))
        QMetaObject::invokeMethod(this, &Outbox::flush, Qt::QueuedConnection);
}

void Outbox::flush()
{
    if (!std::exchange(m_flushQueued, false) || m_file.isEmpty())
        return;
    JournalWriter::Batch batch;
    batch.number = ++m_writes;
    if (std::exchange(m_writeWhole, false)) {
        batch.whole = true;
        batch.changes = changes().toList();
        batch.drafts = m_drafts;
        for (const auto &[id, change] : m_changes)
            m_inWrite.insert(id, batch.number);
        m_edits.clear();
        m_draftsToWrite.clear();
    } else {
        // A change is on disk once the first write that holds it is.
        for (const Edit &edit : std::as_const(m_edits))
            if (edit.kind == Edit::Kind::Put && !m_inWrite.contains(edit.change.id))
                m_inWrite.insert(edit.change.id, batch.number);
        batch.edits = std::exchange(m_edits, {});
        for (const QString &groupId : std::as_const(m_draftsToWrite))
            batch.edits.append(
                {.kind = Edit::Kind::Draft, .groupId = groupId, .text = m_drafts.value(groupId)});
        m_draftsToWrite.clear();
    }
    batch.removeAfter = std::exchange(m_removeAfterWrite, {});
    batch.locks = std::exchange(m_locksUntilWritten, {});
    // The destructor waits for the writer: `this` outlives every write.
    m_draftWrite.stop(); // this write holds them
    m_writer->write(m_file, std::move(batch), [this](quint64 number, QString why) {
        QMetaObject::invokeMethod(
            this,
            [this, number, why] {
                // Not on disk: sent all the same, rather than kept back for ever; the journal
                // keeps what it held before, and the person is told until a write succeeds.
                if (number > m_lastWriteAnswered) {
                    m_lastWriteAnswered = number;
                    const bool wasFailing = !m_diskProblem.isEmpty();
                    m_diskProblem = why;
                    if (!why.isEmpty()) {
                        qCWarning(lcOutbox) << "journal write" << number << "failed";
                        Q_EMIT writeFailed(why);
                    } else if (wasFailing) {
                        qCInfo(lcOutbox) << "journal written again from write" << number;
                        Q_EMIT writeRecovered();
                    }
                }
                m_writtenUpTo = std::max(m_writtenUpTo, number);
                Q_EMIT written();
            },
            Qt::QueuedConnection);
    });
}

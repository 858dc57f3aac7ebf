#include "outbox.h"

#include "jsonreader.h"
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

namespace {

// The first version: the journal one JSON object, written whole every time.
constexpr int wholeJournalVersion = 1;

const QList<std::pair<OutboxChange::Kind, QLatin1StringView>> &kindNames()
{
    static const QList<std::pair<OutboxChange::Kind, QLatin1StringView>> names = {
        {OutboxChange::Kind::Create, "create"_L1}, {OutboxChange::Kind::Rename, "rename"_L1},
        {OutboxChange::Kind::Delete, "delete"_L1}, {OutboxChange::Kind::Star, "star"_L1},
        {OutboxChange::Kind::Unstar, "unstar"_L1}, {OutboxChange::Kind::RemoveKpi, "removeKpi"_L1},
    };
    return names;
}

QJsonObject toJson(const OutboxChange &change)
{
    QJsonObject object{{u"id"_s, QString::number(change.id)},
                       {u"madeAt"_s, change.madeAt.toString(Qt::ISODateWithMs)},
                       {u"sent"_s, change.sent}};
    for (const auto &[kind, name] : kindNames())
        if (kind == change.kind)
            object.insert(u"kind"_s, QString(name));
    if (!change.groupId.isEmpty())
        object.insert(u"groupId"_s, change.groupId);
    if (!change.kpiId.isEmpty())
        object.insert(u"kpiId"_s, change.kpiId);
    if (!change.name.isNull())
        object.insert(u"name"_s, change.name);
    if (!change.groupName.isEmpty())
        object.insert(u"groupName"_s, change.groupName);
    if (!change.kpiName.isEmpty())
        object.insert(u"kpiName"_s, change.kpiName);
    if (!change.lastError.isEmpty())
        object.insert(u"lastError"_s, change.lastError);
    if (change.undoUntil.isValid())
        object.insert(u"undoUntil"_s, change.undoUntil.toString(Qt::ISODateWithMs));
    return object;
}

// A journal is a file of lines, each a JSON object: the version first, then what was done, in
// order. A change is written whole when it is added or updated ("put") and by its id when it
// leaves ("remove"); a draft by its group ("draft", "name": empty when it is gone). What is done
// later is appended: one line per change, whatever the number waiting. Now and then the journal
// is written whole again, as puts of what waits.
const QByteArray journalHeader = "{\"version\":2}\n";

QByteArray line(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray putLine(const OutboxChange &change)
{
    return line({{u"put"_s, toJson(change)}});
}

QByteArray removeLine(quint64 id)
{
    return line({{u"remove"_s, QString::number(id)}});
}

QByteArray draftLine(const QString &groupId, const QString &text)
{
    return line({{u"draft"_s, groupId}, {u"name"_s, text}});
}

const OutboxChange &changeOf(const OutboxChange &change)
{
    return change;
}

const OutboxChange &changeOf(const std::pair<const quint64, OutboxChange> &entry)
{
    return entry.second;
}

// `changes`: a list of them, or a map of them by id.
template<typename Changes>
QByteArray wholeJournal(const Changes &changes, const QHash<QString, QString> &drafts)
{
    QByteArray bytes = journalHeader;
    for (const auto &change : changes)
        bytes += putLine(changeOf(change));
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it)
        bytes += draftLine(it.key(), it.value());
    return bytes;
}

// What a journal holds: the changes it could read, and those it could not (a kind from a newer
// version, say), kept as they were written to be set aside.
struct Parsed
{
    QList<OutboxChange> changes;
    QList<QByteArray> unread;
    QHash<QString, QString> drafts;
    bool lines = false; // a journal of lines (else of the first version)
};

// No name a person types is longer; a longer one in a journal was not written by this app.
constexpr qsizetype longestDraft = 10000;
// No text of a change is longer than the API takes (names) or a message (errors).
constexpr qsizetype longestText = 4096;
// A journal of 100,000 changes is about 30 MB: a larger file was not written by this app, and
// is set aside rather than read.
constexpr qint64 largestJournal = 64 * 1024 * 1024;

std::optional<QString> readText(JsonReader &reader, qsizetype longest = longestText)
{
    std::optional<QString> text = reader.readString();
    if (text && text->size() > longest)
        text->truncate(longest);
    return text;
}

// One change of the journal; std::nullopt when it is not one this version knows (the reader has
// gone past it all the same, unless the text itself is broken: see reader.failed()).
std::optional<OutboxChange> readChange(JsonReader &reader)
{
    if (!reader.consume('{')) {
        reader.skipValue();
        return std::nullopt;
    }
    static const QList<QByteArrayView> texts = {
        "id", "kind", "groupId", "kpiId", "name", "groupName", "kpiName", "madeAt", "lastError"};
    OutboxChange change;
    bool known = true;
    bool first = true;
    QByteArrayView key;
    while (reader.nextKey(&key, &first)) {
        // `sent` is not believed (see below), and `undoUntil` not read back: the run that could
        // undo the change has ended, and the person saw it done.
        if (!texts.contains(key)) {
            reader.skipValue();
            continue;
        }
        const std::optional<QString> text = readText(reader);
        if (!text) {
            known = false;
            if (!reader.failed())
                reader.skipValue();
            continue;
        }
        if (key == "id") {
            bool ok = false;
            change.id = text->toULongLong(&ok);
            known = known && ok && change.id != 0;
        } else if (key == "kind") {
            const auto kind =
                std::find_if(kindNames().begin(), kindNames().end(),
                             [&](const auto &entry) { return entry.second == *text; });
            known = known && kind != kindNames().end();
            if (kind != kindNames().end())
                change.kind = kind->first;
        } else if (key == "groupId") {
            change.groupId = *text;
        } else if (key == "kpiId") {
            change.kpiId = *text;
        } else if (key == "name") {
            change.name = *text;
        } else if (key == "groupName") {
            change.groupName = *text;
        } else if (key == "kpiName") {
            change.kpiName = *text;
        } else if (key == "madeAt") {
            change.madeAt = QDateTime::fromString(*text, Qt::ISODateWithMs);
        } else if (key == "lastError") {
            change.lastError = *text;
        }
    }
    if (!known || change.id == 0)
        return std::nullopt;
    // Whether it left before the run ended is not known for sure, whatever the journal says
    // (marking it sent may not have reached the disk): found out before sending.
    change.sent = true;
    return change;
}

// A journal of the first version: one JSON object, its changes in an array. Read as it streams
// by, into changes, without a document of the whole of it.
std::optional<Parsed> parseWhole(QByteArrayView bytes)
{
    JsonReader reader(bytes);
    if (!reader.consume('{'))
        return std::nullopt;
    Parsed parsed;
    std::optional<double> version;
    bool sawChanges = false;
    bool first = true;
    QByteArrayView key;
    while (reader.nextKey(&key, &first)) {
        if (key == "version") {
            version = reader.readNumber();
        } else if (key == "changes") {
            sawChanges = reader.expect('[');
            bool firstChange = true;
            while (reader.nextElement(&firstChange)) {
                const char *start = reader.position();
                std::optional<OutboxChange> change = readChange(reader);
                if (reader.failed())
                    break;
                if (change)
                    parsed.changes.append(std::move(*change));
                else
                    parsed.unread.append(QByteArray(start, reader.position() - start));
            }
        } else if (key == "drafts") {
            if (!reader.expect('{'))
                break;
            bool firstDraft = true;
            QByteArrayView groupId;
            while (reader.nextKey(&groupId, &firstDraft)) {
                const QString id = QString::fromUtf8(groupId);
                if (std::optional<QString> text = readText(reader, longestDraft);
                    text && !id.isEmpty())
                    parsed.drafts.insert(id, *text);
                else if (!reader.failed())
                    reader.skipValue();
            }
        } else {
            reader.skipValue();
        }
    }
    if (reader.failed() || !reader.atEnd() || !sawChanges || version != wholeJournalVersion)
        return std::nullopt;
    return parsed;
}

// A journal of lines (see journalHeader). A line that cannot be read is set aside, unless it is
// the last and unfinished: a write that was cut off (a crash, a full disk), never reported done.
std::optional<Parsed> parseLines(QByteArrayView bytes)
{
    Parsed parsed;
    parsed.lines = true;
    QHash<quint64, qsizetype> at; // where each change is in parsed.changes
    QList<bool> gone;
    qsizetype from = journalHeader.size();
    while (from < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', from);
        const bool finished = end >= 0;
        if (!finished)
            end = bytes.size();
        const QByteArrayView text = bytes.sliced(from, end - from);
        from = end + 1;
        JsonReader reader(text);
        // Done only once the whole line has been read: a line cut off does nothing.
        std::function<void()> apply;
        if (reader.consume('{')) {
            bool first = true;
            QByteArrayView key;
            if (reader.nextKey(&key, &first)) {
                if (key == "put") {
                    if (std::optional<OutboxChange> change = readChange(reader)) {
                        apply = [&, change = std::move(*change)]() mutable {
                            if (const auto known = at.constFind(change.id); known != at.cend()) {
                                parsed.changes[*known] = std::move(change);
                            } else {
                                at.insert(change.id, parsed.changes.size());
                                parsed.changes.append(std::move(change));
                                gone.append(false);
                            }
                        };
                    }
                } else if (key == "remove") {
                    const std::optional<QString> id = readText(reader);
                    bool ok = false;
                    const quint64 number = id ? id->toULongLong(&ok) : 0;
                    if (ok) {
                        apply = [&, number] {
                            if (const auto known = at.constFind(number); known != at.cend()) {
                                gone[*known] = true;
                                at.erase(known);
                            }
                        };
                    }
                } else if (key == "draft") {
                    const std::optional<QString> groupId = readText(reader);
                    QByteArrayView nameKey;
                    if (groupId && !groupId->isEmpty() && reader.nextKey(&nameKey, &first) &&
                        nameKey == "name") {
                        if (const std::optional<QString> name = readText(reader, longestDraft)) {
                            apply = [&, groupId = *groupId, name = *name] {
                                if (name.isEmpty())
                                    parsed.drafts.remove(groupId);
                                else
                                    parsed.drafts.insert(groupId, name);
                            };
                        }
                    }
                }
            }
            QByteArrayView more;
            if (reader.nextKey(&more, &first) || reader.failed() || !reader.atEnd())
                apply = nullptr;
        }
        const bool understood = bool(apply);
        if (understood)
            apply();
        if (!understood && finished && !text.trimmed().isEmpty())
            parsed.unread.append(text.toByteArray());
    }
    QList<OutboxChange> kept;
    kept.reserve(parsed.changes.size());
    for (qsizetype i = 0; i < parsed.changes.size(); ++i)
        if (!gone.at(i))
            kept.append(std::move(parsed.changes[i]));
    parsed.changes = std::move(kept);
    return parsed;
}

std::optional<Parsed> parse(QByteArrayView bytes)
{
    if (bytes.startsWith(QByteArrayView(journalHeader)))
        return parseLines(bytes);
    return parseWhole(bytes);
}

// A journal, or what could not be read of one, is never overwritten or removed: each is set
// aside under a name of its own (the first as *.damaged, later ones with their time) for a
// person to look at. The name it was given, or empty when it could not be set aside.
QString setAside(const QString &path, const QByteArray *bytes = nullptr)
{
    QString aside = path + u".damaged"_s;
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
    for (int n = 1; QFileInfo(aside).exists() || QFileInfo(aside).isSymLink(); ++n)
        aside = path + u".damaged-"_s + stamp + (n > 1 ? u'-' + QString::number(n) : QString());
    if (!bytes)
        return QFile::rename(path, aside) ? aside : QString();
    QFile out(aside);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly) || out.write(*bytes) != bytes->size())
        return {};
    out.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return aside;
}

struct Read
{
    std::optional<QList<OutboxChange>> changes; // none: unreadable, set aside whole
    QHash<QString, QString> drafts;
    QString setAside;      // where what could not be read went
    bool tooLarge = false; // set aside unread: larger than this app writes
};

// Reads a journal; what cannot be read is set aside, never a crash. A journal that is a link is
// not followed: it may point anywhere.
Read readJournal(const QString &path)
{
    Read read;
    std::optional<Parsed> parsed;
    if (!QFileInfo(path).isSymLink()) {
        QFile file(path);
        read.tooLarge = file.size() > largestJournal;
        if (!read.tooLarge && file.open(QIODevice::ReadOnly)) {
            // Mapped, not copied: the changes are read straight out of the file.
            if (file.size() == 0)
                parsed = parse({});
            else if (const uchar *bytes = file.map(0, file.size()))
                parsed = parse(QByteArrayView(bytes, file.size()));
            else
                parsed = parse(file.readAll());
        }
    }
    if (!parsed) {
        read.setAside = setAside(path);
        return read;
    }
    read.changes = std::move(parsed->changes);
    read.drafts = std::move(parsed->drafts);
    if (!parsed->unread.isEmpty()) {
        const QByteArray unread =
            parsed->lines ? QByteArray(journalHeader + parsed->unread.join('\n') + '\n')
                          : QByteArray("{\"version\":" + QByteArray::number(wholeJournalVersion) +
                                       ",\"changes\":[" + parsed->unread.join(',') + "]}");
        read.setAside = setAside(path, &unread);
    }
    return read;
}

QString slotFile(const QString &first, int slot)
{
    if (slot == 0)
        return first;
    const QString stem = first.endsWith(u".json"_s) ? first.chopped(5) : first;
    return stem + u'.' + QString::number(slot) + u".json"_s;
}

// The journals of a connection on disk: its first one and those of other windows of it, any
// number of them.
QStringList journalsOf(const QString &first)
{
    const QFileInfo info(first);
    const QString stem =
        info.fileName().endsWith(u".json"_s) ? info.fileName().chopped(5) : info.fileName();
    QStringList journals;
    const QDir directory = info.absoluteDir();
    for (const QString &name :
         directory.entryList({stem + u"*.json"_s}, QDir::Files | QDir::System)) {
        const QString middle = name.mid(stem.size(), name.size() - stem.size() - 5);
        bool numbered = false;
        middle.mid(1).toUInt(&numbered);
        if (middle.isEmpty() || (middle.startsWith(u'.') && numbered))
            journals.append(directory.filePath(name));
    }
    return journals;
}

std::shared_ptr<QLockFile> lockFor(const QString &journal)
{
    auto lock = std::make_shared<QLockFile>(journal + u".lock"_s);
    lock->setStaleLockTime(0); // stale only when its process is gone, however old
    return lock;
}

// No connection has this many windows: a bound against a folder that refuses every lock.
constexpr int mostJournals = 10000;

struct Taken
{
    QString file; // empty: no journal could be had (`problem` says why)
    QString problem;
    std::shared_ptr<QLockFile> lock;
    QList<OutboxChange> changes;
    QHash<QString, QString> drafts;
    bool damaged = false; // a whole journal could not be read
    QStringList setAside;
};

// Drafts of another journal join these, unless a newer one of the same group is here.
void addDrafts(QHash<QString, QString> &drafts, const QHash<QString, QString> &more)
{
    for (auto it = more.cbegin(); it != more.cend(); ++it)
        if (!drafts.contains(it.key()))
            drafts.insert(it.key(), it.value());
}

QString writeJournal(const QString &file, const QByteArray &journal);

// The first journal no running process holds becomes this one's, however many windows of the
// connection run; any other such journal was left by a run that ended, and its changes join this
// one's, written before it is removed.
Taken takeJournals(const QString &first)
{
    Taken taken;
    if (!QDir().mkpath(QFileInfo(first).absolutePath())) {
        taken.problem = Outbox::tr("The folder %1 could not be made.")
                            .arg(QDir::toNativeSeparators(QFileInfo(first).absolutePath()));
        return taken;
    }
    for (int slot = 0; slot < mostJournals && taken.file.isEmpty(); ++slot) {
        const QString path = slotFile(first, slot);
        std::shared_ptr<QLockFile> lock = lockFor(path);
        if (lock->tryLock(0)) {
            taken.file = path;
            taken.lock = lock;
        } else if (lock->error() != QLockFile::LockFailedError) {
            taken.problem =
                lock->error() == QLockFile::PermissionError
                    ? Outbox::tr("The folder %1 cannot be written to.")
                          .arg(QDir::toNativeSeparators(QFileInfo(first).absolutePath()))
                    : Outbox::tr("The lock beside %1 could not be made.")
                          .arg(QDir::toNativeSeparators(path));
            return taken;
        }
    }
    if (taken.file.isEmpty()) {
        taken.problem = Outbox::tr("Too many windows of this connection are open.");
        return taken;
    }
    // Its own journal first: the others are written into it once it has been read.
    QStringList journals = journalsOf(first);
    if (journals.removeAll(taken.file) > 0)
        journals.prepend(taken.file);
    for (const QString &path : std::as_const(journals)) {
        std::shared_ptr<QLockFile> lock = path == taken.file ? taken.lock : lockFor(path);
        if (path != taken.file && !lock->tryLock(0))
            continue; // its window still runs, and sends it
        Read read = readJournal(path);
        taken.damaged = taken.damaged || !read.changes;
        if (!read.setAside.isEmpty())
            taken.setAside.append(read.setAside);
        if (!read.changes)
            continue;
        if (path == taken.file) {
            taken.changes = *read.changes;
            taken.drafts = read.drafts;
            continue;
        }
        const QList<OutboxChange> merged = taken.changes + *read.changes;
        QHash<QString, QString> drafts = taken.drafts;
        addDrafts(drafts, read.drafts);
        if (!writeJournal(taken.file, wholeJournal(merged, drafts)).isEmpty())
            continue; // not written here: left where it is, for a later start
        taken.changes = merged;
        taken.drafts = drafts;
        QFile::remove(path);
    }
    return taken;
}

QString writeJournal(const QString &file, const QByteArray &journal)
{
    const QString directory = QFileInfo(file).absolutePath();
    if (!QDir().mkpath(directory))
        return Outbox::tr("The folder %1 could not be made.")
            .arg(QDir::toNativeSeparators(directory));
    QFile::setPermissions(directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // QSaveFile writes through a link, and a dangling one would make a file wherever it points:
    // the link is set aside, and the journal written where it belongs.
    if (QFileInfo(file).isSymLink() && setAside(file).isEmpty())
        return Outbox::tr("%1 is a link that could not be moved aside.")
            .arg(QDir::toNativeSeparators(file));
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return out.errorString();
    out.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    // commit() would replace the journal even after a failed write (a full disk): the old one
    // stays unless the whole new one was written.
    if (out.write(journal) != journal.size() || !out.flush()) {
        const QString why = out.errorString();
        out.cancelWriting();
        return why;
    }
    if (!out.commit())
        return out.errorString();
    return {};
}

// The journals of a connection besides `own` that no running process holds any more.
struct Orphans
{
    QStringList files;
    QList<std::shared_ptr<QLockFile>> locks; // held until the files are removed
    QList<OutboxChange> changes;
    QHash<QString, QString> drafts;
    QStringList setAside;
};

Orphans findOrphans(const QString &first, const QString &own)
{
    Orphans orphans;
    for (const QString &path : journalsOf(first)) {
        if (path == own)
            continue;
        std::shared_ptr<QLockFile> lock = lockFor(path);
        if (!lock->tryLock(0))
            continue; // its window still runs, and sends it
        Read read = readJournal(path);
        if (!read.setAside.isEmpty())
            orphans.setAside.append(read.setAside);
        if (read.changes) {
            orphans.changes.append(*read.changes);
            addDrafts(orphans.drafts, read.drafts);
            orphans.files.append(path);
            orphans.locks.append(lock);
        }
    }
    return orphans;
}

// Appends lines to a journal, all of them or none: what a failed write left is cut off again.
// Flushed to the disk before it is said done, as a whole write is.
QString appendToJournal(const QString &file, const QByteArray &lines)
{
    // Unbuffered: a buffer that cannot be flushed would keep resize() from cutting it off.
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return out.errorString();
    const qint64 before = out.size();
    if (out.write(lines) != lines.size() || ::fdatasync(out.handle()) != 0) {
        QString why = out.errorString();
        if (why.isEmpty() || out.error() == QFileDevice::NoError)
            why = qt_error_string(errno);
        if (!out.resize(before))
            why += u' ' + Outbox::tr("The end of the journal could not be cut off again.");
        return why;
    }
    return {};
}

// Below this, a journal is never compacted: it is read in a moment whatever it holds.
constexpr qint64 leastCompaction = 64 * 1024;

} // namespace

// Writes the journal on a thread of its own, in the order things were done: a burst of changes
// is one append of their lines, and the GUI thread neither waits for the disk nor turns changes
// into JSON. It keeps what the journal holds, to write it whole again when the lines appended
// since the last whole write outgrow what waits (so that a journal is never much larger than
// what waits, and each change costs a line, not a journal), and after an append failed.
class Outbox::Writer
{
public:
    struct Batch
    {
        quint64 number = 0;
        bool whole = false; // the journal is written whole, from `changes` and `drafts`
        QList<OutboxChange> changes;
        QHash<QString, QString> drafts;
        QList<Edit> edits; // then these
        // Journals taken over: removed, and their locks let go, once this one holds them.
        QStringList removeAfter;
        QList<std::shared_ptr<QLockFile>> locks;
    };

    Writer() { m_pool.setMaxThreadCount(1); }
    ~Writer() { m_pool.waitForDone(); }

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
    void run(const QString &file, const std::function<void(quint64, QString)> &done)
    {
        QList<Batch> batches;
        {
            QMutexLocker lock(&m_mutex);
            batches = std::exchange(m_pending, {});
        }
        if (batches.isEmpty())
            return; // an earlier run took them
        QByteArray lines;
        for (Batch &batch : batches) {
            if (batch.whole) {
                m_changes.clear();
                for (OutboxChange &change : batch.changes)
                    m_changes.emplace_hint(m_changes.end(), change.id, std::move(change));
                m_drafts = std::move(batch.drafts);
                m_writeWhole = true;
                lines.clear();
            }
            for (const Edit &edit : std::as_const(batch.edits))
                lines += apply(edit);
            m_removeAfter += batch.removeAfter;
            m_locks += batch.locks;
        }
        m_appended += lines.size();
        // What waits takes about what a change took at the last whole write, a change each.
        const qint64 waiting = qint64(m_changes.size()) * m_bytesPerChange;
        const bool outgrown = m_appended > std::max(leastCompaction, waiting);
        QString why;
        if (m_writeWhole || outgrown || m_changes.empty() || !QFileInfo::exists(file) ||
            QFileInfo(file).isSymLink()) {
            const QByteArray whole = wholeJournal(m_changes, m_drafts);
            why = writeJournal(file, whole);
            if (why.isEmpty()) {
                m_writeWhole = false;
                if (!m_changes.empty())
                    m_bytesPerChange = whole.size() / qint64(m_changes.size());
                m_appended = 0;
            }
        } else if (!lines.isEmpty()) {
            why = appendToJournal(file, lines);
            m_writeWhole = !why.isEmpty(); // what was cut off is written whole next time
        }
        if (why.isEmpty()) {
            for (const QString &taken : std::as_const(m_removeAfter))
                QFile::remove(taken);
            m_removeAfter.clear();
            m_locks.clear();
        }
        done(batches.constLast().number, why);
    }

    QByteArray apply(const Edit &edit)
    {
        switch (edit.kind) {
        case Edit::Kind::Put:
            m_changes.insert_or_assign(edit.change.id, edit.change);
            return putLine(edit.change);
        case Edit::Kind::Remove:
            m_changes.erase(edit.change.id);
            return removeLine(edit.change.id);
        case Edit::Kind::Draft:
            if (edit.text.isEmpty())
                m_drafts.remove(edit.groupId);
            else
                m_drafts.insert(edit.groupId, edit.text);
            return draftLine(edit.groupId, edit.text);
        }
        return {};
    }

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
    , m_writer(new Writer)
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
            if (change.name == change.groupName) // named back: nothing to send
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
    const auto it = m_changes.emplace_hint(m_changes.end(), change.id, std::move(change));
    index(it->second, +1);
    m_edits.append({.kind = Edit::Kind::Put, .change = it->second});
    Q_EMIT touched(it->second, Touch::Added);
    write();
}

template<typename Update>
void Outbox::update(quint64 id, Update update)
{
    const auto it = m_changes.find(id);
    if (it == m_changes.end())
        return;
    index(it->second, -1);
    const bool updated = update(it->second);
    index(it->second, +1);
    if (!updated)
        return;
    m_edits.append({.kind = Edit::Kind::Put, .change = it->second});
    Q_EMIT touched(it->second, Touch::Updated);
    write();
}

void Outbox::erase(std::map<quint64, OutboxChange>::iterator it)
{
    const OutboxChange change = std::move(it->second);
    index(change, -1);
    m_changes.erase(it);
    m_inWrite.remove(change.id);
    OutboxChange removed;
    removed.id = change.id;
    m_edits.append({.kind = Edit::Kind::Remove, .change = removed});
    Q_EMIT touched(change, Touch::Removed);
    write();
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
    Writer::Batch batch;
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

#include "journalfile.h"

#include "apiinput.h"
#include "jsonreader.h"
#include "outbox.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace JournalFile {

// The first version: the journal one JSON object, written whole every time.
constexpr int wholeJournalVersion = 1;

const QList<std::pair<OutboxChange::Kind, QLatin1StringView>> &kindNames()
{
    static const QList<std::pair<OutboxChange::Kind, QLatin1StringView>> names = {
        {OutboxChange::Kind::Create, "create"_L1}, {OutboxChange::Kind::Rename, "rename"_L1},
        {OutboxChange::Kind::Delete, "delete"_L1}, {OutboxChange::Kind::Star, "star"_L1},
        {OutboxChange::Kind::Unstar, "unstar"_L1}, {OutboxChange::Kind::RemoveKpi, "removeKpi"_L1},
        {OutboxChange::Kind::AddKpi, "addKpi"_L1}, {OutboxChange::Kind::MoveKpi, "moveKpi"_L1},
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
        object.insert(u"name"_s, change.name.text());
    if (!change.groupName.isEmpty())
        object.insert(u"groupName"_s, change.groupName);
    if (!change.kpiName.isEmpty())
        object.insert(u"kpiName"_s, change.kpiName);
    if (!change.toGroupId.isEmpty())
        object.insert(u"toGroupId"_s, change.toGroupId);
    if (!change.toGroupName.isEmpty())
        object.insert(u"toGroupName"_s, change.toGroupName);
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

// What a journal holds: the changes it could read, and those it could not (a kind from a newer
// version, say), kept as they were written to be set aside.
struct Parsed
{
    QList<OutboxChange> changes;
    QList<OutboxChange> left; // put, then removed: answered or given up
    QList<QByteArray> unread;
    QHash<QString, QString> drafts;
    bool lines = false; // a journal of lines (else of the first version)
};

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
    static const QList<QByteArrayView> texts = {"id",        "kind",      "groupId",    "kpiId",
                                                "name",      "groupName", "kpiName",    "madeAt",
                                                "lastError", "toGroupId", "toGroupName"};
    OutboxChange change;
    QString unusableName; // the text of a name that could not be one
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
            // Checked here, where it comes in: a journal can be damaged or forged. A text that
            // cannot be a name leaves none, and the change is refused, visibly, when sent.
            change.name = GroupName::from(*text).value_or(GroupName());
            if (change.name.isNull())
                unusableName = *text;
        } else if (key == "groupName") {
            change.groupName = *text;
        } else if (key == "kpiName") {
            change.kpiName = *text;
        } else if (key == "madeAt") {
            change.madeAt = QDateTime::fromString(*text, Qt::ISODateWithMs);
        } else if (key == "lastError") {
            change.lastError = *text;
        } else if (key == "toGroupId") {
            change.toGroupId = *text;
        } else if (key == "toGroupName") {
            change.toGroupName = *text;
        }
    }
    if (!known || change.id == 0)
        return std::nullopt;
    // What the refusal of a create names it by (a rename: by the group's name before it).
    if (change.kind == OutboxChange::Kind::Create && change.groupName.isEmpty())
        change.groupName = ApiInput::shortened(unusableName);
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
        (gone.at(i) ? parsed.left : kept).append(std::move(parsed.changes[i]));
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
QString setAside(const QString &path, const QByteArray *bytes)
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

// Reads a journal; what cannot be read is set aside, never a crash. A journal that is a link is
// not followed: it may point anywhere.
namespace {

std::optional<Parsed> parseFile(const QString &path, bool &tooLarge)
{
    if (QFileInfo(path).isSymLink())
        return std::nullopt;
    QFile file(path);
    tooLarge = file.size() > largestJournal;
    if (tooLarge || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    // Mapped, not copied: the changes are read straight out of the file.
    if (file.size() == 0)
        return parse({});
    if (const uchar *bytes = file.map(0, file.size()))
        return parse(QByteArrayView(bytes, file.size()));
    return parse(file.readAll());
}

} // namespace

Read readJournal(const QString &path)
{
    Read read;
    std::optional<Parsed> parsed = parseFile(path, read.tooLarge);
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

std::optional<Peeked> peekJournal(const QString &path)
{
    bool tooLarge = false;
    std::optional<Parsed> parsed = parseFile(path, tooLarge);
    if (!parsed)
        return std::nullopt;
    return Peeked{std::move(parsed->changes), std::move(parsed->left)};
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

// Drafts of another journal join these, unless a newer one of the same group is here.
void addDrafts(QHash<QString, QString> &drafts, const QHash<QString, QString> &more)
{
    for (auto it = more.cbegin(); it != more.cend(); ++it)
        if (!drafts.contains(it.key()))
            drafts.insert(it.key(), it.value());
}

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

} // namespace JournalFile

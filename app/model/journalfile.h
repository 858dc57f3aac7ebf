#pragma once

#include "outbox.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QLockFile>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>

// The outbox's journal on disk: its format (JSON lines, after a first version written whole),
// reading it (what cannot be read is set aside, never a crash), writing it whole or appending to
// it, and the journals of a connection's windows. Functions of files and bytes only: the Outbox
// decides when.
namespace JournalFile {

inline const QByteArray journalHeader = "{\"version\":2}\n";

// No name a person types is longer; a longer one in a journal was not written by this app.
constexpr qsizetype longestDraft = 10000;

QByteArray putLine(const OutboxChange &change);
QByteArray removeLine(quint64 id);
QByteArray draftLine(const QString &groupId, const QString &text);

inline const OutboxChange &changeOf(const OutboxChange &change)
{
    return change;
}

inline const OutboxChange &changeOf(const std::pair<const quint64, OutboxChange> &entry)
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

// Moves a journal (or `bytes` of it) aside, as .damaged, keeping every earlier one; where to.
QString setAside(const QString &path, const QByteArray *bytes = nullptr);

struct Read
{
    std::optional<QList<OutboxChange>> changes; // none: unreadable, set aside whole
    QHash<QString, QString> drafts;
    QString setAside;      // where what could not be read went
    bool tooLarge = false; // set aside unread: larger than this app writes
};
Read readJournal(const QString &path);

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
// The first journal no running process holds becomes this one's; the others left by runs that
// ended join it.
Taken takeJournals(const QString &first);

// Drafts of another journal join these, unless a newer one of the same group is here.
void addDrafts(QHash<QString, QString> &drafts, const QHash<QString, QString> &more);

// The changes in another window's journal, as they are now: read only, nothing set aside (it is
// that window's), a line it is still appending left out. None: it could not be read.
struct Peeked
{
    QList<OutboxChange> waiting;
    // Put, then removed, since the journal was last written whole: a change that came and went
    // between two readings (answered, or given up).
    QList<OutboxChange> left;
};
std::optional<Peeked> peekJournal(const QString &path);
// The journals of a connection on disk: its first one and those of its other windows.
QStringList journalsOf(const QString &first);

// Writes a journal whole, or keeps the old one: why not, or empty.
QString writeJournal(const QString &file, const QByteArray &journal);

// The journals of a connection besides `own` that no running process holds any more.
struct Orphans
{
    QStringList files;
    QList<std::shared_ptr<QLockFile>> locks; // held until the files are removed
    QList<OutboxChange> changes;
    QHash<QString, QString> drafts;
    QStringList setAside;
};
Orphans findOrphans(const QString &first, const QString &own);

// Appends lines to a journal, all of them or none; why not, or empty.
QString appendToJournal(const QString &file, const QByteArray &lines);

} // namespace JournalFile

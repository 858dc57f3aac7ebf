#include "journalwriter.h"

#include "journalfile.h"

#include <QFile>
#include <QFileInfo>

using namespace JournalFile;

namespace {

// Below this, a journal is never compacted: it is read in a moment whatever it holds.
constexpr qint64 leastCompaction = 64 * 1024;

} // namespace

void JournalWriter::run(const QString &file, const std::function<void(quint64, QString)> &done)
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
        for (const JournalEdit &edit : std::as_const(batch.edits))
            lines += apply(edit);
        m_removeAfter += batch.removeAfter;
        m_locks += batch.locks;
    }
    m_appended += lines.size();
    // What waits takes about what a change took at the last whole write, a change each.
    const qint64 waiting = qint64(m_changes.size()) * m_bytesPerChange;
    const bool outgrown = m_appended > std::max(leastCompaction, waiting);
    QString why;
    // Not written whole when it empties: the other windows of the connection read what came
    // and went from its lines (PeerChanges).
    if (m_writeWhole || outgrown || !QFileInfo::exists(file) || QFileInfo(file).isSymLink()) {
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

QByteArray JournalWriter::apply(const JournalEdit &edit)
{
    switch (edit.kind) {
    case JournalEdit::Kind::Put:
        m_changes.insert_or_assign(edit.change.id, edit.change);
        return putLine(edit.change);
    case JournalEdit::Kind::Remove:
        m_changes.erase(edit.change.id);
        return removeLine(edit.change.id);
    case JournalEdit::Kind::Draft:
        if (edit.text.isEmpty())
            m_drafts.remove(edit.groupId);
        else
            m_drafts.insert(edit.groupId, edit.text);
        return draftLine(edit.groupId, edit.text);
    }
    return {};
}

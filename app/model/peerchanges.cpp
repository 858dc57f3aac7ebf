#include "peerchanges.h"

#include "journalfile.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

using namespace std::chrono_literals;

namespace {

// What a window shows of another's changes: the group's own, not the KPIs'.
bool isShownElsewhere(const OutboxChange &change)
{
    using Kind = OutboxChange::Kind;
    return change.kind == Kind::Rename || change.kind == Kind::Star ||
           change.kind == Kind::Unstar || change.kind == Kind::Delete;
}

// The same print, the same change as it was shown.
QString printOf(const OutboxChange &change)
{
    return QString::number(change.id) + u'|' + QString::number(int(change.kind)) + u'|' +
           change.groupId + u'|' + change.name.text() + u'|' +
           QString::number(change.madeAt.toMSecsSinceEpoch());
}

// Another window that stars 50,000 groups at once is not followed change by change (the GUI
// thread would lay each over its row): beyond this, the list is read again from the server.
constexpr qsizetype mostShown = 1000;

} // namespace

PeerChanges::PeerChanges(QObject *parent)
    : QObject(parent)
{
    // A journal is written in bursts (a line per change, or whole): read once they pause.
    m_soon.setSingleShot(true);
    m_soon.setInterval(50ms);
    connect(&m_soon, &QTimer::timeout, this, &PeerChanges::read);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &PeerChanges::readSoon);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &PeerChanges::readSoon);
}

PeerChanges::~PeerChanges() = default;

void PeerChanges::watch(const QString &first, const QString &own)
{
    m_first = first;
    m_own = own;
    if (first.isEmpty())
        return;
    m_watcher.addPath(QFileInfo(first).absolutePath());
    read();
}

void PeerChanges::readSoon()
{
    m_soon.start();
}

void PeerChanges::read()
{
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    m_reading = true;
    auto *watcher = new QFutureWatcher<Reading>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_reading = false;
        take(watcher->result());
        if (std::exchange(m_readAgain, false))
            read();
    });
    watcher->setFuture(QtConcurrent::run(&PeerChanges::readJournals, m_first, m_own, m_journals));
}

PeerChanges::Reading PeerChanges::readJournals(const QString &first, const QString &own,
                                               const QHash<QString, Journal> &before)
{
    Reading reading;
    for (const QString &path : JournalFile::journalsOf(first)) {
        if (path == own)
            continue;
        std::optional<JournalFile::Peeked> peeked = JournalFile::peekJournal(path);
        if (!peeked)
            continue; // being replaced, or damaged: read again when it changes
        const Journal was = before.value(path);
        Journal &is = reading.journals[path];
        const auto see = [&](const OutboxChange &change, bool waiting) {
            if (!isShownElsewhere(change))
                return;
            const QString print = printOf(change);
            is.seen.insert(print);
            if (waiting)
                is.waiting.append(change);
            if (!was.seen.contains(print))
                reading.arrived.append(change);
            // Came and went between two readings: shown, then read from the server.
            if (!waiting && !was.seen.contains(print))
                reading.settled = true;
        };
        for (const OutboxChange &change : std::as_const(peeked->left))
            see(change, false);
        for (const OutboxChange &change : std::as_const(peeked->waiting))
            see(change, true);
        QSet<QString> stillWaiting;
        for (const OutboxChange &change : std::as_const(is.waiting))
            stillWaiting.insert(printOf(change));
        for (const OutboxChange &change : was.waiting)
            if (!stillWaiting.contains(printOf(change)))
                reading.settled = true;
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if (!reading.journals.contains(it.key()) && !it.value().waiting.isEmpty())
            reading.settled = true;
    if (reading.arrived.size() > mostShown) {
        reading.arrived = reading.arrived.last(mostShown);
        reading.settled = true;
    }
    for (Journal &journal : reading.journals)
        if (journal.waiting.size() > mostShown)
            journal.waiting = journal.waiting.last(mostShown);
    return reading;
}

void PeerChanges::take(const Reading &reading)
{
    // A journal replaced whole is a new file: watched again, as is one that appeared.
    const QStringList watched = m_watcher.files();
    for (auto it = reading.journals.cbegin(); it != reading.journals.cend(); ++it)
        if (!watched.contains(it.key()))
            m_watcher.addPath(it.key());
    m_journals = reading.journals;
    m_waiting.clear();
    for (const Journal &journal : std::as_const(m_journals))
        m_waiting.append(journal.waiting);
    if (!reading.arrived.isEmpty())
        Q_EMIT arrived(reading.arrived);
    if (reading.settled)
        Q_EMIT settled();
}

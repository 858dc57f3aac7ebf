#pragma once

#include "outbox.h"

#include <QFileSystemWatcher>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

// What the other windows of a connection did and their server has not answered yet, read from
// their journals as they write them: a window shows a star or a name given in another at once,
// rather than at its next refresh. Only read: each journal stays its window's.
class PeerChanges : public QObject
{
    Q_OBJECT

public:
    explicit PeerChanges(QObject *parent = nullptr);
    ~PeerChanges() override;

    // Watches the journals named after `first` but `own`.
    void watch(const QString &first, const QString &own);
    // The stars, names and deletes the other windows wait to send, in their order.
    const QList<OutboxChange> &waiting() const { return m_waiting; }

Q_SIGNALS:
    // Changes made in another window since the last reading, or changed since (a later name).
    void arrived(const QList<OutboxChange> &changes);
    // Changes left another window's journal (answered, or given up), some perhaps before they
    // were seen waiting: the server has the truth.
    void settled();

public:
    // What one journal of another window held when last read: the changes it waits to send,
    // and a print of each change seen in it, waiting or left.
    struct Journal
    {
        QList<OutboxChange> waiting;
        QSet<QString> seen;
    };
    struct Reading
    {
        QHash<QString, Journal> journals;
        QList<OutboxChange> arrived;
        bool settled = false;
    };
    // The journals of `first` but `own` as they are, compared with what they were.
    static Reading readJournals(const QString &first, const QString &own,
                                const QHash<QString, Journal> &before);

private:
    void readSoon();
    void read();
    void take(const Reading &reading);

    QString m_first;
    QString m_own;
    QFileSystemWatcher m_watcher;
    QTimer m_soon;
    bool m_reading = false;
    bool m_readAgain = false;
    QHash<QString, Journal> m_journals;
    QList<OutboxChange> m_waiting;
};

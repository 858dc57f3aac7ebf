#pragma once

#include "grouplistmodel.h"
#include "groupstamp.h"
#include "kpigroup.h"
#include "pageassembler.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QQueue>
#include <QTimer>
#include <functional>
#include <utility>

// One refresh of the group list as its pages arrive (KpiGroupsClient::Delivery::PagesOnly).
// While the model shows no whole list, the pages are gathered into the new one. Once it does
// (a cached or an earlier list), each page is compared with it on arrival and only the changes
// are kept, and a flag for each row seen: a refresh of 100,000 groups never holds two whole
// lists.
//
// A refresh by difference compares stamps (a group's id and dateUpdated) instead: the groups
// whose stamp differs from the row's, and those not shown, are to be fetched (takeToFetch());
// the groups fetched are then compared as pages are.
class PagedRefresh
{
public:
    explicit PagedRefresh(const GroupListModel *model);

    void addPage(QList<KpiGroup> page, qsizetype offset);
    // Only while comparing: the rows they name are seen, and those whose stamp differs (or who
    // are not shown) are to be fetched; a whole group (from a server that ignored `fields`) is
    // compared as it is. Looked up on a worker, against the rows as they are now; the rows
    // changed before the answer is taken, the stamps are compared again on this thread.
    void addStamps(const QList<GroupStamp> &stamps);
    // The list is being read again from the start: what came so far no longer counts.
    void restart();
    // The model shows a whole list now: what was gathered is compared with it, and so are the
    // pages still to come.
    void compareFromNowOn();
    bool isComparing() const { return m_comparing; }
    // `done` runs once every page that came has been compared (at once when they have been):
    // pages are compared a slice per turn of the event loop, not a page at once.
    void whenCompared(std::function<void()> done);

    // After the last page, when gathering: the new list, without the gaps short pages left.
    QList<KpiGroup> takeList();
    // The same, not put together yet: for a worker to do it (PageAssembler::takeAll()).
    PageAssembler<KpiGroup> takeGathered() { return std::exchange(m_gathered, {}); }
    // After the last page, when comparing: what changed, but for the removals, which
    // GroupListModel::unseen() finds from the model's rows and takeSeen().
    GroupListModel::Changes takeChanges() { return std::exchange(m_changes, {}); }
    QList<bool> takeSeen() { return std::exchange(m_seen, {}); }
    // The ids whose stamps said they changed or are new, in the order they came, as far as the
    // stamps have been compared.
    QStringList takeToFetch() { return std::exchange(m_toFetch, {}); }
    qsizetype toFetchCount() const { return m_toFetch.size(); }
    // `compared` runs after each slice compared (inside the comparing: it may not end it).
    void onSliceCompared(std::function<void()> compared) { m_sliceCompared = std::move(compared); }
    // What waits for the comparing is going away (its model too, maybe): nothing more is
    // compared, and `done` is let go of without running. The caller holds this refresh: `done`
    // may have been what held it.
    void abandon();

private:
    struct StampComparison
    {
        QList<int> seenRows;
        QStringList toFetch;
        QList<KpiGroup> whole; // from a server that ignored `fields`: compared as pages are
    };
    struct StampsOnWorker
    {
        QList<GroupStamp> stamps;
        quint64 rowsVersion; // of the rows the worker compares with
        QFuture<StampComparison> result;
    };

    void compare(const QList<KpiGroup> &groups);
    void compareSlice();
    static StampComparison compareStamps(const QList<KpiGroup> &rows,
                                         const QHash<QString, int> &rowById,
                                         const QList<GroupStamp> &stamps);
    void takeComparedStamps();
    bool hasSlicesToCompare() const;
    bool hasWork() const;

    const GroupListModel *m_model;
    QObject m_watching; // the model's row changes, while comparing
    QTimer m_nextSlice; // compares the next slice, in a later turn
    bool m_comparing = false;
    PageAssembler<KpiGroup> m_gathered;
    GroupListModel::Changes m_changes;
    QList<bool> m_seen; // by the model's row, kept in step with rows added and removed
    // Pages that came and are still to be compared, and how much of the first has been.
    QQueue<QList<KpiGroup>> m_toCompare;
    qsizetype m_comparedUpTo = 0;
    QQueue<QList<GroupStamp>> m_stampsToCompare; // and how much of the first has been
    qsizetype m_stampsComparedUpTo = 0;
    QQueue<StampsOnWorker> m_stampsOnWorkers; // in the order they came
    quint64 m_rowsVersion = 0;                // counts the model's changes while comparing
    QStringList m_toFetch;
    std::function<void()> m_whenCompared;
    std::function<void()> m_sliceCompared;
};

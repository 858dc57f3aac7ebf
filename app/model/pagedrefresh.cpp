#include "pagedrefresh.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent>

PagedRefresh::PagedRefresh(const GroupListModel *model)
    : m_model(model)
{
    // A timer, not QTimer::singleShot(0): that is a queued call, and queued calls run in the
    // turn that queued them, one after another, so that the slices of 4 ms with the answers
    // between them were one wait (30-40 ms over HTTP/2, where answers come close together).
    m_nextSlice.setSingleShot(true);
    m_nextSlice.setInterval(0);
    QObject::connect(&m_nextSlice, &QTimer::timeout, &m_watching, [this] { compareSlice(); });
}

void PagedRefresh::addPage(QList<KpiGroup> page, qsizetype offset)
{
    if (m_comparing)
        return compare(page);
    m_gathered.place(std::move(page), offset);
}

void PagedRefresh::addStamps(const QList<GroupStamp> &stamps)
{
    Q_ASSERT(m_comparing);
    if (stamps.isEmpty())
        return;
    // A page of stamps is looked up in the 100,000 rows' index on a worker: on the GUI thread the
    // lookups were most of a refresh's work there (80 ms of 100,000), and with pages arriving
    // meanwhile they made its longest stalls. The rows are shared, not copied.
    StampsOnWorker job{
        stamps, m_rowsVersion,
        QtConcurrent::run([rows = m_model->groups(), rowById = m_model->rowIndex(), stamps] {
            return compareStamps(rows, rowById, stamps);
        })};
    auto *watcher = new QFutureWatcher<StampComparison>(&m_watching);
    QObject::connect(watcher, &QFutureWatcherBase::finished, &m_watching, [this, watcher] {
        watcher->deleteLater();
        takeComparedStamps();
    });
    watcher->setFuture(job.result);
    m_stampsOnWorkers.enqueue(std::move(job));
}

void PagedRefresh::takeComparedStamps()
{
    // In the order the pages came, whatever order the workers end in.
    while (!m_stampsOnWorkers.isEmpty() && m_stampsOnWorkers.head().result.isFinished()) {
        StampsOnWorker job = m_stampsOnWorkers.dequeue();
        if (job.rowsVersion != m_rowsVersion) {
            // The rows changed since the worker looked: compared again with them as they are.
            const bool wasIdle = !hasSlicesToCompare();
            m_stampsToCompare.enqueue(job.stamps);
            if (wasIdle)
                m_nextSlice.start();
            continue;
        }
        StampComparison compared = job.result.takeResult();
        for (const int row : std::as_const(compared.seenRows))
            m_seen[row] = true;
        m_toFetch.append(compared.toFetch);
        compare(compared.whole);
    }
    if (m_sliceCompared)
        m_sliceCompared();
    if (!hasWork())
        if (std::function<void()> done = std::exchange(m_whenCompared, {}))
            done(); // the last thing done here: `done` may end this refresh
}

void PagedRefresh::restart()
{
    m_gathered.restart();
    m_changes = {};
    m_toCompare.clear();
    m_comparedUpTo = 0;
    m_stampsToCompare.clear();
    m_stampsComparedUpTo = 0;
    m_stampsOnWorkers.clear(); // their answers, when they come, find nothing to take
    m_toFetch.clear();
    if (m_comparing)
        m_seen.fill(false);
}

void PagedRefresh::compareFromNowOn()
{
    if (m_comparing)
        return;
    m_comparing = true;
    m_seen = QList<bool>(m_model->rowCount(), false);
    // Rows the person adds or deletes meanwhile move the others.
    QObject::connect(m_model, &QAbstractItemModel::rowsInserted, &m_watching,
                     [this](const QModelIndex &, int first, int last) {
                         ++m_rowsVersion;
                         m_seen.insert(first, last - first + 1, false);
                     });
    QObject::connect(m_model, &QAbstractItemModel::rowsRemoved, &m_watching,
                     [this](const QModelIndex &, int first, int last) {
                         ++m_rowsVersion;
                         m_seen.remove(first, last - first + 1);
                     });
    // A list replaced meanwhile cannot be compared with: nothing in it counts as removed.
    QObject::connect(m_model, &QAbstractItemModel::modelReset, &m_watching, [this] {
        ++m_rowsVersion;
        m_seen = QList<bool>(m_model->rowCount(), true);
    });
    QObject::connect(m_model, &QAbstractItemModel::dataChanged, &m_watching,
                     [this] { ++m_rowsVersion; });
    QObject::connect(m_model, &QAbstractItemModel::layoutChanged, &m_watching,
                     [this] { ++m_rowsVersion; });
    compare(takeList());
}

QList<KpiGroup> PagedRefresh::takeList()
{
    return m_gathered.takeAll();
}

namespace {
// Comparing a page of thousands of groups with 100,000 rows at once took 10 to 20 ms of the GUI
// thread a page (the longest stall of a start from the cache): it is compared a slice at a time,
// for a few ms a turn of the event loop, so that it keeps up with the pages without a stall.
constexpr qsizetype comparedPerSlice = 500;
constexpr qint64 comparingPerTurnNs = 4'000'000;
} // namespace

void PagedRefresh::compare(const QList<KpiGroup> &groups)
{
    if (groups.isEmpty())
        return;
    const bool wasIdle = !hasSlicesToCompare();
    m_toCompare.enqueue(groups); // the page itself, shared: no group is copied
    if (wasIdle)
        m_nextSlice.start();
}

void PagedRefresh::compareSlice()
{
    QElapsedTimer turn;
    turn.start();
    while (!m_toCompare.isEmpty() && turn.nsecsElapsed() < comparingPerTurnNs) {
        const QList<KpiGroup> &page = m_toCompare.head();
        const qsizetype count = std::min(comparedPerSlice, page.size() - m_comparedUpTo);
        GroupListModel::compare(m_model->groups(), m_model->rowIndex(),
                                page.sliced(m_comparedUpTo, count), m_changes, m_seen);
        m_comparedUpTo += count;
        if (m_comparedUpTo == page.size()) {
            m_toCompare.dequeue();
            m_comparedUpTo = 0;
        }
    }
    while (!m_stampsToCompare.isEmpty() && turn.nsecsElapsed() < comparingPerTurnNs) {
        const QList<GroupStamp> &page = m_stampsToCompare.head();
        const qsizetype count = std::min(comparedPerSlice, page.size() - m_stampsComparedUpTo);
        StampComparison compared = compareStamps(m_model->groups(), m_model->rowIndex(),
                                                 page.sliced(m_stampsComparedUpTo, count));
        for (const int row : std::as_const(compared.seenRows))
            m_seen[row] = true;
        m_toFetch.append(compared.toFetch);
        if (!compared.whole.isEmpty())
            GroupListModel::compare(m_model->groups(), m_model->rowIndex(), compared.whole,
                                    m_changes, m_seen);
        m_stampsComparedUpTo += count;
        if (m_stampsComparedUpTo == page.size()) {
            m_stampsToCompare.dequeue();
            m_stampsComparedUpTo = 0;
        }
    }
    if (m_sliceCompared)
        m_sliceCompared();
    if (hasSlicesToCompare()) {
        m_nextSlice.start();
        return;
    }
    // The last thing done here: `done` may end this refresh.
    if (!hasWork())
        if (std::function<void()> done = std::exchange(m_whenCompared, {}))
            done();
}

PagedRefresh::StampComparison PagedRefresh::compareStamps(const QList<KpiGroup> &rows,
                                                          const QHash<QString, int> &rowById,
                                                          const QList<GroupStamp> &stamps)
{
    StampComparison compared;
    compared.seenRows.reserve(stamps.size());
    for (const GroupStamp &stamp : stamps) {
        if (stamp.whole) {
            compared.whole.append(*stamp.whole);
            continue;
        }
        const auto row = rowById.constFind(stamp.id);
        if (row == rowById.cend()) {
            compared.toFetch.append(stamp.id);
            continue;
        }
        compared.seenRows.append(*row);
        // A stamp without a date is no proof of anything: the group is fetched.
        if (!stamp.dateUpdated.isValid() || rows.at(*row).dateUpdated != stamp.dateUpdated)
            compared.toFetch.append(stamp.id);
    }
    return compared;
}

bool PagedRefresh::hasSlicesToCompare() const
{
    return !m_toCompare.isEmpty() || !m_stampsToCompare.isEmpty();
}

bool PagedRefresh::hasWork() const
{
    return hasSlicesToCompare() || !m_stampsOnWorkers.isEmpty();
}

void PagedRefresh::abandon()
{
    m_nextSlice.stop();
    restart(); // the answers of the workers, when they come, find nothing to take
    m_sliceCompared = {};
    const std::function<void()> letGo = std::exchange(m_whenCompared, {});
}

void PagedRefresh::whenCompared(std::function<void()> done)
{
    if (!hasWork())
        done();
    else
        m_whenCompared = std::move(done);
}

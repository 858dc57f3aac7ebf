#include "pagedrefresh.h"

#include <QElapsedTimer>
#include <QTimer>

PagedRefresh::PagedRefresh(const GroupListModel *model)
    : m_model(model)
{}

void PagedRefresh::addPage(const QList<KpiGroup> &page, qsizetype offset, qsizetype expected)
{
    if (m_comparing)
        return compare(page);
    m_gathered.place(QList<KpiGroup>(page), offset, expected);
}

void PagedRefresh::addStamps(const QList<GroupStamp> &stamps)
{
    Q_ASSERT(m_comparing);
    if (stamps.isEmpty())
        return;
    const bool wasIdle = m_toCompare.isEmpty() && m_stampsToCompare.isEmpty();
    m_stampsToCompare.enqueue(stamps);
    if (wasIdle)
        QTimer::singleShot(0, &m_watching, [this] { compareSlice(); });
}

void PagedRefresh::restart()
{
    m_gathered.restart();
    m_changes = {};
    m_toCompare.clear();
    m_comparedUpTo = 0;
    m_stampsToCompare.clear();
    m_stampsComparedUpTo = 0;
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
                         m_seen.insert(first, last - first + 1, false);
                     });
    QObject::connect(m_model, &QAbstractItemModel::rowsRemoved, &m_watching,
                     [this](const QModelIndex &, int first, int last) {
                         m_seen.remove(first, last - first + 1);
                     });
    // A list replaced meanwhile cannot be compared with: nothing in it counts as removed.
    QObject::connect(m_model, &QAbstractItemModel::modelReset, &m_watching,
                     [this] { m_seen = QList<bool>(m_model->rowCount(), true); });
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
    const bool wasIdle = m_toCompare.isEmpty() && m_stampsToCompare.isEmpty();
    m_toCompare.enqueue(groups); // the page itself, shared: no group is copied
    if (wasIdle)
        QTimer::singleShot(0, &m_watching, [this] { compareSlice(); });
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
        compareStamps(page, m_stampsComparedUpTo, count);
        m_stampsComparedUpTo += count;
        if (m_stampsComparedUpTo == page.size()) {
            m_stampsToCompare.dequeue();
            m_stampsComparedUpTo = 0;
        }
    }
    if (m_sliceCompared)
        m_sliceCompared();
    if (!m_toCompare.isEmpty() || !m_stampsToCompare.isEmpty()) {
        QTimer::singleShot(0, &m_watching, [this] { compareSlice(); });
        return;
    }
    // The last thing done here: `done` may end this refresh.
    if (std::function<void()> done = std::exchange(m_whenCompared, {}))
        done();
}

void PagedRefresh::compareStamps(const QList<GroupStamp> &stamps, qsizetype from, qsizetype count)
{
    const QList<KpiGroup> &current = m_model->groups();
    const QHash<QString, int> &rowById = m_model->rowIndex();
    QList<KpiGroup> whole;
    for (qsizetype i = from; i < from + count; ++i) {
        const GroupStamp &stamp = stamps.at(i);
        if (stamp.whole) {
            whole.append(*stamp.whole);
            continue;
        }
        const auto row = rowById.constFind(stamp.id);
        if (row == rowById.cend()) {
            m_toFetch.append(stamp.id);
            continue;
        }
        m_seen[*row] = true;
        // A stamp without a date is no proof of anything: the group is fetched.
        if (!stamp.dateUpdated.isValid() || current.at(*row).dateUpdated != stamp.dateUpdated)
            m_toFetch.append(stamp.id);
    }
    if (!whole.isEmpty())
        GroupListModel::compare(current, rowById, whole, m_changes, m_seen);
}

void PagedRefresh::whenCompared(std::function<void()> done)
{
    if (m_toCompare.isEmpty() && m_stampsToCompare.isEmpty())
        done();
    else
        m_whenCompared = std::move(done);
}

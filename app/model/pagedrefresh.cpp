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

void PagedRefresh::restart()
{
    m_gathered.restart();
    m_changes = {};
    m_toCompare.clear();
    m_comparedUpTo = 0;
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
    const bool wasIdle = m_toCompare.isEmpty();
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
    if (!m_toCompare.isEmpty()) {
        QTimer::singleShot(0, &m_watching, [this] { compareSlice(); });
        return;
    }
    // The last thing done here: `done` may end this refresh.
    if (std::function<void()> done = std::exchange(m_whenCompared, {}))
        done();
}

void PagedRefresh::whenCompared(std::function<void()> done)
{
    if (m_toCompare.isEmpty())
        done();
    else
        m_whenCompared = std::move(done);
}

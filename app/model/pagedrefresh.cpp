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
    constexpr qsizetype farAhead = 100000;
    if (offset > m_gathered.size() + farAhead) {
        m_far.insert(offset, page);
        return;
    }
    const qsizetype end = offset + page.size();
    if (end > m_gathered.capacity()) {
        // The server's count sizes the list, once, when a quarter of it has come (a count four
        // times what came is not believed yet); before that, or past a count that was wrong, it
        // doubles. So the last and largest copy is of a quarter of the list, not of most of it
        // into a buffer twice its size.
        const bool believable = expected >= end && expected <= 4 * end;
        m_gathered.reserve(believable ? expected : std::max(end, 2 * m_gathered.capacity()));
    }
    if (end > m_gathered.size())
        m_gathered.resize(end);
    std::copy(page.begin(), page.end(), m_gathered.begin() + offset);
}

void PagedRefresh::restart()
{
    m_gathered.clear();
    m_far.clear();
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
    for (const QList<KpiGroup> &page : std::as_const(m_far))
        m_gathered.append(page);
    m_far.clear();
    // Rows no page filled (a short page: the list changed while it was read).
    m_gathered.removeIf([](const KpiGroup &group) { return group.id.isEmpty(); });
    return std::exchange(m_gathered, {});
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

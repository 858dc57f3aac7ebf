#include "pagedrefresh.h"

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
        // One allocation of the right size once a quarter has come, rather than doubling (two
        // buffers at once, the old one full): the peak stays the size of the list.
        m_gathered.reserve(std::max({end, 2 * m_gathered.capacity(), std::min(expected, 4 * end)}));
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

void PagedRefresh::compare(const QList<KpiGroup> &groups)
{
    GroupListModel::compare(m_model->groups(), m_model->rowIndex(), groups, m_changes, m_seen);
}

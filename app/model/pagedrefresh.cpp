#include "pagedrefresh.h"

PagedRefresh::PagedRefresh(const GroupListModel *model)
    : m_model(model)
{}

void PagedRefresh::addPage(const QList<KpiGroup> &page, qsizetype offset, qsizetype total)
{
    if (m_comparing)
        return compare(page);
    if (m_gathered.size() < total)
        m_gathered.resize(total);
    for (qsizetype i = 0; i < page.size(); ++i) {
        if (offset + i < m_gathered.size())
            m_gathered[offset + i] = page.at(i);
        else
            m_gathered.append(page.at(i));
    }
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
    compare(m_gathered);
    m_gathered = {};
}

QList<KpiGroup> PagedRefresh::takeList()
{
    // Rows a short page left empty (the list changed while it was read).
    const auto gaps = std::remove_if(m_gathered.begin(), m_gathered.end(),
                                     [](const KpiGroup &group) { return group.id.isEmpty(); });
    m_gathered.erase(gaps, m_gathered.end());
    return std::exchange(m_gathered, {});
}

void PagedRefresh::compare(const QList<KpiGroup> &groups)
{
    GroupListModel::compare(m_model->groups(), m_model->rowIndex(), groups, m_changes, m_seen);
}

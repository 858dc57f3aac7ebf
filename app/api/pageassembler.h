#pragma once

#include <QList>
#include <QMap>
#include <algorithm>
#include <iterator>
#include <utility>

// The pages of a list, placed at their offsets as they come, in any order: the one place where
// a list is put together from pages (the client's listings, a refresh, the command line's
// output).
//
// The pages go into one list grown only as far as pages have come (never from a claimed count),
// so that the whole list is not a copy of its pages; a page far beyond the others waits aside.
// Items a page did not fill (short pages, when the list moved while it was read) are holes:
// items whose id is empty, dropped when the list is taken.
template<typename T>
class PageAssembler
{
public:
    // `expected`: how many the server says there are. It sizes the list, once, when a quarter
    // of it has come (a count four times what came is not believed yet); before that, or past a
    // count that was wrong, the list doubles. So the last and largest copy is of a quarter of
    // the list, not of most of it into a buffer twice its size.
    void place(QList<T> &&page, qsizetype offset, qsizetype expected = 0)
    {
        if (offset < m_base) { // partly taken already: the rest of it
            page.remove(0, std::min(page.size(), m_base - offset));
            offset = m_base;
        }
        if (page.isEmpty())
            return;
        const qsizetype at = offset - m_base;
        if (at > m_items.size() + farAhead) {
            m_far.insert(offset, std::move(page));
            return;
        }
        m_covered.insert(offset, page.size());
        const qsizetype end = at + page.size();
        if (end > m_items.capacity()) {
            const bool believable = expected >= end && expected <= 4 * end;
            grow(believable ? expected : std::max(end, 2 * m_items.capacity()));
        }
        if (end > m_items.size())
            m_items.resize(end);
        std::move(page.begin(), page.end(), m_items.begin() + at);
    }

    // The items from where the last ones taken end up to the first place no page has filled yet:
    // what can be handed on in order. They leave the assembler.
    QList<T> takeReady()
    {
        qsizetype ready = m_base;
        for (auto it = m_covered.cbegin(); it != m_covered.cend() && it.key() <= ready; ++it)
            ready = std::max(ready, it.key() + it.value());
        QList<T> taken;
        if (ready == m_base)
            return taken;
        const qsizetype count = std::min(ready - m_base, m_items.size());
        taken = m_items.mid(0, count);
        m_items.remove(0, count);
        m_base += count;
        m_covered.erase(m_covered.begin(), m_covered.lowerBound(m_base));
        taken.removeIf([](const T &item) { return item.id.isEmpty(); });
        return taken;
    }

    // Everything not taken yet, in order, the pages far ahead after it, holes dropped. With
    // `pageOf`: the page each item came in, counted from the first page.
    QList<T> takeAll(QList<int> *pageOf = nullptr)
    {
        if (pageOf) {
            pageOf->clear();
            pageOf->reserve(m_items.size());
            int page = -1;
            auto next = m_covered.cbegin();
            for (qsizetype position = 0; position < m_items.size(); ++position) {
                while (next != m_covered.cend() && next.key() - m_base <= position) {
                    ++page;
                    ++next;
                }
                if (!m_items.at(position).id.isEmpty())
                    pageOf->append(std::max(page, 0));
            }
        }
        for (auto it = m_far.begin(); it != m_far.end(); ++it) {
            if (pageOf)
                pageOf->append(QList<int>(it->size(), int(m_covered.size())));
            m_items.append(std::move(*it));
        }
        m_items.removeIf([](const T &item) { return item.id.isEmpty(); });
        QList<T> all = std::exchange(m_items, {});
        restart();
        return all;
    }

    // As new: the list is read again from its first item.
    void restart()
    {
        m_items.clear();
        m_far.clear();
        m_covered.clear();
        m_base = 0;
    }

    bool isEmpty() const { return m_items.isEmpty() && m_far.isEmpty(); }

private:
    static constexpr qsizetype farAhead = 100000;

    // QList::reserve copies every item into the new buffer (Qt 6.4): 50,000 groups, 10 ms of the
    // thread that shows them. They are moved instead.
    void grow(qsizetype capacity)
    {
        QList<T> grown;
        grown.reserve(capacity);
        std::move(m_items.begin(), m_items.end(), std::back_inserter(grown));
        m_items = std::move(grown);
    }

    QList<T> m_items;                     // from m_base on
    QMap<qsizetype, QList<T>> m_far;      // offset -> page
    QMap<qsizetype, qsizetype> m_covered; // offset -> items, of the pages in m_items
    qsizetype m_base = 0;                 // items before it were taken
};

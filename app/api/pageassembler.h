#pragma once

#include <QList>
#include <QMap>
#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <iterator>
#include <utility>

// The pages of a list, placed at their offsets as they come, in any order: the one place where
// a list is put together from pages (the client's listings, a refresh, the command line's
// output).
//
// The pages are kept as they came, by offset, and put together only when taken, by whoever takes
// them (a refresh: on a worker). A list grown as its pages arrived was moved into a larger buffer
// again and again on the thread that shows the pages (100,000 groups: 8-12 ms at a time), and a
// claimed count cannot size it. Places no page filled (short pages, when the list moved while it
// was read) are left out; where pages overlap (the page size changed), the one placed at the
// lower offset is taken.
template<typename T>
class PageAssembler
{
public:
    void place(QList<T> &&page, qsizetype offset)
    {
        if (offset < m_base) { // partly taken already: the rest of it
            page.remove(0, std::min(page.size(), m_base - offset));
            offset = m_base;
        }
        if (!page.isEmpty()) // a page placed again at its offset replaces the earlier one
            m_pages.insert(offset, std::move(page));
    }

    // The items from where the last ones taken end up to the first place no page has filled yet:
    // what can be handed on in order. They leave the assembler.
    QList<T> takeReady()
    {
        QList<T> taken;
        while (!m_pages.isEmpty() && m_pages.firstKey() <= m_base) {
            const qsizetype offset = m_pages.firstKey();
            QList<T> page = m_pages.take(offset);
            const qsizetype skip = m_base - offset; // overlapped by what was taken
            if (skip < page.size()) {
                m_base = offset + page.size();
                std::move(page.begin() + skip, page.end(), std::back_inserter(taken));
            }
        }
        taken.removeIf([](const T &item) { return item.id.isEmpty(); });
        return taken;
    }

    // Given back as the pages go into the list (glibc keeps freed chunks below the heap's top):
    // else the list and its pages count whole at once, 8 MB more at 100,000 groups. Only off
    // the GUI thread: each giving back locks the heap and walks it.
    enum class Memory
    {
        Kept,
        GivenBack
    };

    // Everything not taken yet, in order. With `pageOf`: the page each item came in, counted
    // from the first page not taken.
    QList<T> takeAll(QList<int> *pageOf = nullptr, Memory memory = Memory::Kept)
    {
        qsizetype count = 0;
        for (const QList<T> &page : std::as_const(m_pages))
            count += page.size();
        QList<T> all;
        all.reserve(count);
        if (pageOf) {
            pageOf->clear();
            pageOf->reserve(count);
        }
        qsizetype end = m_base;
        int pageNumber = 0;
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it, ++pageNumber) {
            // Each page let go of as soon as it is in: the list and its pages are not held
            // whole at once.
            QList<T> page = std::exchange(*it, {});
            const qsizetype skip = std::max<qsizetype>(0, end - it.key());
            if (skip >= page.size())
                continue;
            end = it.key() + page.size();
            for (auto item = page.begin() + skip; item != page.end(); ++item) {
                if (item->id.isEmpty())
                    continue;
                all.append(std::move(*item));
                if (pageOf)
                    pageOf->append(pageNumber);
            }
            page = {}; // freed before the memory is given back
            if (memory == Memory::GivenBack && pageNumber % 8 == 7)
                giveFreedMemoryBack();
        }
        restart();
        return all;
    }

    // As new: the list is read again from its first item.
    void restart()
    {
        m_pages.clear();
        m_base = 0;
    }

    bool isEmpty() const { return m_pages.isEmpty(); }

private:
    static void giveFreedMemoryBack()
    {
#ifdef __GLIBC__
        malloc_trim(0);
#endif
    }

    QMap<qsizetype, QList<T>> m_pages; // offset -> page, not taken yet
    qsizetype m_base = 0;              // items before it were taken
};

#include "pagedlisting.h"

#include "groupstamp.h"
#include "kpi.h"
#include "kpigroup.h"

#include <QLocale>
#include <QRegularExpression>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace {

// Keeps the first `kept` items. Many dropped (a server that ignores `take` answers the whole
// rest of the list to every page: 19,000 groups, 15 ms of frees) are freed on a worker thread,
// not on the GUI thread that takes the page.
template<typename T>
void keepFirst(QList<T> &items, qsizetype kept)
{
    constexpr qsizetype manyDropped = 2000;
    if (items.size() - kept < manyDropped)
        return items.resize(std::min(kept, items.size()));
    // The items kept are copied (their strings shared) from the list held const: were it shared,
    // a list not const would be detached, a copy of every item.
    QList<T> whole = std::exchange(items, {});
    items = QList<T>(whole.cbegin(), whole.cbegin() + kept);
    QThreadPool::globalInstance()->start([whole = std::move(whole)]() mutable { whole = {}; });
}

} // namespace

template<typename T>
void PagedListing<T>::start(ApiTransport *transport, ApiCall *call, ListQuery query, bool keepAll,
                            Hooks hooks, qsizetype *learnedPageSize, qsizetype expected,
                            bool window, bool blind)
{
    if (transport->refuse(call))
        return;
    auto listing =
        std::make_shared<PagedListing<T>>(transport, call->id(), std::move(hooks), learnedPageSize);
    if (query.sort.isEmpty())
        query.sort = u"id"_s;
    if (window) {
        listing->m_window = true;
        listing->m_skipGiven = query.skip.has_value();
        listing->m_base = std::max<qsizetype>(0, query.skip.value_or(0));
        listing->m_windowSize = query.take ? std::max<qsizetype>(0, *query.take) : -1;
    }
    listing->m_query = std::move(query);
    listing->m_keepAll = keepAll;
    listing->m_expected = std::max<qsizetype>(0, expected);
    // Grown as pages come, the set of ids would be rehashed whole on the GUI thread, at 65,536
    // ids 5 ms; about the size expected (the caller's own list, never the server's count) is
    // made at once.
    listing->m_ids.reserve(listing->m_expected);
    listing->m_take = std::max<qsizetype>(
        1, *learnedPageSize > 0 ? *learnedPageSize : transport->retryPolicy().pageSize);
    listing->m_serverPageSize = *learnedPageSize;
    if (blind && !window && listing->m_expected == 0) {
        listing->m_expected = transport->parallelPages() * listing->m_take;
        listing->m_firstTake = firstTake;
    }
    // The first page alone, as it tells the count and the page size; or, when the caller knows
    // about how many there are or asks for it blind, as many pages as go at once.
    listing->planPages();
}

template<typename T>
void PagedListing<T>::startPass()
{
    m_covered.clear();
    m_asked.clear();
    m_early.clear();
    m_read.restart();
    m_ids.clear();
    m_ids.reserve(m_expected);
    m_received = 0;
    m_end = -1;
    m_claimed = -1;
    m_claimedWhole = -1;
    m_changed = false;
}

template<typename T>
qsizetype PagedListing<T>::inWindow(qsizetype wholeCount) const
{
    if (!m_window)
        return wholeCount;
    const qsizetype after = std::max<qsizetype>(0, wholeCount - m_base);
    return m_windowSize >= 0 ? std::min(after, m_windowSize) : after;
}

template<typename T>
qsizetype PagedListing<T>::claimedReach(qsizetype pageSize) const
{
    // A count that fills its last page says nothing of a page after it: that page is asked for
    // with the last ones, not after them (a round trip less), and shows where the list ends.
    return m_claimed > 0 && m_claimed % pageSize == 0 ? m_claimed + 1 : m_claimed;
}

template<typename T>
void PagedListing<T>::planPages()
{
    const int parallelPages = m_transport->parallelPages();
    const qsizetype pageSize = m_serverPageSize > 0 ? std::min(m_serverPageSize, m_take) : m_take;
    // How far there can be anything: up to an empty or short last page when one came; else as
    // far as the count claims, and one page past a full one whatever it claims.
    qsizetype frontier = 0;
    bool frontierFull = false;
    for (auto it = m_covered.cbegin(); it != m_covered.cend(); ++it) {
        if (it.key() + it.value() >= frontier) {
            frontier = it.key() + it.value();
            frontierFull = it.value() >= pageSize;
        }
    }
    qsizetype limit = m_end;
    if (limit < 0) {
        if (m_covered.isEmpty()) // the first page alone, or the pages the caller expects
            limit = m_asked.isEmpty()
                        ? std::clamp<qsizetype>(m_expected, 1, parallelPages * pageSize)
                        : 0;
        else
            limit = std::max(frontier + (frontierFull ? 1 : 0),
                             std::min(claimedReach(pageSize), frontier + parallelPages * pageSize));
    }
    if (m_windowSize >= 0)
        limit = std::min(limit, m_windowSize);
    // The first offset below the limit that no page covers or is asked for.
    const auto nextOffset = [&]() -> std::optional<qsizetype> {
        qsizetype position = 0;
        auto coveredIt = m_covered.cbegin();
        auto askedIt = m_asked.cbegin();
        while (position < limit) {
            bool moved = false;
            for (; coveredIt != m_covered.cend() && coveredIt.key() <= position; ++coveredIt) {
                if (coveredIt.key() + coveredIt.value() > position) {
                    position = coveredIt.key() + coveredIt.value();
                    moved = true;
                }
            }
            for (; askedIt != m_asked.cend() && askedIt.key() <= position; ++askedIt) {
                if (askedIt.key() + askedIt.value() > position) {
                    position = askedIt.key() + askedIt.value();
                    moved = true;
                }
            }
            if (!moved)
                return position < limit ? std::optional(position) : std::nullopt;
        }
        return std::nullopt;
    };
    // A bound on requests that grows with what arrives, whatever the server claims or does.
    const qsizetype allowed =
        8 + 3 * passes + 4 * (m_receivedInAllPasses / std::max<qsizetype>(1, pageSize));
    while (int(m_asked.size() - m_early.size()) < parallelPages) {
        const std::optional<qsizetype> offset = nextOffset();
        if (!offset)
            break;
        if (m_requests >= allowed) {
            m_asked.clear();
            return finishListing(
                ApiError::tr("The server kept answering with pages that brought nothing new."));
        }
        fetchPage(*offset,
                  *offset == 0 && m_firstTake > 0 ? std::min(m_firstTake, pageSize) : pageSize);
    }
    if (m_asked.isEmpty())
        finishPass();
}

template<typename T>
void PagedListing<T>::fetchPage(qsizetype offset, qsizetype take)
{
    ListQuery query = m_query;
    // A window's first page is asked for as the caller's query would be, skip and all.
    if (!m_window || m_skipGiven || offset > 0)
        query.skip = m_base + offset;
    if (m_windowSize >= 0)
        take = std::min(take, m_windowSize - offset);
    query.take = take;
    m_asked.insert(offset, take);
    ++m_requests;
    const int pass = m_pass;
    const auto self = this->shared_from_this();
    m_transport->send(
        m_id, m_hooks.build(m_transport->connection(), query),
        [self, offset, take, pass](const ApiTransport::Outcome &outcome) {
            self->m_transport->template inBackground<ApiJson::Page<T>>(
                self->m_id,
                [body = outcome.body, parse = self->m_hooks.parse] { return parse(body); },
                [self, offset, take, pass](ApiJson::Page<T> &&page) {
                    if (pass != self->m_pass)
                        return; // a page of a pass given up for a new one
                    if (!page.problem.isEmpty())
                        return self->m_transport->fail(self->m_id,
                                                       ApiError::make(ApiError::Kind::BadResponse));
                    self->arrive(offset, std::move(page));
                });
        },
        [self, offset, take, pass](const ApiError &error) {
            return self->retakeSmaller(error, offset, take, pass);
        });
}

template<typename T>
bool PagedListing<T>::retakeSmaller(const ApiError &error, qsizetype offset, qsizetype take,
                                    int pass)
{
    // A `take` the server refuses: smaller, as its message says or by halves, once for the
    // listing (pages asked for with the old size meanwhile are only asked for again).
    constexpr qsizetype floor = 10;
    if (error.kind != ApiError::Kind::BadRequest || pass != m_pass)
        return false;
    if (take > m_take) {
        m_asked.remove(offset);
        planPages();
        takeArrived();
        return true;
    }
    if (take <= floor)
        return false;
    static const QRegularExpression number(u"\\d+"_s);
    qsizetype said = 0;
    for (const QRegularExpressionMatch &match : number.globalMatch(error.serverMessage)) {
        const qsizetype value = match.captured().toLongLong();
        if (value > 0 && value < take)
            said = value;
    }
    m_take = std::max(floor, said > 0 ? said : take / 2);
    m_asked.remove(offset);
    planPages();
    takeArrived();
    return true;
}

template<typename T>
void PagedListing<T>::arrive(qsizetype offset, ApiJson::Page<T> &&page)
{
    // Moved in: QMap::insert() copies, and the copy left behind shared the page (a detach, a
    // copy of every item, at the first change; its frees on this thread at the last).
    m_early[offset] = std::move(page);
    takeArrived();
}

template<typename T>
void PagedListing<T>::takeArrived()
{
    const int pass = m_pass;
    while (pass == m_pass && !m_early.isEmpty() && !m_asked.isEmpty() &&
           m_early.firstKey() == m_asked.firstKey()) {
        const qsizetype offset = m_early.firstKey();
        takePage(offset, m_asked.value(offset), m_early.take(offset));
    }
}

template<typename T>
void PagedListing<T>::takePage(qsizetype offset, qsizetype take, ApiJson::Page<T> &&page)
{
    m_asked.remove(offset);
    if (page.totalCount >= 0) {
        if (m_claimed < 0 && m_covered.isEmpty()) {
            m_claimed = inWindow(page.totalCount);
            m_claimedWhole = page.totalCount;
        } else if (inWindow(page.totalCount) != m_claimed) {
            m_changed = true;
        }
    }
    // A server that sends more than it was asked for: nothing past the window, nor where
    // another page is asked for or came (pages asked for at once would read it twice, as if
    // the list moved).
    if (m_windowSize >= 0 && offset + page.items.size() > m_windowSize)
        keepFirst(page.items, std::max<qsizetype>(0, m_windowSize - offset));
    if (page.items.size() > take) {
        qsizetype next = offset + page.items.size();
        if (const auto asked = m_asked.upperBound(offset); asked != m_asked.cend())
            next = std::min(next, asked.key());
        if (const auto covered = m_covered.upperBound(offset); covered != m_covered.cend())
            next = std::min(next, covered.key());
        keepFirst(page.items, next - offset);
    }
    const qsizetype count = page.items.size();
    if (count == 0) {
        m_end = m_end < 0 ? offset : std::min(m_end, offset);
        if (m_hooks.pageArrived && offset == 0)
            m_hooks.pageArrived({}, 0, 0); // an empty list is a page too
    } else {
        m_covered.insert(offset, count);
        if (count < take) {
            // Short: the server's page size, unless the list ends here (where the count agrees,
            // or a page that size came before).
            const bool endsHere = (m_claimed >= 0 && offset + count == m_claimed) ||
                                  (m_serverPageSize > 0 && count < m_serverPageSize);
            if (endsHere)
                m_end = m_end < 0 ? offset + count : std::min(m_end, offset + count);
            else if (m_serverPageSize == 0 || count < m_serverPageSize)
                m_serverPageSize = count;
        }
        QList<T> fresh;
        fresh.reserve(count);
        for (T &item : page.items) {
            const size_t key = qHash(item.id);
            if (m_ids.contains(key)) {
                m_changed = true; // shown twice: the list moved under the pages
                continue;
            }
            m_ids.insert(key);
            fresh.append(std::move(item));
        }
        m_received += fresh.size();
        m_receivedInAllPasses += fresh.size();
        if (m_hooks.pageArrived)
            m_hooks.pageArrived(fresh, offset, std::max(m_claimed, m_received));
        if (m_keepAll || m_pass > 1)
            m_read.place(std::move(fresh), offset);
    }
    if (m_hooks.progress && (count > 0 || offset == 0)) // an empty page past the end adds nothing
        m_hooks.progress(m_received, std::max(m_claimed, m_received));
    planPages();
}

template<typename T>
void PagedListing<T>::finishPass()
{
    // A count is only believed when it is short of what came: more is the count's mistake.
    const bool whole = !m_changed && (m_claimed < 0 || m_received >= m_claimed);
    if (whole)
        return finishListing({});
    const bool lastPass = m_pass == passes;
    QList<int> readingPages;
    QList<T> reading = m_read.takeAll(&readingPages);
    if (!m_changed) {
        // Read straight through, and short of the count: the count is wrong, or pages vanish.
        if (lastPass) {
            // A window's count is the whole list's, and what came the groups up to its end.
            return finishListing(ApiError::tr("The server said it had %1, and sent %2.")
                                     .arg(QLocale().toString(m_window ? m_claimedWhole : m_claimed),
                                          QLocale().toString(m_base + m_received)),
                                 m_keepAll ? std::optional(reading) : std::nullopt);
        }
    } else if (!m_previous.isEmpty()) {
        // Two readings of a list that moved: what one missed at its page boundaries, the other
        // has; what the later one read straight through is gone.
        auto [merged, proven] = mergeReadings(m_previous, m_previousPages, reading, readingPages);
        if (proven || lastPass) {
            const QString why =
                proven ? QString() : ApiError::tr("The list kept changing while it was read.");
            return finishListing(why, std::optional(std::move(merged)));
        }
    } else if (lastPass) {
        return finishListing(ApiError::tr("The list kept changing while it was read."),
                             m_keepAll ? std::optional(reading) : std::nullopt);
    }
    m_previous = std::move(reading);
    m_previousPages = std::move(readingPages);
    ++m_pass;
    startPass();
    if (m_hooks.restarted)
        m_hooks.restarted();
    planPages();
}

template<typename T>
std::pair<QList<T>, bool>
PagedListing<T>::mergeReadings(const QList<T> &previous, const QList<int> &previousPages,
                               const QList<T> &last, const QList<int> &lastPages)
{
    QHash<QString, qsizetype> inLast;
    for (qsizetype i = 0; i < last.size(); ++i)
        inLast.insert(last.at(i).id, i);
    QHash<QString, qsizetype> inPrevious;
    for (qsizetype i = 0; i < previous.size(); ++i)
        inPrevious.insert(previous.at(i).id, i);

    // Proven whole when each boundary between two pages of the last reading lies inside one
    // page of the one before: everything between them was read there.
    bool proven = true;
    for (qsizetype i = 0; i + 1 < last.size() && proven; ++i) {
        if (lastPages.at(i) == lastPages.at(i + 1))
            continue;
        const qsizetype before = inPrevious.value(last.at(i).id, -1);
        const qsizetype after = inPrevious.value(last.at(i + 1).id, -1);
        proven =
            before >= 0 && after > before && previousPages.at(before) == previousPages.at(after);
    }

    // An item of the earlier reading that the last one lacks is kept, after its predecessor,
    // unless the last reading read straight through its place (its neighbours adjacent there,
    // in one page): then it was deleted meanwhile.
    QHash<qsizetype, QList<qsizetype>> keptAfter; // position in last (-1: first) -> earlier items
    for (qsizetype i = 0; i < previous.size(); ++i) {
        if (inLast.contains(previous.at(i).id))
            continue;
        qsizetype predecessor = -1;
        for (qsizetype p = i - 1; p >= 0 && predecessor < 0; --p)
            predecessor = inLast.value(previous.at(p).id, -1);
        qsizetype successor = -1;
        for (qsizetype n = i + 1; n < previous.size() && successor < 0; ++n)
            successor = inLast.value(previous.at(n).id, -1);
        const bool readThrough = predecessor >= 0 && successor == predecessor + 1 &&
                                 lastPages.at(predecessor) == lastPages.at(successor);
        if (!readThrough)
            keptAfter[predecessor].append(i);
    }
    QList<T> merged;
    merged.reserve(last.size() + keptAfter.size());
    const auto appendKept = [&](qsizetype position) {
        for (const qsizetype i : keptAfter.value(position))
            merged.append(previous.at(i));
    };
    appendKept(-1);
    // Copied, not moved: a merge that proves nothing leaves the last reading to be the one
    // the next reading is merged with (moved from, it was a list of empty groups).
    for (qsizetype i = 0; i < last.size(); ++i) {
        merged.append(last.at(i));
        appendKept(i);
    }
    return {merged, proven};
}

template<typename T>
void PagedListing<T>::finishListing(const QString &incompleteBecause,
                                    std::optional<QList<T>> merged)
{
    QList<T> all;
    if (merged)
        all = std::move(*merged); // a list read again: given whole, even to PagesOnly callers
    else if (m_keepAll)
        all = m_read.takeAll();
    m_read.restart();
    const qsizetype received = merged ? all.size() : m_received;
    if (m_take < m_transport->retryPolicy().pageSize)
        *m_learnedPageSize = m_take; // a size refused as too large is not asked for again
    else if (incompleteBecause.isEmpty() && m_serverPageSize > 0 && received > m_serverPageSize)
        *m_learnedPageSize = m_serverPageSize; // more than one page came at most that size
    if (incompleteBecause.isEmpty() && m_claimed >= 0 && m_claimed != received &&
        m_hooks.miscounted)
        m_hooks.miscounted(m_claimed, received);
    if (!m_transport->isPending(m_id))
        return;
    if (incompleteBecause.isEmpty())
        m_hooks.done(std::move(all), m_window && m_claimedWhole >= 0 ? m_claimedWhole : received);
    else
        m_hooks.incomplete(std::move(all), std::max(m_claimed, received), incompleteBecause);
}

template class PagedListing<KpiGroup>;
template class PagedListing<GroupStamp>;
template class PagedListing<Kpi>;

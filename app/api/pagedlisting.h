#pragma once

#include "apijson.h"
#include "apirequest.h"
#include "apitransport.h"
#include "pageassembler.h"

#include <QMap>
#include <QSet>
#include <functional>
#include <memory>

// One "all pages" listing of a call: the same list as one big request, or a failure. Nothing in
// it is sized or planned from what the server claims: pages are asked for as the earlier ones
// show there is more, short pages teach the server's page size, and a pass over a list that
// changed while it was read is read again, and the two readings merged.
template<typename T>
class PagedListing : public std::enable_shared_from_this<PagedListing<T>>
{
public:
    static constexpr int passes = 3;

    // What the call hears of the listing.
    struct Hooks
    {
        ApiRequest (*build)(const Connection &, const ListQuery &) = nullptr;
        ApiJson::Page<T> (*parse)(const QByteArray &) = nullptr;
        std::function<void(qsizetype loaded, qsizetype total)> progress;
        std::function<void(const QList<T> &page, qsizetype offset, qsizetype total)> pageArrived;
        std::function<void()> restarted;
        // Read whole, and not as long as the server's count said.
        std::function<void(qsizetype claimed, qsizetype read)> miscounted;
        // The end: the list (when kept or merged) and how many there are; on failure, why it is
        // not whole.
        std::function<void(QList<T> &&, qsizetype total)> done;
        std::function<void(QList<T> &&, qsizetype claimed, const QString &why)> incomplete;
    };

    // `learnedPageSize`: the server's page size as this connection showed it (0: not known); it
    // outlives the listing (the client's), and is updated at the end. `expected`: how many the
    // caller's own list holds (0: none; never a count from the network): that many are asked
    // for at once, up to the pages in flight, instead of the first page alone. `window`: the
    // query's skip and take are a part of the list to read (from skip, take at most), in as many
    // pages as the server needs, by the same rules; offsets and counts are then the window's,
    // and the total at the end the whole list's, when the server said it. Without it, both are
    // ignored: the whole list. `blind`: nothing is expected, yet the list may be long (every
    // group of an account): as many pages are asked for at once as go, the first of them small
    // (firstTake), so that it comes soon even where the others share a slow link with it; a
    // short list costs a few empty pages, a long one a round trip less.
    static void start(ApiTransport *transport, ApiCall *call, ListQuery query, bool keepAll,
                      Hooks hooks, qsizetype *learnedPageSize, qsizetype expected = 0,
                      bool window = false, bool blind = false);
    static constexpr qsizetype firstTake = 200;

    PagedListing(ApiTransport *transport, RequestId id, Hooks hooks, qsizetype *learnedPageSize)
        : m_transport(transport)
        , m_id(id)
        , m_hooks(std::move(hooks))
        , m_learnedPageSize(learnedPageSize)
    {}

private:
    void startPass();
    void planPages();
    // As far as the server's count lets pages be asked for before those before them came.
    qsizetype claimedReach(qsizetype pageSize) const;
    void fetchPage(qsizetype offset, qsizetype take);
    bool retakeSmaller(const ApiError &error, qsizetype offset, qsizetype take, int pass);
    // A page has come: taken now, with those that came after it, unless one asked for before
    // it is still on its way.
    void arrive(qsizetype offset, ApiJson::Page<T> &&page);
    void takeArrived();
    void takePage(qsizetype offset, qsizetype take, ApiJson::Page<T> &&page);
    void finishPass();
    // What a count of the whole list says of the window read.
    qsizetype inWindow(qsizetype wholeCount) const;
    void finishListing(const QString &incompleteBecause,
                       std::optional<QList<T>> merged = std::nullopt);
    static std::pair<QList<T>, bool> mergeReadings(const QList<T> &previous,
                                                   const QList<int> &previousPages,
                                                   const QList<T> &last,
                                                   const QList<int> &lastPages);

    ApiTransport *m_transport;
    RequestId m_id;
    Hooks m_hooks;
    qsizetype *m_learnedPageSize;

    ListQuery m_query;
    qsizetype m_take = 0;           // asked of each page
    qsizetype m_serverPageSize = 0; // learned: the most a page holds, whatever `take` says
    bool m_keepAll = true;
    // The part of the list read (see start()): from m_base, at most m_windowSize (-1: to the end).
    bool m_window = false;
    bool m_skipGiven = false;
    qsizetype m_base = 0;
    qsizetype m_windowSize = -1;
    qsizetype m_claimedWhole = -1; // the pass's first totalCount, of the whole list
    qsizetype m_expected = 0;
    qsizetype m_firstTake = 0; // of the first page, when smaller than the others
    int m_pass = 1;
    int m_requests = 0;
    qsizetype m_receivedInAllPasses = 0;
    // This pass:
    QMap<qsizetype, qsizetype> m_covered; // offset -> items its page held
    QMap<qsizetype, qsizetype> m_asked;   // offset -> take, in flight or come but not taken
    // Pages that came before one asked for at a lower offset: taken in the order of their
    // offsets, so that which copy of an item seen twice is kept never depends on which answer
    // came first.
    QMap<qsizetype, ApiJson::Page<T>> m_early;
    // When kept (keepAll, or a pass after the first): every item at its offset; an id seen
    // twice leaves a hole.
    PageAssembler<T> m_read;
    // Hashes of the ids seen, not the ids: a tenth of the work on 100,000 groups. A collision
    // (one in billions) only reads the list once more.
    QSet<size_t> m_ids;
    qsizetype m_received = 0;
    qsizetype m_end = -1;     // nothing at or after it (an empty page, or a short last one)
    qsizetype m_claimed = -1; // the pass's first totalCount; -1 when there was none
    bool m_changed = false;   // counts that differ, or an item twice: the list moved meanwhile
    // The pass before, in order, with the page each item came in.
    QList<T> m_previous;
    QList<int> m_previousPages;
};

#pragma once

#include "grouprows.h"
#include "kpigroup.h"
#include "pageassembler.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <cstdio>
#include <functional>
#include <optional>

// Groups written to standard output as they arrive, JSON (an array, the same fields as the
// API's), CSV (the same fields; both as GroupRows writes them) or a table, without a document of
// the whole list: a list of 100,000 groups streams through a page at a time. Table columns are
// fixed but for the name, which comes last, so that the first page need not know the widths of
// the others.
class GroupWriter
{
public:
    enum class Output
    {
        Table,
        Json,
        Csv
    };
    GroupWriter(std::FILE *out, Output output, QStringList fields);

    void write(const QList<KpiGroup> &groups);
    // The groups in this order (indexes into `groups`).
    void write(const QList<KpiGroup> &groups, const QList<int> &order);
    // Closes the JSON array (an empty one, or the table's header, when nothing came).
    void finish();
    qsizetype written() const { return m_written; }

private:
    void begin();
    void appendRow(const KpiGroup &group);
    void flush();

    std::FILE *m_out;
    Output m_output;
    QStringList m_fields;
    std::optional<GroupRows> m_rows; // JSON or CSV
    bool m_starColumn;
    bool m_updatedColumn;
    bool m_nameColumn;
    QByteArray m_buffer;
    qsizetype m_written = 0;
    bool m_begun = false;
    QHash<qint64, qint64> m_localOffsets; // seconds east of UTC, by hour since the epoch
};

// Pages of a listing, which arrive in any order, handed on in the order of their offsets, each
// group once (a list read again brings its first pages again).
class OrderedPages
{
public:
    explicit OrderedPages(std::function<void(const QList<KpiGroup> &)> next);

    void add(const QList<KpiGroup> &page, qsizetype offset);
    // The list is read again from the start: the groups handed on stay handed on.
    void restart();
    // What is still held back (pages after a gap that never filled), then the groups of `rest`
    // not handed on yet.
    void finish(const QList<KpiGroup> &rest);

private:
    void handOn(const QList<KpiGroup> &page);

    std::function<void(const QList<KpiGroup> &)> m_next;
    PageAssembler<KpiGroup> m_pages;
    QSet<size_t> m_handedOn; // hashes of the ids: a collision is one in billions
};

#include "groupwriter.h"

#include "terminaltext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {

QList<GroupRows::Field> fieldsAskedFor(const QStringList &fields)
{
    QList<GroupRows::Field> asked;
    for (const GroupRows::Field field : GroupRows::apiFields)
        if (fields.isEmpty() || fields.contains(GroupRows::nameOf(field)) ||
            field == GroupRows::Field::Id)
            asked.append(field);
    return asked;
}

} // namespace

GroupWriter::GroupWriter(std::FILE *out, Output output, QStringList fields)
    : m_out(out)
    , m_output(output)
    , m_fields(std::move(fields))
    // A column of fields not asked for would read as their value: blank as "not starred".
    , m_starColumn(m_fields.isEmpty() || m_fields.contains(u"favorite"_s))
    , m_updatedColumn(m_fields.isEmpty() || m_fields.contains(u"dateUpdated"_s))
    , m_nameColumn(m_fields.isEmpty() || m_fields.contains(u"name"_s))
{
    if (m_output != Output::Table)
        m_rows.emplace(m_output == Output::Json ? GroupRows::Format::Json : GroupRows::Format::Csv,
                       fieldsAskedFor(m_fields));
}

void GroupWriter::begin()
{
    if (std::exchange(m_begun, true))
        return;
    if (m_rows)
        return m_rows->begin(m_buffer);
    // The name last: the only column of no fixed width.
    const auto header = [](const char *text) {
        return QCoreApplication::translate("CliRunner", text);
    };
    m_buffer.append(
        TerminalText::padded(header(QT_TRANSLATE_NOOP("CliRunner", "ID")), 24).toUtf8());
    if (m_starColumn)
        m_buffer.append("  ").append(
            TerminalText::padded(header(QT_TRANSLATE_NOOP("CliRunner", "★")), 1).toUtf8());
    if (m_updatedColumn)
        m_buffer.append("  ").append(
            TerminalText::padded(header(QT_TRANSLATE_NOOP("CliRunner", "UPDATED")), 16).toUtf8());
    if (m_nameColumn)
        m_buffer.append("  ").append(header(QT_TRANSLATE_NOOP("CliRunner", "NAME")).toUtf8());
    m_buffer.append('\n');
}

void GroupWriter::write(const QList<KpiGroup> &groups)
{
    begin();
    for (const KpiGroup &group : groups) {
        if (m_rows)
            m_rows->append(m_buffer, group);
        else
            appendRow(group);
        ++m_written;
    }
    flush();
}

void GroupWriter::write(const QList<KpiGroup> &groups, const QList<int> &order)
{
    begin();
    // A block at a time, its second half made into JSON or CSV on another core meanwhile (one
    // core wrote 100,000 groups in 165 ms); a table is written as it goes.
    constexpr qsizetype rowsAtOnce = 20000;
    for (qsizetype from = 0; from < order.size(); from += rowsAtOnce) {
        const qsizetype to = std::min(order.size(), from + rowsAtOnce);
        if (!m_rows) {
            for (qsizetype i = from; i < to; ++i)
                appendRow(groups.at(order.at(i)));
            m_written += to - from;
            flush();
            continue;
        }
        const qsizetype middle = from + (to - from) / 2;
        GroupRows rest = *m_rows;
        rest.continueAfter(m_rows->rows() + (middle - from));
        QFuture<QByteArray> later =
            QtConcurrent::run([&groups, &order, rest, middle, to]() mutable {
                QByteArray out;
                for (qsizetype i = middle; i < to; ++i)
                    rest.append(out, groups.at(order.at(i)));
                return out;
            });
        for (qsizetype i = from; i < middle; ++i)
            m_rows->append(m_buffer, groups.at(order.at(i)));
        m_rows->continueAfter(m_rows->rows() + (to - middle));
        m_written += to - from;
        flush();
        m_buffer = later.result();
        flush();
    }
}

void GroupWriter::finish()
{
    begin();
    if (m_rows)
        m_rows->finish(m_buffer);
    flush();
}

void GroupWriter::appendRow(const KpiGroup &group)
{
    // What the server sent, made safe for a terminal (see TerminalText).
    m_buffer.append(TerminalText::padded(TerminalText::safe(group.id), 24).toUtf8());
    if (m_starColumn)
        m_buffer.append("  ").append(group.favorite ? "\xe2\x98\x85" : " ");
    if (m_updatedColumn) {
        m_buffer.append("  ");
        if (group.dateUpdated.isValid()) {
            // Local time; the zone's offset looked up once an hour of dates, not once a row.
            const qint64 msecs = group.dateUpdated.toMSecsSinceEpoch();
            const qint64 hour = msecs / 3600000;
            auto offset = m_localOffsets.constFind(hour);
            if (offset == m_localOffsets.cend())
                offset =
                    m_localOffsets.insert(hour, group.dateUpdated.toLocalTime().offsetFromUtc());
            GroupRows::appendDate(m_buffer, msecs, *offset, false);
        } else {
            m_buffer.append("                ");
        }
    }
    if (m_nameColumn)
        m_buffer.append("  ").append(TerminalText::safe(group.name).toUtf8());
    m_buffer.append('\n');
}

void GroupWriter::flush()
{
    std::fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), m_out);
    std::fflush(m_out);
    m_buffer.clear();
}

OrderedPages::OrderedPages(std::function<void(const QList<KpiGroup> &)> next)
    : m_next(std::move(next))
{}

void OrderedPages::add(const QList<KpiGroup> &page, qsizetype offset)
{
    m_pages.place(QList<KpiGroup>(page), offset);
    handOn(m_pages.takeReady());
}

void OrderedPages::restart()
{
    m_pages.restart();
}

void OrderedPages::finish(const QList<KpiGroup> &rest)
{
    handOn(m_pages.takeAll());
    handOn(rest);
}

void OrderedPages::handOn(const QList<KpiGroup> &page)
{
    QList<KpiGroup> fresh;
    fresh.reserve(page.size());
    for (const KpiGroup &group : page) {
        const size_t key = qHash(group.id);
        if (!m_handedOn.contains(key)) {
            m_handedOn.insert(key);
            fresh.append(group);
        }
    }
    if (!fresh.isEmpty())
        m_next(fresh);
}

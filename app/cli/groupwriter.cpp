#include "groupwriter.h"

#include "jsontext.h"
#include "terminaltext.h"

#include <QCoreApplication>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace {

// "2025-01-01T10:15:30.123Z" from milliseconds since the epoch, as QDateTime writes it, without
// its cost per call (a days-to-civil conversion, H. Hinnant's).
void appendDate(QByteArray &out, qint64 msecs, qint64 offsetSeconds, bool iso)
{
    const qint64 local = msecs + offsetSeconds * 1000;
    qint64 days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
    const qint64 ms = local - days * 86400000;
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2);
    const int seconds = int(ms / 1000);
    const auto digits = [&out](qint64 value, int count) {
        char text[8];
        for (int i = count - 1; i >= 0; --i, value /= 10)
            text[i] = char('0' + value % 10);
        out.append(text, count);
    };
    digits(year, 4);
    out.append('-');
    digits(month, 2);
    out.append('-');
    digits(day, 2);
    out.append(iso ? 'T' : ' ');
    digits(seconds / 3600, 2);
    out.append(':');
    digits(seconds / 60 % 60, 2);
    if (!iso)
        return;
    out.append(':');
    digits(seconds % 60, 2);
    out.append('.');
    digits(ms % 1000, 3);
    out.append('Z');
}

constexpr QLatin1StringView fieldNames[] = {
    QLatin1StringView("accountId"),    QLatin1StringView("createdById"),
    QLatin1StringView("dateCreated"),  QLatin1StringView("dateUpdated"),
    QLatin1StringView("favorite"),     QLatin1StringView("id"),
    QLatin1StringView("modifiedById"), QLatin1StringView("name"),
};

} // namespace

GroupWriter::GroupWriter(std::FILE *out, bool json, QStringList fields)
    : m_out(out)
    , m_json(json)
    , m_fields(std::move(fields))
    // A column of fields not asked for would read as their value: blank as "not starred".
    , m_starColumn(m_fields.isEmpty() || m_fields.contains(u"favorite"_s))
    , m_updatedColumn(m_fields.isEmpty() || m_fields.contains(u"dateUpdated"_s))
    , m_nameColumn(m_fields.isEmpty() || m_fields.contains(u"name"_s))
{}

void GroupWriter::begin()
{
    if (std::exchange(m_begun, true))
        return;
    if (m_json) {
        m_buffer.append('[');
        return;
    }
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
        if (m_json) {
            m_buffer.append(m_written == 0 ? "\n    " : ",\n    ");
            appendJson(group);
        } else {
            appendRow(group);
        }
        ++m_written;
    }
    flush();
}

void GroupWriter::finish()
{
    begin();
    if (m_json)
        m_buffer.append(m_written == 0 ? "]\n" : "\n]\n");
    flush();
}

void GroupWriter::appendJson(const KpiGroup &group)
{
    bool first = true;
    for (const QLatin1StringView name : fieldNames) {
        if (!m_fields.isEmpty() && !m_fields.contains(name) && name != QLatin1StringView("id"))
            continue;
        m_buffer.append(first ? "{\"" : ", \"").append(name.data(), name.size()).append("\": ");
        first = false;
        if (name == QLatin1StringView("accountId"))
            JsonText::appendString(m_buffer, group.accountId);
        else if (name == QLatin1StringView("createdById"))
            JsonText::appendString(m_buffer, group.createdById);
        else if (name == QLatin1StringView("modifiedById"))
            JsonText::appendString(m_buffer, group.modifiedById);
        else if (name == QLatin1StringView("id"))
            JsonText::appendString(m_buffer, group.id);
        else if (name == QLatin1StringView("name"))
            JsonText::appendString(m_buffer, group.name);
        else if (name == QLatin1StringView("favorite"))
            m_buffer.append(group.favorite ? "true" : "false");
        else {
            const QDateTime &date =
                name == QLatin1StringView("dateCreated") ? group.dateCreated : group.dateUpdated;
            if (date.isValid()) {
                m_buffer.append('"');
                appendDate(m_buffer, date.toMSecsSinceEpoch(), 0, true);
                m_buffer.append('"');
            } else {
                m_buffer.append("\"\"");
            }
        }
    }
    m_buffer.append('}');
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
            appendDate(m_buffer, msecs, *offset, false);
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

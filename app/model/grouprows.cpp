#include "grouprows.h"

#include "jsontext.h"

using namespace Qt::StringLiterals;

const QList<GroupRows::Field> GroupRows::apiFields = {
    Field::AccountId, Field::CreatedById, Field::DateCreated,  Field::DateUpdated,
    Field::Favorite,  Field::Id,          Field::ModifiedById, Field::Name,
};

QLatin1StringView GroupRows::nameOf(Field field)
{
    switch (field) {
    case Field::AccountId:
        return "accountId"_L1;
    case Field::CreatedById:
        return "createdById"_L1;
    case Field::DateCreated:
        return "dateCreated"_L1;
    case Field::DateUpdated:
        return "dateUpdated"_L1;
    case Field::Favorite:
        return "favorite"_L1;
    case Field::Id:
        return "id"_L1;
    case Field::KpiCount:
        return "kpiCount"_L1;
    case Field::ModifiedById:
        return "modifiedById"_L1;
    case Field::Name:
        return "name"_L1;
    }
    return {};
}

GroupRows::GroupRows(Format format, QList<Field> fields)
    : m_format(format)
    , m_fields(std::move(fields))
{}

void GroupRows::begin(QByteArray &out) const
{
    if (m_format == Format::Json) {
        out.append('[');
        return;
    }
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(nameOf(m_fields.at(i)));
    }
    out.append("\r\n");
}

void GroupRows::append(QByteArray &out, const KpiGroup &group, int kpiCount)
{
    if (m_format == Format::Json)
        out.append(m_rows == 0 ? "\n    {" : ",\n    {");
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const Field field = m_fields.at(i);
        if (m_format == Format::Json) {
            out.append(i == 0 ? "\"" : ", \"").append(nameOf(field)).append("\": ");
        } else if (i > 0) {
            out.append(',');
        }
        appendValue(out, field, group, kpiCount);
    }
    out.append(m_format == Format::Json ? "}" : "\r\n");
    ++m_rows;
}

void GroupRows::finish(QByteArray &out) const
{
    if (m_format == Format::Json)
        out.append(m_rows == 0 ? "]\n" : "\n]\n");
}

void GroupRows::appendValue(QByteArray &out, Field field, const KpiGroup &group, int kpiCount) const
{
    const bool json = m_format == Format::Json;
    const auto text = [&](const QString &value) {
        json ? JsonText::appendString(out, value) : appendCsvField(out, value);
    };
    const auto date = [&](const QDateTime &value) {
        if (json)
            out.append('"');
        if (value.isValid())
            appendDate(out, value.toMSecsSinceEpoch(), 0, true);
        if (json)
            out.append('"');
    };
    switch (field) {
    case Field::AccountId:
        return text(group.accountId);
    case Field::CreatedById:
        return text(group.createdById);
    case Field::DateCreated:
        return date(group.dateCreated);
    case Field::DateUpdated:
        return date(group.dateUpdated);
    case Field::Favorite:
        out.append(group.favorite ? "true" : "false");
        return;
    case Field::Id:
        return text(group.id);
    case Field::KpiCount:
        if (kpiCount >= 0)
            out.append(QByteArray::number(kpiCount));
        else if (json)
            out.append("null");
        return;
    case Field::ModifiedById:
        return text(group.modifiedById);
    case Field::Name:
        return text(group.name);
    }
}

void GroupRows::appendCsvField(QByteArray &out, QStringView text)
{
    // A spreadsheet takes a cell that starts with = + - or @ (or a tab or a carriage return,
    // which it may drop before looking) for a formula, and runs it: a group's name is anyone's
    // text, and "=HYPERLINK(…)" or a DDE call must not run in the spreadsheet of whoever opens
    // the export. A leading apostrophe makes it text there (OWASP's advice). JSON, which no
    // spreadsheet opens as cells, keeps names exact.
    const bool formula =
        !text.isEmpty() && (text.front() == u'=' || text.front() == u'+' || text.front() == u'-' ||
                            text.front() == u'@' || text.front() == u'\t' || text.front() == u'\r');
    const bool quoted =
        text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r');
    if (quoted)
        out.append('"');
    if (formula)
        out.append('\'');
    const QByteArray utf8 = text.toUtf8();
    if (quoted)
        out.append(QByteArray(utf8).replace('"', "\"\""));
    else
        out.append(utf8);
    if (quoted)
        out.append('"');
}

void GroupRows::appendDate(QByteArray &out, qint64 msecs, qint64 offsetSeconds, bool iso)
{
    // A days-to-civil conversion, H. Hinnant's.
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

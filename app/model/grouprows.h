#pragma once

#include "kpigroup.h"

#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QStringView>

// Groups as the rows of a file, CSV or JSON, with the same fields in both, named as the API names
// them: the one row format of the app's File → Export List… and of kpigroups-cli's --csv and
// --json, so that a row reads the same wherever it was written. Appends to a buffer, which the
// caller writes out a thousand rows or so at a time: 100,000 groups never become one document.
//
// CSV is RFC 4180: records end in CRLF, a field with a comma, a quote or a line break is quoted
// and its quotes doubled. It is UTF-8 without a byte order mark: what scripts, databases and
// LibreOffice read as it is (a BOM would be the first column name's first character to them);
// Excel opens it through Data → From Text/CSV, as UTF-8.
class GroupRows
{
public:
    enum class Format
    {
        Csv,
        Json
    };
    enum class Field
    {
        AccountId,
        CreatedById,
        DateCreated,
        DateUpdated,
        Favorite,
        Id,
        KpiCount, // not the API's: the list's count of KPIs; empty (CSV) or null while unknown
        ModifiedById,
        Name,
    };
    // The API's fields of a group, in the order the command line writes them.
    static const QList<Field> apiFields;
    static QLatin1StringView nameOf(Field field);

    GroupRows(Format format, QList<Field> fields);

    // The CSV header, or the JSON array's opening.
    void begin(QByteArray &out) const;
    // One row; `kpiCount` -1 while unknown.
    void append(QByteArray &out, const KpiGroup &group, int kpiCount = -1);
    // The JSON array's end (nothing for CSV).
    void finish(QByteArray &out) const;
    qsizetype rows() const { return m_rows; }
    // Goes on as if `rows` had been appended (a part of a list written elsewhere before it).
    void continueAfter(qsizetype rows) { m_rows = rows; }

    // A CSV field: quoted where RFC 4180 asks for it, and kept from being read as a formula.
    static void appendCsvField(QByteArray &out, QStringView text);
    // "2025-01-01T10:15:30.123Z" (iso) or "2025-01-01 10:15" (not), `offsetSeconds` east of UTC,
    // from milliseconds since the epoch, without QDateTime's cost per call.
    static void appendDate(QByteArray &out, qint64 msecs, qint64 offsetSeconds, bool iso);

private:
    void appendValue(QByteArray &out, Field field, const KpiGroup &group, int kpiCount) const;

    Format m_format;
    QList<Field> m_fields;
    qsizetype m_rows = 0;
};

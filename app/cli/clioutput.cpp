#include "clioutput.h"

#include "grouprows.h"
#include "terminaltext.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace CliOutput {

namespace {

QString isoDate(const QDateTime &date)
{
    return date.isValid() ? date.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QJsonObject groupJson(const KpiGroup &group, const QStringList &fields)
{
    const QList<std::pair<QString, QJsonValue>> all = {
        {u"accountId"_s, group.accountId},
        {u"createdById"_s, group.createdById},
        {u"dateCreated"_s, isoDate(group.dateCreated)},
        {u"dateUpdated"_s, isoDate(group.dateUpdated)},
        {u"favorite"_s, group.favorite},
        {u"id"_s, group.id},
        {u"modifiedById"_s, group.modifiedById},
        {u"name"_s, group.name},
    };
    QJsonObject object;
    for (const auto &[name, value] : all)
        if (fields.isEmpty() || fields.contains(name) || name == "id"_L1)
            object.insert(name, value);
    return object;
}

QJsonObject kpiJson(const Kpi &kpi)
{
    return {{u"id"_s, kpi.id},
            {u"name"_s, kpi.name},
            {u"description"_s, kpi.description},
            {u"ownerId"_s, kpi.ownerId},
            {u"groupIds"_s, QJsonArray::fromStringList(kpi.groupIds)}};
}

QByteArray kpiCsv(const QList<Kpi> &kpis)
{
    QByteArray out("id,name,description,ownerId,groupIds\r\n");
    for (const Kpi &kpi : kpis) {
        const QStringList values = {kpi.id, kpi.name, kpi.description, kpi.ownerId,
                                    kpi.groupIds.join(u' ')};
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i > 0)
                out.append(',');
            GroupRows::appendCsvField(out, values.at(i));
        }
        out.append("\r\n");
    }
    return out;
}

QString table(const QStringList &header, const QList<QStringList> &rows)
{
    QList<QStringList> safeRows;
    safeRows.reserve(rows.size());
    for (const QStringList &row : rows) {
        QStringList safeRow;
        for (const QString &cell : row)
            safeRow.append(TerminalText::safe(cell));
        safeRows.append(safeRow);
    }
    QList<int> widths;
    for (const QString &cell : header)
        widths.append(TerminalText::width(cell));
    for (const QStringList &row : safeRows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], TerminalText::width(row.at(i)));
    QString out;
    const auto line = [&](const QStringList &cells) {
        for (qsizetype i = 0; i < cells.size(); ++i)
            out += i + 1 < cells.size() ? TerminalText::padded(cells.at(i), widths.at(i) + 2)
                                        : cells.at(i);
        out += u'\n';
    };
    line(header);
    for (const QStringList &row : safeRows)
        line(row);
    return out;
}

} // namespace CliOutput

#pragma once

#include "kpi.h"
#include "kpigroup.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// What kpigroups-cli prints of a group, a KPI, or rows of a table.
namespace CliOutput {

// A group as the API writes it, with only `fields` (all when empty; the id always).
QJsonObject groupJson(const KpiGroup &group, const QStringList &fields);
QJsonObject kpiJson(const Kpi &kpi);
// KPIs as CSV, the fields of kpiJson() (a KPI's groups separated by spaces), as GroupRows writes
// a field.
QByteArray kpiCsv(const QList<Kpi> &kpis);
// Columns aligned by what a terminal shows, with whatever the server sent made safe to show.
QString table(const QStringList &header, const QList<QStringList> &rows);

} // namespace CliOutput

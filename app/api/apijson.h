#pragma once

#include "kpi.h"
#include "kpigroup.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <optional>

// JSON of the API -> value types. Tolerant of missing fields (projections leave them out),
// strict about shape: a page without an items array, or an item without an id, is refused.
namespace ApiJson {

template<typename T>
struct Page
{
    QList<T> items;
    qsizetype totalCount = 0;
    QString problem; // why the body was refused; empty when it was read
};

std::optional<KpiGroup> group(const QJsonObject &object);
std::optional<KpiGroup> group(const QByteArray &body);
std::optional<Kpi> kpi(const QJsonObject &object);
Page<KpiGroup> groupPage(const QByteArray &body);
Page<Kpi> kpiPage(const QByteArray &body);
// GET /users, whose shape is not documented: `items`, `users` or a bare array; each person's
// display name, else first and last name, else email, by id. Empty when it is none of these.
std::optional<QHash<QString, QString>> userNames(const QByteArray &body);
// What the API answers a change with: nothing (blanks at most), or a JSON object.
bool isEmptyOrObject(const QByteArray &body);

// "2024-03-01T10:15:30.123Z" without QDateTime's general parser, which is slow at 200,000 dates;
// other ISO 8601 forms fall back to it. Invalid when it is not a date.
QDateTime date(QStringView text);

} // namespace ApiJson

#pragma once

#include "groupstamp.h"
#include "kpi.h"
#include "kpigroup.h"

#include <QByteArray>
#include <QHash>
#include <optional>

// JSON of the API -> value types. A group, a page of groups, a page of KPIs and people are read by
// one streaming reader (jsonreader.h), by the same rules:
//  - Tolerant of missing fields (projections leave them out) and of fields of another type than
//    expected (left empty; `groupIds` keeps only its strings). Unknown members are skipped.
//  - Strict about shape: a body that is not one JSON object (RFC 8259: no control characters or
//    unknown escapes in strings, nothing after the value), a page without an items array, or an
//    item without an id (a non-empty string), is refused.
//  - A key given twice in one object that is read (the page; each group or KPI), whether one the
//    reader knows (items, totalCount, id, name, ...) or not, refuses the whole body: it is neither
//    joined (two items arrays) nor overwritten (two names). Inside skipped members, keys are not
//    looked at.
//  - Invalid UTF-8: in text for people (name, description, dates) each bad sequence becomes
//    U+FFFD and the rest is read; in an id (id, accountId, createdById, modifiedById, ownerId,
//    groupIds) it refuses the whole body, as no id of the API has any (ApiInput::isId).
// A refused page has `problem` set and no items; a refused group is std::nullopt.
namespace ApiJson {

template<typename T>
struct Page
{
    QList<T> items;
    qsizetype totalCount = -1; // -1: the server gave none, or none that can be a count
    QString problem;           // why the body was refused; empty when it was read
};

// One group, as GET /kpis/groups/{id} and POST /kpis/groups answer.
std::optional<KpiGroup> group(const QByteArray &body);
Page<KpiGroup> groupPage(const QByteArray &body);
// A page of a listing of a few fields of each group (see GroupStamp): by the same rules.
Page<GroupStamp> groupStampPage(const QByteArray &body);
Page<Kpi> kpiPage(const QByteArray &body);
// GET /users, whose shape is not documented: `items`, `users` or a bare array; each person's
// display name, else first and last name, else email, by id, at most maxPersonNameLength
// characters. Empty when it is none of these.
std::optional<QHash<QString, QString>> userNames(const QByteArray &body);
// The longest name userNames gives: a longer one is cut to end in an ellipsis (a name is shown on
// one line, beside others).
constexpr qsizetype maxPersonNameLength = 200;
// What the API answers a change with: nothing (blanks at most), or a JSON object.
bool isEmptyOrObject(const QByteArray &body);

// "2024-03-01T10:15:30.123Z" without QDateTime's general parser, which is slow at 200,000 dates;
// other ISO 8601 forms fall back to it. Invalid when it is not a date.
QDateTime date(QStringView text);

} // namespace ApiJson

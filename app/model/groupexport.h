#pragma once

#include "grouprows.h"

#include <QHash>
#include <QList>
#include <QString>

class GroupFilterModel;

// The list as it is shown (its search, favorites only, its sort), written to a file: File →
// Export List…. What is shown is taken on the GUI thread in constant time, as the lists the
// models share (a list of 100,000 groups is not copied); the file is written on another thread.
namespace GroupExport {

// What the list shows, in the order shown.
struct Shown
{
    QList<KpiGroup> groups;
    QList<int> rows; // of `groups`, in the order shown
    QHash<QString, int> kpiCounts;
    bool kpiCountsKnown = false;
};
// GUI thread; constant time.
Shown shown(const GroupFilterModel &filter);

// What the list shows of a group (its name, star, KPI count and dates), and its id.
extern const QList<GroupRows::Field> fields;

// JSON for a file that ends in .json, CSV for one that ends in .csv; else `otherwise`.
GroupRows::Format formatOf(const QString &path, GroupRows::Format otherwise);

struct Written
{
    qsizetype rows = 0;
    QString error; // why nothing was written (the system's words); empty once written
};
// Thread-safe. Written whole or not at all (QSaveFile, every write checked): whatever fails, a
// disk that fills up included, a file that was at `path` is left as it was.
Written write(const Shown &shown, GroupRows::Format format, const QString &path);

} // namespace GroupExport

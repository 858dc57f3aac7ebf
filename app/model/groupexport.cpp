#include "groupexport.h"

#include "groupfiltermodel.h"
#include "grouplistmodel.h"

#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace GroupExport {

const QList<GroupRows::Field> fields = {
    GroupRows::Field::Name,        GroupRows::Field::Favorite,    GroupRows::Field::KpiCount,
    GroupRows::Field::DateUpdated, GroupRows::Field::DateCreated, GroupRows::Field::Id,
};

Shown shown(const GroupFilterModel &filter)
{
    const GroupListModel *model = filter.groupModel();
    if (!model)
        return {};
    return {model->groups(), filter.shownRows(), model->kpiCounts(), model->kpiCountsKnown()};
}

GroupRows::Format formatOf(const QString &path, GroupRows::Format otherwise)
{
    if (path.endsWith(".json"_L1, Qt::CaseInsensitive))
        return GroupRows::Format::Json;
    if (path.endsWith(".csv"_L1, Qt::CaseInsensitive))
        return GroupRows::Format::Csv;
    return otherwise;
}

Written write(const Shown &shown, GroupRows::Format format, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {0, file.errorString()};
    GroupRows rows(format, fields);
    QByteArray buffer;
    // A write can take part of what it is given (a disk about full): the rest is written again,
    // until it is all written or the write fails, with the system's reason.
    const auto flush = [&] {
        for (qsizetype done = 0; done < buffer.size();) {
            const qint64 written = file.write(buffer.constData() + done, buffer.size() - done);
            if (written <= 0)
                return false;
            done += written;
        }
        buffer.clear();
        return true;
    };
    rows.begin(buffer);
    constexpr qsizetype rowsAtOnce = 1000;
    for (qsizetype i = 0; i < shown.rows.size(); ++i) {
        const KpiGroup &group = shown.groups.at(shown.rows.at(i));
        rows.append(buffer, group, shown.kpiCountsKnown ? shown.kpiCounts.value(group.id, 0) : -1);
        if ((i + 1) % rowsAtOnce == 0 && !flush())
            return {0, file.errorString()}; // QSaveFile's end removes what it wrote
    }
    rows.finish(buffer);
    if (!flush() || !file.commit())
        return {0, file.errorString()};
    return {rows.rows(), {}};
}

} // namespace GroupExport

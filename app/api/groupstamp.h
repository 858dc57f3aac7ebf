#pragma once

#include "kpigroup.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <optional>

// What a listing of a few fields (`fields=id,dateUpdated`, `fields=id,favorite`) says of one
// group: enough to tell whether the group shown is still the server's, at a quarter of the bytes.
// A server that ignores `fields` answers whole groups: `whole` then holds the group itself, and
// nothing of it need be asked for again.
struct GroupStamp
{
    QString id;
    QDateTime dateUpdated;         // invalid when the answer left it out
    std::optional<bool> favorite;  // when the answer gave it
    std::optional<KpiGroup> whole; // when the answer gave every field of the group

    friend bool operator==(const GroupStamp &, const GroupStamp &) = default;
};

// Qt's implicitly shared types and a std::optional of them: moved as memory.
Q_DECLARE_TYPEINFO(GroupStamp, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(GroupStamp)

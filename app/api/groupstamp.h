#pragma once

#include "kpigroup.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <memory>
#include <optional>

// What a listing of a few fields (`fields=id,dateUpdated`, `fields=id,favorite`) says of one
// group: enough to tell whether the group shown is still the server's, at a quarter of the bytes.
// A server that ignores `fields` answers whole groups: `whole` then holds the group itself, and
// nothing of it need be asked for again.
struct GroupStamp
{
    QString id;
    QDateTime dateUpdated;        // invalid when the answer left it out
    std::optional<bool> favorite; // when the answer gave it
    // When the answer gave every field of the group. Shared, not held: a stamp is a few dozen
    // bytes, and 100,000 of them wait to be compared while a refresh reads them.
    std::shared_ptr<const KpiGroup> whole;

    friend bool operator==(const GroupStamp &a, const GroupStamp &b)
    {
        return a.id == b.id && a.dateUpdated == b.dateUpdated && a.favorite == b.favorite &&
               (a.whole && b.whole ? *a.whole == *b.whole : !a.whole && !b.whole);
    }
};

// Qt's implicitly shared types, a std::optional and a std::shared_ptr: moved as memory.
Q_DECLARE_TYPEINFO(GroupStamp, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(GroupStamp)

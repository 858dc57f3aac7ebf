#pragma once

#include <QString>
#include <QStringView>

// A group created here that the server has not confirmed yet is shown as a row of its own, with
// an id no server has (the API's are 24 hexadecimal digits), until it does.
namespace Placeholder {

inline constexpr QStringView prefix = u"new:";

inline QString idOf(quint64 changeId)
{
    return prefix + QString::number(changeId);
}

inline bool isId(const QString &groupId)
{
    return groupId.startsWith(prefix);
}

// The create change a placeholder's row stands for (0: not a placeholder's id).
inline quint64 changeIdOf(const QString &groupId)
{
    return isId(groupId) ? QStringView(groupId).mid(prefix.size()).toULongLong() : 0;
}

} // namespace Placeholder

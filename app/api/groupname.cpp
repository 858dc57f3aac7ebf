#include "groupname.h"

#include "apierror.h"

std::optional<GroupName> GroupName::from(const QString &text)
{
    if (!problemOf(text).isEmpty())
        return std::nullopt;
    return GroupName(text.trimmed());
}

QString GroupName::problemOf(const QString &text)
{
    // In ApiError's words: the client said them first, and their translations are there.
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return ApiError::tr("A KPI group needs a name.");
    if (trimmed.size() > maxLength)
        return ApiError::tr("The name is %1 characters long; a KPI group's name can have at most "
                            "%2.")
            .arg(trimmed.size())
            .arg(maxLength);
    return {};
}

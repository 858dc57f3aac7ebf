#pragma once

#include <QString>
#include <optional>

// A KPI group's name as the API takes it: trimmed, 1 to 255 characters. Only from() makes one,
// so a name handed on as a GroupName was checked once, where it came in (typed, or read from the
// journal), and is not checked again on its way to the server. Default-made: no name at all (a
// change that has none).
class GroupName
{
public:
    GroupName() = default;
    // The name, trimmed; none when `text` cannot be a group's name (problemOf() says why).
    static std::optional<GroupName> from(const QString &text);
    // Why `text` cannot be a group's name, or empty.
    static QString problemOf(const QString &text);
    static constexpr qsizetype maxLength = 255;

    bool isNull() const { return m_text.isNull(); }
    const QString &text() const { return m_text; }
    friend bool operator==(const GroupName &, const GroupName &) = default;

private:
    explicit GroupName(QString text)
        : m_text(std::move(text))
    {}

    QString m_text;
};

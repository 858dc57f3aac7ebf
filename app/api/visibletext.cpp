#include "visibletext.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace VisibleText {

bool isHidden(char32_t c)
{
    const bool control = c < 0x20 || (c >= 0x7f && c < 0xa0);
    const bool bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
                      c == 0x200f || c == 0x061c;
    const bool lineOrParagraph = c == 0x2028 || c == 0x2029;
    return control || bidi || lineOrParagraph;
}

bool hasHidden(QStringView text)
{
    // None of them is outside the Basic Multilingual Plane, so UTF-16 units will do.
    return std::any_of(text.begin(), text.end(), [](QChar c) { return isHidden(c.unicode()); });
}

namespace {

QString escape(char16_t c)
{
    return c < 0x100 ? u"\\x%1"_s.arg(uint(c), 2, 16, QChar(u'0'))
                     : u"\\u%1"_s.arg(uint(c), 4, 16, QChar(u'0'));
}

} // namespace

QString escaped(QStringView text)
{
    // Most names need nothing: no copy for them.
    if (!hasHidden(text))
        return text.toString();
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text)
        out += isHidden(c.unicode()) ? escape(c.unicode()) : QString(c);
    return out;
}

QStringList escapesIn(QStringView text)
{
    QStringList escapes;
    for (const QChar c : text) {
        if (isHidden(c.unicode()) && !escapes.contains(escape(c.unicode())))
            escapes.append(escape(c.unicode()));
    }
    return escapes;
}

QString isolated(QStringView text)
{
    QString shown = escaped(text);
    const bool rightToLeft = std::any_of(shown.cbegin(), shown.cend(), [](QChar c) {
        return c.direction() == QChar::DirR || c.direction() == QChar::DirAL;
    });
    return rightToLeft ? QChar(0x2068) + shown + QChar(0x2069) : shown;
}

} // namespace VisibleText

#pragma once

#include <QByteArray>
#include <QStringView>

// Writing JSON by hand, where QJsonDocument costs more than the list it writes (the sandbox's
// answers, the command line's output: 100,000 groups are about 30 MB).
namespace JsonText {

// `text` as a JSON string, quotes included: `"` and `\` escaped, control characters as \n, \r,
// \t or \u00XX; the rest as UTF-8.
inline void appendString(QByteArray &out, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto byte = uchar(c);
        if (byte == '"' || byte == '\\') {
            out.append('\\').append(c);
        } else if (byte < 0x20) {
            switch (byte) {
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            default:
                out.append("\\u00").append(hex[byte >> 4]).append(hex[byte & 0xf]);
            }
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

} // namespace JsonText

#include "jsonreader.h"

#include <charconv>
#include <cstring>

namespace {

constexpr int maxDepth = 1024; // as QJsonDocument

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

void JsonReader::skipWhitespace()
{
    while (m_pos < m_end && (*m_pos == ' ' || *m_pos == '\n' || *m_pos == '\r' || *m_pos == '\t'))
        ++m_pos;
}

bool JsonReader::consume(char c)
{
    skipWhitespace();
    if (m_pos < m_end && *m_pos == c) {
        ++m_pos;
        return true;
    }
    return false;
}

char JsonReader::peek()
{
    skipWhitespace();
    return m_pos < m_end ? *m_pos : '\0';
}

bool JsonReader::atEnd()
{
    skipWhitespace();
    return m_pos == m_end && !m_failed;
}

bool JsonReader::nextKey(QByteArrayView *key, bool *first)
{
    if (m_failed)
        return false;
    if (consume('}'))
        return false;
    if (!*first && !expect(','))
        return false;
    *first = false;
    if (const std::optional<QByteArrayView> plain = readPlainString()) {
        *key = *plain;
    } else {
        std::optional<QByteArray> decoded = readStringBytes();
        if (!decoded)
            return fail();
        // Kept (QByteArray's data does not move with the list): keys are compared with earlier
        // ones of the same object. Keys with escapes are rare; a body holds at most its size.
        m_keyStorage.append(std::move(*decoded));
        *key = m_keyStorage.constLast();
    }
    return expect(':');
}

bool JsonReader::nextElement(bool *first)
{
    if (m_failed)
        return false;
    if (consume(']'))
        return false;
    if (!*first && !expect(','))
        return false;
    *first = false;
    return true;
}

std::optional<QByteArrayView> JsonReader::readPlainString()
{
    skipWhitespace();
    if (m_pos >= m_end || *m_pos != '"')
        return std::nullopt;
    const char *start = m_pos + 1;
    const char *p = start;
    while (p < m_end) {
        const auto c = uchar(*p);
        if (c == '"') {
            m_pos = p + 1;
            return QByteArrayView(start, p - start);
        }
        if (c == '\\')
            return std::nullopt;
        if (c < 0x20) {
            fail();
            return std::nullopt;
        }
        ++p;
    }
    fail();
    return std::nullopt;
}

std::optional<QString> JsonReader::readString()
{
    if (const std::optional<QByteArrayView> plain = readPlainString())
        return QString::fromUtf8(*plain);
    if (const std::optional<QByteArray> bytes = readStringBytes())
        return QString::fromUtf8(*bytes);
    return std::nullopt;
}

std::optional<QByteArray> JsonReader::readStringBytes()
{
    if (const std::optional<QByteArrayView> plain = readPlainString())
        return plain->toByteArray();
    if (m_failed || m_pos >= m_end || *m_pos != '"')
        return std::nullopt;
    QByteArray utf8;
    const char *p = m_pos + 1;
    while (p < m_end) {
        const char c = *p++;
        if (c == '"') {
            m_pos = p;
            return utf8;
        }
        if (uchar(c) < 0x20)
            break;
        if (c != '\\') {
            utf8.append(c);
            continue;
        }
        if (p >= m_end)
            break;
        const char escape = *p++;
        switch (escape) {
        case '"':
        case '\\':
        case '/':
            utf8.append(escape);
            break;
        case 'b':
            utf8.append('\b');
            break;
        case 'f':
            utf8.append('\f');
            break;
        case 'n':
            utf8.append('\n');
            break;
        case 'r':
            utf8.append('\r');
            break;
        case 't':
            utf8.append('\t');
            break;
        case 'u': {
            const auto readUnit = [&](char32_t *unit) {
                if (m_end - p < 4)
                    return false;
                *unit = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(p[i]);
                    if (h < 0)
                        return false;
                    *unit = *unit * 16 + char32_t(h);
                }
                p += 4;
                return true;
            };
            char32_t unit = 0;
            if (!readUnit(&unit))
                return fail(), std::nullopt;
            if (unit >= 0xD800 && unit < 0xDC00 && m_end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                const char *save = p;
                p += 2;
                char32_t low = 0;
                if (readUnit(&low) && low >= 0xDC00 && low < 0xE000)
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                else
                    p = save;
            }
            utf8.append(QString::fromUcs4(&unit, 1).toUtf8());
            break;
        }
        default:
            fail();
            return std::nullopt;
        }
    }
    fail();
    return std::nullopt;
}

std::optional<double> JsonReader::readNumber()
{
    skipWhitespace();
    const char *start = m_pos;
    const char *p = m_pos;
    if (p < m_end && *p == '-')
        ++p;
    if (p >= m_end || *p < '0' || *p > '9')
        return std::nullopt;
    if (*p == '0')
        ++p;
    else
        while (p < m_end && *p >= '0' && *p <= '9')
            ++p;
    if (p < m_end && *p == '.') {
        ++p;
        if (p >= m_end || *p < '0' || *p > '9')
            return fail(), std::nullopt;
        while (p < m_end && *p >= '0' && *p <= '9')
            ++p;
    }
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < m_end && (*p == '+' || *p == '-'))
            ++p;
        if (p >= m_end || *p < '0' || *p > '9')
            return fail(), std::nullopt;
        while (p < m_end && *p >= '0' && *p <= '9')
            ++p;
    }
    double value = 0;
    const auto result = std::from_chars(start, p, value);
    if (result.ec != std::errc() && result.ec != std::errc::result_out_of_range)
        return fail(), std::nullopt;
    m_pos = p;
    return value;
}

std::optional<bool> JsonReader::readBool()
{
    skipWhitespace();
    if (m_end - m_pos >= 4 && std::memcmp(m_pos, "true", 4) == 0) {
        m_pos += 4;
        return true;
    }
    if (m_end - m_pos >= 5 && std::memcmp(m_pos, "false", 5) == 0) {
        m_pos += 5;
        return false;
    }
    return std::nullopt;
}

bool JsonReader::readNull()
{
    skipWhitespace();
    if (m_end - m_pos >= 4 && std::memcmp(m_pos, "null", 4) == 0) {
        m_pos += 4;
        return true;
    }
    return false;
}

bool JsonReader::skipString()
{
    if (readPlainString())
        return true;
    return !m_failed && readStringBytes().has_value();
}

bool JsonReader::skipValue()
{
    if (m_failed)
        return false;
    switch (peek()) {
    case '"':
        return skipString() || fail();
    case '{': {
        if (++m_depth > maxDepth)
            return fail();
        ++m_pos;
        bool first = true;
        QByteArrayView key;
        while (nextKey(&key, &first))
            if (!skipValue())
                return false;
        --m_depth;
        return !m_failed;
    }
    case '[': {
        if (++m_depth > maxDepth)
            return fail();
        ++m_pos;
        bool first = true;
        while (nextElement(&first))
            if (!skipValue())
                return false;
        --m_depth;
        return !m_failed;
    }
    case 't':
    case 'f':
        return readBool().has_value() || fail();
    case 'n':
        return readNull() || fail();
    default:
        return readNumber().has_value() || fail();
    }
}

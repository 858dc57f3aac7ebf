#pragma once

#include <QByteArrayView>
#include <QDate>
#include <QtGlobal>
#include <optional>

// The API's scalars read straight from the bytes of a reply (or a string): its dates and its
// UTF-8, without a QDateTime or a QString made first.
namespace ApiText {

namespace Detail {
inline char16_t unit(QChar c)
{
    return c.unicode();
}
inline char16_t unit(char c)
{
    return char16_t(uchar(c));
}

template<typename View>
int digits(View text, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char16_t c = Detail::unit(text[i]);
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace Detail

// The API's own form, YYYY-MM-DDTHH:MM:SS.mmmZ, read directly; anything else is left to Qt.
template<typename View>
std::optional<qint64> apiDateMsecs(View text)
{
    if (text.size() != 24 || Detail::unit(text[4]) != u'-' || Detail::unit(text[7]) != u'-' ||
        Detail::unit(text[10]) != u'T' || Detail::unit(text[13]) != u':' ||
        Detail::unit(text[16]) != u':' || Detail::unit(text[19]) != u'.' ||
        Detail::unit(text[23]) != u'Z')
        return std::nullopt;
    const int year = Detail::digits(text, 0, 4), month = Detail::digits(text, 5, 2),
              day = Detail::digits(text, 8, 2);
    const int hour = Detail::digits(text, 11, 2), minute = Detail::digits(text, 14, 2);
    const int second = Detail::digits(text, 17, 2), ms = Detail::digits(text, 20, 3);
    const QDate date(year, month, day);
    if (!date.isValid() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
        second > 59 || ms < 0)
        return std::nullopt;
    return (date.toJulianDay() - 2440588) * 86400000LL +
           ((hour * 60 + minute) * 60 + second) * 1000LL + ms;
}

// Whether `bytes` is UTF-8 (no stray or missing continuation bytes, no overlong forms, no
// surrogates, nothing past U+10FFFF). Quick for ASCII, which every id of the API is.
bool isValidUtf8(QByteArrayView bytes);

} // namespace ApiText

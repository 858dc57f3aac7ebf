#include "apitext.h"

#include <cstring>

namespace ApiText {

bool isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.data());
    const uchar *const end = p + bytes.size();
    // ASCII eight bytes at a time: an id is 24 of them.
    for (quint64 word = 0; end - p >= 8; p += 8) {
        std::memcpy(&word, p, 8);
        if (word & 0x8080808080808080ULL)
            break;
    }
    while (p < end) {
        const uchar c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int length = 0;
        char32_t point = 0, least = 0;
        if ((c & 0xE0) == 0xC0)
            length = 2, point = c & 0x1F, least = 0x80;
        else if ((c & 0xF0) == 0xE0)
            length = 3, point = c & 0x0F, least = 0x800;
        else if ((c & 0xF8) == 0xF0)
            length = 4, point = c & 0x07, least = 0x10000;
        else
            return false;
        if (end - p < length)
            return false;
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            point = (point << 6) | (p[i] & 0x3F);
        }
        if (point < least || point > 0x10FFFF || (point >= 0xD800 && point < 0xE000))
            return false;
        p += length;
    }
    return true;
}

} // namespace ApiText

#include "sandboxgzip.h"

#include <QList>
#include <algorithm>
#include <limits>
#include <optional>
#include <zlib.h>

bool sandboxAcceptsGzip(QByteArrayView acceptEncoding)
{
    std::optional<bool> gzip;
    bool any = false;
    for (const QByteArray &item : acceptEncoding.toByteArray().split(',')) {
        const QList<QByteArray> parts = item.split(';');
        const QByteArray coding = parts.constFirst().trimmed().toLower();
        bool acceptable = true;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts.at(i).trimmed().toLower();
            if (parameter.startsWith("q="))
                acceptable = parameter.mid(2).toDouble() > 0;
        }
        if (coding == "gzip" || coding == "x-gzip")
            gzip = gzip.value_or(false) || acceptable;
        else if (coding == "*")
            any = acceptable;
    }
    return gzip.value_or(any);
}

QByteArray sandboxGzip(QByteArrayView data, int level)
{
    z_stream stream{};
    // 16 + 15: the gzip wrapper around a deflate stream of the largest window.
    if (deflateInit2(&stream, level, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    constexpr qsizetype most = std::numeric_limits<uInt>::max();
    qsizetype inLeft = data.size();
    qsizetype outLeft = out.size();
    int status = Z_OK;
    while (status == Z_OK) {
        stream.avail_in = uInt(std::min(inLeft, most));
        stream.avail_out = uInt(std::min(outLeft, most));
        const uInt inBefore = stream.avail_in;
        const uInt outBefore = stream.avail_out;
        status = deflate(&stream, inLeft > most ? Z_NO_FLUSH : Z_FINISH);
        inLeft -= inBefore - stream.avail_in;
        outLeft -= outBefore - stream.avail_out;
    }
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return {};
    out.resize(out.size() - outLeft);
    return out;
}

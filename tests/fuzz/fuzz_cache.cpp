// libFuzzer target: the reader of the list cache, which reads whatever is on disk.
#include "groupcache.h"

#include <QByteArray>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)GroupCache::read(bytes, QStringLiteral("fuzz"));
    return 0;
}

// libFuzzer target: everything the client reads from a server's answer.
#include "apierror.h"
#include "apijson.h"

#include <QByteArray>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)ApiJson::groupPage(body);
    (void)ApiJson::kpiPage(body);
    (void)ApiJson::group(body);
    (void)ApiJson::userNames(body);
    (void)ApiJson::isEmptyOrObject(body);
    (void)ApiError::fromStatus(500, Endpoint::ListGroups, body);
    return 0;
}

#include "apijson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace ApiJson {

namespace {

int digits(QStringView text, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

template<typename T, typename ReadItem>
Page<T> page(const QByteArray &body, ReadItem readItem)
{
    Page<T> result;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        result.problem = u"not JSON: "_s + error.errorString();
        return result;
    }
    const QJsonObject object = document.object();
    const QJsonValue items = object.value("items"_L1);
    if (!document.isObject() || !items.isArray()) {
        result.problem = u"no items array"_s;
        return result;
    }
    const QJsonArray array = items.toArray();
    result.items.reserve(array.size());
    for (const QJsonValue &item : array) {
        std::optional<T> value = readItem(item.toObject());
        if (!value) {
            result.problem = u"an item without an id"_s;
            result.items.clear();
            return result;
        }
        result.items.append(std::move(*value));
    }
    const QJsonValue total = object.value("totalCount"_L1);
    result.totalCount = total.isDouble() ? qsizetype(total.toDouble()) : result.items.size();
    return result;
}

} // namespace

QDateTime date(QStringView text)
{
    // YYYY-MM-DDTHH:MM:SS.mmmZ
    if (text.size() == 24 && text[4] == u'-' && text[7] == u'-' && text[10] == u'T' &&
        text[13] == u':' && text[16] == u':' && text[19] == u'.' && text[23] == u'Z') {
        const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
        const int hour = digits(text, 11, 2), minute = digits(text, 14, 2);
        const int second = digits(text, 17, 2), ms = digits(text, 20, 3);
        const QDate date(year, month, day);
        if (date.isValid() && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 &&
            second < 60 && ms >= 0) {
            const qint64 msecs = (date.toJulianDay() - 2440588) * 86400000LL +
                                 ((hour * 60 + minute) * 60 + second) * 1000LL + ms;
            return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
        }
    }
    return QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
}

std::optional<KpiGroup> group(const QJsonObject &object)
{
    const QJsonValue id = object.value("id"_L1);
    if (!id.isString() || id.toString().isEmpty())
        return std::nullopt;
    KpiGroup group;
    group.id = id.toString();
    group.accountId = object.value("accountId"_L1).toString();
    group.name = object.value("name"_L1).toString();
    group.createdById = object.value("createdById"_L1).toString();
    group.modifiedById = object.value("modifiedById"_L1).toString();
    group.dateCreated = date(object.value("dateCreated"_L1).toString());
    group.dateUpdated = date(object.value("dateUpdated"_L1).toString());
    group.favorite = object.value("favorite"_L1).toBool();
    return group;
}

std::optional<KpiGroup> group(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    return document.isObject() ? group(document.object()) : std::nullopt;
}

std::optional<Kpi> kpi(const QJsonObject &object)
{
    const QJsonValue id = object.value("id"_L1);
    if (!id.isString() || id.toString().isEmpty())
        return std::nullopt;
    Kpi kpi;
    kpi.id = id.toString();
    kpi.name = object.value("name"_L1).toString();
    kpi.description = object.value("description"_L1).toString();
    kpi.ownerId = object.value("ownerId"_L1).toString();
    for (const QJsonValue &groupId : object.value("groupIds"_L1).toArray())
        kpi.groupIds.append(groupId.toString());
    return kpi;
}

Page<KpiGroup> groupPage(const QByteArray &body)
{
    return page<KpiGroup>(body, [](const QJsonObject &o) { return group(o); });
}

Page<Kpi> kpiPage(const QByteArray &body)
{
    return page<Kpi>(body, [](const QJsonObject &o) { return kpi(o); });
}

} // namespace ApiJson

#include "apijson.h"

#include "jsonreader.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ApiJson {

namespace {

// A count from the network, as a number of items: a fraction, a negative, an infinity or more
// than any account holds is refused, never converted (converting 1e300 is undefined behaviour).
template<typename T>
bool readCount(std::optional<double> count, ApiJson::Page<T> *page)
{
    constexpr double mostGroups = 1e9;
    if (!count || !std::isfinite(*count) || *count < 0 || *count != std::floor(*count) ||
        *count > mostGroups) {
        page->problem = u"totalCount is not a count of items"_s;
        return false;
    }
    page->totalCount = qsizetype(*count);
    return true;
}

char16_t unit(QChar c)
{
    return c.unicode();
}
char16_t unit(char c)
{
    return char16_t(uchar(c));
}

template<typename View>
int digits(View text, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char16_t c = unit(text[i]);
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// The API's own form, YYYY-MM-DDTHH:MM:SS.mmmZ, read directly; anything else is left to Qt.
template<typename View>
std::optional<qint64> apiDateMsecs(View text)
{
    if (text.size() != 24 || unit(text[4]) != u'-' || unit(text[7]) != u'-' ||
        unit(text[10]) != u'T' || unit(text[13]) != u':' || unit(text[16]) != u':' ||
        unit(text[19]) != u'.' || unit(text[23]) != u'Z')
        return std::nullopt;
    const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2), minute = digits(text, 14, 2);
    const int second = digits(text, 17, 2), ms = digits(text, 20, 3);
    const QDate date(year, month, day);
    if (!date.isValid() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
        second > 59 || ms < 0)
        return std::nullopt;
    return (date.toJulianDay() - 2440588) * 86400000LL +
           ((hour * 60 + minute) * 60 + second) * 1000LL + ms;
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
    if (!total.isDouble())
        result.totalCount = result.items.size();
    else if (!readCount(total.toDouble(), &result))
        result.items.clear();
    return result;
}

} // namespace

QDateTime date(QStringView text)
{
    if (const std::optional<qint64> msecs = apiDateMsecs(text))
        return QDateTime::fromMSecsSinceEpoch(*msecs, Qt::UTC);
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
    // Hand-read rather than through QJsonDocument: this is the large-account path (100,000
    // groups are 30 MB), and ids of accounts and users repeat on every row, so they are shared.
    Page<KpiGroup> result;
    JsonReader reader(body);
    QHash<QByteArrayView, QString> interned;
    const auto sharedString = [&](QByteArrayView utf8) {
        auto it = interned.constFind(utf8);
        if (it == interned.cend())
            it = interned.insert(utf8, QString::fromUtf8(utf8));
        return *it;
    };
    const auto readText = [&](QString *target, bool share) {
        if (const std::optional<QByteArrayView> plain = reader.readPlainString()) {
            *target = share ? sharedString(*plain) : QString::fromUtf8(*plain);
            return true;
        }
        if (std::optional<QString> text = reader.readString()) {
            *target = std::move(*text);
            return true;
        }
        return reader.skipValue() && false;
    };
    const auto readDate = [&](QDateTime *target) {
        if (const std::optional<QByteArrayView> plain = reader.readPlainString()) {
            const std::optional<qint64> msecs = apiDateMsecs(*plain);
            *target = msecs ? QDateTime::fromMSecsSinceEpoch(*msecs, Qt::UTC)
                            : date(QString::fromUtf8(*plain));
            return;
        }
        QString text;
        if (readText(&text, false))
            *target = date(text);
    };

    // About 280 bytes a group: reserving up front keeps a page from growing by doubling.
    result.items.reserve(std::min<qsizetype>(body.size() / 200, 100000));
    bool sawItems = false;
    bool anonymousItem = false;
    std::optional<double> total;
    if (!reader.expect('{'))
        return result.problem = u"not a JSON object"_s, result;
    bool first = true;
    QByteArrayView key;
    while (reader.nextKey(&key, &first)) {
        if (key == "items" && reader.consume('[')) {
            sawItems = true;
            bool firstItem = true;
            while (reader.nextElement(&firstItem)) {
                if (!reader.expect('{'))
                    break;
                KpiGroup group;
                bool firstField = true;
                QByteArrayView field;
                while (reader.nextKey(&field, &firstField)) {
                    if (field == "id") {
                        readText(&group.id, false);
                    } else if (field == "name") {
                        readText(&group.name, false);
                    } else if (field == "accountId") {
                        readText(&group.accountId, true);
                    } else if (field == "createdById") {
                        readText(&group.createdById, true);
                    } else if (field == "modifiedById") {
                        readText(&group.modifiedById, true);
                    } else if (field == "dateCreated") {
                        readDate(&group.dateCreated);
                    } else if (field == "dateUpdated") {
                        readDate(&group.dateUpdated);
                    } else if (field == "favorite") {
                        const std::optional<bool> favorite = reader.readBool();
                        if (favorite)
                            group.favorite = *favorite;
                        else
                            reader.skipValue();
                    } else {
                        reader.skipValue();
                    }
                }
                anonymousItem = anonymousItem || group.id.isEmpty();
                result.items.append(std::move(group));
            }
        } else if (key == "totalCount" && (total = reader.readNumber())) {
            continue;
        } else {
            reader.skipValue();
        }
    }
    if (reader.failed() || !reader.atEnd())
        result.problem = u"not JSON"_s;
    else if (!sawItems)
        result.problem = u"no items array"_s;
    else if (anonymousItem)
        result.problem = u"an item without an id"_s;
    if (!result.problem.isEmpty()) {
        result.items.clear();
        return result;
    }
    if (!total) {
        result.totalCount = result.items.size();
    } else if (!readCount(total, &result)) {
        result.items.clear();
    }
    return result;
}

Page<Kpi> kpiPage(const QByteArray &body)
{
    return page<Kpi>(body, [](const QJsonObject &o) { return kpi(o); });
}

std::optional<QHash<QString, QString>> userNames(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    QJsonArray people;
    if (document.isArray()) {
        people = document.array();
    } else if (document.isObject()) {
        const QJsonObject root = document.object();
        const QJsonValue list =
            root.contains("items"_L1) ? root.value("items"_L1) : root.value("users"_L1);
        if (!list.isArray())
            return std::nullopt;
        people = list.toArray();
    } else {
        return std::nullopt;
    }
    QHash<QString, QString> names;
    for (const QJsonValue &value : std::as_const(people)) {
        const QJsonObject person = value.toObject();
        QString id = person.value("id"_L1).toString();
        if (id.isEmpty())
            id = person.value("_id"_L1).toString();
        if (id.isEmpty())
            continue;
        QString name = person.value("displayName"_L1).toString().simplified();
        if (name.isEmpty())
            name = QString(person.value("firstName"_L1).toString() + u' ' +
                           person.value("lastName"_L1).toString())
                       .simplified();
        if (name.isEmpty())
            name = person.value("email"_L1).toString().simplified();
        if (!name.isEmpty())
            names.insert(id, name);
    }
    return names;
}

bool isEmptyOrObject(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return true;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && document.isObject();
}

} // namespace ApiJson

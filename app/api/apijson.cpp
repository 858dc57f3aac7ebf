#include "apijson.h"

#include "apitext.h"
#include "jsonreader.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QVarLengthArray>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;
using ApiText::apiDateMsecs;
using ApiText::isValidUtf8;

namespace ApiJson {

namespace {

// A count from the network, as a number of items, or -1 (unknown) when it cannot be one: a
// fraction, a negative, an infinity, more than any account holds. Never converted blindly
// (converting 1e300 is undefined behaviour); a listing does not depend on it.
qsizetype readCount(std::optional<double> count)
{
    constexpr double mostItems = 1e9;
    if (!count || !std::isfinite(*count) || *count < 0 || *count != std::floor(*count) ||
        *count > mostItems)
        return -1;
    return qsizetype(*count);
}

// The keys of one object, so that one given twice is seen: those the reader knows by a bit each,
// any other by its text.
class Keys
{
public:
    bool addKnown(quint32 bit)
    {
        if (m_known & bit)
            return false;
        m_known |= bit;
        return true;
    }
    bool addOther(QByteArrayView key)
    {
        if (!m_many.isEmpty() || m_few.size() == fewKeys) {
            if (m_many.isEmpty())
                m_many = QSet<QByteArrayView>(m_few.cbegin(), m_few.cend());
            const qsizetype before = m_many.size();
            m_many.insert(key);
            return m_many.size() > before;
        }
        if (m_few.contains(key))
            return false;
        m_few.append(key);
        return true;
    }

    // The keys the reader knows that were given, a bit each.
    quint32 known() const { return m_known; }

private:
    static constexpr qsizetype fewKeys = 16;
    quint32 m_known = 0;
    QVarLengthArray<QByteArrayView, fewKeys> m_few;
    QSet<QByteArrayView> m_many;
};

// One body, read by the rules in apijson.h. `problem` is the first reason it is refused; once
// there is one, the reader stops.
class Reader
{
public:
    explicit Reader(QByteArrayView body)
        : json(body)
    {}

    JsonReader json;
    QString problem;

    bool refuse(const QString &why)
    {
        if (problem.isEmpty())
            problem = why;
        return json.fail();
    }
    bool once(Keys *keys, quint32 bit, QByteArrayView key)
    {
        return keys->addKnown(bit) || refuse(duplicate(key));
    }
    bool onceOther(Keys *keys, QByteArrayView key)
    {
        return keys->addOther(key) || refuse(duplicate(key));
    }

    // Text for people: invalid UTF-8 becomes U+FFFD. Anything but a string leaves it empty.
    void text(QString *target)
    {
        if (std::optional<QString> text = json.readString())
            *target = std::move(*text);
        else
            json.skipValue();
    }

    // An id: invalid UTF-8 refuses the body (no id has any). Anything but a string leaves it
    // empty. `shared`: the same id is one QString however often it comes.
    void id(QString *target, bool shared)
    {
        if (const std::optional<QByteArrayView> plain = json.readPlainString()) {
            if (!shared) {
                if (!isValidUtf8(*plain))
                    return void(refuse(invalidId()));
                *target = QString::fromUtf8(*plain);
                return;
            }
            auto it = m_interned.constFind(*plain);
            if (it == m_interned.cend()) {
                if (!isValidUtf8(*plain))
                    return void(refuse(invalidId()));
                it = m_interned.insert(*plain, QString::fromUtf8(*plain));
            }
            *target = *it;
            return;
        }
        if (json.peek() != '"')
            return void(json.skipValue());
        if (const std::optional<QByteArray> bytes = json.readStringBytes()) {
            if (!isValidUtf8(*bytes))
                return void(refuse(invalidId()));
            *target = QString::fromUtf8(*bytes);
        }
    }

    void date(QDateTime *target)
    {
        if (const std::optional<QByteArrayView> plain = json.readPlainString()) {
            const std::optional<qint64> msecs = apiDateMsecs(*plain);
            *target = msecs ? QDateTime::fromMSecsSinceEpoch(*msecs, Qt::UTC)
                            : ApiJson::date(QString::fromUtf8(*plain));
            return;
        }
        QString text;
        this->text(&text);
        if (!text.isEmpty())
            *target = ApiJson::date(text);
    }

    void flag(bool *target)
    {
        if (const std::optional<bool> value = json.readBool())
            *target = *value;
        else
            json.skipValue();
    }

    // The end of the body: nothing may follow the value.
    bool finish()
    {
        if (problem.isEmpty() && (json.failed() || !json.atEnd()))
            problem = u"not JSON"_s;
        return problem.isEmpty();
    }

private:
    static QString duplicate(QByteArrayView key)
    {
        return u"the key \"%1\" twice in one object"_s.arg(QString::fromUtf8(key));
    }
    static QString invalidId() { return u"an id that is not UTF-8"_s; }

    QHash<QByteArrayView, QString> m_interned;
};

// The fields of a group, a bit each.
namespace GroupBit {
enum : quint32
{
    Id = 1,
    Name = 2,
    AccountId = 4,
    CreatedById = 8,
    ModifiedById = 16,
    DateCreated = 32,
    DateUpdated = 64,
    Favorite = 128,
    EveryField = 255
};
} // namespace GroupBit

// One group object, '{' to '}'. False when it is not an object (the body is then refused).
// `given`: the fields it gave.
bool readGroup(Reader &r, KpiGroup *group, quint32 *given)
{
    if (!r.json.expect('{'))
        return false;
    Keys keys;
    bool first = true;
    QByteArrayView key;
    while (r.json.nextKey(&key, &first)) {
        if (key == "id") {
            if (r.once(&keys, GroupBit::Id, key))
                r.id(&group->id, false);
        } else if (key == "name") {
            if (r.once(&keys, GroupBit::Name, key))
                r.text(&group->name);
        } else if (key == "accountId") {
            if (r.once(&keys, GroupBit::AccountId, key))
                r.id(&group->accountId, true);
        } else if (key == "createdById") {
            if (r.once(&keys, GroupBit::CreatedById, key))
                r.id(&group->createdById, true);
        } else if (key == "modifiedById") {
            if (r.once(&keys, GroupBit::ModifiedById, key))
                r.id(&group->modifiedById, true);
        } else if (key == "dateCreated") {
            if (r.once(&keys, GroupBit::DateCreated, key))
                r.date(&group->dateCreated);
        } else if (key == "dateUpdated") {
            if (r.once(&keys, GroupBit::DateUpdated, key))
                r.date(&group->dateUpdated);
        } else if (key == "favorite") {
            if (r.once(&keys, GroupBit::Favorite, key))
                r.flag(&group->favorite);
        } else if (r.onceOther(&keys, key)) {
            r.json.skipValue();
        }
    }
    if (given)
        *given = keys.known();
    return !r.json.failed();
}

bool readGroup(Reader &r, KpiGroup *group)
{
    return readGroup(r, group, nullptr);
}

// A group as a stamp: its id, dateUpdated and favorite as far as given, and the group itself
// when every field was.
bool readStamp(Reader &r, GroupStamp *stamp)
{
    KpiGroup group;
    quint32 given = 0;
    if (!readGroup(r, &group, &given))
        return false;
    stamp->id = group.id;
    stamp->dateUpdated = group.dateUpdated;
    if (given & GroupBit::Favorite)
        stamp->favorite = group.favorite;
    if ((given & GroupBit::EveryField) == GroupBit::EveryField)
        stamp->whole = std::make_shared<const KpiGroup>(std::move(group));
    return true;
}

// One KPI object, '{' to '}'. Of `groupIds`, only the strings are taken.
bool readKpi(Reader &r, Kpi *kpi)
{
    enum : quint32
    {
        Id = 1,
        Name = 2,
        Description = 4,
        OwnerId = 8,
        GroupIds = 16
    };
    if (!r.json.expect('{'))
        return false;
    Keys keys;
    bool first = true;
    QByteArrayView key;
    while (r.json.nextKey(&key, &first)) {
        if (key == "id") {
            if (r.once(&keys, Id, key))
                r.id(&kpi->id, false);
        } else if (key == "name") {
            if (r.once(&keys, Name, key))
                r.text(&kpi->name);
        } else if (key == "description") {
            if (r.once(&keys, Description, key))
                r.text(&kpi->description);
        } else if (key == "ownerId") {
            if (r.once(&keys, OwnerId, key))
                r.id(&kpi->ownerId, true);
        } else if (key == "groupIds") {
            if (!r.once(&keys, GroupIds, key))
                continue;
            if (!r.json.consume('[')) {
                r.json.skipValue();
                continue;
            }
            kpi->groupIdsGiven = true;
            bool firstId = true;
            while (r.json.nextElement(&firstId)) {
                if (r.json.peek() != '"') {
                    r.json.skipValue();
                    continue;
                }
                QString groupId;
                r.id(&groupId, true);
                kpi->groupIds.append(std::move(groupId));
            }
        } else if (r.onceOther(&keys, key)) {
            r.json.skipValue();
        }
    }
    return !r.json.failed();
}

// A page, {"items":[...],"totalCount":n}, its items read by `readItem`.
template<typename T, bool (*readItem)(Reader &, T *)>
Page<T> readPage(const QByteArray &body, qsizetype itemBytes)
{
    enum : quint32
    {
        Items = 1,
        TotalCount = 2
    };
    Page<T> result;
    Reader r(body);
    // Reserved up front from the body's size, so that a page does not grow by doubling.
    result.items.reserve(std::min<qsizetype>(body.size() / itemBytes, 100000));
    bool sawItems = false;
    bool anonymousItem = false;
    std::optional<double> total;
    if (!r.json.expect('{'))
        return result.problem = u"not a JSON object"_s, result;
    Keys keys;
    bool first = true;
    QByteArrayView key;
    while (r.json.nextKey(&key, &first)) {
        if (key == "items") {
            if (!r.once(&keys, Items, key))
                break;
            if (!r.json.consume('[')) {
                r.json.skipValue();
                continue;
            }
            sawItems = true;
            bool firstItem = true;
            while (r.json.nextElement(&firstItem)) {
                T item;
                if (!readItem(r, &item))
                    break;
                anonymousItem = anonymousItem || item.id.isEmpty();
                result.items.append(std::move(item));
            }
        } else if (key == "totalCount") {
            if (!r.once(&keys, TotalCount, key))
                break;
            if (!(total = r.json.readNumber()))
                r.json.skipValue();
        } else if (r.onceOther(&keys, key)) {
            r.json.skipValue();
        }
    }
    if (!r.finish())
        result.problem = r.problem;
    else if (!sawItems)
        result.problem = u"no items array"_s;
    else if (anonymousItem)
        result.problem = u"an item without an id"_s;
    if (!result.problem.isEmpty()) {
        result.items = {};
        return result;
    }
    result.totalCount = readCount(total);
    return result;
}

// A name for one line: at most maxPersonNameLength characters, the last an ellipsis when cut.
QString shortened(QString name)
{
    if (name.size() <= maxPersonNameLength)
        return name;
    qsizetype keep = maxPersonNameLength - 1;
    if (name.at(keep - 1).isHighSurrogate())
        --keep; // not half of a character
    name.truncate(keep);
    return name + u'\u2026';
}

// One person, '{' to '}': the id, and the name to show (empty when there is none). Anything but
// an object is skipped and leaves both empty.
bool readPerson(Reader &r, QString *id, QString *name)
{
    enum : quint32
    {
        Id = 1,
        UnderscoreId = 2,
        DisplayName = 4,
        FirstName = 8,
        LastName = 16,
        Email = 32
    };
    if (r.json.peek() != '{')
        return r.json.skipValue();
    r.json.expect('{');
    QString underscoreId, displayName, firstName, lastName, email;
    Keys keys;
    bool first = true;
    QByteArrayView key;
    while (r.json.nextKey(&key, &first)) {
        if (key == "id") {
            if (r.once(&keys, Id, key))
                r.id(id, false);
        } else if (key == "_id") {
            if (r.once(&keys, UnderscoreId, key))
                r.id(&underscoreId, false);
        } else if (key == "displayName") {
            if (r.once(&keys, DisplayName, key))
                r.text(&displayName);
        } else if (key == "firstName") {
            if (r.once(&keys, FirstName, key))
                r.text(&firstName);
        } else if (key == "lastName") {
            if (r.once(&keys, LastName, key))
                r.text(&lastName);
        } else if (key == "email") {
            if (r.once(&keys, Email, key))
                r.text(&email);
        } else if (r.onceOther(&keys, key)) {
            r.json.skipValue();
        }
    }
    if (id->isEmpty())
        *id = std::move(underscoreId);
    *name = displayName.simplified();
    if (name->isEmpty())
        *name = QString(firstName + u' ' + lastName).simplified();
    if (name->isEmpty())
        *name = email.simplified();
    *name = shortened(std::move(*name));
    return !r.json.failed();
}

// An array of people, by id; those without an id or a name are left out. Empty when the value is
// not an array (it is skipped).
std::optional<QHash<QString, QString>> readPeople(Reader &r)
{
    if (!r.json.consume('[')) {
        r.json.skipValue();
        return std::nullopt;
    }
    QHash<QString, QString> names;
    bool first = true;
    while (r.json.nextElement(&first)) {
        QString id;
        QString name;
        if (!readPerson(r, &id, &name))
            break;
        if (!id.isEmpty() && !name.isEmpty())
            names.insert(std::move(id), std::move(name));
    }
    return names;
}

} // namespace

QDateTime date(QStringView text)
{
    if (const std::optional<qint64> msecs = apiDateMsecs(text))
        return QDateTime::fromMSecsSinceEpoch(*msecs, Qt::UTC);
    return QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
}

std::optional<KpiGroup> group(const QByteArray &body)
{
    Reader r(body);
    KpiGroup group;
    if (!readGroup(r, &group, nullptr) || !r.finish() || group.id.isEmpty())
        return std::nullopt;
    return group;
}

Page<KpiGroup> groupPage(const QByteArray &body)
{
    // About 280 bytes a group.
    return readPage<KpiGroup, readGroup>(body, 200);
}

Page<GroupStamp> groupStampPage(const QByteArray &body)
{
    // About 75 bytes a stamp of id and dateUpdated.
    return readPage<GroupStamp, readStamp>(body, 60);
}

Page<Kpi> kpiPage(const QByteArray &body)
{
    return readPage<Kpi, readKpi>(body, 100);
}

std::optional<QHash<QString, QString>> userNames(const QByteArray &body)
{
    enum : quint32
    {
        Items = 1,
        Users = 2
    };
    Reader r(body);
    std::optional<QHash<QString, QString>> items;
    std::optional<QHash<QString, QString>> users;
    bool itemsGiven = false;
    if (r.json.peek() == '[') {
        items = readPeople(r);
        itemsGiven = true;
    } else if (r.json.expect('{')) {
        Keys keys;
        bool first = true;
        QByteArrayView key;
        while (r.json.nextKey(&key, &first)) {
            if (key == "items") {
                if (r.once(&keys, Items, key)) {
                    itemsGiven = true;
                    items = readPeople(r);
                }
            } else if (key == "users") {
                if (r.once(&keys, Users, key))
                    users = readPeople(r);
            } else if (r.onceOther(&keys, key)) {
                r.json.skipValue();
            }
        }
    }
    if (!r.finish())
        return std::nullopt;
    return itemsGiven ? items : users;
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

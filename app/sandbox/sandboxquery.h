#pragma once

#include "sandboxerror.h"

#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QStringList>
#include <QUrlQuery>
#include <optional>

// The fields a list request may filter, sort or project on.
enum class SandboxField
{
    Id,
    AccountId,
    Name,
    CreatedById,
    ModifiedById,
    DateCreated,
    DateUpdated,
    Favorite,
    Description,
    OwnerId,
    GroupIds,
    FirstName,
    LastName,
    Email,
};

enum class SandboxCollection
{
    Groups,
    Kpis,
    Users
};

// One field of one record, as the query engine sees it. Strings are borrowed from the record.
struct SandboxValue
{
    enum class Type
    {
        Bool,
        String,
        Date,
        StringList
    } type = Type::String;
    bool boolean = false;
    qint64 date = 0;
    const QString *string = nullptr;
    const QStringList *list = nullptr;

    static SandboxValue ofBool(bool b) { return {Type::Bool, b, 0, nullptr, nullptr}; }
    static SandboxValue ofDate(qint64 ms) { return {Type::Date, false, ms, nullptr, nullptr}; }
    static SandboxValue ofString(const QString &s) { return {Type::String, false, 0, &s, nullptr}; }
    static SandboxValue ofList(const QStringList &l)
    {
        return {Type::StringList, false, 0, nullptr, &l};
    }
};

// A parsed Mongo-style filter: the subset a client needs (equality, $eq, $ne, $in, $nin,
// $gt, $gte, $lt, $lte on dates and strings, $regex with $options, $and, $or). Anything else is
// rejected when parsed, never ignored.
class SandboxFilter
{
public:
    struct Node
    {
        enum class Kind
        {
            MatchAll,
            And,
            Or,
            Eq,
            Ne,
            In,
            NotIn,
            Regex,
            Greater,
            GreaterOrEqual,
            Less,
            LessOrEqual
        } kind = Kind::MatchAll;
        SandboxField field = SandboxField::Id;
        QList<Node> children;
        QJsonValue literal;
        QList<QJsonValue> literals;
        QRegularExpression regex;
        // The bound of a comparison ($gt, …): a date field's in milliseconds since the epoch,
        // any other field's as text.
        qint64 boundDate = 0;
        QString boundText;
    };

    static SandboxFilter parse(const QString &text, SandboxCollection collection,
                               SandboxError *error);

    bool isEmpty() const { return m_root.kind == Node::Kind::MatchAll; }
    bool usesField(SandboxField field) const;
    // The ids a filter of ids alone ({"id":"…"}, {"id":{"$in":[…]}}) asks for, which a store
    // finds by its index, as a database would, rather than by reading every record.
    std::optional<QStringList> idsOnly() const;

    template<typename ValueOf>
    bool matches(const ValueOf &valueOf) const
    {
        return matchesNode(m_root, valueOf);
    }

private:
    template<typename ValueOf>
    static bool matchesNode(const Node &node, const ValueOf &valueOf)
    {
        switch (node.kind) {
        case Node::Kind::MatchAll:
            return true;
        case Node::Kind::And:
            for (const Node &child : node.children)
                if (!matchesNode(child, valueOf))
                    return false;
            return true;
        case Node::Kind::Or:
            for (const Node &child : node.children)
                if (matchesNode(child, valueOf))
                    return true;
            return false;
        case Node::Kind::Eq:
            return equals(valueOf(node.field), node.literal);
        case Node::Kind::Ne:
            return !equals(valueOf(node.field), node.literal);
        case Node::Kind::In:
        case Node::Kind::NotIn: {
            const SandboxValue value = valueOf(node.field);
            bool found = false;
            for (const QJsonValue &literal : node.literals)
                if ((found = equals(value, literal)))
                    break;
            return found == (node.kind == Node::Kind::In);
        }
        case Node::Kind::Regex:
            return matchesRegex(valueOf(node.field), node.regex);
        case Node::Kind::Greater:
        case Node::Kind::GreaterOrEqual:
        case Node::Kind::Less:
        case Node::Kind::LessOrEqual:
            return inRange(node, valueOf(node.field));
        }
        return false;
    }

    static bool equals(const SandboxValue &value, const QJsonValue &literal);
    static bool matchesRegex(const SandboxValue &value, const QRegularExpression &regex);
    static bool inRange(const Node &node, const SandboxValue &value);

    Node m_root;
};

struct SandboxSortKey
{
    SandboxField field;
    bool descending = false;
};

// Everything a list request asks for: filter, sort, projection and paging.
struct SandboxListQuery
{
    QString filterText; // as sent, also the cache key
    QString sortText;
    SandboxFilter filter;
    QList<SandboxSortKey> sort;
    QList<SandboxField> fields; // empty: every field
    qsizetype skip = 0;
    std::optional<qsizetype> take;

    static SandboxListQuery parse(const QUrlQuery &query, SandboxCollection collection,
                                  qsizetype maxPageSize, SandboxError *error);
    bool includes(SandboxField field) const { return fields.isEmpty() || fields.contains(field); }
};

// Field names as the API spells them.
std::optional<SandboxField> sandboxFieldFromName(QStringView name, SandboxCollection collection);
QLatin1StringView sandboxFieldName(SandboxField field);

// Three-way comparison of two values of the same field, for sorting.
int sandboxCompare(const SandboxValue &a, const SandboxValue &b);

// Accepts Mongo shell style keys ({name:{$regex:"^S"}}) by quoting bare keys before parsing.
QByteArray sandboxQuoteBareKeys(const QByteArray &text);

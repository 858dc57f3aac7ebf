#include "sandboxquery.h"

#include "sandboxjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace {

struct FieldName
{
    QLatin1StringView name;
    SandboxField field;
    bool inGroups;
    bool inKpis;
    bool inUsers;
};

constexpr FieldName fieldNames[] = {
    {"id"_L1, SandboxField::Id, true, true, true},
    {"accountId"_L1, SandboxField::AccountId, true, true, true},
    {"name"_L1, SandboxField::Name, true, true, false},
    {"createdById"_L1, SandboxField::CreatedById, true, false, false},
    {"modifiedById"_L1, SandboxField::ModifiedById, true, false, false},
    {"dateCreated"_L1, SandboxField::DateCreated, true, false, false},
    {"dateUpdated"_L1, SandboxField::DateUpdated, true, false, false},
    {"favorite"_L1, SandboxField::Favorite, true, false, false},
    {"description"_L1, SandboxField::Description, false, true, false},
    {"ownerId"_L1, SandboxField::OwnerId, false, true, false},
    {"groupIds"_L1, SandboxField::GroupIds, false, true, false},
    {"firstName"_L1, SandboxField::FirstName, false, false, true},
    {"lastName"_L1, SandboxField::LastName, false, false, true},
    {"email"_L1, SandboxField::Email, false, false, true},
};

SandboxError badRequest(const QString &message)
{
    return {400, message};
}

using Node = SandboxFilter::Node;

std::optional<Node> parseDocument(const QJsonObject &object, SandboxCollection collection,
                                  SandboxError *error);

std::optional<Node> parseLogical(Node::Kind kind, const QString &op, const QJsonValue &value,
                                 SandboxCollection collection, SandboxError *error)
{
    if (!value.isArray() || value.toArray().isEmpty()) {
        *error = badRequest(u"%1 needs a non-empty array of conditions"_s.arg(op));
        return std::nullopt;
    }
    Node node;
    node.kind = kind;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isObject()) {
            *error = badRequest(u"%1 needs a non-empty array of conditions"_s.arg(op));
            return std::nullopt;
        }
        std::optional<Node> child = parseDocument(item.toObject(), collection, error);
        if (!child)
            return std::nullopt;
        node.children.append(std::move(*child));
    }
    return node;
}

bool isScalar(const QJsonValue &value)
{
    return value.isString() || value.isBool() || value.isDouble() || value.isNull();
}

std::optional<Node> parseOperators(SandboxField field, const QJsonObject &operators,
                                   SandboxError *error)
{
    Node all;
    all.kind = Node::Kind::And;
    QString regexOptions = operators.value("$options"_L1).toString();
    for (auto it = operators.begin(); it != operators.end(); ++it) {
        const QString op = it.key();
        const QJsonValue value = it.value();
        Node node;
        node.field = field;
        if (op == "$eq"_L1 || op == "$ne"_L1) {
            node.kind = op == "$eq"_L1 ? Node::Kind::Eq : Node::Kind::Ne;
            node.literal = value;
        } else if (op == "$in"_L1 || op == "$nin"_L1) {
            if (!value.isArray()) {
                *error = badRequest(u"%1 needs an array"_s.arg(op));
                return std::nullopt;
            }
            node.kind = op == "$in"_L1 ? Node::Kind::In : Node::Kind::NotIn;
            for (const QJsonValue &literal : value.toArray()) {
                if (!isScalar(literal)) {
                    *error = badRequest(u"%1 takes only plain values"_s.arg(op));
                    return std::nullopt;
                }
                node.literals.append(literal);
            }
        } else if (op == "$gt"_L1 || op == "$gte"_L1 || op == "$lt"_L1 || op == "$lte"_L1) {
            node.kind = op == "$gt"_L1    ? Node::Kind::Greater
                        : op == "$gte"_L1 ? Node::Kind::GreaterOrEqual
                        : op == "$lt"_L1  ? Node::Kind::Less
                                          : Node::Kind::LessOrEqual;
            const QString name = sandboxFieldName(field);
            if (field == SandboxField::Favorite || field == SandboxField::GroupIds) {
                *error = badRequest(u"%1 cannot compare '%2'"_s.arg(op, name));
                return std::nullopt;
            }
            if (!value.isString()) {
                *error = badRequest(u"%1 on '%2' needs a string"_s.arg(op, name));
                return std::nullopt;
            }
            node.boundText = value.toString();
            if (field == SandboxField::DateCreated || field == SandboxField::DateUpdated) {
                node.boundDate = sandboxParseIsoDate(node.boundText);
                if (node.boundDate == -1) {
                    *error = badRequest(u"%1 on '%2' needs a date, such as "
                                        u"2024-03-01T10:15:30.123Z"_s.arg(op, name));
                    return std::nullopt;
                }
            }
        } else if (op == "$regex"_L1) {
            if (!value.isString()) {
                *error = badRequest(u"$regex needs a string"_s);
                return std::nullopt;
            }
            QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
            for (QChar c : std::as_const(regexOptions)) {
                if (c == u'i')
                    options |= QRegularExpression::CaseInsensitiveOption;
                else if (c == u'm')
                    options |= QRegularExpression::MultilineOption;
                else if (c == u's')
                    options |= QRegularExpression::DotMatchesEverythingOption;
                else if (c == u'x')
                    options |= QRegularExpression::ExtendedPatternSyntaxOption;
                else {
                    *error = badRequest(u"Unsupported $regex option '%1'"_s.arg(c));
                    return std::nullopt;
                }
            }
            node.kind = Node::Kind::Regex;
            node.regex = QRegularExpression(value.toString(), options);
            if (!node.regex.isValid()) {
                *error = badRequest(u"Invalid $regex: %1"_s.arg(node.regex.errorString()));
                return std::nullopt;
            }
        } else if (op == "$options"_L1) {
            if (!operators.contains("$regex"_L1)) {
                *error = badRequest(u"$options needs $regex"_s);
                return std::nullopt;
            }
            continue;
        } else {
            *error = badRequest(u"Unsupported filter operator '%1'"_s.arg(op));
            return std::nullopt;
        }
        all.children.append(std::move(node));
    }
    if (all.children.size() == 1)
        return all.children.takeFirst();
    return all;
}

bool isOperatorObject(const QJsonValue &value)
{
    const QStringList keys = value.toObject().keys();
    return std::any_of(keys.begin(), keys.end(),
                       [](const QString &key) { return key.startsWith(u'$'); });
}

std::optional<Node> parseDocument(const QJsonObject &object, SandboxCollection collection,
                                  SandboxError *error)
{
    Node all;
    all.kind = Node::Kind::And;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        std::optional<Node> node;
        if (key == "$and"_L1) {
            node = parseLogical(Node::Kind::And, key, value, collection, error);
        } else if (key == "$or"_L1) {
            node = parseLogical(Node::Kind::Or, key, value, collection, error);
        } else if (key.startsWith(u'$')) {
            *error = badRequest(u"Unsupported filter operator '%1'"_s.arg(key));
            return std::nullopt;
        } else {
            const std::optional<SandboxField> field = sandboxFieldFromName(key, collection);
            if (!field) {
                *error = badRequest(u"Unknown field '%1' in filter"_s.arg(key));
                return std::nullopt;
            }
            if (isOperatorObject(value)) {
                node = parseOperators(*field, value.toObject(), error);
            } else if (isScalar(value) || value.isArray()) {
                Node eq;
                eq.kind = Node::Kind::Eq;
                eq.field = *field;
                eq.literal = value;
                node = std::move(eq);
            } else {
                *error = badRequest(u"Unsupported condition on '%1'"_s.arg(key));
                return std::nullopt;
            }
        }
        if (!node)
            return std::nullopt;
        all.children.append(std::move(*node));
    }
    if (all.children.isEmpty())
        return Node{};
    if (all.children.size() == 1)
        return all.children.takeFirst();
    return all;
}

bool nodeUsesField(const Node &node, SandboxField field)
{
    if (node.kind == Node::Kind::And || node.kind == Node::Kind::Or) {
        return std::any_of(node.children.begin(), node.children.end(),
                           [field](const Node &child) { return nodeUsesField(child, field); });
    }
    return node.kind != Node::Kind::MatchAll && node.field == field;
}

bool parseCount(const QUrlQuery &query, const QString &name, qsizetype *out, SandboxError *error)
{
    if (!query.hasQueryItem(name))
        return true;
    bool ok = false;
    const qlonglong value = query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < 0) {
        *error = badRequest(u"'%1' must be a whole number of at least 0"_s.arg(name));
        return false;
    }
    *out = qsizetype(value);
    return true;
}

} // namespace

std::optional<SandboxField> sandboxFieldFromName(QStringView name, SandboxCollection collection)
{
    if (name == u"_id")
        return SandboxField::Id;
    for (const FieldName &entry : fieldNames) {
        const bool available = collection == SandboxCollection::Groups ? entry.inGroups
                               : collection == SandboxCollection::Kpis ? entry.inKpis
                                                                       : entry.inUsers;
        if (available && name == entry.name)
            return entry.field;
    }
    return std::nullopt;
}

QLatin1StringView sandboxFieldName(SandboxField field)
{
    for (const FieldName &entry : fieldNames)
        if (entry.field == field)
            return entry.name;
    return {};
}

QByteArray sandboxQuoteBareKeys(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + 16);
    const auto isKeyChar = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '$' || c == '.';
    };
    char lastSignificant = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '"') {
            const qsizetype start = i++;
            while (i < text.size() && text.at(i) != '"')
                i += text.at(i) == '\\' ? 2 : 1;
            out.append(text.mid(start, i - start + 1));
            lastSignificant = '"';
            continue;
        }
        if ((lastSignificant == '{' || lastSignificant == ',') && isKeyChar(c)) {
            qsizetype end = i;
            while (end < text.size() && isKeyChar(text.at(end)))
                ++end;
            qsizetype next = end;
            while (next < text.size() && QChar::isSpace(uchar(text.at(next))))
                ++next;
            if (next < text.size() && text.at(next) == ':') {
                out.append('"').append(text.mid(i, end - i)).append('"');
                i = end - 1;
                lastSignificant = '"';
                continue;
            }
        }
        out.append(c);
        if (!QChar::isSpace(uchar(c)))
            lastSignificant = c;
    }
    return out;
}

SandboxFilter SandboxFilter::parse(const QString &text, SandboxCollection collection,
                                   SandboxError *error)
{
    SandboxFilter filter;
    if (text.trimmed().isEmpty())
        return filter;
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(sandboxQuoteBareKeys(text.toUtf8()), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = badRequest(u"'filter' must be a JSON object"_s);
        return filter;
    }
    std::optional<Node> root = parseDocument(document.object(), collection, error);
    if (root)
        filter.m_root = std::move(*root);
    return filter;
}

bool SandboxFilter::usesField(SandboxField field) const
{
    return nodeUsesField(m_root, field);
}

std::optional<QStringList> SandboxFilter::idsOnly() const
{
    if (m_root.field != SandboxField::Id ||
        (m_root.kind != Node::Kind::Eq && m_root.kind != Node::Kind::In))
        return std::nullopt;
    const QList<QJsonValue> literals =
        m_root.kind == Node::Kind::Eq ? QList<QJsonValue>{m_root.literal} : m_root.literals;
    QStringList ids;
    for (const QJsonValue &literal : literals) {
        if (!literal.isString())
            return std::nullopt;
        ids.append(literal.toString());
    }
    return ids;
}

bool SandboxFilter::equals(const SandboxValue &value, const QJsonValue &literal)
{
    switch (value.type) {
    case SandboxValue::Type::Bool:
        return literal.isBool() && literal.toBool() == value.boolean;
    case SandboxValue::Type::String:
        return literal.isString() && literal.toString() == *value.string;
    case SandboxValue::Type::Date:
        return literal.isString() && sandboxParseIsoDate(literal.toString()) == value.date;
    case SandboxValue::Type::StringList:
        if (literal.isString())
            return value.list->contains(literal.toString());
        if (literal.isArray()) {
            const QJsonArray array = literal.toArray();
            if (array.size() != value.list->size())
                return false;
            for (qsizetype i = 0; i < array.size(); ++i)
                if (array.at(i).toString() != value.list->at(i))
                    return false;
            return true;
        }
        return false;
    }
    return false;
}

bool SandboxFilter::matchesRegex(const SandboxValue &value, const QRegularExpression &regex)
{
    switch (value.type) {
    case SandboxValue::Type::String:
        return regex.match(*value.string).hasMatch();
    case SandboxValue::Type::StringList:
        return std::any_of(value.list->begin(), value.list->end(),
                           [&](const QString &s) { return regex.match(s).hasMatch(); });
    case SandboxValue::Type::Bool:
    case SandboxValue::Type::Date:
        return false;
    }
    return false;
}

bool SandboxFilter::inRange(const Node &node, const SandboxValue &value)
{
    int order = 0;
    switch (value.type) {
    case SandboxValue::Type::Date:
        order = value.date < node.boundDate ? -1 : (value.date > node.boundDate ? 1 : 0);
        break;
    case SandboxValue::Type::String:
        order = value.string->compare(node.boundText);
        break;
    case SandboxValue::Type::Bool:
    case SandboxValue::Type::StringList:
        return false; // refused when parsed
    }
    switch (node.kind) {
    case Node::Kind::Greater:
        return order > 0;
    case Node::Kind::GreaterOrEqual:
        return order >= 0;
    case Node::Kind::Less:
        return order < 0;
    case Node::Kind::LessOrEqual:
        return order <= 0;
    default:
        return false;
    }
}

int sandboxCompare(const SandboxValue &a, const SandboxValue &b)
{
    switch (a.type) {
    case SandboxValue::Type::Bool:
        return int(a.boolean) - int(b.boolean);
    case SandboxValue::Type::Date:
        return a.date < b.date ? -1 : (a.date > b.date ? 1 : 0);
    case SandboxValue::Type::String:
        return a.string->compare(*b.string);
    case SandboxValue::Type::StringList:
        return 0;
    }
    return 0;
}

SandboxListQuery SandboxListQuery::parse(const QUrlQuery &query, SandboxCollection collection,
                                         qsizetype maxPageSize, SandboxError *error)
{
    SandboxListQuery result;
    const auto value = [&](const QString &name) {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    };
    result.filterText = value(u"filter"_s);
    result.filter = SandboxFilter::parse(result.filterText, collection, error);
    if (error->isError())
        return result;

    result.sortText = value(u"sort"_s);
    for (QStringView part : QStringView(result.sortText).split(u',', Qt::SkipEmptyParts)) {
        part = part.trimmed();
        SandboxSortKey key;
        if (part.startsWith(u'-') || part.startsWith(u'+')) {
            key.descending = part.startsWith(u'-');
            part = part.mid(1);
        }
        const std::optional<SandboxField> field = sandboxFieldFromName(part, collection);
        if (!field || *field == SandboxField::GroupIds) {
            *error = badRequest(u"Cannot sort by '%1'"_s.arg(part));
            return result;
        }
        key.field = *field;
        result.sort.append(key);
    }

    const QString fields = value(u"fields"_s);
    for (QStringView part : QStringView(fields).split(u',', Qt::SkipEmptyParts)) {
        const std::optional<SandboxField> field = sandboxFieldFromName(part.trimmed(), collection);
        if (!field) {
            *error = badRequest(u"Unknown field '%1' in fields"_s.arg(part.trimmed()));
            return result;
        }
        if (!result.fields.contains(*field))
            result.fields.append(*field);
    }
    if (!result.fields.isEmpty() && !result.fields.contains(SandboxField::Id))
        result.fields.prepend(SandboxField::Id);

    if (!parseCount(query, u"skip"_s, &result.skip, error))
        return result;
    qsizetype take = 0;
    if (query.hasQueryItem(u"take"_s)) {
        if (!parseCount(query, u"take"_s, &take, error))
            return result;
        if (take > maxPageSize) {
            *error = badRequest(u"'take' may be at most %1"_s.arg(maxPageSize));
            return result;
        }
        result.take = take;
    }
    return result;
}

#include "groupcache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtEndian>
#include <array>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

// The file: a header, a table of the strings that repeat on every row (account and user ids),
// then one record a group with its own strings as UTF-8 and the others as indexes into the
// table. A third of the size of QDataStream's UTF-16, and read without a lookup a row.
constexpr quint32 magic = 0x4b504743; // "KPGC"
constexpr quint32 version = 2;
constexpr qint64 noDate = std::numeric_limits<qint64>::min();

qint64 msecs(const QDateTime &date)
{
    return date.isValid() ? date.toMSecsSinceEpoch() : noDate;
}

QDateTime date(qint64 msecs)
{
    return msecs == noDate ? QDateTime() : QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

// Writes to a file through a small buffer: never the whole file in memory, next to the list.
class Writer
{
public:
    explicit Writer(QIODevice *device)
        : m_device(device)
    {
        m_buffer.reserve(bufferSize);
    }
    template<typename T>
    void number(T value)
    {
        const T little = qToLittleEndian(value);
        m_buffer.append(reinterpret_cast<const char *>(&little), sizeof little);
        flushIfFull();
    }
    void text(const QString &value)
    {
        const QByteArray utf8 = value.toUtf8();
        number(quint32(utf8.size()));
        m_buffer.append(utf8);
        flushIfFull();
    }
    bool finish()
    {
        flush();
        return m_ok;
    }

private:
    static constexpr qsizetype bufferSize = 64 * 1024;
    void flushIfFull()
    {
        if (m_buffer.size() >= bufferSize)
            flush();
    }
    void flush()
    {
        m_ok = m_ok && m_device->write(m_buffer) == m_buffer.size();
        m_buffer.resize(0);
    }
    QIODevice *m_device;
    QByteArray m_buffer;
    bool m_ok = true;
};

// Reads what Writer wrote; any read past the end leaves it failed for good.
class Reader
{
public:
    explicit Reader(const QByteArray &bytes)
        : m_at(bytes.constData())
        , m_end(bytes.constData() + bytes.size())
    {}
    template<typename T>
    T number()
    {
        T value{};
        if (!take(sizeof value))
            return value;
        std::memcpy(&value, m_at - sizeof value, sizeof value);
        return qFromLittleEndian(value);
    }
    QString text()
    {
        const quint32 size = number<quint32>();
        if (!take(size))
            return {};
        return QString::fromUtf8(m_at - size, qsizetype(size));
    }
    bool failed() const { return m_failed; }
    bool atEnd() const { return m_at == m_end; }

private:
    bool take(qsizetype size)
    {
        if (m_failed || size < 0 || m_end - m_at < size) {
            m_failed = true;
            return false;
        }
        m_at += size;
        return true;
    }
    const char *m_at;
    const char *m_end;
    bool m_failed = false;
};

} // namespace

GroupCache::GroupCache(QString directory)
    : m_directory(directory.isEmpty()
                      ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                            u"/groups"_s
                      : std::move(directory))
{}

QString GroupCache::fileFor(const QString &connectionKey) const
{
    const QByteArray hash =
        QCryptographicHash::hash(connectionKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    return m_directory + u'/' + QString::fromLatin1(hash.left(32)) + u".cache"_s;
}

bool GroupCache::save(const QString &connectionKey, const QList<KpiGroup> &groups,
                      const QDateTime &savedAt) const
{
    if (!QDir().mkpath(m_directory))
        return false;
    QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    // The shared strings first, as the reader needs them before the rows.
    QHash<QString, quint32> shared;
    QStringList table;
    const auto indexOf = [&](const QString &text) {
        const auto it = shared.constFind(text);
        if (it != shared.cend())
            return *it;
        table.append(text);
        return *shared.insert(text, quint32(table.size() - 1));
    };
    QList<std::array<quint32, 3>> references;
    references.reserve(groups.size());
    for (const KpiGroup &group : groups)
        references.append(
            {indexOf(group.accountId), indexOf(group.createdById), indexOf(group.modifiedById)});

    QSaveFile file(fileFor(connectionKey));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    Writer out(&file);
    out.number(magic);
    out.number(version);
    out.text(connectionKey);
    out.number(savedAt.toMSecsSinceEpoch());
    out.number(qint64(groups.size()));
    out.number(quint32(table.size()));
    for (const QString &text : std::as_const(table))
        out.text(text);
    for (qsizetype row = 0; row < groups.size(); ++row) {
        const KpiGroup &group = groups.at(row);
        out.text(group.id);
        out.text(group.name);
        for (quint32 reference : references.at(row))
            out.number(reference);
        out.number(msecs(group.dateCreated));
        out.number(msecs(group.dateUpdated));
        out.number(quint8(group.favorite));
    }
    return out.finish() && file.commit();
}

std::optional<GroupCache::Entry> GroupCache::load(const QString &connectionKey) const
{
    QFile file(fileFor(connectionKey));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    // Mapped, not copied: the file's pages are the page cache's, not another 10 MB of ours.
    const qint64 size = file.size();
    uchar *mapped = size > 0 ? file.map(0, size) : nullptr;
    const QByteArray bytes =
        mapped ? QByteArray::fromRawData(reinterpret_cast<char *>(mapped), size) : file.readAll();
    return read(bytes, connectionKey);
}

std::optional<GroupCache::Entry> GroupCache::read(const QByteArray &bytes,
                                                  const QString &connectionKey)
{
    Reader in(bytes);
    if (in.number<quint32>() != magic || in.number<quint32>() != version ||
        in.text() != connectionKey)
        return std::nullopt;
    Entry entry;
    entry.savedAt = QDateTime::fromMSecsSinceEpoch(in.number<qint64>(), Qt::UTC);
    const qint64 count = in.number<qint64>();
    const quint32 tableSize = in.number<quint32>();
    // Each row takes more than 32 bytes: a count beyond that is damage, not a size to reserve.
    if (in.failed() || count < 0 || count > bytes.size() / 32 || tableSize > bytes.size())
        return std::nullopt;
    QStringList table;
    table.reserve(tableSize);
    for (quint32 i = 0; i < tableSize && !in.failed(); ++i)
        table.append(in.text());
    const auto shared = [&](quint32 index) {
        return index < quint32(table.size()) ? table.at(index) : QString();
    };
    entry.groups.reserve(count);
    for (qint64 i = 0; i < count && !in.failed(); ++i) {
        KpiGroup group;
        group.id = in.text();
        group.name = in.text();
        const quint32 account = in.number<quint32>();
        const quint32 creator = in.number<quint32>();
        const quint32 modifier = in.number<quint32>();
        if (account >= quint32(table.size()) || creator >= quint32(table.size()) ||
            modifier >= quint32(table.size()))
            return std::nullopt;
        group.accountId = shared(account);
        group.createdById = shared(creator);
        group.modifiedById = shared(modifier);
        group.dateCreated = date(in.number<qint64>());
        group.dateUpdated = date(in.number<qint64>());
        group.favorite = in.number<quint8>() != 0;
        entry.groups.append(std::move(group));
    }
    if (in.failed() || !in.atEnd())
        return std::nullopt; // truncated or damaged: as if there were none
    return entry;
}

void GroupCache::remove(const QString &connectionKey) const
{
    QFile::remove(fileFor(connectionKey));
}

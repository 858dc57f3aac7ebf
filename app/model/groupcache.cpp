#include "groupcache.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 magic = 0x4b504743; // "KPGC"
constexpr quint32 version = 1;
constexpr qint64 noDate = std::numeric_limits<qint64>::min();

qint64 msecs(const QDateTime &date)
{
    return date.isValid() ? date.toMSecsSinceEpoch() : noDate;
}

QDateTime date(qint64 msecs)
{
    return msecs == noDate ? QDateTime() : QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

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
    QSaveFile file(fileFor(connectionKey));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    QDataStream out(&file);
    out.setVersion(QDataStream::Qt_6_4);
    out << magic << version << connectionKey << savedAt.toMSecsSinceEpoch()
        << qint64(groups.size());
    for (const KpiGroup &group : groups) {
        out << group.id << group.accountId << group.name << group.createdById << group.modifiedById
            << msecs(group.dateCreated) << msecs(group.dateUpdated) << group.favorite;
    }
    return out.status() == QDataStream::Ok && file.commit();
}

std::optional<GroupCache::Entry> GroupCache::load(const QString &connectionKey) const
{
    QFile file(fileFor(connectionKey));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QDataStream in(&file);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 fileMagic = 0, fileVersion = 0;
    QString key;
    qint64 savedAt = 0, count = 0;
    in >> fileMagic >> fileVersion >> key >> savedAt >> count;
    if (fileMagic != magic || fileVersion != version || key != connectionKey || count < 0 ||
        in.status() != QDataStream::Ok)
        return std::nullopt;
    Entry entry;
    entry.savedAt = QDateTime::fromMSecsSinceEpoch(savedAt, Qt::UTC);
    entry.groups.reserve(std::min<qint64>(count, 1'000'000));
    // Ids of accounts and users repeat on every row: share them, as the network path does.
    QHash<QString, QString> shared;
    const auto share = [&shared](QString &text) {
        const auto it = shared.constFind(text);
        if (it != shared.cend())
            text = *it;
        else
            shared.insert(text, text);
    };
    for (qint64 i = 0; i < count; ++i) {
        KpiGroup group;
        qint64 created = 0, updated = 0;
        in >> group.id >> group.accountId >> group.name >> group.createdById >>
            group.modifiedById >> created >> updated >> group.favorite;
        if (in.status() != QDataStream::Ok)
            return std::nullopt; // truncated or damaged: as if there were none
        share(group.accountId);
        share(group.createdById);
        share(group.modifiedById);
        group.dateCreated = date(created);
        group.dateUpdated = date(updated);
        entry.groups.append(std::move(group));
    }
    return entry;
}

void GroupCache::remove(const QString &connectionKey) const
{
    QFile::remove(fileFor(connectionKey));
}

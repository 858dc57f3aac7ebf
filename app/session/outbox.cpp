#include "outbox.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThreadPool>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {

constexpr int journalVersion = 1;

const QList<std::pair<OutboxChange::Kind, QLatin1StringView>> &kindNames()
{
    static const QList<std::pair<OutboxChange::Kind, QLatin1StringView>> names = {
        {OutboxChange::Kind::Create, "create"_L1}, {OutboxChange::Kind::Rename, "rename"_L1},
        {OutboxChange::Kind::Delete, "delete"_L1}, {OutboxChange::Kind::Star, "star"_L1},
        {OutboxChange::Kind::Unstar, "unstar"_L1}, {OutboxChange::Kind::RemoveKpi, "removeKpi"_L1},
    };
    return names;
}

QByteArray serialize(const QList<OutboxChange> &changes)
{
    QJsonArray array;
    for (const OutboxChange &change : changes) {
        QJsonObject object{{u"id"_s, QString::number(change.id)},
                           {u"madeAt"_s, change.madeAt.toString(Qt::ISODateWithMs)},
                           {u"sent"_s, change.sent}};
        for (const auto &[kind, name] : kindNames())
            if (kind == change.kind)
                object.insert(u"kind"_s, QString(name));
        if (!change.groupId.isEmpty())
            object.insert(u"groupId"_s, change.groupId);
        if (!change.kpiId.isEmpty())
            object.insert(u"kpiId"_s, change.kpiId);
        if (!change.name.isNull())
            object.insert(u"name"_s, change.name);
        if (!change.lastError.isEmpty())
            object.insert(u"lastError"_s, change.lastError);
        array.append(object);
    }
    return QJsonDocument(QJsonObject{{u"version"_s, journalVersion}, {u"changes"_s, array}})
        .toJson(QJsonDocument::Compact);
}

std::optional<QList<OutboxChange>> parse(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject() ||
        document.object().value("version"_L1).toInt() != journalVersion ||
        !document.object().value("changes"_L1).isArray())
        return std::nullopt;
    QList<OutboxChange> changes;
    for (const QJsonValue &value : document.object().value("changes"_L1).toArray()) {
        const QJsonObject object = value.toObject();
        OutboxChange change;
        bool ok = false;
        change.id = object.value("id"_L1).toString().toULongLong(&ok);
        const QString kind = object.value("kind"_L1).toString();
        const auto known = std::find_if(kindNames().begin(), kindNames().end(),
                                        [&](const auto &entry) { return entry.second == kind; });
        if (!ok || change.id == 0 || known == kindNames().end())
            return std::nullopt;
        change.kind = known->first;
        change.groupId = object.value("groupId"_L1).toString();
        change.kpiId = object.value("kpiId"_L1).toString();
        if (object.contains("name"_L1))
            change.name = object.value("name"_L1).toString();
        change.madeAt =
            QDateTime::fromString(object.value("madeAt"_L1).toString(), Qt::ISODateWithMs);
        change.sent = object.value("sent"_L1).toBool();
        change.lastError = object.value("lastError"_L1).toString();
        changes.append(change);
    }
    return changes;
}

} // namespace

// Writes the journal on a thread of its own, one write at a time, the newest snapshot winning:
// a burst of changes costs one or two writes, and the GUI thread never waits for the disk.
class Outbox::Writer
{
public:
    Writer() { m_pool.setMaxThreadCount(1); }
    ~Writer() { m_pool.waitForDone(); }

    void write(const QString &file, QByteArray journal, std::function<void(QString)> failed)
    {
        {
            QMutexLocker lock(&m_mutex);
            m_next = std::move(journal);
            m_hasNext = true;
        }
        m_pool.start([this, file, failed] {
            QByteArray journal;
            {
                QMutexLocker lock(&m_mutex);
                if (!m_hasNext)
                    return; // a later write took it already
                journal = std::exchange(m_next, {});
                m_hasNext = false;
            }
            if (const QString why = writeNow(file, journal); !why.isEmpty())
                failed(why);
        });
    }
    void wait() { m_pool.waitForDone(); }

private:
    static QString writeNow(const QString &file, const QByteArray &journal)
    {
        const QString directory = QFileInfo(file).absolutePath();
        if (!QDir().mkpath(directory))
            return Outbox::tr("The folder %1 could not be made.").arg(directory);
        QFile::setPermissions(directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QSaveFile out(file);
        if (!out.open(QIODevice::WriteOnly))
            return out.errorString();
        out.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        out.write(journal);
        if (!out.commit())
            return out.errorString();
        return {};
    }

    QThreadPool m_pool;
    QMutex m_mutex;
    QByteArray m_next;
    bool m_hasNext = false;
};

Outbox::Outbox(QString file, QObject *parent)
    : QObject(parent)
    , m_file(std::move(file))
    , m_writer(new Writer)
{}

Outbox::~Outbox()
{
    delete m_writer; // waits for the last write
}

QString Outbox::fileFor(const QString &connectionKey, const QString &directory)
{
    const QString base =
        directory.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/outbox"_s
            : directory;
    const QByteArray hash =
        QCryptographicHash::hash(connectionKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    return base + u'/' + QString::fromLatin1(hash.left(32)) + u".json"_s;
}

Outbox::Loaded Outbox::load()
{
    QFile file(m_file);
    if (!file.exists())
        return Loaded::Nothing;
    std::optional<QList<OutboxChange>> changes;
    if (file.open(QIODevice::ReadOnly))
        changes = parse(file.readAll());
    file.close();
    if (!changes) {
        const QString aside = m_file + u".damaged"_s;
        QFile::remove(aside);
        QFile::rename(m_file, aside);
        return Loaded::Damaged;
    }
    m_changes = *changes;
    for (const OutboxChange &change : std::as_const(m_changes))
        m_lastId = std::max(m_lastId, change.id);
    Q_EMIT changed();
    return m_changes.isEmpty() ? Loaded::Nothing : Loaded::Changes;
}

quint64 Outbox::add(OutboxChange change)
{
    using Kind = OutboxChange::Kind;
    // What waits (not sent yet) for the same group and can be merged with the new change.
    const auto waiting = [&](std::initializer_list<Kind> kinds) {
        return std::find_if(m_changes.begin(), m_changes.end(), [&](const OutboxChange &c) {
            return !c.sent && c.groupId == change.groupId &&
                   std::find(kinds.begin(), kinds.end(), c.kind) != kinds.end();
        });
    };
    if (change.kind == Kind::Star || change.kind == Kind::Unstar) {
        const auto earlier = waiting({Kind::Star, Kind::Unstar});
        if (earlier != m_changes.end()) {
            const bool cancels = earlier->kind != change.kind;
            m_changes.erase(earlier);
            if (cancels) { // star then unstar: nothing to send
                write();
                return 0;
            }
        }
    } else if (change.kind == Kind::Rename) {
        const auto earlier = waiting({Kind::Rename});
        if (earlier != m_changes.end())
            m_changes.erase(earlier); // the last name is the one to send
    } else if (change.kind == Kind::Delete) {
        // Nothing else about a group that goes.
        m_changes.removeIf([&](const OutboxChange &c) {
            return !c.sent && c.groupId == change.groupId && c.kind != Kind::Delete;
        });
    }
    change.id = ++m_lastId;
    if (!change.madeAt.isValid())
        change.madeAt = QDateTime::currentDateTimeUtc();
    m_changes.append(change);
    write();
    return change.id;
}

void Outbox::markSent(quint64 id)
{
    for (OutboxChange &change : m_changes) {
        if (change.id == id && !change.sent) {
            change.sent = true;
            write();
        }
    }
}

void Outbox::setLastError(quint64 id, const QString &error)
{
    for (OutboxChange &change : m_changes) {
        if (change.id == id) {
            change.lastError = error;
            write();
        }
    }
}

void Outbox::remove(quint64 id)
{
    if (m_changes.removeIf([id](const OutboxChange &c) { return c.id == id; }) > 0)
        write();
}

void Outbox::waitForWrites()
{
    m_writer->wait();
}

void Outbox::write()
{
    Q_EMIT changed();
    // The destructor waits for the writer: `this` outlives every write.
    m_writer->write(m_file, serialize(m_changes), [this](const QString &why) {
        QMetaObject::invokeMethod(
            this, [this, why] { Q_EMIT writeFailed(why); }, Qt::QueuedConnection);
    });
}

#include "connectionsettings.h"

#include "connection.h"
#include "tokenstore.h"
#include "visibletext.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

QString SavedConnection::key() const
{
    return TokenStore::keyFor(baseUrl, accountId);
}

QString SavedConnection::label() const
{
    const QString shown = cleanName(name);
    return VisibleText::isolated(shown.isEmpty() ? defaultName() : shown);
}

QString SavedConnection::defaultName() const
{
    const QLatin1StringView region = Regions::codeOf(baseUrl);
    const QString place = region.isEmpty() ? baseUrl.host() : QString(region).toUpper();
    if (accountId.isEmpty())
        return place;
    const QString account =
        accountId.size() > 12 ? accountId.left(4) + u'…' + accountId.right(4) : accountId;
    return QCoreApplication::translate("SavedConnection", "%1 · %2").arg(place, account);
}

QString SavedConnection::cleanName(const QString &name)
{
    QString clean = name.trimmed();
    if (clean.size() > maxNameLength) {
        clean.truncate(maxNameLength);
        if (clean.back().isHighSurrogate())
            clean.chop(1);
    }
    return clean.trimmed();
}

QString SavedConnection::nameProblem(const QString &name)
{
    const QStringList escapes = VisibleText::escapesIn(name.trimmed());
    if (escapes.isEmpty())
        return {};
    return QCoreApplication::translate("SavedConnection",
                                       "A connection's name cannot have characters that do not "
                                       "show, such as a line break or one that reverses text "
                                       "(here: %1).")
        .arg(QLocale().createSeparatedList(escapes));
}

QList<SavedConnection> ConnectionSettings::connections() const
{
    QList<SavedConnection> result;
    const int count = m_settings.beginReadArray(u"connections"_s);
    for (int i = 0; i < count; ++i) {
        m_settings.setArrayIndex(i);
        result.append({m_settings.value(u"baseUrl"_s).toUrl(),
                       m_settings.value(u"accountId"_s).toString(),
                       SavedConnection::cleanName(m_settings.value(u"name"_s).toString())});
    }
    m_settings.endArray();
    return result;
}

std::optional<SavedConnection> ConnectionSettings::find(const SavedConnection &connection) const
{
    const QList<SavedConnection> all = connections();
    const qsizetype at = all.indexOf(connection);
    return at >= 0 ? std::optional(all.at(at)) : std::nullopt;
}

void ConnectionSettings::rename(const SavedConnection &connection, const QString &name)
{
    QList<SavedConnection> all = connections();
    const qsizetype at = all.indexOf(connection);
    const QString clean = SavedConnection::cleanName(name);
    if (at < 0 || all.at(at).name == clean)
        return;
    all[at].name = clean;
    writeAll(all);
}

void ConnectionSettings::writeAll(const QList<SavedConnection> &all)
{
    m_settings.remove(u"connections"_s);
    m_settings.beginWriteArray(u"connections"_s, int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(u"baseUrl"_s, all.at(i).baseUrl);
        m_settings.setValue(u"accountId"_s, all.at(i).accountId);
        if (!all.at(i).name.isEmpty())
            m_settings.setValue(u"name"_s, all.at(i).name);
    }
    m_settings.endArray();
}

QString ConnectionSettings::lastGroupKey(const SavedConnection &connection)
{
    return u"lastGroup/"_s + QString::fromLatin1(connection.key().toUtf8().toHex());
}

QString ConnectionSettings::topGroupKey(const SavedConnection &connection)
{
    return u"topGroup/"_s + QString::fromLatin1(connection.key().toUtf8().toHex());
}

QString ConnectionSettings::tokenInKeychainKey(const SavedConnection &connection)
{
    return u"tokenInKeychain/"_s + QString::fromLatin1(connection.key().toUtf8().toHex());
}

bool ConnectionSettings::tokenInKeychain(const SavedConnection &connection) const
{
    return m_settings.value(tokenInKeychainKey(connection), true).toBool();
}

void ConnectionSettings::setTokenInKeychain(const SavedConnection &connection, bool saved)
{
    if (tokenInKeychain(connection) != saved)
        m_settings.setValue(tokenInKeychainKey(connection), saved);
}

void ConnectionSettings::save(const SavedConnection &connection)
{
    QList<SavedConnection> all = connections();
    SavedConnection saved = connection;
    saved.name = SavedConnection::cleanName(connection.name);
    if (all.value(0) != saved || all.value(0).name != saved.name) {
        all.removeAll(saved);
        all.prepend(saved);
        writeAll(all);
    }
    makeLast(saved);
}

void ConnectionSettings::makeLast(const SavedConnection &connection)
{
    // Every write is a file written on the GUI thread: none when nothing changed.
    if (m_settings.value(u"lastConnection"_s).toString() != connection.key())
        m_settings.setValue(u"lastConnection"_s, connection.key());
}

void ConnectionSettings::remove(const SavedConnection &connection)
{
    QList<SavedConnection> all = connections();
    all.removeAll(connection);
    writeAll(all);
    if (m_settings.value(u"lastConnection"_s).toString() == connection.key())
        m_settings.remove(u"lastConnection"_s);
    m_settings.remove(lastGroupKey(connection));
    m_settings.remove(topGroupKey(connection));
    m_settings.remove(tokenInKeychainKey(connection));
}

std::optional<SavedConnection> ConnectionSettings::lastConnection() const
{
    const QString key = m_settings.value(u"lastConnection"_s).toString();
    for (const SavedConnection &connection : connections())
        if (connection.key() == key)
            return connection;
    return std::nullopt;
}

static QString draftsKey(const SavedConnection &connection)
{
    return u"drafts/"_s + QString::fromLatin1(connection.key().toUtf8().toHex());
}

QHash<QString, QString> ConnectionSettings::drafts(const SavedConnection &connection) const
{
    QHash<QString, QString> drafts;
    const QVariantMap stored = m_settings.value(draftsKey(connection)).toMap();
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        drafts.insert(it.key(), it.value().toString());
    return drafts;
}

void ConnectionSettings::setDrafts(const SavedConnection &connection,
                                   const QHash<QString, QString> &drafts)
{
    if (drafts.isEmpty()) {
        if (m_settings.contains(draftsKey(connection)))
            m_settings.remove(draftsKey(connection));
        return;
    }
    QVariantMap stored;
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it)
        stored.insert(it.key(), it.value());
    m_settings.setValue(draftsKey(connection), stored);
}

QString ConnectionSettings::lastGroupId(const SavedConnection &connection) const
{
    return m_settings.value(lastGroupKey(connection)).toString();
}

void ConnectionSettings::setLastGroupId(const SavedConnection &connection, const QString &groupId)
{
    // Every write is a file written on the GUI thread: none when nothing changed.
    if (lastGroupId(connection) == groupId)
        return;
    m_settings.setValue(lastGroupKey(connection), groupId);
}

QString ConnectionSettings::topGroupId(const SavedConnection &connection) const
{
    return m_settings.value(topGroupKey(connection)).toString();
}

void ConnectionSettings::setTopGroupId(const SavedConnection &connection, const QString &groupId)
{
    if (topGroupId(connection) == groupId)
        return;
    m_settings.setValue(topGroupKey(connection), groupId);
}

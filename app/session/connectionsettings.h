#pragma once

#include <QHash>
#include <QList>
#include <QSettings>
#include <QUrl>

// A connection the user saved: where and which account. Its token is in the keychain, under
// TokenStore::keyFor(baseUrl, accountId), never here.
struct SavedConnection
{
    QUrl baseUrl;
    QString accountId;

    QString key() const;
    QString label() const; // "5be2…7f61 on app.quantive.com"
    friend bool operator==(const SavedConnection &, const SavedConnection &) = default;
};

// What the app remembers between runs (QSettings), per user.
class ConnectionSettings
{
public:
    QList<SavedConnection> connections() const;
    void save(const SavedConnection &connection);     // also makes it the last one used
    void makeLast(const SavedConnection &connection); // the one to open at the next start
    void remove(const SavedConnection &connection);
    std::optional<SavedConnection> lastConnection() const;

    QString lastGroupId(const SavedConnection &connection) const;
    void setLastGroupId(const SavedConnection &connection, const QString &groupId);
    // Whether the connection's token was saved in the system keychain when it was given (true
    // when not known: remembered by an earlier version).
    bool tokenInKeychain(const SavedConnection &connection) const;
    void setTokenInKeychain(const SavedConnection &connection, bool saved);
    // Names typed and not saved, by group id: kept across quitting, as drafts.
    QHash<QString, QString> drafts(const SavedConnection &connection) const;
    void setDrafts(const SavedConnection &connection, const QHash<QString, QString> &drafts);

private:
    void writeAll(const QList<SavedConnection> &all);
    static QString lastGroupKey(const SavedConnection &connection);
    static QString tokenInKeychainKey(const SavedConnection &connection);

    mutable QSettings m_settings;
};

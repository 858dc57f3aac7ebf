#pragma once

#include <QHash>
#include <QList>
#include <QSettings>
#include <QUrl>

// A connection the user saved: where and which account, and the name the person gave it. Its
// token is in the keychain, under TokenStore::keyFor(baseUrl, accountId), never here.
struct SavedConnection
{
    QUrl baseUrl;
    QString accountId;
    QString name = {}; // the person's own; empty: defaultName()

    QString key() const;
    // As it is shown (the window's title, File → Switch Connection, messages): its name, else
    // its default one; characters that do not show escaped, right-to-left text set apart.
    QString label() const;
    // Its data centre, else its server, and a short account id: "EU · 5be2…7f61".
    QString defaultName() const;

    // A name is trimmed and at most this long; one with characters that do not show (a line
    // break, one that reverses text) is refused: nameProblem().
    static constexpr qsizetype maxNameLength = 80;
    static QString cleanName(const QString &name);
    static QString nameProblem(const QString &name);

    // The same connection, whatever it is called.
    friend bool operator==(const SavedConnection &a, const SavedConnection &b)
    {
        return a.baseUrl == b.baseUrl && a.accountId == b.accountId;
    }
};

// What the app remembers between runs (QSettings), per user.
class ConnectionSettings
{
public:
    QList<SavedConnection> connections() const;
    // The saved connection `connection` is, with its name.
    std::optional<SavedConnection> find(const SavedConnection &connection) const;
    void save(const SavedConnection &connection); // also makes it the last one used
    // Its name (cleanName()); empty gives it its default name back.
    void rename(const SavedConnection &connection, const QString &name);
    void makeLast(const SavedConnection &connection); // the one to open at the next start
    void remove(const SavedConnection &connection);
    std::optional<SavedConnection> lastConnection() const;

    QString lastGroupId(const SavedConnection &connection) const;
    void setLastGroupId(const SavedConnection &connection, const QString &groupId);
    // The first group in view in the list when it was last left: an id, not a position, so that
    // the list is where it was however it changed since.
    QString topGroupId(const SavedConnection &connection) const;
    void setTopGroupId(const SavedConnection &connection, const QString &groupId);
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
    static QString topGroupKey(const SavedConnection &connection);
    static QString tokenInKeychainKey(const SavedConnection &connection);

    mutable QSettings m_settings;
};

#pragma once

#include "connection.h"
#include "connectionsettings.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

class ConnectDialog;
class QWidget;
class SessionHost;
class TokenStore;

// Which connection the window opens, and with which token: the Connect dialog, the saved
// connections and the last one, the keychain (and what to do when it cannot help), the token
// from the environment, the demo, and forgetting a connection. The sessions themselves are the
// host's.
class ConnectionFlow : public QObject
{
    Q_OBJECT

public:
    // The Connect dialog opens over `window`.
    ConnectionFlow(TokenStore *tokens, SessionHost *host, QWidget *window);

    // Connects for this run; `remember` saves the connection (and the token, in the keychain).
    void connectTo(const Connection &connection, bool remember);
    // The last saved connection, with its token from the keychain; else the Connect dialog.
    void connectToLastOrAsk();
    void openWithoutToken(const SavedConnection &saved);
    // With the token the keychain has for it; asks for one when there is none.
    void connectToSaved(const SavedConnection &saved);
    // Connects with a token given in QUANTIVE_TOKEN: when it is refused, it is named as such.
    void connectWithEnvironmentToken(const Connection &connection);
    void showConnectDialog(const QString &reason = {});
    // How "Try the demo" starts the built-in sandbox; returns its connection.
    void setDemoStarter(std::function<std::optional<Connection>()> starter);
    // Opens the sample account, marked as the demo.
    void startDemo();
    bool isDemo() const { return m_demo; }
    // The open connection's token was refused: a valid one is asked for.
    void tokenRefused(const Connection &connection);
    // The open connection and its token are no longer kept on this computer.
    void forget();
    // Asks for the open connection's name (ConnectionNameDialog), then rename()s it.
    void renameCurrent();
    // The open connection's name, in the settings and wherever it is shown; empty: its default.
    void rename(const QString &name);

    QList<SavedConnection> savedConnections() const { return m_settings.connections(); }
    // The open connection, when it is saved.
    const std::optional<SavedConnection> &current() const { return m_saved; }
    // Names typed and not saved that an earlier version kept in the settings for `place`, taken
    // out of them (for a session's journal); none for the demo.
    QHash<QString, QString> takeOldDrafts(const SavedConnection &place);

Q_SIGNALS:
    // Another connection opens: what was said about the last one no longer holds.
    void switching();
    // The saved connections changed, or which of them is open.
    void connectionsChanged();
    // A connection was opened: with its token, or showing what was kept until one is given.
    void opened(bool withToken);
    void informed(const QString &text);
    void failed(const QString &text);

private:
    // `name`: given in the Connect dialog; none keeps the one the connection has.
    void open(const Connection &connection, bool remember, bool demo,
              const std::optional<QString> &name = std::nullopt);
    void rememberConnection(const Connection &connection, const std::optional<QString> &name);
    // The saved connection with its name, as the settings have it (`saved` when they do not).
    SavedConnection named(const SavedConnection &saved) const;

    TokenStore *m_tokens;
    SessionHost *m_host;
    QWidget *m_window;
    ConnectionSettings m_settings;
    std::optional<SavedConnection> m_saved; // the open connection, when it is remembered
    Connection m_connection;                // the one opened last
    std::function<std::optional<Connection>()> m_demoStarter;
    bool m_demo = false;
    bool m_keychainAvailable = true;
    // The tokens given in this run, by connection key: in memory only, so that switching back
    // to a connection never asks again, keychain or not.
    QHash<QString, QString> m_sessionTokens;
    QString m_environmentToken; // the token from QUANTIVE_TOKEN, when it is the one in use
    QPointer<ConnectDialog> m_connectDialog;
};

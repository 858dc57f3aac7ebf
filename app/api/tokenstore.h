#pragma once

#include <QHash>
#include <QObject>
#include <QUrl>
#include <chrono>

// Where API tokens are kept between runs. Every call ends in exactly one signal.
class TokenStore : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // The key a connection's token is stored under, shared by the app and kpigroups-cli.
    static QString keyFor(const QUrl &baseUrl, const QString &accountId);

    virtual void readToken(const QString &key) = 0;
    virtual void writeToken(const QString &key, const QString &token) = 0;
    virtual void deleteToken(const QString &key) = 0;

Q_SIGNALS:
    void tokenRead(const QString &key, const QString &token); // empty when there is none
    void tokenWritten(const QString &key);
    void tokenDeleted(const QString &key);
    void failed(const QString &key, const QString &message);
};

// The operating system's keychain (Secret Service, KWallet, macOS Keychain, Windows Credential
// Store) through QtKeychain. A job that does not answer in time — a locked keyring under Xvfb
// can wait for ever — fails with a message instead.
class KeychainTokenStore : public TokenStore
{
    Q_OBJECT

public:
    static constexpr QLatin1StringView service{"KPI Groups"};

    explicit KeychainTokenStore(QObject *parent = nullptr,
                                std::chrono::milliseconds timeout = std::chrono::seconds(5));

    void readToken(const QString &key) override;
    void writeToken(const QString &key, const QString &token) override;
    void deleteToken(const QString &key) override;

private:
    std::chrono::milliseconds m_timeout;
};

// Tokens for this run only: for tests, and the fallback when no keychain answers.
class MemoryTokenStore : public TokenStore
{
    Q_OBJECT

public:
    using TokenStore::TokenStore;

    void readToken(const QString &key) override;
    void writeToken(const QString &key, const QString &token) override;
    void deleteToken(const QString &key) override;

private:
    QHash<QString, QString> m_tokens;
};

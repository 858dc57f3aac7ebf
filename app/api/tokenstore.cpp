#include "tokenstore.h"

#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

QString TokenStore::keyFor(const QUrl &baseUrl, const QString &accountId)
{
    return accountId + u'@' + baseUrl.host() +
           (baseUrl.port() > 0 ? u':' + QString::number(baseUrl.port()) : QString());
}

namespace {

// Runs a QtKeychain job, and calls `done` exactly once: with its outcome, or with a timeout.
void runWithTimeout(QKeychain::Job *job, std::chrono::milliseconds timeout, QObject *context,
                    std::function<void(QKeychain::Job *, const QString &error)> done)
{
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    auto finished = std::make_shared<bool>(false);
    QObject::connect(
        job, &QKeychain::Job::finished, context, [timer, finished, done](QKeychain::Job *job) {
            if (std::exchange(*finished, true))
                return;
            timer->deleteLater();
            done(job, job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound
                          ? QString()
                          : job->errorString());
        });
    QObject::connect(timer, &QTimer::timeout, context, [timer, finished, done] {
        if (std::exchange(*finished, true))
            return;
        timer->deleteLater();
        done(nullptr, KeychainTokenStore::tr("The system keychain did not answer (it may be "
                                             "locked)."));
    });
    timer->start(timeout);
    job->start();
}

} // namespace

KeychainTokenStore::KeychainTokenStore(QObject *parent, std::chrono::milliseconds timeout)
    : TokenStore(parent)
    , m_timeout(timeout)
{}

void KeychainTokenStore::readToken(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(service);
    job->setAutoDelete(true);
    job->setKey(key);
    runWithTimeout(job, m_timeout, this, [this, key](QKeychain::Job *job, const QString &error) {
        if (!error.isEmpty())
            Q_EMIT failed(key, error);
        else
            Q_EMIT tokenRead(key, static_cast<QKeychain::ReadPasswordJob *>(job)->textData());
    });
}

void KeychainTokenStore::writeToken(const QString &key, const QString &token)
{
    auto *job = new QKeychain::WritePasswordJob(service);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(token);
    runWithTimeout(job, m_timeout, this, [this, key](QKeychain::Job *, const QString &error) {
        if (!error.isEmpty())
            Q_EMIT failed(key, error);
        else
            Q_EMIT tokenWritten(key);
    });
}

void KeychainTokenStore::deleteToken(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(service);
    job->setAutoDelete(true);
    job->setKey(key);
    runWithTimeout(job, m_timeout, this, [this, key](QKeychain::Job *, const QString &error) {
        if (!error.isEmpty())
            Q_EMIT failed(key, error);
        else
            Q_EMIT tokenDeleted(key);
    });
}

void MemoryTokenStore::readToken(const QString &key)
{
    QTimer::singleShot(0, this, [this, key] { Q_EMIT tokenRead(key, m_tokens.value(key)); });
}

void MemoryTokenStore::writeToken(const QString &key, const QString &token)
{
    m_tokens.insert(key, token);
    QTimer::singleShot(0, this, [this, key] { Q_EMIT tokenWritten(key); });
}

void MemoryTokenStore::deleteToken(const QString &key)
{
    m_tokens.remove(key);
    QTimer::singleShot(0, this, [this, key] { Q_EMIT tokenDeleted(key); });
}

#include "connectionflow.h"

#include "connectdialog.h"
#include "connectionnamedialog.h"
#include "groupcache.h"
#include "session.h"
#include "sessionhost.h"
#include "tokenstore.h"
#include "uilog.h"

using namespace Qt::StringLiterals;

namespace {

// What a keychain said, as a clause in a sentence of ours.
QString keychainReason(const QString &why)
{
    QString reason = why.trimmed();
    while (reason.endsWith(u'.'))
        reason.chop(1);
    if (reason.isEmpty() || reason.compare(u"Unknown error"_s, Qt::CaseInsensitive) == 0)
        return ConnectionFlow::tr("it gave no reason");
    return reason;
}

} // namespace

ConnectionFlow::ConnectionFlow(TokenStore *tokens, SessionHost *host, QWidget *window)
    : QObject(window)
    , m_tokens(tokens)
    , m_host(host)
    , m_window(window)
{}

void ConnectionFlow::setDemoStarter(std::function<std::optional<Connection>()> starter)
{
    m_demoStarter = std::move(starter);
}

void ConnectionFlow::startDemo()
{
    const std::optional<Connection> demo = m_demoStarter ? m_demoStarter() : std::nullopt;
    if (!demo) {
        Q_EMIT failed(tr("The demo could not start its local server."));
        return;
    }
    open(*demo, false, true);
}

void ConnectionFlow::connectTo(const Connection &connection, bool remember)
{
    open(connection, remember, false);
}

void ConnectionFlow::connectWithEnvironmentToken(const Connection &connection)
{
    open(connection, false, false);
    m_environmentToken = connection.token;
}

void ConnectionFlow::open(const Connection &connection, bool remember, bool demo,
                          const std::optional<QString> &name)
{
    qCInfo(lcUi) << "opening a connection" << (demo ? "(the demo)" : "")
                 << (remember ? "to remember" : "");
    m_connection = connection;
    m_demo = demo;
    m_environmentToken.clear();
    m_host->leaveCurrent();
    Q_EMIT switching();
    if (remember)
        rememberConnection(connection, name);
    m_saved = m_settings.find({connection.baseUrl, connection.accountId});
    if (m_saved)
        m_settings.makeLast(*m_saved); // the one to open at the next start
    Q_EMIT connectionsChanged();
    if (!demo && !connection.token.isEmpty())
        m_sessionTokens.insert(TokenStore::keyFor(connection.baseUrl, connection.accountId),
                               connection.token);
    // The demo's data is made afresh at every start: nothing to keep for it.
    m_host->open(connection,
                 {.keepOutbox = !demo,
                  .remembered = m_saved.has_value(),
                  .groupToRestore = m_saved ? m_settings.lastGroupId(*m_saved) : QString(),
                  .topGroupToRestore = m_saved ? m_settings.topGroupId(*m_saved) : QString(),
                  .name = m_saved ? m_saved->name : QString()});
    Q_EMIT opened(true);
}

void ConnectionFlow::rememberConnection(const Connection &connection,
                                        const std::optional<QString> &name)
{
    SavedConnection saved = named({connection.baseUrl, connection.accountId});
    if (name)
        saved.name = *name;
    m_settings.save(saved);
    auto *context = new QObject(this);
    connect(m_tokens, &TokenStore::tokenWritten, context,
            [this, context, saved, key = saved.key()](const QString &written) {
                if (written != key)
                    return;
                context->deleteLater();
                m_settings.setTokenInKeychain(saved, true);
            });
    connect(
        m_tokens, &TokenStore::failed, context,
        [this, context, saved, key = saved.key()](const QString &failedKey, const QString &why) {
            if (failedKey != key)
                return;
            context->deleteLater();
            m_keychainAvailable = false;
            m_settings.setTokenInKeychain(saved, false);
            Q_EMIT informed(tr("Your token could not be saved in the system keychain (%1). It is "
                               "kept for this session only.")
                                .arg(keychainReason(why)));
        });
    m_tokens->writeToken(saved.key(), connection.token);
}

void ConnectionFlow::connectToSaved(const SavedConnection &saved)
{
    // Given in this run already: kept for the run, whatever the keychain can do.
    if (const QString token = m_sessionTokens.value(saved.key()); !token.isEmpty())
        return connectTo({saved.baseUrl, saved.accountId, token}, false);
    const SavedConnection withName = named(saved);
    const QString reasonIfNoToken = tr("Enter the API token for %1.").arg(withName.label());
    auto *context = new QObject(this);
    const QString key = saved.key();
    connect(m_tokens, &TokenStore::tokenRead, context,
            [this, context, saved = withName, key, reasonIfNoToken](const QString &readKey,
                                                                    const QString &token) {
                if (readKey != key)
                    return;
                context->deleteLater();
                if (token.isEmpty()) {
                    showConnectDialog(reasonIfNoToken);
                    if (m_connectDialog)
                        m_connectDialog->setConnection({saved.baseUrl, saved.accountId, {}},
                                                       saved.name);
                    return;
                }
                connectTo({saved.baseUrl, saved.accountId, token}, false);
            });
    connect(
        m_tokens, &TokenStore::failed, context,
        [this, context, saved = withName, key](const QString &failedKey, const QString &why) {
            if (failedKey != key)
                return;
            context->deleteLater();
            m_keychainAvailable = false;
            // The list kept from the last time is shown meanwhile, behind the question.
            openWithoutToken(saved);
            showConnectDialog(
                m_settings.tokenInKeychain(saved)
                    ? tr("The system keychain did not give the saved token (%1). Enter it "
                         "again; it will be kept for this session only.")
                          .arg(keychainReason(why))
                    : tr("The token for %1 was never saved: the system keychain could not be "
                         "used when it was entered (%2). Enter it again; it will be kept "
                         "for this session only.")
                          .arg(saved.label(), keychainReason(why)));
            if (m_connectDialog)
                m_connectDialog->setConnection({saved.baseUrl, saved.accountId, {}}, saved.name);
        });
    m_tokens->readToken(key);
}

void ConnectionFlow::openWithoutToken(const SavedConnection &saved)
{
    if (const Session *open = m_host->current(); open && open->place() == saved)
        return;
    m_connection = {saved.baseUrl, saved.accountId, {}};
    m_demo = false;
    m_host->leaveCurrent();
    m_saved = named(saved);
    m_host->open(m_connection, {.keepOutbox = true,
                                .remembered = true,
                                .groupToRestore = m_settings.lastGroupId(saved),
                                .topGroupToRestore = m_settings.topGroupId(saved),
                                .name = m_saved->name,
                                .withToken = false});
    Q_EMIT opened(false);
}

void ConnectionFlow::connectToLastOrAsk()
{
    if (const std::optional<SavedConnection> last = m_settings.lastConnection())
        connectToSaved(*last);
    else
        showConnectDialog();
}

void ConnectionFlow::showConnectDialog(const QString &reason)
{
    qCDebug(lcUi) << "the Connect dialog asks" << (reason.isEmpty() ? "" : "(with a reason)");
    if (!m_connectDialog) {
        m_connectDialog = new ConnectDialog(m_window);
        m_connectDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_connectDialog, &QDialog::accepted, this, [this] {
            if (m_connectDialog->demoRequested())
                startDemo();
            else
                open(m_connectDialog->connection(), true, false, m_connectDialog->name());
        });
    }
    Connection prefill = m_connection;
    prefill.token.clear();
    if (!prefill.baseUrl.isEmpty())
        m_connectDialog->setConnection(prefill, m_saved ? m_saved->name : QString());
    m_connectDialog->setReason(reason);
    m_connectDialog->setKeychainAvailable(m_keychainAvailable);
    m_connectDialog->open();
}

void ConnectionFlow::tokenRefused(const Connection &connection)
{
    if (!m_environmentToken.isEmpty() && connection.token == m_environmentToken)
        showConnectDialog(tr("Quantive did not accept the API token from the QUANTIVE_TOKEN "
                             "environment variable (it may be mistyped or revoked). Enter a "
                             "valid token to go on."));
    else
        showConnectDialog(tr("Quantive did not accept the API token for this account any more "
                             "(it may have been revoked). Enter a valid token to go on."));
}

void ConnectionFlow::forget()
{
    if (!m_saved)
        return;
    m_tokens->deleteToken(m_saved->key());
    m_host->cache()->remove(m_saved->key());
    m_settings.remove(*m_saved);
    if (Session *open = m_host->current(); open && open->place() == *m_saved)
        open->setName({}); // its name went with it
    m_saved.reset();
    Q_EMIT connectionsChanged();
    Q_EMIT informed(tr("This connection and its token are forgotten on this computer."));
}

void ConnectionFlow::renameCurrent()
{
    if (!m_saved)
        return;
    auto *dialog = new ConnectionNameDialog(*m_saved, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionNameDialog::nameChosen, this,
            [this, renamed = *m_saved](const QString &name) {
                if (m_saved == renamed) // else asked of a connection left since
                    rename(name);
            });
    // Gone with its connection: another may open meanwhile.
    connect(this, &ConnectionFlow::switching, dialog, &QDialog::reject);
    dialog->open();
}

void ConnectionFlow::rename(const QString &name)
{
    if (!m_saved)
        return;
    m_saved->name = SavedConnection::cleanName(name);
    m_settings.rename(*m_saved, m_saved->name);
    if (Session *open = m_host->current(); open && open->place() == *m_saved)
        open->setName(m_saved->name);
    Q_EMIT connectionsChanged();
}

SavedConnection ConnectionFlow::named(const SavedConnection &saved) const
{
    return m_settings.find(saved).value_or(saved);
}

QHash<QString, QString> ConnectionFlow::takeOldDrafts(const SavedConnection &place)
{
    if (m_demo)
        return {};
    const QHash<QString, QString> old = m_settings.drafts(place);
    if (!old.isEmpty())
        m_settings.setDrafts(place, {});
    return old;
}

#include "usernames.h"

#include "apiinput.h"
#include "kpigroupsclient.h"

using namespace Qt::StringLiterals;

UserNames::UserNames(KpiGroupsClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_delay.setSingleShot(true);
    m_delay.setInterval(defaultDelay);
    connect(&m_delay, &QTimer::timeout, this, &UserNames::sendWaiting);
}

QString UserNames::name(const QString &userId)
{
    if (userId.isEmpty())
        return {};
    if (const auto known = m_names.constFind(userId); known != m_names.cend())
        return *known;
    // An id that is not one would make the whole batch a bad request.
    if (!m_refused && ApiInput::isId(userId) && !m_asked.contains(userId)) {
        m_asked.insert(userId);
        m_pending.insert(userId);
        m_waiting.append(userId);
        // Not restarted by later ids: a list being scrolled still gets its names.
        if (!m_delay.isActive())
            m_delay.start();
    }
    return shortId(userId);
}

QString UserNames::shortId(const QString &userId)
{
    if (ApiInput::isId(userId))
        return userId.left(4) + u'…' + userId.right(4);
    return ApiInput::quoted(userId);
}

void UserNames::sendWaiting()
{
    while (!m_waiting.isEmpty() && !m_refused) {
        const QStringList batch = m_waiting.mid(0, maxBatch);
        m_waiting.remove(0, batch.size());
        UserNamesCall *call = m_client->listUsers(batch);
        connect(call, &ApiCall::succeeded, this,
                [this, call, batch] { onListed(batch, call->names()); });
        connect(call, &ApiCall::failed, this,
                [this, batch](const ApiError &error) { onFailed(batch, error); });
    }
}

void UserNames::onListed(const QStringList &asked, const QHash<QString, QString> &names)
{
    bool arrived = false;
    for (const QString &userId : asked) {
        m_pending.remove(userId);
        const QString name = names.value(userId);
        if (!name.isEmpty()) {
            m_names.insert(userId, name);
            arrived = true;
        }
    }
    // People the server does not know keep their short id: asking again would not help.
    if (arrived)
        Q_EMIT namesArrived();
    Q_EMIT requestAnswered();
}

void UserNames::onFailed(const QStringList &asked, const ApiError &error)
{
    for (const QString &userId : asked)
        m_pending.remove(userId);
    using Kind = ApiError::Kind;
    if (error.kind == Kind::Forbidden || error.kind == Kind::NotFound ||
        error.kind == Kind::BadRequest) {
        m_refused = true;
        m_waiting.clear();
        m_pending.clear();
        m_delay.stop();
    }
    // Else (no network, a server error) these ids keep their short form; the next ids are still
    // asked for.
    Q_EMIT requestAnswered();
}

#include "sessionhost.h"

#include "groupcache.h"
#include "session.h"

SessionHost::SessionHost(QObject *parent)
    : QObject(parent)
    , m_cache(std::make_shared<GroupCache>())
{}

SessionHost::~SessionHost()
{
    // Whatever is still open ends with the window; each journal keeps what it holds.
    const QList<Session *> sessions = m_leaving + m_asking;
    m_leaving.clear();
    m_asking.clear();
    for (Session *session : sessions)
        if (session != m_current)
            delete session;
    delete std::exchange(m_current, nullptr);
}

Session *SessionHost::open(const Connection &connection, const Opening &opening)
{
    auto *session = new Session(connection);
    if (opening.keepOutbox)
        session->keepOutbox();
    if (opening.remembered)
        session->setRemembered(m_cache, opening.groupToRestore, opening.topGroupToRestore);
    session->setName(opening.name);
    setCurrent(session);
    if (opening.withToken)
        session->open();
    else
        session->openWithoutToken();
    return session;
}

void SessionHost::setCurrent(Session *session)
{
    leaveCurrent();
    // A session of the same connection still sending here: it ends, and the new one takes its
    // journal over when it opens, so that what was made first is sent first.
    const QList<Session *> leaving = m_leaving;
    for (Session *other : leaving) {
        if (other->place() == session->place()) {
            m_leaving.removeOne(other);
            if (other == m_waitingForServer)
                m_waitingForServer = nullptr;
            Q_EMIT ending(other);
            delete other; // now: its lock on the journal must be gone before the new one opens
        }
    }
    session->setParent(this);
    m_current = session;
    connect(session, &Session::left, this,
            [this, session](int unsent) { onLeft(session, unsent); });
    const auto changedIfLeft = [this, session] {
        if (session != m_current)
            Q_EMIT leftChanged();
    };
    connect(session, &Session::outboxChanged, this, changedIfLeft);
    connect(session, &Session::sendingChanged, this, changedIfLeft);
    Q_EMIT leftChanged();
    Q_EMIT currentChanged(session);
}

void SessionHost::leaveCurrent()
{
    if (Session *session = std::exchange(m_current, nullptr)) {
        Q_EMIT currentChanged(nullptr);
        leave(session);
    }
}

void SessionHost::leave(Session *session)
{
    m_leaving.append(session);
    session->leave(m_leaveLimit);
    Q_EMIT leftChanged();
}

int SessionHost::changesLeftToSend() const
{
    int count = 0;
    for (Session *session : m_leaving)
        count += session->unsentChanges();
    return count;
}

void SessionHost::onLeft(Session *session, int unsent)
{
    if (unsent == 0 && (m_leaving.contains(session) || m_asking.contains(session)))
        return end(session); // everything answered, even while the person was being asked
    if (!m_leaving.contains(session))
        return;
    if (m_closing) {
        m_leaving.removeOne(session);
        m_asking.append(session);
        Q_EMIT unsentOnClosing(session, unsent);
        return;
    }
    if (!session->sendsByItself()) {
        Q_EMIT keptForLater(session->place().label(), unsent);
        return end(session);
    }
    // In the background, for as long as it takes; left(0) once the server has it all.
    session->waitForOutbox(Session::Watched::No);
    Q_EMIT leftChanged();
}

void SessionHost::end(Session *session)
{
    m_leaving.removeOne(session);
    m_asking.removeOne(session);
    if (session == m_current)
        m_current = nullptr;
    if (session == m_waitingForServer)
        m_waitingForServer = nullptr;
    // Once it is gone, so is its hold on its journal: what it left goes with the session of the
    // same connection open then (after a refused token, say), or with the next one.
    const SavedConnection place = session->place();
    if (session->unsentChanges() > 0 || !session->drafts().isEmpty()) {
        connect(session, &QObject::destroyed, this, [this, place] {
            if (m_current && m_current->place() == place)
                m_current->takeOverOutbox();
        });
    }
    Q_EMIT ending(session);
    session->deleteLater();
    Q_EMIT leftChanged();
    if (m_closing && isDone())
        Q_EMIT done();
}

void SessionHost::close()
{
    if (m_closing)
        return;
    m_closing = true;
    if (Session *session = std::exchange(m_current, nullptr))
        leave(session);
    // Those sending in the background are asked about as well: the app will not send them.
    const QList<Session *> leaving = m_leaving;
    for (Session *session : leaving)
        if (session->isWaitingForOutbox())
            onLeft(session, session->unsentChanges());
    if (isDone())
        Q_EMIT done();
}

void SessionHost::keepForNextStart(Session *session)
{
    m_waitingForServer = nullptr;
    end(session);
}

void SessionHost::waitForServer(Session *session)
{
    m_asking.removeOne(session);
    if (!m_leaving.contains(session))
        m_leaving.append(session);
    m_waitingForServer = session;
    // Someone watches and waits: tries close together.
    session->waitForOutbox(Session::Watched::Yes);
}

void SessionHost::discardAndEnd(Session *session)
{
    m_waitingForServer = nullptr;
    session->discardAll();
    end(session);
}

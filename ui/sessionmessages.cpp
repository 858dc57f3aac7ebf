#include "sessionmessages.h"

#include "messagebanner.h"
#include "session.h"

#include <QDir>

using namespace Qt::StringLiterals;

SessionMessages::SessionMessages(MessageBanner *banner)
    : QObject(banner)
    , m_banner(banner)
{}

void SessionMessages::setSession(Session *session)
{
    delete std::exchange(m_binding, nullptr);
    m_session = session;
    if (!session)
        return;
    m_binding = new QObject(this);
    connect(session, &Session::loadingFinished, m_binding, [this] {
        if (m_banner->isError())
            m_banner->dismiss(); // what went wrong before is over
        // This is not: it stays until the changes can be kept on disk again.
        if (const QString why = m_session->diskProblem(); !why.isEmpty())
            showDiskProblem(why);
    });
    connect(session, &Session::removalQueued, m_binding,
            [this](quint64 batch, const QString &text, int undoWindowMs) {
                m_undoBatch = batch;
                m_banner->showAction(
                    text, tr("&Undo"),
                    [session = m_session, batch] {
                        if (session)
                            session->undoRemoval(batch);
                    },
                    undoWindowMs);
            });
    connect(session, &Session::removalSent, m_binding, [this](quint64 batch) {
        if (batch == m_undoBatch && m_banner->canRetry())
            m_banner->dismiss(); // too late to undo
    });
    connect(session, &Session::informed, m_binding,
            [this](const QString &text) { m_banner->showInfo(text); });
    connect(session, &Session::failed, m_binding,
            [this](const QString &text, const std::function<void()> &retry) {
                m_banner->showError(text, retry);
            });
    connect(session, &Session::outboxDamaged, m_binding, [this](const QString &file, bool whole) {
        m_banner->showError(
            whole ? tr("The changes kept from the last time could not be read, so none of them "
                       "was sent. The file was set aside as %1.")
                        .arg(QDir::toNativeSeparators(file))
                  : tr("Some of the changes kept from the last time could not be read, and were "
                       "not sent; the others are being sent. What could not be read was set "
                       "aside as %1.")
                        .arg(QDir::toNativeSeparators(file)));
    });
    connect(session, &Session::diskProblemChanged, m_binding, [this](const QString &why) {
        if (why.isEmpty()) {
            m_banner->showInfo(tr("Changes are saved to disk again."));
            return;
        }
        showDiskProblem(why);
    });
}

void SessionMessages::showDiskProblem(const QString &why)
{
    m_banner->showError(tr("Changes cannot be saved to disk: %1 They are kept while the app runs "
                           "and sent when the server answers, but would be lost if it closed "
                           "first. Free some space, or check the folder.")
                            .arg(why.endsWith(u'.') ? why : why + u'.'));
}

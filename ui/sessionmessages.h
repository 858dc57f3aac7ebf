#pragma once

#include <QObject>
#include <QPointer>

class MessageBanner;
class Session;

// What a session says, in the window's banner: what it did and what failed (with a retry), a
// KPI removal with its Undo for as long as it can be undone, a journal that could not be read,
// changes that cannot be kept on disk.
class SessionMessages : public QObject
{
    Q_OBJECT

public:
    explicit SessionMessages(MessageBanner *banner);

    // Tells what this session says from now on; none tells nothing more.
    void setSession(Session *session);

private:
    void showDiskProblem(const QString &why);

    MessageBanner *m_banner;
    QPointer<Session> m_session;
    QObject *m_binding = nullptr; // the context of every connection to the session
    quint64 m_undoBatch = 0;      // the removal the banner offers to undo
};

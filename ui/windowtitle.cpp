#include "windowtitle.h"

#include "connectionflow.h"
#include "session.h"
#include "sessionhost.h"

#include <QGuiApplication>
#include <QWidget>

WindowTitle::WindowTitle(QWidget *window, SessionHost *host, ConnectionFlow *flow)
    : QObject(window)
    , m_window(window)
    , m_host(host)
    , m_flow(flow)
{
    connect(host, &SessionHost::currentChanged, this, &WindowTitle::update);
    connect(flow, &ConnectionFlow::connectionsChanged, this, &WindowTitle::update);
}

void WindowTitle::update()
{
    // None: the last one's stays while it leaves, until another is open.
    const Session *session = m_host->current();
    if (!session)
        return;
    QString title = m_flow->isDemo() ? tr("Demo account") : session->place().label();
    // A right-to-left name is set apart (U+2068…U+2069); a window manager that takes the title's
    // direction from its first letter (openbox) would still put the application's name Qt adds
    // on the wrong side: a mark gives the whole title the application's direction.
    if (title.startsWith(QChar(0x2068)))
        title.prepend(QGuiApplication::isRightToLeft() ? QChar(0x200F) : QChar(0x200E));
    m_window->setWindowTitle(title);
}

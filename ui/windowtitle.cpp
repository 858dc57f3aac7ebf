#include "windowtitle.h"

#include "connectionflow.h"
#include "session.h"
#include "sessionhost.h"

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
    if (const Session *session = m_host->current())
        m_window->setWindowTitle(m_flow->isDemo() ? tr("Demo account") : session->place().label());
}

#pragma once

#include <QObject>

class ConnectionFlow;
class SessionHost;
class QWidget;

// The window's title: the open connection's name (SavedConnection::label(), set apart from the
// application's name that Qt adds once), or the demo's, following a switch and a rename.
class WindowTitle : public QObject
{
    Q_OBJECT

public:
    WindowTitle(QWidget *window, SessionHost *host, ConnectionFlow *flow);

private:
    void update();

    QWidget *m_window;
    SessionHost *m_host;
    ConnectionFlow *m_flow;
};

#pragma once

#include <QHostAddress>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>

// An HTTP proxy on loopback that records the CONNECT requests it is sent and refuses them: it
// shows which requests a client sends through a proxy, without reaching anything.
class CountingProxy : public QTcpServer
{
public:
    explicit CountingProxy(QObject *parent = nullptr)
        : QTcpServer(parent)
    {
        setProxy(QNetworkProxy::NoProxy);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                serve(socket);
        });
    }

    bool start() { return listen(QHostAddress::LocalHost); }
    // What it answers every request with (by default a 403).
    void setAnswer(const QByteArray &answer) { m_answer = answer; }
    QString address() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }
    // "host:port" of each CONNECT, in order.
    const QStringList &tunnels() const { return m_tunnels; }

private:
    void serve(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            m_head[socket] += socket->readAll();
            if (!m_head[socket].contains("\r\n\r\n"))
                return;
            const QList<QByteArray> words = m_head.take(socket).split('\n').constFirst().split(' ');
            if (words.size() >= 2 && words.at(0) == "CONNECT")
                m_tunnels.append(QString::fromLatin1(words.at(1)));
            socket->write(m_answer);
            socket->disconnectFromHost();
        });
    }

    QByteArray m_answer =
        "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    QHash<QTcpSocket *, QByteArray> m_head;
    QStringList m_tunnels;
};

#pragma once

#include <QHostAddress>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QTest>

// One HTTP/1.1 exchange over a plain socket, bytes as they are on the wire: for what
// QNetworkAccessManager hides (Content-Encoding, the compressed body, the exact head). It waits
// with the event loop running, so the server may run on the test's own thread.
struct RawHttpReply
{
    QByteArray head; // the status line and headers, without the blank line after them
    QByteArray body; // as sent (Content-Length bytes, or until the connection closed)
    bool complete = false;

    int status() const { return head.mid(9, 3).toInt(); }
    QByteArray header(QByteArrayView name) const
    {
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && name.compare(line.left(colon), Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
};

inline RawHttpReply rawHttpExchange(quint16 port, const QByteArray &request, int timeoutMs = 20000)
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    QByteArray data;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { data += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, [&] { closed = true; });
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write(request);
    RawHttpReply reply;
    const auto done = [&] {
        const qsizetype end = data.indexOf("\r\n\r\n");
        if (end < 0)
            return closed;
        reply.head = data.left(end);
        reply.body = data.mid(end + 4);
        const QByteArray length = reply.header("Content-Length");
        reply.complete = length.isEmpty() ? closed : reply.body.size() >= length.toLongLong();
        return reply.complete || closed;
    };
    (void)QTest::qWaitFor(done, timeoutMs);
    return reply;
}

#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <chrono>
#include <memory>

class QTcpServer;
class QTcpSocket;

// A TCP proxy on 127.0.0.1 that makes loopback look like a real link, for benchmarks: each
// direction is one link of its own (a bandwidth cap shared by every connection, a one-way
// delay), and it counts the bytes it moved each way.
//
// A chunk that arrives at time t leaves when the link is free (at t at the earliest), takes
// size / bandwidth to go out (the next chunk waits for it: the cap is a serialization time, as on
// a line of that speed), and is delivered `delay` after it went out. A new connection's first
// bytes wait one round trip more, as the TCP handshake does on a real link (the client's own
// connect() to the proxy is instant). Closes go through in order, after the data. Each direction
// of each connection reads no further ahead than 4 MB, so that a slow reader slows its sender.
class ShapingProxy : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString targetHost = QStringLiteral("127.0.0.1");
        quint16 targetPort = 0;
        std::chrono::milliseconds delay{0}; // one way: 40 ms makes a round trip of 80 ms
        qint64 bitsPerSecond = 0;           // each direction, shared by all connections; 0: none
        bool handshake = true;              // a new connection waits a round trip first
    };
    static constexpr qsizetype maxChunk = 16 * 1024; // what is delayed and counted as one piece
    static constexpr qint64 maxAhead = 4 * 1024 * 1024;

    explicit ShapingProxy(const Options &options, QObject *parent = nullptr);
    ~ShapingProxy() override;

    // On 127.0.0.1 only; 0 picks a free port.
    bool listen(quint16 port = 0);
    quint16 port() const;

    // The bytes delivered so far: from clients to the target (up), and back (down).
    qint64 bytesUp() const { return m_up.bytes; }
    qint64 bytesDown() const { return m_down.bytes; }
    int connections() const { return m_connections; }
    // {"up":…,"down":…,"connections":…}
    QByteArray statsJson() const;

Q_SIGNALS:
    // A connection ended, both ways (its counts are in).
    void connectionClosed();

private:
    struct Link
    {
        qint64 freeAtNs = 0; // when the last chunk reserved has gone out
        qint64 bytes = 0;    // delivered
    };
    class Pipe;
    class Connection;

    void accept();
    // When a chunk of `size` bytes that arrives now, not before `notBeforeNs`, is delivered.
    qint64 schedule(Link &link, qsizetype size, qint64 notBeforeNs);
    qint64 nowNs() const { return m_clock.nsecsElapsed(); }

    Options m_options;
    QTcpServer *m_server;
    QElapsedTimer m_clock;
    Link m_up;
    Link m_down;
    int m_connections = 0;
};

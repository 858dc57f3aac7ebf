#include "shapingproxy.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <deque>
#include <functional>

// One direction of one connection: what arrived from `from`, delivered to `to` when its time
// comes.
class ShapingProxy::Pipe
{
public:
    Pipe(ShapingProxy *proxy, Link &link, QTcpSocket *from, QTcpSocket *to, qint64 notBeforeNs,
         std::function<void()> ended)
        : m_proxy(proxy)
        , m_link(link)
        , m_from(from)
        , m_to(to)
        , m_notBeforeNs(notBeforeNs)
        , m_ended(std::move(ended))
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { deliver(); });
    }

    // Takes what arrived, as far ahead as it may read.
    void pull()
    {
        while (!m_endQueued && m_from->bytesAvailable() > 0 &&
               m_queued + m_to->bytesToWrite() < maxAhead)
            enqueue(m_from->read(maxChunk));
    }

    // The source closed: what it sent is still delivered, then the close.
    void sourceClosed()
    {
        if (m_endQueued)
            return;
        while (m_from->bytesAvailable() > 0)
            enqueue(m_from->read(maxChunk));
        const qint64 at = m_proxy->schedule(m_link, 0, m_notBeforeNs);
        m_queue.push_back({m_queue.empty() ? at : std::max(at, m_queue.back().atNs), {}, true});
        m_endQueued = true;
        arm();
    }

    bool ended() const { return m_endDelivered; }

private:
    struct Piece
    {
        qint64 atNs;
        QByteArray bytes;
        bool end;
    };

    void enqueue(QByteArray bytes)
    {
        if (bytes.isEmpty())
            return;
        const qint64 at = m_proxy->schedule(m_link, bytes.size(), m_notBeforeNs);
        m_queued += bytes.size();
        m_queue.push_back({at, std::move(bytes), false});
        if (m_queue.size() == 1)
            arm();
    }

    void arm()
    {
        if (m_queue.empty())
            return;
        const qint64 waitNs = m_queue.front().atNs - m_proxy->nowNs();
        m_timer.start(int(std::max<qint64>(0, (waitNs + 999999) / 1000000)));
    }

    void deliver()
    {
        const qint64 now = m_proxy->nowNs();
        while (!m_queue.empty() && m_queue.front().atNs <= now) {
            Piece piece = std::move(m_queue.front());
            m_queue.pop_front();
            if (piece.end) {
                if (m_to->state() != QAbstractSocket::UnconnectedState)
                    m_to->disconnectFromHost(); // once what it holds is written
                m_endDelivered = true;
                m_ended();
                return;
            }
            m_queued -= piece.bytes.size();
            const QAbstractSocket::SocketState state = m_to->state();
            if (state == QAbstractSocket::ConnectedState ||
                state == QAbstractSocket::ConnectingState ||
                state == QAbstractSocket::HostLookupState) {
                if (m_to->write(piece.bytes) == piece.bytes.size())
                    m_link.bytes += piece.bytes.size();
            }
        }
        arm();
        pull();
    }

    ShapingProxy *m_proxy;
    Link &m_link;
    QTcpSocket *m_from;
    QTcpSocket *m_to;
    const qint64 m_notBeforeNs;
    std::function<void()> m_ended;
    std::deque<Piece> m_queue;
    qint64 m_queued = 0;
    bool m_endQueued = false;
    bool m_endDelivered = false;
    QTimer m_timer;
};

// A client's connection and the proxy's own to the target.
class ShapingProxy::Connection : public QObject
{
public:
    Connection(ShapingProxy *proxy, QTcpSocket *client)
        : QObject(proxy)
        , m_proxy(proxy)
        , m_client(client)
        , m_target(new QTcpSocket(this))
    {
        m_client->setParent(this);
        m_client->setReadBufferSize(256 * 1024); // the rest waits in the system: flow control
        m_target->setReadBufferSize(256 * 1024);
        m_target->setProxy(QNetworkProxy::NoProxy);
        // Each chunk leaves when its time comes, not when the one before it was acknowledged
        // (Nagle's algorithm): the delay is the link's, not the system's.
        m_client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(m_target, &QTcpSocket::connected, this,
                [this] { m_target->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        const Options &options = proxy->m_options;
        const qint64 roundTripNs = 2 * qint64(options.delay.count()) * 1000000;
        // A close delivered to a socket that is gone at once (never connected, nothing left to
        // write) ends the other direction too: no disconnected() will come to say so.
        const auto upEnded = [this] {
            if (m_target->state() == QAbstractSocket::UnconnectedState)
                m_down->sourceClosed();
            finishIfDone();
        };
        const auto downEnded = [this] {
            if (m_client->state() == QAbstractSocket::UnconnectedState)
                m_up->sourceClosed();
            finishIfDone();
        };
        m_up =
            std::make_unique<Pipe>(proxy, proxy->m_up, m_client, m_target,
                                   options.handshake ? proxy->nowNs() + roundTripNs : 0, upEnded);
        m_down = std::make_unique<Pipe>(proxy, proxy->m_down, m_target, m_client, 0, downEnded);

        connect(m_client, &QTcpSocket::readyRead, this, [this] { m_up->pull(); });
        connect(m_target, &QTcpSocket::readyRead, this, [this] { m_down->pull(); });
        connect(m_client, &QTcpSocket::bytesWritten, this, [this] { m_down->pull(); });
        connect(m_target, &QTcpSocket::bytesWritten, this, [this] { m_up->pull(); });
        connect(m_client, &QTcpSocket::disconnected, this, [this] {
            m_up->sourceClosed();
            finishIfDone();
        });
        connect(m_target, &QTcpSocket::disconnected, this, [this] {
            m_down->sourceClosed();
            finishIfDone();
        });
        // The target refused or failed: the client sees its connection close.
        connect(m_target, &QTcpSocket::errorOccurred, this, [this] {
            if (m_target->state() == QAbstractSocket::UnconnectedState)
                m_down->sourceClosed();
        });
        m_target->connectToHost(options.targetHost, options.targetPort);
        m_up->pull();
    }

private:
    void finishIfDone()
    {
        if (m_finished || !m_up->ended() || !m_down->ended() ||
            m_client->state() != QAbstractSocket::UnconnectedState ||
            m_target->state() != QAbstractSocket::UnconnectedState)
            return;
        m_finished = true;
        Q_EMIT m_proxy->connectionClosed();
        deleteLater();
    }

    ShapingProxy *m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_target;
    std::unique_ptr<Pipe> m_up;
    std::unique_ptr<Pipe> m_down;
    bool m_finished = false;
};

ShapingProxy::ShapingProxy(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_server(new QTcpServer(this))
{
    m_clock.start();
    m_server->setProxy(QNetworkProxy::NoProxy);
    connect(m_server, &QTcpServer::newConnection, this, &ShapingProxy::accept);
}

ShapingProxy::~ShapingProxy() = default;

bool ShapingProxy::listen(quint16 port)
{
    return m_server->listen(QHostAddress::LocalHost, port);
}

quint16 ShapingProxy::port() const
{
    return m_server->serverPort();
}

QByteArray ShapingProxy::statsJson() const
{
    return "{\"up\":" + QByteArray::number(m_up.bytes) +
           ",\"down\":" + QByteArray::number(m_down.bytes) +
           ",\"connections\":" + QByteArray::number(m_connections) + '}';
}

void ShapingProxy::accept()
{
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        ++m_connections;
        new Connection(this, client);
    }
}

qint64 ShapingProxy::schedule(Link &link, qsizetype size, qint64 notBeforeNs)
{
    const qint64 start = std::max({nowNs(), link.freeAtNs, notBeforeNs});
    const qint64 sendingNs =
        m_options.bitsPerSecond > 0 ? qint64(size) * 8 * 1000000000 / m_options.bitsPerSecond : 0;
    link.freeAtNs = start + sendingNs;
    return link.freeAtNs + qint64(m_options.delay.count()) * 1000000;
}

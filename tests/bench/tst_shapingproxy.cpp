#include "rawhttp.h"
#include "shapingproxy.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Answers every request (a head ending in a blank line) with the same bytes, on loopback.
class FixedServer : public QTcpServer
{
public:
    explicit FixedServer(QByteArray answer)
        : m_answer(std::move(answer))
    {
        setProxy(QNetworkProxy::NoProxy);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received[socket] += socket->readAll();
                    while (m_received[socket].contains("\r\n\r\n")) {
                        m_received[socket].remove(0, m_received[socket].indexOf("\r\n\r\n") + 4);
                        socket->write(m_answer);
                    }
                });
            }
        });
        listen(QHostAddress::LocalHost);
    }

private:
    QByteArray m_answer;
    QHash<QTcpSocket *, QByteArray> m_received;
};

QByteArray answerOf(qsizetype bodySize)
{
    return "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(bodySize) + "\r\n\r\n" +
           QByteArray(bodySize, 'x');
}

const QByteArray request = "GET /results/api/v1/kpis/groups HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

} // namespace

// kpigroups-shaping-proxy, the benchmarks' link: delays, a shared bandwidth cap, exact counts.
// Its times are checked from below only: it may be late on a busy machine, never early.
class TestShapingProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delaysEachWay_data()
    {
        QTest::addColumn<bool>("handshake");
        QTest::addColumn<qint64>("atLeastMs");
        QTest::newRow("a round trip") << false << qint64(200);
        QTest::newRow("and one for the handshake") << true << qint64(400);
    }
    void delaysEachWay()
    {
        QFETCH(bool, handshake);
        QFETCH(qint64, atLeastMs);
        FixedServer server(answerOf(10));
        ShapingProxy::Options options;
        options.targetPort = server.serverPort();
        options.delay = 100ms;
        options.handshake = handshake;
        ShapingProxy proxy(options);
        QVERIFY(proxy.listen());
        QElapsedTimer timer;
        timer.start();
        const RawHttpReply reply = rawHttpExchange(proxy.port(), request);
        const qint64 elapsed = timer.elapsed();
        QVERIFY(reply.complete);
        QCOMPARE(reply.body, QByteArray(10, 'x'));
        QVERIFY2(elapsed >= atLeastMs, qPrintable(u"%1 ms"_s.arg(elapsed)));
    }

    void countsTheBytesItMovedEachWay()
    {
        const QByteArray answer = answerOf(1000000);
        FixedServer server(answer);
        ShapingProxy::Options options;
        options.targetPort = server.serverPort();
        ShapingProxy proxy(options);
        QVERIFY(proxy.listen());
        QSignalSpy closed(&proxy, &ShapingProxy::connectionClosed);
        const RawHttpReply reply = rawHttpExchange(proxy.port(), request);
        QVERIFY(reply.complete);
        QCOMPARE(reply.body.size(), 1000000);
        QVERIFY(closed.wait(5000)); // the exchange's socket is gone
        QCOMPARE(request.size(), 61);
        QCOMPARE(proxy.bytesUp(), 61);
        QCOMPARE(answer.size(), 1000044);
        QCOMPARE(proxy.bytesDown(), 1000044);
        QCOMPARE(proxy.statsJson(), QByteArray(R"({"up":61,"down":1000044,"connections":1})"));
    }

    void capsTheBandwidthOfAllConnectionsTogether()
    {
        // 250,000 bytes at 20 Mbit/s take 100 ms; two connections at once share the line: 200 ms.
        const QByteArray answer = answerOf(250000);
        FixedServer server(answer);
        ShapingProxy::Options options;
        options.targetPort = server.serverPort();
        options.bitsPerSecond = 20000000;
        options.handshake = false;
        ShapingProxy proxy(options);
        QVERIFY(proxy.listen());
        QTcpSocket first;
        QTcpSocket second;
        QElapsedTimer timer;
        timer.start();
        for (QTcpSocket *socket : {&first, &second}) {
            socket->setProxy(QNetworkProxy::NoProxy);
            socket->setReadBufferSize(0);
            socket->connectToHost(QHostAddress::LocalHost, proxy.port());
            socket->write(request);
        }
        QTRY_VERIFY_WITH_TIMEOUT(first.bytesAvailable() == answer.size() &&
                                     second.bytesAvailable() == answer.size(),
                                 10000);
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(proxy.bytesDown(), 2 * answer.size());
        QCOMPARE(proxy.bytesUp(), 2 * request.size());
        QVERIFY2(elapsed >= 2 * answer.size() * 8 * 1000 / options.bitsPerSecond,
                 qPrintable(u"%1 ms"_s.arg(elapsed)));
    }

    void theProgramSaysWhatItMovedWhenItEnds()
    {
        const QByteArray answer = answerOf(5000);
        FixedServer server(answer);
        QTemporaryDir dir;
        const QString stats = dir.filePath(u"stats.json"_s);
        QProcess program;
        program.start(QStringLiteral(KPIGROUPS_SHAPING_PROXY),
                      {u"--target"_s, u"127.0.0.1:%1"_s.arg(server.serverPort()), u"--delay"_s,
                       u"5"_s, u"--rate"_s, u"100"_s, u"--stats"_s, stats});
        QVERIFY(program.waitForReadyRead(10000));
        const QByteArray banner = program.readLine();
        QVERIFY2(banner.endsWith(" 5 ms each way, 100 Mbit/s each way\n"), banner.constData());
        const quint16 port = banner.split(' ').at(2).split(':').at(1).toUShort();
        const RawHttpReply reply = rawHttpExchange(port, request);
        QVERIFY(reply.complete);
        QCOMPARE(reply.body, QByteArray(5000, 'x'));
        program.terminate();
        QVERIFY(program.waitForFinished(10000));
        QCOMPARE(program.readAll(), QByteArray("up 61 bytes, down 5041 bytes, 1 connections\n"));
        QFile file(stats);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"up\":61,\"down\":5041,\"connections\":1}\n"));
    }
};

QTEST_GUILESS_MAIN(TestShapingProxy)
#include "tst_shapingproxy.moc"

// kpigroups-shaping-proxy: loopback made to look like a real link, for benchmarks (see
// shapingproxy.h). Prints the bytes it moved each way on SIGUSR1 and when it ends (SIGINT,
// SIGTERM), and keeps them in a file with --stats.
#include "shapingproxy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int number)
{
    const char byte = char(number);
    (void)::write(signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"kpigroups-shaping-proxy"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A TCP proxy on 127.0.0.1 that adds a one-way delay and a bandwidth cap (each direction "
        u"shared by all connections) and counts the bytes it moves each way. The counts are "
        u"printed on SIGUSR1 and at the end (SIGINT, SIGTERM)."_s);
    parser.addHelpOption();
    const QCommandLineOption listenOption(u"listen"_s, u"Port to listen on (0: any free port)."_s,
                                          u"PORT"_s, u"0"_s);
    const QCommandLineOption targetOption(u"target"_s, u"Where to forward to."_s, u"HOST:PORT"_s);
    const QCommandLineOption delayOption(
        u"delay"_s, u"One-way delay (40 makes a round trip of 80 ms)."_s, u"MS"_s, u"0"_s);
    const QCommandLineOption rateOption(
        u"rate"_s, u"Bandwidth of each direction, shared by all connections (0: none)."_s,
        u"MBIT/S"_s, u"0"_s);
    const QCommandLineOption noHandshakeOption(
        u"no-handshake"_s, u"Do not hold a new connection's first bytes for a round trip."_s);
    const QCommandLineOption statsOption(
        u"stats"_s, u"Write {\"up\":…,\"down\":…,\"connections\":…} here as connections end."_s,
        u"FILE"_s);
    parser.addOptions(
        {listenOption, targetOption, delayOption, rateOption, noHandshakeOption, statsOption});
    parser.process(app);

    QTextStream err(stderr);
    const auto fail = [&](const QString &message) {
        err << "kpigroups-shaping-proxy: " << message << '\n';
        return 2;
    };
    ShapingProxy::Options options;
    const QString target = parser.value(targetOption);
    bool portOk = false;
    options.targetHost = target.section(u':', 0, -2);
    options.targetPort = target.section(u':', -1).toUShort(&portOk);
    if (options.targetHost.isEmpty() || !portOk || options.targetPort == 0)
        return fail(u"--target needs HOST:PORT"_s);
    bool ok = false;
    const int delay = parser.value(delayOption).toInt(&ok);
    if (!ok || delay < 0)
        return fail(u"--delay needs a whole number of milliseconds"_s);
    options.delay = std::chrono::milliseconds(delay);
    const double rate = parser.value(rateOption).toDouble(&ok);
    if (!ok || rate < 0)
        return fail(u"--rate needs a number of Mbit/s"_s);
    options.bitsPerSecond = qint64(rate * 1e6);
    options.handshake = !parser.isSet(noHandshakeOption);
    const quint16 port = parser.value(listenOption).toUShort(&ok);
    if (!ok)
        return fail(u"--listen needs a port"_s);

    ShapingProxy proxy(options);
    if (!proxy.listen(port))
        return fail(u"cannot listen on 127.0.0.1:%1"_s.arg(port));
    const QString statsFile = parser.value(statsOption);
    const auto writeStats = [&] {
        if (statsFile.isEmpty())
            return;
        QSaveFile file(statsFile);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(proxy.statsJson() + '\n');
            file.commit();
        }
    };
    writeStats();
    QObject::connect(&proxy, &ShapingProxy::connectionClosed, &app, writeStats);

    QTextStream out(stdout);
    const auto printStats = [&] {
        out << "up " << proxy.bytesUp() << " bytes, down " << proxy.bytesDown() << " bytes, "
            << proxy.connections() << " connections\n";
        out.flush();
    };
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return fail(u"no socket pair for signals"_s);
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char number = 0;
        if (::read(signalPipe[0], &number, 1) != 1)
            return;
        printStats();
        if (number != SIGUSR1) {
            writeStats();
            app.quit();
        }
    });
    std::signal(SIGUSR1, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    out << "kpigroups-shaping-proxy on 127.0.0.1:" << proxy.port() << " to " << target << ", "
        << delay << " ms each way, "
        << (rate > 0 ? QString::number(rate) + u" Mbit/s"_s : u"no cap"_s) << " each way\n";
    out.flush();
    return app.exec();
}

// kpigroups-bench: how fast KpiGroupsClient brings a large account home, against peers measured in
// the same run on the same kpigroups-sandbox. Not a test: it prints figures and target checks.
#include "groupcache.h"
#include "groupfiltermodel.h"
#include "grouplistmodel.h"
#include "nginxfront.h"
#include "sandboxgenerator.h"
#include "sandboxstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <csignal>
#include <functional>
#include <optional>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

extern char **environ;

namespace {

QTextStream out(stdout);

struct ChildRun
{
    bool ok = false;
    QByteArray output; // unless dropped
    qsizetype lines = 0;
    double maxRssMb = 0;
};

// Runs a program to its end and reads its peak RSS from wait4(), which QProcess does not offer.
// With `keepOutput` false, the output is only counted: a child's maxrss starts from this
// process's at the spawn (Linux keeps it across exec), so this one stays small.
ChildRun runChild(const QStringList &command, bool keepOutput = true)
{
    int pipeFds[2];
    if (pipe(pipeFds) != 0)
        return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    std::vector<QByteArray> storage;
    std::vector<char *> argv;
    for (const QString &arg : command)
        storage.push_back(arg.toLocal8Bit());
    for (QByteArray &arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipeFds[1]);
    ChildRun run;
    if (spawned != 0) {
        close(pipeFds[0]);
        return run;
    }
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(pipeFds[0], buffer, sizeof buffer)) > 0) {
        run.lines += std::count(buffer, buffer + n, '\n');
        if (keepOutput)
            run.output.append(buffer, n);
    }
    close(pipeFds[0]);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    run.maxRssMb = double(usage.ru_maxrss) / 1024.0;
    return run;
}

struct Sample
{
    double ms = 0;
    double rssMb = 0;
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

struct Row
{
    QString name;
    QList<double> ms;
    QList<double> rss;
};

double maximum(const QList<double> &values)
{
    return values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end());
}

template<typename Step>
double timeMs(Step step)
{
    QElapsedTimer timer;
    timer.start();
    step();
    return double(timer.nsecsElapsed()) / 1e6;
}

// Typing a search into the list, one keystroke at a time, then erasing it: GroupFilterModel
// against a plain QSortFilterProxyModel on the same groups.
void benchmarkModels(int groupCount)
{
    SandboxStore store;
    SandboxGenerator::Options options;
    options.groups = groupCount;
    options.kpis = 0;
    SandboxGenerator::populate(store, options);
    QList<KpiGroup> groups;
    for (const SandboxGroup &g : store.account(SandboxGenerator::demoAccountId)->groups) {
        groups.append({g.id, QString(SandboxGenerator::demoAccountId), g.name, g.createdById,
                       g.modifiedById, QDateTime::fromMSecsSinceEpoch(g.dateCreated, Qt::UTC),
                       QDateTime::fromMSecsSinceEpoch(g.dateUpdated, Qt::UTC), false});
    }

    GroupListModel model;
    const double loadMs = timeMs([&] { model.setGroups(groups); });
    GroupFilterModel filter;
    const double firstSortMs = timeMs([&] { filter.setSourceModel(&model); });
    QSortFilterProxyModel peer;
    peer.setFilterCaseSensitivity(Qt::CaseInsensitive);
    peer.setSourceModel(&model);
    peer.sort(0);

    const QString typed = u"sales pipe"_s;
    QStringList keystrokes;
    for (qsizetype i = 1; i <= typed.size(); ++i)
        keystrokes.append(typed.left(i));
    for (qsizetype i = typed.size() - 1; i >= 0; --i)
        keystrokes.append(typed.left(i));
    QList<double> ours, theirs;
    for (const QString &text : std::as_const(keystrokes)) {
        ours.append(timeMs([&] { filter.setSearchText(text); }));
        theirs.append(timeMs([&] { peer.setFilterFixedString(text); }));
    }
    QList<double> sorts;
    for (auto key : {GroupFilterModel::SortKey::Updated, GroupFilterModel::SortKey::Created,
                     GroupFilterModel::SortKey::Name})
        sorts.append(timeMs([&] { filter.setSortKey(key); }));

    out << "\nThe group list with " << groupCount << " groups (models only, no view)\n";
    out << "  GroupListModel::setGroups            " << QString::number(loadMs, 'f', 1) << " ms\n";
    out << "  first sort by name                   " << QString::number(firstSortMs, 'f', 1)
        << " ms\n";
    out << "  search keystroke, GroupFilterModel   median " << QString::number(median(ours), 'f', 1)
        << " ms, worst " << QString::number(maximum(ours), 'f', 1) << " ms\n";
    out << "  search keystroke, QSortFilterProxyModel::setFilterFixedString  median "
        << QString::number(median(theirs), 'f', 1) << " ms, worst "
        << QString::number(maximum(theirs), 'f', 1) << " ms\n";
    out << "  change of sort                       median "
        << QString::number(median(sorts), 'f', 1) << " ms, worst "
        << QString::number(maximum(sorts), 'f', 1) << " ms\n";

    // The list kept for the next start, and read back at it.
    QTemporaryDir cacheDir;
    const GroupCache cache(cacheDir.path());
    const QString key = u"bench"_s;
    QList<double> saves, loads;
    for (int run = 0; run < 5; ++run) {
        saves.append(timeMs([&] { cache.save(key, groups); }));
        loads.append(timeMs([&] {
            if (cache.load(key)->groups.size() != groups.size())
                out << "the cache lost groups\n";
        }));
    }
    out << "  cache: save " << QString::number(median(saves), 'f', 1) << " ms, load "
        << QString::number(median(loads), 'f', 1) << " ms, "
        << QString::number(double(QFileInfo(cache.fileFor(key)).size()) / 1e6, 'f', 1) << " MB\n";
}

struct Sandbox
{
    QProcess process;
    QString baseUrl;

    // Uncompressed unless `gzip`, as the loopback figures always were: there gzip only costs
    // time.
    bool start(int groups, int latencyMs = 0, bool gzip = false)
    {
        QStringList arguments = {u"--groups"_s,  QString::number(groups),   u"--kpis"_s, u"1000"_s,
                                 u"--latency"_s, QString::number(latencyMs)};
        if (!gzip)
            arguments.append(u"--no-gzip"_s);
        process.start(QStringLiteral(KPIGROUPS_SANDBOX), arguments);
        if (!process.waitForReadyRead(60000))
            return false;
        baseUrl = QString::fromUtf8(process.readLine()).trimmed().section(u' ', -1);
        return !baseUrl.isEmpty();
    }
    ~Sandbox()
    {
        process.kill();
        process.waitForFinished();
    }
};

// "key value" lines of kpigroups-bench-app.
QHash<QString, double> appFigures(const ChildRun &run)
{
    QHash<QString, double> figures;
    for (const QByteArray &line : run.output.split('\n')) {
        const QList<QByteArray> parts = line.trimmed().split(' ');
        if (parts.size() == 2)
            figures.insert(QString::fromLatin1(parts.at(0)), parts.at(1).toDouble());
    }
    return figures;
}

QString number(double value, int decimals = 1)
{
    return QString::number(value, 'f', decimals);
}

void row(const QString &what, const QString &figure, const QString &peer, const QString &target,
         std::optional<bool> met)
{
    out << Qt::left << qSetFieldWidth(58) << what << qSetFieldWidth(28) << figure
        << qSetFieldWidth(46) << peer << qSetFieldWidth(0) << target;
    if (met)
        out << (*met ? "  met" : "  NOT met");
    out << '\n';
}

// A link of the benchmarks: kpigroups-shaping-proxy's one-way delay and bandwidth cap.
struct LinkProfile
{
    QString name;
    int delayMs;  // one way
    double mbits; // each way
    double roundTripS() const { return 2 * delayMs / 1000.0; }
};

// What the proxy moved, as it prints it ("up U bytes, down D bytes, N connections").
struct Bytes
{
    qint64 up = 0;
    qint64 down = 0;
    qint64 total() const { return up + down; }
    Bytes operator-(const Bytes &other) const { return {up - other.up, down - other.down}; }
};

// One kpigroups-shaping-proxy in front of a server, for one program's run: what it moved is that
// program's.
class LinkProxy
{
public:
    // `port`: 0 for any; the app's runs share one, as its cache and settings are the server's
    // address's.
    bool start(const QString &targetBaseUrl, const LinkProfile &profile, quint16 port = 0)
    {
        const QUrl target(targetBaseUrl);
        m_process.start(QStringLiteral(KPIGROUPS_SHAPING_PROXY),
                        {u"--listen"_s, QString::number(port), u"--target"_s,
                         u"127.0.0.1:%1"_s.arg(target.port()), u"--delay"_s,
                         QString::number(profile.delayMs), u"--rate"_s,
                         QString::number(profile.mbits)});
        if (!m_process.waitForReadyRead(10000))
            return false;
        // "kpigroups-shaping-proxy on 127.0.0.1:PORT to …"
        const QString banner = QString::fromUtf8(m_process.readLine());
        const int listening = banner.section(u' ', 2, 2).section(u':', 1).toInt();
        QUrl through = target;
        through.setPort(listening);
        m_baseUrl = through.toString();
        return listening > 0;
    }
    QString baseUrl() const { return m_baseUrl; }
    qint64 pid() const { return m_process.processId(); }
    // Ends it: the counts it printed, in order, the last one at its end.
    QList<Bytes> finish()
    {
        ::kill(pid_t(m_process.processId()), SIGTERM);
        m_process.waitForFinished(10000);
        QList<Bytes> counts;
        for (const QByteArray &line : m_process.readAllStandardOutput().split('\n')) {
            const QList<QByteArray> words = line.split(' ');
            if (words.size() >= 6 && words.at(0) == "up" && words.at(3) == "down")
                counts.append({words.at(1).toLongLong(), words.at(4).toLongLong()});
        }
        return counts;
    }
    ~LinkProxy()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

private:
    QProcess m_process;
    QString m_baseUrl;
};

// The runs of one row: times in seconds, and bytes.
struct LinkRow
{
    QList<double> seconds;
    QList<double> bytes;     // down and up
    QList<double> downBytes; // down only: what the bandwidth limits
    void add(double s, const Bytes &moved)
    {
        seconds.append(s);
        bytes.append(double(moved.total()));
        downBytes.append(double(moved.down));
    }
    double time() const { return median(seconds); }
    double megabytes() const { return median(bytes) / 1e6; }
    // What no scheme that moves these bytes in these round trips can beat.
    double floor(const LinkProfile &profile, int roundTrips) const
    {
        return median(downBytes) * 8 / (profile.mbits * 1e6) + roundTrips * profile.roundTripS();
    }
};

QString seconds(double s)
{
    return QString::number(s, 'f', s < 1 ? 3 : 2) + u" s"_s;
}

// Lists, loads and refreshes through a shaped link (issue 22): a cold load, a start from the
// cache with 1 % of the groups changed elsewhere and its refresh (then the same list read whole,
// as every refresh did before), the command line, against curl and Python's requests; with the
// bytes each moved and the floor of each (its bytes over the bandwidth, plus its round trips).
// Every program gets a proxy of its own, so that what the proxy counts is that program's.
// How the server of a link row speaks: the sandbox plain or compressing, or nginx in front of it
// (HTTPS, HTTP/2 and gzip), as the real API is reached.
enum class LinkServer
{
    Plain,
    Gzip,
    Http2
};

LinkServer linkServerNamed(const QString &name, bool *ok)
{
    *ok = true;
    if (name == u"plain"_s)
        return LinkServer::Plain;
    if (name == u"gzip"_s)
        return LinkServer::Gzip;
    *ok = name == u"h2"_s;
    return LinkServer::Http2;
}

QString describe(LinkServer server)
{
    switch (server) {
    case LinkServer::Plain:
        return u"plain JSON"_s;
    case LinkServer::Gzip:
        return u"gzip"_s;
    case LinkServer::Http2:
        return u"HTTPS + HTTP/2 + gzip (nginx)"_s;
    }
    return {};
}

// Sets an environment variable of this process (and so of the programs it starts) for a scope.
class ScopedEnvironment
{
public:
    ScopedEnvironment(const char *name, const QString &value)
        : m_name(name)
        , m_was(qgetenv(name))
        , m_wasSet(qEnvironmentVariableIsSet(name))
    {
        if (!value.isEmpty())
            qputenv(name, value.toLocal8Bit());
    }
    ~ScopedEnvironment()
    {
        if (m_wasSet)
            qputenv(m_name, m_was);
        else
            qunsetenv(m_name);
    }
    ScopedEnvironment(const ScopedEnvironment &) = delete;
    ScopedEnvironment &operator=(const ScopedEnvironment &) = delete;

private:
    const char *m_name;
    QByteArray m_was;
    bool m_wasSet;
};

int benchmarkLink(int groups, int runs, const QList<LinkServer> &servers, const QString &pythonPath,
                  const QString &curlConfig, const QString &account)
{
    const QList<LinkProfile> profiles = {{u"80 ms / 20 Mbit/s"_s, 40, 20},
                                         {u"30 ms / 100 Mbit/s"_s, 15, 100}};
    const QString script = uR"(
import os, sys, time, requests
headers = {"Authorization": "Bearer " + os.environ["QUANTIVE_TOKEN"],
           "gtmhub-accountId": sys.argv[2], "Content-Type": "application/json"}
start = time.perf_counter()
data = requests.get(sys.argv[1], headers=headers).json()
elapsed = time.perf_counter() - start
print(elapsed * 1000, len(data["items"]))
)"_s;
    int failures = 0;
    QHash<QString, double> plainColdMb, plainWholeS; // of each profile, once measured
    for (const LinkServer server : servers) {
        const bool gzip = server != LinkServer::Plain;
        const bool tls = server == LinkServer::Http2;
        Sandbox sandbox;
        if (!sandbox.start(groups, 0, server == LinkServer::Gzip)) {
            out << "kpigroups-sandbox did not start\n";
            return 1;
        }
        // What the programs reach through the link: the sandbox, or nginx in front of it. Its CA
        // is trusted by each (SSL_CERT_FILE: the app's TlsTrust; Python's requests; curl's
        // --cacert).
        NginxFront nginx;
        QString front = sandbox.baseUrl;
        if (tls) {
            if (!NginxFront::missing().isEmpty()) {
                out << "\nHTTPS + HTTP/2 rows skipped: " << NginxFront::missing() << '\n';
                continue;
            }
            if (!nginx.start(QUrl(sandbox.baseUrl).port())) {
                out << "nginx did not start: " << nginx.error() << '\n';
                return 1;
            }
            front = nginx.url(QUrl(sandbox.baseUrl).path()).toString();
        }
        const ScopedEnvironment trust("SSL_CERT_FILE", tls ? nginx.caCertificate() : QString());
        const ScopedEnvironment pythonTrust("REQUESTS_CA_BUNDLE",
                                            tls ? nginx.caCertificate() : QString());
        // Each connection's set-up: TCP, and TLS 1.3's one round trip over it.
        const int setUp = tls ? 2 : 1;
        const QUrl sandboxUrl(sandbox.baseUrl);
        QUrl touchUrl = sandboxUrl;
        touchUrl.setPath(u"/sandbox/touch"_s);
        touchUrl.setQuery(u"groups=%1"_s.arg(std::max(1, groups / 100)));
        // The sandbox sorts a list once per change of its data; a real server has indexes. Its
        // sorts are made before each measured run, off the link.
        const auto warmUp = [&] {
            for (const QString &query : {u"sort=id&take=1"_s, u"sort=name&take=1"_s,
                                         u"filter=%7B%22favorite%22%3Atrue%7D&sort=id&take=1"_s})
                runChild({u"curl"_s, u"-s"_s, u"-o"_s, u"/dev/null"_s, u"-K"_s, curlConfig,
                          sandbox.baseUrl + u"/kpis/groups?"_s + query});
        };
        for (const LinkProfile &profile : profiles) {
            LinkRow curlRow, pythonRow, cliRow, firstPage, cold, cachedPaint, refresh, whole;
            QList<double> refreshStalls;
            QTemporaryDir cacheDir;
            quint16 appPort = 0;
            {
                QTcpServer probe;
                if (probe.listen(QHostAddress::LocalHost))
                    appPort = probe.serverPort();
            }
            for (int i = 0; i < runs; ++i) {
                warmUp();
                const auto through = [&](const std::function<bool(LinkProxy &)> &run,
                                         quint16 port = 0) {
                    LinkProxy proxy;
                    if (!proxy.start(front, profile, port) || !run(proxy))
                        ++failures;
                };
                through([&](LinkProxy &proxy) {
                    QStringList command = {u"curl"_s,      u"-s"_s,   u"-o"_s,
                                           u"/dev/null"_s, u"-w"_s,   u"%{time_total}"_s,
                                           u"-K"_s,        curlConfig};
                    if (gzip)
                        command.append(u"--compressed"_s);
                    if (tls)
                        command.append({u"--cacert"_s, nginx.caCertificate()});
                    command.append(proxy.baseUrl() + u"/kpis/groups?sort=id"_s);
                    const ChildRun run = runChild(command);
                    curlRow.add(run.output.toDouble(), proxy.finish().value(0));
                    return run.ok;
                });
                through([&](LinkProxy &proxy) {
                    const ChildRun run =
                        runChild({pythonPath, u"-c"_s, script,
                                  proxy.baseUrl() + u"/kpis/groups?sort=id"_s, account});
                    const QList<QByteArray> figures = run.output.trimmed().split(' ');
                    pythonRow.add(figures.value(0).toDouble() / 1000, proxy.finish().value(0));
                    return run.ok && figures.value(1).toInt() == groups;
                });
                through([&](LinkProxy &proxy) {
                    QElapsedTimer timer;
                    timer.start();
                    const ChildRun run =
                        runChild({QStringLiteral(KPIGROUPS_CLI), u"--base-url"_s, proxy.baseUrl(),
                                  u"--account"_s, account, u"--json"_s, u"list"_s, u"--all"_s},
                                 false);
                    cliRow.add(double(timer.nsecsElapsed()) / 1e9, proxy.finish().value(0));
                    return run.ok && run.lines - 2 == groups;
                });
                // The app: a cold start, which keeps the list; 1 % changed elsewhere; a start
                // from the kept list, its refresh, then the list read whole.
                QDir(cacheDir.path()).removeRecursively();
                through(
                    [&](LinkProxy &proxy) {
                        const ChildRun run = runChild(
                            {QStringLiteral(KPIGROUPS_BENCH_APP), proxy.baseUrl(), account,
                             cacheDir.path(), u"--proxy-pid"_s, QString::number(proxy.pid())});
                        const QHash<QString, double> figures = appFigures(run);
                        const QList<Bytes> counts = proxy.finish(); // painted, whole, end
                        firstPage.add(figures.value(u"connect_to_painted_ms"_s) / 1000,
                                      counts.value(0));
                        cold.add(figures.value(u"connect_to_whole_ms"_s) / 1000, counts.value(1));
                        return run.ok && int(figures.value(u"groups"_s)) == groups;
                    },
                    appPort);
                runChild({u"curl"_s, u"-s"_s, u"-o"_s, u"/dev/null"_s, u"-X"_s, u"POST"_s, u"-K"_s,
                          curlConfig, touchUrl.toString()});
                warmUp();
                through(
                    [&](LinkProxy &proxy) {
                        const ChildRun run =
                            runChild({QStringLiteral(KPIGROUPS_BENCH_APP), proxy.baseUrl(), account,
                                      cacheDir.path(), u"--proxy-pid"_s,
                                      QString::number(proxy.pid()), u"--then-whole-refresh"_s});
                        const QHash<QString, double> figures = appFigures(run);
                        const QList<Bytes> counts = proxy.finish(); // painted, refreshed, whole
                        cachedPaint.add(figures.value(u"connect_to_painted_ms"_s) / 1000,
                                        counts.value(0));
                        refresh.add(figures.value(u"painted_to_whole_ms"_s) / 1000,
                                    counts.value(1) - counts.value(0));
                        whole.add(figures.value(u"whole_refresh_ms"_s) / 1000,
                                  counts.value(2) - counts.value(1));
                        refreshStalls.append(figures.value(u"load_stall_ms"_s));
                        return run.ok && figures.value(u"from_cache"_s) == 1 &&
                               int(figures.value(u"groups"_s)) == groups;
                    },
                    appPort);
            }
            out << "\n"
                << groups << " groups, " << describe(server) << ", " << profile.name
                << " (kpigroups-shaping-proxy); median of " << runs << " runs\n";
            const auto line = [&](const QString &what, const LinkRow &r, int roundTrips,
                                  const QString &target = {}, std::optional<bool> met = {}) {
                const double floor = r.floor(profile, roundTrips);
                row(u"  "_s + what,
                    seconds(r.time()) + u", "_s + number(r.megabytes(), 2) + u" MB"_s,
                    u"floor "_s + seconds(floor) + u" ("_s + QString::number(roundTrips) +
                        u" round trips), x"_s + number(r.time() / floor, 2),
                    target, met);
            };
            line(gzip ? u"curl --compressed, the whole list in one request"_s
                      : u"curl, the whole list in one request"_s,
                 curlRow, setUp + 1);
            line(u"Python requests .json(), one request"_s, pythonRow, setUp + 1);
            line(u"CLI --json list --all, process"_s, cliRow, setUp + 2);
            const bool slowLink = profile.delayMs >= 40;
            row(u"  app: cold, first page painted"_s, seconds(firstPage.time()), QString(),
                slowLink ? u"<= 0.3 s"_s : QString(),
                slowLink ? std::optional(firstPage.time() <= 0.3) : std::nullopt);
            if (gzip)
                line(u"app: cold, whole list painted"_s, cold, setUp + 2,
                     u"<= 1.3 x curl: x"_s + number(cold.time() / curlRow.time(), 2),
                     cold.time() <= 1.3 * curlRow.time());
            else
                line(u"app: cold, whole list painted"_s, cold, setUp + 2);
            row(u"  app: cached start, list painted"_s, seconds(cachedPaint.time()), QString(),
                QString(), std::nullopt);
            // The targets: bytes against a cold load of plain JSON; time on the slow link,
            // against the same list read whole as plain JSON (as every refresh did before: the
            // issue's "today") and the floor. A compressing server's rows are held to the plain
            // rows of the run, when it measured them.
            if (!gzip) {
                plainColdMb.insert(profile.name, cold.megabytes());
                plainWholeS.insert(profile.name, whole.time());
            }
            const double bytesRatio =
                refresh.megabytes() / plainColdMb.value(profile.name, cold.megabytes());
            const double timeRatio = refresh.time() / plainWholeS.value(profile.name, whole.time());
            const bool againstPlain = plainColdMb.contains(profile.name);
            // Its round trips: the connections, the stamps' first pages (then the rest as the
            // link allows, the changed groups fetched meanwhile), the changed groups left.
            const double floorRatio = refresh.time() / refresh.floor(profile, setUp + 2);
            const bool targeted = groups >= 100000; // the issue's targets are of 100,000
            const bool bytesTargeted = targeted && againstPlain;
            const bool timeTargeted = targeted && slowLink && againstPlain;
            const QString plain = gzip ? u" plain"_s : QString();
            const QString targets =
                u"bytes x"_s + number(bytesRatio, 2) + u" of cold"_s + plain +
                (bytesTargeted ? u" <= 0.3"_s : QString()) + u"; time x"_s + number(timeRatio, 2) +
                u" of whole"_s + plain + (timeTargeted ? u" <= 0.33"_s : QString()) + u", x"_s +
                number(floorRatio, 2) + u" of floor"_s + (timeTargeted ? u" <= 1.5"_s : QString());
            std::optional<bool> met;
            if (bytesTargeted || timeTargeted)
                met = (!bytesTargeted || bytesRatio <= 0.3) &&
                      (!timeTargeted || (timeRatio <= 1.0 / 3 && floorRatio <= 1.5));
            line(u"app: its refresh, 1 % changed elsewhere"_s, refresh, setUp + 2, targets, met);
            line(u"app: the same list read whole (Shift+F5, as before)"_s, whole, setUp + 2);
            row(u"  app: longest GUI stall, cached start and refreshes"_s,
                number(maximum(refreshStalls)) + u" ms"_s, QString(), u"<= 16 ms"_s,
                maximum(refreshStalls) <= 16);
            out.flush();
        }
    }
    if (failures > 0)
        out << failures << " runs failed\n";
    return failures > 0 ? 1 : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Benchmarks KpiGroupsClient and the app against curl, Python and Qt's own proxy."_s);
    parser.addHelpOption();
    parser.addOption({u"groups"_s, u"Groups in the large account."_s, u"N"_s, u"100000"_s});
    parser.addOption(
        {u"seen-groups"_s, u"Groups in the account started from its cache."_s, u"N"_s, u"10000"_s});
    parser.addOption({u"runs"_s, u"Runs of each row; the median is shown."_s, u"N"_s, u"5"_s});
    parser.addOption({u"python"_s, u"Python with requests."_s, u"PATH"_s, u"/usr/bin/python3"_s});
    parser.addOption({u"models-only"_s, u"Measure only the group list models, in-process."_s});
    parser.addOption({u"link"_s,
                      u"Measure only through kpigroups-shaping-proxy, on two links (80 ms / 20 "
                      u"Mbit/s, 30 ms / 100 Mbit/s), plain and compressed, for this many groups "
                      u"(comma-separated)."_s,
                      u"N,..."_s});
    parser.addOption({u"link-runs"_s, u"Runs of each row through the proxy."_s, u"N"_s, u"3"_s});
    parser.addOption({u"link-servers"_s,
                      u"The servers of the link rows (comma-separated): plain, gzip (the sandbox "
                      u"itself), h2 (nginx in front of it: HTTPS, HTTP/2, gzip)."_s,
                      u"NAMES"_s, u"plain,gzip,h2"_s});
    parser.process(app);
    const int groups = parser.value(u"groups"_s).toInt();
    const int seenGroups = parser.value(u"seen-groups"_s).toInt();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    if (parser.isSet(u"models-only"_s)) {
        benchmarkModels(groups);
        return 0;
    }

    const QString account = SandboxGenerator::demoAccountId;
    const QString token = SandboxGenerator::demoToken;
    qputenv("QUANTIVE_TOKEN", token.toUtf8());

    // The headers from a file of the owner's, so that the token is on no command line.
    QTemporaryDir curlDir;
    QFile curlConfig(curlDir.filePath(u"curlrc"_s));
    if (!curlConfig.open(QIODevice::WriteOnly)) {
        out << "cannot write curl's configuration\n";
        return 1;
    }
    curlConfig.write("header = \"Authorization: Bearer " + token.toUtf8() +
                     "\"\nheader = \"gtmhub-accountId: " + account.toUtf8() + "\"\n");
    curlConfig.close();
    if (parser.isSet(u"link"_s)) {
        QList<LinkServer> servers;
        for (const QString &name : parser.value(u"link-servers"_s).split(u',')) {
            bool known = false;
            servers.append(linkServerNamed(name, &known));
            if (!known) {
                out << "no such server: " << name << " (plain, gzip or h2)\n";
                return 2;
            }
        }
        int result = 0;
        for (const QString &size : parser.value(u"link"_s).split(u',')) {
            result |=
                benchmarkLink(size.toInt(), std::max(1, parser.value(u"link-runs"_s).toInt()),
                              servers, parser.value(u"python"_s), curlConfig.fileName(), account);
        }
        return result;
    }

    Sandbox large;
    if (!large.start(groups)) {
        out << "kpigroups-sandbox did not start\n";
        return 1;
    }
    const QString url = large.baseUrl + u"/kpis/groups?sort=id"_s;
    const QStringList curl = {u"curl"_s, u"-s"_s,
                              u"-o"_s,   u"/dev/null"_s,
                              u"-w"_s,   u"%{time_total}"_s,
                              u"-K"_s,   curlConfig.fileName(),
                              url};
    const QString script = uR"(
import os, sys, time, requests
headers = {"Authorization": "Bearer " + os.environ["QUANTIVE_TOKEN"],
           "gtmhub-accountId": sys.argv[2], "Content-Type": "application/json"}
start = time.perf_counter()
data = requests.get(sys.argv[1], headers=headers).json()
elapsed = time.perf_counter() - start
print(elapsed * 1000, len(data["items"]))
)"_s;
    const QStringList python = {parser.value(u"python"_s), u"-c"_s, script, url, account};
    // The command line at scale (issue 11): whole processes, timed from outside, against
    // Python writing the same list as JSON, and curl's process.
    const QString dumpScript = uR"(
import os, sys, json, requests
headers = {"Authorization": "Bearer " + os.environ["QUANTIVE_TOKEN"],
           "gtmhub-accountId": sys.argv[2], "Content-Type": "application/json"}
data = requests.get(sys.argv[1], headers=headers).json()
with open(os.devnull, "w") as out:
    json.dump(data["items"], out, indent=4)
)"_s;
    const QStringList pythonDump = {parser.value(u"python"_s), u"-c"_s, dumpScript, url, account};
    const QStringList cliJson = {QStringLiteral(KPIGROUPS_CLI),
                                 u"--base-url"_s,
                                 large.baseUrl,
                                 u"--account"_s,
                                 account,
                                 u"--json"_s,
                                 u"list"_s,
                                 u"--all"_s};
    const QStringList cliTable = {QStringLiteral(KPIGROUPS_CLI),
                                  u"--base-url"_s,
                                  large.baseUrl,
                                  u"--account"_s,
                                  account,
                                  u"list"_s,
                                  u"--all"_s};
    const auto timed = [](const QStringList &command) {
        QElapsedTimer timer;
        timer.start();
        ChildRun run = runChild(command, false);
        return std::pair(run, double(timer.nsecsElapsed()) / 1e6);
    };
    const QStringList client = {QStringLiteral(KPIGROUPS_BENCH_CLIENT), large.baseUrl, account};

    out << "KPI Groups benchmark: " << groups << " groups from kpigroups-sandbox; median of "
        << runs << " runs after a warm-up; every measured program in a process of its own\n";
    out.flush();

    QList<double> curlMs, curlRss, pythonMs, pythonRss, clientMs, clientRss;
    QList<double> curlWallMs, dumpMs, dumpRss, cliJsonMs, cliJsonRss, cliTableMs, cliTableRss;
    QList<QHash<QString, double>> apps, warmApps;
    QTemporaryDir cacheDir;
    for (int i = 0; i <= runs; ++i) {
        const ChildRun c = runChild(curl);
        const ChildRun p = runChild(python);
        const ChildRun k = runChild(client);
        const auto [cw, cwMs] = timed(curl);
        const auto [d, dMs] = timed(pythonDump);
        const auto [j, jMs] = timed(cliJson);
        const auto [t, tMs] = timed(cliTable);
        const qsizetype jsonGroups = j.lines - 2; // a group a line, between "[" and "]"
        const qsizetype tableRows = t.lines - 1;  // below the header
        if (!cw.ok || !d.ok || !j.ok || !t.ok || jsonGroups != groups || tableRows != groups) {
            out << "a run of the command line failed: curl " << cw.ok << ", python " << d.ok
                << ", json " << j.ok << " (" << jsonGroups << "), table " << t.ok << " ("
                << tableRows << ")\n";
            return 1;
        }
        QDir(cacheDir.path()).removeRecursively(); // a cold start: nothing seen before
        const ChildRun a = runChild({QStringLiteral(KPIGROUPS_BENCH_APP), large.baseUrl, account,
                                     cacheDir.path(), u"--search-and-sort"_s});
        // Then the same account again, from the list the cold start kept.
        const ChildRun w = runChild(
            {QStringLiteral(KPIGROUPS_BENCH_APP), large.baseUrl, account, cacheDir.path()});
        const QList<QByteArray> pythonOut = p.output.trimmed().split(' ');
        const QList<QByteArray> clientOut = k.output.trimmed().split(' ');
        const QHash<QString, double> figures = appFigures(a);
        const QHash<QString, double> warm = appFigures(w);
        if (!c.ok || !p.ok || !k.ok || !a.ok || !w.ok || pythonOut.value(1).toInt() != groups ||
            clientOut.value(1).toInt() != groups || int(figures.value(u"groups"_s)) != groups ||
            int(warm.value(u"groups"_s)) != groups || warm.value(u"from_cache"_s) != 1) {
            out << "a run failed: curl " << c.ok << ", python " << p.ok << ", client " << k.ok
                << ", app " << a.ok << ", app from its cache " << w.ok << "\n";
            return 1;
        }
        if (i == 0)
            continue;
        curlMs.append(c.output.toDouble() * 1000);
        curlWallMs.append(cwMs);
        dumpMs.append(dMs);
        dumpRss.append(d.maxRssMb);
        cliJsonMs.append(jMs);
        cliJsonRss.append(j.maxRssMb);
        cliTableMs.append(tMs);
        cliTableRss.append(t.maxRssMb);
        curlRss.append(c.maxRssMb);
        pythonMs.append(pythonOut.value(0).toDouble());
        pythonRss.append(p.maxRssMb);
        clientMs.append(clientOut.value(0).toDouble());
        clientRss.append(k.maxRssMb);
        apps.append(figures);
        warmApps.append(warm);
    }
    // One figure of every run.
    const auto across = [](const QList<QHash<QString, double>> &runFigures, const QString &key) {
        QList<double> values;
        for (const auto &figures : runFigures)
            values.append(figures.value(key));
        return values;
    };
    const auto appMedian = [&](const QString &key) { return median(across(apps, key)); };
    const auto appWorst = [&](const QString &key) { return maximum(across(apps, key)); };
    const auto warmMedian = [&](const QString &key) { return median(across(warmApps, key)); };

    // A smaller account, seen before: started from its cache, against its own cold start, with
    // the API as far away as a real one (150 ms a request).
    Sandbox seen;
    QList<double> coldStart, cachedStart;
    if (seen.start(seenGroups, 150)) {
        QTemporaryDir seenCache;
        for (int i = 0; i <= runs; ++i) {
            QDir(seenCache.path()).removeRecursively();
            const QStringList app = {QStringLiteral(KPIGROUPS_BENCH_APP), seen.baseUrl, account,
                                     seenCache.path()};
            const QHash<QString, double> cold = appFigures(runChild(app));
            const QHash<QString, double> cached = appFigures(runChild(app));
            if (i == 0 || cached.value(u"from_cache"_s) != 1)
                continue;
            coldStart.append(cold.value(u"painted_ms"_s));
            cachedStart.append(cached.value(u"painted_ms"_s));
        }
    }

    // Changes queued while the server could not be reached, then the server back (issue 20):
    // the window's drain against the client alone sending as many requests, and the longest
    // stall of the window meanwhile. 5,000 in every run, 50,000 once (it takes a minute).
    struct Drain
    {
        double count = 0, drainMs = 0, aloneMs = 0, stallMs = 0, queueStallMs = 0;
    };
    QMap<int, QList<Drain>> drains;
    for (const auto &[size, times] : {std::pair(5000, runs), std::pair(50000, 1)}) {
        for (int i = 0; i < times; ++i) {
            const ChildRun d = runChild(
                {QStringLiteral(KPIGROUPS_BENCH_APP), u"--drain"_s, QString::number(size)});
            const QHash<QString, double> f = appFigures(d);
            if (!d.ok || f.value(u"drain_count"_s) <= 0) {
                out << "a drain of " << size << " changes failed\n";
                return 1;
            }
            drains[size].append({f.value(u"drain_count"_s), f.value(u"drain_ms"_s),
                                 f.value(u"client_alone_ms"_s), f.value(u"drain_stall_ms"_s),
                                 f.value(u"queue_stall_ms"_s)});
        }
    }

    // 100 KPIs moved at once into another group (issue 24): the window's longest stall.
    QList<double> moveStalls, moveAnswered;
    for (int i = 0; i < runs; ++i) {
        const ChildRun m =
            runChild({QStringLiteral(KPIGROUPS_BENCH_APP), u"--move-kpis"_s, u"100"_s});
        const QHash<QString, double> f = appFigures(m);
        if (!m.ok || f.value(u"moved_count"_s) != 100) {
            out << "a move of 100 KPIs failed\n";
            return 1;
        }
        moveStalls.append(f.value(u"move_stall_ms"_s));
        moveAnswered.append(f.value(u"move_answered_ms"_s));
    }

    // Each run's own ratio too: the median can hide runs that miss.
    const auto runRatios = [&](const QString &key) {
        QList<double> ratios;
        for (qsizetype i = 0; i < apps.size(); ++i)
            ratios.append((apps.at(i).value(key) - curlMs.at(i)) / (pythonMs.at(i) - curlMs.at(i)));
        std::sort(ratios.begin(), ratios.end());
        return ratios;
    };
    const QList<double> wholeRatios = runRatios(u"connect_to_whole_ms"_s);
    const auto runsMet = [](const QList<double> &ratios) {
        return std::count_if(ratios.begin(), ratios.end(), [](double r) { return r <= 1.0 / 3; });
    };

    const double curl_ = median(curlMs);
    const double pythonNet = median(pythonMs) - curl_;
    const double clientNet = median(clientMs) - curl_;
    const double appNet = appMedian(u"connect_to_painted_ms"_s) - curl_;
    const double wholeNet = appMedian(u"connect_to_whole_ms"_s) - curl_;
    const double stall =
        std::max({appWorst(u"load_stall_ms"_s), appWorst(u"search_stall_ms"_s),
                  appWorst(u"sort_stall_ms"_s), appWorst(u"change_stall_ms"_s),
                  appWorst(u"export_stall_ms"_s), maximum(across(warmApps, u"load_stall_ms"_s))});
    out << '\n';
    out << Qt::left;
    row(u"what"_s, u"figure"_s, u"peer, same run"_s, u"target"_s, std::nullopt);
    row(u"curl downloads the list"_s, number(curl_) + u" ms"_s, QString(), QString(), std::nullopt);
    row(u"Python requests .json()"_s, number(median(pythonMs)) + u" ms, net "_s + number(pythonNet),
        u"RSS "_s + number(median(pythonRss)) + u" MB"_s, QString(), std::nullopt);
    row(u"KpiGroupsClient, all pages (issue 3)"_s,
        number(median(clientMs)) + u" ms, net "_s + number(clientNet),
        u"net ratio to Python "_s + number(clientNet / pythonNet, 2),
        u"<= 0.33, RSS "_s + number(median(clientRss)) + u" MB <= 100"_s,
        clientNet <= pythonNet / 3 && median(clientRss) <= 100);
    const double curlWall = median(curlWallMs);
    const double dumpNet = median(dumpMs) - curlWall;
    row(u"Python requests .json() + json.dump, process"_s,
        number(median(dumpMs)) + u" ms, net "_s + number(dumpNet),
        u"RSS "_s + number(median(dumpRss)) + u" MB; curl's process "_s + number(curlWall) +
            u" ms"_s,
        QString(), std::nullopt);
    for (const auto &[what, ms, rss] : {std::tuple(u"CLI --json list --all, process (issue 11)"_s,
                                                   median(cliJsonMs), median(cliJsonRss)),
                                        std::tuple(u"CLI list --all (table), process (issue 11)"_s,
                                                   median(cliTableMs), median(cliTableRss))}) {
        const double net = ms - curlWall;
        row(what, number(ms) + u" ms, net "_s + number(net),
            u"net ratio to Python "_s + number(net / dumpNet, 2),
            u"<= 0.33, RSS "_s + number(rss) + u" MB <= 100"_s, net <= dumpNet / 3 && rss <= 100);
    }
    row(u"app: cold, first page painted"_s,
        number(appMedian(u"connect_to_painted_ms"_s)) + u" ms, net "_s + number(appNet),
        u"net ratio to Python "_s + number(appNet / pythonNet, 2), u"<= 0.33"_s,
        appNet <= pythonNet / 3);
    row(u"app: cold, whole list sorted and painted"_s,
        number(appMedian(u"connect_to_whole_ms"_s)) + u" ms, net "_s + number(wholeNet),
        u"net ratio to Python "_s + number(wholeNet / pythonNet, 2) + u", runs "_s +
            number(wholeRatios.first(), 2) + u" to "_s + number(wholeRatios.last(), 2),
        u"<= 0.33 ("_s + QString::number(runsMet(wholeRatios)) + u" of "_s +
            QString::number(wholeRatios.size()) + u" runs)"_s,
        wholeNet <= pythonNet / 3);
    row(u"app: peak RSS with the list loaded"_s, number(appMedian(u"loaded_rss_mb"_s)) + u" MB"_s,
        u"Python "_s + number(median(pythonRss)) + u" MB"_s, u"<= 100 MB"_s,
        appMedian(u"loaded_rss_mb"_s) <= 100);
    row(u"app: "_s + QString::number(groups) + u" seen before: start to painted list"_s,
        number(warmMedian(u"painted_ms"_s)) + u" ms"_s,
        u"cold, its first page (no latency) "_s + number(appMedian(u"painted_ms"_s)) + u" ms"_s,
        QString(), std::nullopt);
    row(u"app: "_s + QString::number(groups) + u" seen before: peak RSS, refreshed"_s,
        number(warmMedian(u"loaded_rss_mb"_s)) + u" MB"_s, QString(), u"<= 100 MB"_s,
        warmMedian(u"loaded_rss_mb"_s) <= 100);
    row(u"app: longest GUI stall (load, search, sort, changes, export)"_s, number(stall) + u" ms"_s,
        u"cold "_s + number(appWorst(u"load_stall_ms"_s)) + u", cached "_s +
            number(maximum(across(warmApps, u"load_stall_ms"_s))) + u", search "_s +
            number(appWorst(u"search_stall_ms"_s)) + u", sort "_s +
            number(appWorst(u"sort_stall_ms"_s)) + u", changes "_s +
            number(appWorst(u"change_stall_ms"_s)) + u", export "_s +
            number(appWorst(u"export_stall_ms"_s)),
        u"<= 16 ms"_s, stall <= 16);
    row(u"app: star, to the server's answer (journal on disk first)"_s,
        number(appMedian(u"star_answered_ms"_s)) + u" ms"_s,
        u"in memory "_s + number(appMedian(u"peer_star_answered_ms"_s)) + u" ms"_s, QString(),
        std::nullopt);
    row(u"app: rename, to the server's answer (journal on disk first)"_s,
        number(appMedian(u"rename_answered_ms"_s)) + u" ms"_s,
        u"in memory "_s + number(appMedian(u"peer_rename_answered_ms"_s)) + u" ms"_s, QString(),
        std::nullopt);
    row(u"app: search keystroke to updated view, erasing"_s,
        u"median "_s + number(appMedian(u"erase_median_ms"_s)) + u", worst "_s +
            number(appWorst(u"erase_worst_ms"_s)),
        u"QSFPM median "_s + number(appMedian(u"peer_erase_median_ms"_s)) + u", worst "_s +
            number(appWorst(u"peer_erase_worst_ms"_s)),
        u"<= 16 / <= 33 ms"_s,
        appMedian(u"erase_median_ms"_s) <= 16 && appWorst(u"erase_worst_ms"_s) <= 33);
    row(u"app: search keystroke to updated view, typing"_s,
        u"median "_s + number(appMedian(u"search_median_ms"_s)) + u", worst "_s +
            number(appWorst(u"search_worst_ms"_s)),
        u"QSFPM median "_s + number(appMedian(u"peer_median_ms"_s)) + u", worst "_s +
            number(appWorst(u"peer_worst_ms"_s)),
        u"<= 16 / <= 33 ms"_s,
        appMedian(u"search_median_ms"_s) <= 16 && appWorst(u"search_worst_ms"_s) <= 33);
    row(u"app: File → Export List…, the whole list as CSV, to the message"_s,
        number(appMedian(u"export_ms"_s)) + u" ms"_s,
        u"on the GUI thread "_s + number(appWorst(u"export_call_ms"_s)) + u" ms"_s, QString(),
        std::nullopt);
    row(u"app: change of sort"_s,
        u"median "_s + number(appMedian(u"sort_median_ms"_s)) + u", worst "_s +
            number(appWorst(u"sort_worst_ms"_s)),
        QString(), u"<= 50 ms"_s, appWorst(u"sort_worst_ms"_s) <= 50);
    for (auto it = drains.cbegin(); it != drains.cend(); ++it) {
        QList<double> drainMs, aloneMs, ratios, stalls;
        for (const Drain &d : it.value()) {
            drainMs.append(d.drainMs);
            aloneMs.append(d.aloneMs);
            ratios.append(d.drainMs / d.aloneMs);
            stalls.append(d.stallMs);
        }
        const double ratio = median(ratios);
        const double worstStall = maximum(stalls);
        row(u"app: "_s + QString::number(int(it.value().first().count)) +
                u" stars queued offline, drained (issue 20)"_s,
            number(median(drainMs)) + u" ms, stall "_s + number(worstStall) + u" ms"_s,
            u"client alone "_s + number(median(aloneMs)) + u" ms, ratio "_s + number(ratio, 2) +
                u"; queueing stall "_s + number(it.value().first().queueStallMs) + u" ms"_s,
            u"<= 2.0, <= 16 ms"_s, ratio <= 2.0 && worstStall <= 16);
    }
    row(u"app: 100 KPIs moved at once (issue 24)"_s,
        u"stall "_s + number(maximum(moveStalls)) + u" ms"_s,
        u"200 requests answered in "_s + number(median(moveAnswered)) + u" ms"_s, u"<= 16 ms"_s,
        maximum(moveStalls) <= 16);
    if (!cachedStart.isEmpty()) {
        row(u"app: start to painted list, "_s + QString::number(seenGroups) + u" seen"_s +
                u" (API 150 ms away)"_s,
            number(median(cachedStart)) + u" ms"_s,
            u"cold start "_s + number(median(coldStart)) + u" ms"_s, u"<= 300 ms"_s,
            median(cachedStart) <= 300);
    }
    return 0;
}

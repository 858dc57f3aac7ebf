// kpigroups-bench: how fast KpiGroupsClient brings a large account home, against peers measured in
// the same run on the same kpigroups-sandbox. Not a test: it prints figures and target checks.
#include "groupfiltermodel.h"
#include "grouplistmodel.h"
#include "sandboxgenerator.h"
#include "sandboxstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QTextStream>
#include <algorithm>
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
    QByteArray output;
    double maxRssMb = 0;
};

// Runs a program to its end and reads its peak RSS from wait4(), which QProcess does not offer.
ChildRun runChild(const QStringList &command)
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
    while ((n = read(pipeFds[0], buffer, sizeof buffer)) > 0)
        run.output.append(buffer, n);
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
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Benchmarks KpiGroupsClient against curl and Python."_s);
    parser.addHelpOption();
    parser.addOption({u"groups"_s, u"Groups in the sandbox account."_s, u"N"_s, u"100000"_s});
    parser.addOption({u"runs"_s, u"Runs of each row; the median is shown."_s, u"N"_s, u"5"_s});
    parser.addOption({u"python"_s, u"Python with requests."_s, u"PATH"_s, u"/usr/bin/python3"_s});
    parser.addOption({u"models-only"_s, u"Measure only the group list models."_s});
    parser.process(app);
    const int groups = parser.value(u"groups"_s).toInt();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    if (parser.isSet(u"models-only"_s)) {
        benchmarkModels(groups);
        return 0;
    }

    QProcess sandbox;
    sandbox.start(QStringLiteral(KPIGROUPS_SANDBOX),
                  {u"--groups"_s, QString::number(groups), u"--kpis"_s, u"1000"_s});
    if (!sandbox.waitForReadyRead(60000)) {
        out << "kpigroups-sandbox did not start\n";
        return 1;
    }
    const QString firstLine = QString::fromUtf8(sandbox.readLine()).trimmed();
    const QString baseUrl = firstLine.section(u' ', -1);
    const QString account = SandboxGenerator::demoAccountId;
    const QString token = SandboxGenerator::demoToken;
    qputenv("QUANTIVE_TOKEN", token.toUtf8());
    const QString url = baseUrl + u"/kpis/groups?sort=id"_s;

    const QStringList curl = {u"curl"_s, u"-s"_s,
                              u"-o"_s,   u"/dev/null"_s,
                              u"-w"_s,   u"%{time_total}"_s,
                              u"-H"_s,   u"Authorization: Bearer "_s + token,
                              u"-H"_s,   u"gtmhub-accountId: "_s + account,
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
    const QStringList client = {QStringLiteral(KPIGROUPS_BENCH_CLIENT), baseUrl, account};

    Row curlRow{u"curl, download only"_s, {}, {}};
    Row pythonRow{u"Python requests .json()"_s, {}, {}};
    Row clientRow{u"KpiGroupsClient, all pages"_s, {}, {}};

    out << "KPI Groups benchmark: " << groups << " groups from kpigroups-sandbox, median of "
        << runs << " runs (after one warm-up)\n";
    out.flush();
    for (int i = 0; i <= runs; ++i) {
        const ChildRun c = runChild(curl);
        const ChildRun p = runChild(python);
        const ChildRun k = runChild(client);
        if (!c.ok || !p.ok || !k.ok) {
            out << "a run failed: curl " << c.ok << ", python " << p.ok << ", client " << k.ok
                << "\n";
            return 1;
        }
        const QList<QByteArray> pythonOut = p.output.trimmed().split(' ');
        const QList<QByteArray> clientOut = k.output.trimmed().split(' ');
        if (pythonOut.value(1).toInt() != groups || clientOut.value(1).toInt() != groups) {
            out << "wrong counts: python " << pythonOut.value(1) << ", client "
                << clientOut.value(1) << "\n";
            return 1;
        }
        if (i == 0)
            continue; // warm-up
        curlRow.ms.append(c.output.toDouble() * 1000);
        curlRow.rss.append(c.maxRssMb);
        pythonRow.ms.append(pythonOut.value(0).toDouble());
        pythonRow.rss.append(p.maxRssMb);
        clientRow.ms.append(clientOut.value(0).toDouble());
        clientRow.rss.append(k.maxRssMb);
    }
    sandbox.kill();
    sandbox.waitForFinished();

    const double curlMs = median(curlRow.ms);
    out << Qt::left << qSetFieldWidth(30) << "what" << qSetFieldWidth(12) << Qt::right << "ms"
        << "net of curl"
        << "peak RSS MB" << qSetFieldWidth(0) << "\n";
    for (const Row *row : {&curlRow, &pythonRow, &clientRow}) {
        const double ms = median(row->ms);
        out << Qt::left << qSetFieldWidth(30) << row->name << Qt::right << qSetFieldWidth(12)
            << QString::number(ms, 'f', 1)
            << (row == &curlRow ? u"-"_s : QString::number(ms - curlMs, 'f', 1))
            << QString::number(median(row->rss), 'f', 1) << qSetFieldWidth(0) << "\n";
    }
    const double ratio = (median(clientRow.ms) - curlMs) / (median(pythonRow.ms) - curlMs);
    const double clientRss = median(clientRow.rss);
    out << "client / Python, net of curl: " << QString::number(ratio, 'f', 2)
        << "  (target <= 0.33: " << (ratio <= 1.0 / 3 ? "met" : "NOT met") << ")\n";
    out << "client peak RSS: " << QString::number(clientRss, 'f', 1)
        << " MB  (target <= 100 MB: " << (clientRss <= 100 ? "met" : "NOT met") << ")\n";
    benchmarkModels(groups);
    return 0;
}

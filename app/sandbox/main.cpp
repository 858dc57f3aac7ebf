#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

// Its command line: what each option says, and the sandbox it makes.
struct Options
{
    const QCommandLineOption portOption{u"port"_s, u"Port to listen on (0: any free port)."_s,
                                        u"P"_s, u"0"_s};
    const QCommandLineOption groupsOption{u"groups"_s, u"Groups in the demo account."_s, u"N"_s,
                                          u"40"_s};
    const QCommandLineOption kpisOption{u"kpis"_s, u"KPIs in the demo account."_s, u"M"_s,
                                        u"300"_s};
    const QCommandLineOption usersOption{u"users"_s, u"Users in the demo account."_s, u"U"_s,
                                         u"5"_s};
    const QCommandLineOption seedOption{u"seed"_s, u"Seed of the data generator."_s, u"S"_s,
                                        u"1"_s};
    const QCommandLineOption pageOption{u"max-page-size"_s, u"Largest 'take' accepted."_s, u"N"_s,
                                        QString::number(SandboxServer::defaultMaxPageSize)};
    const QCommandLineOption latencyOption{u"latency"_s, u"Delay before every answer."_s, u"MS"_s,
                                           u"0"_s};
    const QCommandLineOption faultOption{
        u"fault"_s,
        u"Misbehave, e.g. 'status=500,count=2,route=^GET /kpis/groups$', "
        u"'status=409,message=That name is taken', "
        u"'kind=ratelimit,retry-after=2', 'kind=truncate', 'kind=malformed', 'kind=html', "
        u"'kind=drop', "
        u"'kind=redirect,location=URL', 'kind=late,delay=500', 'kind=ratelimit,"
        u"retry-after-date=60' (an HTTP-date), 'kind=lost' (carried out, never answered), "
        u"'kind=endless[,status=500]', 'kind=trickle,delay=5000', 'delay=3000' (a plain delay); "
        u"count=-1 is for ever. Repeatable."_s,
        u"SPEC"_s};
    const QCommandLineOption capOption{
        u"page-cap"_s, u"Pages hold at most N items, whatever 'take' asks, unsaid."_s, u"N"_s};
    const QCommandLineOption defaultTakeOption{
        u"default-take"_s, u"Page size when 'take' is missing (default: everything)."_s, u"N"_s};
    const QCommandLineOption ignoreTakeOption{
        u"ignore-take"_s, u"Answer every page with the whole rest of the list."_s};
    const QCommandLineOption totalOption{
        u"total-count"_s, u"What 'totalCount' says, whatever the truth (e.g. 1e12)."_s, u"TEXT"_s};
    const QCommandLineOption churnOption{
        u"delete-after-page"_s,
        u"Delete the N groups that sort first after each page, as someone else would."_s, u"N"_s};
    const QCommandLineOption usersAnswerOption{
        u"users-answer-mb"_s,
        u"Answer GET /users with N MB: the people asked for, then made-up ones, as a server that "
        u"sends its whole directory."_s,
        u"N"_s};
    const QCommandLineOption ignoreFilterOption{
        u"ignore-filter"_s,
        u"Apply no 'filter' and no 'sort': every list is everything, in the order stored."_s};
    const QCommandLineOption normalizeNamesOption{
        u"normalize-names"_s,
        u"Keep names with each run of white space inside made one space, as some servers do."_s};
    const QCommandLineOption ignoreSkipOption{
        u"ignore-skip"_s, u"Answer every page from the start of the list, whatever 'skip' says."_s};
    const QCommandLineOption ignoreFieldsOption{
        u"ignore-fields"_s, u"Answer whole items, whatever 'fields' asks for."_s};
    const QCommandLineOption noGzipOption{
        u"no-gzip"_s, u"Never compress answers (by default they are, with gzip, when the request's "
                      u"Accept-Encoding asks for it)."_s};
    const QCommandLineOption noKpiAddingOption{
        u"no-kpi-adding"_s,
        u"Play a server without the assumed PUT /kpis/{kpiId}/groups/{groupId}: answer it with "
        u"STATUS, 404 (no such address) or 405 (method not allowed)."_s,
        u"STATUS"_s};

    QCommandLineParser parser;

    void parse(const QCoreApplication &app)
    {
        parser.setApplicationDescription(
            u"A local emulation of the Quantive Results KPI Groups API, on 127.0.0.1 only."_s);
        parser.addHelpOption();
        parser.addOptions(
            {portOption,         groupsOption,       kpisOption,           usersOption,
             seedOption,         pageOption,         latencyOption,        faultOption,
             capOption,          defaultTakeOption,  ignoreTakeOption,     totalOption,
             churnOption,        ignoreFilterOption, normalizeNamesOption, ignoreSkipOption,
             ignoreFieldsOption, usersAnswerOption,  noGzipOption,         noKpiAddingOption});
        parser.process(app);
    }

    // The option's value, or the program ends with a usage error.
    int number(const QCommandLineOption &option, int minimum) const
    {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < minimum) {
            QTextStream(stderr)
                << u"kpigroups-sandbox: --%1 needs a whole number of at least %2\n"_s
                       .arg(option.names().constFirst())
                       .arg(minimum);
            std::exit(2);
        }
        return value;
    }

    SandboxGenerator::Options generated() const
    {
        SandboxGenerator::Options options;
        options.groups = number(groupsOption, 0);
        options.kpis = number(kpisOption, 0);
        options.users = number(usersOption, 1);
        options.seed = quint32(number(seedOption, 0));
        options.now = QDateTime::currentMSecsSinceEpoch();
        return options;
    }

    SandboxServer::Paging paging() const
    {
        SandboxServer::Paging paging;
        paging.maxTake = number(pageOption, 1);
        paging.silentCap = parser.isSet(capOption) ? number(capOption, 1) : 0;
        paging.defaultTake = parser.isSet(defaultTakeOption) ? number(defaultTakeOption, 1) : 0;
        paging.ignoreTake = parser.isSet(ignoreTakeOption);
        paging.totalCount = parser.value(totalOption).toLatin1();
        paging.deletedAfterEachPage = parser.isSet(churnOption) ? number(churnOption, 1) : 0;
        paging.ignoreFilter = parser.isSet(ignoreFilterOption);
        paging.ignoreSkip = parser.isSet(ignoreSkipOption);
        paging.ignoreFields = parser.isSet(ignoreFieldsOption);
        return paging;
    }

    // How the server misbehaves and what it leaves out; why it cannot be, or empty.
    QString configure(SandboxServer &server) const
    {
        server.setPaging(paging());
        if (parser.isSet(usersAnswerOption))
            server.setUsersAnswerSize(qint64(number(usersAnswerOption, 1)) * 1024 * 1024);
        server.setNormalizesNames(parser.isSet(normalizeNamesOption));
        server.setCompresses(!parser.isSet(noGzipOption));
        if (parser.isSet(noKpiAddingOption)) {
            const int status = parser.value(noKpiAddingOption).toInt();
            if (status != 404 && status != 405)
                return u"--no-kpi-adding takes 404 or 405"_s;
            server.setKpiAddingRefusal(status);
        }
        server.faults().setLatency(number(latencyOption, 0));
        for (const QString &spec : parser.values(faultOption)) {
            QString error;
            if (!server.faults().addFromSpec(spec, &error))
                return error;
        }
        return {};
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"kpigroups-sandbox"_s);
    Options options;
    options.parse(app);

    const SandboxGenerator::Options generated = options.generated();
    SandboxStore store;
    SandboxGenerator::populate(store, generated);
    SandboxServer server(&store);
    if (const QString problem = options.configure(server); !problem.isEmpty()) {
        QTextStream(stderr) << "kpigroups-sandbox: " << problem << '\n';
        return 2;
    }
    const auto port = quint16(options.number(options.portOption, 0));
    if (!server.listenOnLoopback(port)) {
        QTextStream(stderr) << u"kpigroups-sandbox: cannot listen on 127.0.0.1:%1\n"_s.arg(port);
        return 1;
    }

    QTextStream out(stdout);
    out << "KPI Groups sandbox at " << server.baseUrl().toString() << '\n'
        << "  account id: " << SandboxGenerator::demoAccountId << '\n'
        << "  token:      " << SandboxGenerator::demoToken << '\n'
        << "  groups: " << generated.groups << ", KPIs: " << generated.kpis
        << ", seed: " << generated.seed << '\n'
        << "  second account " << SandboxGenerator::otherAccountId << ", token "
        << SandboxGenerator::otherToken << '\n';
    out.flush();
    return app.exec();
}

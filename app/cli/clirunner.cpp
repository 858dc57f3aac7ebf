#include "clirunner.h"

#include "apiinput.h"
#include "clicommands.h"
#include "clioutput.h"
#include "grouplistmodel.h"
#include "kpigroupsclient.h"
#include "terminaltext.h"
#include "tokenstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cstdio>
#include <iostream>

using namespace Qt::StringLiterals;

namespace {

int exitCodeFor(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
    case ApiError::Kind::Forbidden:
        return CliRunner::Auth;
    case ApiError::Kind::NotFound:
        return CliRunner::NotFound;
    case ApiError::Kind::Configuration:
        return CliRunner::Usage;
    default:
        return CliRunner::Failure;
    }
}

} // namespace

CliRunner::CliRunner(QObject *parent)
    : QObject(parent)
    , m_out(stdout)
    , m_err(stderr)
{}

void CliRunner::fail(int exitCode, const QString &message)
{
    if (std::exchange(m_done, true))
        return;
    m_err << "kpigroups-cli: " << message.simplified() << Qt::endl;
    Q_EMIT finished(exitCode);
}

void CliRunner::succeed(const QString &text)
{
    if (std::exchange(m_done, true))
        return;
    m_out << text;
    m_out.flush();
    Q_EMIT finished(Ok);
}

void CliRunner::start(const QStringList &arguments)
{
    m_parser = std::make_unique<QCommandLineParser>();
    QCommandLineParser &parser = *m_parser;
    addOptions(parser);
    if (!parser.parse(arguments))
        return fail(Usage, parser.errorText());
    if (parser.isSet(u"help"_s)) {
        m_done = true;
        m_out << parser.helpText();
        m_out.flush();
        return Q_EMIT finished(Ok);
    }
    if (parser.isSet(u"version"_s))
        return succeed(QCoreApplication::applicationName() + u' ' +
                       QCoreApplication::applicationVersion() + u'\n');

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return fail(Usage, tr("Which command? Try --help."));
    QString command = positional.constFirst();
    // The app says Star: so may the shell.
    if (command == "star"_L1 || command == "unstar"_L1)
        command = command == "star"_L1 ? u"favorite"_s : u"unfavorite"_s;
    const auto known =
        std::find_if(std::begin(CliCommands::forms), std::end(CliCommands::forms),
                     [&](const CliCommands::Form &form) { return form.name == command; });
    if (known == std::end(CliCommands::forms))
        return fail(Usage, tr("Unknown command '%1'. Try --help.").arg(command));
    const QStringList operands = CliCommands::normalisedOperands(command, positional.mid(1));
    if (operands.size() != known->operands)
        return fail(Usage, tr("Usage: kpigroups-cli %1").arg(known->usage));
    if (const QString problem = listProblem(command); !problem.isEmpty())
        return fail(Usage, problem);
    if (const QString problem = outputProblem(command); !problem.isEmpty())
        return fail(Usage, problem);
    if (const QString problem = CliCommands::operandProblem(command, operands); !problem.isEmpty())
        return fail(Usage, problem);

    if (const QString problem = chooseConnection(); !problem.isEmpty())
        return fail(Usage, problem);
    m_json = parser.isSet(u"json"_s);
    m_csv = parser.isSet(u"csv"_s);
    if (const QString problem = startDeadline(command); !problem.isEmpty())
        return fail(Usage, problem);
    m_fields = parser.value(u"fields"_s).split(u',', Qt::SkipEmptyParts);

    withToken([this, command, operands](const QString &token) {
        m_connection.token = token;
        m_client.setConnection(m_connection);
        run(command, operands);
    });
}

void CliRunner::addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(tr("Quantive Results KPI groups from the shell.") + u"\n\n"_s +
                                     CliCommands::help);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, tr("What to do; see Commands above."));
    parser.addOptions({
        {u"region"_s, tr("Data centre: eu (default), us, as, sa or au."), u"R"_s},
        {u"base-url"_s, tr("Any API base URL (overrides --region)."), u"URL"_s},
        {u"account"_s, tr("Account id (default: $QUANTIVE_ACCOUNT_ID)."), u"ID"_s},
        {u"json"_s, tr("Print JSON instead of a table.")},
        {u"csv"_s, tr("list, kpis: print CSV instead of a table (RFC 4180, UTF-8 without a BOM; "
                      "a value that starts with = + - or @ gets a leading ').")},
        {u"token-stdin"_s, tr("Read the API token from the first line of standard input.")},
        {u"filter"_s, tr("list: Mongo-style filter, e.g. {\"favorite\":true}."), u"JSON"_s},
        {u"sort"_s, tr("list: fields to sort by, '-' for descending."), u"FIELDS"_s},
        {u"fields"_s, tr("list: fields to return."), u"F"_s},
        {u"skip"_s, tr("list: groups to skip."), u"N"_s},
        {u"take"_s, tr("list: groups to return at most (up to %1).").arg(CliCommands::maxTake),
         u"N"_s},
        {u"all"_s, tr("list: every page, fetched in parallel.")},
        {u"timeout"_s,
         tr("Seconds the whole command may take, every attempt included (default: no limit; "
            "each attempt stops after %1 s).")
             .arg(RetryPolicy().attemptDeadline.count() / 1000),
         u"S"_s},
    });
}

QString CliRunner::listProblem(const QString &command) const
{
    const QCommandLineParser &parser = *m_parser;
    if (command != "list"_L1)
        return {};
    if (parser.isSet(u"all"_s) && parser.isSet(u"take"_s))
        return tr("--all reads every group and --take only some: give one of them.");
    return CliCommands::filterProblem(parser.value(u"filter"_s));
}

QString CliRunner::outputProblem(const QString &command) const
{
    const QCommandLineParser &parser = *m_parser;
    if (!parser.isSet(u"csv"_s))
        return {};
    if (parser.isSet(u"json"_s))
        return tr("--csv and --json are two ways to print the same: give one of them.");
    if (command != "list"_L1 && command != "kpis"_L1)
        return tr("--csv is for the lists: list and kpis.");
    return {};
}

QString CliRunner::chooseConnection()
{
    const QCommandLineParser &parser = *m_parser;
    const ConnectionChoice chosen = ConnectionChoice::fromOptions(
        parser.value(u"base-url"_s), parser.value(u"region"_s),
        parser.isSet(u"account"_s) ? std::optional(parser.value(u"account"_s)) : std::nullopt);
    if (!chosen.unknownRegion.isEmpty())
        return tr("Unknown region '%1': use eu, us, as, sa or au.").arg(chosen.unknownRegion);
    m_connection.baseUrl = chosen.baseUrl.isEmpty() ? Regions::defaultBaseUrl() : chosen.baseUrl;
    m_connection.accountId = chosen.accountId;
    if (m_connection.accountId.isEmpty())
        return tr("No account id: pass --account or set QUANTIVE_ACCOUNT_ID.");
    return ApiInput::idProblem(m_connection.accountId, ApiInput::IdOf::Account);
}

QString CliRunner::startDeadline(const QString &command)
{
    const QCommandLineParser &parser = *m_parser;
    if (!parser.isSet(u"timeout"_s))
        return {};
    bool ok = false;
    const int seconds = parser.value(u"timeout"_s).toInt(&ok);
    if (!ok || seconds < 1 || seconds > 3600)
        return tr("--timeout needs a number of seconds from 1 to 3600.");
    // The whole command, token and all: whatever is still on its way then is abandoned.
    const bool isChange = command != "list"_L1 && command != "get"_L1 && command != "kpis"_L1;
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, [this, seconds, isChange] {
        fail(Failure, isChange
                          ? tr("No answer within %1 s (--timeout), so the command stopped; it "
                               "is not known whether the change was made. Check before you try "
                               "again.")
                                .arg(seconds)
                          : tr("No complete answer within %1 s (--timeout), so the command "
                               "stopped. Try again later, or allow more time with --timeout.")
                                .arg(seconds));
    });
    m_deadline.start(std::chrono::seconds(seconds));
    return {};
}

void CliRunner::withToken(std::function<void(const QString &)> then)
{
    if (m_parser->isSet(u"token-stdin"_s)) {
        std::string line;
        std::getline(std::cin, line);
        const QString token = QString::fromStdString(line).trimmed();
        if (token.isEmpty())
            return fail(Auth, tr("--token-stdin was given, but standard input had no token."));
        return then(token);
    }
    const QString environmentToken = qEnvironmentVariable("QUANTIVE_TOKEN");
    if (!environmentToken.isEmpty())
        return then(environmentToken);

    auto *store = new KeychainTokenStore(this, std::chrono::seconds(3));
    const auto noToken = [this](const QString &why) {
        // The keychain's own words, when it has any worth reading ("Unknown error" is not).
        const bool said = !why.isEmpty() && why != "Unknown error"_L1;
        fail(Auth, (said ? tr("No API token: %1.").arg(why) : tr("No API token.")) + u' ' +
                       tr("Set QUANTIVE_TOKEN, pass --token-stdin, or connect once with the KPI "
                          "Groups app so that the keychain has it."));
    };
    connect(store, &TokenStore::tokenRead, this,
            [store, then, noToken](const QString &, const QString &token) {
                store->deleteLater();
                if (token.isEmpty())
                    return noToken(tr("none in the keychain for this account"));
                then(token);
            });
    connect(store, &TokenStore::failed, this,
            [store, noToken](const QString &, const QString &message) {
                store->deleteLater();
                noToken(message);
            });
    store->readToken(TokenStore::keyFor(m_connection.baseUrl, m_connection.accountId));
}

void CliRunner::run(const QString &command, const QStringList &operands)
{
    const QCommandLineParser &parser = *m_parser;
    if (command == "list"_L1) {
        ListQuery query;
        query.filter = parser.value(u"filter"_s);
        // By name, as the app shows them, unless asked otherwise.
        query.sort = parser.isSet(u"sort"_s) ? parser.value(u"sort"_s) : u"name"_s;
        query.fields = parser.value(u"fields"_s);
        for (const QString &name : {u"skip"_s, u"take"_s}) {
            if (!parser.isSet(name))
                continue;
            bool ok = false;
            const qsizetype value = parser.value(name).toLongLong(&ok);
            if (!ok || value < 0)
                return fail(Usage, tr("--%1 needs a whole number of at least 0.").arg(name));
            if (name == "take"_L1 && value > CliCommands::maxTake) {
                return fail(Usage, tr("--take can be at most %1; use --all for every group.")
                                       .arg(CliCommands::maxTake));
            }
            (name == "skip"_L1 ? query.skip : query.take) = value;
        }
        listGroups(query, parser.isSet(u"all"_s));
    } else if (command == "get"_L1) {
        GroupCall *call = m_client.getGroup(operands.at(0));
        failWhenNotFound(call,
                         tr("No KPI group with the id %1 in this account.").arg(operands.at(0)));
        printWhenFetched(call);
    } else if (command == "create"_L1) {
        GroupCall *call = m_client.createGroup(operands.at(0));
        failWhenFailed(call);
        connect(call, &ApiCall::succeeded, this, [this, call] {
            const KpiGroup &group = call->group();
            if (m_json)
                return succeed(
                    QString::fromUtf8(QJsonDocument(CliOutput::groupJson(group, {})).toJson()));
            succeed(tr("Created %1 \"%2\".\n").arg(group.id, TerminalText::safe(group.name)));
        });
    } else if (command == "rename"_L1) {
        const QString &id = operands.at(0);
        const QString name = operands.at(1).trimmed();
        sayWhenDone(m_client.renameGroup(id, operands.at(1)),
                    tr("Renamed %1 to \"%2\".\n").arg(id, TerminalText::safe(name)),
                    {{u"id"_s, id}, {u"name"_s, name}});
    } else if (command == "delete"_L1) {
        const QString &id = operands.at(0);
        sayWhenDone(m_client.deleteGroup(id), tr("Deleted %1; its KPIs are kept.\n").arg(id),
                    {{u"id"_s, id}, {u"deleted"_s, true}});
    } else if (command == "favorite"_L1) {
        const QString &id = operands.at(0);
        sayWhenDone(m_client.favoriteGroup(id), tr("Starred %1.\n").arg(id),
                    {{u"id"_s, id}, {u"favorite"_s, true}});
    } else if (command == "unfavorite"_L1) {
        const QString &id = operands.at(0);
        sayWhenDone(m_client.unfavoriteGroup(id), tr("Unstarred %1.\n").arg(id),
                    {{u"id"_s, id}, {u"favorite"_s, false}});
    } else if (command == "kpis"_L1) {
        KpiListCall *call = m_client.listGroupKpis(operands.at(0));
        failWhenNotFound(call,
                         tr("No KPI group with the id %1 in this account.").arg(operands.at(0)));
        printWhenListed(call);
    } else if (command == "remove-kpi"_L1) {
        const QString &kpiId = operands.at(0);
        const QString &groupId = operands.at(1);
        ApiCall *call = m_client.removeKpiFromGroup(kpiId, groupId);
        // Two ids of the same form: swapped, they name nothing.
        failWhenNotFound(call,
                         tr("No KPI %1 in a group %2. The order is remove-kpi KPI_ID GROUP_ID.")
                             .arg(kpiId, groupId));
        sayWhenDone(call, tr("Removed KPI %1 from group %2.\n").arg(kpiId, groupId),
                    {{u"kpiId"_s, kpiId}, {u"groupId"_s, groupId}, {u"removed"_s, true}});
    } else if (command == "add-kpi"_L1) {
        const QString &kpiId = operands.at(0);
        const QString &groupId = operands.at(1);
        sayWhenDone(m_client.addKpiToGroup(kpiId, groupId),
                    tr("Added KPI %1 to group %2.\n").arg(kpiId, groupId),
                    {{u"kpiId"_s, kpiId}, {u"groupId"_s, groupId}, {u"added"_s, true}});
    } else if (command == "move-kpi"_L1) {
        moveKpi(operands.at(0), operands.at(1), operands.at(2));
    }
}

void CliRunner::failWhenNotFound(ApiCall *call, const QString &message)
{
    // Connected first: the generic words ("no longer exists … Refresh the list") are the app's.
    connect(call, &ApiCall::failed, this, [this, message](const ApiError &error) {
        if (error.kind == ApiError::Kind::NotFound)
            fail(NotFound, message);
    });
}

void CliRunner::moveKpi(const QString &kpiId, const QString &fromGroupId, const QString &toGroupId)
{
    // Added first: a KPI is never left in no group because the add was refused.
    ApiCall *add = m_client.addKpiToGroup(kpiId, toGroupId);
    failWhenFailed(add);
    connect(add, &ApiCall::succeeded, this, [this, kpiId, fromGroupId, toGroupId] {
        ApiCall *remove = m_client.removeKpiFromGroup(kpiId, fromGroupId);
        connect(remove, &ApiCall::failed, this, [this, kpiId, toGroupId](const ApiError &error) {
            fail(exitCodeFor(error),
                 tr("KPI %1 was added to group %2, but could not be taken out of the other: %3")
                     .arg(kpiId, toGroupId, error.toString()));
        });
        sayWhenDone(
            remove,
            tr("Moved KPI %1 from group %2 to group %3.\n").arg(kpiId, fromGroupId, toGroupId),
            {{u"kpiId"_s, kpiId},
             {u"fromGroupId"_s, fromGroupId},
             {u"groupId"_s, toGroupId},
             {u"moved"_s, true}});
    });
}

void CliRunner::failWhenFailed(ApiCall *call)
{
    connect(call, &ApiCall::failed, this,
            [this](const ApiError &error) { fail(exitCodeFor(error), error.toString()); });
}

void CliRunner::printWhenFetched(GroupCall *call)
{
    failWhenFailed(call);
    connect(call, &ApiCall::succeeded, this, [this, call] {
        if (m_json)
            return succeed(
                QString::fromUtf8(QJsonDocument(CliOutput::groupJson(call->group(), {})).toJson()));
        printGroups({call->group()});
        succeed({});
    });
}

void CliRunner::printWhenListed(KpiListCall *call)
{
    failWhenFailed(call);
    connect(call, &KpiListCall::otherGroupsKpisLeftOut, this, [this](qsizetype count) {
        m_err << tr("Note: the server also sent %1 KPIs that are not in this group; they are not "
                    "shown.")
                     .arg(count)
              << Qt::endl;
    });
    connect(call, &ApiCall::succeeded, this, [this, call] {
        if (m_csv)
            return succeed(QString::fromUtf8(CliOutput::kpiCsv(call->kpis())));
        if (m_json) {
            QJsonArray array;
            for (const Kpi &kpi : call->kpis())
                array.append(CliOutput::kpiJson(kpi));
            return succeed(QString::fromUtf8(QJsonDocument(array).toJson()));
        }
        const QList<Kpi> kpis = call->kpis();
        QStringList owners;
        for (const Kpi &kpi : kpis)
            if (!kpi.ownerId.isEmpty() && !owners.contains(kpi.ownerId))
                owners.append(kpi.ownerId);
        if (owners.isEmpty()) {
            printKpis(kpis, {});
            return succeed({});
        }
        // Names are a nicety: without them, the ids.
        UserNamesCall *names = m_client.listUsers(owners);
        connect(names, &ApiCall::succeeded, this, [this, kpis, names] {
            printKpis(kpis, names->names());
            succeed({});
        });
        connect(names, &ApiCall::failed, this, [this, kpis] {
            printKpis(kpis, {});
            succeed({});
        });
    });
}

void CliRunner::sayWhenDone(ApiCall *call, const QString &sentence, const QJsonObject &what)
{
    failWhenFailed(call);
    // The API answers these with no body: a person gets a sentence, a script what happened.
    connect(call, &ApiCall::succeeded, this, [this, sentence, what] {
        succeed(m_json ? QString::fromUtf8(QJsonDocument(what).toJson()) : sentence);
    });
}

void CliRunner::listGroups(const ListQuery &query, bool all)
{
    m_out.flush();
    m_writer = std::make_unique<GroupWriter>(stdout,
                                             m_csv    ? GroupWriter::Output::Csv
                                             : m_json ? GroupWriter::Output::Json
                                                      : GroupWriter::Output::Table,
                                             m_fields);
    // By name, the order the app shows (case and accents aside): the whole list is needed
    // first. Any other order is the server's, and streams through as the pages come.
    const QString sort = query.sort.trimmed();
    m_sortLikeTheApp = sort == "name"_L1 || sort == "-name"_L1;
    m_descending = sort.startsWith(u'-');
    GroupListCall *call = nullptr;
    // Some groups: in pages of the server's size, however many, and shown once all are read.
    const bool window = !all && query.take.value_or(0) > 0;
    if (window) {
        call = m_client.listGroupsWindow(query);
        connect(call, &GroupListCall::pageListed, this,
                [this](const QList<KpiGroup> &page) { m_readSoFar += page.size(); });
    } else if (!all) {
        call = m_client.listGroups(query);
    } else if (m_sortLikeTheApp || m_csv) {
        // CSV has no end to leave open, as JSON's array is: nothing is written until the whole
        // list is read, so that a list read in part is never printed as if whole.
        call = m_client.listAllGroups(query, KpiGroupsClient::Delivery::WholeList,
                                      KpiGroupsClient::mayBeLong);
    } else {
        m_pages = std::make_unique<OrderedPages>(
            [this](const QList<KpiGroup> &groups) { m_writer->write(groups); });
        call = m_client.listAllGroups(query, KpiGroupsClient::Delivery::PagesOnly,
                                      KpiGroupsClient::mayBeLong);
        connect(
            call, &GroupListCall::pageListed, this,
            [this](const QList<KpiGroup> &page, qsizetype offset) { m_pages->add(page, offset); });
        connect(call, &GroupListCall::restarted, this, [this] { m_pages->restart(); });
    }
    if (all) {
        connect(call, &GroupListCall::miscounted, this,
                [this](qsizetype claimed) { m_claimed = claimed; });
    }
    connect(call, &ApiCall::succeeded, this,
            [this, call] { writeList(call->groups(), call->totalCount()); });
    connect(call, &ApiCall::failed, this, [this, call, window](const ApiError &error) {
        if (error.kind != ApiError::Kind::Incomplete && window && m_readSoFar > 0) {
            return fail(exitCodeFor(error),
                        tr("Only %1 of the groups asked for could be read, so none is shown. %2")
                            .arg(m_readSoFar)
                            .arg(error.toString()));
        }
        if (error.kind != ApiError::Kind::Incomplete)
            return fail(exitCodeFor(error), error.toString());
        // Part of a list is not the list: a failure that says so, and a JSON array left open,
        // so that nothing reading it takes it for the whole list.
        // In the app's order nothing was written yet: what was read waits in the call.
        const qsizetype read = std::max(m_writer ? m_writer->written() : 0, call->groups().size());
        const qsizetype claimed = call->totalCount();
        const QString &why = error.message;
        // A list read again, or a count below the truth, can bring as many as claimed.
        fail(Failure,
             read < claimed
                 ? tr("only %1 of %2 groups could be read. %3").arg(read).arg(claimed).arg(why)
                 : tr("%1 groups were read, but the list could not be read "
                      "whole. %2")
                       .arg(read)
                       .arg(why));
    });
}

void CliRunner::writeList(const QList<KpiGroup> &groups, qsizetype total)
{
    if (m_sortLikeTheApp) {
        // The order alone, and the groups written from the list read in it: neither a copy of
        // the list nor the window's indexes of it.
        QList<int> order = GroupListModel::nameOrderOf(groups);
        if (m_descending)
            std::reverse(order.begin(), order.end());
        m_writer->write(groups, order);
    } else if (m_pages) {
        m_pages->finish(groups); // a list read again comes whole at the end
    } else {
        m_writer->write(groups);
    }
    m_writer->finish();
    // Standard output is for the data: the count goes to standard error.
    if (!m_json && !m_csv) {
        const qsizetype shown = m_writer->written();
        m_err << (total == 1 ? tr("%1 of 1 group").arg(shown)
                             : tr("%1 of %2 groups").arg(shown).arg(std::max(total, shown)))
              << Qt::endl;
    }
    // Said, not obeyed: the pages were read to the end of the list.
    if (m_claimed >= 0) {
        m_err << tr("Note: the server said it had %1 groups; all %2 were read, to the end of the "
                    "list.")
                     .arg(m_claimed)
                     .arg(total)
              << Qt::endl;
    }
    succeed({});
}

void CliRunner::printGroups(const QList<KpiGroup> &groups)
{
    m_out.flush();
    GroupWriter table(stdout, GroupWriter::Output::Table, {});
    table.write(groups);
    table.finish();
}

void CliRunner::printKpis(const QList<Kpi> &kpis, const QHash<QString, QString> &ownerNames)
{
    QList<QStringList> rows;
    for (const Kpi &kpi : kpis)
        rows.append({kpi.id, kpi.name, ownerNames.value(kpi.ownerId, kpi.ownerId),
                     QString::number(kpi.groupIds.size())});
    m_out << CliOutput::table({tr("ID"), tr("NAME"), tr("OWNER"), tr("GROUPS")}, rows);
    if (kpis.isEmpty())
        m_err << tr("No KPIs in this group.") << Qt::endl;
}

#include "clicommands.h"

#include "apiinput.h"
#include "clirunner.h"
#include "groupname.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

namespace CliCommands {

const QString help = uR"(Commands:
  list [--filter JSON] [--sort FIELDS] [--fields F] [--skip N] [--take N | --all]
       (by name, as the app shows them, unless --sort says otherwise; --take reads as many
       pages as the server needs, and shows nothing unless it read them all)
  get GROUP_ID
  create NAME
  rename GROUP_ID NAME
  delete GROUP_ID
  favorite GROUP_ID     (or: star GROUP_ID)
  unfavorite GROUP_ID   (or: unstar GROUP_ID)
  kpis GROUP_ID
  remove-kpi KPI_ID GROUP_ID
  add-kpi KPI_ID GROUP_ID
  move-kpi KPI_ID FROM_GROUP_ID TO_GROUP_ID

add-kpi and move-kpi use an endpoint the API reference does not document (assumed: PUT
/kpis/KPI_ID/groups/GROUP_ID); a server without it says so. A move adds first, and takes the KPI
out of FROM_GROUP_ID only once the add succeeded.
The token comes from QUANTIVE_TOKEN, --token-stdin, or the keychain entry the KPI Groups app
saved; never from an argument. QUANTIVE_ACCOUNT_ID and QUANTIVE_BASE_URL are the defaults of
--account and --base-url.
Changes are sent once, now: this tool has no outbox. When no answer comes, it says whether the
change may have been made, and nothing is sent again later (the KPI Groups app keeps unsent
changes until the server takes them).
--json or --csv print list and kpis for scripts (not both): CSV as RFC 4180 has it (CRLF,
quotes doubled), UTF-8 without a byte order mark, the fields named as in JSON; a value that
starts with = + - or @ is written after an apostrophe, so that no spreadsheet runs it as a
formula.
Exit codes: 0 ok, 2 usage, 3 authentication, 4 not found, 5 any other failure.)"_s;

QString operandProblem(const QString &command, const QStringList &operands)
{
    QStringList problems;
    const auto check = [&](const QString &problem) {
        if (!problem.isEmpty())
            problems.append(problem);
    };
    if (command == "remove-kpi"_L1 || command == "add-kpi"_L1 || command == "move-kpi"_L1) {
        check(ApiInput::idProblem(operands.at(0), ApiInput::IdOf::Kpi));
        for (const QString &groupId : operands.mid(1))
            check(ApiInput::idProblem(groupId, ApiInput::IdOf::Group));
        if (command == "move-kpi"_L1 &&
            operands.at(1).compare(operands.at(2), Qt::CaseInsensitive) == 0)
            problems.append(CliRunner::tr("A KPI cannot be moved to the group it is in."));
    } else if (command == "create"_L1) {
        check(GroupName::problemOf(operands.at(0)));
    } else if (command != "list"_L1) {
        check(ApiInput::idProblem(operands.at(0), ApiInput::IdOf::Group));
        if (command == "rename"_L1)
            check(GroupName::problemOf(operands.at(1)));
    }
    return problems.join(u' ');
}

QStringList normalisedOperands(const QString &command, QStringList operands)
{
    qsizetype ids = 1;
    if (command == "move-kpi"_L1)
        ids = 3;
    else if (command == "remove-kpi"_L1 || command == "add-kpi"_L1)
        ids = 2;
    else if (command == "create"_L1 || command == "list"_L1)
        ids = 0;
    for (qsizetype i = 0; i < ids && i < operands.size(); ++i)
        if (ApiInput::idProblem(operands.at(i).toLower(), ApiInput::IdOf::Group).isEmpty())
            operands[i] = operands.at(i).toLower();
    return operands;
}

QString filterProblem(const QString &filter)
{
    if (filter.isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(filter.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return QCoreApplication::translate("CliRunner", "--filter needs a JSON object, such as "
                                                        "{\"favorite\":true}.");
    return {};
}

} // namespace CliCommands

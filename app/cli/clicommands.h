#pragma once

#include <QLatin1StringView>
#include <QString>
#include <QStringList>
#include <QtGlobal>

// What kpigroups-cli accepts: its commands, their operands, and the input found wrong before
// anything is sent (a usage error).
namespace CliCommands {

using namespace Qt::StringLiterals;

// The commands, as --help lists them, with the rules the shell user reads there.
extern const QString help;

// A take is read in as many pages as the server needs; more than this is what --all is for.
constexpr qsizetype maxTake = 1000000;

struct Form
{
    QLatin1StringView name;
    int operands;
    QLatin1StringView usage;
};

inline constexpr Form forms[] = {
    {"list"_L1, 0, "list [OPTIONS]"_L1},
    {"get"_L1, 1, "get GROUP_ID"_L1},
    {"create"_L1, 1, "create NAME"_L1},
    {"rename"_L1, 2, "rename GROUP_ID NAME"_L1},
    {"delete"_L1, 1, "delete GROUP_ID"_L1},
    {"favorite"_L1, 1, "favorite GROUP_ID"_L1},
    {"unfavorite"_L1, 1, "unfavorite GROUP_ID"_L1},
    {"star"_L1, 1, "star GROUP_ID"_L1},
    {"unstar"_L1, 1, "unstar GROUP_ID"_L1},
    {"kpis"_L1, 1, "kpis GROUP_ID"_L1},
    {"remove-kpi"_L1, 2, "remove-kpi KPI_ID GROUP_ID"_L1},
    {"add-kpi"_L1, 2, "add-kpi KPI_ID GROUP_ID"_L1},
    {"move-kpi"_L1, 3, "move-kpi KPI_ID FROM_GROUP_ID TO_GROUP_ID"_L1},
};

// Why the operands cannot be sent as they are (an id that is not one, a name the API refuses),
// or empty.
QString operandProblem(const QString &command, const QStringList &operands);
// Ids as the API writes them (lower-case hexadecimal): one copied in capitals is the same id.
QStringList normalisedOperands(const QString &command, QStringList operands);
// A filter that is not a JSON object is the person's mistake; empty when it is one.
QString filterProblem(const QString &filter);

} // namespace CliCommands

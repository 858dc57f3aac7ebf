#pragma once

#include "groupwriter.h"
#include "kpigroupsclient.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTextStream>
#include <QTimer>

// kpigroups-cli: one API call from the shell, on the same KpiGroupsClient the app uses.
// Exit codes: 0 ok, 2 usage, 3 authentication (401, 403, no token), 4 not found, 5 other failure.
class CliRunner : public QObject
{
    Q_OBJECT

public:
    enum ExitCode
    {
        Ok = 0,
        Usage = 2,
        Auth = 3,
        NotFound = 4,
        Failure = 5
    };

    explicit CliRunner(QObject *parent = nullptr);

    // Parses the arguments, finds the token, sends the request; finished() follows.
    void start(const QStringList &arguments);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void run(const QString &command, const QStringList &operands);
    void withToken(std::function<void(const QString &token)> then);
    void fail(int exitCode, const QString &message);
    void succeed(const QString &text);
    void printGroups(const QList<KpiGroup> &groups);
    void listGroups(const ListQuery &query, bool all);
    void writeList(const QList<KpiGroup> &groups, qsizetype total);
    // With their owners by name, where the server knows them (by id where it does not).
    void printKpis(const QList<Kpi> &kpis, const QHash<QString, QString> &ownerNames);
    void addOptions(QCommandLineParser &parser);
    // The connection the options and the environment choose; why it cannot be, or empty.
    QString chooseConnection();
    // Options of `list` that contradict each other or cannot be sent; empty when none.
    QString listProblem(const QString &command) const;
    // --csv where it cannot be (with --json, or for a command that prints no list); or empty.
    QString outputProblem(const QString &command) const;
    // The --timeout of the whole command, if given; why it is not a usable one, or empty.
    QString startDeadline(const QString &command);
    // The call's failure ends the command with it.
    void failWhenFailed(ApiCall *call);
    // A 404 ends the command with `message`, which knows what was asked.
    void failWhenNotFound(ApiCall *call, const QString &message);
    void printWhenFetched(GroupCall *call);
    void printWhenListed(KpiListCall *call);
    void sayWhenDone(ApiCall *call, const QString &sentence, const QJsonObject &what);
    void moveKpi(const QString &kpiId, const QString &fromGroupId, const QString &toGroupId);

    KpiGroupsClient m_client;
    QTimer m_deadline; // --timeout: the whole command
    QTextStream m_out;
    QTextStream m_err;
    std::unique_ptr<QCommandLineParser> m_parser;
    Connection m_connection;
    bool m_json = false;
    bool m_csv = false;
    QStringList m_fields;
    bool m_done = false;
    std::unique_ptr<GroupWriter> m_writer;
    std::unique_ptr<OrderedPages> m_pages;
    bool m_sortLikeTheApp = false; // by name, as the app shows names (case and accents aside)
    bool m_descending = false;
    qsizetype m_claimed = -1;  // a count of the whole list that the list did not bear out
    qsizetype m_readSoFar = 0; // groups of a --take read before a page failed
};

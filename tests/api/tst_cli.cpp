#include "sandboxfaults.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxstore.h"
#include "sandboxthread.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

// kpigroups-cli, the real executable, against a sandbox in this process.
class TestCli : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxThread> m_sandbox;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
        QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
    };

    QProcessEnvironment environment(const QString &token = SandboxGenerator::demoToken) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QUANTIVE_BASE_URL"_s, m_sandbox->baseUrl().toString());
        env.insert(u"QUANTIVE_ACCOUNT_ID"_s, SandboxGenerator::demoAccountId);
        if (token.isNull())
            env.remove(u"QUANTIVE_TOKEN"_s);
        else
            env.insert(u"QUANTIVE_TOKEN"_s, token);
        // No keychain to ask: it must fail fast and clearly, never hang.
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
        env.remove(u"DISPLAY"_s);
        return env;
    }

    Run cli(const QStringList &arguments, const QProcessEnvironment &env,
            const QByteArray &input = {})
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(KPIGROUPS_CLI), arguments);
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(30000)) {
            process.kill();
            return {};
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
                QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }
    Run cli(const QStringList &arguments) { return cli(arguments, environment()); }

    QString demoUserId()
    {
        QString id;
        m_sandbox->withStore(
            [&](SandboxStore &store) { id = store.userForToken(SandboxGenerator::demoToken)->id; });
        return id;
    }

    const SandboxGroup firstGroup()
    {
        SandboxGroup group;
        m_sandbox->withStore([&](SandboxStore &store) {
            group = store.account(SandboxGenerator::demoAccountId)->groups.constFirst();
        });
        return group;
    }

    QStringList groupIdsOfDemo(int count)
    {
        QStringList ids;
        m_sandbox->withStore([&](SandboxStore &store) {
            for (const SandboxGroup &group :
                 store.account(SandboxGenerator::demoAccountId)->groups.first(count))
                ids.append(group.id);
        });
        return ids;
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<SandboxThread>();
        QVERIFY(m_sandbox->start());
    }
    void cleanup() { m_sandbox.reset(); }

    void listsAsATable()
    {
        const Run run = cli({u"list"_s, u"--sort"_s, u"name"_s, u"--take"_s, u"3"_s});
        QCOMPARE(run.exitCode, 0);
        // Standard output is the data; the count is for the person, on standard error.
        QCOMPARE(run.err, u"3 of 40 groups\n"_s);
        const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.at(0).startsWith(u"ID"_s));
        QVERIFY(lines.at(0).endsWith(u"NAME"_s));

        const QString one = u"{\"_id\":\""_s + firstGroup().id + u"\"}"_s;
        QCOMPARE(cli({u"list"_s, u"--filter"_s, one}).err, u"1 of 1 group\n"_s);
    }

    // Names are the server's: they must not drive the terminal, nor break the columns.
    void showsAnyNameSafelyInATable()
    {
        const QString hostile = u"\x1b]0;pwned\x07\x1b[2JEvil\r\nline\u202Egnp.exe"_s;
        const QString wide = u"東京チーム Q3"_s;
        const QStringList ids = {u"aaaaaaaaaaaaaaaaaaaaaa01"_s, u"aaaaaaaaaaaaaaaaaaaaaa02"_s,
                                 u"aaaaaaaaaaaaaaaaaaaaaa03"_s};
        const QStringList names = {hostile, wide, u"Plain"_s};
        m_sandbox->withStore([&](SandboxStore &store) {
            const QString user = store.userForToken(SandboxGenerator::demoToken)->id;
            for (int i = 0; i < ids.size(); ++i)
                store.addGroup(
                    SandboxGenerator::demoAccountId,
                    {ids.at(i), names.at(i), user, user, 1735689600000 + i, 1735689600000 + i});
        });
        const QString filter = u"{\"_id\":{\"$in\":[\"%1\"]}}"_s.arg(ids.join(u"\",\""_s));
        const Run table = cli({u"list"_s, u"--filter"_s, filter, u"--sort"_s, u"_id"_s});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(!table.out.contains(QChar(0x1b)));
        QVERIFY(!table.out.contains(QChar(0x07)));
        QVERIFY(!table.out.contains(QChar(0x202e)));
        QVERIFY(!table.out.contains(u'\r'));
        QVERIFY2(
            table.out.contains(u"\\x1b]0;pwned\\x07\\x1b[2JEvil\\x0d\\x0aline\\u202egnp.exe"_s),
            qPrintable(table.out));
        // Each row's date starts in the same terminal column as the header's UPDATED.
        const auto columns = [](QStringView text) {
            int width = 0;
            for (const QChar c : text)
                width += c.unicode() >= 0x2e80 ? 2 : 1; // wide: the CJK of this test
            return width;
        };
        const QStringList lines = table.out.split(u'\n', Qt::SkipEmptyParts);
        const int updated =
            columns(QStringView(lines.at(0)).left(lines.at(0).indexOf(u"UPDATED"_s)));
        for (int row = 1; row <= 3; ++row) {
            const QString &line = lines.at(row);
            QCOMPARE(columns(QStringView(line).left(line.indexOf(u"2025-01-01"_s))), updated);
        }
        // JSON stays exact.
        const Run json =
            cli({u"list"_s, u"--json"_s, u"--filter"_s, filter, u"--sort"_s, u"_id"_s});
        QCOMPARE(json.exitCode, 0);
        QStringList shown;
        for (const QJsonValue &group : json.json().array())
            shown.append(group.toObject().value("name"_L1).toString());
        QCOMPARE(shown, names);
    }

    void listsAsJson()
    {
        const Run run = cli({u"list"_s, u"--json"_s, u"--filter"_s, u"{\"favorite\":true}"_s,
                             u"--fields"_s, u"name,favorite"_s});
        QCOMPARE(run.exitCode, 0);
        QSet<QString> expected;
        const QString userId = demoUserId();
        m_sandbox->withStore([&](SandboxStore &store) {
            expected =
                store.account(SandboxGenerator::demoAccountId)->favoritesByUser.value(userId);
        });
        QSet<QString> actual;
        for (const QJsonValue &item : run.json().array()) {
            const QJsonObject group = item.toObject();
            QCOMPARE(group.keys(), (QStringList{u"favorite"_s, u"id"_s, u"name"_s}));
            QVERIFY(group.value("favorite"_L1).toBool());
            actual.insert(group.value("id"_L1).toString());
        }
        QVERIFY(!expected.isEmpty());
        QCOMPARE(actual, expected);
    }

    void listsAllPagesLikeOnePage()
    {
        const Run one = cli({u"list"_s, u"--json"_s, u"--sort"_s, u"-dateUpdated"_s});
        // Pages of 7, the server's own size.
        SandboxServer::Paging small;
        small.silentCap = 7;
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(small); });
        const Run all = cli({u"list"_s, u"--json"_s, u"--sort"_s, u"-dateUpdated"_s, u"--all"_s});
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(all.exitCode, 0);
        QCOMPARE(one.json().array().size(), 40);
        QCOMPARE(all.json(), one.json());
    }

    void getsAGroupAsTheServerSentIt()
    {
        const SandboxGroup group = firstGroup();
        const Run run = cli({u"get"_s, group.id, u"--json"_s});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject object = run.json().object();
        QCOMPARE(object.value("id"_L1).toString(), group.id);
        QCOMPARE(object.value("name"_L1).toString(), group.name);
        QCOMPARE(object.value("accountId"_L1).toString(), QString(SandboxGenerator::demoAccountId));
        QCOMPARE(object.keys().size(), 8);
    }

    void changesGroups()
    {
        const Run created = cli({u"create"_s, u"Night shift — Zürich"_s, u"--json"_s});
        QCOMPARE(created.exitCode, 0);
        const QString id = created.json().object().value("id"_L1).toString();
        QCOMPARE(created.json().object().value("name"_L1).toString(), u"Night shift — Zürich"_s);

        const Run renamed = cli({u"rename"_s, id, u"Day shift"_s});
        QCOMPARE(renamed.exitCode, 0);
        QCOMPARE(renamed.out, u"Renamed %1 to \"Day shift\".\n"_s.arg(id));
        QCOMPARE(cli({u"favorite"_s, id}).exitCode, 0);
        bool favorite = false;
        QString name;
        const QString userId = demoUserId();
        m_sandbox->withStore([&](SandboxStore &store) {
            const SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            favorite = store.isFavorite(account, userId, id);
            name = store.group(account, id)->name;
        });
        QVERIFY(favorite);
        QCOMPARE(name, u"Day shift"_s);
        // What happened, for scripts.
        QCOMPARE(cli({u"unfavorite"_s, id, u"--json"_s}).json().object(),
                 (QJsonObject{{u"id"_s, id}, {u"favorite"_s, false}}));
        const Run deleted = cli({u"delete"_s, id});
        QCOMPARE(deleted.exitCode, 0);
        QCOMPARE(cli({u"get"_s, id}).exitCode, 4);
    }

    void listsAndRemovesKpis()
    {
        QString kpiId, groupId;
        qsizetype groupsBefore = 0;
        m_sandbox->withStore([&](SandboxStore &store) {
            for (const SandboxKpi &kpi : store.account(SandboxGenerator::demoAccountId)->kpis) {
                if (kpi.groupIds.size() > 1) {
                    kpiId = kpi.id;
                    groupId = kpi.groupIds.constFirst();
                    groupsBefore = kpi.groupIds.size();
                    break;
                }
            }
        });
        const Run listed = cli({u"kpis"_s, groupId, u"--json"_s});
        QCOMPARE(listed.exitCode, 0);
        QStringList ids;
        for (const QJsonValue &kpi : listed.json().array()) {
            ids.append(kpi.toObject().value("id"_L1).toString());
            QVERIFY(kpi.toObject().value("groupIds"_L1).toArray().contains(groupId));
        }
        QVERIFY(ids.contains(kpiId));

        QCOMPARE(cli({u"remove-kpi"_s, kpiId, groupId}).exitCode, 0);
        QStringList after;
        m_sandbox->withStore([&](SandboxStore &store) {
            const SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            after = account.kpis.at(account.kpiIndex.value(kpiId)).groupIds;
        });
        QCOMPARE(after.size(), groupsBefore - 1);
        QVERIFY(!after.contains(groupId));
        const Run again = cli({u"remove-kpi"_s, kpiId, groupId});
        QCOMPARE(again.exitCode, 4);
    }

    void addsAndMovesKpis()
    {
        const QString kpi = u"fffffffffffffffffffffff1"_s;
        const QStringList groups = groupIdsOfDemo(3);
        const QString &from = groups.at(0), &to = groups.at(1), &third = groups.at(2);
        QStringList groupIds;
        m_sandbox->withStore([&](SandboxStore &store) {
            store.addKpi(SandboxGenerator::demoAccountId, {kpi, u"Revenue"_s, {}, {}, {from}});
        });
        const auto groupsOfKpi = [&] {
            m_sandbox->withStore([&](SandboxStore &store) {
                const SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
                groupIds = account.kpis.at(account.kpiIndex.value(kpi)).groupIds;
            });
            return groupIds;
        };
        const Run added = cli({u"add-kpi"_s, kpi, third});
        QCOMPARE(added.exitCode, 0);
        QCOMPARE(added.out, u"Added KPI %1 to group %2.\n"_s.arg(kpi, third));
        QCOMPARE(groupsOfKpi(), (QStringList{from, third}));

        const Run moved = cli({u"move-kpi"_s, kpi, from, to, u"--json"_s});
        QCOMPARE(moved.exitCode, 0);
        QCOMPARE(moved.json().object(), (QJsonObject{{u"kpiId"_s, kpi},
                                                     {u"fromGroupId"_s, from},
                                                     {u"groupId"_s, to},
                                                     {u"moved"_s, true}}));
        QCOMPARE(groupsOfKpi(), (QStringList{third, to}));
        // Added first, then taken out: in that order, once each.
        QCOMPARE(m_sandbox->changesReceived().mid(1),
                 (QStringList{u"PUT /kpis/%1/groups/%2"_s.arg(kpi, to),
                              u"DELETE /kpis/%1/groups/%2"_s.arg(kpi, from)}));
    }

    void movesNothingWhereTheServerCannotAdd_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("serverSaid");
        QTest::newRow("404") << 404 << u"No such endpoint"_s;
        QTest::newRow("405") << 405 << u"Method not allowed"_s;
    }
    void movesNothingWhereTheServerCannotAdd()
    {
        QFETCH(int, status);
        QFETCH(QString, serverSaid);
        const QString kpi = u"fffffffffffffffffffffff1"_s;
        const QStringList groups = groupIdsOfDemo(2);
        const QString &from = groups.at(0), &to = groups.at(1);
        m_sandbox->withStore([&](SandboxStore &store) {
            store.addKpi(SandboxGenerator::demoAccountId, {kpi, u"Revenue"_s, {}, {}, {from}});
        });
        m_sandbox->withServer([&](SandboxServer &server) { server.setKpiAddingRefusal(status); });
        const Run moved = cli({u"move-kpi"_s, kpi, from, to});
        QCOMPARE(moved.exitCode, 5);
        QCOMPARE(moved.err, u"kpigroups-cli: This server does not offer adding KPIs to groups; add "
                            "them in Quantive's web app. The server said: %1\n"_s.arg(serverSaid));
        // The removal never went.
        for (const QString &change : m_sandbox->changesReceived())
            QVERIFY2(!change.startsWith(u"DELETE"_s), qPrintable(change));
        const Run same = cli({u"move-kpi"_s, kpi, from, from});
        QCOMPARE(same.exitCode, 2);
    }

    // A server that ignores the filter sends every KPI of the account: only the group's are
    // shown, and a note says the others were left out.
    void listsOnlyTheGroupsKpisFromAServerThatIgnoresTheFilter()
    {
        const QString groupId = firstGroup().id;
        qsizetype inGroup = 0, all = 0;
        m_sandbox->withStore([&](SandboxStore &store) {
            for (const SandboxKpi &kpi : store.account(SandboxGenerator::demoAccountId)->kpis) {
                inGroup += kpi.groupIds.contains(groupId);
                ++all;
            }
        });
        QVERIFY(inGroup > 0 && inGroup < all);
        SandboxServer::Paging ignoring;
        ignoring.ignoreFilter = true;
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(ignoring); });
        const Run table = cli({u"kpis"_s, groupId});
        QCOMPARE(table.exitCode, 0);
        QCOMPARE(table.out.count(u'\n'), 1 + inGroup);
        QCOMPARE(table.err, u"Note: the server also sent %1 KPIs that are not in this group; they "
                            "are not shown.\n"_s.arg(all - inGroup));
        const Run json = cli({u"kpis"_s, groupId, u"--json"_s});
        QCOMPARE(json.json().array().size(), inGroup);
        for (const QJsonValue &kpi : json.json().array())
            QVERIFY(kpi.toObject().value("groupIds"_L1).toArray().contains(groupId));
    }

    void exitsWithTheRightCode_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("error");
        QTest::newRow("no command") << QStringList() << u"t"_s << 2 << u"Which command?"_s;
        QTest::newRow("unknown command")
            << QStringList{u"explode"_s} << u"t"_s << 2 << u"Unknown command 'explode'"_s;
        QTest::newRow("missing operand") << QStringList{u"rename"_s, u"x"_s} << u"t"_s << 2
                                         << u"Usage: kpigroups-cli rename GROUP_ID NAME"_s;
        QTest::newRow("bad take") << QStringList{u"list"_s, u"--take"_s, u"many"_s} << u"t"_s << 2
                                  << u"--take needs a whole number"_s;
        QTest::newRow("bad region") << QStringList{u"list"_s, u"--region"_s, u"mars"_s} << u"t"_s
                                    << 2 << u"Unknown region 'mars'"_s;
        QTest::newRow("insecure url")
            << QStringList{u"list"_s, u"--base-url"_s, u"http://example.com/api/v1"_s}
            << QString(SandboxGenerator::demoToken) << 2 << u"must start with https://"_s;
        QTest::newRow("wrong token")
            << QStringList{u"list"_s} << u"wrong"_s << 3 << u"The API token was not accepted"_s;
        QTest::newRow("other account")
            << QStringList{u"list"_s, u"--account"_s, SandboxGenerator::otherAccountId}
            << QString(SandboxGenerator::demoToken) << 3 << u"You have no access to this"_s;
        QTest::newRow("no token anywhere")
            << QStringList{u"list"_s} << QString() << 3 << u"No API token"_s;
        QTest::newRow("not found")
            << QStringList{u"get"_s, u"5be26318e5274a0007f17f00"_s}
            << QString(SandboxGenerator::demoToken) << 4 << u"No KPI group with the id"_s;
        QTest::newRow("blank name")
            << QStringList{u"create"_s, u"  "_s} << QString(SandboxGenerator::demoToken) << 2
            << u"needs a name"_s;
    }
    void exitsWithTheRightCode()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, token);
        QFETCH(int, exitCode);
        QFETCH(QString, error);
        const Run run = cli(arguments, environment(token));
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.startsWith(u"kpigroups-cli: "_s), qPrintable(run.err));
        QVERIFY2(run.err.contains(error), qPrintable(run.err));
        QCOMPARE(run.err.count(u'\n'), 1);
        QCOMPARE(run.out, QString());
    }

    // Input the API cannot take is a usage error, found before anything is sent.
    void sendsNothingForBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("error");
        const QString group = u"5be26318e5274a0007f17f00"_s;
        const QString token = SandboxGenerator::demoToken;
        QTest::newRow("remove-kpi ..") << QStringList{u"remove-kpi"_s, group, u".."_s} << token
                                       << u"“..” is not a KPI group id"_s;
        QTest::newRow("remove-kpi, bad kpi")
            << QStringList{u"remove-kpi"_s, u"."_s, group} << token << u"“.” is not a KPI id"_s;
        QTest::newRow("delete ..")
            << QStringList{u"delete"_s, u".."_s} << token << u"“..” is not a KPI group id"_s;
        QTest::newRow("favorite ..")
            << QStringList{u"favorite"_s, u".."_s} << token << u"“..” is not a KPI group id"_s;
        QTest::newRow("get a path")
            << QStringList{u"get"_s, group + u"/favorite"_s} << token << u"is not a KPI group id"_s;
        QTest::newRow("rename, long name")
            << QStringList{u"rename"_s, group, QString(256, u'x')} << token << u"at most 255"_s;
        QTest::newRow("take too large")
            << QStringList{u"list"_s, u"--take"_s, u"1000001"_s} << token
            << u"--take can be at most 1000000; use --all for every group."_s;
        QTest::newRow("--csv with --json")
            << QStringList{u"list"_s, u"--csv"_s, u"--json"_s} << token
            << u"--csv and --json are two ways to print the same: give one of them."_s;
        QTest::newRow("--csv of no list") << QStringList{u"get"_s, u"--csv"_s, group} << token
                                          << u"--csv is for the lists: list and kpis."_s;
        QTest::newRow("account not an id") << QStringList{u"list"_s, u"--account"_s, u"acme"_s}
                                           << token << u"“acme” is not an account id"_s;
        QTest::newRow("--all with --take")
            << QStringList{u"list"_s, u"--all"_s, u"--take"_s, u"3"_s} << token
            << u"--all reads every group and --take only some: give one of them."_s;
        QTest::newRow("filter not JSON")
            << QStringList{u"list"_s, u"--filter"_s, u"favorite=true"_s} << token
            << u"--filter needs a JSON object, such as {\"favorite\":true}."_s;
        QTest::newRow("filter a JSON array") << QStringList{u"list"_s, u"--filter"_s, u"[1]"_s}
                                             << token << u"--filter needs a JSON object"_s;
        QTest::newRow("token with a header in it")
            << QStringList{u"list"_s} << u"tok\r\nX-Injected: yes"_s
            << u"The API token contains a line break"_s;
    }
    void sendsNothingForBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, token);
        QFETCH(QString, error);
        const int before = m_sandbox->requestCount();
        const Run run = cli(arguments, environment(token));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(error), qPrintable(run.err));
        QCOMPARE(run.err.count(u'\n'), 1);
        QCOMPARE(run.out, QString());
        QCOMPARE(m_sandbox->requestCount(), before);
    }

    // What a shell user expects (issue 23).
    void namesItselfWithItsVersion()
    {
        const Run run = cli({u"--version"_s});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, u"kpigroups-cli 0.1.0\n"_s);
    }

    void listsByNameAsTheAppDoesUnlessToldOtherwise()
    {
        QCOMPARE(cli({u"list"_s, u"--take"_s, u"3"_s}).exitCode, 0);
        QCOMPARE(m_sandbox->requestsReceived().constLast(), u"GET /kpis/groups?sort=name&take=3"_s);
        QCOMPARE(cli({u"list"_s, u"--take"_s, u"3"_s, u"--sort"_s, u"-dateUpdated"_s}).exitCode, 0);
        QCOMPARE(m_sandbox->requestsReceived().constLast(),
                 u"GET /kpis/groups?sort=-dateUpdated&take=3"_s);
    }

    void takesIdsInCapitals()
    {
        const SandboxGroup group = firstGroup();
        const Run run = cli({u"get"_s, group.id.toUpper()});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(m_sandbox->requestsReceived().constLast(), u"GET /kpis/groups/"_s + group.id);
        QVERIFY(run.out.contains(group.name));
    }

    void saysWhenNoGroupHasTheId()
    {
        const QString unknown = u"5be26318e5274a0007f17f99"_s;
        const Run run = cli({u"get"_s, unknown});
        QCOMPARE(run.exitCode, 4);
        QCOMPARE(run.err, u"kpigroups-cli: No KPI group with the id "_s + unknown +
                              u" in this account.\n"_s);
    }

    void saysWhichOrderRemoveKpiWants()
    {
        const SandboxGroup group = firstGroup();
        const QString kpi = group.id; // a group's id where the KPI's goes, and the other way
        const Run run = cli({u"remove-kpi"_s, kpi, u"5be26318e5274a0007f17f99"_s});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.endsWith(u"The order is remove-kpi KPI_ID GROUP_ID.\n"_s),
                 qPrintable(run.err));
    }

    void printsWhatItCreatedOnOneLine()
    {
        const Run run = cli({u"create"_s, u"Shell Made"_s});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines.at(0).startsWith(u"Created "_s));
        QVERIFY(lines.at(0).endsWith(u" \"Shell Made\"."_s));
        QCOMPARE(lines.at(0).size(), u"Created "_s.size() + 24 + u" \"Shell Made\"."_s.size());
    }

    void starsAndUnstarsBySynonyms()
    {
        const SandboxGroup group = firstGroup();
        QCOMPARE(cli({u"star"_s, group.id}).out, u"Starred "_s + group.id + u".\n"_s);
        QCOMPARE(m_sandbox->requestsReceived().constLast(),
                 u"PUT /kpis/groups/"_s + group.id + u"/favorite"_s);
        QCOMPARE(cli({u"unstar"_s, group.id}).out, u"Unstarred "_s + group.id + u".\n"_s);
        QCOMPARE(m_sandbox->requestsReceived().constLast(),
                 u"DELETE /kpis/groups/"_s + group.id + u"/favorite"_s);
    }

    // A column of a field not asked for would read as a value: a blank star as "not starred".
    void showsOnlyTheColumnsOfTheFieldsAskedFor()
    {
        const Run run = cli({u"list"_s, u"--fields"_s, u"name"_s, u"--take"_s, u"2"_s});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), u"ID                        NAME"_s);
        QCOMPARE(lines.at(1).mid(24, 2), u"  "_s);
        QVERIFY(!lines.at(1).mid(26).startsWith(u' '));
    }

    void showsOwnersByName()
    {
        QString groupId;
        QString ownerName;
        m_sandbox->withStore([&](SandboxStore &store) {
            const SandboxAccount *account = store.account(SandboxGenerator::demoAccountId);
            for (const SandboxKpi &kpi : account->kpis) {
                if (kpi.groupIds.isEmpty() || kpi.ownerId.isEmpty())
                    continue;
                groupId = kpi.groupIds.constFirst();
                for (const SandboxUser &user : store.users())
                    if (user.id == kpi.ownerId)
                        ownerName = user.firstName + u' ' + user.lastName;
                break;
            }
        });
        QVERIFY(!ownerName.isEmpty());
        const Run run = cli({u"kpis"_s, groupId});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(ownerName), qPrintable(run.out));
        QVERIFY(m_sandbox->requestsReceived().constLast().startsWith(u"GET /users"_s));
    }

    // The server carries the change out and the answer is lost on the way back.
    void makesALostCreateOnce()
    {
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_sandbox->faults().add(lost, 1, u"^POST "_s);
        const Run run = cli({u"create"_s, u"Made once"_s, u"--json"_s});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json().object().value("name"_L1).toString(), u"Made once"_s);
        qsizetype named = 0;
        m_sandbox->withStore([&](SandboxStore &store) {
            for (const SandboxGroup &group : store.account(SandboxGenerator::demoAccountId)->groups)
                named += group.name == u"Made once"_s;
        });
        QCOMPARE(named, 1);
    }

    // A server that ignores the filter and the sort answers the lookup with other groups: the
    // lost create is found in the list; where the list cannot show it, it may have been made.
    void findsALostCreateOnAServerThatIgnoresTheFilter()
    {
        SandboxServer::Paging ignoring;
        ignoring.ignoreFilter = true;
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(ignoring); });
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_sandbox->faults().add(lost, 1, u"^POST "_s);
        const Run found = cli({u"create"_s, u"Made once"_s, u"--json"_s});
        QCOMPARE(found.err, QString());
        QCOMPARE(found.exitCode, 0);
        QCOMPARE(found.json().object().value("name"_L1).toString(), u"Made once"_s);
        QCOMPARE(m_sandbox->changesReceived(), QStringList{u"POST /kpis/groups"_s});

        ignoring.silentCap = 1; // twenty pages of one group: not the whole list
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(ignoring); });
        m_sandbox->faults().add(lost, 1, u"^POST "_s);
        const Run unknown = cli({u"create"_s, u"Perhaps made"_s});
        QCOMPARE(unknown.exitCode, 5);
        QCOMPARE(unknown.err, u"kpigroups-cli: The server did not answer, and it could not be "
                              "found out whether “Perhaps made” was created: it may have been. "
                              "Refresh before you create it again.\n"_s);
        QCOMPARE(unknown.out, QString());
        qsizetype named = 0;
        m_sandbox->withStore([&](SandboxStore &store) {
            for (const SandboxGroup &group : store.account(SandboxGenerator::demoAccountId)->groups)
                named += group.name == u"Made once"_s || group.name == u"Perhaps made"_s;
        });
        QCOMPARE(named, 2);
    }

    void countsALostDeleteAsDone()
    {
        const QString id = firstGroup().id;
        SandboxFaults::Fault lost;
        lost.kind = SandboxFaults::Kind::Lost;
        m_sandbox->faults().add(lost, 1, u"^DELETE "_s);
        const Run run = cli({u"delete"_s, id});
        QCOMPARE(run.err, QString());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(cli({u"get"_s, id}).exitCode, 4);
    }

    void failsAChangeAnsweredWithAPage()
    {
        const QString id = firstGroup().id;
        SandboxFaults::Fault portal;
        portal.kind = SandboxFaults::Kind::Html;
        m_sandbox->faults().add(portal, -1, u"^(PATCH|PUT|DELETE) "_s);
        for (const QStringList &arguments :
             {QStringList{u"rename"_s, id, u"Portal"_s}, QStringList{u"favorite"_s, id},
              QStringList{u"unfavorite"_s, id}, QStringList{u"delete"_s, id}}) {
            const Run run = cli(arguments);
            QCOMPARE(run.exitCode, 5);
            QVERIFY2(run.err.contains(u"not the API's answer"_s), qPrintable(run.err));
            QCOMPARE(run.out, QString());
        }
        QCOMPARE(firstGroup().name,
                 cli({u"get"_s, id, u"--json"_s}).json().object().value("name"_L1).toString());
    }

    void boundsEndlessAndNeverEndingAnswers()
    {
        const QString id = firstGroup().id;
        SandboxFaults::Fault endless;
        endless.kind = SandboxFaults::Kind::Endless;
        endless.status = 200;
        m_sandbox->faults().add(endless, 1);
        QElapsedTimer timer;
        timer.start();
        const Run grown = cli({u"get"_s, id});
        QCOMPARE(grown.exitCode, 5);
        QVERIFY2(grown.err.contains(u"grew past 1 MB"_s), qPrintable(grown.err));

        SandboxFaults::Fault trickle;
        trickle.kind = SandboxFaults::Kind::Trickle;
        trickle.delayMs = 200;
        m_sandbox->faults().add(trickle, -1);
        timer.restart();
        const Run slow = cli({u"get"_s, id, u"--timeout"_s, u"1"_s});
        QCOMPARE(slow.exitCode, 5);
        QVERIFY2(slow.err.contains(u"No complete answer within 1 s"_s), qPrintable(slow.err));
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY2(!slow.err.contains(u"QIODevice"_s), qPrintable(slow.err));
    }

    // --timeout bounds the whole command, every attempt and pause included, as its help says.
    void boundsTheWholeCommandWithTheTimeout()
    {
        QVERIFY(cli({u"--help"_s})
                    .out.simplified()
                    .contains(u"Seconds the whole command may take, every attempt included "
                              u"(default: no limit; "
                              "each attempt stops after 120 s)."_s));
        const QString id = firstGroup().id;
        SandboxFaults::Fault trickle;
        trickle.kind = SandboxFaults::Kind::Trickle;
        trickle.delayMs = 200;
        m_sandbox->faults().add(trickle, -1, u"^GET "_s);
        QElapsedTimer timer;
        timer.start();
        const Run read = cli({u"get"_s, id, u"--timeout"_s, u"2"_s});
        const qint64 readTook = timer.elapsed();
        QCOMPARE(read.exitCode, 5);
        QCOMPARE(read.err, u"kpigroups-cli: No complete answer within 2 s (--timeout), so the "
                           "command stopped. Try again later, or allow more time with "
                           "--timeout.\n"_s);
        QVERIFY2(readTook >= 2000 && readTook < 3000, qPrintable(QString::number(readTook)));

        // A change on its way when the time is up may still be made: it says so.
        m_sandbox->faults().clear();
        SandboxFaults::Fault slow;
        slow.status = 0;
        slow.delayMs = 3000;
        m_sandbox->faults().add(slow, 1, u"^PATCH "_s);
        timer.restart();
        const Run change = cli({u"rename"_s, id, u"Later"_s, u"--timeout"_s, u"1"_s});
        const qint64 changeTook = timer.elapsed();
        QCOMPARE(change.exitCode, 5);
        QCOMPARE(change.err, u"kpigroups-cli: No answer within 1 s (--timeout), so the command "
                             "stopped; it is not known whether the change was made. Check before "
                             "you try again.\n"_s);
        QVERIFY2(changeTook >= 1000 && changeTook < 2000, qPrintable(QString::number(changeTook)));
    }

    // By name, in the order the app shows: case and accents aside, then the name, then the id.
    void sortsNamesAsTheAppDoes()
    {
        const QStringList names = {u"beta"_s, u"Alpha"_s, u"Ärzte"_s, u"alpha"_s, u"Zebra"_s};
        m_sandbox->withStore([&](SandboxStore &store) {
            const QString user = store.userForToken(SandboxGenerator::demoToken)->id;
            for (int i = 0; i < names.size(); ++i)
                store.addGroup(SandboxGenerator::demoAccountId,
                               {u"bbbbbbbbbbbbbbbbbbbbbb%1"_s.arg(i, 2, 10, QLatin1Char('0')),
                                names.at(i), user, user, 1735689600000, 1735689600000});
        });
        const QString filter = u"{\"name\":{\"$in\":[\"%1\"]}}"_s.arg(names.join(u"\",\""_s));
        for (const QStringList &extra : {QStringList{u"--all"_s}, QStringList{}}) {
            const Run run = cli(
                QStringList{u"list"_s, u"--json"_s, u"--sort"_s, u"name"_s, u"--filter"_s, filter} +
                extra);
            QCOMPARE(run.exitCode, 0);
            QStringList shown;
            for (const QJsonValue &group : run.json().array())
                shown.append(group.toObject().value("name"_L1).toString());
            QCOMPARE(shown,
                     (QStringList{u"Alpha"_s, u"alpha"_s, u"Ärzte"_s, u"beta"_s, u"Zebra"_s}));
        }
    }

    void listsWholeFromServersThatPageOtherwise()
    {
        SandboxServer::Paging cap;
        cap.silentCap = 7; // the demo account's 40 groups, 7 at a time, unsaid
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(cap); });
        const Run all = cli({u"list"_s, u"--json"_s, u"--all"_s, u"--sort"_s, u"_id"_s});
        QCOMPARE(all.exitCode, 0);
        QStringList ids;
        for (const QJsonValue &group : all.json().array())
            ids.append(group.toObject().value("id"_L1).toString());
        QStringList expected;
        m_sandbox->withStore([&](SandboxStore &store) {
            for (const SandboxGroup &group : store.account(SandboxGenerator::demoAccountId)->groups)
                expected.append(group.id);
        });
        std::sort(expected.begin(), expected.end());
        QCOMPARE(ids, expected);

        SandboxServer::Paging lying;
        lying.totalCount = "5000";
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(lying); });
        const Run partial = cli({u"list"_s, u"--json"_s, u"--all"_s});
        QCOMPARE(partial.exitCode, 5);
        // What was read went out as it came; the array is left open, so that nothing takes it
        // for the whole list.
        QJsonParseError error;
        QJsonDocument::fromJson(partial.out.toUtf8(), &error);
        QVERIFY(error.error != QJsonParseError::NoError);
        QVERIFY2(partial.err.contains(u"only 40 of 5000 groups could be read. The server said it "
                                      "had 5,000, and sent 40."_s),
                 qPrintable(partial.err));
    }

    // A count lower than the truth does not cut the list: every group, and a note on the count.
    void listsEveryGroupWhateverTheCountSays_data()
    {
        QTest::addColumn<QByteArray>("totalCount");
        QTest::addColumn<QStringList>("options");
        for (const QByteArray count : {"999", "0", "1", "1500"}) {
            QTest::addRow("%s, by id", count.constData())
                << count << QStringList{u"--sort"_s, u"_id"_s};
            QTest::addRow("%s, by name", count.constData())
                << count << QStringList{u"--sort"_s, u"name"_s};
        }
    }
    void listsEveryGroupWhateverTheCountSays()
    {
        QFETCH(QByteArray, totalCount);
        QFETCH(QStringList, options);
        m_sandbox.reset();
        m_sandbox = std::make_unique<SandboxThread>(SandboxGenerator::Options{1, 3000, 0, 5});
        QVERIFY(m_sandbox->start());
        SandboxServer::Paging lying;
        lying.totalCount = totalCount;
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(lying); });
        const Run table = cli(QStringList{u"list"_s, u"--all"_s} + options);
        QCOMPARE(table.exitCode, 0);
        QCOMPARE(table.out.count(u'\n'), 1 + 3000);
        QCOMPARE(table.err, u"3000 of 3000 groups\nNote: the server said it had %1 groups; all "
                            "3000 were read, to the end of the list.\n"_s.arg(
                                QString::fromLatin1(totalCount)));
        const Run json = cli(QStringList{u"list"_s, u"--all"_s, u"--json"_s} + options);
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(json.json().array().size(), 3000);
    }

    // What went wrong, read right: a name refused in the server's words; a list read in part
    // whose count was not more than what was read.
    void saysWhatWentWrongInWordsThatFit()
    {
        SandboxFaults::Fault taken;
        taken.status = 409;
        taken.message = u"A KPI group with this name already exists"_s;
        m_sandbox->faults().add(taken, 1, u"^PATCH "_s);
        const Run renamed = cli({u"rename"_s, firstGroup().id, u"Taken"_s});
        QCOMPARE(renamed.exitCode, 5);
        QCOMPARE(renamed.err, u"kpigroups-cli: The server refused the name (HTTP 409). The server "
                              "said: A KPI group with this name already exists\n"_s);

        // Every page the first one again, and a count below what came: not "only 10 of 5", nor
        // "only 10 of 10".
        SandboxServer::Paging sameAgain;
        sameAgain.ignoreSkip = true;
        sameAgain.silentCap = 10;
        sameAgain.totalCount = "5";
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(sameAgain); });
        const Run partial = cli({u"list"_s, u"--all"_s, u"--sort"_s, u"_id"_s});
        QCOMPARE(partial.exitCode, 5);
        QCOMPARE(partial.err, u"kpigroups-cli: 10 groups were read, but the list could not be read "
                              "whole. The server kept answering with pages that brought nothing "
                              "new.\n"_s);
    }

    void reportsServerFailures()
    {
        m_sandbox->faults().failNext(500, -1);
        const Run run = cli({u"list"_s});
        QCOMPARE(run.exitCode, 5);
        QVERIFY(run.err.contains(u"The server had a problem (HTTP 500)"_s));
    }

    void saysItKeepsNoOutbox()
    {
        const Run run = cli({u"--help"_s});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(u"Changes are sent once, now: this tool has no outbox."_s));
    }

    // CSV as RFC 4180 has it, and nothing a spreadsheet would run: the same rows whichever way
    // the list is read.
    void printsCsv()
    {
        const QStringList names = {u"Sales, EMEA"_s, u"The \"A\" team"_s,
                                   u"Two\nlines"_s,  u"=HYPERLINK(\"http://evil.example\",\"x\")"_s,
                                   u"@SUM(A1)"_s,    u"Zürich"_s};
        QStringList ids;
        m_sandbox->withStore([&](SandboxStore &store) {
            const QString user = store.userForToken(SandboxGenerator::demoToken)->id;
            for (int i = 0; i < names.size(); ++i) {
                ids.append(u"cccccccccccccccccccccc%1"_s.arg(i + 1, 2, 10, QLatin1Char('0')));
                store.addGroup(
                    SandboxGenerator::demoAccountId,
                    {ids.last(), names.at(i), user, user, 1735689600000, 1735689600000 + i});
            }
            store.setFavorite(SandboxGenerator::demoAccountId, user, ids.at(1), true);
        });
        const QString filter = u"{\"_id\":{\"$in\":[\"%1\"]}}"_s.arg(ids.join(u"\",\""_s));
        const QString expected =
            u"dateUpdated,favorite,id,name\r\n"
            "2025-01-01T00:00:00.000Z,false,cccccccccccccccccccccc01,\"Sales, EMEA\"\r\n"
            "2025-01-01T00:00:00.001Z,true,cccccccccccccccccccccc02,\"The \"\"A\"\" team\"\r\n"
            "2025-01-01T00:00:00.002Z,false,cccccccccccccccccccccc03,\"Two\nlines\"\r\n"
            "2025-01-01T00:00:00.003Z,false,cccccccccccccccccccccc04,"
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\r\n"
            "2025-01-01T00:00:00.004Z,false,cccccccccccccccccccccc05,'@SUM(A1)\r\n"
            "2025-01-01T00:00:00.005Z,false,cccccccccccccccccccccc06,Zürich\r\n"_s;
        for (const QStringList &extra :
             {QStringList{}, QStringList{u"--all"_s}, QStringList{u"--take"_s, u"10"_s}}) {
            const Run run =
                cli(QStringList{u"list"_s, u"--csv"_s, u"--filter"_s, filter, u"--sort"_s, u"_id"_s,
                                u"--fields"_s, u"name,favorite,dateUpdated"_s} +
                    extra);
            QCOMPARE(run.exitCode, 0);
            QCOMPARE(run.err, QString());
            QCOMPARE(run.out, expected);
        }
        // A group's KPIs too.
        const QString kpi = u"fffffffffffffffffffffff1"_s;
        m_sandbox->withStore([&](SandboxStore &store) {
            store.addKpi(
                SandboxGenerator::demoAccountId,
                {kpi, u"-Churn, net"_s, u"Lost \"customers\""_s, {}, {ids.at(0), ids.at(1)}});
        });
        const Run kpis = cli({u"kpis"_s, ids.at(0), u"--csv"_s});
        QCOMPARE(kpis.exitCode, 0);
        QCOMPARE(kpis.out, u"id,name,description,ownerId,groupIds\r\n"
                           "fffffffffffffffffffffff1,\"'-Churn, net\",\"Lost \"\"customers\"\"\",,"
                           "cccccccccccccccccccccc01 cccccccccccccccccccccc02\r\n"_s);
    }

    // A sandbox of groups 1 to `count`, whose ids are their numbers, read at most `maxTake` at a
    // time.
    void startNumberedSandbox(int count, qsizetype maxTake)
    {
        m_sandbox.reset();
        m_sandbox = std::make_unique<SandboxThread>(SandboxGenerator::Options{1, 0, 0, 5});
        QVERIFY(m_sandbox->start());
        m_sandbox->withStore([&](SandboxStore &store) {
            const QString user = store.userForToken(SandboxGenerator::demoToken)->id;
            for (int i = 1; i <= count; ++i)
                store.addGroup(SandboxGenerator::demoAccountId,
                               {u"%1"_s.arg(i, 24, 10, QLatin1Char('0')), u"Group %1"_s.arg(i),
                                user, user, 1735689600000, 1735689600000});
        });
        SandboxServer::Paging paging;
        paging.maxTake = maxTake;
        m_sandbox->withServer([&](SandboxServer &server) { server.setPaging(paging); });
    }

    // More than the server's page size: as many pages as it takes, and exactly what was asked.
    void takesMoreThanAPage()
    {
        startNumberedSandbox(200, 50);
        const int before = int(m_sandbox->requestsReceived().size());
        const Run run = cli({u"list"_s, u"--json"_s, u"--sort"_s, u"_id"_s, u"--fields"_s, u"id"_s,
                             u"--take"_s, u"120"_s, u"--skip"_s, u"10"_s});
        QCOMPARE(run.err, QString());
        QCOMPARE(run.exitCode, 0);
        QStringList ids;
        for (const QJsonValue &group : run.json().array())
            ids.append(group.toObject().value("id"_L1).toString());
        QStringList expected;
        for (int i = 11; i <= 130; ++i)
            expected.append(u"%1"_s.arg(i, 24, 10, QLatin1Char('0')));
        QCOMPARE(ids, expected);
        // 120 at once is refused; then pages of the size the server said, the last one short.
        QStringList requests = m_sandbox->requestsReceived().mid(before);
        QCOMPARE(requests.size(), 4);
        QCOMPARE(requests.takeFirst(), u"GET /kpis/groups?sort=_id&fields=id&skip=10&take=120"_s);
        QCOMPARE(requests.takeFirst(), u"GET /kpis/groups?sort=_id&fields=id&skip=10&take=50"_s);
        std::sort(requests.begin(), requests.end());
        QCOMPARE(requests, (QStringList{u"GET /kpis/groups?sort=_id&fields=id&skip=110&take=20"_s,
                                        u"GET /kpis/groups?sort=_id&fields=id&skip=60&take=50"_s}));

        // Past the end: what there is, and the table's count is the whole list's.
        const Run table =
            cli({u"list"_s, u"--sort"_s, u"_id"_s, u"--take"_s, u"500"_s, u"--skip"_s, u"150"_s});
        QCOMPARE(table.exitCode, 0);
        QCOMPARE(table.out.count(u'\n'), 1 + 50);
        QVERIFY(table.out.endsWith(u"Group 200\n"_s));
        QCOMPARE(table.err, u"50 of 200 groups\n"_s);
    }

    // A page that fails half-way: nothing is printed as if it were the list.
    void showsNothingOfATakeThatFailsHalfWay()
    {
        startNumberedSandbox(200, 50);
        SandboxFaults::Fault none;
        none.status = 0;
        m_sandbox->faults().add(none, 2, u"^GET /kpis/groups$"_s); // 120 refused, the first 50
        m_sandbox->faults().failNext(500, -1, u"^GET /kpis/groups$"_s);
        for (const QString &format : {u"--json"_s, u"--csv"_s}) {
            const Run run = cli({u"list"_s, format, u"--sort"_s, u"_id"_s, u"--take"_s, u"120"_s,
                                 u"--skip"_s, u"10"_s});
            QCOMPARE(run.exitCode, 5);
            QCOMPARE(run.out, QString());
            QVERIFY2(run.err.startsWith(u"kpigroups-cli: Only 50 of the groups asked for could be "
                                        "read, so none is shown. The server had a problem (HTTP "
                                        "500)"_s),
                     qPrintable(run.err));
            m_sandbox->faults().clear();
            m_sandbox->faults().add(none, 2, u"^GET /kpis/groups$"_s);
            m_sandbox->faults().failNext(500, -1, u"^GET /kpis/groups$"_s);
        }
    }

    void readsTheTokenFromStandardInput()
    {
        const Run run = cli({u"--token-stdin"_s, u"list"_s, u"--take"_s, u"1"_s},
                            environment(QString()), "sandbox-demo-token\n");
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.err, u"1 of 40 groups\n"_s);
        QVERIFY(!run.out.contains(SandboxGenerator::demoToken));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

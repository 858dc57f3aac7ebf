#include "httptestclient.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxstore.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSandboxGenerator : public QObject
{
    Q_OBJECT

    static QStringList groupNames(const SandboxStore &store)
    {
        QStringList names;
        for (const SandboxGroup &group : store.account(SandboxGenerator::demoAccountId)->groups)
            names.append(group.id + u' ' + group.name);
        return names;
    }

private Q_SLOTS:
    void isDeterministic()
    {
        SandboxStore first, second, third;
        SandboxGenerator::populate(first, {7, 50, 200, 4});
        SandboxGenerator::populate(second, {7, 50, 200, 4});
        SandboxGenerator::populate(third, {8, 50, 200, 4});
        QCOMPARE(groupNames(first), groupNames(second));
        QVERIFY(groupNames(first) != groupNames(third));
        QCOMPARE(first.account(SandboxGenerator::demoAccountId)->kpis.size(), 200);
    }

    void looksLikeARealAccount()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {});
        const SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
        QCOMPARE(account.groups.size(), 40);
        QCOMPARE(account.kpis.size(), 300);

        QSet<QString> ids;
        int nonAscii = 0;
        for (const SandboxGroup &group : account.groups) {
            QVERIFY(SandboxStore::isValidId(group.id));
            ids.insert(group.id);
            QVERIFY(group.dateUpdated >= group.dateCreated);
            nonAscii += std::any_of(group.name.begin(), group.name.end(),
                                    [](QChar c) { return c.unicode() > 127; });
        }
        QCOMPARE(ids.size(), account.groups.size());
        QVERIFY(nonAscii > 0);

        int inSeveral = 0, ungrouped = 0;
        for (const SandboxKpi &kpi : account.kpis) {
            inSeveral += kpi.groupIds.size() > 1;
            ungrouped += kpi.groupIds.isEmpty();
            for (const QString &groupId : kpi.groupIds)
                QVERIFY(ids.contains(groupId));
        }
        QVERIFY(inSeveral > 10);
        QVERIFY(ungrouped > 0);

        const SandboxUser *demo = store.userForToken(SandboxGenerator::demoToken);
        QVERIFY(demo);
        QVERIFY(!account.favoritesByUser.value(demo->id).isEmpty());
        QCOMPARE(demo->firstName, u"Ana"_s);
        QCOMPARE(demo->lastName, u"Souza"_s);
        QCOMPARE(demo->email, u"ana.souza@acme.example"_s);
        for (const SandboxUser &user : store.users())
            QVERIFY(!user.firstName.isEmpty() && !user.lastName.isEmpty() &&
                    user.email.contains(u'@'));
        QVERIFY(store.userForToken(SandboxGenerator::secondUserToken));
        QCOMPARE(store.userForToken(SandboxGenerator::otherToken)->accountId,
                 QString(SandboxGenerator::otherAccountId));
    }

    void serves100000GroupsInOneList()
    {
        SandboxStore store;
        SandboxGenerator::populate(store, {1, 100000, 1000, 5});
        SandboxServer server(&store);
        QVERIFY(server.listenOnLoopback());
        HttpTestClient client(server.baseUrl(), SandboxGenerator::demoToken,
                              SandboxGenerator::demoAccountId);
        QElapsedTimer timer;
        timer.start();
        const HttpResult all = client.get(u"/kpis/groups"_s);
        qInfo("100,000 groups: %lld bytes in %lld ms", qint64(all.body.size()), timer.elapsed());
        QCOMPARE(all.status, 200);
        const QJsonObject body = all.object();
        QCOMPARE(body.value("count"_L1).toInt(), 100000);
        QCOMPARE(body.value("totalCount"_L1).toInt(), 100000);
        QCOMPARE(body.value("items"_L1).toArray().size(), 100000);

        QUrlQuery page;
        page.addQueryItem(u"sort"_s, u"name"_s);
        page.addQueryItem(u"skip"_s, u"99990"_s);
        page.addQueryItem(u"take"_s, u"1000"_s);
        QCOMPARE(client.get(u"/kpis/groups"_s, page).ids().size(), 10);
    }
};

QTEST_GUILESS_MAIN(TestSandboxGenerator)
#include "tst_sandboxgenerator.moc"

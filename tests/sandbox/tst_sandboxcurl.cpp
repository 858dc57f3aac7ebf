#include "sandboxgenerator.h"
#include "sandboxstore.h"
#include "sandboxthread.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

// The curl samples of shared/api/seed-kpi-groups-endpoints.txt, exactly as they stand there
// (line breaks restored), against the sandbox: only the host, {token} and the ids are filled in.
class TestSandboxCurl : public QObject
{
    Q_OBJECT

    SandboxThread m_sandbox;
    QString m_host;

    struct CurlResult
    {
        int status = 0;
        QByteArray body;
    };

    CurlResult run(QString command, const QString &groupId = {}, const QString &kpiId = {})
    {
        command.replace(u"https://app.quantive.com"_s, m_host);
        command.replace(u"{token}"_s, SandboxGenerator::demoToken);
        command.replace(u"{groupId}"_s, groupId);
        command.replace(u"{kpiId}"_s, kpiId);
        // Status on the last line; the seed's command itself is left as it is.
        if (!command.endsWith(u'\\'))
            command += u" \\"_s;
        command += u"\n -s -w '\\n%{http_code}'"_s;
        QProcess curl;
        curl.start(u"bash"_s, {u"-c"_s, command});
        if (!curl.waitForFinished(20000))
            return {};
        const QByteArray output = curl.readAllStandardOutput();
        const qsizetype lastLine = output.lastIndexOf('\n');
        return {output.mid(lastLine + 1).toInt(), output.left(lastLine)};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"curl"_s).isEmpty())
            QSKIP("curl is not installed");
        QVERIFY(m_sandbox.start());
        m_host = u"http://127.0.0.1:%1"_s.arg(m_sandbox.baseUrl().port());
    }

    void seedSamplesWork()
    {
        const CurlResult list =
            run(uR"(curl -X GET 'https://app.quantive.com/results/api/v1/kpis/groups' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \
-H 'gtmhub-accountId: 5be26318e5274a0007f17f61' \)"_s);
        QCOMPARE(list.status, 200);
        QCOMPARE(QJsonDocument::fromJson(list.body).object().value("totalCount"_L1).toInt(), 40);

        const CurlResult created =
            run(uR"(curl -X POST 'https://app.quantive.com/results/api/v1/kpis/groups' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \
-H 'gtmhub-accountId: 5be26318e5274a0007f17f61' \
-d '{"name":"string value"}')"_s);
        QCOMPARE(created.status, 201);
        const QJsonObject group = QJsonDocument::fromJson(created.body).object();
        QCOMPARE(group.value("name"_L1).toString(), u"string value"_s);
        const QString groupId = group.value("id"_L1).toString();

        const CurlResult fetched =
            run(uR"(curl -X GET 'https://app.quantive.com/results/api/v1/kpis/groups/{groupId}' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \
-H 'gtmhub-accountId: 5be26318e5274a0007f17f61' \)"_s,
                groupId);
        QCOMPARE(fetched.status, 200);
        QCOMPARE(QJsonDocument::fromJson(fetched.body).object(), group);

        const CurlResult starred = run(
            uR"(curl -X PUT 'https://app.quantive.com/results/api/v1/kpis/groups/{groupId}/favorite' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \)"_s,
            groupId);
        QCOMPARE(starred.status, 200);

        const CurlResult renamed =
            run(uR"(curl -X PATCH 'https://app.quantive.com/results/api/v1/kpis/groups/{groupId}' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \
-H 'gtmhub-accountId: 5be26318e5274a0007f17f61' \
-d '{"name":"string value"}')"_s,
                groupId);
        QCOMPARE(renamed.status, 200);

        bool favorite = false;
        m_sandbox.withStore([&](SandboxStore &store) {
            const SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            favorite = store.isFavorite(
                account, store.userForToken(SandboxGenerator::demoToken)->id, groupId);
        });
        QVERIFY(favorite);

        const CurlResult unstarred = run(
            uR"(curl -X DELETE 'https://app.quantive.com/results/api/v1/kpis/groups/{groupId}/favorite' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \)"_s,
            groupId);
        QCOMPARE(unstarred.status, 200);

        QString kpiId, kpiGroupId;
        m_sandbox.withStore([&](SandboxStore &store) {
            for (const SandboxKpi &kpi : store.account(SandboxGenerator::demoAccountId)->kpis) {
                if (kpi.groupIds.size() > 1) {
                    kpiId = kpi.id;
                    kpiGroupId = kpi.groupIds.constFirst();
                    break;
                }
            }
        });
        const CurlResult removed = run(
            uR"(curl -X DELETE 'https://app.quantive.com/results/api/v1/kpis/{kpiId}/groups/{groupId}' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \
-H 'gtmhub-accountId: 5be26318e5274a0007f17f61' \)"_s,
            kpiGroupId, kpiId);
        QCOMPARE(removed.status, 200);

        const CurlResult deleted =
            run(uR"(curl -X DELETE 'https://app.quantive.com/results/api/v1/kpis/groups/{groupId}' \
 -H 'Content-Type: application/json' \
 -H 'Accept: application/json' \
 -H 'Authorization: Bearer {token}' \
-H 'gtmhub-accountId: 5be26318e5274a0007f17f61' \)"_s,
                groupId);
        QCOMPARE(deleted.status, 200);

        m_sandbox.withStore([&](SandboxStore &store) {
            const SandboxAccount &account = *store.account(SandboxGenerator::demoAccountId);
            QVERIFY(!store.group(account, groupId));
            QCOMPARE(account.groups.size(), 40);
            const SandboxKpi &kpi = account.kpis.at(account.kpiIndex.value(kpiId));
            QVERIFY(!kpi.groupIds.contains(kpiGroupId));
            QVERIFY(!kpi.groupIds.isEmpty()); // its other groups are untouched
        });
    }
};

QTEST_GUILESS_MAIN(TestSandboxCurl)
#include "tst_sandboxcurl.moc"

#include "apierror.h"
#include "apijson.h"
#include "jsontext.h"
#include "pagesamples.h"
#include "sandboxjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The reference for the streaming readers: the same fields, read from QJsonDocument's objects.
std::optional<KpiGroup> referenceGroup(const QJsonObject &object)
{
    const QJsonValue id = object.value("id"_L1);
    if (!id.isString() || id.toString().isEmpty())
        return std::nullopt;
    KpiGroup group;
    group.id = id.toString();
    group.accountId = object.value("accountId"_L1).toString();
    group.name = object.value("name"_L1).toString();
    group.createdById = object.value("createdById"_L1).toString();
    group.modifiedById = object.value("modifiedById"_L1).toString();
    group.dateCreated = ApiJson::date(object.value("dateCreated"_L1).toString());
    group.dateUpdated = ApiJson::date(object.value("dateUpdated"_L1).toString());
    group.favorite = object.value("favorite"_L1).toBool();
    return group;
}

std::optional<Kpi> referenceKpi(const QJsonObject &object)
{
    const QJsonValue id = object.value("id"_L1);
    if (!id.isString() || id.toString().isEmpty())
        return std::nullopt;
    Kpi kpi;
    kpi.id = id.toString();
    kpi.name = object.value("name"_L1).toString();
    kpi.description = object.value("description"_L1).toString();
    kpi.ownerId = object.value("ownerId"_L1).toString();
    kpi.groupIdsGiven = object.value("groupIds"_L1).isArray();
    for (const QJsonValue &groupId : object.value("groupIds"_L1).toArray())
        if (groupId.isString())
            kpi.groupIds.append(groupId.toString());
    return kpi;
}

// A page as QJsonDocument and the reference read it; std::nullopt when they refuse it.
template<typename T>
std::optional<ApiJson::Page<T>> referencePage(const QByteArray &body,
                                              std::optional<T> (*readItem)(const QJsonObject &))
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.object().value("items"_L1).isArray())
        return std::nullopt;
    ApiJson::Page<T> page;
    for (const QJsonValue &item : document.object().value("items"_L1).toArray()) {
        std::optional<T> value = readItem(item.toObject());
        if (!value)
            return std::nullopt;
        page.items.append(*value);
    }
    page.totalCount = qsizetype(document.object().value("totalCount"_L1).toDouble(-1));
    return page;
}

} // namespace

class TestApiJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAGroup()
    {
        const QByteArray body =
            R"({"accountId":"acc","createdById":"u1","dateCreated":"2024-03-01T10:15:30.123Z",
            "dateUpdated":"2024-03-02T00:00:00.000Z","favorite":true,"id":"g1","modifiedById":"u2",
            "name":"Zürich","somethingNew":[1,2]})";
        const std::optional<KpiGroup> group = ApiJson::group(body);
        QVERIFY(group);
        QCOMPARE(group->id, u"g1"_s);
        QCOMPARE(group->accountId, u"acc"_s);
        QCOMPARE(group->name, u"Zürich"_s);
        QCOMPARE(group->createdById, u"u1"_s);
        QCOMPARE(group->modifiedById, u"u2"_s);
        QCOMPARE(group->favorite, true);
        QCOMPARE(group->dateCreated, QDateTime(QDate(2024, 3, 1), QTime(10, 15, 30, 123), Qt::UTC));
        QCOMPARE(group->dateUpdated, QDateTime(QDate(2024, 3, 2), QTime(0, 0), Qt::UTC));
    }

    void readsPeopleWhateverTheShape_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray people =
            R"([{"id":"a1","displayName":"Ada L.","firstName":"Ada","lastName":"Lovelace"},)"
            R"({"_id":"a2","firstName":" Grace ","lastName":"Hopper","email":"g@x.io"},)"
            R"({"id":"a3","email":"c@x.io"},{"id":"a4"},{"name":"no id"}])";
        QTest::newRow("items") << QByteArray(R"({"count":4,"items":)" + people + "}");
        QTest::newRow("users") << QByteArray(R"({"users":)" + people + "}");
        QTest::newRow("bare array") << people;
    }
    void readsPeopleWhateverTheShape()
    {
        QFETCH(QByteArray, body);
        const auto names = ApiJson::userNames(body);
        QVERIFY(names);
        QCOMPARE(*names, (QHash<QString, QString>{{u"a1"_s, u"Ada L."_s},
                                                  {u"a2"_s, u"Grace Hopper"_s},
                                                  {u"a3"_s, u"c@x.io"_s}}));
    }
    void refusesWhatIsNotPeople()
    {
        QVERIFY(!ApiJson::userNames(R"({"people":[]})"));
        QVERIFY(!ApiJson::userNames("<html>"));
        QVERIFY(!ApiJson::userNames("42"));
        QVERIFY(!ApiJson::userNames(R"({"items":{"id":"a1"},"users":[]})"));
        QVERIFY(!ApiJson::userNames(R"([{"id":"a1","firstName":"Ada"}] [])"));
        QVERIFY(!ApiJson::userNames(R"({"items":[],"items":[]})"));
        QVERIFY(!ApiJson::userNames(R"([{"id":"a1","firstName":"Ada","firstName":"Bo"}])"));
    }

    void shortensLongNames_data()
    {
        QTest::addColumn<QByteArray>("person");
        QTest::addColumn<QString>("name");
        const QByteArray a196(196, 'a');
        QTest::newRow("short") << QByteArray(R"({"firstName":"Ada","lastName":"Lovelace"})")
                               << u"Ada Lovelace"_s;
        QTest::newRow("200 characters") << QByteArray(R"({"firstName":"Ada )" + a196 + R"("})")
                                        << u"Ada "_s + QString(196, u'a');
        QTest::newRow("201 characters") << QByteArray(R"({"firstName":"Ada )" + a196 + R"(b"})")
                                        << u"Ada "_s + QString(195, u'a') + u"…"_s;
        QTest::newRow("a long first name")
            << QByteArray(R"({"firstName":")" + QByteArray(100000, 'x') + R"(","lastName":"L"})")
            << QString(199, u'x') + u"…"_s;
        QTest::newRow("a long last name")
            << QByteArray(R"({"firstName":"Ada","lastName":")" + QByteArray(5000, 'y') + R"("})")
            << u"Ada "_s + QString(195, u'y') + u"…"_s;
        QTest::newRow("a long display name")
            << QByteArray(R"({"displayName":")" + QByteArray(300, 'z') + R"("})")
            << QString(199, u'z') + u"…"_s;
        QTest::newRow("not half of a character")
            << QByteArray(R"({"firstName":")" + QByteArray(198, 'a') + "😀😀" + R"("})")
            << QString(198, u'a') + u"…"_s;
    }
    void shortensLongNames()
    {
        QFETCH(QByteArray, person);
        QFETCH(QString, name);
        person.insert(1, R"("id":"a1",)");
        const auto names = ApiJson::userNames("[" + person + "]");
        QVERIFY(names);
        QCOMPARE(names->value(u"a1"_s), name);
        QVERIFY(names->value(u"a1"_s).size() <= ApiJson::maxPersonNameLength);
    }

    void refusesWhatIsNotAGroup()
    {
        QVERIFY(!ApiJson::group(QByteArray(R"({"name":"no id"})")));
        QVERIFY(!ApiJson::group(QByteArray(R"({"id":7})")));
        QVERIFY(!ApiJson::group(QByteArray(R"([])")));
        QVERIFY(!ApiJson::group(QByteArray(R"({"id":"x")")));
        QVERIFY(!ApiJson::group(QByteArray()));
    }

    void readsPages()
    {
        const auto page = ApiJson::groupPage(
            R"({"count":2,"items":[{"id":"a","name":"A"},{"id":"b"}],"totalCount":40})");
        QVERIFY(page.problem.isEmpty());
        QCOMPARE(page.items.size(), 2);
        QCOMPARE(page.items.at(1).id, u"b"_s);
        QCOMPARE(page.totalCount, 40);

        const auto kpis = ApiJson::kpiPage(
            R"({"items":[{"id":"k","name":"Revenue","description":"d","ownerId":"o","groupIds":["g1","g2"]}]})");
        QVERIFY(kpis.problem.isEmpty());
        QCOMPARE(kpis.items.at(0),
                 (Kpi{u"k"_s, u"Revenue"_s, u"d"_s, u"o"_s, {u"g1"_s, u"g2"_s}, true}));
        QCOMPARE(kpis.totalCount, -1); // none given: unknown, not guessed
        // In no group, and not said: not the same.
        const auto unsaid = ApiJson::kpiPage(R"({"items":[{"id":"k","groupIds":[]},{"id":"l"}]})");
        QCOMPARE(unsaid.items.at(0).groupIdsGiven, true);
        QCOMPARE(unsaid.items.at(1).groupIdsGiven, false);
    }

    void readsStamps()
    {
        // A few fields of each group; every field, from a server that ignores `fields`.
        const auto page = ApiJson::groupStampPage(
            R"({"items":[{"dateUpdated":"2024-03-01T10:15:30.123Z","id":"a"},)"
            R"({"favorite":true,"id":"b"},{"favorite":false,"id":"c","name":"C"},)"
            R"({"accountId":"x","createdById":"u","dateCreated":"2024-01-01T00:00:00.000Z",)"
            R"("dateUpdated":"2024-02-01T00:00:00.000Z","favorite":false,"id":"d",)"
            R"("modifiedById":"u","name":"D"}],"totalCount":4})");
        QVERIFY(page.problem.isEmpty());
        QCOMPARE(page.totalCount, 4);
        QCOMPARE(page.items.size(), 4);
        const GroupStamp &a = page.items.at(0);
        QCOMPARE(a.id, u"a"_s);
        QCOMPARE(a.dateUpdated, QDateTime(QDate(2024, 3, 1), QTime(10, 15, 30, 123), Qt::UTC));
        QCOMPARE(a.favorite, std::nullopt); // not given: not false
        QVERIFY(!a.whole);
        QCOMPARE(page.items.at(1).favorite, std::optional(true));
        QVERIFY(!page.items.at(1).dateUpdated.isValid());
        QCOMPARE(page.items.at(2).favorite, std::optional(false));
        QVERIFY(!page.items.at(2).whole); // a name is not every field
        const GroupStamp &d = page.items.at(3);
        QVERIFY(d.whole);
        QCOMPARE(d.whole->name, u"D"_s);
        QCOMPARE(d.whole->accountId, u"x"_s);
        QCOMPARE(d.dateUpdated, d.whole->dateUpdated);
        QCOMPARE(d.favorite, std::optional(false));
        // By the rules of every page.
        QVERIFY(!ApiJson::groupStampPage(R"({"items":[{"favorite":true}]})").problem.isEmpty());
        QVERIFY(!ApiJson::groupStampPage(R"({"items":[{"id":"a","id":"b"}]})").problem.isEmpty());
    }

    void refusesBrokenPages_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << QByteArray(R"({"count":1,"items":[{"id":"a")");
        QTest::newRow("no items") << QByteArray(R"({"count":0,"totalCount":0})");
        QTest::newRow("items not an array") << QByteArray(R"({"items":{}})");
        QTest::newRow("an array") << QByteArray(R"([{"id":"a"}])");
        QTest::newRow("item without id") << QByteArray(R"({"items":[{"id":"a"},{"name":"b"}]})");
        QTest::newRow("html") << QByteArray("<html>Bad gateway</html>");
    }
    void refusesBrokenPages()
    {
        QFETCH(QByteArray, body);
        const auto page = ApiJson::groupPage(body);
        QVERIFY(!page.problem.isEmpty());
        QVERIFY(page.items.isEmpty());
    }

    // A count is the server's word: it becomes a number of items only when it can be one, and
    // the page is read either way.
    void readsOnlyCountsThatCanBeCounts_data()
    {
        QTest::addColumn<QByteArray>("count");
        QTest::addColumn<qsizetype>("read"); // -1: unknown
        QTest::newRow("a count") << QByteArray("7") << qsizetype(7);
        QTest::newRow("missing") << QByteArray() << qsizetype(-1);
        QTest::newRow("a string") << QByteArray(R"("7")") << qsizetype(-1);
        QTest::newRow("1e300") << QByteArray("1e300") << qsizetype(-1);
        QTest::newRow("1e12") << QByteArray("1e12") << qsizetype(-1);
        QTest::newRow("negative") << QByteArray("-1") << qsizetype(-1);
        QTest::newRow("a fraction") << QByteArray("2.5") << qsizetype(-1);
    }
    void readsOnlyCountsThatCanBeCounts()
    {
        QFETCH(QByteArray, count);
        QFETCH(qsizetype, read);
        const QByteArray total = count.isEmpty() ? QByteArray() : ",\"totalCount\":" + count;
        const QByteArray groups =
            R"({"items":[{"id":"5be26318e5274a0007f17f61","name":"A"}])" + total + '}';
        const QByteArray kpis =
            R"({"items":[{"id":"5be26318e5274a0007f17f61","name":"K","groupIds":[]}])" + total +
            '}';
        const ApiJson::Page<KpiGroup> groupPage = ApiJson::groupPage(groups);
        const ApiJson::Page<Kpi> kpiPage = ApiJson::kpiPage(kpis);
        for (const auto &[problem, items, totalCount] :
             {std::tuple(groupPage.problem, groupPage.items.size(), groupPage.totalCount),
              std::tuple(kpiPage.problem, kpiPage.items.size(), kpiPage.totalCount)}) {
            QCOMPARE(problem, QString());
            QCOMPARE(items, 1);
            QCOMPARE(totalCount, read);
        }
    }

    void readsPagesLikeQJsonDocument_data()
    {
        QTest::addColumn<QByteArray>("body");
        for (const auto &[name, body] : pageSamples())
            QTest::newRow(name) << body;
    }
    void readsPagesLikeQJsonDocument()
    {
        QFETCH(QByteArray, body);
        // Invalid JSON by RFC 8259 that QJsonDocument lets through: refused here.
        if (QByteArrayView(QTest::currentDataTag()) == "control character" ||
            QByteArrayView(QTest::currentDataTag()) == "bad escape") {
            QVERIFY(!ApiJson::groupPage(body).problem.isEmpty());
            QVERIFY(!ApiJson::kpiPage(body).problem.isEmpty());
            return;
        }
        // The reference: QJsonDocument, then the same field rules. The samples are groups; read as
        // KPIs, their id and name are what counts.
        const auto check = [&body](const auto &actual, const auto &expected) {
            if (!expected) {
                QVERIFY2(!actual.problem.isEmpty(), body.constData());
                QVERIFY(actual.items.isEmpty());
                return;
            }
            QVERIFY2(actual.problem.isEmpty(), qPrintable(actual.problem));
            QCOMPARE(actual.items, expected->items);
            QCOMPARE(actual.totalCount, expected->totalCount);
        };
        check(ApiJson::groupPage(body), referencePage<KpiGroup>(body, referenceGroup));
        if (QTest::currentTestFailed())
            return;
        check(ApiJson::kpiPage(body), referencePage<Kpi>(body, referenceKpi));
    }

    // A key given twice in an object that is read is neither joined nor overwritten: the whole
    // body is refused, for groups and KPIs alike.
    void refusesAKeyGivenTwice_data()
    {
        QTest::addColumn<QByteArray>("readAs"); // groups, kpis or group
        QTest::addColumn<QByteArray>("body");
        const auto row = [](const char *name, const char *readAs, const QByteArray &body) {
            QTest::newRow(name) << QByteArray(readAs) << body;
        };
        row("two items arrays", "groups",
            R"({"items":[{"id":"a"}],"items":[{"id":"b"}],"totalCount":1})");
        row("items, then items escaped", "groups", R"({"items":[{"id":"a"}],"it\u0065ms":[]})");
        row("items null, then an array", "groups", R"({"items":null,"items":[{"id":"a"}]})");
        row("two counts", "groups", R"({"items":[{"id":"a"}],"totalCount":1,"totalCount":2})");
        row("an unknown key twice in the page", "groups", R"({"meta":1,"items":[],"meta":2})");
        row("two ids", "groups", R"({"items":[{"id":"a","id":"b"}]})");
        row("two names", "groups", R"({"items":[{"id":"a","name":"A","name":"B"}]})");
        row("two account ids", "groups",
            R"({"items":[{"id":"a","accountId":"x","accountId":"x"}]})");
        row("two stars", "groups", R"({"items":[{"id":"a","favorite":true,"favorite":false}]})");
        row("an unknown key twice in an item", "groups",
            R"({"items":[{"id":"a","color":"red","color":"blue"}]})");
        QByteArray many = R"({"items":[{"id":"a")";
        for (int i = 0; i < 40; ++i)
            many += ",\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i);
        row("one of 40 unknown keys twice", "groups", many + R"(,"k5":0}]})");
        row("kpis: two items arrays", "kpis", R"({"items":[{"id":"k"}],"items":[{"id":"l"}]})");
        row("kpis: two counts", "kpis", R"({"items":[{"id":"k"}],"totalCount":1,"totalCount":1})");
        row("kpis: two group id lists", "kpis",
            R"({"items":[{"id":"k","groupIds":["g1"],"groupIds":["g2"]}]})");
        row("kpis: two descriptions", "kpis",
            R"({"items":[{"id":"k","description":"a","description":"b"}]})");
        row("kpis: two owners", "kpis", R"({"items":[{"id":"k","ownerId":"a","ownerId":"b"}]})");
        row("group: two ids", "group", R"({"id":"a","name":"A","id":"b"})");
        row("group: two names", "group", R"({"id":"a","name":"A","name":"B"})");
    }
    void refusesAKeyGivenTwice()
    {
        QFETCH(QByteArray, readAs);
        QFETCH(QByteArray, body);
        if (readAs == "group") {
            QCOMPARE(ApiJson::group(body), std::nullopt);
            return;
        }
        const auto check = [](const auto &page) {
            QVERIFY2(page.problem.contains(u"twice"_s), qPrintable(page.problem));
            QCOMPARE(page.items.size(), 0);
            QCOMPARE(page.totalCount, -1);
        };
        if (readAs == "groups")
            check(ApiJson::groupPage(body));
        else
            check(ApiJson::kpiPage(body));
    }

    void readsKeysOnceEachAndLeavesSkippedMembersAlone()
    {
        const auto groups = ApiJson::groupPage(
            R"({"items":[{"id":"a","meta":{"x":1,"x":2}},{"id":"b","meta":[{"y":1,"y":1}]}]})");
        QCOMPARE(groups.problem, QString());
        QCOMPARE(groups.items.size(), 2);
        const auto kpis = ApiJson::kpiPage(
            R"({"items":[{"id":"k","groupIds":["g1",2,null,"g\u0032",{"a":1}]},{"id":"l"}]})");
        QCOMPARE(kpis.problem, QString());
        QCOMPARE(kpis.items.size(), 2);
        QCOMPARE(kpis.items.at(0).groupIds, (QStringList{u"g1"_s, u"g2"_s}));
    }

    // Invalid UTF-8 in text for people: each bad sequence is U+FFFD, in groups and KPIs alike.
    void replacesInvalidUtf8InText()
    {
        const auto groups = ApiJson::groupPage("{\"items\":[{\"id\":\"a\",\"name\":\"Z\xfcrich\"},"
                                               "{\"id\":\"b\",\"name\":\"\\n\xff\"}]}");
        QCOMPARE(groups.problem, QString());
        QCOMPARE(groups.items.size(), 2);
        QCOMPARE(groups.items.at(0).name, u"Z\uFFFDrich"_s);
        QCOMPARE(groups.items.at(1).name, u"\n\uFFFD"_s);

        const auto kpis = ApiJson::kpiPage(
            "{\"items\":[{\"id\":\"k\",\"name\":\"Z\xfcrich\",\"description\":\"caf\xc3\"}]}");
        QCOMPARE(kpis.problem, QString());
        QCOMPARE(kpis.items.size(), 1);
        QCOMPARE(kpis.items.at(0).name, u"Z\uFFFDrich"_s);
        QCOMPARE(kpis.items.at(0).description, u"caf\uFFFD"_s);

        const std::optional<KpiGroup> group =
            ApiJson::group("{\"id\":\"a\",\"name\":\"Z\xfcrich\"}");
        QVERIFY(group);
        QCOMPARE(group->name, u"Z\uFFFDrich"_s);
    }

    // Invalid UTF-8 in an id: the body is refused (no id of the API has any).
    void refusesInvalidUtf8InIds_data()
    {
        QTest::addColumn<QByteArray>("readAs"); // groups, kpis or group
        QTest::addColumn<QByteArray>("body");
        const auto row = [](const char *name, const char *readAs, const char *body) {
            QTest::newRow(name) << QByteArray(readAs) << QByteArray(body);
        };
        row("id", "groups", "{\"items\":[{\"id\":\"a\xff\"}]}");
        row("id with an escape", "groups", "{\"items\":[{\"id\":\"\\u0041\xff\"}]}");
        row("overlong account id", "groups",
            "{\"items\":[{\"id\":\"a\",\"accountId\":\"\xc0\xaf\"}]}");
        row("surrogate in creator", "groups",
            "{\"items\":[{\"id\":\"a\",\"createdById\":\"\xed\xa0\x80\"}]}");
        row("cut short in modifier", "groups",
            "{\"items\":[{\"id\":\"a\",\"modifiedById\":\"ab\xe2\x82\"}]}");
        row("past U+10FFFF, second item", "groups",
            "{\"items\":[{\"id\":\"a\"},{\"id\":\"\xf4\x90\x80\x80\"}]}");
        row("kpis: id", "kpis", "{\"items\":[{\"id\":\"k\x80\"}]}");
        row("kpis: owner", "kpis", "{\"items\":[{\"id\":\"k\",\"ownerId\":\"\xfe\"}]}");
        row("kpis: a group id", "kpis",
            "{\"items\":[{\"id\":\"k\",\"groupIds\":[\"g\",\"\xff\"]}]}");
        row("group: id", "group", "{\"id\":\"a\xff\"}");
        row("group: account id", "group", "{\"id\":\"a\",\"accountId\":\"\xff\"}");
    }
    void refusesInvalidUtf8InIds()
    {
        QFETCH(QByteArray, readAs);
        QFETCH(QByteArray, body);
        if (readAs == "group") {
            QCOMPARE(ApiJson::group(body), std::nullopt);
            return;
        }
        const auto check = [](const auto &page) {
            QVERIFY2(page.problem.contains(u"UTF-8"_s), qPrintable(page.problem));
            QCOMPARE(page.items.size(), 0);
        };
        if (readAs == "groups")
            check(ApiJson::groupPage(body));
        else
            check(ApiJson::kpiPage(body));
    }

    void takesIdsInAnyValidUtf8()
    {
        const auto groups =
            ApiJson::groupPage("{\"items\":[{\"id\":\"\xc3\xa9\xe6\x9d\xb1\xf0\x9f\x98\x80\"}]}");
        QCOMPARE(groups.problem, QString());
        QCOMPARE(groups.items.at(0).id, u"é東😀"_s);
    }

    void readsTheSandboxsOwnOutput()
    {
        // Every character class the sandbox writes, through its writer and back.
        QByteArray body = "{\"items\":[";
        const QStringList names = {u"plain"_s, u"quote \" backslash \\"_s, u"tab\tnew\nline"_s,
                                   u"\x01\x1f control"_s, u"Zürich · 東京 😀"_s};
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (i > 0)
                body += ',';
            body += "{\"id\":\"" + QByteArray::number(i) + "\",\"name\":";
            JsonText::appendString(body, names.at(i));
            body += ",\"dateCreated\":";
            sandboxAppendIsoDate(body, 1709288130123 + i);
            body += '}';
        }
        body += "],\"totalCount\":5}";
        const auto page = ApiJson::groupPage(body);
        QVERIFY(page.problem.isEmpty());
        for (qsizetype i = 0; i < names.size(); ++i) {
            QCOMPARE(page.items.at(i).name, names.at(i));
            QCOMPARE(page.items.at(i).dateCreated.toMSecsSinceEpoch(), 1709288130123 + i);
        }
    }

    void refusesEveryTruncationAndSurvivesNoise()
    {
        const QByteArray body =
            R"({"count":2,"items":[{"id":"a","name":"Zürich \u00e9","favorite":true,)"
            R"("dateCreated":"2024-03-01T10:15:30.123Z"},{"id":"b","x":[1,{"y":null}]}],"totalCount":2})";
        QVERIFY(ApiJson::groupPage(body).problem.isEmpty());
        for (qsizetype cut = 0; cut < body.size(); ++cut)
            QVERIFY2(!ApiJson::groupPage(body.left(cut)).problem.isEmpty(),
                     body.left(cut).constData());
        QRandomGenerator random(42);
        for (int i = 0; i < 2000; ++i) {
            QByteArray noisy = body;
            noisy[random.bounded(int(noisy.size()))] = char(random.bounded(256));
            const auto page = ApiJson::groupPage(noisy); // must not crash or hang
            QVERIFY(page.problem.isEmpty() || page.items.isEmpty());
        }
    }

    void sharesRepeatedIds()
    {
        const auto page = ApiJson::groupPage(
            R"({"items":[{"id":"a","accountId":"acc","createdById":"u"},{"id":"b","accountId":"acc","createdById":"u"}]})");
        QCOMPARE(page.items.size(), 2);
        QVERIFY(page.items.at(0).accountId.isSharedWith(page.items.at(1).accountId));
        QVERIFY(page.items.at(0).createdById.isSharedWith(page.items.at(1).createdById));
    }

    void readsDatesQuickly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("api form") << u"2024-03-01T10:15:30.123Z"_s;
        QTest::newRow("leap day") << u"2024-02-29T23:59:59.999Z"_s;
        QTest::newRow("no milliseconds") << u"2024-03-01T10:15:30Z"_s;
        QTest::newRow("offset") << u"2024-03-01T10:15:30.123+02:00"_s;
        QTest::newRow("not a date") << u"2024-13-01T10:15:30.123Z"_s;
        QTest::newRow("garbage") << u"yesterday"_s;
    }
    void readsDatesQuickly()
    {
        QFETCH(QString, text);
        const QDateTime expected = QDateTime::fromString(text, Qt::ISODateWithMs);
        const QDateTime actual = ApiJson::date(text);
        QCOMPARE(actual.isValid(), expected.isValid());
        if (expected.isValid())
            QCOMPARE(actual.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
    }

    void mapsStatusesToKinds_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::newRow("400") << 400 << ApiError::Kind::BadRequest;
        QTest::newRow("401") << 401 << ApiError::Kind::Unauthorized;
        QTest::newRow("402") << 402 << ApiError::Kind::PaymentRequired;
        QTest::newRow("403") << 403 << ApiError::Kind::Forbidden;
        QTest::newRow("404") << 404 << ApiError::Kind::NotFound;
        QTest::newRow("429") << 429 << ApiError::Kind::RateLimited;
        QTest::newRow("500") << 500 << ApiError::Kind::Server;
        QTest::newRow("503") << 503 << ApiError::Kind::Server;
        QTest::newRow("418") << 418 << ApiError::Kind::BadResponse;
        QTest::newRow("302") << 302 << ApiError::Kind::BadResponse;
    }
    void mapsStatusesToKinds()
    {
        QFETCH(int, status);
        QFETCH(ApiError::Kind, kind);
        const ApiError error = ApiError::fromStatus(status, Endpoint::GetGroup, {});
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.httpStatus, status);
        QVERIFY(!error.message.isEmpty());
        QVERIFY(!error.message.contains(u"%1"_s));
    }

    void keepsOnlyReadableServerMessages()
    {
        QCOMPARE(ApiError::fromStatus(400, Endpoint::CreateGroup,
                                      R"({"error":"The name must not be blank","statusCode":400})")
                     .serverMessage,
                 u"The name must not be blank"_s);
        QCOMPARE(
            ApiError::fromStatus(500, Endpoint::GetGroup, "upstream  timed\nout").serverMessage,
            u"upstream timed out"_s);
        QCOMPARE(
            ApiError::fromStatus(502, Endpoint::GetGroup, "<html><body>Bad gateway</body></html>")
                .serverMessage,
            QString());
        QCOMPARE(ApiError::fromStatus(500, Endpoint::GetGroup, QByteArray(500, 'x')).serverMessage,
                 QString());
        QCOMPARE(ApiError::fromStatus(500, Endpoint::GetGroup,
                                      "a\x01"
                                      "b")
                     .serverMessage,
                 QString());
        QCOMPARE(ApiError::fromStatus(404, Endpoint::RemoveKpiFromGroup, {}).message,
                 u"The KPI is no longer in this group; someone may have removed it already."_s);
    }
};

QTEST_GUILESS_MAIN(TestApiJson)
#include "tst_apijson.moc"

#include "sandboxjson.h"
#include "sandboxquery.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSandboxQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quotesBareKeys_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("strict json untouched") << QByteArray(R"({"name":{"$regex":"^S"}})")
                                               << QByteArray(R"({"name":{"$regex":"^S"}})");
        QTest::newRow("bare keys") << QByteArray(R"({name:{$regex:"^Sales"}})")
                                   << QByteArray(R"({"name":{"$regex":"^Sales"}})");
        QTest::newRow("spaces and several keys")
            << QByteArray(R"({ favorite : true, _id: {$in: ["a"]} })")
            << QByteArray(R"({ "favorite" : true, "_id": {"$in": ["a"]} })");
        QTest::newRow("key-like text inside a string stays")
            << QByteArray(R"({name:"a, b: c"})") << QByteArray(R"({"name":"a, b: c"})");
        QTest::newRow("escaped quote inside a string")
            << QByteArray("{name:\"say \\\"x:\\\"\"}")
            << QByteArray("{\"name\":\"say \\\"x:\\\"\"}");
    }
    void quotesBareKeys()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(sandboxQuoteBareKeys(input), expected);
    }

    void rejectsWhatItCannotDo_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("message");
        QTest::newRow("$exists") << u"{\"dateUpdated\":{\"$exists\":true}}"_s
                                 << u"Unsupported filter operator '$exists'"_s;
        QTest::newRow("$gt, not a date")
            << u"{\"dateUpdated\":{\"$gt\":\"yesterday\"}}"_s
            << u"$gt on 'dateUpdated' needs a date, such as 2024-03-01T10:15:30.123Z"_s;
        QTest::newRow("$lt, a number") << u"{\"dateCreated\":{\"$lt\":1709288130123}}"_s
                                       << u"$lt on 'dateCreated' needs a string"_s;
        QTest::newRow("$gte on a flag")
            << u"{\"favorite\":{\"$gte\":\"true\"}}"_s << u"$gte cannot compare 'favorite'"_s;
        QTest::newRow("$nor") << u"{\"$nor\":[{\"name\":\"a\"}]}"_s
                              << u"Unsupported filter operator '$nor'"_s;
        QTest::newRow("$where") << u"{\"$where\":\"1\"}"_s
                                << u"Unsupported filter operator '$where'"_s;
        QTest::newRow("unknown field")
            << u"{\"colour\":\"red\"}"_s << u"Unknown field 'colour' in filter"_s;
        QTest::newRow("kpi field on groups")
            << u"{\"ownerId\":\"x\"}"_s << u"Unknown field 'ownerId' in filter"_s;
        QTest::newRow("not json") << u"{name:"_s << u"'filter' must be a JSON object"_s;
        QTest::newRow("array") << u"[1]"_s << u"'filter' must be a JSON object"_s;
        QTest::newRow("$in needs array")
            << u"{\"id\":{\"$in\":\"a\"}}"_s << u"$in needs an array"_s;
        QTest::newRow("$or needs array")
            << u"{\"$or\":{\"name\":\"a\"}}"_s << u"$or needs a non-empty array of conditions"_s;
        QTest::newRow("empty $and")
            << u"{\"$and\":[]}"_s << u"$and needs a non-empty array of conditions"_s;
        QTest::newRow("bad regex") << u"{\"name\":{\"$regex\":\"(\"}}"_s
                                   << u"Invalid $regex: missing closing parenthesis"_s;
        QTest::newRow("bad option") << u"{\"name\":{\"$regex\":\"a\",\"$options\":\"g\"}}"_s
                                    << u"Unsupported $regex option 'g'"_s;
        QTest::newRow("options alone")
            << u"{\"name\":{\"$options\":\"i\"}}"_s << u"$options needs $regex"_s;
        QTest::newRow("embedded document")
            << u"{\"name\":{\"first\":\"a\"}}"_s << u"Unsupported condition on 'name'"_s;
    }
    void rejectsWhatItCannotDo()
    {
        QFETCH(QString, filter);
        QFETCH(QString, message);
        SandboxError error;
        SandboxFilter::parse(filter, SandboxCollection::Groups, &error);
        QCOMPARE(error.status, 400);
        QCOMPARE(error.message, message);
    }

    void matchesAgainstValues()
    {
        SandboxError error;
        const SandboxFilter filter = SandboxFilter::parse(
            uR"({$or:[{name:{$regex:"^sales",$options:"i"}},{favorite:true}],id:{$nin:["x"]}})"_s,
            SandboxCollection::Groups, &error);
        QVERIFY(!error.isError());
        QVERIFY(filter.usesField(SandboxField::Favorite));
        QVERIFY(!filter.usesField(SandboxField::DateCreated));

        struct Row
        {
            QString id;
            QString name;
            bool favorite;
        };
        const auto record = [](const Row &row) {
            return [&row](SandboxField field) {
                if (field == SandboxField::Favorite)
                    return SandboxValue::ofBool(row.favorite);
                return SandboxValue::ofString(field == SandboxField::Id ? row.id : row.name);
            };
        };
        const Row salesEmea{u"y"_s, u"Sales EMEA"_s, false};
        const Row sales{u"y"_s, u"SALES"_s, false};
        const Row starred{u"y"_s, u"Marketing"_s, true};
        const Row plain{u"y"_s, u"Marketing"_s, false};
        const Row excluded{u"x"_s, u"Sales"_s, true};
        QVERIFY(filter.matches(record(salesEmea)));
        QVERIFY(filter.matches(record(sales)));
        QVERIFY(filter.matches(record(starred)));
        QVERIFY(!filter.matches(record(plain)));
        QVERIFY(!filter.matches(record(excluded)));
    }
    void arrayFieldsMatchByMembership()
    {
        SandboxError error;
        const SandboxFilter filter = SandboxFilter::parse(u"{groupIds:{$in:[\"g2\",\"g9\"]}}"_s,
                                                          SandboxCollection::Kpis, &error);
        QVERIFY(!error.isError());
        const QStringList inTwo = {u"g1"_s, u"g2"_s};
        const QStringList inNone;
        QVERIFY(filter.matches([&](SandboxField) { return SandboxValue::ofList(inTwo); }));
        QVERIFY(!filter.matches([&](SandboxField) { return SandboxValue::ofList(inNone); }));
    }

    void comparesDatesAndStrings_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("early");
        QTest::addColumn<bool>("exact");
        QTest::addColumn<bool>("late");
        const QString at = u"2024-03-01T10:15:30.123Z"_s;
        QTest::newRow("$gt") << u"{dateUpdated:{$gt:\"%1\"}}"_s.arg(at) << false << false << true;
        QTest::newRow("$gte") << u"{dateUpdated:{$gte:\"%1\"}}"_s.arg(at) << false << true << true;
        QTest::newRow("$lt") << u"{dateUpdated:{$lt:\"%1\"}}"_s.arg(at) << true << false << false;
        QTest::newRow("$lte") << u"{dateUpdated:{$lte:\"%1\"}}"_s.arg(at) << true << true << false;
        QTest::newRow("a range")
            << u"{dateUpdated:{$gt:\"2024-03-01T10:15:30.122Z\",$lt:\"2024-03-01T10:15:30.124Z\"}}"_s
            << false << true << false;
        QTest::newRow("another zone")
            << u"{dateUpdated:{$gte:\"2024-03-01T11:15:30.123+01:00\"}}"_s << false << true << true;
        QTest::newRow("strings, binary order") << u"{name:{$gt:\"b\"}}"_s << false << false << true;
    }
    void comparesDatesAndStrings()
    {
        QFETCH(QString, filter);
        QFETCH(bool, early);
        QFETCH(bool, exact);
        QFETCH(bool, late);
        SandboxError error;
        const SandboxFilter parsed =
            SandboxFilter::parse(filter, SandboxCollection::Groups, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message));
        const qint64 at = sandboxParseIsoDate(u"2024-03-01T10:15:30.123Z"_s);
        const QString names[] = {u"a"_s, u"b"_s, u"c"_s};
        const auto record = [&](int which) {
            return [&, which](SandboxField field) {
                return field == SandboxField::Name ? SandboxValue::ofString(names[which])
                                                   : SandboxValue::ofDate(at - 1 + which);
            };
        };
        QCOMPARE(parsed.matches(record(0)), early);
        QCOMPARE(parsed.matches(record(1)), exact);
        QCOMPARE(parsed.matches(record(2)), late);
    }

    void writesIsoDatesLikeTheApi_data()
    {
        QTest::addColumn<QString>("iso");
        QTest::newRow("api sample") << u"2024-03-01T10:15:30.123Z"_s;
        QTest::newRow("epoch") << u"1970-01-01T00:00:00.000Z"_s;
        QTest::newRow("leap day") << u"2024-02-29T23:59:59.999Z"_s;
        QTest::newRow("before epoch") << u"1969-12-31T23:59:59.001Z"_s;
        QTest::newRow("far future") << u"2399-12-31T00:00:00.000Z"_s;
    }
    void writesIsoDatesLikeTheApi()
    {
        QFETCH(QString, iso);
        const qint64 ms = sandboxParseIsoDate(iso);
        QVERIFY(ms != -1);
        QByteArray out;
        sandboxAppendIsoDate(out, ms);
        QCOMPARE(out, '"' + iso.toLatin1() + '"');
    }

    void escapesJsonStrings()
    {
        QByteArray out;
        sandboxAppendJsonString(out, u"a\"b\\c\nd\x01é東"_s);
        QCOMPARE(out, QByteArray("\"a\\\"b\\\\c\\nd\\u0001") + u"é東\""_s.toUtf8());
    }

    void parsesListParameters()
    {
        QUrlQuery query;
        query.addQueryItem(u"sort"_s, u"-favorite,name"_s);
        query.addQueryItem(u"fields"_s, u"name,favorite"_s);
        query.addQueryItem(u"skip"_s, u"20"_s);
        query.addQueryItem(u"take"_s, u"10"_s);
        SandboxError error;
        const SandboxListQuery parsed =
            SandboxListQuery::parse(query, SandboxCollection::Groups, 1000, &error);
        QVERIFY(!error.isError());
        QCOMPARE(parsed.sort.size(), 2);
        QCOMPARE(parsed.sort.at(0).field, SandboxField::Favorite);
        QVERIFY(parsed.sort.at(0).descending);
        QCOMPARE(parsed.sort.at(1).field, SandboxField::Name);
        QVERIFY(!parsed.sort.at(1).descending);
        QCOMPARE(parsed.fields, (QList<SandboxField>{SandboxField::Id, SandboxField::Name,
                                                     SandboxField::Favorite}));
        QCOMPARE(parsed.skip, 20);
        QCOMPARE(parsed.take, 10);
    }
};

QTEST_GUILESS_MAIN(TestSandboxQuery)
#include "tst_sandboxquery.moc"

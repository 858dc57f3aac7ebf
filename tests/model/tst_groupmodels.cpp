#include "groupfiltermodel.h"
#include "grouplistmodel.h"
#include "pagedrefresh.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

KpiGroup group(const QString &id, const QString &name, bool favorite = false, int updatedDay = 1,
               int createdDay = 1)
{
    KpiGroup g;
    g.id = id;
    g.accountId = u"acc"_s;
    g.name = name;
    g.createdById = u"u1"_s;
    g.modifiedById = u"u1"_s;
    g.dateCreated = QDateTime(QDate(2024, 1, createdDay), QTime(9, 0), Qt::UTC);
    g.dateUpdated = QDateTime(QDate(2024, 2, updatedDay), QTime(9, 0), Qt::UTC);
    g.favorite = favorite;
    return g;
}

QStringList shownIds(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(GroupListModel::IdRole).toString());
    return ids;
}

QList<KpiGroup> sample()
{
    return {group(u"a"_s, u"Sales EMEA"_s, false, 3, 5), group(u"b"_s, u"sales APAC"_s, true, 9, 1),
            group(u"c"_s, u"Marketing"_s, false, 1, 9),
            group(u"d"_s, u"Zürich Office"_s, true, 5, 2),
            group(u"e"_s, u"Ärzte Team"_s, false, 7, 3)};
}

// Groups "g0", "g1", … named "Group 0", "Group 1", …: more than a slice of comparing.
QList<KpiGroup> numbered(int count)
{
    QList<KpiGroup> groups;
    for (int i = 0; i < count; ++i)
        groups.append(group(u"g%1"_s.arg(i), u"Group %1"_s.arg(i)));
    return groups;
}

// Waits for the pages that came to be compared (a slice per turn of the event loop).
bool compared(PagedRefresh &refresh)
{
    bool done = false;
    refresh.whenCompared([&] { done = true; });
    return QTest::qWaitFor([&] { return done; }, 5000);
}

} // namespace

class TestGroupModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void foldsSearchKeys_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::newRow("ascii") << u"Sales EMEA"_s << u"sales emea"_s;
        QTest::newRow("umlaut") << u"Zürich"_s << u"zurich"_s;
        QTest::newRow("capital umlaut") << u"ÄRZTE"_s << u"arzte"_s;
        QTest::newRow("french") << u"Société Générale"_s << u"societe generale"_s;
        QTest::newRow("eszett") << u"Straße"_s << u"strasse"_s;
        QTest::newRow("japanese") << u"東京チーム"_s << u"東京チーム"_s;
    }
    void foldsSearchKeys()
    {
        QFETCH(QString, text);
        QFETCH(QString, key);
        QCOMPARE(GroupListModel::searchKey(text), key);
    }

    void foldsLatin1QuicklyAndTheSame()
    {
        // A character beyond Latin-1 sends the whole name down the general path: the quick
        // path must give the same key for the rest.
        QRandomGenerator random(11);
        for (int i = 0; i < 2000; ++i) {
            QString name;
            for (int length = random.bounded(1, 24); length > 0; --length)
                name.append(QChar(char16_t(random.bounded(32, 256))));
            QCOMPARE(GroupListModel::searchKey(name + u"ł"_s),
                     GroupListModel::searchKey(name) + u"ł"_s);
        }
    }

    void exposesEveryField()
    {
        GroupListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGroups(sample());
        QCOMPARE(model.rowCount(), 5);
        const QModelIndex d = model.index(3);
        QCOMPARE(d.data().toString(), u"Zürich Office"_s);
        QCOMPARE(d.data(GroupListModel::IdRole).toString(), u"d"_s);
        QCOMPARE(d.data(GroupListModel::FavoriteRole).toBool(), true);
        QCOMPARE(d.data(GroupListModel::SearchKeyRole).toString(), u"zurich office"_s);
        QCOMPARE(d.data(GroupListModel::DateUpdatedRole).toDateTime(),
                 QDateTime(QDate(2024, 2, 5), QTime(9, 0), Qt::UTC));
        QCOMPARE(d.data(GroupListModel::GroupRole).value<KpiGroup>(), sample().at(3));
        QCOMPARE(model.roleNames().value(GroupListModel::FavoriteRole), QByteArray("favorite"));
        QCOMPARE(model.rowOf(u"d"_s), 3);
        QCOMPARE(model.rowOf(u"zz"_s), -1);
    }

    // What the window's Star does to several: all starred, unless all are already.
    void saysWhetherSeveralGroupsAreAllStarred()
    {
        GroupListModel model;
        model.setGroups(sample()); // b and d starred
        QVERIFY(model.allStarred({u"b"_s, u"d"_s}));
        QVERIFY(!model.allStarred({u"b"_s, u"c"_s}));
        QVERIFY(model.allStarred({u"b"_s, u"not shown"_s}));
        QVERIFY(!model.allStarred({u"a"_s}));
    }

    void mergesANewListKeepingRows()
    {
        GroupListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGroups(sample());
        const QPersistentModelIndex c = model.index(2);
        const QPersistentModelIndex e = model.index(4);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        QList<KpiGroup> next = sample();
        next.removeAt(1);               // b vanished
        next[1].favorite = true;        // c starred
        next[3].name = u"Arzte-Team"_s; // e renamed
        next.append(group(u"f"_s, u"Finance"_s));
        model.setGroups(next);

        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(shownIds(model), (QStringList{u"a"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s}));
        QCOMPARE(c.row(), 1);
        QCOMPARE(e.row(), 3);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), QModelIndex(c));
        QCOMPARE(changed.at(0).at(2).value<QList<int>>(),
                 (QList<int>{GroupListModel::FavoriteRole, GroupListModel::GroupRole}));
        QVERIFY(changed.at(1).at(2).value<QList<int>>().contains(GroupListModel::NameRole));
        QVERIFY(!changed.at(1).at(2).value<QList<int>>().contains(GroupListModel::FavoriteRole));
        QCOMPARE(model.index(3).data(GroupListModel::SearchKeyRole).toString(), u"arzte-team"_s);
        QCOMPARE(model.rowOf(u"f"_s), 4);
    }

    void keepsOneRowOfAGroupListedTwice()
    {
        QList<KpiGroup> groups = sample();
        groups.insert(3, groups.at(1)); // "b" again, as a page read after it moved would have it
        GroupListModel model;
        model.resetTo(GroupListModel::prepare(groups));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.groups(), sample());
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOf(model.groupAt(row).id), row);
        QCOMPARE(model.preparedNameOrder().size(), 5);
    }

    void gathersPagesThatArriveInAnyOrder()
    {
        GroupListModel model; // shows nothing: the pages are gathered
        PagedRefresh refresh(&model);
        const QList<KpiGroup> all = sample();
        refresh.addPage({all.at(4)}, 4);
        refresh.addPage({all.at(2)}, 2); // a short page: the list shrank meanwhile
        refresh.addPage({all.at(0), all.at(1)}, 0);
        QVERIFY(!refresh.isComparing());
        QCOMPARE(refresh.takeList(), (QList<KpiGroup>{all.at(0), all.at(1), all.at(2), all.at(4)}));
    }

    void startsOverWhenTheListIsReadAgain()
    {
        GroupListModel model;
        PagedRefresh refresh(&model);
        const QList<KpiGroup> all = sample();
        refresh.addPage({all.at(0), all.at(1)}, 0);
        refresh.restart(); // the list moved while it was read: the pages come again
        refresh.addPage({all.at(1), all.at(2)}, 0);
        QCOMPARE(refresh.takeList(), (QList<KpiGroup>{all.at(1), all.at(2)}));
        // Gathering never sizes anything from a claimed count.
        refresh.addPage({all.at(3)}, 1'000'000'000'000);
        QCOMPARE(refresh.takeList(), QList<KpiGroup>{all.at(3)});
    }

    // The pages are kept as they came and put together once, when taken (by a refresh: on a
    // worker): no list grown page by page, no buffer past the list's own size.
    void putsTheGatheredPagesTogetherOnceAtTheirSize()
    {
        GroupListModel model;
        PagedRefresh refresh(&model);
        for (int page = 99; page >= 0; --page) { // in any order
            QList<KpiGroup> groups;
            for (int i = 0; i < 10; ++i)
                groups.append(group(QString::number(page * 10 + i), u"G"_s));
            refresh.addPage(std::move(groups), page * 10);
        }
        PageAssembler<KpiGroup> gathered = refresh.takeGathered();
        QVERIFY(refresh.takeList().isEmpty()); // handed on whole
        const QList<KpiGroup> all = gathered.takeAll();
        QCOMPARE(all.size(), 1000);
        QCOMPARE(all.capacity(), 1000);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(all.at(i).id, QString::number(i));
    }

    void comparesPagesWithAShownList()
    {
        GroupListModel model;
        model.setGroups(sample());
        PagedRefresh refresh(&model);
        QList<KpiGroup> fresh = sample();
        fresh[0].name = u"Sales Europe"_s;
        const KpiGroup added = group(u"f"_s, u"Finance"_s);
        refresh.addPage({fresh.at(0), added}, 0); // gathered, until the list is shown
        refresh.compareFromNowOn();
        QVERIFY(refresh.isComparing());
        refresh.addPage({fresh.at(1), fresh.at(3)}, 2); // "c" and "e" are gone
        QVERIFY(compared(refresh));
        const GroupListModel::Changes changes = refresh.takeChanges();
        QCOMPARE(changes.changed, (QList<KpiGroup>{fresh.at(0)}));
        QCOMPARE(changes.changedKeys, (QList<QString>{u"sales europe"_s}));
        QCOMPARE(changes.added, (QList<KpiGroup>{added}));
        QCOMPARE(changes.addedKeys, (QList<QString>{u"finance"_s}));
        QCOMPARE(GroupListModel::unseen(model.groups(), refresh.takeSeen()),
                 (QStringList{u"c"_s, u"e"_s}));
    }

    // Each slice in a turn of the event loop of its own, after the events posted meanwhile (the
    // answers that come): none runs among them, as a queued call (QTimer::singleShot(0)) would.
    void comparesEachSliceInATurnOfItsOwn()
    {
        const QList<KpiGroup> shown = numbered(3000);
        GroupListModel model;
        model.setGroups(shown);
        PagedRefresh refresh(&model);
        int slices = 0;
        refresh.onSliceCompared([&] { ++slices; });
        refresh.compareFromNowOn();
        QList<KpiGroup> page = shown;
        page[2999].name = u"Renamed"_s;
        refresh.addPage(page, 0);
        QCoreApplication::sendPostedEvents(); // what a turn's posted events run
        QCOMPARE(slices, 0);
        QVERIFY(compared(refresh));
        QVERIFY(slices >= 1);
        QCOMPARE(refresh.takeChanges().changed, QList<KpiGroup>{page.at(2999)});
    }

    // A refresh held by what runs at its end (as GroupListRefresh holds its last comparing),
    // abandoned when that goes away: let go of at once, nothing more compared, the end not run.
    void letsGoOfItsComparingWhenAbandoned()
    {
        const QList<KpiGroup> shown = numbered(3000);
        GroupListModel model;
        model.setGroups(shown);
        auto refresh = std::make_shared<PagedRefresh>(&model);
        int slices = 0;
        bool ended = false;
        refresh->onSliceCompared([&] { ++slices; });
        refresh->compareFromNowOn();
        refresh->addPage(shown, 0);
        refresh->whenCompared([&ended, held = refresh] { ended = true; });
        const std::weak_ptr<PagedRefresh> watched = refresh;
        refresh.reset();
        QVERIFY(!watched.expired()); // held by its own end
        watched.lock()->abandon();
        QVERIFY(watched.expired());
        QTest::qWait(50);
        QCOMPARE(slices, 0);
        QVERIFY(!ended);
    }

    void comparesInStepWithRowsAddedAndRemovedMeanwhile()
    {
        GroupListModel model;
        model.setGroups(sample()); // a, b, c, d, e
        PagedRefresh refresh(&model);
        refresh.compareFromNowOn();
        refresh.addPage({sample().at(3), sample().at(4)}, 0); // d and e seen
        QVERIFY(model.removeGroup(u"b"_s));                   // rows after it move up
        model.upsertGroup(group(u"z"_s, u"Zeta"_s));          // a row at the end
        refresh.addPage({sample().at(0)}, 2);                 // a seen
        QVERIFY(compared(refresh));
        QCOMPARE(GroupListModel::unseen(model.groups(), refresh.takeSeen()),
                 (QStringList{u"c"_s, u"z"_s}));
    }

    void comparesStampsWithTheRowsOffTheGuiThread()
    {
        GroupListModel model;
        model.setGroups(sample()); // a, b, c, d, e
        PagedRefresh refresh(&model);
        refresh.compareFromNowOn();
        const auto stampOf = [](const KpiGroup &group) {
            return GroupStamp{group.id, group.dateUpdated, std::nullopt, nullptr};
        };
        const QList<KpiGroup> shown = sample();
        GroupStamp changed = stampOf(shown.at(1));
        changed.dateUpdated = changed.dateUpdated.addSecs(60);
        GroupStamp undated = stampOf(shown.at(2));
        undated.dateUpdated = {};
        refresh.addStamps({stampOf(shown.at(0)), changed});
        refresh.addStamps({undated, GroupStamp{u"new"_s, shown.at(0).dateUpdated, {}, nullptr}});
        QCOMPARE(refresh.toFetchCount(), 0); // looked up on a worker, taken in a later turn
        QVERIFY(compared(refresh));
        // In the order the stamps came, whichever worker ended first.
        QCOMPARE(refresh.takeToFetch(), (QStringList{u"b"_s, u"c"_s, u"new"_s}));
        QCOMPARE(GroupListModel::unseen(model.groups(), refresh.takeSeen()),
                 (QStringList{u"d"_s, u"e"_s}));
    }

    void comparesStampsAgainWhenTheRowsChangedMeanwhile()
    {
        GroupListModel model;
        model.setGroups(sample()); // a, b, c, d, e
        PagedRefresh refresh(&model);
        refresh.compareFromNowOn();
        QList<GroupStamp> stamps;
        for (const KpiGroup &group : sample().sliced(2)) // c, d, e: rows 2 to 4 when looked up
            stamps.append(GroupStamp{group.id, group.dateUpdated, std::nullopt, nullptr});
        refresh.addStamps(stamps);
        QVERIFY(model.removeGroup(u"a"_s)); // before the worker's answer is taken: rows move up
        QVERIFY(compared(refresh));
        QVERIFY(refresh.takeToFetch().isEmpty());
        QCOMPARE(GroupListModel::unseen(model.groups(), refresh.takeSeen()), QStringList{u"b"_s});
    }

    void dropsStampsOnWorkersWhenTheListIsReadAgain()
    {
        GroupListModel model;
        model.setGroups(sample());
        PagedRefresh refresh(&model);
        refresh.compareFromNowOn();
        refresh.addStamps({GroupStamp{u"gone"_s, {}, std::nullopt, nullptr}});
        refresh.restart();
        QVERIFY(compared(refresh));
        QTest::qWait(20); // the worker's answer, if any were still to come
        QCOMPARE(refresh.toFetchCount(), 0);
    }

    void comparesALargePageInTurnsOfTheEventLoop()
    {
        QList<KpiGroup> shown;
        for (int i = 0; i < 2500; ++i)
            shown.append(group(u"g"_s + QString::number(10000 + i), u"Group %1"_s.arg(i)));
        GroupListModel model;
        model.setGroups(shown);
        PagedRefresh refresh(&model);
        refresh.compareFromNowOn();
        QList<KpiGroup> fresh = shown;
        fresh[2499].name = u"Renamed"_s;
        refresh.addPage(fresh, 0);
        // Not on arrival: in turns of the event loop, a few ms each.
        int turns = 0;
        bool done = false;
        refresh.whenCompared([&] { done = true; });
        QVERIFY(!done);
        while (!done && turns < 1000) {
            QCoreApplication::processEvents();
            ++turns;
        }
        QVERIFY(done);
        QVERIFY(turns >= 1);
        const GroupListModel::Changes changes = refresh.takeChanges();
        QCOMPARE(changes.changed.size(), 1);
        QCOMPARE(changes.changed.constFirst().name, u"Renamed"_s);
        QVERIFY(GroupListModel::unseen(model.groups(), refresh.takeSeen()).isEmpty());
    }

    void changesOneRowAtATime()
    {
        GroupListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGroups(sample());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setFavorite(u"a"_s, true));
        QCOMPARE(changed.last().at(2).value<QList<int>>(),
                 (QList<int>{GroupListModel::FavoriteRole, GroupListModel::GroupRole}));
        QVERIFY(model.setFavorite(u"a"_s, true));
        QCOMPARE(changed.size(), 1); // nothing changed, nothing said
        QVERIFY(model.setName(u"a"_s, u"Sales Europe"_s));
        QCOMPARE(model.index(0).data(GroupListModel::SearchKeyRole).toString(), u"sales europe"_s);
        QVERIFY(!model.setName(u"zz"_s, u"x"_s));

        model.upsertGroup(group(u"g"_s, u"Growth"_s));
        QCOMPARE(model.rowOf(u"g"_s), 5);
        QVERIFY(model.removeGroup(u"b"_s));
        QCOMPARE(model.rowOf(u"g"_s), 4);
        QCOMPARE(model.rowOf(u"c"_s), 1);
        QVERIFY(!model.removeGroup(u"b"_s));
        model.setGroups({});
        QCOMPARE(model.rowCount(), 0);
    }

    void searchesIgnoringCaseAndAccents_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("empty") << QString() << QStringList{u"e"_s, u"c"_s, u"b"_s, u"a"_s, u"d"_s};
        QTest::newRow("case") << u"SALES"_s << QStringList{u"b"_s, u"a"_s};
        QTest::newRow("accent typed plain") << u"zurich"_s << QStringList{u"d"_s};
        QTest::newRow("accent typed") << u"Zür"_s << QStringList{u"d"_s};
        QTest::newRow("accent in name, capital") << u"ARZTE"_s << QStringList{u"e"_s};
        QTest::newRow("middle of a word") << u"ket"_s << QStringList{u"c"_s};
        QTest::newRow("spaces around") << u"  emea "_s << QStringList{u"a"_s};
        QTest::newRow("nothing") << u"xyz"_s << QStringList();
    }
    void searchesIgnoringCaseAndAccents()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, expected);
        GroupListModel model;
        model.setGroups(sample());
        GroupFilterModel filter;
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        QSignalSpy count(&filter, &GroupFilterModel::countChanged);
        filter.setSearchText(search);
        QCOMPARE(shownIds(filter), expected);
        if (!search.isEmpty()) {
            QCOMPARE(count.last().at(0).toInt(), expected.size());
            QCOMPARE(count.last().at(1).toInt(), 5);
        }
    }

    void staysEqualToAFreshFilterAndSort()
    {
        // Random stars, renames, additions, removals, searches and sort changes; after each, the
        // proxy must show exactly what filtering and sorting the groups from scratch shows.
        QRandomGenerator random(7);
        const QStringList words = {u"Sales"_s, u"Zürich"_s, u"sales"_s, u"Ärzte"_s,
                                   u"Team"_s,  u"Growth"_s, u"ops"_s,   u"Straße"_s};
        const auto randomName = [&]() -> QString {
            return words.at(random.bounded(words.size())) + u' ' +
                   words.at(random.bounded(words.size()));
        };
        QList<KpiGroup> initial;
        for (int i = 0; i < 120; ++i)
            initial.append(group(u"g%1"_s.arg(i, 3, 10, QLatin1Char('0')), randomName(),
                                 random.bounded(3) == 0, 1 + random.bounded(27),
                                 1 + random.bounded(27)));
        GroupListModel model;
        model.setGroups(initial);
        GroupFilterModel filter;
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        int next = 1000;
        const QStringList searches = {QString(), u"s"_s,    u"sa"_s,      u"sal"_s,
                                      u"zur"_s,  u"TEAM"_s, u"strasse"_s, u"x"_s};
        for (int step = 0; step < 400; ++step) {
            const int row = model.rowCount() ? random.bounded(model.rowCount()) : 0;
            switch (random.bounded(8)) {
            case 0:
                model.setFavorite(model.groupAt(row).id, !model.groupAt(row).favorite);
                break;
            case 1:
                model.setName(model.groupAt(row).id, randomName());
                break;
            case 2:
                model.upsertGroup(group(u"n%1"_s.arg(next++), randomName(), random.bounded(2)));
                break;
            case 3:
                if (model.rowCount() > 10)
                    model.removeGroup(model.groupAt(row).id);
                break;
            case 4:
                filter.setSearchText(searches.at(random.bounded(searches.size())));
                break;
            case 5:
                filter.setFavoritesOnly(random.bounded(4) == 0);
                break;
            case 6:
                filter.setFavoritesFirst(random.bounded(2));
                break;
            case 7:
                filter.setSortKey(GroupFilterModel::SortKey(random.bounded(3)));
                break;
            }
            QList<int> expected;
            const QString key = GroupListModel::searchKey(filter.searchText().trimmed());
            for (int r = 0; r < model.rowCount(); ++r) {
                const KpiGroup &g = model.groupAt(r);
                if (filter.favoritesOnly() && !g.favorite)
                    continue;
                if (!model.searchKeyAt(r).contains(key))
                    continue;
                expected.append(r);
            }
            std::sort(expected.begin(), expected.end(), [&](int a, int b) {
                if (filter.favoritesFirst() &&
                    model.groupAt(a).favorite != model.groupAt(b).favorite)
                    return model.groupAt(a).favorite;
                return GroupFilterModel::lessThan(filter.sortKey(), model.groups(),
                                                  model.searchKeys(), a, b);
            });
            QStringList expectedIds;
            for (int r : std::as_const(expected))
                expectedIds.append(model.groupAt(r).id);
            QCOMPARE(shownIds(filter), expectedIds);
        }
    }

    void sortsLargeListsInTheBackground()
    {
        QList<KpiGroup> many;
        for (int i = 0; i < GroupFilterModel::backgroundSortThreshold + 1000; ++i)
            many.append(group(u"g%1"_s.arg(i, 5, 10, QLatin1Char('0')),
                              u"Group %1"_s.arg((i * 7919) % 10007), i % 5 == 0, 1 + i % 28,
                              1 + (i * 13) % 28));
        KpiGroup undated = group(u"undated"_s, u"Undated"_s);
        undated.dateUpdated = {};
        undated.dateCreated = {};
        many.append(undated);
        GroupListModel model;
        model.setGroups(many);
        GroupFilterModel filter;
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model); // the prepared name order: no sorting needed
        QVERIFY(!filter.isSorting());
        const QPersistentModelIndex kept = filter.index(123, 0);
        const QString keptId = kept.data(GroupListModel::IdRole).toString();

        QSignalSpy sorting(&filter, &GroupFilterModel::sortingChanged);
        filter.setSortKey(GroupFilterModel::SortKey::Updated);
        QVERIFY(filter.isSorting());
        QCOMPARE(kept.data(GroupListModel::IdRole).toString(), keptId); // old order until then
        QVERIFY(QTest::qWaitFor([&] { return !filter.isSorting(); }));
        QCOMPARE(sorting.size(), 2);
        QCOMPARE(kept.data(GroupListModel::IdRole).toString(), keptId); // followed its row
        // The same order as lessThan() gives, ties and the undated group included.
        QList<int> expected(model.rowCount());
        std::iota(expected.begin(), expected.end(), 0);
        std::sort(expected.begin(), expected.end(), [&](int a, int b) {
            return GroupFilterModel::lessThan(GroupFilterModel::SortKey::Updated, model.groups(),
                                              model.searchKeys(), a, b);
        });
        for (int row = 0; row < filter.rowCount(); ++row)
            QCOMPARE(filter.index(row, 0).data(GroupListModel::IdRole).toString(),
                     model.groups().at(expected.at(row)).id);
        QCOMPARE(filter.index(filter.rowCount() - 1, 0).data(GroupListModel::IdRole).toString(),
                 u"undated"_s);

        // A change while sorting is not lost: the sort starts again.
        filter.setSortKey(GroupFilterModel::SortKey::Created);
        model.setFavorite(many.at(5).id, false);
        model.upsertGroup(group(u"late"_s, u"Late"_s, false, 28, 31)); // the newest
        QVERIFY(QTest::qWaitFor([&] { return !filter.isSorting(); }));
        QCOMPARE(filter.rowCount(), model.rowCount());
        QCOMPARE(filter.index(0, 0).data(GroupListModel::IdRole).toString(), u"late"_s);
    }

    void sortsAndShowsFavorites()
    {
        GroupListModel model;
        model.setGroups(sample());
        GroupFilterModel filter;
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        // By name, folded: Arzte, Marketing, sales APAC, Sales EMEA, Zurich.
        QCOMPARE(shownIds(filter), (QStringList{u"e"_s, u"c"_s, u"b"_s, u"a"_s, u"d"_s}));
        filter.setSortKey(GroupFilterModel::SortKey::Updated);
        QCOMPARE(shownIds(filter), (QStringList{u"b"_s, u"e"_s, u"d"_s, u"a"_s, u"c"_s}));
        filter.setSortKey(GroupFilterModel::SortKey::Created);
        QCOMPARE(shownIds(filter), (QStringList{u"c"_s, u"a"_s, u"e"_s, u"d"_s, u"b"_s}));
        filter.setFavoritesFirst(true);
        QCOMPARE(shownIds(filter), (QStringList{u"d"_s, u"b"_s, u"c"_s, u"a"_s, u"e"_s}));
        filter.setFavoritesOnly(true);
        QCOMPARE(shownIds(filter), (QStringList{u"d"_s, u"b"_s}));

        // Live: a new star joins, a removed star leaves.
        model.setFavorite(u"c"_s, true);
        QCOMPARE(shownIds(filter), (QStringList{u"c"_s, u"d"_s, u"b"_s}));
        model.setFavorite(u"d"_s, false);
        QCOMPARE(shownIds(filter), (QStringList{u"c"_s, u"b"_s}));
        filter.setFavoritesOnly(false);
        filter.setFavoritesFirst(false);
        filter.setSortKey(GroupFilterModel::SortKey::Name);
        model.setName(u"a"_s, u"Aardvark"_s);
        QCOMPARE(shownIds(filter).constFirst(), u"a"_s);
    }
};

QTEST_GUILESS_MAIN(TestGroupModels)
#include "tst_groupmodels.moc"

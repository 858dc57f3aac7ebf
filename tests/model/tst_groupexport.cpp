#include "groupexport.h"
#include "groupfiltermodel.h"
#include "grouplistmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

KpiGroup group(int n, const QString &name, bool favorite, int updatedDay)
{
    KpiGroup g;
    g.id = u"%1"_s.arg(n, 24, 10, QLatin1Char('0'));
    g.accountId = u"aaaaaaaaaaaaaaaaaaaaaaaa"_s;
    g.name = name;
    g.createdById = u"a1a1a1a1a1a1a1a1a1a1a1a1"_s;
    g.modifiedById = g.createdById;
    g.dateCreated = QDateTime(QDate(2024, 1, n), QTime(10, 15, 30, 123), Qt::UTC);
    g.dateUpdated = QDateTime(QDate(2024, 2, updatedDay), QTime(8, 0), Qt::UTC);
    g.favorite = favorite;
    return g;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(none)");
}

} // namespace

// File → Export List…'s writing: the rows shown, in the order shown, whole or not at all.
class TestGroupExport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    // Fresh for each test: KPI counts are kept through new lists.
    std::unique_ptr<GroupListModel> m_groups;
    std::unique_ptr<GroupFilterModel> m_shown;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;

private Q_SLOTS:
    void init()
    {
        m_groups = std::make_unique<GroupListModel>();
        m_shown = std::make_unique<GroupFilterModel>();
        m_modelTester = std::make_unique<QAbstractItemModelTester>(m_groups.get());
        m_filterTester = std::make_unique<QAbstractItemModelTester>(m_shown.get());
        m_shown->setSourceModel(m_groups.get());
        m_groups->setGroups(
            {group(1, u"Sales, EMEA"_s, false, 3), group(2, u"Sales \"APAC\""_s, true, 9),
             group(3, u"Marketing"_s, false, 1), group(4, u"=cmd|' /C calc'!A0"_s, true, 5),
             group(5, u"Sales\nNorth"_s, false, 7)});
    }
    void cleanup()
    {
        m_filterTester.reset();
        m_modelTester.reset();
        m_shown.reset();
        m_groups.reset();
    }

    void writesTheShownRowsAsCsv()
    {
        // "sales" found, newest first: the order shown, and only the rows shown.
        m_shown->setSearchText(u"sales"_s);
        m_shown->setSortKey(GroupFilterModel::SortKey::Updated);
        m_groups->setKpiCounts({{group(2, {}, false, 1).id, 4}, {group(1, {}, false, 1).id, 12}});
        QCOMPARE(m_shown->rowCount(), 3);
        const QString path = m_dir.filePath(u"shown.csv"_s);
        const GroupExport::Written written =
            GroupExport::write(GroupExport::shown(*m_shown), GroupRows::Format::Csv, path);
        QCOMPARE(written.error, QString());
        QCOMPARE(written.rows, 3);
        QCOMPARE(contents(path),
                 "name,favorite,kpiCount,dateUpdated,dateCreated,id\r\n"
                 "\"Sales \"\"APAC\"\"\",true,4,2024-02-09T08:00:00.000Z,2024-01-02T10:15:30.123Z,"
                 "000000000000000000000002\r\n"
                 "\"Sales\nNorth\",false,0,2024-02-07T08:00:00.000Z,2024-01-05T10:15:30.123Z,"
                 "000000000000000000000005\r\n"
                 "\"Sales, EMEA\",false,12,2024-02-03T08:00:00.000Z,2024-01-01T10:15:30.123Z,"
                 "000000000000000000000001\r\n");
    }

    void writesTheShownRowsAsJson()
    {
        // Favorites only, by name; the KPI counts not known yet.
        m_shown->setFavoritesOnly(true);
        QCOMPARE(m_shown->rowCount(), 2);
        const QString path = m_dir.filePath(u"favorites.json"_s);
        QCOMPARE(GroupExport::formatOf(path, GroupRows::Format::Csv), GroupRows::Format::Json);
        const GroupExport::Written written =
            GroupExport::write(GroupExport::shown(*m_shown), GroupRows::Format::Json, path);
        QCOMPARE(written.error, QString());
        // JSON keeps names exact: no spreadsheet runs it.
        QCOMPARE(contents(path),
                 "[\n"
                 "    {\"name\": \"=cmd|' /C calc'!A0\", \"favorite\": true, \"kpiCount\": null, "
                 "\"dateUpdated\": \"2024-02-05T08:00:00.000Z\", \"dateCreated\": "
                 "\"2024-01-04T10:15:30.123Z\", \"id\": \"000000000000000000000004\"},\n"
                 "    {\"name\": \"Sales \\\"APAC\\\"\", \"favorite\": true, \"kpiCount\": null, "
                 "\"dateUpdated\": \"2024-02-09T08:00:00.000Z\", \"dateCreated\": "
                 "\"2024-01-02T10:15:30.123Z\", \"id\": \"000000000000000000000002\"}\n"
                 "]\n");
        // And in CSV, the formula is text.
        const QString csv = m_dir.filePath(u"favorites.csv"_s);
        QVERIFY(GroupExport::write(GroupExport::shown(*m_shown), GroupRows::Format::Csv, csv)
                    .error.isEmpty());
        QVERIFY(contents(csv).contains("\r\n'=cmd|' /C calc'!A0,true,,2024-02-05"));

        // Nothing shown: the header alone, or an empty array.
        m_shown->setSearchText(u"nothing like it"_s);
        QVERIFY(GroupExport::write(GroupExport::shown(*m_shown), GroupRows::Format::Json, path)
                    .error.isEmpty());
        QCOMPARE(contents(path), "[]\n");
        QVERIFY(GroupExport::write(GroupExport::shown(*m_shown), GroupRows::Format::Csv, csv)
                    .error.isEmpty());
        QCOMPARE(contents(csv), "name,favorite,kpiCount,dateUpdated,dateCreated,id\r\n");
    }

    // A disk that fills up half-way leaves the file that was there, and no part of the new one.
    void leavesTheOldFileWhenTheDiskIsFull()
    {
        if (geteuid() != 0)
            QSKIP("A full disk is made with a 200 KB tmpfs, which only root can mount.");
        QTemporaryDir mountPoint;
        QVERIFY(mountPoint.isValid());
        QProcess mount;
        mount.start(u"mount"_s,
                    {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=200k"_s, u"none"_s, mountPoint.path()});
        if (!mount.waitForFinished() || mount.exitCode() != 0)
            QSKIP("Could not mount a tmpfs here (a container without the right to).");
        const auto unmount = qScopeGuard([&] {
            QProcess::execute(u"umount"_s, {u"-l"_s, mountPoint.path()});
        });
        const QString path = mountPoint.filePath(u"groups.csv"_s);
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("the export of yesterday\n");
        }
        QList<KpiGroup> many;
        for (int i = 1; i <= 4000; ++i)
            many.append(group(i % 28 + 1,
                              u"A group with a name long enough to fill a disk %1"_s.arg(i), false,
                              1));
        for (int i = 0; i < many.size(); ++i)
            many[i].id = u"%1"_s.arg(i, 24, 10, QLatin1Char('0'));
        m_groups->setGroups(many);
        QCOMPARE(m_shown->rowCount(), 4000);
        const GroupExport::Written written =
            GroupExport::write(GroupExport::shown(*m_shown), GroupRows::Format::Csv, path);
        QCOMPARE(written.error, u"No space left on device"_s);
        QCOMPARE(written.rows, 0);
        QCOMPARE(contents(path), "the export of yesterday\n");
        QCOMPARE(QDir(mountPoint.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{u"groups.csv"_s});
    }
};

QTEST_GUILESS_MAIN(TestGroupExport)
#include "tst_groupexport.moc"

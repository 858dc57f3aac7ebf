#include "groupcache.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Qt::StringLiterals;

class TestGroupCache : public QObject
{
    Q_OBJECT

    static QList<KpiGroup> sample()
    {
        return {{u"g1"_s, u"acc"_s, u"Zürich · 東京 😀"_s, u"u1"_s, u"u2"_s,
                 QDateTime(QDate(2024, 3, 1), QTime(10, 15, 30, 123), Qt::UTC),
                 QDateTime(QDate(2024, 3, 2), QTime(0, 0), Qt::UTC), true},
                {u"g2"_s, u"acc"_s, u"Plain"_s, u"u1"_s, u"u1"_s, QDateTime(), QDateTime(), false}};
    }

private Q_SLOTS:
    void keepsEveryField()
    {
        QTemporaryDir dir;
        GroupCache cache(dir.path() + u"/groups"_s);
        const QDateTime savedAt(QDate(2026, 11, 27), QTime(9, 0), Qt::UTC);
        QVERIFY(cache.save(u"acc@app.quantive.com"_s, sample(), savedAt));
        const auto entry = cache.load(u"acc@app.quantive.com"_s);
        QVERIFY(entry);
        QCOMPARE(entry->savedAt, savedAt);
        QCOMPARE(entry->groups, sample());
        QVERIFY(entry->groups.at(0).accountId.isSharedWith(entry->groups.at(1).accountId));
        QVERIFY(!cache.load(u"other@app.quantive.com"_s));
    }

    void isForItsOwnerOnly()
    {
        QTemporaryDir dir;
        GroupCache cache(dir.path() + u"/groups"_s);
        QVERIFY(cache.save(u"acc@host"_s, sample()));
        const QFileInfo file(cache.fileFor(u"acc@host"_s));
        QCOMPARE(file.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        const QFileInfo directory(dir.path() + u"/groups"_s);
        QCOMPARE(directory.permissions() & (QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup),
                 QFile::Permissions());
        QVERIFY(!file.fileName().contains(u"acc"_s)); // file names do not tell the account either
    }

    void ignoresDamagedFiles()
    {
        QTemporaryDir dir;
        GroupCache cache(dir.path());
        QVERIFY(cache.save(u"k"_s, sample()));
        QFile file(cache.fileFor(u"k"_s));
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QByteArray whole = file.readAll();
        file.resize(whole.size() / 2);
        file.close();
        QVERIFY(!cache.load(u"k"_s));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("not a cache at all");
        file.close();
        QVERIFY(!cache.load(u"k"_s));
        cache.remove(u"k"_s);
        QVERIFY(!QFile::exists(cache.fileFor(u"k"_s)));
    }

    void ignoresFilesOfAnotherVersion()
    {
        QTemporaryDir dir;
        GroupCache cache(dir.path());
        QVERIFY(cache.save(u"k"_s, sample()));
        QFile file(cache.fileFor(u"k"_s));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(4)); // after the magic number: the version
        const quint32 older = qToLittleEndian<quint32>(1);
        file.write(reinterpret_cast<const char *>(&older), sizeof older);
        file.close();
        QVERIFY(!cache.load(u"k"_s));
    }

    void survivesAnyDamagedByte()
    {
        QTemporaryDir dir;
        GroupCache cache(dir.path());
        QVERIFY(cache.save(u"k"_s, sample()));
        QFile file(cache.fileFor(u"k"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray good = file.readAll();
        file.close();
        for (qsizetype at = 0; at < good.size(); ++at) {
            for (char value : {'\0', '\x7f', '\xff'}) {
                QByteArray damaged = good;
                damaged[at] = value;
                QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
                file.write(damaged);
                file.close();
                const auto entry = cache.load(u"k"_s); // no crash, no hang; read or refused
                if (entry)
                    QVERIFY(entry->groups.size() <= 2);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestGroupCache)
#include "tst_groupcache.moc"

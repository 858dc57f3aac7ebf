// What the app remembers of each saved connection: its name, the group and the place in the list
// it was left on, each kept for its own connection.
#include "connectionsettings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString accountA = u"5be26318e5274a0007f17f61"_s;
const QString accountB = u"bbbbbbbbbbbbbbbbbbbbbbbb"_s;
const QUrl eu(u"https://app.quantive.com/results/api/v1"_s);
const QUrl us(u"https://app.us.quantive.com/results/api/v1"_s);
const QUrl sandbox(u"http://127.0.0.1:18183/results/api/v1"_s);

// The settings file as it is on disk.
QString settingsText()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestConnectionSettings : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(u"KPI Groups Tests"_s);
        QCoreApplication::setApplicationName(u"tst_connectionsettings"_s);
    }
    void init() { QSettings().clear(); }

    void namesAConnectionByItsDataCentreAndAShortId()
    {
        QCOMPARE((SavedConnection{eu, accountA}.label()), u"EU · 5be2…7f61"_s);
        QCOMPARE((SavedConnection{us, accountA}.label()), u"US · 5be2…7f61"_s);
        QCOMPARE((SavedConnection{sandbox, accountA}.label()), u"127.0.0.1 · 5be2…7f61"_s);
        QCOMPARE((SavedConnection{QUrl(u"https://proxy.example.com/quantive"_s), accountA}
                      .defaultName()),
                 u"proxy.example.com · 5be2…7f61"_s);
        QCOMPARE((SavedConnection{eu, {}}.defaultName()), u"EU"_s); // nothing typed yet
        QCOMPARE((SavedConnection{eu, accountA, u"Production"_s}.label()), u"Production"_s);
        QCOMPARE((SavedConnection{eu, accountA, u"Production"_s}.defaultName()),
                 u"EU · 5be2…7f61"_s);
    }

    void showsANameAsItIs()
    {
        // A name edited by hand in the settings: nothing in it hides, or moves what follows.
        QCOMPARE((SavedConnection{eu, accountA, u"Prod\nTest"_s}.label()), u"Prod\\x0aTest"_s);
        QCOMPARE((SavedConnection{eu, accountA, u"abc\u202Edef"_s}.label()), u"abc\\u202edef"_s);
        // Right-to-left, set apart from the text around it (the app's name in the title).
        QCOMPARE((SavedConnection{eu, accountA, u"ייצור"_s}.label()), u"\u2068ייצור\u2069"_s);
    }

    void refusesANameThatHides()
    {
        QCOMPARE(SavedConnection::nameProblem(u"  Production  "_s), QString());
        QCOMPARE(SavedConnection::nameProblem(QString()), QString()); // the default one
        QCOMPARE(SavedConnection::nameProblem(u"Prod\nTest\u202E"_s),
                 u"A connection's name cannot have characters that do not show, such as a line "
                 "break or one that reverses text (here: \\x0a, \\u202e)."_s);
        QCOMPARE(SavedConnection::cleanName(u"  Production  "_s), u"Production"_s);
        QCOMPARE(SavedConnection::cleanName(QString(200, u'x')), QString(80, u'x'));
        // Never half a character: an emoji at the limit goes whole.
        QCOMPARE(SavedConnection::cleanName(QString(79, u'x') + u"😀"_s), QString(79, u'x'));
    }

    void keepsTheNameWithTheConnection()
    {
        ConnectionSettings settings;
        settings.save({eu, accountA, u"  Production  "_s});
        settings.save({sandbox, accountB});
        QCOMPARE(settings.connections(),
                 (QList<SavedConnection>{{sandbox, accountB}, {eu, accountA}}));
        QCOMPARE(settings.connections().at(1).name, u"Production"_s);
        QCOMPARE(settings.connections().at(0).name, QString());
        QCOMPARE(QSettings().value(u"connections/2/name"_s).toString(), u"Production"_s);
        QVERIFY(!QSettings().contains(u"connections/1/name"_s));
        QCOMPARE(settings.find({eu, accountA})->name, u"Production"_s);
        QVERIFY(!settings.find({us, accountA}));

        // The same connection whatever it is called.
        QVERIFY((SavedConnection{eu, accountA, u"A"_s} == SavedConnection{eu, accountA, u"B"_s}));
        settings.rename({eu, accountA}, u"Staging "_s);
        QCOMPARE(ConnectionSettings().find({eu, accountA})->name, u"Staging"_s);
        QCOMPARE(ConnectionSettings().connections().size(), 2); // renamed, not added
        QCOMPARE(ConnectionSettings().lastConnection()->label(), u"127.0.0.1 · bbbb…bbbb"_s);
        settings.rename({us, accountA}, u"Nowhere"_s); // not saved: nothing to rename
        QCOMPARE(ConnectionSettings().connections().size(), 2);

        // Saved again from the Connect dialog with a name: that name.
        settings.save({eu, accountA, u"Production"_s});
        QCOMPARE(ConnectionSettings().lastConnection()->name, u"Production"_s);
        // Left empty: the default one again.
        settings.rename({eu, accountA}, u"   "_s);
        QCOMPARE(ConnectionSettings().find({eu, accountA})->label(), u"EU · 5be2…7f61"_s);
        QVERIFY(!settingsText().contains(u"name="_s));
    }

    void keepsTheTopGroupOfEachConnection()
    {
        ConnectionSettings settings;
        const SavedConnection a{eu, accountA};
        const SavedConnection b{sandbox, accountB};
        settings.save(a);
        settings.save(b);
        QCOMPARE(settings.topGroupId(a), QString());
        settings.setTopGroupId(a, u"aaaaaaaaaaaaaaaaaaaa0001"_s);
        settings.setTopGroupId(b, u"bbbbbbbbbbbbbbbbbbbb0002"_s);
        settings.setLastGroupId(a, u"aaaaaaaaaaaaaaaaaaaa0003"_s);
        QCOMPARE(ConnectionSettings().topGroupId(a), u"aaaaaaaaaaaaaaaaaaaa0001"_s);
        QCOMPARE(ConnectionSettings().topGroupId(b), u"bbbbbbbbbbbbbbbbbbbb0002"_s);
        QCOMPARE(ConnectionSettings().lastGroupId(a), u"aaaaaaaaaaaaaaaaaaaa0003"_s);
        // A name is no part of which connection it is.
        QCOMPARE(ConnectionSettings().topGroupId({eu, accountA, u"Production"_s}),
                 u"aaaaaaaaaaaaaaaaaaaa0001"_s);

        // Forgotten with its connection, and only its.
        settings.remove(a);
        QCOMPARE(ConnectionSettings().topGroupId(a), QString());
        QCOMPARE(ConnectionSettings().lastGroupId(a), QString());
        QCOMPARE(ConnectionSettings().topGroupId(b), u"bbbbbbbbbbbbbbbbbbbb0002"_s);
    }
};

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connectionsettings.moc"

#include "translations.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

// The window and the command line in the user's language, found from the locale.
class TestTranslations : public QObject
{
    Q_OBJECT

    static void removeTranslations()
    {
        for (QTranslator *translator : qApp->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }

private Q_SLOTS:
    void cleanup() { removeTranslations(); }

    void followsTheLocale_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("oneDay");
        QTest::addColumn<QString>("twoDays");
        QTest::newRow("de_DE") << u"de_DE"_s << u"&Datei"_s << u"vor 1 Tag"_s << u"vor 2 Tagen"_s;
        QTest::newRow("de_AT, by de")
            << u"de_AT"_s << u"&Datei"_s << u"vor 1 Tag"_s << u"vor 2 Tagen"_s;
        QTest::newRow("fr_FR") << u"fr_FR"_s << u"&Fichier"_s << u"il y a 1 jour"_s
                               << u"il y a 2 jours"_s;
        QTest::newRow("fr_CA, by fr")
            << u"fr_CA"_s << u"&Fichier"_s << u"il y a 1 jour"_s << u"il y a 2 jours"_s;
        QTest::newRow("ja_JP") << u"ja_JP"_s << u"ファイル(&F)"_s << u"1 日前"_s << u"2 日前"_s;
        QTest::newRow("en_US") << u"en_US"_s << u"&File"_s << u"1 day ago"_s << u"2 days ago"_s;
        QTest::newRow("an unknown language: English")
            << u"fi_FI"_s << u"&File"_s << u"1 day ago"_s << u"2 days ago"_s;
    }

    void followsTheLocale()
    {
        QFETCH(QString, locale);
        QFETCH(QString, file);
        QFETCH(QString, oneDay);
        QFETCH(QString, twoDays);
        installTranslations(qApp, QLocale(locale));
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), file);
        QCOMPARE(QCoreApplication::translate("RelativeTime", "%n day(s) ago", nullptr, 1), oneDay);
        QCOMPARE(QCoreApplication::translate("RelativeTime", "%n day(s) ago", nullptr, 2), twoDays);
    }

    // Qt's own buttons too (Debian's qt6-translations-l10n, installed by build.sh).
    void speaksQtsOwnWordsInTheLanguage_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("cancel");
        QTest::newRow("de") << u"de_DE"_s << u"Abbrechen"_s;
        QTest::newRow("fr") << u"fr_FR"_s << u"Annuler"_s;
        QTest::newRow("ja") << u"ja_JP"_s << u"キャンセル"_s;
    }
    void speaksQtsOwnWordsInTheLanguage()
    {
        QFETCH(QString, locale);
        QFETCH(QString, cancel);
        installTranslations(qApp, QLocale(locale));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), cancel);
    }

    void theCommandLineSpeaksTheLanguageOfTheLocale_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("expected");
        QTest::newRow("de") << u"de_DE.UTF-8"_s << u"Welcher Befehl? Versuchen Sie --help."_s;
        // The command line makes its one-line errors simple: no narrow no-break space.
        QTest::newRow("fr") << u"fr_FR.UTF-8"_s << u"Quelle commande ? Essayez --help."_s;
        QTest::newRow("ja") << u"ja_JP.UTF-8"_s
                            << u"どのコマンドですか? --help を参照してください。"_s;
        QTest::newRow("C") << u"C.UTF-8"_s << u"Which command? Try --help."_s;
    }

    void theCommandLineSpeaksTheLanguageOfTheLocale()
    {
        QFETCH(QString, lang);
        QFETCH(QString, expected);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"LANGUAGE"_s, u"LC_ALL"_s, u"LC_MESSAGES"_s})
            env.remove(name);
        env.insert(u"LANG"_s, lang);
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(KPIGROUPS_CLI), {});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 2);
        QCOMPARE(QString::fromUtf8(cli.readAllStandardError()).trimmed(),
                 u"kpigroups-cli: "_s + expected);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"

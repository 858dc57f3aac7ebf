#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

void installTranslations(QCoreApplication *app, const QLocale &locale)
{
    // English first: the source texts are English but their plurals ("%n day(s)") need forms.
    auto *english = new QTranslator(app);
    if (english->load(u":/i18n/kpigroups_en.qm"_s))
        QCoreApplication::installTranslator(english);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;
    // Qt's own texts (the buttons of standard dialogs), where Debian's qt6-translations-l10n is.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // load(QLocale) tries every UI language of the locale, each down to its language alone:
    // de_AT, de_DE, then de.
    auto *local = new QTranslator(app);
    if (local->load(locale, u"kpigroups"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(local);
}

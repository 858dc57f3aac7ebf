#include "translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

void installTranslations(QCoreApplication *app)
{
    // English first: the source texts are English but their plurals ("%n day(s)") need forms.
    auto *english = new QTranslator(app);
    if (english->load(QStringLiteral(":/i18n/kpigroups_en.qm")))
        QCoreApplication::installTranslator(english);
    auto *local = new QTranslator(app);
    if (QLocale().language() != QLocale::English &&
        local->load(QLocale(), QStringLiteral("kpigroups"), QStringLiteral("_"),
                    QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(local);
}

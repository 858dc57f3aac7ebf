#pragma once

#include <QLocale>

class QCoreApplication;

// Installs the translations for the user's language (the system locale unless told), over
// English plural forms: kpigroups_de for de_DE, de_AT or de.
void installTranslations(QCoreApplication *app, const QLocale &locale = QLocale());

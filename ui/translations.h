#pragma once

class QCoreApplication;

// Installs the translations for the user's language, over English plural forms.
void installTranslations(QCoreApplication *app);

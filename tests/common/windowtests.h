#pragma once

#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

// Settings, caches and translations for tests of the real window: in places of their own, and
// empty at the start of each test function.
namespace WindowTests {

inline void prepare(const QTemporaryDir &settingsDir, const QString &testName)
{
    QStandardPaths::setTestModeEnabled(true); // caches go to a test location
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("KPI Groups Tests"));
    QCoreApplication::setApplicationName(testName);
    installTranslations(QCoreApplication::instance());
}

inline void forgetEverything()
{
    QSettings().clear();
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
}

} // namespace WindowTests

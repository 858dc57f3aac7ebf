#pragma once

#include "mainwindow.h"
#include "sandboxserver.h"
#include "sandboxsession.h"
#include "sandboxstore.h"
#include "tokenstore.h"
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <memory>

// What every test of the real window starts from: settings, caches and translations in places
// of their own, and for each test function a fresh sandbox and a shown window with nothing
// remembered.
class WindowTestCase : public QObject
{
protected:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<SandboxStore> m_store;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<MemoryTokenStore> m_tokens;
    std::unique_ptr<MainWindow> m_window;

    // From initTestCase().
    bool prepareSettings(const QString &testName)
    {
        if (!m_settingsDir.isValid())
            return false;
        QStandardPaths::setTestModeEnabled(true); // caches go to a test location
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("KPI Groups Tests"));
        QCoreApplication::setApplicationName(testName);
        installTranslations(QCoreApplication::instance());
        return true;
    }
    // From init().
    bool openWindow()
    {
        QSettings().clear();
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
        // Outboxes left by an earlier test are not this one's to send.
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
             QStringLiteral("/outbox"))
            .removeRecursively();
        if (!Fixture::startSandbox(m_store, m_server))
            return false;
        m_tokens = std::make_unique<MemoryTokenStore>();
        m_window = std::make_unique<MainWindow>(m_tokens.get());
        m_window->show();
        return QTest::qWaitForWindowExposed(m_window.get());
    }
    // From cleanup().
    void closeWindow()
    {
        m_window.reset();
        m_tokens.reset();
        m_server.reset();
        m_store.reset();
    }
    // The language of the windows made from now on (their texts are read as they are made).
    static void speak(const QLocale &locale)
    {
        for (QTranslator *translator : qApp->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
        installTranslations(QCoreApplication::instance(), locale);
    }
    template<typename T>
    T *find(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
};

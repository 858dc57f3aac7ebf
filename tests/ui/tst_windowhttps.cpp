// The window over HTTPS and HTTP/2, as the real API is reached: Debian's nginx in front of the
// sandbox (TLS, HTTP/2, gzip), its certificate authority made for the run. The list comes whole,
// and every change made in the window reaches the sandbox once.
#include "grouplistmodel.h"
#include "mainwindow.h"
#include "nginxfront.h"
#include "outbox.h"
#include "session.h"
#include "windowtests.h"

#include <QAction>
#include <QListView>
#include <QSignalSpy>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;
using namespace Fixture;

class TestWindowHttps : public WindowTestCase
{
    Q_OBJECT

    NginxFront m_nginx;

    QListView *list() const { return find<QListView>(u"groupList"_s); }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = NginxFront::missing(); !missing.isEmpty())
            QSKIP(qPrintable(missing));
        QVERIFY(prepareSettings(u"tst_windowhttps"_s));
        QVERIFY(openWindow());
        QVERIFY2(m_nginx.start(m_server->baseUrl().port()), qPrintable(m_nginx.error()));
        // This process trusts the CA made for the run, besides the system's (as the app does
        // the ones SSL_CERT_FILE names).
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() +
                                        QSslCertificate::fromPath(m_nginx.caCertificate()));
        QSslConfiguration::setDefaultConfiguration(configuration);
    }
    void cleanupTestCase()
    {
        m_nginx.stop();
        closeWindow();
    }

    void listsAndSendsEachChangeOnceOverHttp2()
    {
        QSignalSpy loaded(m_window.get(), &MainWindow::groupsLoaded);
        m_window->connectTo({m_nginx.url(u"/results/api/v1"_s), accountA, tokenA1}, false);
        QVERIFY(loaded.wait(20000));
        Session *session = m_window->session();
        QTRY_VERIFY_WITH_TIMEOUT(!session->isLoading(), 20000);
        QCOMPARE(m_window->groupModel()->rowCount(), 6);
        const QStringList listing = m_nginx.accessLog();
        QVERIFY(!listing.isEmpty());
        for (const QString &line : listing)
            QVERIFY2(line.contains(u" HTTP/2.0 200 "_s), qPrintable(line));

        // A star from the window's action, on the group chosen; a rename and a new group.
        const qsizetype logFrom = listing.size();
        const qsizetype changesFrom = m_server->changesReceived().size();
        QTRY_VERIFY(list()->currentIndex().isValid());
        const QString starred = list()->currentIndex().data(GroupListModel::IdRole).toString();
        const bool wasStarred = list()->currentIndex().data(GroupListModel::FavoriteRole).toBool();
        find<QAction>(u"actionFavorite"_s)->trigger();
        const QString renamed = groupId(starred == groupId(3) ? 4 : 3);
        session->renameGroup(renamed, u"Renamed through nginx"_s);
        session->createGroup(u"Made through nginx"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->changesReceived().size() - changesFrom >= 3, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(session->outbox()->isEmpty(), 20000);
        QTest::qWait(200); // nothing more goes out

        // Sent side by side: in any order.
        QStringList changes = m_server->changesReceived().mid(changesFrom);
        changes.sort();
        QStringList expected = {(wasStarred ? u"DELETE /kpis/groups/"_s : u"PUT /kpis/groups/"_s) +
                                    starred + u"/favorite"_s,
                                u"PATCH /kpis/groups/"_s + renamed, u"POST /kpis/groups"_s};
        expected.sort();
        QCOMPARE(changes, expected);
        // Every request over HTTP/2; each change answered (a read the window gave up, such as
        // the KPIs of a group left, may be logged as 499).
        QTRY_COMPARE_WITH_TIMEOUT(m_nginx.accessLog(logFrom).size() >= 3, true, 5000);
        qsizetype changesLogged = 0;
        for (const QString &line : m_nginx.accessLog(logFrom)) {
            QVERIFY2(line.contains(u" HTTP/2.0 "_s), qPrintable(line));
            if (line.startsWith(u"GET "_s))
                continue;
            ++changesLogged;
            QVERIFY2(line.contains(u" HTTP/2.0 20"_s), qPrintable(line));
        }
        QCOMPARE(changesLogged, 3);
    }
};

QTEST_MAIN(TestWindowHttps)
#include "tst_windowhttps.moc"

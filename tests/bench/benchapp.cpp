// kpigroups-bench-app: the real main window in a process of its own, timed from its start, with
// the GUI thread's longest stall sampled by a 1 ms timer. Prints "key value" lines.
// Usage: QUANTIVE_TOKEN=… kpigroups-bench-app BASE_URL ACCOUNT CACHE_DIR [--search-and-sort]
//            [--proxy-pid PID] [--then-whole-refresh]
//        kpigroups-bench-app --move-kpis N   (the window and a sandbox of its own, N KPIs moved
//        at once from the group shown into another)
//        kpigroups-bench-app --drain N   (the window and a sandbox of its own, N stars queued
//        while the server cannot be reached, then the server back)
// With --proxy-pid, the shaping proxy in front of the server is sent SIGUSR1 (it prints the bytes
// it moved) when the first list is painted and when the refresh has ended; with
// --then-whole-refresh the list is then read whole (Shift+F5), and the proxy told again.
#include "allocator.h"
#include "groupcache.h"
#include "groupfiltermodel.h"
#include "groupkpismodel.h"
#include "grouplistmodel.h"
#include "idlework.h"
#include "kpigroupsclient.h"
#include "listexport.h"
#include "mainwindow.h"
#include "sandboxfaults.h"
#include "sandboxgenerator.h"
#include "sandboxserver.h"
#include "sandboxstore.h"
#include "sandboxthread.h"
#include "session.h"
#include "tlstrust.h"
#include "tokenstore.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <csignal>
#include <sys/resource.h>
#include <time.h>

using namespace Qt::StringLiterals;

namespace {

QElapsedTimer sinceStart;

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// The longest time the event loop did not come round, while it is watched.
class StallSampler : public QObject
{
public:
    StallSampler()
    {
        m_timer.setInterval(1);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (now - m_last > m_longest) {
                m_longest = now - m_last;
                m_longestEndedMs = msSince(sinceStart);
            }
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    // Longest gap since the last reset, in ms, less the 1 ms the timer waits anyway; the gap
    // still open counts too (work done just before this call has not let the timer fire).
    double takeLongest()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double longest = std::max(0.0, double(std::max(m_longest, now - m_last)) / 1e6 - 1.0);
        if (qEnvironmentVariableIsSet("KPIGROUPS_BENCH_TRACE"))
            QTextStream(stderr) << "longest stall " << longest << " ms, ended at "
                                << (m_longest >= now - m_last ? m_longestEndedMs
                                                              : msSince(sinceStart))
                                << " ms\n";
        m_longest = 0;
        m_last = now;
        return longest;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
    double m_longestEndedMs = 0; // since the start, as the traced events say
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

double worst(const QList<double> &values)
{
    return values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end());
}

// Waits in the event loop as the app does, asleep between events: a loop that spins would take
// a core from the work it waits for. The stall sampler's timer wakes it at least every 1 ms.
bool waitFor(const std::function<bool()> &condition, int timeoutMs = 120000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// Waits for `widget`'s next paint as the app makes it (asked for now, should nothing have asked
// yet): when a person sees it, not a paint forced into the turn that changed the list (the app may
// paint a large list in the turn after).
bool waitForPaint(QWidget *widget)
{
    class PaintSpy : public QObject
    {
    public:
        bool painted = false;
        bool eventFilter(QObject *, QEvent *event) override
        {
            painted = painted || event->type() == QEvent::Paint;
            return false;
        }
    } spy;
    widget->installEventFilter(&spy);
    widget->update();
    const bool painted = waitFor([&] { return spy.painted; }, 10000);
    widget->removeEventFilter(&spy);
    return painted;
}

// N stars made in the window while the server cannot be reached (every connection dropped),
// then the server back: the time until the outbox is empty, and the longest stall meanwhile. The
// peer: the same number of requests, unstars of the same groups, sent by KpiGroupsClient alone
// six at a time (the sandbox's own capacity).
int drain(int count, StallSampler &sampler, QTextStream &out)
{
    SandboxGenerator::Options options;
    options.groups = count + count / 4; // some are starred already
    options.kpis = 20;
    SandboxThread sandbox(options);
    if (!sandbox.start())
        return 1;
    // Uncompressed, as these figures always were: on loopback gzip only costs time.
    sandbox.withServer([](SandboxServer &server) { server.setCompresses(false); });
    MemoryTokenStore tokens;
    MainWindow window(&tokens);
    window.show();
    bool shown = false;
    QObject::connect(&window, &MainWindow::groupsLoaded, qApp, [&] { shown = true; });
    const Connection connection{sandbox.baseUrl(), QString(SandboxGenerator::demoAccountId),
                                QString(SandboxGenerator::demoToken)};
    window.connectTo(connection, true);
    if (!waitFor([&] { return shown; }) ||
        !waitFor([&] { return !window.session()->isLoading(); })) {
        QTextStream(stderr) << "the list did not load\n";
        return 1;
    }
    QStringList ids; // those not starred yet: each star is a change
    for (int row = 0; row < window.groupModel()->rowCount() && ids.size() < count; ++row)
        if (!window.groupModel()->groupAt(row).favorite)
            ids.append(window.groupModel()->groupAt(row).id);
    Session *session = window.session();
    Outbox *outbox = session->outbox();

    SandboxFaults::Fault unreachable;
    unreachable.kind = SandboxFaults::Kind::Drop;
    sandbox.faults().add(unreachable, -1);
    sampler.takeLongest();
    QElapsedTimer queueing;
    queueing.start();
    session->setFavorites(ids, true);
    const double queueMs = msSince(queueing);
    // In the journal, and tried: the server cannot be reached; no try is on its way, to fail
    // once the server is back and make the drain wait for a pause.
    if (!waitFor([&] {
            return outbox->size() == ids.size() &&
                   outbox->isWritten(outbox->changes().first().id) &&
                   outbox->isWritten(std::prev(outbox->changes().end())->id) &&
                   session->sender()->isWaiting() && !session->sender()->hasInFlight();
        })) {
        QTextStream(stderr) << "the stars were not queued: " << outbox->size() << " of "
                            << ids.size() << '\n';
        return 1;
    }
    const double queueStall = sampler.takeLongest();

    sandbox.faults().clear();
    QElapsedTimer draining;
    draining.start();
    session->sendNow();
    if (!waitFor([&] { return outbox->isEmpty(); }, 600000)) {
        QTextStream(stderr) << "not drained: " << outbox->size() << " left\n";
        return 1;
    }
    const double drainMs = msSince(draining);
    const double drainStall = sampler.takeLongest();

    KpiGroupsClient client;
    client.setConnection(connection);
    qsizetype next = 0;
    int inFlight = 0;
    int answered = 0;
    std::function<void()> sendMore;
    // Refused or not, an answer is an answer: the next request goes.
    const auto answeredOne = [&] {
        --inFlight;
        ++answered;
        sendMore();
    };
    sendMore = [&] {
        for (; inFlight < ChangeSender::maxInFlight && next < ids.size(); ++inFlight) {
            ApiCall *call = client.unfavoriteGroup(ids.at(next++));
            QObject::connect(call, &ApiCall::succeeded, qApp, answeredOne);
            QObject::connect(call, &ApiCall::failed, qApp, answeredOne);
        }
    };
    QElapsedTimer alone;
    alone.start();
    sendMore();
    if (!waitFor([&] { return answered == ids.size(); }, 600000))
        return 1;
    out << "drain_count " << ids.size() << '\n'
        << "queue_ms " << queueMs << '\n'
        << "queue_stall_ms " << queueStall << '\n'
        << "drain_ms " << drainMs << '\n'
        << "drain_stall_ms " << drainStall << '\n'
        << "client_alone_ms " << msSince(alone) << '\n';
    out.flush();
    window.hide();
    // The list is kept at idle priority, which a busy machine may not give a turn before the
    // process ends: the next start would find no cache and start cold. Measured, so waited for.
    idleWorkPool()->waitForDone(60000);
    return 0;
}

// With KPIGROUPS_BENCH_TRACE set, the GUI thread's events that kept its event loop longest (over
// 8 ms, or over as many ms as it says), by receiver and kind, printed at exit: what the stall
// rows are made of.
class TracingApplication : public QApplication
{
public:
    using QApplication::QApplication;
    ~TracingApplication() override
    {
        std::sort(m_slow.begin(), m_slow.end(),
                  [](const Slow &a, const Slow &b) { return a.ms > b.ms; });
        for (const Slow &slow : std::as_const(m_slow).first(std::min<qsizetype>(m_slow.size(), 12)))
            QTextStream(stderr) << "slow event " << slow.ms << " ms at " << slow.atMs
                                << " ms: " << slow.what << '\n';
    }
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_tracing || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // Read before: the event may delete its receiver (DeferredDelete).
        const QMetaObject *receiverClass = receiver->metaObject();
        const QString receiverName = receiver->objectName();
        const QMetaObject *parentClass =
            receiver->parent() ? receiver->parent()->metaObject() : nullptr;
        const int type = int(event->type());
        ++m_depth;
        QElapsedTimer timer;
        timer.start();
        const bool result = QApplication::notify(receiver, event);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        --m_depth;
        if (ms > m_slowerThanMs) {
            QString what = QString::fromLatin1(receiverClass->className());
            if (!receiverName.isEmpty())
                what += u" \""_s + receiverName + u'"';
            if (parentClass)
                what += u" in "_s + QString::fromLatin1(parentClass->className());
            what += u", event "_s + QString::number(type);
            timespec now{};
            clock_gettime(CLOCK_MONOTONIC, &now);
            what += u", ended at monotonic "_s +
                    QString::number(double(now.tv_sec) + double(now.tv_nsec) / 1e9, 'f', 6);
            m_slow.append({ms, msSince(sinceStart), what});
        }
        return result;
    }

private:
    struct Slow
    {
        double ms;
        double atMs;
        QString what;
    };
    const bool m_tracing = qEnvironmentVariableIsSet("KPIGROUPS_BENCH_TRACE");
    const int m_slowerThanMs = qEnvironmentVariableIntValue("KPIGROUPS_BENCH_TRACE") > 0
                                   ? qEnvironmentVariableIntValue("KPIGROUPS_BENCH_TRACE")
                                   : 8;
    int m_depth = 0;
    QList<Slow> m_slow;
};

// N KPIs of the group shown moved at once into another group (issue 24): the longest stall of
// the window while the move is shown, journaled and its 2 N requests (an add, then the removal,
// each) are answered.
int moveKpis(int count, StallSampler &sampler, QTextStream &out)
{
    SandboxGenerator::Options options;
    options.groups = 50;
    options.kpis = count + 20;
    SandboxThread sandbox(options);
    if (!sandbox.start())
        return 1;
    sandbox.withServer([](SandboxServer &server) { server.setCompresses(false); });
    QString from;
    QString to;
    sandbox.withStore([&](SandboxStore &store) {
        SandboxAccount *account = store.account(SandboxGenerator::demoAccountId);
        from = account->groups.at(0).id;
        to = account->groups.at(1).id;
        for (int i = 0; i < count; ++i) {
            store.removeKpiFromGroup(*account, account->kpis.at(i).id, to);
            store.addKpiToGroup(*account, account->kpis.at(i).id, from);
        }
    });
    MemoryTokenStore tokens;
    MainWindow window(&tokens);
    window.show();
    bool shown = false;
    QObject::connect(&window, &MainWindow::groupsLoaded, qApp, [&] { shown = true; });
    window.connectTo({sandbox.baseUrl(), QString(SandboxGenerator::demoAccountId),
                      QString(SandboxGenerator::demoToken)},
                     true);
    Session *session = window.session();
    if (!waitFor([&] { return shown; }) || !waitFor([&] { return !session->isLoading(); }))
        return 1;
    session->showGroup(from);
    GroupKpisModel *kpis = session->kpis();
    if (!waitFor([&] { return kpis->groupId() == from && kpis->rowCount() >= count; })) {
        QTextStream(stderr) << "the group's KPIs did not load\n";
        return 1;
    }
    QList<Kpi> moved;
    for (int row = 0; row < kpis->rowCount() && moved.size() < count; ++row)
        moved.append(kpis->kpiAt(row));
    sampler.takeLongest();
    QElapsedTimer moving;
    moving.start();
    session->moveKpis(moved, from, to);
    const double shownMs = msSince(moving);
    if (!waitFor([&] { return session->outbox()->isEmpty(); }, 120000)) {
        QTextStream(stderr) << "not sent: " << session->outbox()->size() << " left\n";
        return 1;
    }
    out << "moved_count " << moved.size() << '\n'
        << "move_shown_ms " << shownMs << '\n'
        << "move_answered_ms " << msSince(moving) << '\n'
        << "move_stall_ms " << sampler.takeLongest() << '\n';
    out.flush();
    window.hide();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    sinceStart.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    tuneAllocatorForLargeLists();
    TracingApplication app(argc, argv);
    TlsTrust::installForApplication(); // as the app: SSL_CERT_FILE's CAs too
    const QStringList args = app.arguments();
    const bool draining =
        args.size() == 3 && (args.at(1) == u"--drain"_s || args.at(1) == u"--move-kpis"_s);
    if (!draining && args.size() < 4) {
        QTextStream(stderr) << "usage: QUANTIVE_TOKEN=… kpigroups-bench-app BASE_URL ACCOUNT "
                               "CACHE_DIR [--search-and-sort]\n";
        return 2;
    }
    // A start seen before finds what the first one left, as a person's second start does: the
    // list, and beside it the settings and the journal (a cold start removes the directory).
    // Fresh settings at every start wrote the whole settings file, fsync included, on the GUI
    // thread during the measured load.
    QTemporaryDir scratch;
    const QString profile = draining ? scratch.path() : args.at(3) + u"/profile"_s;
    QDir().mkpath(profile);
    qputenv("XDG_DATA_HOME", profile.toLocal8Bit()); // the outbox's journal
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, profile);
    QCoreApplication::setOrganizationName(u"KPI Groups Bench"_s);
    QTextStream out(stdout);
    if (draining) {
        StallSampler sampler;
        if (args.at(1) == u"--move-kpis"_s)
            return moveKpis(args.at(2).toInt(), sampler, out);
        return drain(args.at(2).toInt(), sampler, out);
    }

    // The shaping proxy's counts, at the moments that matter.
    const qsizetype proxyArg = args.indexOf(u"--proxy-pid"_s);
    const pid_t proxyPid = proxyArg > 0 ? pid_t(args.value(proxyArg + 1).toInt()) : 0;
    const auto countBytes = [proxyPid] {
        if (proxyPid > 0)
            ::kill(proxyPid, SIGUSR1);
    };

    MemoryTokenStore tokens;
    MainWindow window(&tokens);
    window.setCache(std::make_shared<GroupCache>(args.at(3)));
    window.show();
    StallSampler sampler;
    auto *list = window.findChild<QListView *>(u"groupList"_s);

    bool shown = false;
    QObject::connect(&window, &MainWindow::groupsLoaded, &app, [&] { shown = true; });
    QElapsedTimer sinceConnect;
    sinceConnect.start();
    window.connectTo({QUrl(args.at(1)), args.at(2), qEnvironmentVariable("QUANTIVE_TOKEN")}, true);
    sampler.takeLongest();
    if (!waitFor([&] { return shown; }) || !waitForPaint(list->viewport()))
        return 1;
    const double paintedMs = msSince(sinceConnect);
    countBytes();
    out << "painted_ms " << msSince(sinceStart) << '\n'
        << "connect_to_painted_ms " << paintedMs << '\n';
    const bool fromCache = window.findChild<QObject *>(u"statusText"_s)
                               ->property("text")
                               .toString()
                               .startsWith(u"Showing the list from"_s);
    out << "from_cache " << int(fromCache) << '\n';
    // Then the fresh list (after a cached one), or the KPI counts and the cache write.
    if (!waitFor([&] { return !window.session()->isLoading(); }) || !waitForPaint(list->viewport()))
        return 1;
    const double wholeMs = msSince(sinceConnect);
    countBytes();
    out << "loaded_ms " << msSince(sinceStart) << '\n'
        << "connect_to_whole_ms " << wholeMs << '\n'
        << "painted_to_whole_ms " << wholeMs - paintedMs << '\n';
    if (args.contains(u"--then-whole-refresh"_s)) {
        // The same list read whole, as every refresh did before it read what changed.
        QElapsedTimer whole;
        whole.start();
        window.session()->refresh(Session::Refresh::Full);
        if (!waitFor([&] { return !window.session()->isLoading(); }) ||
            !waitForPaint(list->viewport()))
            return 1;
        out << "whole_refresh_ms " << msSince(whole) << '\n';
        countBytes();
    }
    QTimer::singleShot(300, &app, [] {}); // let the counts and the cache write settle
    waitFor([] { return false; }, 300);
    out << "load_stall_ms " << sampler.takeLongest() << '\n';
    out << "groups " << window.groupModel()->rowCount() << '\n';
    rusage loadedUsage{};
    getrusage(RUSAGE_SELF, &loadedUsage);
    out << "loaded_rss_mb " << double(loadedUsage.ru_maxrss) / 1024.0 << '\n';

    if (args.contains(u"--search-and-sort"_s)) {
        auto *search = window.findChild<QLineEdit *>(u"searchEdit"_s);
        const QString typed = u"sales pipe"_s;
        QStringList typing, erasing;
        for (qsizetype i = 1; i <= typed.size(); ++i)
            typing.append(typed.left(i));
        for (qsizetype i = typed.size() - 1; i >= 0; --i)
            erasing.append(typed.left(i));

        const auto keystrokes = [&](const QStringList &texts,
                                    const std::function<void(const QString &)> &set,
                                    QWidget *view) {
            QList<double> times;
            for (const QString &text : texts) {
                QElapsedTimer timer;
                timer.start();
                set(text);
                waitForPaint(view);
                times.append(msSince(timer));
                QCoreApplication::processEvents();
            }
            return times;
        };
        sampler.takeLongest();
        const auto setSearch = [search](const QString &text) { search->setText(text); };
        const QList<double> oursTyping = keystrokes(typing, setSearch, list->viewport());
        const QList<double> oursErasing = keystrokes(erasing, setSearch, list->viewport());
        const double searchStall = sampler.takeLongest();

        // The peer: a plain QSortFilterProxyModel in an identical view, on the same groups.
        QSortFilterProxyModel peer;
        peer.setFilterCaseSensitivity(Qt::CaseInsensitive);
        peer.setSourceModel(window.groupModel());
        peer.sort(0);
        QListView peerView;
        peerView.setUniformItemSizes(true);
        peerView.setModel(&peer);
        peerView.resize(list->size());
        peerView.show();
        const auto setPeer = [&peer](const QString &text) { peer.setFilterFixedString(text); };
        const QList<double> theirsTyping = keystrokes(typing, setPeer, peerView.viewport());
        const QList<double> theirsErasing = keystrokes(erasing, setPeer, peerView.viewport());
        peerView.hide();

        QList<double> sorts;
        double sortStall = 0;
        for (const QString &name :
             {u"actionSortUpdated"_s, u"actionSortCreated"_s, u"actionSortName"_s,
              u"actionSortUpdated"_s, u"actionSortName"_s}) {
            QCoreApplication::processEvents();
            sampler.takeLongest();
            QElapsedTimer timer;
            timer.start();
            window.findChild<QAction *>(name)->trigger();
            waitFor([&] { return !window.filterModel()->isSorting(); });
            waitForPaint(list->viewport());
            sorts.append(msSince(timer));
            sortStall = std::max(sortStall, sampler.takeLongest());
        }
        // The whole list written to a file, as File → Export List… does: the GUI thread only takes
        // what is shown; the time is to the message that it is written.
        QTemporaryDir exportDir;
        auto *exporter = window.findChild<ListExport *>();
        bool exported = false;
        QObject::connect(exporter, &ListExport::finished, &app, [&] { exported = true; });
        QCoreApplication::processEvents();
        sampler.takeLongest();
        QElapsedTimer exportTimer;
        exportTimer.start();
        exporter->exportTo(exportDir.filePath(u"groups.csv"_s), GroupRows::Format::Csv);
        const double exportCallMs = msSince(exportTimer);
        if (!waitFor([&] { return exported; }))
            return 1;
        const double exportMs = msSince(exportTimer);
        const double exportStall = sampler.takeLongest();
        // Stars and renames as a person makes them, through the outbox and its journal: the GUI
        // thread's stall, and the time to the server's answer. The peer: the same changes sent
        // from an outbox in memory on the same connection, so the difference is the journal's.
        Session *session = window.session();
        const auto timeChanges = [&](ChangeSender &sender, const std::function<void(int)> &make) {
            QList<double> answered;
            for (int i = 0; i < 10; ++i) {
                QCoreApplication::processEvents();
                QElapsedTimer timer;
                timer.start();
                make(i);
                if (!waitFor([&] { return sender.outbox()->isEmpty(); }))
                    return QList<double>();
                answered.append(msSince(timer));
            }
            return answered;
        };
        sampler.takeLongest();
        const auto groupAt = [&](int row) { return window.groupModel()->groupAt(row); };
        const QList<double> stars =
            timeChanges(*session->sender(), [&](int i) { session->toggleFavorite(groupAt(i).id); });
        const QList<double> renames = timeChanges(*session->sender(), [&](int i) {
            session->renameGroup(groupAt(20 + i).id, groupAt(20 + i).name + u" (renamed)"_s);
        });
        const double changeStall = sampler.takeLongest();
        Outbox inMemory;
        ChangeSender peerSender(session->client(), &inMemory);
        const QList<double> peerStars = timeChanges(peerSender, [&](int i) {
            OutboxChange star;
            star.kind = OutboxChange::Kind::Star;
            star.groupId = groupAt(40 + i).id;
            peerSender.add(star);
        });
        const QList<double> peerRenames = timeChanges(peerSender, [&](int i) {
            OutboxChange rename;
            rename.kind = OutboxChange::Kind::Rename;
            rename.groupId = groupAt(60 + i).id;
            rename.name = *GroupName::from(groupAt(60 + i).name + u" (renamed)"_s);
            peerSender.add(rename);
        });
        out << "star_answered_ms " << median(stars) << '\n'
            << "rename_answered_ms " << median(renames) << '\n'
            << "peer_star_answered_ms " << median(peerStars) << '\n'
            << "peer_rename_answered_ms " << median(peerRenames) << '\n'
            << "change_stall_ms " << changeStall << '\n'
            << "export_ms " << exportMs << '\n'
            << "export_call_ms " << exportCallMs << '\n'
            << "export_stall_ms " << exportStall << '\n';
        out << "search_median_ms " << median(oursTyping) << '\n'
            << "search_worst_ms " << worst(oursTyping) << '\n'
            << "erase_median_ms " << median(oursErasing) << '\n'
            << "erase_worst_ms " << worst(oursErasing) << '\n'
            << "search_stall_ms " << searchStall << '\n'
            << "peer_median_ms " << median(theirsTyping) << '\n'
            << "peer_worst_ms " << worst(theirsTyping) << '\n'
            << "peer_erase_median_ms " << median(theirsErasing) << '\n'
            << "peer_erase_worst_ms " << worst(theirsErasing) << '\n'
            << "sort_median_ms " << median(sorts) << '\n'
            << "sort_worst_ms " << worst(sorts) << '\n'
            << "sort_stall_ms " << sortStall << '\n';
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    out << "rss_mb " << double(usage.ru_maxrss) / 1024.0 << '\n';
    out.flush();
    window.hide();
    // The list is kept at idle priority, which a busy machine may not give a turn before the
    // process ends: the next start would find no cache and start cold. Measured, so waited for.
    idleWorkPool()->waitForDone(60000);
    return 0;
}

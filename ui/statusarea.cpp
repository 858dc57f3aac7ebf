#include "statusarea.h"

#include "elidinglabel.h"
#include "outboxmodel.h"
#include "relativetime.h"
#include "session.h"

#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

StatusArea::StatusArea(QStatusBar *bar)
    : QObject(bar)
    , m_status(new ElidingLabel)
    , m_progress(new QProgressBar)
    , m_leftSessions(new ElidingLabel)
    , m_outboxButton(new QToolButton)
    , m_demoMark(new ElidingLabel(tr("Demo: sample data, nothing leaves this computer")))
{
    m_status->setObjectName(u"statusText"_s);
    m_progress->setObjectName(u"loadProgress"_s);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_demoMark->setObjectName(u"demoMark"_s);
    m_demoMark->setFrameShape(QFrame::StyledPanel);
    m_demoMark->setContentsMargins(6, 0, 6, 0);
    m_demoMark->setForegroundRole(QPalette::HighlightedText);
    m_demoMark->setBackgroundRole(QPalette::Highlight);
    m_demoMark->setAutoFillBackground(true);
    m_demoMark->hide();
    m_outboxButton->setObjectName(u"outboxButton"_s);
    // Framed, not flat: it opens the list of what waits, and has to look like it does.
    m_outboxButton->setAutoRaise(false);
    m_outboxButton->setCursor(Qt::PointingHandCursor);
    m_outboxButton->setFocusPolicy(Qt::TabFocus);
    m_outboxButton->hide();
    m_leftSessions->setObjectName(u"leftSessionsText"_s);
    m_leftSessions->hide();
    bar->addWidget(m_status, 1);
    bar->addPermanentWidget(m_leftSessions);
    bar->addPermanentWidget(m_outboxButton);
    bar->addPermanentWidget(m_demoMark);
    bar->addPermanentWidget(m_progress);
    connect(m_outboxButton, &QToolButton::clicked, this, &StatusArea::outboxRequested);
}

void StatusArea::setDemo(bool demo)
{
    m_demoMark->setVisible(demo);
}

void StatusArea::showText(const QString &text)
{
    m_status->setText(text);
}

void StatusArea::setSession(Session *session)
{
    delete std::exchange(m_binding, nullptr);
    m_session = session;
    if (!session)
        return;
    m_binding = new QObject(this);
    m_outboxUpdateQueued = false;
    m_progressShown.invalidate();
    bindLoading();
    // Nothing left waiting is said at once; the counts on the way, once a turn: counted at each
    // change, 50,000 stars made at once held the window for a third of a second.
    connect(session, &Session::outboxChanged, m_binding, [this] {
        if (m_session->waitingCount() == 0)
            updateOutbox();
        else
            updateOutboxSoon();
    });
    connect(session, &Session::offlineChanged, m_binding, [this](bool offline) {
        updateOutbox();
        if (offline)
            showOffline();
    });
    connect(session, &Session::sendingChanged, m_binding, [this] { updateOutbox(); });
    connect(session, &Session::diskProblemChanged, m_binding, [this] { updateOutbox(); });
    connect(session, &Session::draftsChanged, m_binding, [this] { updateOutbox(); });
    updateOutbox();
}

void StatusArea::bindLoading()
{
    connect(m_session, &Session::loadingStarted, m_binding, [this] {
        m_progress->setRange(0, 0);
        m_progress->show();
        m_status->setText(tr("Loading KPI groups…"));
    });
    // Ten updates a second are plenty for a person, and leave the cores to the loading itself.
    connect(m_session, &Session::loadingProgressed, m_binding,
            [this](qsizetype loaded, qsizetype total) {
                if (m_progressShown.isValid() && m_progressShown.elapsed() < 100 && loaded < total)
                    return;
                m_progressShown.start();
                m_progress->setRange(0, int(total));
                m_progress->setValue(int(loaded));
                if (total > 1000) {
                    m_status->setText(
                        tr("Loading %1 of %2 groups…")
                            .arg(QLocale().toString(loaded), QLocale().toString(total)));
                }
            });
    connect(m_session, &Session::loadingFinished, m_binding, [this] {
        m_progress->hide();
        m_status->setText(tr("Up to date at %1")
                              .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        m_status->setToolTip({});
    });
    connect(m_session, &Session::loadingIncomplete, m_binding,
            [this](qsizetype count, qsizetype claimed) {
                m_progress->hide();
                const QLocale locale;
                m_status->setText(tr("Showing %1 of %2 groups: the rest could not be loaded.")
                                      .arg(locale.toString(count), locale.toString(claimed)));
            });
    connect(m_session, &Session::loadingFailed, m_binding, [this] {
        m_progress->hide();
        // Offline before the refresh failed (another request found out first): that is still
        // what there is to say.
        if (m_session->isOffline())
            showOffline();
        else
            m_status->clear();
    });
    connect(m_session, &Session::cachedListShown, m_binding, [this](const QDateTime &savedAt) {
        m_status->setText(tr("Showing the list from %1; updating…")
                              .arg(RelativeTime::format(savedAt, QDateTime::currentDateTimeUtc())));
        m_status->setToolTip(RelativeTime::exact(savedAt));
    });
}

void StatusArea::showLeftSessions(const QList<Session *> &leaving, bool quitting)
{
    QStringList what;
    bool unreachable = false;
    for (Session *session : leaving) {
        if (const int count = session->unsentChanges(); count > 0 && !quitting) {
            const bool paused = session->isSendingPaused();
            what.append(paused ? tr("%n change(s) waiting on %1, whose server cannot be reached",
                                    nullptr, count)
                                     .arg(session->place().label())
                               : tr("%n change(s) waiting on %1", nullptr, count)
                                     .arg(session->place().label()));
            unreachable = unreachable || paused;
        }
    }
    m_leftSessions->setVisible(!what.isEmpty());
    m_leftSessions->setText(what.join(u"; "_s));
    m_leftSessions->setToolTip(
        unreachable ? tr("Its server cannot be reached now: the app keeps trying, and sends them "
                         "once it answers.")
                    : tr("Being sent in the background."));
}

void StatusArea::updateOutboxSoon()
{
    if (std::exchange(m_outboxUpdateQueued, true))
        return;
    QMetaObject::invokeMethod(
        m_binding,
        [this] {
            m_outboxUpdateQueued = false;
            updateOutbox();
        },
        Qt::QueuedConnection);
}

void StatusArea::updateOutbox()
{
    const int count = m_session->waitingCount();
    // Changes answered at once are not worth a word; those the server did not take are.
    const bool stuck =
        count > 0 && (m_session->hasFailedChanges() || m_session->isSendingPaused() ||
                      m_session->isOffline() || m_session->isLeaving());
    QStringList what;
    for (const OutboxChange &change : m_session->firstWaiting(10))
        what.append(OutboxModel::describe(change));
    const bool notOnDisk = count > 0 && !m_session->diskProblem().isEmpty();
    m_outboxButton->setText(notOnDisk ? tr("%n change(s) not saved to disk", nullptr, count)
                                      : tr("%n change(s) waiting to be sent", nullptr, count));
    if (notOnDisk)
        what.prepend(tr("Not saved to disk: %1").arg(m_session->diskProblem()));
    m_outboxButton->setToolTip(what.join(u'\n'));
    m_outboxButton->setAccessibleDescription(what.join(u"; "_s));
    m_outboxButton->setVisible(stuck || notOnDisk);
    if (m_session->isOffline())
        showOffline();
}

void StatusArea::showOffline()
{
    const QDateTime listTime = m_session->listTime();
    if (!listTime.isValid()) {
        m_status->setText(tr("Offline: the server cannot be reached. The app keeps trying."));
        return;
    }
    const QDateTime local = listTime.toLocalTime();
    const QString when = local.date() == QDate::currentDate()
                             ? QLocale().toString(local.time(), QLocale::ShortFormat)
                             : QLocale().toString(local, QLocale::ShortFormat);
    // What waits is counted once, on the button beside it.
    m_status->setText(tr("Offline: showing the list from %1").arg(when));
    m_status->setToolTip(tr("The server cannot be reached. The app keeps trying, and sends "
                            "what waits once it answers."));
}

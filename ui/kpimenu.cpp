#include "kpimenu.h"

#include "groupkpismodel.h"
#include "groupkpispanel.h"
#include "grouplistmodel.h"
#include "kpilistview.h"
#include "session.h"
#include "visibletext.h"
#include "weblinks.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QMenu>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace {

constexpr int messageMs = 4000;

QString quoted(const QString &name)
{
    return VisibleText::isolated(name);
}

} // namespace

KpiMenu::KpiMenu(GroupKpisPanel *kpis, QStatusBar *status, QObject *parent)
    : QObject(parent)
    , m_kpis(kpis)
    , m_status(status)
    , m_copyName(new QAction(tr("Copy &Name"), this))
    , m_copyId(new QAction(tr("Copy &Id"), this))
    , m_copyLink(new QAction(tr("Copy &Link"), this))
    , m_open(new QAction(tr("&Open in Quantive"), this))
    , m_others(new QMenu(tr("Other &Groups"), kpis->view()))
{
    m_copyName->setObjectName(u"actionCopyKpiNames"_s);
    m_copyName->setShortcut(QKeySequence::Copy);
    m_copyName->setShortcutContext(Qt::WidgetShortcut);
    m_copyId->setObjectName(u"actionCopyKpiIds"_s);
    m_copyLink->setObjectName(u"actionCopyKpiLinks"_s);
    m_open->setObjectName(u"actionOpenKpiInQuantive"_s);
    m_others->setObjectName(u"otherGroupsMenu"_s);
    m_others->menuAction()->setObjectName(u"actionOtherGroups"_s);
    m_others->setToolTipsVisible(true);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    auto *separator2 = new QAction(this);
    separator2->setSeparator(true);
    kpis->view()->addActions(
        {m_others->menuAction(), separator, m_open, m_copyLink, separator2, m_copyName, m_copyId});

    connect(m_copyName, &QAction::triggered, this, [this] { copy(What::Name); });
    connect(m_copyId, &QAction::triggered, this, [this] { copy(What::Id); });
    connect(m_copyLink, &QAction::triggered, this, [this] { copy(What::Link); });
    connect(m_open, &QAction::triggered, this, &KpiMenu::open);
    connect(m_others, &QMenu::aboutToShow, this, &KpiMenu::fillOtherGroups);
    KpiListView *view = kpis->view();
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &KpiMenu::updateActions);
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &KpiMenu::updateActions);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(view->model(), signal, this, &KpiMenu::updateActions);
    connect(view->model(), &QAbstractItemModel::modelReset, this, &KpiMenu::updateActions);
    connect(view->model(), &QAbstractItemModel::dataChanged, this, &KpiMenu::updateActions);
    updateActions();
}

void KpiMenu::setSession(Session *session)
{
    delete std::exchange(m_binding, nullptr);
    delete std::exchange(m_waitingForGroup, nullptr);
    m_session = session;
    if (session) {
        m_binding = new QObject(this);
        connect(session->groupNames(), &GroupNames::answered, m_binding, [this] {
            if (m_others->isVisible())
                fillOtherGroups();
        });
    }
    updateActions();
}

QList<Kpi> KpiMenu::selectedKpis() const
{
    QList<Kpi> kpis;
    if (!m_session)
        return kpis;
    QModelIndexList selected = m_kpis->view()->selectionModel()->selectedIndexes();
    if (selected.isEmpty() && m_kpis->view()->currentIndex().isValid())
        selected.append(m_kpis->view()->currentIndex());
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(selected))
        kpis.append(index.data(GroupKpisModel::KpiRole).value<Kpi>());
    return kpis;
}

void KpiMenu::updateActions()
{
    const QList<Kpi> kpis = selectedKpis();
    const int count = int(kpis.size());
    const QString linkProblem =
        m_session ? WebLinks::problem(m_session->connection().baseUrl) : QString();
    m_copyName->setEnabled(count > 0);
    m_copyId->setEnabled(count > 0);
    m_copyLink->setEnabled(count > 0 && linkProblem.isEmpty());
    m_open->setEnabled(count == 1 && linkProblem.isEmpty());
    m_copyName->setText(count > 1 ? tr("Copy &Names of %n KPIs", nullptr, count)
                                  : tr("Copy &Name"));
    m_copyId->setText(count > 1 ? tr("Copy &Ids of %n KPIs", nullptr, count) : tr("Copy &Id"));
    m_copyLink->setText(count > 1 ? tr("Copy &Links to %n KPIs", nullptr, count)
                                  : tr("Copy &Link"));
    m_copyLink->setToolTip(linkProblem.isEmpty()
                               ? tr("Copy the address of the KPI's page in Quantive's web app")
                               : linkProblem);
    m_open->setToolTip(!linkProblem.isEmpty() ? linkProblem
                       : count > 1            ? tr("Opens one KPI at a time: select only one.")
                                              : tr("Open the KPI's page in Quantive's web app"));

    const QString shownGroup = m_session ? m_session->kpis()->groupId() : QString();
    const qsizetype others = count == 1
                                 ? kpis.constFirst().groupIds.size() -
                                       (kpis.constFirst().groupIds.contains(shownGroup) ? 1 : 0)
                                 : 0;
    QAction *otherGroups = m_others->menuAction();
    otherGroups->setEnabled(others > 0);
    otherGroups->setToolTip(
        count > 1 ? tr("Shows the other groups of one KPI: select only one.")
        : count == 1 && others == 0
            ? tr("“%1” is in no other group.").arg(quoted(kpis.constFirst().name))
            : tr("The other groups this KPI is in, to go to one"));
    for (QAction *action : {m_copyName, m_copyId, m_copyLink, m_open, otherGroups})
        action->setStatusTip(action->toolTip());
}

void KpiMenu::copy(What what)
{
    const QList<Kpi> kpis = selectedKpis();
    QStringList lines;
    for (const Kpi &kpi : kpis) {
        if (what == What::Name)
            lines.append(kpi.name);
        else if (what == What::Id)
            lines.append(kpi.id);
        else if (const std::optional<QUrl> link =
                     WebLinks::kpi(m_session->connection().baseUrl, kpi.id))
            lines.append(link->toString());
    }
    if (lines.isEmpty())
        return;
    QApplication::clipboard()->setText(lines.join(u'\n'));
    const int count = int(lines.size());
    const QString name = quoted(kpis.constFirst().name);
    QString said;
    if (what == What::Name)
        said = count == 1 ? tr("Copied the name of “%1”.").arg(name)
                          : tr("Copied the names of %n KPIs, one a line.", nullptr, count);
    else if (what == What::Id)
        said = count == 1 ? tr("Copied the id of “%1”.").arg(name)
                          : tr("Copied the ids of %n KPIs, one a line.", nullptr, count);
    else
        said = count == 1 ? tr("Copied the link to “%1”.").arg(name)
                          : tr("Copied the links to %n KPIs, one a line.", nullptr, count);
    m_status->showMessage(said, messageMs);
}

void KpiMenu::open()
{
    const QList<Kpi> kpis = selectedKpis();
    if (kpis.size() != 1)
        return;
    const std::optional<QUrl> link =
        WebLinks::kpi(m_session->connection().baseUrl, kpis.constFirst().id);
    if (!link)
        return;
    m_status->showMessage(QDesktopServices::openUrl(*link)
                              ? tr("Opened “%1” in Quantive.").arg(quoted(kpis.constFirst().name))
                              : tr("No web browser could open %1.").arg(link->toString()),
                          messageMs);
}

void KpiMenu::fillOtherGroups()
{
    m_others->clear();
    const QList<Kpi> kpis = selectedKpis();
    if (kpis.size() != 1 || !m_session)
        return;
    QStringList ids = kpis.constFirst().groupIds;
    ids.removeAll(m_session->kpis()->groupId());
    const GroupNames::Lookup lookup = m_session->groupNames()->lookUp(ids);
    const QFontMetrics metrics(m_others->font());
    for (const auto &[id, name] : lookup.named) {
        const QString shown = VisibleText::escaped(name);
        QString text = metrics.elidedText(shown, Qt::ElideMiddle, metrics.averageCharWidth() * 60);
        QAction *entry = m_others->addAction(text.replace(u'&', u"&&"_s));
        if (text != shown)
            entry->setToolTip(shown);
        connect(entry, &QAction::triggered, this, [this, id = id, name = name] { goTo(id, name); });
    }
    const auto note = [this](const QString &text) {
        QAction *entry = m_others->addAction(text);
        entry->setEnabled(false);
        return entry;
    };
    if (lookup.loading)
        note(tr("Loading…"))->setObjectName(u"otherGroupsLoading"_s);
    if (!lookup.problem.isEmpty())
        note(tr("Could not load the other groups: %1").arg(lookup.problem))
            ->setObjectName(u"otherGroupsProblem"_s);
    if (lookup.named.isEmpty() && !lookup.loading && lookup.problem.isEmpty())
        note(tr("None left: the other groups were deleted"));
}

void KpiMenu::goTo(const QString &groupId, const QString &name)
{
    if (!m_session)
        return;
    delete std::exchange(m_waitingForGroup, nullptr);
    if (m_session->groups()->rowOf(groupId) >= 0) {
        Q_EMIT groupChosen(groupId);
        return;
    }
    // Made since the list was read: the list is read again, and the group shown once it is in.
    m_status->showMessage(
        tr("“%1” is not in the list yet: reading the list again…").arg(quoted(name)), messageMs);
    m_waitingForGroup = new QObject(m_binding);
    const auto arrived = [this, groupId] {
        delete std::exchange(m_waitingForGroup, nullptr);
        if (m_session && m_session->groups()->rowOf(groupId) >= 0)
            Q_EMIT groupChosen(groupId);
    };
    connect(m_session, &Session::loadingFinished, m_waitingForGroup, arrived);
    connect(m_session, &Session::loadingFailed, m_waitingForGroup, arrived);
    m_session->refresh();
}

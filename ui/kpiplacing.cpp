#include "kpiplacing.h"

#include "groupchooserdialog.h"
#include "groupkpismodel.h"
#include "groupkpispanel.h"
#include "grouplistmodel.h"
#include "kpilistview.h"
#include "session.h"

#include <QAction>
#include <QDropEvent>
#include <QFrame>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>

using namespace Qt::StringLiterals;

KpiPlacing::KpiPlacing(QListView *groupList, GroupKpisPanel *kpis, QObject *parent)
    : QObject(parent)
    , m_groupList(groupList)
    , m_kpis(kpis)
    , m_add(new QAction(tr("&Add to Group…"), this))
    , m_move(new QAction(tr("&Move to Group…"), this))
    , m_target(new QFrame(groupList->viewport()))
    , m_hint(new QLabel(m_target))
{
    m_add->setObjectName(u"actionAddKpisToGroup"_s);
    m_move->setObjectName(u"actionMoveKpisToGroup"_s);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    kpis->view()->addActions({separator, m_add, m_move});
    m_target->setObjectName(u"kpiDropFrame"_s);
    m_target->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_target->hide();
    m_hint->setObjectName(u"kpiDropTarget"_s);
    m_hint->setAttribute(Qt::WA_TransparentForMouseEvents);
    groupList->viewport()->installEventFilter(this);
    connect(m_add, &QAction::triggered, this, [this] { chooseAndPlace(How::Add); });
    connect(m_move, &QAction::triggered, this, [this] { chooseAndPlace(How::Move); });
    updateActions();
}

void KpiPlacing::setSession(Session *session)
{
    delete m_binding;
    m_binding = nullptr;
    m_session = session;
    if (session) {
        m_binding = new QObject(this);
        connect(session, &Session::kpiAddingUnavailable, m_binding, [this] { updateActions(); });
        connect(session->kpis(), &QAbstractItemModel::modelReset, m_binding,
                [this] { updateActions(); });
        connect(session->kpis(), &QAbstractItemModel::rowsRemoved, m_binding,
                [this] { updateActions(); });
        connect(session->kpis(), &QAbstractItemModel::rowsInserted, m_binding,
                [this] { updateActions(); });
    }
    updateActions();
}

void KpiPlacing::updateActions()
{
    const bool offered = !m_session || m_session->offersKpiAdding();
    const bool any = m_session && m_session->kpis()->rowCount() > 0;
    const QString why = offered ? QString() : ApiError::defaultMessage(ApiError::Kind::Unsupported);
    const bool inNoGroup = m_session && m_session->kpis()->groupId() == GroupKpisModel::noGroupId;
    m_add->setEnabled(any && offered);
    m_move->setEnabled(any && offered && !inNoGroup);
    m_add->setToolTip(offered ? tr("Put the selected KPIs in another group too") : why);
    m_move->setToolTip(offered ? tr("Take the selected KPIs out of this group into another") : why);
}

QList<Kpi> KpiPlacing::selectedKpis() const
{
    QList<Kpi> kpis;
    if (!m_session)
        return kpis;
    const QModelIndexList selected = m_kpis->view()->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : selected)
        kpis.append(index.data(GroupKpisModel::KpiRole).value<Kpi>());
    if (kpis.isEmpty() && m_kpis->view()->currentIndex().isValid())
        kpis.append(m_kpis->view()->currentIndex().data(GroupKpisModel::KpiRole).value<Kpi>());
    return kpis;
}

void KpiPlacing::chooseAndPlace(How how)
{
    if (!m_session)
        return;
    const QList<Kpi> kpis = selectedKpis();
    if (kpis.isEmpty())
        return;
    const QString fromGroupId = m_session->kpis()->groupId();
    QPointer<Session> session = m_session;
    GroupChooserDialog chooser(
        session->groups(),
        [session, kpis, fromGroupId](const QString &groupId) {
            return session ? session->placementRefusal(kpis, fromGroupId, groupId) : QString();
        },
        m_kpis->window());
    chooser.setWindowTitle(how == How::Add
                               ? tr("Add %n KPI(s) to Group", nullptr, int(kpis.size()))
                               : tr("Move %n KPI(s) to Group", nullptr, int(kpis.size())));
    if (chooser.exec() != QDialog::Accepted || !session)
        return;
    if (how == How::Add)
        session->addKpis(kpis, chooser.chosenGroupId());
    else
        session->moveKpis(kpis, fromGroupId, chooser.chosenGroupId());
}

QList<Kpi> KpiPlacing::draggedKpis(const QDropEvent *event, QString *fromGroupId) const
{
    QList<Kpi> kpis;
    const std::optional<GroupKpisModel::Payload> payload =
        GroupKpisModel::payload(event->mimeData());
    if (!payload || !m_session || payload->groupId != m_session->kpis()->groupId())
        return kpis;
    *fromGroupId = payload->groupId;
    const GroupKpisModel *model = m_session->kpis();
    for (const QString &id : payload->kpiIds)
        if (const int row = model->rowOf(id); row >= 0)
            kpis.append(model->kpiAt(row));
    return kpis;
}

bool KpiPlacing::hover(QDropEvent *event)
{
    QString fromGroupId;
    const QList<Kpi> kpis = draggedKpis(event, &fromGroupId);
    const QModelIndex index = m_groupList->indexAt(event->position().toPoint());
    if (kpis.isEmpty() || !index.isValid()) {
        endHover();
        return false;
    }
    const QString toGroupId = index.data(GroupListModel::IdRole).toString();
    const QString refusal = m_session->placementRefusal(kpis, fromGroupId, toGroupId);
    const bool adds = event->modifiers().testFlag(Qt::ControlModifier) ||
                      fromGroupId == GroupKpisModel::noGroupId;
    const QPalette palette = m_groupList->palette();
    const QColor edge = refusal.isEmpty() ? palette.color(QPalette::Highlight)
                                          : palette.color(QPalette::PlaceholderText);
    // The frame leaves the row's name in view; the hint, opaque, takes the end of the row.
    m_target->setStyleSheet(
        u"QFrame#kpiDropFrame { border: 2px solid %1; border-radius: 3px; } "
        "QLabel { background: %2; color: %3; border-radius: 3px; padding: 0 6px; }"_s.arg(
            edge.name(), refusal.isEmpty() ? edge.name() : palette.color(QPalette::Base).name(),
            refusal.isEmpty() ? palette.color(QPalette::HighlightedText).name() : edge.name()));
    const QRect row = m_groupList->visualRect(index);
    m_target->setGeometry(row);
    const QString hint = !refusal.isEmpty() ? refusal
                         : adds             ? tr("Add here")
                                            : tr("Move here (Ctrl: add)");
    const int widest = row.width() * 3 / 5;
    const QFontMetrics metrics(m_hint->font());
    m_hint->setText(metrics.elidedText(hint, Qt::ElideRight, widest - 16));
    m_hint->setToolTip(hint);
    const int width = std::min(widest, metrics.horizontalAdvance(m_hint->text()) + 16);
    m_hint->setGeometry(row.width() - width - 3, 3, width, row.height() - 6);
    m_target->show();
    m_target->raise();
    if (!refusal.isEmpty())
        return false;
    event->setDropAction(adds ? Qt::CopyAction : Qt::MoveAction);
    event->accept();
    return true;
}

void KpiPlacing::endHover()
{
    m_target->hide();
}

bool KpiPlacing::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_groupList->viewport())
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::DragEnter: {
        auto *drag = static_cast<QDragEnterEvent *>(event);
        if (!GroupKpisModel::payload(drag->mimeData()))
            return false;
        // Taken, so that moves follow; each move says whether a drop may happen there.
        drag->acceptProposedAction();
        hover(drag);
        return true;
    }
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (!GroupKpisModel::payload(drag->mimeData()))
            return false;
        if (!hover(drag))
            drag->ignore();
        return true;
    }
    case QEvent::DragLeave:
        endHover();
        return false;
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!GroupKpisModel::payload(drop->mimeData()))
            return false;
        QString fromGroupId;
        const QList<Kpi> kpis = draggedKpis(drop, &fromGroupId);
        const QModelIndex index = m_groupList->indexAt(drop->position().toPoint());
        endHover();
        const QString toGroupId = index.data(GroupListModel::IdRole).toString();
        const QString refusal =
            m_session ? m_session->placementRefusal(kpis, fromGroupId, toGroupId) : QString();
        if (!m_session || kpis.isEmpty() || !refusal.isEmpty()) {
            drop->ignore();
            if (!refusal.isEmpty())
                Q_EMIT informed(refusal);
            return true;
        }
        // Copied, not moved, as far as the KPI list goes: a move takes them out of it itself,
        // never by the list removing its rows (a removal of its own).
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
        if (drop->modifiers().testFlag(Qt::ControlModifier) ||
            fromGroupId == GroupKpisModel::noGroupId)
            m_session->addKpis(kpis, toGroupId);
        else
            m_session->moveKpis(kpis, fromGroupId, toGroupId);
        return true;
    }
    default:
        return false;
    }
}

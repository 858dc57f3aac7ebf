#include "kpiremovezone.h"

#include "groupkpismodel.h"
#include "uiresources.h"

#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>

KpiRemoveZone::KpiRemoveZone(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
{
    initUiResources();
    setObjectName(QStringLiteral("kpiRemoveZone"));
    setAccessibleName(tr("Remove from group"));
    setAcceptDrops(true);
    setMinimumHeight(56);
    m_icon->setPixmap(QIcon(QStringLiteral(":/icons/kpi-remove-zone.svg")).pixmap(24, 24));
    m_text->setObjectName(QStringLiteral("kpiRemoveZoneText"));
    m_text->setWordWrap(true);
    auto *layout = new QHBoxLayout(this);
    layout->addStretch();
    layout->addWidget(m_icon);
    layout->addWidget(m_text);
    layout->addStretch();
    setHot(false);
}

void KpiRemoveZone::setGroup(const QString &groupId, const QString &groupName)
{
    m_groupId = groupId;
    m_groupName = groupName;
    m_text->setText(tr("Drop here to remove from “%1”").arg(groupName));
}

bool KpiRemoveZone::accepts(const QMimeData *data) const
{
    const std::optional<GroupKpisModel::Payload> payload = GroupKpisModel::payload(data);
    return payload && !m_groupId.isEmpty() && payload->groupId == m_groupId;
}

void KpiRemoveZone::setHot(bool hot)
{
    setStyleSheet(hot ? QStringLiteral("KpiRemoveZone { border: 2px dashed #b3261e; border-radius: "
                                       "6px; background: #fdecea; }")
                      : QStringLiteral("KpiRemoveZone { border: 2px dashed #8a8f98; border-radius: "
                                       "6px; }"));
}

void KpiRemoveZone::dragEnterEvent(QDragEnterEvent *event)
{
    if (!accepts(event->mimeData()))
        return event->ignore();
    event->setDropAction(Qt::MoveAction);
    event->accept();
    setHot(true);
}

void KpiRemoveZone::dragMoveEvent(QDragMoveEvent *event)
{
    if (!accepts(event->mimeData()))
        return event->ignore();
    event->setDropAction(Qt::MoveAction);
    event->accept();
}

void KpiRemoveZone::dragLeaveEvent(QDragLeaveEvent *event)
{
    setHot(false);
    QFrame::dragLeaveEvent(event);
}

void KpiRemoveZone::dropEvent(QDropEvent *event)
{
    setHot(false);
    const std::optional<GroupKpisModel::Payload> payload =
        GroupKpisModel::payload(event->mimeData());
    if (!payload || payload->groupId != m_groupId)
        return event->ignore();
    event->setDropAction(Qt::MoveAction);
    event->accept();
    Q_EMIT kpisDropped(payload->groupId, payload->kpiIds);
}

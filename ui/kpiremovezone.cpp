#include "kpiremovezone.h"

#include "groupkpismodel.h"
#include "palettecolors.h"
#include "uiresources.h"

#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPainter>

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
    m_hot = hot;
    update();
}

void KpiRemoveZone::paintEvent(QPaintEvent *)
{
    // From the palette, so that it reads on light and dark ones alike.
    const QPalette palette = this->palette();
    const QColor red = PaletteColors::error(palette);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    QPen pen(m_hot ? red : palette.color(QPalette::PlaceholderText), 2, Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(m_hot ? QBrush(PaletteColors::tint(palette, red, 0.15)) : Qt::NoBrush);
    painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 6, 6);
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

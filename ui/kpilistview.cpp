#include "kpilistview.h"

#include "groupkpismodel.h"
#include "usernames.h"
#include "visibletext.h"

#include <QApplication>
#include <QDrag>
#include <QMimeData>
#include <QPainter>

KpiListView::KpiListView(QWidget *parent)
    : CoverableListView(parent)
{
    setObjectName(QStringLiteral("kpiList"));
    setAccessibleName(tr("KPIs in this group"));
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::MoveAction);
    setUniformItemSizes(true);
    setItemDelegate(new KpiItemDelegate(this));
}

void KpiListView::startDrag(Qt::DropActions supportedActions)
{
    const QModelIndexList indexes = selectedIndexes();
    QMimeData *data = indexes.isEmpty() ? nullptr : model()->mimeData(indexes);
    if (!data)
        return;
    auto *drag = new QDrag(this);
    drag->setMimeData(data);
    // A small label below and to the right of the pointer, not the rows themselves: the row a
    // drag is over (a group of the list, with what a drop does there) stays in view. Where the
    // KPIs go, the target takes them out of this list itself: the list never removes its rows
    // because a drag ended.
    const QString text = indexes.size() == 1
                             ? indexes.constFirst().data(GroupKpisModel::NameRole).toString()
                             : tr("%n KPI(s)", nullptr, int(indexes.size()));
    const QFontMetrics metrics(font());
    const QString shown = metrics.elidedText(text, Qt::ElideRight, 320);
    const QSize size(metrics.horizontalAdvance(shown) + 16, metrics.height() + 8);
    QPixmap pixmap(size * devicePixelRatio());
    pixmap.setDevicePixelRatio(devicePixelRatio());
    pixmap.fill(Qt::transparent);
    {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(palette().color(QPalette::Highlight));
        painter.drawRoundedRect(QRectF(QPointF(0, 0), size), 4, 4);
        painter.setPen(palette().color(QPalette::HighlightedText));
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, shown);
    }
    drag->setPixmap(pixmap);
    drag->setHotSpot(QPoint(-14, -14));
    Q_EMIT dragStarted();
    drag->exec(supportedActions, Qt::MoveAction);
    Q_EMIT dragFinished();
}

void KpiItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    paintPanel(painter, option, index);
    const auto [text, dim] = textColors(option);
    const QRect area = option.rect.adjusted(10, 4, -10, -4);
    const QFontMetrics metrics(option.font);

    painter->save();
    painter->setPen(text);
    painter->drawText(
        QRect(area.left(), area.top(), area.width(), metrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter,
        metrics.elidedText(VisibleText::escaped(index.data(GroupKpisModel::NameRole).toString()),
                           Qt::ElideRight, area.width()));
    const int others = index.data(GroupKpisModel::OtherGroupCountRole).toInt();
    // Only the rows painted ask for their owner's name.
    const QString ownerId = index.data(GroupKpisModel::OwnerIdRole).toString();
    QString owner = m_names ? m_names->name(ownerId) : UserNames::shortId(ownerId);
    if (m_names && m_names->isPending(ownerId))
        owner = QStringLiteral("…"); // for a moment, rather than an id that flashes
    const QString detail =
        others == 0 ? tr("Owner %1 · in no other group").arg(owner)
                    : tr("Owner %1 · also in %n other group(s)", nullptr, others).arg(owner);
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.88);
    painter->setFont(small);
    painter->setPen(dim);
    const QFontMetrics smallMetrics(small);
    painter->drawText(QRect(area.left(), area.bottom() - smallMetrics.height(), area.width(),
                            smallMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      smallMetrics.elidedText(detail, Qt::ElideRight, area.width()));
    painter->restore();
}

QSize KpiItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return QSize(200, metrics.height() * 2 + 12);
}

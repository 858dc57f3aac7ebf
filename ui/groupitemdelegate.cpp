#include "groupitemdelegate.h"

#include "grouplistmodel.h"
#include "relativetime.h"
#include "uiresources.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QIcon>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace {

constexpr int margin = 8;
constexpr int starSize = 18;

QString updatedText(const QModelIndex &index)
{
    return RelativeTime::format(index.data(GroupListModel::DateUpdatedRole).toDateTime(),
                                QDateTime::currentDateTimeUtc());
}

} // namespace

GroupItemDelegate::GroupItemDelegate(QObject *parent)
    : ListItemDelegate(parent)
{
    initUiResources();
}

QRect GroupItemDelegate::starRect(const QRect &itemRect)
{
    return QRect(itemRect.left() + margin, itemRect.center().y() - starSize / 2 + 1, starSize,
                 starSize);
}

QRect GroupItemDelegate::timeRect(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.9);
    // A column as wide as most texts need, so that the KPI counts line up.
    const QFontMetrics metrics(small);
    const int width = std::max(
        metrics.horizontalAdvance(updatedText(index)),
        metrics.horizontalAdvance(RelativeTime::format(
            QDateTime::currentDateTimeUtc().addDays(-300), QDateTime::currentDateTimeUtc())));
    return QRect(option.rect.right() - margin - width, option.rect.top(), width,
                 option.rect.height());
}

QRect GroupItemDelegate::countRect(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    const int count = index.data(GroupListModel::KpiCountRole).toInt();
    if (count < 0)
        return {};
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.9);
    const QFontMetrics metrics(small);
    const int width =
        std::max(metrics.height() + 4, metrics.horizontalAdvance(QString::number(count)) + 12);
    const QRect time = timeRect(option, index);
    return QRect(time.left() - margin - width, option.rect.center().y() - metrics.height() / 2,
                 width, metrics.height());
}

void GroupItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    paintPanel(painter, option, index);
    painter->save();
    const bool favorite = index.data(GroupListModel::FavoriteRole).toBool();
    static const QIcon filled(QStringLiteral(":/icons/star-filled.svg"));
    static const QIcon outline(QStringLiteral(":/icons/star-outline.svg"));
    const bool hovered = option.state & QStyle::State_MouseOver;
    if (favorite || hovered || (option.state & QStyle::State_Selected))
        (favorite ? filled : outline).paint(painter, starRect(option.rect));

    const auto [textColor, dimColor] = textColors(option);

    const QRect time = timeRect(option, index);
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.9);
    painter->setFont(small);
    painter->setPen(dimColor);
    painter->drawText(time, Qt::AlignRight | Qt::AlignVCenter, updatedText(index));

    // The KPI count, as a small pill left of the time.
    int nameRight = time.left() - margin;
    const QRect count = countRect(option, index);
    if (count.isValid()) {
        QColor pill = dimColor;
        pill.setAlphaF(0.12f);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(pill);
        painter->drawRoundedRect(count, count.height() / 2.0, count.height() / 2.0);
        painter->setPen(dimColor);
        painter->drawText(count, Qt::AlignCenter,
                          QString::number(index.data(GroupListModel::KpiCountRole).toInt()));
        nameRight = count.left() - margin;
    }

    const int nameLeft = starRect(option.rect).right() + margin;
    const QRect nameRect(nameLeft, option.rect.top(), nameRight - nameLeft, option.rect.height());
    painter->setFont(option.font);
    painter->setPen(textColor);
    const QString name = QFontMetrics(option.font)
                             .elidedText(index.data(GroupListModel::NameRole).toString(),
                                         Qt::ElideRight, nameRect.width());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter, name);
    painter->restore();
}

QSize GroupItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return QSize(240, std::max(32, QFontMetrics(option.font).height() + 14));
}

bool GroupItemDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
                                    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton &&
            starRect(option.rect).adjusted(-4, -4, 4, 4).contains(mouse->position().toPoint())) {
            Q_EMIT favoriteClicked(index);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool GroupItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                  const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString text;
    if (starRect(option.rect).adjusted(-4, -4, 4, 4).contains(event->pos())) {
        text = index.data(GroupListModel::FavoriteRole).toBool() ? tr("Remove the star")
                                                                 : tr("Star this group");
    } else if (countRect(option, index).contains(event->pos())) {
        text = tr("%n KPI(s)", nullptr, index.data(GroupListModel::KpiCountRole).toInt());
    } else if (timeRect(option, index).contains(event->pos())) {
        text =
            tr("Updated %1")
                .arg(RelativeTime::exact(index.data(GroupListModel::DateUpdatedRole).toDateTime()));
    } else {
        text = index.data(GroupListModel::NameRole).toString();
    }
    QToolTip::showText(event->globalPos(), text, view);
    return true;
}

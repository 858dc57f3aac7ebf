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

} // namespace

QString GroupItemDelegate::dateText(const QModelIndex &index) const
{
    // Where the date goes: what the person changed is not on the server yet.
    if (index.data(GroupListModel::WaitingRole).toBool())
        return tr("not sent yet");
    if (index.data(GroupListModel::DraftRole).toBool())
        return tr("name not saved");
    const int role =
        m_showsCreation ? GroupListModel::DateCreatedRole : GroupListModel::DateUpdatedRole;
    return RelativeTime::format(index.data(role).toDateTime(), QDateTime::currentDateTimeUtc());
}

void GroupItemDelegate::setSearchText(const QString &text)
{
    m_search = text;
}

QList<std::pair<int, int>> GroupItemDelegate::matches(const QString &name, const QString &search)
{
    // The name folded character by character, each folded character knowing where it came from.
    QString folded;
    QList<int> origin;
    for (int i = 0; i < name.size(); ++i) {
        const int length = name.at(i).isHighSurrogate() && i + 1 < name.size() ? 2 : 1;
        const QString key = GroupListModel::searchKey(name.mid(i, length));
        folded += key;
        for (int k = 0; k < key.size(); ++k)
            origin.append(i);
        i += length - 1;
    }
    QList<std::pair<int, int>> found;
    const QStringList words =
        GroupListModel::searchKey(search.trimmed()).split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        for (int at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.size())) {
            const int start = origin.at(at);
            const int end = origin.at(at + word.size() - 1) + 1;
            found.append({start, end - start});
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

QString GroupItemDelegate::elidedName(const QString &name, const QFontMetrics &metrics, int width)
{
    return metrics.elidedText(name, Qt::ElideMiddle, width);
}

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
        metrics.horizontalAdvance(dateText(index)),
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
    painter->drawText(time, Qt::AlignRight | Qt::AlignVCenter, dateText(index));

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
    const QFontMetrics metrics(option.font);
    const QString name =
        elidedName(index.data(GroupListModel::NameRole).toString(), metrics, nameRect.width());
    // The words searched for, marked in the name as shown.
    if (!m_search.trimmed().isEmpty()) {
        QColor mark = option.palette.color(QPalette::Highlight);
        mark.setAlphaF(option.state & QStyle::State_Selected ? 0.0f : 0.28f);
        for (const auto &[start, length] : matches(name, m_search)) {
            const int left = nameRect.left() + metrics.horizontalAdvance(name.left(start));
            const int width = metrics.horizontalAdvance(name.mid(start, length));
            const QRect box(left, nameRect.center().y() - metrics.height() / 2, width,
                            metrics.height());
            painter->fillRect(box, mark);
            painter->drawLine(box.bottomLeft(), box.bottomRight());
        }
    }
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
    } else if (timeRect(option, index).contains(event->pos()) &&
               index.data(GroupListModel::WaitingRole).toBool()) {
        text = tr("A change to this group waits to be sent: the server could not take it yet.");
    } else if (timeRect(option, index).contains(event->pos()) &&
               index.data(GroupListModel::DraftRole).toBool()) {
        text = tr("A name typed for this group is kept and not saved yet: open the group to save "
                  "or discard it.");
    } else if (timeRect(option, index).contains(event->pos())) {
        text = m_showsCreation ? tr("Created %1")
                                     .arg(RelativeTime::exact(
                                         index.data(GroupListModel::DateCreatedRole).toDateTime()))
                               : tr("Updated %1")
                                     .arg(RelativeTime::exact(
                                         index.data(GroupListModel::DateUpdatedRole).toDateTime()));
    } else {
        text = index.data(GroupListModel::NameRole).toString();
    }
    QToolTip::showText(event->globalPos(), text, view);
    return true;
}

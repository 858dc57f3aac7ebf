#include "groupitemdelegate.h"

#include "grouplistmodel.h"
#include "nameelider.h"
#include "relativetime.h"
#include "uiresources.h"
#include "visibletext.h"

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

QFont smallFont(const QFont &font)
{
    QFont small = font;
    small.setPointSizeF(small.pointSizeF() * 0.9);
    return small;
}

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

QString GroupItemDelegate::elidedName(const QString &name, const QFontMetrics &metrics, int width,
                                      const QString &search)
{
    // What a name is shortened around: the starts of its words a search found, as people type
    // them; a letter found inside most words ("i") would leave nothing else of the names.
    QList<std::pair<int, int>> kept;
    if (!search.trimmed().isEmpty()) {
        for (const auto &match : matches(name, search)) {
            const bool wordStart = match.first == 0 || !name.at(match.first - 1).isLetterOrNumber();
            if (wordStart && match.second >= 2)
                kept.append(match);
        }
    }
    return NameElider::elided(name, metrics, width, kept);
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

GroupItemDelegate::RowLayout GroupItemDelegate::layOut(const QStyleOptionViewItem &option,
                                                       const QModelIndex &index) const
{
    const QFontMetrics metrics(option.font);
    const QFontMetrics smallMetrics(smallFont(option.font));
    const QRect row = option.rect;
    const int left = starRect(row).right() + margin;
    const int right = row.right() - margin;
    // Room for this many characters of a name before the other columns take any.
    const int readableName = metrics.averageCharWidth() * 18;

    // A column as wide as dates are, so that the KPI counts line up and every row shows its date
    // or none does; wider for a longer text ("not sent yet").
    const int dateColumn = std::max(dateColumnWidth(smallFont(option.font)),
                                    smallMetrics.horizontalAdvance(dateText(index)));
    const int count = index.data(GroupListModel::KpiCountRole).toInt();
    const int countWidth =
        count < 0 ? 0
                  : std::max(smallMetrics.height() + 4,
                             smallMetrics.horizontalAdvance(QString::number(count)) + 12) +
                        margin;
    const int room = right - left - readableName;
    const int dateWidth = room >= countWidth + dateColumn + margin ? dateColumn : 0;
    const bool showsCount = count >= 0 && room >= countWidth + (dateWidth ? dateWidth + margin : 0);

    RowLayout layout;
    int nameRight = right;
    if (dateWidth > 0) {
        layout.time = QRect(right - dateWidth + 1, row.top(), dateWidth, row.height());
        nameRight = layout.time.left() - margin;
    }
    if (showsCount) {
        const int width = countWidth - margin;
        layout.count = QRect(nameRight - width, row.center().y() - smallMetrics.height() / 2, width,
                             smallMetrics.height());
        nameRight = layout.count.left() - margin;
    }
    layout.name = QRect(left, row.top(), std::max(0, nameRight - left), row.height());
    return layout;
}

int GroupItemDelegate::dateColumnWidth(const QFont &font) const
{
    // Worked out once for a font: the widest of the texts dates are shown as.
    if (font.key() == m_dateColumnFont)
        return m_dateColumn;
    const QFontMetrics metrics(font);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int widest = 0;
    for (const int daysAgo : {0, 1, 13, 56, 330})
        widest = std::max(
            widest, metrics.horizontalAdvance(RelativeTime::format(now.addDays(-daysAgo), now)));
    // Older than a year, a date: one with wide digits.
    const QDateTime old(QDate(now.date().year() - 2, 12, 28), QTime(12, 0), Qt::UTC);
    widest = std::max(widest, metrics.horizontalAdvance(RelativeTime::format(old, now)));
    m_dateColumnFont = font.key();
    m_dateColumn = widest;
    return widest;
}

QString GroupItemDelegate::shownName(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    return shownName(index, QFontMetrics(option.font), layOut(option, index).name.width());
}

QString GroupItemDelegate::shownName(const QModelIndex &index, const QFontMetrics &metrics,
                                     int width) const
{
    const QString name = VisibleText::escaped(index.data(GroupListModel::NameRole).toString());
    return elidedName(name, metrics, width, m_search);
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
    const RowLayout layout = layOut(option, index);

    painter->setFont(smallFont(option.font));
    painter->setPen(dimColor);
    if (layout.time.isValid())
        painter->drawText(layout.time, Qt::AlignRight | Qt::AlignVCenter, dateText(index));

    // The KPI count, as a small pill left of the time.
    if (layout.count.isValid()) {
        QColor pill = dimColor;
        pill.setAlphaF(0.12f);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(pill);
        painter->drawRoundedRect(layout.count, layout.count.height() / 2.0,
                                 layout.count.height() / 2.0);
        painter->setPen(dimColor);
        painter->drawText(layout.count, Qt::AlignCenter,
                          QString::number(index.data(GroupListModel::KpiCountRole).toInt()));
    }

    const QRect nameRect = layout.name;
    painter->setFont(option.font);
    painter->setPen(textColor);
    const QFontMetrics metrics(option.font);
    const QString name = shownName(index, metrics, nameRect.width());
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
    // Left to right whatever the name's letters, so that the marks above fall on their words.
    painter->setLayoutDirection(Qt::LeftToRight);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextForceLeftToRight, name);
    painter->restore();
}

QSize GroupItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    // As narrow as a readable name: the list never scrolls sideways, its rows fit its width.
    const QFontMetrics metrics(option.font);
    return QSize(starSize + 3 * margin + metrics.averageCharWidth() * 18,
                 std::max(32, metrics.height() + 14));
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
    const RowLayout layout = layOut(option, index);
    QString text;
    if (starRect(option.rect).adjusted(-4, -4, 4, 4).contains(event->pos())) {
        text = index.data(GroupListModel::FavoriteRole).toBool() ? tr("Remove the star")
                                                                 : tr("Star this group");
    } else if (layout.count.contains(event->pos())) {
        text = tr("%n KPI(s)", nullptr, index.data(GroupListModel::KpiCountRole).toInt());
    } else if (layout.time.contains(event->pos()) &&
               index.data(GroupListModel::WaitingRole).toBool()) {
        text = tr("A change to this group waits to be sent: the server could not take it yet.");
    } else if (layout.time.contains(event->pos()) &&
               index.data(GroupListModel::DraftRole).toBool()) {
        text = tr("A name typed for this group is kept and not saved yet: open the group to save "
                  "or discard it.");
    } else if (layout.time.contains(event->pos())) {
        text = m_showsCreation ? tr("Created %1")
                                     .arg(RelativeTime::exact(
                                         index.data(GroupListModel::DateCreatedRole).toDateTime()))
                               : tr("Updated %1")
                                     .arg(RelativeTime::exact(
                                         index.data(GroupListModel::DateUpdatedRole).toDateTime()));
    } else {
        text = VisibleText::escaped(index.data(GroupListModel::NameRole).toString());
    }
    QToolTip::showText(event->globalPos(), text, view);
    return true;
}

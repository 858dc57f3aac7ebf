#pragma once

#include <QStyledItemDelegate>

// What the app's list delegates share: the style's own item panel (selection, hover, focus)
// under text they draw themselves, in the palette's colours for the item's state.
class ListItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void paintPanel(QPainter *painter, const QStyleOptionViewItem &option,
                    const QModelIndex &index) const;
    // The text colour for the item's state, and the same, dimmed, for secondary text.
    static std::pair<QColor, QColor> textColors(const QStyleOptionViewItem &option);
};

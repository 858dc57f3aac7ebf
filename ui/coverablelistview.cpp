#include "coverablelistview.h"

#include <QAccessible>

void CoverableListView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                    const QList<int> &roles)
{
    if (!uniformItemSizes() || viewMode() != ListMode || isWrapping())
        return QListView::dataChanged(topLeft, bottomRight, roles);
    if (bottomRight.row() - topLeft.row() < manyRows)
        return QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
    viewport()->update();
    if (QAccessible::isActive()) {
        QAccessibleTableModelChangeEvent event(this, QAccessibleTableModelChangeEvent::DataChanged);
        event.setFirstRow(topLeft.row());
        event.setFirstColumn(topLeft.column());
        event.setLastRow(bottomRight.row());
        event.setLastColumn(bottomRight.column());
        QAccessible::updateAccessibility(&event);
    }
}

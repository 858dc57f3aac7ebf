#include "coverablelistview.h"

#include <QAccessible>

void CoverableListView::layOutInBatches(int rows)
{
    setLayoutMode(Batched);
    setBatchSize(rows);
}

QRect CoverableListView::visualRect(const QModelIndex &index) const
{
    const QRect rect = QListView::visualRect(index);
    if (rect.isValid() || !index.isValid() || layoutMode() != Batched)
        return rect;
    // Qt's own rectangles lay a list out when asked, from const functions too.
    const_cast<CoverableListView *>(this)->layOutAllRows();
    return QListView::visualRect(index);
}

void CoverableListView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    visualRect(index); // laid out as far as that row
    QListView::scrollTo(index, hint);
}

QModelIndex CoverableListView::moveCursor(CursorAction cursorAction,
                                          Qt::KeyboardModifiers modifiers)
{
    // End and Page Down go as far as the rows laid out: all of them.
    if (const int rows = model() ? model()->rowCount(rootIndex()) : 0; rows > 0)
        visualRect(model()->index(rows - 1, modelColumn(), rootIndex()));
    return QListView::moveCursor(cursorAction, modifiers);
}

void CoverableListView::layOutAllRows()
{
    setLayoutMode(SinglePass);
    doItemsLayout();
    setLayoutMode(Batched);
}

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

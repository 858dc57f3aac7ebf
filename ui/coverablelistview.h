#pragma once

#include <QListView>

// A list that something floating over its bottom (a message) may cover: its last rows can
// still be scrolled into view above what covers them.
class CoverableListView : public QListView
{
    Q_OBJECT

public:
    using QListView::QListView;

    void setCoveredHeight(int pixels)
    {
        if (viewportMargins().bottom() != pixels)
            setViewportMargins(0, 0, 0, pixels);
    }
    int coveredHeight() const { return viewportMargins().bottom(); }

protected:
    // In list mode QListView lays out every row again on any change of data (Qt 6.4,
    // QListModeViewBase::dataChanged): 4 to 9 ms at 100,000 rows, for each star, rename, KPI
    // count and refresh. Rows of one size do not move when their data changes: only the rows
    // changed are painted again.
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override
    {
        if (uniformItemSizes() && viewMode() == ListMode && !isWrapping())
            return QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
        QListView::dataChanged(topLeft, bottomRight, roles);
    }
};

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
    // count and refresh. Rows of one size do not move when their data changes: only what is in
    // view is painted again.
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;

private:
    // More rows changed than a view shows: all of it is painted again, not the rectangle of
    // every row changed, which Qt unites one by one (100,000 rows: 40 ms).
    static constexpr int manyRows = 100;
};

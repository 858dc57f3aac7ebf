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

    // Lays a long list out `rows` at a time from its top, a turn of the event loop each: QListView
    // lays out every row at once, 3 to 4 ms of the turn in which 100,000 arrive. Whatever needs
    // a row not laid out yet (its rectangle, scrolling to it, End) has the rest laid out first.
    void layOutInBatches(int rows);
    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    // In list mode QListView lays out every row again on any change of data (Qt 6.4,
    // QListModeViewBase::dataChanged): 4 to 9 ms at 100,000 rows, for each star, rename, KPI
    // count and refresh. Rows of one size do not move when their data changes: only what is in
    // view is painted again.
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;

private:
    void layOutAllRows();

    // More rows changed than a view shows: all of it is painted again, not the rectangle of
    // every row changed, which Qt unites one by one (100,000 rows: 40 ms).
    static constexpr int manyRows = 100;
};

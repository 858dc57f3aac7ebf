#pragma once

#include <QListView>
#include <QPointer>

class QTimer;

// A list that something floating over its bottom (a message) may cover: its last rows can
// still be scrolled into view above what covers them.
class CoverableListView : public QListView
{
    Q_OBJECT

public:
    using QListView::QListView;
    ~CoverableListView() override;

    void setCoveredHeight(int pixels)
    {
        if (viewportMargins().bottom() != pixels)
            setViewportMargins(0, 0, 0, pixels);
    }
    int coveredHeight() const { return viewportMargins().bottom(); }

    void setModel(QAbstractItemModel *model) override;
    void reset() override;

protected:
    // In list mode QListView lays out every row again on any change of data (Qt 6.4,
    // QListModeViewBase::dataChanged): 4 to 9 ms at 100,000 rows, for each star, rename, KPI
    // count and refresh. Rows of one size do not move when their data changes: only what is in
    // view is painted again.
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;

private:
    // A large list replaced or reordered is painted in the turn after: the turn that changed it
    // and Qt's layout of every row (100,000 rows: 4-7 ms) are work enough, and the paint in the
    // same turn (glyphs and icons not drawn before, 5-10 ms at a first one) made the longest wait
    // of the window. A smaller list is laid out in a few milliseconds: painted at once.
    void paintInTheNextTurn(QWidget *painted);
    void releaseHeld();
    static constexpr int largeList = 50000;
    QList<QPointer<QWidget>> m_held; // painted again when m_releaseHeld times out
    QTimer *m_releaseHeld = nullptr;
    // More rows changed than a view shows: all of it is painted again, not the rectangle of
    // every row changed, which Qt unites one by one (100,000 rows: 40 ms).
    static constexpr int manyRows = 100;
};

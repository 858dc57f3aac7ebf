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
};

#pragma once

#include <QRect>
#include <memory>

class QLockFile;
class QSettings;
class QSplitter;
class QWidget;

// Where a window opens and how large: as it was left, or fitted to its screen; and windows of the
// app open side by side, each in a place of its own (a lock file in the app's data folder, freed
// when the window closes or its process ends): one more than the windows open already, in this
// process or others, opens that many steps down and right of the place saved.
class WindowPlacement
{
public:
    explicit WindowPlacement(QWidget *window);
    ~WindowPlacement();

    void restore(const QSettings &settings);
    void save(QSettings &settings) const;
    // Sizes and places the window, frame included, inside `available` (a screen's available
    // geometry), and keeps its minimum size within it.
    static void fitInto(QWidget *window, const QRect &available);
    // The list beside the detail pane: the list a sensible share of the width, neither of them
    // folded away.
    static QSplitter *listBesideDetail(QWidget *list, QWidget *detail);

private:
    void takePlace();

    QWidget *m_window;
    std::unique_ptr<QLockFile> m_place; // held while open
    int m_placeIndex = 0;
};

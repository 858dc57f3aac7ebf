#pragma once

#include <QObject>

class QAbstractItemView;

// Opens a view's context menu from the keyboard, Shift+F10 or the Menu key, at its current
// item rather than wherever the mouse happens to be.
class ContextMenuKeys : public QObject
{
    Q_OBJECT

public:
    // Watches `view`, and goes with it.
    static void install(QAbstractItemView *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit ContextMenuKeys(QAbstractItemView *view);
    void open();

    QAbstractItemView *m_view;
    bool m_opening = false;
};

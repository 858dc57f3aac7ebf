#pragma once

#include <QObject>

class QAbstractItemView;

// A view's menu of its actions (Qt::ActionsContextMenu): opened from the keyboard, Shift+F10 or
// the Menu key, at its current item rather than wherever the mouse happens to be; and, however it
// opens, showing its entries' tooltips, which say why an entry is disabled.
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
    void showMenu(const QPoint &globalPos);

    QAbstractItemView *m_view;
    // Kept from the start: while the view is destroyed its children's events still come here,
    // and it is no longer a view to ask for its viewport.
    QObject *m_viewport;
    bool m_opening = false;
};

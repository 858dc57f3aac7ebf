#include "contextmenukeys.h"

#include <QAbstractItemView>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>

void ContextMenuKeys::install(QAbstractItemView *view)
{
    auto *keys = new ContextMenuKeys(view);
    view->installEventFilter(keys);
    // A click's menu comes to the viewport, and from it straight to the view's event(), past
    // the view's filters.
    view->viewport()->installEventFilter(keys);
}

ContextMenuKeys::ContextMenuKeys(QAbstractItemView *view)
    : QObject(view)
    , m_view(view)
    , m_viewport(view->viewport())
{}

bool ContextMenuKeys::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched != m_view && watched != m_viewport) || m_opening)
        return false;
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_F10 && key->modifiers() == Qt::ShiftModifier) {
            open();
            return true;
        }
    }
    if (event->type() == QEvent::ContextMenu) {
        const auto *menu = static_cast<QContextMenuEvent *>(event);
        // The window system sends the Menu key's menu to where the mouse is.
        if (menu->reason() == QContextMenuEvent::Keyboard)
            open();
        else
            showMenu(menu->globalPos());
        return true;
    }
    return false;
}

void ContextMenuKeys::open()
{
    const QModelIndex current = m_view->currentIndex();
    QWidget *viewport = m_view->viewport();
    QPoint at = viewport->rect().topLeft();
    if (current.isValid()) {
        const QRect item = m_view->visualRect(current).intersected(viewport->rect());
        if (!item.isEmpty())
            at = QPoint(item.left() + item.height() / 2, item.center().y());
    }
    showMenu(viewport->mapToGlobal(at));
}

void ContextMenuKeys::showMenu(const QPoint &globalPos)
{
    if (m_view->actions().isEmpty())
        return;
    // Qt's own menu of the actions hides their tooltips.
    QMenu menu(m_view);
    menu.setToolTipsVisible(true);
    menu.addActions(m_view->actions());
    m_opening = true;
    menu.exec(globalPos);
    m_opening = false;
}

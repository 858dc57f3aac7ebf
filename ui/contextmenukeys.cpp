#include "contextmenukeys.h"

#include <QAbstractItemView>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QKeyEvent>

void ContextMenuKeys::install(QAbstractItemView *view)
{
    view->installEventFilter(new ContextMenuKeys(view));
}

ContextMenuKeys::ContextMenuKeys(QAbstractItemView *view)
    : QObject(view)
    , m_view(view)
{}

bool ContextMenuKeys::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view || m_opening)
        return false;
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_F10 && key->modifiers() == Qt::ShiftModifier) {
            open();
            return true;
        }
    }
    // The window system sends the Menu key's menu to where the mouse is.
    if (event->type() == QEvent::ContextMenu &&
        static_cast<QContextMenuEvent *>(event)->reason() == QContextMenuEvent::Keyboard) {
        open();
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
    const QPoint inView = viewport->mapTo(m_view, at);
    QContextMenuEvent menu(QContextMenuEvent::Keyboard, inView, m_view->mapToGlobal(inView));
    m_opening = true;
    QCoreApplication::sendEvent(m_view, &menu);
    m_opening = false;
}

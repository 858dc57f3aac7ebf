#include "coverablelistview.h"

#include <QAccessible>
#include <QTimer>

void CoverableListView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                    const QList<int> &roles)
{
    if (!uniformItemSizes() || viewMode() != ListMode || isWrapping())
        return QListView::dataChanged(topLeft, bottomRight, roles);
    if (bottomRight.row() - topLeft.row() < manyRows)
        return QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
    viewport()->update();
    if (QAccessible::isActive()) {
        QAccessibleTableModelChangeEvent event(this, QAccessibleTableModelChangeEvent::DataChanged);
        event.setFirstRow(topLeft.row());
        event.setFirstColumn(topLeft.column());
        event.setLastRow(bottomRight.row());
        event.setLastColumn(bottomRight.column());
        QAccessible::updateAccessibility(&event);
    }
}

CoverableListView::~CoverableListView()
{
    releaseHeld(); // a window held by a view gone would never be painted again
}

void CoverableListView::setModel(QAbstractItemModel *model)
{
    if (model == this->model())
        return; // as Qt does, which would not connect again what is cut here
    if (this->model())
        disconnect(this->model(), nullptr, this, nullptr);
    QListView::setModel(model);
    if (!model)
        return;
    const auto paintRowsLater = [this] { paintInTheNextTurn(viewport()); };
    connect(model, &QAbstractItemModel::rowsMoved, this, paintRowsLater);
    connect(model, &QAbstractItemModel::layoutChanged, this, paintRowsLater);
}

void CoverableListView::reset()
{
    QListView::reset();
    // What the window shows of the list replaced (the row chosen, its details, the count) is
    // painted with it, in the same next turn.
    paintInTheNextTurn(window());
}

void CoverableListView::paintInTheNextTurn(QWidget *painted)
{
    if (!model() || model()->rowCount(rootIndex()) < largeList || !painted->updatesEnabled())
        return;
    painted->setUpdatesEnabled(false);
    m_held.append(painted);
    // A timer, not a queued call (QTimer::singleShot(0) is one): queued calls run in the turn
    // that queued them, with the paint.
    if (!m_releaseHeld) {
        m_releaseHeld = new QTimer(this);
        m_releaseHeld->setSingleShot(true);
        m_releaseHeld->setInterval(0);
        connect(m_releaseHeld, &QTimer::timeout, this, &CoverableListView::releaseHeld);
    }
    m_releaseHeld->start();
}

void CoverableListView::releaseHeld()
{
    for (const QPointer<QWidget> &held : std::exchange(m_held, {})) {
        if (held)
            held->setUpdatesEnabled(true);
    }
}

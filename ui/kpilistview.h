#pragma once

#include "listitemdelegate.h"

#include <QListView>

// A group's KPIs: several can be selected and dragged out together.
class KpiListView : public QListView
{
    Q_OBJECT

public:
    explicit KpiListView(QWidget *parent = nullptr);

Q_SIGNALS:
    void dragStarted();
    void dragFinished();

protected:
    void startDrag(Qt::DropActions supportedActions) override;
};

// A KPI: its name, and below it the owner and how many other groups it is in.
class KpiItemDelegate : public ListItemDelegate
{
    Q_OBJECT

public:
    using ListItemDelegate::ListItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

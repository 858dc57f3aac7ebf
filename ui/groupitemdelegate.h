#pragma once

#include "listitemdelegate.h"

// A group in the list: its star (clickable), its name, and when it last changed.
class GroupItemDelegate : public ListItemDelegate
{
    Q_OBJECT

public:
    explicit GroupItemDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    static QRect starRect(const QRect &itemRect);

Q_SIGNALS:
    void favoriteClicked(const QModelIndex &index);

private:
    QRect timeRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QRect countRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

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
    // The words of a search are highlighted in the names.
    void setSearchText(const QString &text);
    // The date shown in each row: of the last update, or of the creation.
    void setShowsCreation(bool creation) { m_showsCreation = creation; }
    // Where the words of `search` are in `name` (start, length), by the search's folding.
    static QList<std::pair<int, int>> matches(const QString &name, const QString &search);
    // A name shortened to `width` in its middle: names that differ at the end stay apart.
    static QString elidedName(const QString &name, const QFontMetrics &metrics, int width);

Q_SIGNALS:
    void favoriteClicked(const QModelIndex &index);

private:
    QRect timeRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QRect countRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QString dateText(const QModelIndex &index) const;

    QString m_search;
    bool m_showsCreation = false;
};

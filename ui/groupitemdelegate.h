#pragma once

#include "listitemdelegate.h"

// A group in the list: its star (clickable), its name, its count of KPIs and when it last
// changed. The name comes first: in a narrow list the name shrinks to a readable number of
// characters, then the date column goes (from every row), and then the count. Control characters in
// a name are shown escaped (VisibleText).
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
    // A name shortened to `width` by words, keeping its ends and the words searched for.
    static QString elidedName(const QString &name, const QFontMetrics &metrics, int width,
                              const QString &search = {});
    // The name as the row shows it, in full or shortened.
    QString shownName(const QStyleOptionViewItem &option, const QModelIndex &index) const;

Q_SIGNALS:
    void favoriteClicked(const QModelIndex &index);

private:
    // Where each part of a row goes; an empty rectangle is a part left out for lack of room.
    struct RowLayout
    {
        QRect name;
        QRect count;
        QRect time;
    };
    RowLayout layOut(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QString shownName(const QModelIndex &index, const QFontMetrics &metrics, int width) const;
    QString dateText(const QModelIndex &index) const;
    int dateColumnWidth(const QFont &font) const;

    QString m_search;
    bool m_showsCreation = false;
    mutable QString m_dateColumnFont; // the font m_dateColumn was worked out for
    mutable int m_dateColumn = 0;
};

#pragma once

#include "coverablelistview.h"
#include "listitemdelegate.h"
#include "usernames.h"

#include <QListView>
#include <QPointer>

// A group's KPIs: several can be selected and dragged out together.
class KpiListView : public CoverableListView
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
    // Where owners' names come from; without it, their short ids are shown.
    void setUserNames(UserNames *names) { m_names = names; }
    UserNames *userNames() const { return m_names; }
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    QPointer<UserNames> m_names;
};

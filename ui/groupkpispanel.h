#pragma once

#include <QWidget>

class GroupKpisModel;
class KpiListView;
class KpiRemoveZone;
class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class UserNames;

// The KPIs of the current group, with their own search, and the ways to take them out of the
// group: drag them onto the zone that appears, press Del, or use the context menu.
class GroupKpisPanel : public QWidget
{
    Q_OBJECT

public:
    explicit GroupKpisPanel(GroupKpisModel *model, QWidget *parent = nullptr);

    void setModel(GroupKpisModel *model);
    void setGroup(const QString &groupId, const QString &name);
    // The connection's names of people, for the owners; none shows short ids.
    void setUserNames(UserNames *names);
    KpiListView *view() const { return m_view; }
    KpiRemoveZone *removeZone() const { return m_zone; }
    QAction *removeAction() const { return m_remove; }

private:
    void removeSelected();
    void updateState();

    GroupKpisModel *m_model = nullptr;
    QSortFilterProxyModel *m_filter;
    QLabel *m_title;
    QLineEdit *m_search;
    KpiListView *m_view;
    QLabel *m_empty;
    KpiRemoveZone *m_zone;
    QAction *m_remove;
};

#pragma once

#include <QDialog>
#include <functional>

class GroupFilterModel;
class GroupListModel;
class QLabel;
class QLineEdit;
class QListView;

// Chooses the group KPIs go to (Add to Group…, Move to Group…): type to narrow the list (as the
// group list searches: case and accents do not matter), the arrows to move, Enter to pick. A
// group they cannot go to says why and is not taken.
class GroupChooserDialog : public QDialog
{
    Q_OBJECT

public:
    // `refusal`: why the KPIs cannot go to a group, or empty when they can.
    GroupChooserDialog(GroupListModel *groups, std::function<QString(const QString &)> refusal,
                       QWidget *parent = nullptr);

    QString chosenGroupId() const { return m_chosen; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void choose();
    void keepARowCurrent();

    GroupFilterModel *m_filter;
    std::function<QString(const QString &)> m_refusal;
    QLineEdit *m_search;
    QListView *m_list;
    QLabel *m_problem;
    QString m_chosen;
};

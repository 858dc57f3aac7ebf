#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

// What the detail pane shows for several groups selected: how many, and what can be done to all
// of them at once (star, unstar, delete).
class SelectionSummary : public QWidget
{
    Q_OBJECT

public:
    explicit SelectionSummary(QWidget *parent = nullptr);

    // `starred` of the `count` groups selected have a star.
    void setSelection(int count, int starred);

Q_SIGNALS:
    void starRequested(bool star);
    void deleteRequested();

private:
    QLabel *m_title;
    QPushButton *m_star;
    QPushButton *m_unstar;
    QPushButton *m_delete;
};

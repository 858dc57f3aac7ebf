#pragma once

#include <QMainWindow>

class QListWidget;

// Placeholder until the real main window lands: lists group names.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    void setGroupNames(const QStringList &names);

private:
    QListWidget *m_list;
};

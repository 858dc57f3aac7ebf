#include "mainwindow.h"

#include <QListWidget>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_list(new QListWidget(this))
{
    setWindowTitle(tr("KPI Groups"));
    m_list->setObjectName(QStringLiteral("groupList"));
    setCentralWidget(m_list);
    resize(640, 480);
}

void MainWindow::setGroupNames(const QStringList &names)
{
    m_list->clear();
    m_list->addItems(names);
}

#pragma once

#include "connectionsettings.h"

#include <QDialog>

class QLabel;
class QLineEdit;

// Asks for a saved connection's name: the one shown in the window's title and in File → Switch
// Connection. Left empty, the connection takes its default name again; one with characters that
// do not show keeps the dialog open, with the reason below it.
class ConnectionNameDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionNameDialog(const SavedConnection &connection, QWidget *parent = nullptr);

Q_SIGNALS:
    // Trimmed (SavedConnection::cleanName); empty for the default name.
    void nameChosen(const QString &name);

private:
    void tryAccept();

    QLineEdit *m_name;
    QLabel *m_problem;
};

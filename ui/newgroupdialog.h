#pragma once

#include "groupname.h"

#include <QDialog>

class QLabel;
class QLineEdit;

// Asks for the name of a new group. A name that cannot be used (blank, too long) keeps the
// dialog open, with what was typed and the reason below it; one with characters that do not show
// is taken, with a warning as it is typed.
class NewGroupDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewGroupDialog(QWidget *parent = nullptr);

    QString name() const;
    void setName(const QString &name);

Q_SIGNALS:
    // A usable name, trimmed.
    void nameChosen(const GroupName &name);

private:
    void tryAccept();

    QLineEdit *m_name;
    QLabel *m_problem;
    QLabel *m_warning; // characters that do not show
};

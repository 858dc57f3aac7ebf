#include "connectionnamedialog.h"

#include "layoutfit.h"
#include "palettecolors.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ConnectionNameDialog::ConnectionNameDialog(const SavedConnection &connection, QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit)
    , m_problem(new QLabel)
{
    setObjectName(u"connectionNameDialog"_s);
    setWindowTitle(tr("Rename Connection"));
    auto *label = new QLabel(tr("&Name of this connection:"));
    label->setBuddy(m_name);
    m_name->setObjectName(u"renameConnectionEdit"_s);
    m_name->setAccessibleName(tr("Name of this connection"));
    m_name->setMaxLength(int(SavedConnection::maxNameLength));
    m_name->setText(connection.name);
    m_name->selectAll();
    m_name->setPlaceholderText(connection.defaultName());
    // The default name kept on one line: it is one name.
    auto *hint = new QLabel(tr("Shown in the window's title and in File → Switch Connection. Left "
                               "empty, the connection is called “%1”.")
                                .arg(connection.defaultName().replace(u' ', QChar::Nbsp)));
    hint->setWordWrap(true);
    hint->setEnabled(false);
    m_problem->setObjectName(u"renameConnectionProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    PaletteColors::markAsError(m_problem);
    m_problem->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    QPushButton *rename = buttons->addButton(tr("Rename"), QDialogButtonBox::AcceptRole);
    rename->setObjectName(u"renameConnectionButton"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_name);
    layout->addWidget(hint);
    layout->addWidget(m_problem);
    layout->addStretch();
    layout->addWidget(buttons);
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    rename->setDefault(true); // once in the dialog, which otherwise takes its first button
    m_name->setMinimumWidth(380);

    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionNameDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, m_problem, &QWidget::hide);
}

void ConnectionNameDialog::tryAccept()
{
    if (const QString problem = SavedConnection::nameProblem(m_name->text()); !problem.isEmpty()) {
        m_problem->setText(problem);
        m_problem->show();
        LayoutFit::growToFit(this);
        m_name->setFocus(Qt::OtherFocusReason);
        return;
    }
    Q_EMIT nameChosen(SavedConnection::cleanName(m_name->text()));
    accept();
}

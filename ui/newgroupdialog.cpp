#include "newgroupdialog.h"

#include "apiinput.h"
#include "layoutfit.h"
#include "palettecolors.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

NewGroupDialog::NewGroupDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit)
    , m_problem(new QLabel)
    , m_warning(new QLabel)
{
    setObjectName(u"newGroupDialog"_s);
    setWindowTitle(tr("New KPI Group"));
    auto *label = new QLabel(tr("&Name of the new group:"));
    label->setBuddy(m_name);
    m_name->setObjectName(u"newGroupName"_s);
    m_name->setAccessibleName(tr("Name of the new group"));
    m_name->setMaxLength(int(GroupName::maxLength) + 50); // room to see it is too long
    m_problem->setObjectName(u"newGroupProblem"_s);
    m_problem->setWordWrap(true);
    PaletteColors::markAsError(m_problem);
    m_problem->hide();
    m_warning->setObjectName(u"newGroupWarning"_s);
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    PaletteColors::markAsError(m_warning);
    m_warning->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    QPushButton *create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    create->setObjectName(u"createGroup"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_name);
    layout->addWidget(m_problem);
    layout->addWidget(m_warning);
    layout->addStretch();
    layout->addWidget(buttons);
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    create->setDefault(true); // once in the dialog, which otherwise takes its first button
    // Wide enough for its title and a long name.
    m_name->setMinimumWidth(std::max(380, fontMetrics().horizontalAdvance(windowTitle()) + 180));

    connect(buttons, &QDialogButtonBox::accepted, this, &NewGroupDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textEdited, m_problem, &QWidget::hide);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_warning->setText(ApiInput::nameWarning(text));
        m_warning->setVisible(!m_warning->text().isEmpty());
        LayoutFit::growToFit(this);
    });
}

QString NewGroupDialog::name() const
{
    return m_name->text();
}

void NewGroupDialog::setName(const QString &name)
{
    m_name->setText(name);
}

void NewGroupDialog::tryAccept()
{
    // The one check of the name on its way to the server: typed here.
    const std::optional<GroupName> name = GroupName::from(m_name->text());
    if (!name) {
        m_problem->setText(GroupName::problemOf(m_name->text()));
        m_problem->show();
        LayoutFit::growToFit(this);
        m_name->setFocus(Qt::OtherFocusReason);
        return;
    }
    Q_EMIT nameChosen(*name);
    accept();
}

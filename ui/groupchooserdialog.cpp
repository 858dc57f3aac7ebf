#include "groupchooserdialog.h"

#include "groupfiltermodel.h"
#include "grouplistmodel.h"
#include "palettecolors.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

GroupChooserDialog::GroupChooserDialog(GroupListModel *groups,
                                       std::function<QString(const QString &)> refusal,
                                       QWidget *parent)
    : QDialog(parent)
    , m_filter(new GroupFilterModel(this))
    , m_refusal(std::move(refusal))
    , m_search(new QLineEdit)
    , m_list(new QListView)
    , m_problem(new QLabel)
{
    setObjectName(u"groupChooser"_s);
    m_filter->setSourceModel(groups);
    auto *label = new QLabel(tr("&Group:"));
    label->setBuddy(m_search);
    m_search->setObjectName(u"groupChooserSearch"_s);
    m_search->setPlaceholderText(tr("Type to find a group"));
    m_search->setAccessibleName(tr("Find a group"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_list->setObjectName(u"groupChooserList"_s);
    m_list->setAccessibleName(tr("Groups"));
    m_list->setModel(m_filter);
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setFocusPolicy(Qt::NoFocus); // the arrows reach it from the search
    m_problem->setObjectName(u"groupChooserProblem"_s);
    m_problem->setWordWrap(true);
    PaletteColors::markAsError(m_problem);
    m_problem->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    QPushButton *pick = buttons->addButton(tr("Choose"), QDialogButtonBox::AcceptRole);
    pick->setObjectName(u"chooseGroup"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    pick->setDefault(true); // once in the dialog, which otherwise takes its first button
    resize(420, 480);

    connect(buttons, &QDialogButtonBox::accepted, this, &GroupChooserDialog::choose);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListView::doubleClicked, this, &GroupChooserDialog::choose);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setSearchText(text);
        m_problem->hide();
        // What was typed narrows the list: its first group is the one Enter picks.
        if (m_filter->rowCount() > 0)
            m_list->setCurrentIndex(m_filter->index(0, 0));
    });
    connect(m_filter, &QAbstractItemModel::modelReset, this, &GroupChooserDialog::keepARowCurrent);
    keepARowCurrent();
}

void GroupChooserDialog::keepARowCurrent()
{
    if (!m_list->currentIndex().isValid() && m_filter->rowCount() > 0)
        m_list->setCurrentIndex(m_filter->index(0, 0));
}

bool GroupChooserDialog::eventFilter(QObject *watched, QEvent *event)
{
    // The search keeps the focus; the arrows and pages move through the groups found.
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up || key == Qt::Key_PageDown ||
            key == Qt::Key_PageUp) {
            QCoreApplication::sendEvent(m_list, event);
            m_problem->hide();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void GroupChooserDialog::choose()
{
    const QString groupId = m_list->currentIndex().data(GroupListModel::IdRole).toString();
    if (groupId.isEmpty())
        return;
    if (const QString problem = m_refusal(groupId); !problem.isEmpty()) {
        m_problem->setText(problem);
        m_problem->show();
        return;
    }
    m_chosen = groupId;
    accept();
}

#include "groupdetailpane.h"

#include "apiinput.h"
#include "elidinglabel.h"
#include "favoritebutton.h"
#include "groupkpismodel.h"
#include "groupkpispanel.h"
#include "grouplistmodel.h"
#include "kpilistview.h"
#include "kpiremovezone.h"
#include "messagebanner.h"
#include "palettecolors.h"
#include "relativetime.h"
#include "selectionsummary.h"
#include "usernames.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

GroupDetailPane::GroupDetailPane(GroupListModel *model, GroupKpisModel *kpis, QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(tr("Select a KPI group to see and edit it.")))
    , m_favorite(new FavoriteButton)
    , m_name(new QLineEdit)
    , m_save(new QPushButton(tr("&Save")))
    , m_revert(new QPushButton(tr("Re&vert")))
    , m_problem(new QLabel)
    , m_draftNote(new QLabel)
    , m_hiddenNote(new QLabel)
    , m_created(new ElidingLabel)
    , m_updated(new ElidingLabel)
    , m_id(new ElidingLabel)
    , m_copyId(new QToolButton)
    , m_delete(new QPushButton(tr("&Delete Group…")))
    , m_kpis(new GroupKpisPanel(kpis))
    , m_noGroupTitle(new QLabel(tr("KPIs in no group")))
    , m_summary(new SelectionSummary)
{
    setObjectName(u"groupDetailPane"_s);
    setUpWidgets();
    layOut();
    wireWidgets();
    setModels(model, kpis);
}

void GroupDetailPane::setUpWidgets()
{
    m_empty->setObjectName(u"emptyDetail"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true); // a narrow pane, in German: on two lines rather than cut
    m_empty->setEnabled(false);
    m_favorite->setObjectName(u"detailFavorite"_s);
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setAccessibleName(tr("Group name"));
    m_name->setMaxLength(int(GroupName::maxLength) + 50); // room to see it is too long
    QFont big = m_name->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setWeight(QFont::DemiBold);
    m_name->setFont(big);
    m_name->setFrame(false);
    m_name->installEventFilter(this);
    m_save->setObjectName(u"saveName"_s);
    m_save->setToolTip(tr("Save the new name (Enter)"));
    m_revert->setObjectName(u"revertName"_s);
    m_revert->setToolTip(tr("Go back to the saved name (Esc)"));
    m_problem->setObjectName(u"nameProblem"_s);
    m_problem->setWordWrap(true);
    PaletteColors::markAsError(m_problem);
    m_problem->setAccessibleName(tr("Why the name was not saved"));
    m_draftNote->setObjectName(u"draftNote"_s);
    m_draftNote->setWordWrap(true);
    m_draftNote->setText(tr("A draft kept from when the app last closed, not saved yet: press "
                            "Enter to save it."));
    m_draftNote->hide();
    m_hiddenNote->setObjectName(u"hiddenCharactersNote"_s);
    m_hiddenNote->setWordWrap(true);
    m_hiddenNote->setTextFormat(Qt::PlainText);
    PaletteColors::markAsError(m_hiddenNote);
    m_hiddenNote->hide();
    m_created->setObjectName(u"createdLabel"_s);
    m_updated->setObjectName(u"updatedLabel"_s);
    // Names come from the server: never read as markup.
    m_created->setTextFormat(Qt::PlainText);
    m_updated->setTextFormat(Qt::PlainText);
    m_id->setObjectName(u"idLabel"_s);
    m_id->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_id->setAccessibleName(tr("Group id"));
    m_copyId->setObjectName(u"copyId"_s);
    m_copyId->setText(tr("Copy"));
    m_copyId->setToolTip(tr("Copy the group id"));
    m_copyId->setAccessibleName(tr("Copy the group id"));
    m_delete->setObjectName(u"deleteGroup"_s);
    m_delete->setToolTip(tr("Delete this group; its KPIs are kept (Del)"));
}

void GroupDetailPane::layOut()
{
    auto *details = new QWidget;
    auto *header = new QHBoxLayout;
    header->addWidget(m_favorite);
    header->addWidget(m_name, 1);
    header->addWidget(m_save);
    header->addWidget(m_revert);

    auto *idRow = m_idRow = new QHBoxLayout;
    idRow->addWidget(m_id, 1);
    idRow->addWidget(m_copyId);
    auto *form = m_form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft);
    form->addRow(tr("Created"), m_created);
    form->addRow(tr("Updated"), m_updated);
    form->addRow(tr("Id"), idRow);

    auto *bottom = new QHBoxLayout;
    bottom->addStretch();
    bottom->addWidget(m_delete);

    auto *layout = new QVBoxLayout(details);
    m_noGroupTitle->setObjectName(u"noGroupTitle"_s);
    QFont title = m_noGroupTitle->font();
    title.setPointSizeF(title.pointSizeF() * 1.3);
    title.setWeight(QFont::DemiBold);
    m_noGroupTitle->setFont(title);
    m_noGroupTitle->hide();
    layout->addWidget(m_noGroupTitle);
    layout->addLayout(header);
    layout->addWidget(m_problem);
    layout->addWidget(m_draftNote);
    layout->addWidget(m_hiddenNote);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addSpacing(12);
    layout->addWidget(m_kpis, 1);
    // Two KPIs at least (KpiItemDelegate's rows are two lines high) under the panel's header,
    // however little room the window has.
    const int line = fontMetrics().height();
    m_kpis->setMinimumHeight(line + 16 + 2 * (2 * line + 12) + 4);
    layout->addLayout(bottom);

    // In a window too low for all of it (at 2×, with a warning of three lines), the details
    // scroll rather than overlap.
    auto *scroll = new QScrollArea;
    scroll->setObjectName(u"detailsScroll"_s);
    scroll->setWidget(details);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFocusPolicy(Qt::NoFocus); // the keyboard goes to what it holds
    m_stack->addWidget(m_empty);
    m_stack->addWidget(scroll);
    m_stack->addWidget(m_summary);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);
}

void GroupDetailPane::wireWidgets()
{
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        Draft &draft = m_drafts[m_groupId];
        draft.text = text;
        draft.problem.clear();
        updateEditState();
        const KpiGroup *group = m_model->group(m_groupId);
        Q_EMIT draftChanged(m_groupId, group && text == group->name ? QString() : text);
    });
    connect(m_name, &QLineEdit::returnPressed, this, &GroupDetailPane::commit);
    connect(m_save, &QPushButton::clicked, this, &GroupDetailPane::commit);
    connect(m_revert, &QPushButton::clicked, this, &GroupDetailPane::revert);
    connect(m_copyId, &QToolButton::clicked, this, &GroupDetailPane::copyId);
    connect(m_delete, &QPushButton::clicked, this, [this] { Q_EMIT deleteRequested(m_groupId); });
    connect(m_favorite, &FavoriteButton::favoriteToggled, this,
            [this](bool favorite) { Q_EMIT favoriteToggled(m_groupId, favorite); });
}

void GroupDetailPane::setModels(GroupListModel *model, GroupKpisModel *kpis)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_drafts.clear(); // another connection: other groups
    m_groupId.clear();
    m_kpis->setModel(kpis);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                const int row = m_model->rowOf(m_groupId);
                if (row >= from.row() && row <= to.row())
                    refresh();
            });
    const auto forgetVanished = [this] {
        if (!m_groupId.isEmpty() && m_model->rowOf(m_groupId) < 0)
            showGroup({});
    };
    connect(model, &QAbstractItemModel::rowsRemoved, this, forgetVanished);
    connect(model, &QAbstractItemModel::modelReset, this, forgetVanished);
    showGroup({});
}

void GroupDetailPane::setUserNames(UserNames *names)
{
    if (m_names)
        m_names->disconnect(this);
    m_names = names;
    if (names)
        connect(names, &UserNames::requestAnswered, this, &GroupDetailPane::refreshPeople);
    m_kpis->setUserNames(names);
    refreshPeople();
}

void GroupDetailPane::addGroupActions(const QList<QAction *> &actions)
{
    QWidget *before = m_copyId;
    for (QAction *action : actions) {
        // Not the action's own text: its mnemonic would be a shortcut of the button's.
        auto *button = new QToolButton;
        button->setObjectName(action->objectName() + u"Button"_s);
        static const QRegularExpression appended(u"\\s*\\(&[^)]\\)"_s); // "開く(&O)"
        button->setText(QString(action->text()).remove(appended).remove(u'&'));
        const auto follow = [button, action] {
            button->setEnabled(action->isEnabled());
            button->setToolTip(action->toolTip());
        };
        connect(action, &QAction::changed, button, follow);
        follow();
        connect(button, &QToolButton::clicked, action, &QAction::trigger);
        m_idRow->addWidget(button);
        setTabOrder(before, button); // beside the id, not after the whole pane
        before = button;
    }
}

void GroupDetailPane::showGroup(const QString &groupId)
{
    // An edit that was neither saved nor refused is kept, to be found again on return.
    const auto draft = m_drafts.constFind(m_groupId);
    if (draft != m_drafts.cend() && !hasUnsavedEdit() && draft->problem.isEmpty() &&
        draft->sent.isEmpty() && m_drafts.remove(m_groupId) > 0)
        Q_EMIT draftChanged(m_groupId, {});
    m_groupId = m_model->group(groupId) ? groupId : QString();
    if (std::exchange(m_inNoGroup, false))
        setGroupPartsVisible(true);
    showPage();
    refresh();
}

void GroupDetailPane::showKpisInNoGroup()
{
    showGroup({});
    m_inNoGroup = true;
    m_selected = 0;
    setGroupPartsVisible(false);
    showPage();
    m_kpis->setGroup(QString(GroupKpisModel::noGroupId), m_noGroupTitle->text());
}

void GroupDetailPane::setGroupPartsVisible(bool visible)
{
    m_noGroupTitle->setVisible(!visible);
    for (QWidget *part : {static_cast<QWidget *>(m_favorite), static_cast<QWidget *>(m_name),
                          static_cast<QWidget *>(m_delete)})
        part->setVisible(visible);
    if (!visible) {
        for (QWidget *part :
             {static_cast<QWidget *>(m_save), static_cast<QWidget *>(m_revert),
              static_cast<QWidget *>(m_problem), static_cast<QWidget *>(m_draftNote)})
            part->hide();
    }
    for (int row = 0; row < m_form->rowCount(); ++row)
        m_form->setRowVisible(row, visible);
}

void GroupDetailPane::showSelection(int count, int starred)
{
    m_selected = count;
    m_summary->setSelection(count, starred);
    showPage();
}

void GroupDetailPane::showPage()
{
    // Going to the summary, the keyboard stays on the pane rather than in a hidden field.
    const bool hadFocus = m_stack->currentWidget()->isAncestorOf(focusWidget());
    const bool nothing = m_groupId.isEmpty() && !m_inNoGroup;
    m_stack->setCurrentIndex(m_selected > 1 ? 2 : nothing ? 0 : 1);
    if (hadFocus && !m_stack->currentWidget()->isAncestorOf(focusWidget()))
        m_stack->currentWidget()->setFocus();
}

void GroupDetailPane::refresh()
{
    const KpiGroup *group = m_model->group(m_groupId);
    if (!group)
        return;
    m_favorite->setFavorite(group->favorite);
    refreshPeople();
    m_id->setText(group->id);
    m_kpis->setGroup(group->id, group->name);
    refreshName();
}

void GroupDetailPane::refreshPeople()
{
    const KpiGroup *group = m_model->group(m_groupId);
    if (!group)
        return;
    const auto by = [this](const QDateTime &when, const QString &userId) {
        QString who = m_names ? m_names->name(userId) : UserNames::shortId(userId);
        // A name on its way: an ellipsis for a moment rather than an id that flashes.
        if (m_names && m_names->isPending(userId))
            who = u"…"_s;
        return tr("%1, by %2")
            .arg(RelativeTime::format(when, QDateTime::currentDateTimeUtc()), who);
    };
    m_created->setText(by(group->dateCreated, group->createdById));
    m_created->setToolTip(RelativeTime::exact(group->dateCreated));
    m_updated->setText(by(group->dateUpdated, group->modifiedById));
    m_updated->setToolTip(RelativeTime::exact(group->dateUpdated));
}

void GroupDetailPane::refreshName()
{
    const KpiGroup *group = m_model->group(m_groupId);
    if (!group)
        return;
    const auto draft = m_drafts.constFind(m_groupId);
    const QString text = draft != m_drafts.cend() ? draft->text : group->name;
    if (m_name->text() != text) {
        m_name->setText(text);
        // A long name is read from its start.
        m_name->setCursorPosition(0);
    }
    updateEditState();
}

void GroupDetailPane::forgetDraft(const QString &groupId)
{
    if (m_drafts.remove(groupId) == 0)
        return;
    Q_EMIT draftChanged(groupId, {});
    if (groupId == m_groupId)
        refreshName();
}

QHash<QString, QString> GroupDetailPane::unsavedDrafts() const
{
    QHash<QString, QString> drafts;
    for (auto it = m_drafts.cbegin(); it != m_drafts.cend(); ++it) {
        // A group not in the list may be in the part not loaded yet: its draft is kept.
        const KpiGroup *group = m_model ? m_model->group(it.key()) : nullptr;
        // Not what is on its way (the outbox keeps that), nor what the group is called.
        if (it->text != it->sent && (!group || it->text != group->name))
            drafts.insert(it.key(), it->text);
    }
    return drafts;
}

void GroupDetailPane::restoreDrafts(const QHash<QString, QString> &drafts)
{
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it) {
        Draft &draft = m_drafts[it.key()];
        draft.text = it.value();
        draft.restored = true;
    }
    refreshName();
}

bool GroupDetailPane::hasUnsavedEdit() const
{
    // The list shows a rename on its way already, so only text that differs from it is unsaved.
    const KpiGroup *group = m_model->group(m_groupId);
    const auto draft = m_drafts.constFind(m_groupId);
    return group && draft != m_drafts.cend() && draft->text != group->name;
}

void GroupDetailPane::updateEditState()
{
    const auto draft = m_drafts.constFind(m_groupId);
    const bool edited = hasUnsavedEdit();
    const QString problem = draft != m_drafts.cend() ? draft->problem : QString();
    m_save->setVisible(edited);
    m_revert->setVisible(edited);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_draftNote->setVisible(edited && problem.isEmpty() && draft->restored &&
                            draft->sent.isEmpty());
    // Typed or pasted: a line break, a tab or a character that reverses the text around it.
    const QString warning = edited ? ApiInput::nameWarning(draft->text) : QString();
    m_hiddenNote->setText(warning);
    m_hiddenNote->setVisible(!warning.isEmpty());
    m_name->setStyleSheet(problem.isEmpty() ? QString()
                                            : u"QLineEdit { border-bottom: 2px solid %1; }"_s.arg(
                                                  PaletteColors::error(palette()).name()));
    const bool sending = draft != m_drafts.cend() && !draft->sent.isEmpty();
    m_name->setToolTip(sending ? tr("Saving…") : QString());
}

void GroupDetailPane::commit()
{
    if (!hasUnsavedEdit())
        return;
    Draft &draft = m_drafts[m_groupId];
    // The one check of the name on its way to the server: typed here.
    const std::optional<GroupName> checked = GroupName::from(draft.text);
    if (!checked) {
        draft.problem = GroupName::problemOf(draft.text);
        updateEditState();
        return;
    }
    draft.text = checked->text();
    draft.sent = draft.text;
    draft.problem.clear();
    // Copies: the rename can hide the group from the list and move this pane to another group,
    // or to none, before the signal returns.
    const QString groupId = m_groupId;
    const GroupName name = *checked;
    Q_EMIT draftChanged(groupId, {}); // on its way: the outbox keeps it now
    Q_EMIT renameRequested(groupId, name);
    refreshName();
}

void GroupDetailPane::revert()
{
    if (m_drafts.remove(m_groupId) > 0)
        Q_EMIT draftChanged(m_groupId, {});
    refreshName();
}

void GroupDetailPane::startRenaming()
{
    if (m_groupId.isEmpty())
        return;
    m_name->setFocus(Qt::ShortcutFocusReason);
    m_name->selectAll();
}

void GroupDetailPane::renameSucceeded(const QString &groupId, const QString &name)
{
    const auto draft = m_drafts.find(groupId);
    if (draft == m_drafts.end())
        return;
    if (draft->text == name)
        m_drafts.erase(draft); // nothing typed since
    else
        draft->sent.clear();
    if (groupId == m_groupId)
        refreshName();
}

void GroupDetailPane::renameFailed(const QString &groupId, const QString &attemptedName,
                                   const QString &reason)
{
    Draft &draft = m_drafts[groupId];
    // Keep what was typed after sending; else bring back what was sent.
    if (draft.text.isEmpty() || draft.text == draft.sent)
        draft.text = attemptedName;
    draft.problem = reason;
    draft.sent.clear();
    Q_EMIT draftChanged(groupId, draft.text); // refused: the words typed are kept
    if (groupId == m_groupId)
        refreshName();
}

void GroupDetailPane::copyId()
{
    QApplication::clipboard()->setText(m_groupId);
}

bool GroupDetailPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_name && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && hasUnsavedEdit()) {
        revert();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void GroupDetailPane::makeRoomFor(MessageBanner *banner)
{
    banner->keepClearOf(m_kpis->removeZone());
    banner->keepReadable(m_kpis->view());
}

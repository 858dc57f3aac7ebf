#include "grouplistpane.h"

#include "contextmenukeys.h"
#include "groupitemdelegate.h"
#include "grouplistmodel.h"
#include "session.h"
#include "windowactions.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

GroupListPane::GroupListPane(WindowActions *actions, GroupListModel *noGroups, QWidget *parent)
    : QWidget(parent)
    , m_noGroups(noGroups)
    , m_groups(noGroups)
    , m_filter(new GroupFilterModel(this))
    , m_favoritesOnly(actions->favoritesOnlyAction())
{
    m_filter->setSourceModel(m_groups);
    createWidgets(actions);
    wire(actions);
    updatePlaceholder();
}

void GroupListPane::createWidgets(WindowActions *actions)
{
    m_search = new QLineEdit;
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(tr("Search groups (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search groups"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);

    m_sortButton = new QToolButton;
    m_sortButton->setObjectName(u"sortButton"_s);
    m_sortButton->setText(tr("Sort"));
    m_sortButton->setAccessibleName(tr("Sort and favorites"));
    m_sortButton->setToolTip(tr("Sort order, and favorites first"));
    m_sortButton->setPopupMode(QToolButton::InstantPopup);
    auto *sortMenu = new QMenu(m_sortButton);
    sortMenu->addActions(actions->sortActions());
    sortMenu->addAction(actions->reverseAction());
    sortMenu->addSeparator();
    sortMenu->addAction(actions->favoritesFirstAction());
    m_sortButton->setMenu(sortMenu);
    // The style draws the menu's arrow in the button's corner, over a long text ("Sortieren",
    // "並べ替え") unless there is room beside it.
    m_sortButton->setMinimumWidth(
        m_sortButton->sizeHint().width() +
        m_sortButton->style()->pixelMetric(QStyle::PM_MenuButtonIndicator, nullptr, m_sortButton));

    m_favoritesOnlyButton = new QToolButton;
    m_favoritesOnlyButton->setObjectName(u"favoritesOnlyButton"_s);
    m_favoritesOnlyButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    // On the action: the button takes its tooltip again from it each time it is toggled.
    actions->favoritesOnlyAction()->setToolTip(tr("Show favorites only (Ctrl+Shift+F)"));
    m_favoritesOnlyButton->setDefaultAction(actions->favoritesOnlyAction());
    m_favoritesOnlyButton->setAccessibleName(tr("Favorites only"));

    m_noGroup = new QPushButton(tr("KPIs in no group"));
    m_noGroup->setObjectName(u"kpisInNoGroup"_s);
    m_noGroup->setFlat(true);
    m_noGroup->setCheckable(true);
    m_noGroup->setStyleSheet(u"text-align: left; padding: 4px 8px;"_s);
    m_noGroup->setToolTip(tr("The KPIs that are in no group; drag them onto a group to add them"));

    m_list = new CoverableListView;
    m_list->setObjectName(u"groupList"_s);
    m_list->setAccessibleName(tr("KPI groups"));
    m_list->setModel(m_filter);
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setMouseTracking(true);
    m_list->setMinimumWidth(240);
    // Rows are as wide as the list; a name too long is shortened, not scrolled to.
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->installEventFilter(this);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    ContextMenuKeys::install(m_list);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_delegate = new GroupItemDelegate(m_list);
    m_list->setItemDelegate(m_delegate);
    m_list->addAction(actions->renameAction());
    m_list->addAction(actions->favoriteAction());
    m_list->addAction(actions->copyIdAction());
    m_list->addAction(actions->copyLinkAction());
    m_list->addAction(actions->openInQuantiveAction());
    auto *separator = new QAction(m_list);
    separator->setSeparator(true);
    m_list->addAction(separator);
    m_list->addAction(actions->deleteAction());
    m_list->setAcceptDrops(true);
    m_list->viewport()->installEventFilter(this);

    m_placeholder = new QLabel(m_list->viewport());
    m_placeholder->setObjectName(u"listPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);
    m_connect = new QPushButton(tr("&Connect…"), m_list->viewport());
    m_connect->setObjectName(u"placeholderConnect"_s);
    m_connect->hide();
    connect(m_connect, &QPushButton::clicked, actions->connectAction(), &QAction::trigger);

    m_count = new QLabel;
    m_count->setObjectName(u"countLabel"_s);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_favoritesOnlyButton);
    filters->addWidget(m_sortButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_noGroup);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_count);
    setTabOrder(m_search, m_favoritesOnlyButton);
    setTabOrder(m_favoritesOnlyButton, m_sortButton);
    setTabOrder(m_sortButton, m_noGroup);
    setTabOrder(m_noGroup, m_list);
}

void GroupListPane::wire(WindowActions *actions)
{
    connect(actions->findAction(), &QAction::triggered, this, &GroupListPane::focusSearch);
    connect(actions->favoritesOnlyAction(), &QAction::toggled, m_filter,
            &GroupFilterModel::setFavoritesOnly);
    connect(actions->favoritesFirstAction(), &QAction::toggled, m_filter,
            &GroupFilterModel::setFavoritesFirst);
    connect(actions, &WindowActions::sortChosen, this, &GroupListPane::applySortKey);
    connect(actions->reverseAction(), &QAction::toggled, m_filter, &GroupFilterModel::setReversed);
    connect(m_search, &QLineEdit::textChanged, m_filter, &GroupFilterModel::setSearchText);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_delegate->setSearchText(text);
        m_list->viewport()->update();
    });
    connect(m_filter, &GroupFilterModel::countChanged, this, &GroupListPane::updateCount);
    connect(m_noGroup, &QPushButton::clicked, this, [this] {
        m_noGroup->setChecked(true);
        m_list->selectionModel()->clear();
        Q_EMIT noGroupChosen();
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &GroupListPane::onCurrentChanged);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &GroupListPane::selectedGroupsChanged);
    connect(m_list, &QListView::activated, this, &GroupListPane::groupActivated);
    connect(m_delegate, &GroupItemDelegate::favoriteClicked, this,
            [this](const QModelIndex &index) {
                Q_EMIT favoriteClicked(index.data(GroupListModel::IdRole).toString());
            });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &GroupListPane::updatePlaceholder);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &GroupListPane::updatePlaceholder);
    const auto follow = [this] { followFilter(); };
    // Rows moved: in a turn of their own, once Qt has laid the list out again (its timer of 0 ms,
    // started first), not in the turn that moved them (a large list: its layout of every row, 4
    // to 7 ms, added to that turn's work). A list sorted on a worker thread is in its order only
    // now: what was looked at stays put.
    auto *afterLayout = new QTimer(this); // a timer: QTimer::singleShot(0) is a queued call
    afterLayout->setSingleShot(true);
    afterLayout->setInterval(0);
    connect(afterLayout, &QTimer::timeout, this, [this] {
        followFilter();
        restoreAnchor();
    });
    connect(m_filter, &QAbstractItemModel::layoutChanged, afterLayout, qOverload<>(&QTimer::start));
    connect(m_filter, &QAbstractItemModel::modelReset, this, follow, Qt::QueuedConnection);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, follow, Qt::QueuedConnection);
    // The group looked at, moved by its new name or star: still in view (another moving leaves
    // the view where the person scrolled it).
    connect(m_filter, &QAbstractItemModel::rowsMoved, this,
            [this](const QModelIndex &, int first, int last, const QModelIndex &, int row) {
                const int moved = int(last - first + 1);
                const int to = row > first ? row - moved : row;
                const int current = m_list->currentIndex().row();
                if (current >= to && current < to + moved)
                    m_list->scrollTo(m_list->currentIndex());
            });
    // A search cleared, or the favorites shown again: the group chosen comes back.
    connect(
        m_filter, &QAbstractItemModel::rowsInserted, this,
        [this] {
            // Only then: rows arriving otherwise leave the view where the person scrolled it.
            const bool chosenBack =
                !m_chosenGroup.isEmpty() && currentGroupId() != m_chosenGroup &&
                m_filter->mapFromSource(m_groups->index(m_groups->rowOf(m_chosenGroup))).isValid();
            if (chosenBack)
                followFilter();
        },
        Qt::QueuedConnection);
    connect(m_filter, &QAbstractItemModel::dataChanged, this,
            &GroupListPane::selectedGroupsChanged);
}

void GroupListPane::setSession(Session *session)
{
    rememberTopGroup(); // of the session that is left
    m_placed = false;
    delete std::exchange(m_binding, nullptr);
    m_selectionAcrossReset.clear();
    m_anchorGroup.clear();
    m_chosenGroup.clear();
    m_incompleteOf = -1;
    m_loadingRest = m_cachedShown = false;
    if (!session) {
        m_groups = m_noGroups;
        // Emptied, the list still says why of the session it is leaving (see updatePlaceholder).
        m_filter->setSourceModel(m_groups);
        m_session = nullptr;
        return;
    }
    m_session = session;
    m_groups = session->groups();
    m_filter->setSourceModel(m_groups);
    bindSession();
}

void GroupListPane::bindSession()
{
    m_binding = new QObject(this);
    // A list replaced whole (the rest of a first page) keeps the group the person is on.
    connect(m_groups, &QAbstractItemModel::modelAboutToBeReset, m_binding, [this] {
        m_selectionAcrossReset = currentGroupId();
        holdAnchor();
    });
    connect(m_groups, &QAbstractItemModel::modelReset, m_binding, [this] {
        const QString id = std::exchange(m_selectionAcrossReset, {});
        if (!id.isEmpty())
            selectGroup(id);
        restoreAnchor();
    });
    connect(m_session, &Session::loadingStarted, m_binding, [this] {
        m_incompleteOf = -1;
        updateCount();
    });
    connect(m_session, &Session::cachedListShown, m_binding, [this] { m_cachedShown = true; });
    // A first page is not the list: its count would be read as the number of groups.
    connect(m_session, &Session::firstListShown, m_binding, [this] {
        m_loadingRest = m_session->isLoading() && !m_cachedShown;
        updateCount();
    });
    const auto loaded = [this] {
        m_loadingRest = false;
        updateCount();
    };
    connect(m_session, &Session::loadingFinished, m_binding, loaded);
    connect(m_session, &Session::loadingFailed, m_binding, loaded);
    connect(m_session, &Session::offlineChanged, m_binding, [this] { updatePlaceholder(); });
    connect(m_session, &Session::loadingIncomplete, m_binding,
            [this](qsizetype, qsizetype claimed) {
                m_incompleteOf = claimed;
                m_loadingRest = false;
                updateCount();
            });
    connect(m_session, &Session::initialGroupChosen, m_binding,
            [this](const QString &groupId) { selectInitialGroup(groupId); });
    connect(m_session, &Session::groupCreated, m_binding,
            [this](const KpiGroup &group) { revealGroup(group.id); });
    updateCount();
}

QString GroupListPane::currentGroupId() const
{
    return m_list->currentIndex().data(GroupListModel::IdRole).toString();
}

void GroupListPane::selectGroup(const QString &groupId)
{
    const QModelIndex index = m_filter->mapFromSource(m_groups->index(m_groups->rowOf(groupId)));
    if (!index.isValid())
        return;
    // This group alone, whatever keys are held (setCurrentIndex() would read them).
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index);
}

void GroupListPane::revealGroup(const QString &groupId)
{
    if (!m_filter->mapFromSource(m_groups->index(m_groups->rowOf(groupId))).isValid()) {
        m_search->clear();
        m_favoritesOnly->setChecked(false);
    }
    selectGroup(groupId);
}

void GroupListPane::goToGroup(const QString &groupId)
{
    revealGroup(groupId);
    m_list->setFocus(Qt::OtherFocusReason);
}

QStringList GroupListPane::selectedGroupIds() const
{
    // Only what the list shows, in its order; at least the current group.
    QModelIndexList rows = m_list->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &row : std::as_const(rows))
        ids.append(row.data(GroupListModel::IdRole).toString());
    const QString current = currentGroupId();
    if (!current.isEmpty() && !ids.contains(current))
        ids.prepend(current);
    return ids;
}

void GroupListPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void GroupListPane::clearSearch()
{
    m_search->clear();
}

bool GroupListPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Resize)
        updatePlaceholder();
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
        if (key == Qt::Key_Down || key == Qt::Key_Return || key == Qt::Key_Enter) {
            enterList();
            return true;
        }
    }
    if (watched == m_list && event->type() == QEvent::FocusIn && m_filter->rowCount() > 0 &&
        !m_list->currentIndex().isValid())
        m_list->setCurrentIndex(m_filter->index(0, 0));
    return QWidget::eventFilter(watched, event);
}

void GroupListPane::onCurrentChanged()
{
    if (!m_selectionAcrossReset.isEmpty())
        return; // the list is being replaced; the selection comes back right after
    if (m_list->currentIndex().isValid())
        m_noGroup->setChecked(false);
    if (!m_following && !currentGroupId().isEmpty())
        m_chosenGroup = currentGroupId();
    Q_EMIT currentGroupChanged(currentGroupId());
}

void GroupListPane::updateCount()
{
    const int shown = m_filter->rowCount();
    const int total = int(m_groups->rowCount());
    const bool loading = m_session && m_session->isLoading() &&
                         (m_loadingRest || (!m_session->hasList() && total == 0));
    if (loading) {
        m_count->setText(tr("Loading…"));
        updatePlaceholder();
        return;
    }
    m_count->setText(shown == total
                         ? tr("%Ln group(s)", nullptr, total)
                         : tr("%1 of %Ln group(s)", nullptr, total).arg(QLocale().toString(shown)));
    // Never as if it were the whole list.
    if (m_incompleteOf >= 0) {
        m_count->setText(tr("%1 — incomplete: the server has %2")
                             .arg(m_count->text(), QLocale().toString(m_incompleteOf)));
    }
    updatePlaceholder();
}

void GroupListPane::updatePlaceholder()
{
    QString text;
    if (m_filter->rowCount() == 0) {
        // The session's own list: while it is being left, the list shown is empty already.
        const int groups = (m_session ? m_session->groups() : m_noGroups)->rowCount();
        if (!m_session || (m_session->isLoading() && groups == 0))
            text = m_session ? tr("Loading…") : tr("Not connected.");
        else if (groups == 0 && !m_session->hasList())
            text = m_session->isOffline()
                       ? tr("The server cannot be reached.\nThe groups show here once it answers.")
                       : tr("The KPI groups could not be loaded.");
        else if (groups == 0)
            text = tr("No KPI groups yet.\nPress Ctrl+N to create one.");
        else if (!m_filter->searchText().trimmed().isEmpty())
            text = tr("No group matches “%1”.").arg(m_filter->searchText().trimmed());
        else
            text = tr("No favorites yet.\nStar a group with Ctrl+D to see it here.");
    }
    m_placeholder->setText(text);
    m_placeholder->setVisible(!text.isEmpty());
    m_placeholder->setGeometry(m_list->viewport()->rect().adjusted(16, 16, -16, -16));
    // Not connected, the way to connect is where the person looks.
    m_connect->setVisible(!m_session && m_filter->rowCount() == 0);
    m_connect->adjustSize();
    const QRect area = m_placeholder->geometry();
    m_connect->move(area.center().x() - m_connect->width() / 2,
                    area.center().y() + m_placeholder->fontMetrics().height());
}

void GroupListPane::applySortKey(GroupFilterModel::SortKey key)
{
    m_filter->setSortKey(key);
    // Sorted by creation, each row says when it was created.
    m_delegate->setShowsCreation(key == GroupFilterModel::SortKey::Created);
    m_list->viewport()->update();
}

void GroupListPane::selectInitialGroup(const QString &groupId)
{
    if (std::exchange(m_placed, true) || !currentGroupId().isEmpty())
        return; // chosen by the person meanwhile
    // Where the person left it, by the group then at the top (one lookup in the id index, not a
    // pass over the list); that group gone, the list shows the group chosen.
    if (const QModelIndex top = shownRow(m_session->topGroupToRestore()); top.isValid()) {
        const QModelIndex chosen = shownRow(groupId);
        // Made current first: the view scrolls to the current row.
        m_list->selectionModel()->setCurrentIndex(chosen.isValid() ? chosen : top,
                                                  QItemSelectionModel::ClearAndSelect);
        showAtTop(top);
        // Once more after what the list queued as it was replaced (followFilter(), which keeps
        // the current row in view): the person left it out of view.
        QMetaObject::invokeMethod(
            m_binding,
            [this, topId = m_session->topGroupToRestore(), current = currentGroupId()] {
                if (currentGroupId() != current)
                    return; // the person moved on meanwhile
                if (const QModelIndex row = shownRow(topId); row.isValid())
                    showAtTop(row);
            },
            Qt::QueuedConnection);
    } else if (!groupId.isEmpty()) {
        selectGroup(groupId);
    } else if (m_filter->rowCount() > 0) {
        m_list->setCurrentIndex(topRow()); // the first row in view: the list does not move
    }
}

QModelIndex GroupListPane::shownRow(const QString &groupId) const
{
    return groupId.isEmpty() ? QModelIndex()
                             : m_filter->mapFromSource(m_groups->index(m_groups->rowOf(groupId)));
}

void GroupListPane::showAtTop(const QModelIndex &index)
{
    m_list->scrollTo(index, QAbstractItemView::PositionAtTop);
    // A large list is sorted on a worker thread: the row goes back to the top once it is sorted.
    if (m_filter->isSorting()) {
        m_anchorGroup = index.data(GroupListModel::IdRole).toString();
        m_anchorTop = m_list->visualRect(index).top();
    }
}

void GroupListPane::rememberTopGroup()
{
    if (m_session && m_placed)
        m_session->setTopGroup(topRow().data(GroupListModel::IdRole).toString());
}

QModelIndex GroupListPane::topRow() const
{
    const QModelIndex top = m_list->indexAt(QPoint(1, 1));
    return top.isValid() ? top : m_filter->index(0, 0);
}

void GroupListPane::holdAnchor()
{
    QModelIndex anchor = m_list->currentIndex();
    if (!anchor.isValid() || !m_list->viewport()->rect().intersects(m_list->visualRect(anchor)))
        anchor = m_list->indexAt(QPoint(1, 1));
    m_anchorGroup = anchor.data(GroupListModel::IdRole).toString();
    m_anchorTop = anchor.isValid() ? m_list->visualRect(anchor).top() : 0;
}

void GroupListPane::restoreAnchor()
{
    if (m_anchorGroup.isEmpty())
        return;
    const QModelIndex index =
        m_filter->mapFromSource(m_groups->index(m_groups->rowOf(m_anchorGroup)));
    // Held until the list is in its order: a large one is sorted on a worker thread.
    if (!m_filter->isSorting())
        m_anchorGroup.clear();
    if (!index.isValid())
        return;
    const QRect row = m_list->visualRect(index);
    QScrollBar *bar = m_list->verticalScrollBar();
    const int moved = row.top() - m_anchorTop;
    const bool perItem = m_list->verticalScrollMode() == QAbstractItemView::ScrollPerItem;
    bar->setValue(bar->value() + (perItem ? moved / std::max(1, row.height()) : moved));
}

void GroupListPane::enterList()
{
    if (m_filter->rowCount() == 0)
        return;
    if (!m_list->currentIndex().isValid())
        m_list->setCurrentIndex(m_filter->index(0, 0));
    m_list->setFocus(Qt::ShortcutFocusReason);
    m_list->scrollTo(m_list->currentIndex());
}

void GroupListPane::followFilter()
{
    if (!m_selectionAcrossReset.isEmpty())
        return; // the list is being replaced; the selection comes back right after
    const auto shown = [this](const QString &groupId) {
        return groupId.isEmpty()
                   ? QModelIndex()
                   : m_filter->mapFromSource(m_groups->index(m_groups->rowOf(groupId)));
    };
    // The group the person chose, when it is in view again; else the one the pane shows.
    QModelIndex index = shown(m_chosenGroup);
    if (!index.isValid())
        index = shown(m_shownGroup);
    if (!index.isValid() && m_shownGroup.isEmpty() && m_chosenGroup.isEmpty())
        return;
    const QScopedValueRollback following(m_following, true);
    if (index.isValid()) {
        // The list highlights the group the pane shows, and keeps it in view as it moves.
        if (m_list->currentIndex() != index)
            m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
        m_list->scrollTo(index);
    } else if (m_filter->rowCount() > 0) {
        // Hidden by the search or the favorites: what is acted on must be in view.
        m_list->setCurrentIndex(m_filter->index(0, 0));
    } else {
        m_list->setCurrentIndex({});
        onCurrentChanged();
    }
}

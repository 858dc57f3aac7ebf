#include "groupkpispanel.h"

#include "contextmenukeys.h"
#include "groupkpismodel.h"
#include "kpilistview.h"
#include "kpiremovezone.h"
#include "usernames.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

GroupKpisPanel::GroupKpisPanel(GroupKpisModel *model, QWidget *parent)
    : QWidget(parent)
    , m_filter(new QSortFilterProxyModel(this))
    , m_title(new QLabel)
    , m_search(new QLineEdit)
    , m_view(new KpiListView)
    , m_empty(new QLabel)
    , m_zone(new KpiRemoveZone)
    , m_remove(new QAction(tr("&Remove from Group"), this))
{
    setObjectName(u"groupKpisPanel"_s);
    m_filter->setFilterRole(GroupKpisModel::NameRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_title->setObjectName(u"kpiTitle"_s);
    QFont bold = m_title->font();
    bold.setWeight(QFont::DemiBold);
    m_title->setFont(bold);
    m_search->setObjectName(u"kpiSearch"_s);
    m_search->setPlaceholderText(tr("Search KPIs"));
    m_search->setAccessibleName(tr("Search KPIs"));
    m_search->setClearButtonEnabled(true);
    m_view->setModel(m_filter);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    ContextMenuKeys::install(m_view);
    m_empty->setObjectName(u"kpiEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);
    m_zone->hide();
    m_remove->setObjectName(u"actionRemoveKpis"_s);
    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setShortcutContext(Qt::WidgetShortcut);
    m_remove->setToolTip(tr("Take the selected KPIs out of this group; they are kept (Del)"));
    m_view->addAction(m_remove);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addStretch();
    header->addWidget(m_search);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_zone);

    connect(m_search, &QLineEdit::textChanged, m_filter,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_search, &QLineEdit::textChanged, this, &GroupKpisPanel::updateState);
    connect(m_remove, &QAction::triggered, this, &GroupKpisPanel::removeSelected);
    connect(m_view, &KpiListView::dragStarted, m_zone, [this] {
        if (m_model->groupId() != GroupKpisModel::noGroupId) // nothing to take them out of
            m_zone->show();
    });
    connect(m_view, &KpiListView::dragFinished, m_zone, &QWidget::hide);
    connect(m_zone, &KpiRemoveZone::kpisDropped, this,
            [this](const QString &groupId, const QStringList &kpiIds) {
                m_model->removeKpis(groupId, kpiIds);
            });
    setModel(model);
}

void GroupKpisPanel::setModel(GroupKpisModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_filter->setSourceModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, &GroupKpisPanel::updateState);
    connect(model, &QAbstractItemModel::rowsInserted, this, &GroupKpisPanel::updateState);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &GroupKpisPanel::updateState);
    connect(model, &GroupKpisModel::loadingChanged, this, &GroupKpisPanel::updateState);
    updateState();
}

void GroupKpisPanel::setGroup(const QString &groupId, const QString &name)
{
    m_zone->setGroup(groupId, name);
}

void GroupKpisPanel::removeSelected()
{
    QStringList ids;
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : selected)
        ids.append(index.data(GroupKpisModel::IdRole).toString());
    if (!ids.isEmpty())
        m_model->removeKpis(m_model->groupId(), ids);
}

void GroupKpisPanel::updateState()
{
    const int count = m_model->rowCount();
    m_title->setText(m_model->isLoading() || !m_model->isKnown() ? tr("KPIs")
                                                                 : tr("%n KPI(s)", nullptr, count));
    QString empty;
    if (m_model->isLoading())
        empty = tr("Loading KPIs…");
    else if (!m_model->isKnown())
        empty = tr("The KPIs of this group could not be loaded.");
    else if (count == 0)
        empty = tr("No KPIs in this group");
    else if (m_filter->rowCount() == 0)
        empty = tr("No KPI matches “%1”.").arg(m_search->text());
    m_empty->setText(empty);
    m_empty->setVisible(!empty.isEmpty());
    m_view->setVisible(empty.isEmpty());
    m_remove->setEnabled(count > 0 && m_model->groupId() != GroupKpisModel::noGroupId);
}

void GroupKpisPanel::setUserNames(UserNames *names)
{
    auto *delegate = static_cast<KpiItemDelegate *>(m_view->itemDelegate());
    if (UserNames *before = delegate->userNames())
        before->disconnect(m_view->viewport());
    delegate->setUserNames(names);
    if (names)
        connect(names, &UserNames::requestAnswered, m_view->viewport(),
                qOverload<>(&QWidget::update));
    m_view->viewport()->update();
}

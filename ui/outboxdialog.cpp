#include "outboxdialog.h"

#include "outboxmodel.h"
#include "relativetime.h"
#include "session.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

OutboxDialog::OutboxDialog(Session *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_model(session->newOutboxModel(this))
    , m_summary(new QLabel)
    , m_detail(new QLabel)
    , m_view(new QTreeView)
{
    setObjectName(u"outboxDialog"_s);
    setWindowTitle(tr("Changes Not Sent Yet"));
    m_summary->setObjectName(u"outboxSummary"_s);
    m_summary->setWordWrap(true);
    m_view->setObjectName(u"outboxView"_s);
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAccessibleName(tr("Changes not sent yet"));
    m_view->header()->setStretchLastSection(true);
    // The last try's words in full, below: they say what to do.
    m_detail->setObjectName(u"outboxDetail"_s);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_view->setMinimumSize(820, 220);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_sendNow = buttons->addButton(tr("&Send Now"), QDialogButtonBox::ActionRole);
    m_sendNow->setObjectName(u"sendNowButton"_s);
    m_sendNow->setToolTip(tr("Try the server now instead of waiting for the next try"));
    m_discard = buttons->addButton(tr("&Discard…"), QDialogButtonBox::DestructiveRole);
    m_discard->setObjectName(u"discardButton"_s);
    m_discard->setToolTip(tr("Give up on the selected changes: they are not sent"));
    m_open = buttons->addButton(tr("&Open Group"), QDialogButtonBox::ActionRole);
    m_open->setObjectName(u"openDraftButton"_s);
    m_open->setToolTip(tr("Show the group of the selected name typed and not saved"));
    for (QAbstractButton *button : buttons->buttons())
        qobject_cast<QPushButton *>(button)->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_detail);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_sendNow, &QPushButton::clicked, session, &Session::sendNow);
    connect(m_discard, &QPushButton::clicked, this, &OutboxDialog::discardSelected);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString groupId = m_model->draftGroupAt(m_view->currentIndex().row());
        if (groupId.isEmpty())
            return;
        Q_EMIT openGroupRequested(groupId);
        accept();
    });
    m_view->installEventFilter(this);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OutboxDialog::updateState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &OutboxDialog::updateState);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OutboxDialog::updateState);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &OutboxDialog::showDetail);
    connect(session, &Session::offlineChanged, this, &OutboxDialog::updateState);
    updateState();
    for (int column = 0; column < OutboxModel::StateColumn; ++column)
        m_view->resizeColumnToContents(column);
    // A long name does not push the last try out of sight.
    m_view->setColumnWidth(OutboxModel::ChangeColumn,
                           std::min(m_view->columnWidth(OutboxModel::ChangeColumn), 420));
    m_view->setFocus();
}

bool OutboxDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::Delete)) {
        discardSelected();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

QList<quint64> OutboxDialog::selectedChanges() const
{
    QList<quint64> ids;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
        if (const quint64 id = m_model->changeIdAt(row.row()); id != 0)
            ids.append(id);
    return ids;
}

QStringList OutboxDialog::selectedDrafts() const
{
    QStringList groups;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
        if (const QString groupId = m_model->draftGroupAt(row.row()); !groupId.isEmpty())
            groups.append(groupId);
    return groups;
}

void OutboxDialog::updateState()
{
    const int count = m_session->waitingCount(); // drafts are not sent
    QString summary = count == 0
                          ? (m_session->drafts().isEmpty()
                                 ? tr("Nothing waits to be sent.")
                                 : tr("No change waits to be sent. Names typed and not saved "
                                      "are listed: open their group to save them."))
                          : tr("%n change(s) have not reached the server yet.", nullptr, count);
    if (count > 0 && m_session->isOffline())
        summary += u' ' + tr("The server cannot be reached; the app keeps trying by itself.");
    const QDateTime next = m_session->nextTry();
    if (count > 0 && next.isValid())
        summary +=
            u' ' + tr("Next try: %1.")
                       .arg(QLocale().toString(next.toLocalTime().time(), QLocale::ShortFormat));
    if (count > 0)
        summary += u' ' + tr("What waits is kept if you quit, and sent the next time you open "
                             "this connection.");
    m_summary->setText(summary);
    m_sendNow->setEnabled(count > 0);
    if (count > 0 && !m_view->currentIndex().isValid())
        m_view->setCurrentIndex(m_model->index(0, 0));
    showDetail();
    m_discard->setEnabled(!selectedChanges().isEmpty() || !selectedDrafts().isEmpty());
    m_open->setEnabled(!m_model->draftGroupAt(m_view->currentIndex().row()).isEmpty());
}

void OutboxDialog::showDetail()
{
    const QModelIndex current = m_view->currentIndex();
    const QString state = current.isValid()
                              ? current.siblingAtColumn(OutboxModel::StateColumn).data().toString()
                              : QString();
    const QString what = current.siblingAtColumn(OutboxModel::ChangeColumn).data().toString();
    const bool draft = !m_model->draftGroupAt(current.row()).isEmpty();
    m_detail->setText(state.isEmpty() ? QString()
                      : draft         ? tr("%1 — %2").arg(what, state)
                                      : tr("%1 — last try: %2").arg(what, state));
}

void OutboxDialog::discardSelected()
{
    const QList<quint64> ids = selectedChanges();
    const QStringList drafts = selectedDrafts();
    if (ids.isEmpty() && drafts.isEmpty())
        return;
    QStringList names;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
        names.append(row.siblingAtColumn(OutboxModel::ChangeColumn).data().toString());
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Discard Changes"),
                        tr("Discard %n change(s)?", nullptr, int(ids.size() + drafts.size())),
                        QMessageBox::NoButton, this);
    box->setObjectName(u"discardConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(names.join(u'\n') + u"\n\n"_s +
                            tr("Discarded changes are not sent, and the list shows what the "
                               "server has again."));
    QPushButton *discard = box->addButton(tr("Discard"), QMessageBox::DestructiveRole);
    discard->setObjectName(u"confirmDiscard"_s);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this,
            [this, ids, drafts, discard](QAbstractButton *button) {
                if (button != discard)
                    return;
                m_session->discard(ids);
                for (const QString &groupId : drafts)
                    m_session->discardDraft(groupId);
            });
    box->open();
}

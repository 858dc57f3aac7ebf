#include "windowactions.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QWidget>

using namespace Qt::StringLiterals;

WindowActions::WindowActions(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    const auto action = [this](const QString &name, const QString &text,
                               const QKeySequence &shortcut = {}) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        m_window->addAction(a);
        m_onWindow.append(a);
        return a;
    };
    m_connect = action(u"actionConnect"_s, tr("&Connect…"), QKeySequence(u"Ctrl+Shift+O"_s));
    m_forget = action(u"actionForget"_s, tr("&Forget This Connection"));
    m_renameConnection = action(u"actionRenameConnection"_s, tr("Rena&me Connection…"));
    m_refresh = action(u"actionRefresh"_s, tr("&Refresh"), QKeySequence::Refresh);
    m_refresh->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(u"Ctrl+R"_s)});
    // A refresh reads what changed; this reads every group again, to verify the list shown.
    m_reloadAll =
        action(u"actionReloadAll"_s, tr("Re&load All Groups"), QKeySequence(u"Shift+F5"_s));
    m_quit = action(u"actionQuit"_s, tr("&Quit"), QKeySequence::Quit);
    m_outbox = action(u"actionOutbox"_s, tr("Changes &Not Sent Yet…"));
    m_exportList =
        action(u"actionExportList"_s, tr("&Export List…"), QKeySequence(u"Ctrl+Shift+E"_s));
    m_undo = action(u"actionUndo"_s, tr("&Undo"), QKeySequence::Undo);
    m_redo = action(u"actionRedo"_s, tr("&Redo"), QKeySequence(u"Ctrl+Shift+Z"_s));
    m_newGroup = action(u"actionNewGroup"_s, tr("&New Group…"), QKeySequence::New);
    m_rename = action(u"actionRename"_s, tr("Rena&me"), QKeySequence(Qt::Key_F2));
    m_delete = new QAction(tr("&Delete Group…"), this);
    m_delete->setObjectName(u"actionDelete"_s);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_favorite = action(u"actionFavorite"_s, tr("&Star"), QKeySequence(u"Ctrl+D"_s));
    m_copyId = action(u"actionCopyId"_s, tr("Copy Group &Id"), QKeySequence(u"Ctrl+Shift+C"_s));
    // Ctrl+Shift+O connects and Ctrl+Shift+C copies the id: G as in "go to the web app", L for
    // link.
    m_openInQuantive =
        action(u"actionOpenInQuantive"_s, tr("&Open in Quantive"), QKeySequence(u"Ctrl+Shift+G"_s));
    m_copyLink = action(u"actionCopyLink"_s, tr("Copy &Link"), QKeySequence(u"Ctrl+Shift+L"_s));
    m_find = action(u"actionFind"_s, tr("&Find…"), QKeySequence::Find);
    m_favoritesOnly =
        action(u"actionFavoritesOnly"_s, tr("&Favorites Only"), QKeySequence(u"Ctrl+Shift+F"_s));
    m_favoritesOnly->setCheckable(true);
    // The icon shows on the list's button, which follows the action: off an outline, on a star.
    QIcon favoritesOnly(u":/icons/star-outline.svg"_s);
    favoritesOnly.addFile(u":/icons/star-filled.svg"_s, {}, QIcon::Normal, QIcon::On);
    m_favoritesOnly->setIcon(favoritesOnly);
    m_favoritesFirst = action(u"actionFavoritesFirst"_s, tr("Fa&vorites First"));
    m_favoritesFirst->setCheckable(true);
    m_reverse = action(u"actionSortReversed"_s, tr("&Reverse Order"), QKeySequence(u"Ctrl+4"_s));
    m_reverse->setCheckable(true);
    m_sortGroup = new QActionGroup(this);
    const QList<std::tuple<QString, QString, GroupFilterModel::SortKey, QString>> sorts = {
        {u"actionSortName"_s, tr("Sort by &Name"), GroupFilterModel::SortKey::Name, u"Ctrl+1"_s},
        {u"actionSortUpdated"_s, tr("Sort by Last &Update"), GroupFilterModel::SortKey::Updated,
         u"Ctrl+2"_s},
        {u"actionSortCreated"_s, tr("Sort by &Creation"), GroupFilterModel::SortKey::Created,
         u"Ctrl+3"_s},
    };
    for (const auto &[name, text, key, shortcut] : sorts) {
        QAction *sort = action(name, text, QKeySequence(shortcut));
        sort->setCheckable(true);
        sort->setData(int(key));
        m_sortGroup->addAction(sort);
    }
    m_sortGroup->actions().constFirst()->setChecked(true);
    connect(m_sortGroup, &QActionGroup::triggered, this, [this](QAction *sort) {
        Q_EMIT sortChosen(GroupFilterModel::SortKey(sort->data().toInt()));
    });
    m_shortcuts =
        action(u"actionShortcuts"_s, tr("&Keyboard Shortcuts"), QKeySequence::HelpContents);
    m_goToMessage =
        action(u"actionGoToMessage"_s, tr("Go to the &Message"), QKeySequence(Qt::Key_F6));
    m_aboutDemo = action(u"actionAboutDemo"_s, tr("About the &Demo"));
    m_about = action(u"actionAbout"_s, tr("&About KPI Groups"));
    m_aboutQt = action(u"actionAboutQt"_s, tr("About &Qt"));
}

void WindowActions::fillMenus(const Menus &menus)
{
    menus.file->addAction(m_connect);
    m_connections = menus.file->addMenu(tr("&Switch Connection"));
    m_connections->setObjectName(u"connectionsMenu"_s);
    menus.file->addAction(m_renameConnection);
    menus.file->addAction(m_forget);
    menus.file->addSeparator();
    menus.file->addAction(m_refresh);
    menus.file->addAction(m_reloadAll);
    menus.file->addAction(m_outbox);
    menus.file->addSeparator();
    menus.file->addAction(m_exportList);
    menus.file->addSeparator();
    menus.file->addAction(m_quit);

    menus.edit->addAction(m_undo);
    menus.edit->addAction(m_redo);
    menus.edit->addSeparator();
    menus.edit->addAction(m_newGroup);
    menus.edit->addAction(m_rename);
    menus.edit->addAction(m_favorite);
    menus.edit->addAction(m_copyId);
    menus.edit->addAction(m_copyLink);
    menus.edit->addAction(m_openInQuantive);
    menus.edit->addSeparator();
    menus.edit->addAction(m_delete);
    menus.edit->addSeparator();
    menus.edit->addAction(m_find);

    menus.view->addActions(m_sortGroup->actions());
    menus.view->addAction(m_reverse);
    menus.view->addSeparator();
    menus.view->addAction(m_favoritesOnly);
    menus.view->addAction(m_favoritesFirst);
    menus.view->addSeparator();
    menus.view->addAction(m_goToMessage);

    menus.help->addAction(m_shortcuts);
    menus.help->addAction(m_aboutDemo);
    menus.help->addSeparator();
    menus.help->addAction(m_about);
    menus.help->addAction(m_aboutQt);
}

void WindowActions::showTarget(const Target &target)
{
    const bool hasGroup = target.connected && target.hasCurrent;
    for (QAction *action : {m_rename, m_delete, m_favorite, m_copyId})
        action->setEnabled(hasGroup);
    m_newGroup->setEnabled(target.connected);
    m_refresh->setEnabled(target.connected);
    m_reloadAll->setEnabled(target.connected);
    m_exportList->setEnabled(target.connected);
    m_forget->setEnabled(target.remembered);
    m_renameConnection->setEnabled(target.remembered);
    showLinkTarget(target);
    if (target.selected > 1) {
        m_favorite->setText(target.allStarred
                                ? tr("Remove &Star from %n Groups", nullptr, target.selected)
                                : tr("&Star %n Groups", nullptr, target.selected));
        m_delete->setText(tr("&Delete %n Groups…", nullptr, target.selected));
        return;
    }
    m_delete->setText(tr("&Delete Group…"));
    m_favorite->setText(target.currentStarred ? tr("Remove &Star") : tr("&Star"));
}

void WindowActions::showLinkTarget(const Target &target)
{
    const bool hasGroup = target.connected && target.hasCurrent;
    const bool linked = hasGroup && target.linkProblem.isEmpty();
    const int count = std::max(1, target.selected);
    // Several groups are opened one at a time: a browser's tab each is rarely what is wanted.
    const QString openWhy = !hasGroup ? QString()
                            : !linked ? target.linkProblem
                            : target.selected > 1
                                ? tr("Opens one group at a time: select only one.")
                                : QString();
    m_openInQuantive->setEnabled(linked && target.selected <= 1);
    m_openInQuantive->setToolTip(
        openWhy.isEmpty()
            ? tr("Open the group's page in Quantive's web app (%1)")
                  .arg(m_openInQuantive->shortcut().toString(QKeySequence::NativeText))
            : openWhy);
    m_copyLink->setEnabled(linked);
    m_copyLink->setText(count > 1 ? tr("Copy &Links to %n Groups", nullptr, count)
                                  : tr("Copy &Link"));
    m_copyLink->setToolTip(
        hasGroup && !linked ? target.linkProblem
                            : tr("Copy the address of the group's page in Quantive's web app (%1)")
                                  .arg(m_copyLink->shortcut().toString(QKeySequence::NativeText)));
    for (QAction *action : {m_openInQuantive, m_copyLink})
        action->setStatusTip(action->toolTip());
}

void WindowActions::showHistory(QString undo, QString redo)
{
    // A group's name with "&" in it is not a mnemonic.
    undo.replace(u'&', u"&&"_s);
    redo.replace(u'&', u"&&"_s);
    m_undo->setEnabled(!undo.isEmpty());
    m_undo->setText(undo.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(undo));
    m_redo->setEnabled(!redo.isEmpty());
    m_redo->setText(redo.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(redo));
}

void WindowActions::setOutboxAvailable(bool available)
{
    m_outbox->setEnabled(available);
}

void WindowActions::showConnections(const QList<SavedConnection> &saved,
                                    const std::optional<SavedConnection> &current)
{
    m_connections->clear();
    for (const SavedConnection &connection : saved) {
        // A name with "&" in it is not a mnemonic.
        QAction *item = m_connections->addAction(connection.label().replace(u'&', u"&&"_s));
        item->setCheckable(true);
        item->setChecked(current && *current == connection);
        connect(item, &QAction::triggered, this,
                [this, connection] { Q_EMIT connectionChosen(connection); });
    }
    m_connections->setEnabled(!saved.isEmpty());
}

QList<QAction *> WindowActions::sortActions() const
{
    return m_sortGroup->actions();
}

GroupFilterModel::SortKey WindowActions::sortKey() const
{
    return GroupFilterModel::SortKey(m_sortGroup->checkedAction()->data().toInt());
}

void WindowActions::restoreView(const QSettings &settings)
{
    const int sort = settings.value(u"view/sort"_s, 0).toInt();
    for (QAction *action : m_sortGroup->actions()) {
        if (action->data().toInt() == sort) {
            action->setChecked(true);
            Q_EMIT sortChosen(GroupFilterModel::SortKey(sort));
        }
    }
    m_favoritesOnly->setChecked(settings.value(u"view/favoritesOnly"_s, false).toBool());
    m_favoritesFirst->setChecked(settings.value(u"view/favoritesFirst"_s, false).toBool());
    m_reverse->setChecked(settings.value(u"view/reversed"_s, false).toBool());
}

void WindowActions::saveView(QSettings &settings) const
{
    settings.setValue(u"view/sort"_s, int(sortKey()));
    settings.setValue(u"view/favoritesOnly"_s, m_favoritesOnly->isChecked());
    settings.setValue(u"view/favoritesFirst"_s, m_favoritesFirst->isChecked());
    settings.setValue(u"view/reversed"_s, m_reverse->isChecked());
}

QString WindowActions::withoutMnemonic(QString text)
{
    static const QRegularExpression appended(u"\\s*\\(&[^)]\\)"_s);
    // "&&" is an "&" of the text itself (a group's name in "Undo Rename …").
    static const QRegularExpression mnemonic(u"&(.)"_s);
    return text.remove(appended).replace(mnemonic, u"\\1"_s);
}

QList<std::pair<QString, QString>> WindowActions::shortcutList() const
{
    QList<std::pair<QString, QString>> rows;
    for (const QAction *action : m_onWindow) {
        QStringList keys;
        for (const QKeySequence &shortcut : action->shortcuts())
            keys.append(shortcut.toString(QKeySequence::NativeText));
        if (!keys.isEmpty())
            rows.append({withoutMnemonic(action->text()), keys.join(tr(" or "))});
    }
    rows.append({tr("Delete the selected groups"),
                 QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText)});
    rows.append({tr("Remove the selected KPIs from the group"), tr("Del in the list of KPIs")});
    rows.append({tr("Copy the names of the selected KPIs"),
                 tr("%1 in the list of KPIs")
                     .arg(QKeySequence(QKeySequence::Copy).toString(QKeySequence::NativeText))});
    rows.append({tr("Menu of the selected group or KPI"), tr("Shift+F10 or the Menu key")});
    rows.append({tr("Clear the search"), tr("Esc in the search field")});
    rows.append({tr("From the search to the groups"), tr("Down or Enter")});
    return rows;
}

#include "listexport.h"

#include "groupexport.h"
#include "groupfiltermodel.h"
#include "messagebanner.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

ListExport::ListExport(QAction *action, GroupFilterModel *filter, MessageBanner *banner,
                       QWidget *window)
    : QObject(window)
    , m_filter(filter)
    , m_banner(banner)
    , m_window(window)
{
    connect(action, &QAction::triggered, this, &ListExport::ask);
}

void ListExport::ask()
{
    const QString folder =
        QSettings()
            .value(u"export/folder"_s,
                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .toString();
    auto *dialog = new QFileDialog(m_window, tr("Export List"), folder);
    dialog->setObjectName(u"exportDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    const QString csv = tr("CSV (*.csv)");
    const QString json = tr("JSON (*.json)");
    dialog->setNameFilters({csv, json});
    dialog->setDefaultSuffix(u"csv"_s);
    dialog->selectFile(tr("KPI groups") + u".csv"_s);
    // The type chosen names the file, unless its name says otherwise.
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog, json](const QString &filter) {
        dialog->setDefaultSuffix(filter == json ? u"json"_s : u"csv"_s);
    });
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog, json](const QString &path) {
        QSettings().setValue(u"export/folder"_s, QFileInfo(path).absolutePath());
        exportTo(path, GroupExport::formatOf(path, dialog->selectedNameFilter() == json
                                                       ? GroupRows::Format::Json
                                                       : GroupRows::Format::Csv));
    });
    dialog->open();
}

void ListExport::exportTo(const QString &path, GroupRows::Format format)
{
    auto *watcher = new QFutureWatcher<GroupExport::Written>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const GroupExport::Written written = watcher->result();
        const QString shownPath = QDir::toNativeSeparators(path);
        if (written.error.isEmpty()) {
            m_banner->showInfo(
                tr("Exported %Ln group(s) to %1.", nullptr, int(written.rows)).arg(shownPath));
        } else {
            m_banner->showError(tr("Could not export to %1: %2 — nothing was written.")
                                    .arg(shownPath, written.error));
        }
        Q_EMIT finished(written.error.isEmpty());
    });
    watcher->setFuture(
        QtConcurrent::run(&GroupExport::write, GroupExport::shown(*m_filter), format, path));
}

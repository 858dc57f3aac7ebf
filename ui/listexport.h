#pragma once

#include "grouprows.h"

#include <QObject>
#include <QPointer>

class GroupFilterModel;
class MessageBanner;
class QAction;
class QWidget;

// File → Export List…: the groups the list shows, in its order (search, favorites only, sort),
// to a CSV or JSON file the person names (GroupExport). A file dialog asks where, window-modal
// and found by its name ("exportDialog"), so that a test can name the file; the banner says
// where it went, or why nothing was written.
class ListExport : public QObject
{
    Q_OBJECT

public:
    ListExport(QAction *action, GroupFilterModel *filter, MessageBanner *banner, QWidget *window);

    // Asks where to, then exports.
    void ask();
    // What the list shows now, written on another thread; finished() follows.
    void exportTo(const QString &path, GroupRows::Format format);

Q_SIGNALS:
    void finished(bool written);

private:
    GroupFilterModel *m_filter;
    MessageBanner *m_banner;
    QWidget *m_window;
};

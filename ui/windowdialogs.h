#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <utility>

class QWidget;
class Session;

// The window's questions and its list of keys: each a dialog of its own, window-modal and gone
// once closed.

// "Delete “Sales”?", for the groups named (in the list's order); `confirmed` runs on Delete.
void confirmDelete(QWidget *window, const QStringList &names,
                   const std::function<void()> &confirmed);

// What becomes of the changes a session could not send before the app quits.
enum class UnsentChoice
{
    SendAtNextStart,
    WaitForServer,
    Discard
};
// Asks about the `unsent` changes of `session` while quitting; `chosen` runs once the question
// closes, however it closes: Esc and the title bar's close lose nothing (the changes wait on
// disk, or, where they cannot be kept there, for the server).
void askAboutUnsent(QWidget *window, Session *session, int unsent,
                    const std::function<void(UnsentChoice)> &chosen);

// The keyboard shortcuts: what each row does, and its keys.
void showShortcuts(QWidget *window, const QList<std::pair<QString, QString>> &rows);

// Help → About KPI Groups.
void showAbout(QWidget *window);

#include "windowdialogs.h"

#include "outboxmodel.h"
#include "session.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WindowDialogs)
};

} // namespace

void confirmDelete(QWidget *window, const QStringList &names,
                   const std::function<void()> &confirmed)
{
    const int count = int(names.size());
    const QString question = count == 1 ? Text::tr("Delete “%1”?").arg(names.constFirst())
                                        : Text::tr("Delete %n groups?", nullptr, count);
    // Not "Delete KPI Groups": Qt adds " — KPI Groups" to a title, unless it ends so already.
    auto *box =
        new QMessageBox(QMessageBox::Question,
                        count == 1 ? Text::tr("Delete KPI Group") : Text::tr("Delete Groups"),
                        question, QMessageBox::NoButton, window);
    box->setObjectName(u"deleteConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString informative;
    if (count > 1) {
        QStringList quoted;
        for (const QString &name : names)
            quoted.append(Text::tr("“%1”").arg(name));
        informative = quoted.join(u"\n"_s) + u"\n\n"_s;
    }
    informative += count == 1 ? Text::tr("Its KPIs are kept; they only leave this group. This "
                                         "cannot be undone.")
                              : Text::tr("Their KPIs are kept; they only leave these groups. This "
                                         "cannot be undone.");
    box->setInformativeText(informative);
    QPushButton *remove = box->addButton(count == 1 ? Text::tr("Delete Group")
                                                    : Text::tr("Delete %n Groups", nullptr, count),
                                         QMessageBox::DestructiveRole);
    remove->setObjectName(u"confirmDelete"_s);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    QObject::connect(box, &QMessageBox::buttonClicked, box,
                     [remove, confirmed](QAbstractButton *button) {
                         if (button == remove)
                             confirmed();
                     });
    box->open();
}

void askAboutUnsent(QWidget *window, Session *session, int unsent,
                    const std::function<void(UnsentChoice)> &chosen)
{
    QStringList what;
    constexpr int named = 8;
    for (const OutboxChange &change : session->firstWaiting(named))
        what.append(u"• "_s + OutboxModel::describe(change));
    if (session->waitingCount() > named)
        what.append(Text::tr("and %n more", nullptr, session->waitingCount() - named));
    auto *box =
        new QMessageBox(QMessageBox::Warning, Text::tr("Changes Not Sent"),
                        Text::tr("%n change(s) have not reached the server yet.", nullptr, unsent),
                        QMessageBox::NoButton, window);
    box->setObjectName(u"unsentQuestion"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    // "Send at Next Start" only where the changes really are on disk to be sent then.
    const bool onDisk = session->keepsChangesOnDisk();
    const QString diskProblem = session->diskProblem();
    box->setInformativeText(
        what.join(u'\n') + u"\n\n"_s +
        (onDisk ? Text::tr("Send what waits the next time you open %1, wait here until its "
                           "server has it, or discard it.")
                      .arg(session->place().label())
                : Text::tr("These changes could not be saved to disk (%1): they will be lost "
                           "unless the server of %2 takes them before the app closes. Wait here "
                           "until it has them, or discard them.")
                      .arg(diskProblem.isEmpty() ? Text::tr("no place to keep them") : diskProblem,
                           session->place().label())));
    QPushButton *keep = nullptr;
    if (onDisk) {
        keep = box->addButton(Text::tr("&Send at Next Start"), QMessageBox::AcceptRole);
        keep->setObjectName(u"keepUnsent"_s);
    }
    QPushButton *wait = box->addButton(Text::tr("&Wait for the Server"), QMessageBox::ActionRole);
    wait->setObjectName(u"waitForServer"_s);
    QPushButton *discard = box->addButton(Text::tr("&Discard Them"), QMessageBox::DestructiveRole);
    discard->setObjectName(u"discardUnsent"_s);
    // Nothing is lost by the default and by Esc.
    box->setDefaultButton(keep ? keep : wait);
    box->setEscapeButton(keep ? keep : wait);
    // Whatever closes it (a button, Esc, the title bar's close: no button, which keeps them).
    QObject::connect(
        box, &QDialog::finished, box, [box, session = QPointer(session), wait, discard, chosen] {
            QAbstractButton *button = box->clickedButton();
            if (button == discard)
                chosen(UnsentChoice::Discard);
            else if (button == wait || (!button && session && !session->keepsChangesOnDisk()))
                chosen(UnsentChoice::WaitForServer);
            else
                chosen(UnsentChoice::SendAtNextStart);
        });
    box->open();
}

void showShortcuts(QWidget *window, const QList<std::pair<QString, QString>> &rows)
{
    QString table;
    for (const auto &[what, keys] : rows)
        table += u"<tr><td>%1</td><td>&nbsp;&nbsp;<b>%2</b></td></tr>"_s.arg(what.toHtmlEscaped(),
                                                                             keys.toHtmlEscaped());
    auto *box = new QMessageBox(QMessageBox::NoIcon, Text::tr("Keyboard Shortcuts"),
                                u"<table>%1</table>"_s.arg(table), QMessageBox::Close, window);
    box->setObjectName(u"shortcutsDialog"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

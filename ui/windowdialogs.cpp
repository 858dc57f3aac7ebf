#include "windowdialogs.h"

#include "outboxmodel.h"
#include "session.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WindowDialogs)
};

// A text that wraps only where its column is narrower than it: a QLabel's own size hint wraps
// a short text early, at half or a quarter of its length.
class WrappingText : public QLabel
{
public:
    explicit WrappingText(const QString &text)
        : QLabel(text)
    {
        setTextFormat(Qt::PlainText);
        setWordWrap(true);
        setAlignment(Qt::AlignLeft | Qt::AlignTop);
    }
    QSize sizeHint() const override
    {
        const QMargins margins = contentsMargins();
        const int width =
            fontMetrics().size(0, text()).width() + margins.left() + margins.right() + 2 * margin();
        return {width, heightForWidth(width)};
    }
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
    auto *dialog = new QDialog(window);
    dialog->setObjectName(u"shortcutsDialog"_s);
    dialog->setWindowTitle(Text::tr("Keyboard Shortcuts"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // A row a shortcut: a text too long for its column wraps in it, its keys beside its first
    // line (a table of rich text would centre them on the lines of a wrapped text).
    auto *table = new QWidget;
    table->setObjectName(u"shortcutTable"_s);
    auto *grid = new QGridLayout(table);
    // No stretch: each column at least as wide as its longest text where there is room, and
    // both narrower, alike, where there is not.
    grid->setHorizontalSpacing(4 * table->fontMetrics().averageCharWidth());
    for (int row = 0; row < rows.size(); ++row) {
        auto *what = new WrappingText(rows.at(row).first);
        what->setObjectName(u"shortcutAction"_s);
        auto *keys = new WrappingText(rows.at(row).second);
        keys->setObjectName(u"shortcutKeys"_s);
        QFont bold = keys->font();
        bold.setBold(true);
        keys->setFont(bold);
        grid->addWidget(what, row, 0, Qt::AlignTop);
        grid->addWidget(keys, row, 1, Qt::AlignTop);
    }
    grid->setRowStretch(int(rows.size()), 1);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(u"shortcutScroll"_s);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidgetResizable(true);
    scroll->setWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);

    // As wide as its longest row, so that nothing wraps, within the screen; what is too long for
    // the screen wraps, and the rows scroll.
    const QMargins margins = layout->contentsMargins();
    const QSize content = table->sizeHint();
    const int scrollBar = scroll->verticalScrollBar()->sizeHint().width();
    QScreen *screen = window ? window->screen() : QGuiApplication::primaryScreen();
    const QRect available = screen->availableGeometry();
    dialog->resize(std::min(content.width() + scrollBar + margins.left() + margins.right(),
                            available.width() * 9 / 10),
                   std::min(content.height() + buttons->sizeHint().height() + layout->spacing() +
                                margins.top() + margins.bottom(),
                            available.height() * 9 / 10));
    buttons->button(QDialogButtonBox::Close)->setFocus();
    dialog->open();
}

void showAbout(QWidget *window)
{
    QMessageBox::about(window, Text::tr("About KPI Groups"),
                       Text::tr("<h3>KPI Groups %1</h3><p>A calm, fast desktop client for the KPI "
                                "groups of Quantive Results.</p>")
                           .arg(QStringLiteral(KPIGROUPS_VERSION)));
}

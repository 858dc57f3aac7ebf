#include "demohint.h"

#include "palettecolors.h"
#include "windowactions.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSettings>

using namespace Qt::StringLiterals;

DemoHint::DemoHint(QAction *aboutDemo, QAction *connect, QWidget *parent)
    : QFrame(parent)
    , m_aboutDemo(aboutDemo)
    , m_connect(connect)
    , m_text(new QLabel)
    , m_close(new QPushButton(tr("Close")))
{
    setObjectName(u"demoHint"_s);
    setAccessibleName(tr("About the demo"));
    m_text->setObjectName(u"demoHintText"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_close->setObjectName(u"demoHintClose"_s);
    m_close->setAccessibleName(tr("Close the introduction to the demo"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 6, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    QObject::connect(m_close, &QPushButton::clicked, this, &DemoHint::dismiss);
    QObject::connect(m_aboutDemo, &QAction::triggered, this, &DemoHint::showAgain);
    m_aboutDemo->setVisible(false);
    hide();
}

void DemoHint::setDemo(bool demo)
{
    m_demo = demo;
    m_aboutDemo->setVisible(demo);
    if (demo && !QSettings().value(closedKey, false).toBool()) {
        updateText();
        show();
    } else {
        hide();
    }
}

void DemoHint::showAgain()
{
    if (!m_demo)
        return;
    updateText();
    show();
    takeFocus();
}

void DemoHint::takeFocus()
{
    if (isHidden())
        return;
    if (QWidget *focus = QApplication::focusWidget(); focus && !isAncestorOf(focus))
        m_focusBefore = focus;
    m_close->setFocus(Qt::ShortcutFocusReason);
    // F6 is a move of the keyboard's, as Tab is: the style rings what has the focus only after
    // one (and Qt counts Tab's only).
    window()->setAttribute(Qt::WA_KeyboardFocusChange);
    m_close->update();
}

void DemoHint::dismiss()
{
    QSettings().setValue(closedKey, true);
    const bool hadFocus = isAncestorOf(QApplication::focusWidget());
    hide();
    if (hadFocus && m_focusBefore && m_focusBefore->isVisible())
        m_focusBefore->setFocus(Qt::OtherFocusReason);
}

// Made as it is shown: the menus are filled after the hint, and the language and keys may change.
void DemoHint::updateText()
{
    const QString connectPath = menuPath(m_connect);
    const QString keys = m_connect->shortcut().toString(QKeySequence::NativeText);
    // Short, and one paragraph: in a small window it shares the height with the list.
    const QString title = tr("This is the demo.");
    const QStringList paragraphs = {
        tr("Its groups and KPIs are sample data: nothing you do here leaves this computer."),
        tr("A KPI group is a named set of KPIs. Drag a KPI out of its group to remove it, or onto "
           "another group in the list to move it there (hold Ctrl to add it and keep it here "
           "too)."),
        keys.isEmpty() ? tr("To work on your own account, choose %1.").arg(connectPath)
                       : tr("To work on your own account, choose %1 (%2).").arg(connectPath, keys),
    };
    QStringList html;
    for (const QString &paragraph : paragraphs)
        html.append(paragraph.toHtmlEscaped());
    m_close->setToolTip(tr("Close (%1); %2 shows it again")
                            .arg(QKeySequence(Qt::Key_Escape).toString(QKeySequence::NativeText),
                                 menuPath(m_aboutDemo)));
    m_text->setText(u"<b>%1</b> %2"_s.arg(title.toHtmlEscaped(), html.join(u' ')));
    setAccessibleDescription(title + u' ' + paragraphs.join(u'\n'));
}

// Where an action is, as a sentence names it: "File → Connect…", in the menus' own words.
QString DemoHint::menuPath(const QAction *action)
{
    const QString text = WindowActions::withoutMnemonic(action->text());
    for (QObject *object : action->associatedObjects())
        if (const auto *menu = qobject_cast<QMenu *>(object))
            return tr("%1 → %2").arg(WindowActions::withoutMnemonic(menu->title()), text);
    return text;
}

void DemoHint::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        dismiss();
        return;
    }
    QFrame::keyPressEvent(event);
}

void DemoHint::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        update();
    QFrame::changeEvent(event);
}

void DemoHint::paintEvent(QPaintEvent *)
{
    // As the banner's information: the window colour faintly tinted with the highlight.
    const QColor accent = palette().color(QPalette::Highlight);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(PaletteColors::tint(palette(), accent, 0.45), 1));
    painter.setBrush(PaletteColors::tint(palette(), accent, 0.08));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

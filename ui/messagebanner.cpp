#include "messagebanner.h"

#include "coverablelistview.h"
#include "palettecolors.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace {

// A screen reader is told a message is an alert, and reads its text as the description.
QAccessibleInterface *bannerAccessible(const QString &className, QObject *object)
{
    if (className == QLatin1StringView("MessageBanner") && object->isWidgetType())
        return new QAccessibleWidget(static_cast<QWidget *>(object), QAccessible::AlertMessage);
    return nullptr;
}

} // namespace

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
    , m_close(new QToolButton(this))
    , m_hideTimer(new QTimer(this))
{
    static const bool factoryInstalled = [] {
        QAccessible::installFactory(bannerAccessible);
        return true;
    }();
    Q_UNUSED(factoryInstalled);
    setObjectName(QStringLiteral("messageBanner"));
    setAccessibleName(tr("Message"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(false);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_retry->setObjectName(QStringLiteral("messageRetry"));
    m_close->setObjectName(QStringLiteral("messageClose"));
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 6, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry);
    layout->addWidget(m_close);

    m_hideTimer->setSingleShot(true);
    connect(m_hideTimer, &QTimer::timeout, this, &MessageBanner::dismiss);
    connect(m_close, &QToolButton::clicked, this, &MessageBanner::dismiss);
    connect(m_retry, &QPushButton::clicked, this, &MessageBanner::retry);
    hide();
    parent->installEventFilter(this);
}

void MessageBanner::present(const QString &text, bool error)
{
    m_text->setText(text);
    setAccessibleDescription(text);
    m_error = error;
    show();
    raise();
    place();
    update();
    QAccessibleEvent alert(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

void MessageBanner::place()
{
    const QWidget *host = parentWidget();
    const int width = std::max(0, std::min(host->width() - 24, 760));
    const int height =
        layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width) : sizeHint().height();
    QRect at((host->width() - width) / 2, host->height() - height - 12, width, height);
    const bool inTheWay = std::ranges::any_of(m_keptClear, [&](const QPointer<QWidget> &widget) {
        return widget && widget->isVisible() &&
               QRect(widget->mapTo(host, QPoint(0, 0)), widget->size()).intersects(at);
    });
    if (inTheWay)
        at.moveTop(12);
    setGeometry(at);
    uncover();
}

void MessageBanner::uncover()
{
    const QWidget *host = parentWidget();
    for (const QPointer<CoverableListView> &view : std::as_const(m_keptReadable)) {
        if (!view)
            continue;
        const QRect area(view->mapTo(host, QPoint(0, 0)), view->size());
        const QRect covered = isVisible() ? area.intersected(geometry()) : QRect();
        // Only a message over its bottom: one at the top leaves the rows where they are.
        const bool overBottom = covered.isValid() && covered.bottom() >= area.bottom() - 12;
        view->setCoveredHeight(overBottom ? area.bottom() - covered.top() + 1 : 0);
    }
}

void MessageBanner::keepClearOf(QWidget *widget)
{
    m_keptClear.append(widget);
    widget->installEventFilter(this);
}

void MessageBanner::keepReadable(CoverableListView *view)
{
    m_keptReadable.append(view);
    view->installEventFilter(this);
}

bool MessageBanner::eventFilter(QObject *watched, QEvent *event)
{
    const bool moved = event->type() == QEvent::Resize || event->type() == QEvent::Show ||
                       event->type() == QEvent::Hide;
    if (moved && isVisible() && watched->isWidgetType())
        place();
    return QFrame::eventFilter(watched, event);
}

void MessageBanner::hideEvent(QHideEvent *event)
{
    uncover();
    QFrame::hideEvent(event);
}

void MessageBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        update();
    QFrame::changeEvent(event);
}

void MessageBanner::paintEvent(QPaintEvent *)
{
    // The window colour tinted with red or the highlight: a light or dark palette's own text
    // colour stays readable on it, and so does the close button.
    const QColor accent =
        m_error ? PaletteColors::error(palette()) : palette().color(QPalette::Highlight);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(PaletteColors::tint(palette(), accent, 0.55), 1));
    painter.setBrush(PaletteColors::tint(palette(), accent, 0.14));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

void MessageBanner::showError(const QString &text, const std::function<void()> &retry)
{
    m_hideTimer->stop();
    m_retryAction = retry;
    m_retry->setText(tr("&Retry"));
    m_retry->setVisible(bool(retry));
    present(text, true);
}

void MessageBanner::showAction(const QString &text, const QString &label,
                               const std::function<void()> &action, int milliseconds)
{
    m_retryAction = action;
    m_retry->setText(label);
    m_retry->show();
    present(text, false);
    m_hideTimer->start(milliseconds);
}

void MessageBanner::showInfo(const QString &text)
{
    m_retryAction = {};
    m_retry->hide();
    present(text, false);
    m_hideTimer->start(6000);
}

void MessageBanner::dismiss()
{
    m_hideTimer->stop();
    m_retryAction = {};
    hide();
}

void MessageBanner::takeFocus()
{
    if (isHidden())
        return;
    (m_retry->isVisible() ? static_cast<QWidget *>(m_retry) : m_close)
        ->setFocus(Qt::ShortcutFocusReason);
}

QString MessageBanner::text() const
{
    return isHidden() ? QString() : m_text->text();
}

bool MessageBanner::canRetry() const
{
    return bool(m_retryAction);
}

void MessageBanner::retry()
{
    const std::function<void()> action = std::exchange(m_retryAction, {});
    hide();
    if (action)
        action();
}

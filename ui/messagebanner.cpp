#include "messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
    , m_close(new QToolButton(this))
    , m_hideTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    setAccessibleName(tr("Message"));
    setFrameShape(QFrame::StyledPanel);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
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
}

void MessageBanner::present(const QString &text, bool error)
{
    m_text->setText(text);
    setStyleSheet(
        error ? QStringLiteral("MessageBanner { background: #fdecea; border: 1px solid "
                               "#f5c2bd; border-radius: 4px; } QLabel { color: #611a15; }")
              : QStringLiteral("MessageBanner { background: #e8f1fb; border: 1px solid "
                               "#bcd6f3; border-radius: 4px; } QLabel { color: #0b3a66; }"));
    show();
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

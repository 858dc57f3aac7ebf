#include "windowplacement.h"

#include <QDir>
#include <QLockFile>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QWidget>

using namespace Qt::StringLiterals;

WindowPlacement::WindowPlacement(QWidget *window)
    : m_window(window)
{}

WindowPlacement::~WindowPlacement() = default;

void WindowPlacement::fitInto(QWidget *window, const QRect &available)
{
    // Before the window is shown its frame is not known: a title bar and borders are assumed.
    QSize frame = window->frameGeometry().size() - window->geometry().size();
    if (frame.isEmpty())
        frame = QSize(12, 36);
    const QSize room = (available.size() - frame).expandedTo(QSize(1, 1));
    // Whatever the contents would like, the window can be made as small as its screen: 1000 ×
    // 640 is 2000 × 1280 at 2×.
    window->setMinimumSize(window->minimumSizeHint().boundedTo(room));
    const QSize fitting = QSize(1000, 640).boundedTo(available.size() * 0.9 - frame);
    window->resize(fitting.expandedTo(window->minimumSize()).boundedTo(room));
    const QSize outer = window->size() + frame;
    window->move(available.topLeft() + QPoint((available.width() - outer.width()) / 2,
                                              (available.height() - outer.height()) / 2));
}

void WindowPlacement::restore(const QSettings &settings)
{
    if (!m_window->restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        fitInto(m_window, m_window->screen()->availableGeometry());
    takePlace();
}

void WindowPlacement::save(QSettings &settings) const
{
    settings.setValue(u"window/geometry"_s, m_window->saveGeometry());
}

void WindowPlacement::takePlace()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(folder))
        return;
    constexpr int places = 8;
    for (int index = 0; index < places; ++index) {
        auto lock = std::make_unique<QLockFile>(folder + u"/window-%1.lock"_s.arg(index));
        lock->setStaleLockTime(0); // held for as long as the window is open
        if (!lock->tryLock(0))
            continue;
        m_place = std::move(lock);
        m_placeIndex = index;
        break;
    }
    if (m_placeIndex == 0)
        return;
    // Down and right of the place saved, as far as the screen allows.
    const QRect available = m_window->screen()->availableGeometry();
    const QPoint step(32, 32);
    const QPoint at = m_window->pos() + step * m_placeIndex;
    const QRect frame = m_window->frameGeometry();
    m_window->move(
        std::max(available.left(), std::min(at.x(), available.right() - frame.width())),
        std::max(available.top(), std::min(at.y(), available.bottom() - frame.height())));
}

QSplitter *WindowPlacement::listBesideDetail(QWidget *list, QWidget *detail)
{
    auto *splitter = new QSplitter;
    splitter->setObjectName(u"splitter"_s);
    splitter->addWidget(list);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({400, 600});
    return splitter;
}

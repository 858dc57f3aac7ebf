#include "palettecolors.h"

#include <QEvent>
#include <QWidget>

namespace {

class ErrorTextFollower : public QObject
{
public:
    using QObject::QObject;

    static void apply(QWidget *widget)
    {
        const QPalette current = widget->palette();
        const QColor red = PaletteColors::error(current);
        if (current.color(QPalette::WindowText) == red && current.color(QPalette::Text) == red)
            return; // setting it again would announce another change
        // Only these two roles are the widget's own; the others still follow its parent.
        QPalette own;
        own.setResolveMask(0);
        own.setColor(QPalette::WindowText, red);
        own.setColor(QPalette::Text, red);
        widget->setPalette(own);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::PaletteChange ||
            event->type() == QEvent::ApplicationPaletteChange)
            apply(static_cast<QWidget *>(watched));
        return false;
    }
};

} // namespace

namespace PaletteColors {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor error(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf2, 0xb8, 0xb5) : QColor(0xb3, 0x26, 0x1e);
}

QColor tint(const QPalette &palette, const QColor &accent, qreal amount)
{
    const QColor window = palette.color(QPalette::Window);
    return QColor::fromRgbF(window.redF() + (accent.redF() - window.redF()) * amount,
                            window.greenF() + (accent.greenF() - window.greenF()) * amount,
                            window.blueF() + (accent.blueF() - window.blueF()) * amount);
}

void markAsError(QWidget *widget)
{
    ErrorTextFollower::apply(widget);
    widget->installEventFilter(new ErrorTextFollower(widget));
}

} // namespace PaletteColors

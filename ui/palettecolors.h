#pragma once

#include <QColor>
#include <QPalette>

class QWidget;

// Colours for messages, derived from the palette, so that light and dark palettes alike stay
// readable.
namespace PaletteColors {

bool isDark(const QPalette &palette);
// A red that reads on the palette's window colour.
QColor error(const QPalette &palette);
// `accent` faintly over the window colour: the background of a message.
QColor tint(const QPalette &palette, const QColor &accent, qreal amount);
// Shows the widget's text in the error red, again whenever the palette changes.
void markAsError(QWidget *widget);

} // namespace PaletteColors

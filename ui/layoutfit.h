#pragma once

class QFormLayout;
class QWidget;

// What a layout needs so that its text is read whole, at any scale and in any language.
namespace LayoutFit {

// As tall as the widget's layout needs at its width: a message of two lines is read whole.
void growToFit(QWidget *widget);
// Scaled (2x), a label is drawn a little wider than it was measured and lost the end of its last
// letter ("API-Toker"): each label of `form` gets room for it.
void giveLabelsRoom(QFormLayout *form);

} // namespace LayoutFit

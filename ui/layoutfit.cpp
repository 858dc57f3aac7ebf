#include "layoutfit.h"

#include <QFormLayout>
#include <QWidget>

namespace LayoutFit {

void growToFit(QWidget *widget)
{
    QLayout *layout = widget->layout();
    layout->activate();
    const int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(widget->width())
                                                   : layout->totalSizeHint().height();
    if (needed > widget->height())
        widget->resize(widget->width(), needed);
}

void giveLabelsRoom(QFormLayout *form)
{
    for (int row = 0; row < form->rowCount(); ++row)
        if (QLayoutItem *label = form->itemAt(row, QFormLayout::LabelRole))
            if (QWidget *widget = label->widget())
                widget->setMinimumWidth(widget->sizeHint().width() +
                                        widget->fontMetrics().horizontalAdvance(u' '));
}

} // namespace LayoutFit

#pragma once

#include <QFontMetrics>
#include <QList>
#include <QString>
#include <utility>

// A name shortened to a width by whole words, so that what tells it apart stays: its first words,
// its last ones ("H1 2026", "#5571"), and the words a search found in it. Dropped words become
// "…". A name of few words, or one whose kept words do not fit, is cut by characters instead.
namespace NameElider {

// `marks`: (start, length) in `name` of what must stay visible when it can.
QString elided(const QString &name, const QFontMetrics &metrics, int width,
               const QList<std::pair<int, int>> &marks = {});

} // namespace NameElider

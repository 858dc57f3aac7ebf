#pragma once

#include <QFontMetrics>
#include <QList>
#include <QString>
#include <utility>

// A name shortened to a width by whole words, so that what tells it apart stays: its first words,
// its last ones ("H1 2026", "#5571"), and the words a search found in it. Dropped words become
// "…"; when even so it is too wide, a word found is cut after what was found in it ("Kunden…"),
// and then the start or the end of the name goes. A name of one or two words is cut by
// characters.
namespace NameElider {

// `marks`: (start, length) in `name` of what must stay visible when it can.
QString elided(const QString &name, const QFontMetrics &metrics, int width,
               const QList<std::pair<int, int>> &marks = {});

} // namespace NameElider

#include "nameelider.h"

namespace {

struct Word
{
    qsizetype start;
    qsizetype end;
};

QList<Word> wordsOf(const QString &name)
{
    QList<Word> words;
    qsizetype at = 0;
    while (at < name.size()) {
        while (at < name.size() && name.at(at).isSpace())
            ++at;
        const qsizetype start = at;
        while (at < name.size() && !name.at(at).isSpace())
            ++at;
        if (at > start)
            words.append({start, at});
    }
    return words;
}

// The kept words, with what was between them when they are neighbours and " … " where words
// were dropped.
QString compose(const QString &name, const QList<Word> &words, const QList<bool> &kept)
{
    QString out;
    bool dropped = false;
    for (qsizetype i = 0; i < words.size(); ++i) {
        if (!kept.at(i)) {
            dropped = true;
            continue;
        }
        if (dropped)
            out += out.isEmpty() ? QStringLiteral("… ") : QStringLiteral(" … ");
        else if (i > 0)
            out +=
                QStringView(name).mid(words.at(i - 1).end, words.at(i).start - words.at(i - 1).end);
        out += QStringView(name).mid(words.at(i).start, words.at(i).end - words.at(i).start);
        dropped = false;
    }
    if (dropped)
        out += QStringLiteral(" …");
    return out;
}

} // namespace

namespace NameElider {

QString elided(const QString &name, const QFontMetrics &metrics, int width,
               const QList<std::pair<int, int>> &marks)
{
    if (metrics.horizontalAdvance(name) <= width)
        return name;
    const QList<Word> words = wordsOf(name);
    if (words.size() < 3)
        return metrics.elidedText(name, marks.isEmpty() ? Qt::ElideMiddle : Qt::ElideRight, width);

    QList<bool> marked(words.size(), false);
    for (const auto &mark : marks) {
        for (qsizetype i = 0; i < words.size(); ++i)
            marked[i] = marked.at(i) || (words.at(i).start < mark.first + mark.second &&
                                         mark.first < words.at(i).end);
    }
    const auto fits = [&](const QList<bool> &kept) {
        return metrics.horizontalAdvance(compose(name, words, kept)) <= width;
    };
    // The first and last words with the marked ones; else without the last, then the first.
    QList<bool> kept = marked;
    kept.first() = kept.last() = true;
    if (!fits(kept)) {
        kept.last() = marked.last();
        if (!fits(kept)) {
            kept.first() = marked.first();
            // The words marked, as far as they go; with none, the start of the name.
            if (!kept.contains(true))
                return metrics.elidedText(name, Qt::ElideRight, width);
            if (!fits(kept))
                return metrics.elidedText(compose(name, words, kept), Qt::ElideRight, width);
        }
        return compose(name, words, kept);
    }
    // Then words from either end, in turn, while they fit.
    qsizetype head = 1;
    qsizetype tail = words.size() - 2;
    bool headFull = false;
    bool tailFull = false;
    for (bool fromHead = true; head <= tail && !(headFull && tailFull); fromHead = !fromHead) {
        if (fromHead ? headFull : tailFull)
            continue;
        const qsizetype i = fromHead ? head : tail;
        const bool was = kept.at(i);
        kept[i] = true;
        if (was || fits(kept)) {
            fromHead ? ++head : --tail;
        } else {
            kept[i] = false;
            (fromHead ? headFull : tailFull) = true;
        }
    }
    return compose(name, words, kept);
}

} // namespace NameElider

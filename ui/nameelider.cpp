#include "nameelider.h"

#include <algorithm>
#include <functional>

namespace {

struct Word
{
    qsizetype start;
    qsizetype end;
    qsizetype markEnd = -1; // where the last mark in it ends; -1: none
};

QList<Word> wordsOf(const QString &name, const QList<std::pair<int, int>> &marks)
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
    for (const auto &[start, length] : marks) {
        for (Word &word : words) {
            if (word.start < start + length && start < word.end)
                word.markEnd =
                    std::max(word.markEnd, std::min<qsizetype>(start + length, word.end));
        }
    }
    return words;
}

// A separator such as "·" or "-": kept only with the word beyond it.
bool isPunctuation(QStringView word)
{
    return std::none_of(word.begin(), word.end(), [](QChar c) { return c.isLetterOrNumber(); });
}

// How one way of shortening shows the name: which words it keeps, and whether marked words are
// cut after their marks ("Kunden…" for "Kundenzufriedenheit").
class Shortening
{
public:
    Shortening(const QString &name, const QList<Word> &words, bool cutMarked)
        : m_name(name)
        , m_words(words)
        , m_cutMarked(cutMarked)
        , m_kept(words.size(), false)
    {
        for (qsizetype i = 0; i < words.size(); ++i)
            m_kept[i] = words.at(i).markEnd >= 0;
    }

    bool isKept(qsizetype i) const { return m_kept.at(i); }
    void keep(qsizetype i, bool kept = true) { m_kept[i] = kept; }
    bool keepsAny() const { return m_kept.contains(true); }

    // The kept words, with what was between them when they are neighbours and " … " where
    // words were dropped.
    QString text() const
    {
        QString out;
        bool dropped = false;
        for (qsizetype i = 0; i < m_words.size(); ++i) {
            if (!m_kept.at(i)) {
                dropped = true;
                continue;
            }
            if (dropped)
                out += out.isEmpty() ? QStringLiteral("… ") : QStringLiteral(" … ");
            else if (i > 0)
                out += QStringView(m_name).mid(m_words.at(i - 1).end,
                                               m_words.at(i).start - m_words.at(i - 1).end);
            out += wordText(i);
            dropped = false;
        }
        if (dropped)
            out += QStringLiteral(" …");
        return out;
    }

private:
    QString wordText(qsizetype i) const
    {
        const Word &word = m_words.at(i);
        if (m_cutMarked && word.markEnd >= 0 && word.markEnd < word.end)
            return m_name.mid(word.start, word.markEnd - word.start) + u'…';
        return m_name.mid(word.start, word.end - word.start);
    }

    const QString &m_name;
    const QList<Word> &m_words;
    bool m_cutMarked;
    QList<bool> m_kept;
};

// Adds words from the ends asked for, the end first, while they fit; a separator only with the
// word beyond it.
enum class Ends
{
    Both,
    Head,
    Tail
};

void grow(Shortening &shortening, Ends ends, const std::function<bool()> &fits, const QString &name,
          const QList<Word> &words)
{
    qsizetype head = shortening.isKept(0) ? 1 : 0;
    qsizetype tail = shortening.isKept(words.size() - 1) ? words.size() - 2 : words.size() - 1;
    bool headFull = ends == Ends::Tail;
    bool tailFull = ends == Ends::Head;
    for (bool fromTail = true; head <= tail && !(headFull && tailFull); fromTail = !fromTail) {
        if (fromTail ? tailFull : headFull)
            continue;
        qsizetype &at = fromTail ? tail : head;
        const qsizetype step = fromTail ? -1 : 1;
        QList<qsizetype> taken{at};
        const auto wordAt = [&](qsizetype i) {
            return QStringView(name).mid(words.at(i).start, words.at(i).end - words.at(i).start);
        };
        if (isPunctuation(wordAt(at)) && head <= tail && at + step >= head && at + step <= tail)
            taken.append(at + step);
        QList<qsizetype> added;
        for (const qsizetype i : taken) {
            if (!shortening.isKept(i)) {
                shortening.keep(i);
                added.append(i);
            }
        }
        if (added.isEmpty() || fits()) {
            at += step * taken.size();
        } else {
            for (const qsizetype i : added)
                shortening.keep(i, false);
            (fromTail ? tailFull : headFull) = true;
        }
    }
}

} // namespace

namespace NameElider {

QString elided(const QString &name, const QFontMetrics &metrics, int width,
               const QList<std::pair<int, int>> &marks)
{
    if (metrics.horizontalAdvance(name) <= width)
        return name;
    const QList<Word> words = wordsOf(name, marks);
    if (words.size() < 3)
        return metrics.elidedText(name, marks.isEmpty() ? Qt::ElideMiddle : Qt::ElideRight, width);
    const qsizetype last = words.size() - 1;

    // With the first and last words: the marked ones whole, then cut after their marks.
    for (const bool cutMarked : {false, true}) {
        Shortening shortening(name, words, cutMarked);
        const auto fits = [&] { return metrics.horizontalAdvance(shortening.text()) <= width; };
        shortening.keep(0);
        shortening.keep(last);
        if (fits()) {
            grow(shortening, Ends::Both, fits, name, words);
            return shortening.text();
        }
    }
    // Too narrow for both ends: the marked words with the end, or with the start, or alone.
    Shortening marked(name, words, true);
    if (!marked.keepsAny())
        return metrics.elidedText(name, Qt::ElideRight, width);
    const auto fits = [&] { return metrics.horizontalAdvance(marked.text()) <= width; };
    for (const qsizetype end : {last, qsizetype(0)}) {
        const bool was = marked.isKept(end);
        marked.keep(end);
        if (fits()) {
            grow(marked, end == last ? Ends::Tail : Ends::Head, fits, name, words);
            return marked.text();
        }
        marked.keep(end, was);
    }
    return metrics.elidedText(marked.text(), Qt::ElideRight, width);
}

} // namespace NameElider

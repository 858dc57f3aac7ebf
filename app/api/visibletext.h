#pragma once

#include <QString>
#include <QStringList>

// Text from the server, shown so that it cannot hide or disguise anything: control characters
// (ESC sequences, BEL, CR, LF, TAB), line and paragraph separators, and the bidirectional
// controls that reorder what follows (U+202E) are shown escaped, as \x0a or \u202e. The command
// line prints names this way; the window shows them so in its list and its messages.
namespace VisibleText {

bool isHidden(char32_t c);
bool hasHidden(QStringView text);
QString escaped(QStringView text);
// The escapes `text` would be shown with, each once, in order: "\x0a", "\u202e".
QStringList escapesIn(QStringView text);
// Escaped, and when it has right-to-left letters set apart from the text around it (U+2068 …
// U+2069): a Hebrew or Arabic name in a sentence leaves the sentence's punctuation and words
// where they are.
QString isolated(QStringView text);

} // namespace VisibleText

#pragma once

#include <QString>

// Text from the server, made safe for a terminal: control characters (ESC sequences that clear
// the screen or set the title, BEL, CR, LF) and bidirectional overrides that reorder what
// follows are shown escaped, as \x1b or \u202e, as the window shows them (VisibleText); and the
// width a terminal gives it, so that
// columns of CJK or other wide characters stay aligned.
namespace TerminalText {

QString safe(QStringView text);
// Columns a terminal uses for text already made safe: 2 for East Asian wide and fullwidth
// characters, 0 for combining marks, 1 otherwise.
int width(QStringView text);
// `text` followed by spaces up to `columns`.
QString padded(const QString &text, int columns);

} // namespace TerminalText

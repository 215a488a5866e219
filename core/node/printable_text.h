#pragma once

#include <QString>

namespace mbc::node {

// `text` as it may go to a terminal, a log line or a label: control characters (C0, with line
// feeds, carriage returns and tabs, DEL and C1), invisible format characters (bidi embeddings,
// overrides, isolates and marks; zero-width characters, the byte order mark, tags) and line
// and paragraph separators are written out as escapes (\n, \r, \t, \x1b, \u{202e}). Whatever
// a peer, a node or a file puts in a string then cannot move a terminal's cursor, start an
// escape sequence, forge a log line, make the text around it read backwards or hide in a name
// that looks like another. Text without them comes back unchanged.
QString printableText(const QString& text);

} // namespace mbc::node

#pragma once

#include <QString>
#include <QStringView>

namespace attn {

// Where text is going. A QString can hold anything UTF-16 can, lone surrogates included, but:
// - JSON text is Unicode scalar values: a lone surrogate has no UTF-8 form (Qt writes '?' for it).
// - XML 1.0 (SVG) also forbids the control characters other than tab, line feed and carriage
//   return, even escaped, and U+FFFE/U+FFFF; the other non-characters (U+FDD0–U+FDEF and the last
//   two of every plane) are replaced as well, since readers treat them as errors or drop them.
enum class TextTarget { Json, Xml };

// The text with every character the target cannot hold replaced by U+FFFD; `replaced` (when given)
// counts the replacements, so that the writer can say so.
QString validTextFor(QStringView text, TextTarget target, qsizetype *replaced = nullptr);

} // namespace attn

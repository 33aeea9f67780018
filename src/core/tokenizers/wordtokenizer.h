#pragma once

#include "core/token.h"

namespace attn {

// The seed's level of tokenization: words and punctuation marks.
// - A word is a run of letters, digits and combining marks of any script; an apostrophe (' or ’)
//   between two letters stays inside it ("don't", "I'll"); a '.' or ',' between two digits too ("3.14").
// - Every other visible character (punctuation, symbols, emoji with its modifiers and joiners) is a
//   token of its own, one user-perceived character each.
// - Whitespace and invisible format characters separate tokens and never become tokens.
TokenList tokenizeWords(const QString &text);

} // namespace attn

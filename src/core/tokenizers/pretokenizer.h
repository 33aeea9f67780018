#pragma once

#include <QStringView>

#include <vector>

namespace attn::bpe {

// A piece of the input, [begin, end) in UTF-16 code units.
struct TextRange
{
    qsizetype begin{};
    qsizetype end{};
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

// GPT-2's pre-tokenizer: the pieces that Python's `regex.findall` gives for OpenAI's pattern
//     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// written as a scanner over code points (faster than a backtracking regex and easier to check).
// BPE merges never cross a piece boundary.
// - Contractions are case-sensitive and use the ASCII apostrophe only ("'S" is not one).
// - The optional leading ' ' is U+0020 only; other whitespace never joins a word.
// - \s is Unicode White_Space, as in Python's `regex` (QChar::isSpace: includes U+0085, excludes
//   U+FEFF); \p{L} and \p{N} come from Qt's Unicode tables.
// - In a whitespace run followed by a non-space, the run's last character is left for the next
//   piece (`\s+(?!\S)` backtracks by one): "a  b" → "a", " ", " b"; "a \tb" → "a", " ", "\t", "b".
// - A lone surrogate is neither letter, number nor space, as in a JavaScript /u regex.
std::vector<TextRange> splitPreTokens(QStringView text);

} // namespace attn::bpe

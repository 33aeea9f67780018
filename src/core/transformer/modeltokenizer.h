#pragma once

#include "core/token.h"

#include <QString>

#include <functional>
#include <vector>

namespace attn {

// What every family does the same way with a checkpoint's tokenizer.

// The message when the tokenizer has ids beyond config.json's vocab_size, or empty when it fits:
// such a tokenizer belongs to another model. `where` names the tokenizer's file or folder.
QString tokenizerVocabularyMismatch(const QString &where, int tokenizerVocabSize, int configVocabSize);

// Tokens for ids, with the texts `textOf` gives laid end to end from position 0 (for ids typed or
// generated rather than encoded from a text).
TokenList tokensLaidEndToEnd(const std::vector<int> &ids, const std::function<QString(int id)> &textOf);

} // namespace attn

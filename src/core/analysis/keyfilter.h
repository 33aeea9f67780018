#pragma once

#include "core/attentionresult.h"

#include <vector>

namespace attn {

// The attention sink: most heads of a trained model put much of every row on a few tokens (a
// decoder's first token, an encoder's [CLS] and [SEP]), and the rest of the pattern fades next to
// them. Hiding them shows where the remaining attention goes: a copy of the result whose every
// head has, for the hidden keys H,
//   w'ᵢⱼ = 0 for j ∈ H,   w'ᵢⱼ = wᵢⱼ / Σ_{k∉H} wᵢₖ  otherwise,
// so each row again sums to 1 over the other keys. A row that gave the hidden keys everything (the
// first query of a causal model) becomes all 0. Scores, q, k, v and outputs are the model's.
ResultPtr hideKeys(const ResultPtr &result, std::vector<char> hidden, const QString &name);

// A special token the tokenizer's post-processor put in ([CLS], [SEP], <s>, </s>): it has no
// text of its own, unlike a special token typed in the text ([MASK]).
inline bool isInsertedSpecial(const Token &token)
{
    return token.special && token.begin == token.end;
}

// hideKeys() of the sink tokens: for an encoder (no causal mask) the special tokens its tokenizer
// put in, for a decoder its first token.
ResultPtr hideSinkKeys(const ResultPtr &result);

// One head's weights rescaled as above; `hidden` has one entry per key.  (N, N)
Matrix withoutKeys(const Matrix &weights, const std::vector<char> &hidden);

// Which queries and which keys a pair filter keeps (BertViz's "Sentence A → Sentence B").
enum class PairFilter { None, FirstToSecond, SecondToFirst };

// A copy of the result whose weights are 0 outside the queries of one sentence and the keys of the
// other (Token::segment), not rescaled: a cell keeps the model's weight or shows nothing. A result
// that is not a pair of sentences comes back as it is.
ResultPtr restrictToPair(const ResultPtr &result, PairFilter filter);

// Whether the tokens hold two sentences (some token of segment 1).
bool isSentencePair(const TokenList &tokens);

} // namespace attn

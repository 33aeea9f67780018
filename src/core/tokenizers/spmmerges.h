#pragma once

#include <QString>

#include <utility>
#include <vector>

namespace attn::hf {

// The merges a SentencePiece BPE vocabulary implies, for BpeModelHf: SentencePiece (and llama.cpp's
// SPM tokenizer reading a GGUF) keeps no merge list. It joins two adjacent pieces whenever their
// concatenation is a vocabulary token, the token with the highest score first and the leftmost
// pair among equal scores. So every split of a token into two vocabulary tokens is a merge, ranked
// by the token's score (the highest gets rank 0) and sharing its rank with every merge of an equal
// score, so that BpeModelHf applies those leftmost first as well.
struct ScoredMerges
{
    std::vector<std::pair<QString, QString>> merges;
    std::vector<int> ranks; // one per merge
};

// `tokens[id]` and `scores[id]` of the same length; empty tokens are holes. Splits fall between
// Unicode characters (SentencePiece's symbols), never inside a surrogate pair.
ScoredMerges mergesFromScores(const std::vector<QString> &tokens, const std::vector<float> &scores);

} // namespace attn::hf

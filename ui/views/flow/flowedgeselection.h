#pragma once

#include "core/attentionresult.h"

#include <vector>

namespace attn::ui {

// Which of a token's arrows a token filter keeps.
enum class TokenRole {
    Query, // the token's outgoing arrows: where it looks (its heatmap row)
    Key,   // the token's incoming arrows: who looks at it (its heatmap column)
    Both,  // outgoing and incoming
};

// What the flow views draw, independent of any pixel: which heads, how thin the lines may get,
// and whether one token's arrows are singled out.
struct FlowFilter
{
    std::vector<int> heads;  // heads to draw, in drawing order (out-of-range heads are skipped)
    double threshold = 0.0;  // edges with weight < threshold are hidden
    int topK = 0;            // per head and query, only the k strongest keys (0 = no limit)
    int token = -1;          // ≥ 0: only this token's edges ...
    TokenRole role = TokenRole::Both; // ... as query, as key or both
};

// One arrow: query attends to key with this weight in this head.
struct FlowEdge
{
    int head = 0;
    int query = 0;
    int key = 0;
    float weight = 0.f;

    friend bool operator==(const FlowEdge &, const FlowEdge &) = default;
};

// The edges a flow view draws for one layer of a result, ordered by head (filter order), query, key.
//
// Rules, in this order:
// - an edge needs weight > 0 (masked pairs are exactly 0 and never drawn) and weight ≥ threshold;
//   under a causal mask (config.causal) no edge goes to a later key, whatever its weight;
// - top-k keeps, per head and query, the k strongest of those (ties: the lower key index wins);
// - the token filter only restricts what is left: it never brings back an edge that the threshold
//   or top-k hid, so hovering a token shows exactly its arrows of the full diagram.
std::vector<FlowEdge> selectFlowEdges(const AttentionResult &result, int layer, const FlowFilter &filter);

} // namespace attn::ui

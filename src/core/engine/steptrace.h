#pragma once

#include "core/attentionresult.h"

#include <vector>

namespace attn {

// Every number the seed's walk-through prints, for one query i of one head (and one chosen key j),
// taken from a computed result so that the panel and the heatmap can never disagree.
struct StepTrace
{
    int layer = 0;
    int head = 0;
    int query = 0;
    int key = 0;

    // Step 1: the query's q, and k, v of every token.
    RowVector q;          // (d_k)
    Matrix keys;          // (N, d_k)
    Matrix values;        // (N, d_v)

    // Step 2: score(i, j) = (q_i · k_j) / √d_k / T.
    std::vector<float> dotTerms; // q_i[d] · k_j[d], d = 0 … d_k−1, for the chosen key
    float dot = 0.f;             // Σ dotTerms
    float rootDk = 1.f;          // √d_k, or 1 with scaling off
    float temperature = 1.f;
    std::vector<float> scores;   // (N) the whole row, as the engine stored it
    int visibleKeys = 0;         // keys the causal mask lets the query see: [firstVisibleKey, visibleKeys)
    int firstVisibleKey = 0;     // a sliding window (mistral, gemma2/3) hides the keys before it

    // Step 3: softmax with the maximum subtracted.
    float rowMax = 0.f;
    std::vector<float> exps;     // exp(score_j − rowMax), 0 where masked
    float expSum = 0.f;
    std::vector<float> weights;  // (N) as the engine stored them

    // Step 4: output_i = Σ_j weight_ij · v_j.
    Matrix weightedValues;       // (N, d_v) row j = weight_ij · v_j
    RowVector output;            // (d_v) as the engine stored it

    // Multi-head: the query's output of every head, concatenated, times W_O (toy model only).
    RowVector concatenated;      // (heads·d_v)
    RowVector combined;          // (d_model)
};

// Empty optional-like: returns false when layer/head/query/key are out of range.
bool traceStep(const AttentionResult &result, int layer, int head, int query, int key, StepTrace &trace);

} // namespace attn

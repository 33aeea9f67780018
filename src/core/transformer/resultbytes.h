#pragma once

#include <QtGlobal>

namespace attn {

// What a result that keeps every head's matrices holds, in bytes, for `tokens` tokens: per head
// scores and weights (N × N) and q, k, v and output (N × d_head); per layer its output and input
// (N × d_model) and the rollout (N × N); the embeddings and final hidden state (N × d_model).
// Every family's session refuses inputs above ModelRunOptions::maxResultBytes with it.
inline qint64 storedResultBytes(int layers, int heads, int dHead, int dModel, int tokens)
{
    const qint64 n = tokens;
    const qint64 perHead = 2 * n * n + 4 * n * dHead;
    const qint64 perLayer = heads * perHead + 2 * n * dModel + n * n;
    return qint64(sizeof(float)) * (layers * perLayer + 2 * n * dModel);
}

} // namespace attn

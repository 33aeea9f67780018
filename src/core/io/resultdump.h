#pragma once

#include "core/attentionresult.h"

#include <QByteArray>

namespace attn {

// The --dump format, documented in docs/dump-format.md:
// {"format": "attention-explorer-dump", "version": 1, "tokens": [...], "spans": [[b, e]...],
//  "config": {...}, "input": [[...]], "layers": [{"heads": [{"w_q", "w_k", "w_v", "q", "k", "v",
//  "scores", "weights", "output"}], "w_o": [[...]], "output": [[...]]}]}
// plus "model", "token_ids", "rollout" and "top_next" for checkpoints, and for encoders
// "token_type_ids", "segments" and, given the model's mask token id and an MLM head,
// "mask_predictions": [{"position": i, "top": [{"id", "text", "probability", "logit"}…]}…].
QByteArray dumpResultJson(const AttentionResult &result, int maskTokenId = -1);

} // namespace attn

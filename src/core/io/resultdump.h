#pragma once

#include "core/attentionresult.h"

#include <QByteArray>

namespace attn {

// The --dump format, documented in docs/dump-format.md:
// {"format": "attention-explorer-dump", "version": 1, "tokens": [...], "spans": [[b, e]...],
//  "config": {...}, "input": [[...]], "layers": [{"heads": [{"w_q", "w_k", "w_v", "q", "k", "v",
//  "scores", "weights", "output"}], "w_o": [[...]], "output": [[...]]}]}
// plus "model", "token_ids", "rollout" and "top_next" for checkpoints.
QByteArray dumpResultJson(const AttentionResult &result);

} // namespace attn

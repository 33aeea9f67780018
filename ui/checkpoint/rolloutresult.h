#pragma once

#include "core/attentionresult.h"

namespace attn::ui {

// The attention rollout of `result` (Abnar & Zuidema 2020; core/analysis/rollout.h) put as a result
// of one layer with one head whose weights (and scores) are the rollout, so that any view draws it
// as it draws a head: the heatmap as cells, the flow view as arrows. Tokens, configuration, model
// name and input text are the source's. Checkpoints bring their rollout in the result; for the toy
// model it is computed from the result's layers. Null when there is nothing to roll out.
ResultPtr rolloutResult(const AttentionResult &result);

} // namespace attn::ui

#pragma once

#include "core/transformer/model.h"

#include <vector>

namespace attn {

// [layer][head] induction score of a checkpoint: the mean attention from each token of the second
// copy of a repeated random sequence to the token that followed its first copy (headstatistics.h).
// It belongs to the model, not to the text a person types, so it is measured once per model.
using InductionScores = std::vector<std::vector<double>>;

// Runs the probe [begin-of-text] R R (R = `period` random ids, a fixed seed) through the model and
// scores every head. The period is shortened to fit the context; an empty table when the model
// cannot hold a probe (fewer than 5 positions or 3 ids). Seconds for GPT-2 xl, so never on the UI
// thread.
InductionScores measureInductionScores(const ModelPtr &model, int period = 50);

} // namespace attn

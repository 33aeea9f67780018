#pragma once

#include "core/engine/attentionconfig.h"

namespace attn {

class JsonWriter;

// The toy layer's configuration as a JSON object, as session files and result dumps both write it:
// heads, d_model, d_k, d_v, seed, causal, temperature, scale, positional. JSON readers hold numbers
// as doubles, so a seed of 2^53 or more is written as a decimal string.
void writeConfigObject(JsonWriter &json, const AttentionConfig &config);

// Below this every whole number survives a trip through a double.
inline constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

} // namespace attn

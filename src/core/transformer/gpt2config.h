#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QString>

namespace attn {

// The shape of a GPT-2 checkpoint, read from the config.json Hugging Face ships beside it.
// GPT-2 small/medium/large/xl and distilgpt2 all use this one layout; only the numbers differ.
struct Gpt2Config
{
    int layers = 0;     // n_layer
    int heads = 0;      // n_head
    int dModel = 0;     // n_embd
    int positions = 0;  // n_positions: learned position embeddings, so also the longest input
    int vocabSize = 0;  // vocab_size: rows of wte
    int dInner = 0;     // n_inner, or 4·n_embd when the file says null (as GPT-2's do)
    float layerNormEpsilon = 1e-5f;

    int dHead() const { return heads > 0 ? dModel / heads : 0; }

    // Upper bounds that keep a hostile config.json from asking for absurd allocations. GPT-2 xl
    // (48 layers, 25 heads, 1600 wide, 1024 positions, 50,257 tokens) is far inside all of them.
    static constexpr int maxLayers = 256;
    static constexpr int maxPositions = 65'536;
    static constexpr int maxVocabSize = 1'000'000;
    static constexpr int maxInner = 65'536;

    // Types, ranges and consistency (n_embd % n_head == 0, d_head within Limits) are checked;
    // a message names displayName, the key and the value. Also accepts Hugging Face's aliases
    // (hidden_size, num_attention_heads, num_hidden_layers, max_position_embeddings, n_ctx) and
    // refuses settings this forward pass does not implement (another model_type, another
    // activation, scale_attn_by_inverse_layer_idx). Parsed by io::parseJson: a key listed twice is
    // refused, with the line and column, instead of the last one winning.
    static Expected<Gpt2Config> fromJson(const QByteArray &json, const QString &displayName);
    static Expected<Gpt2Config> read(const QString &path);
};

} // namespace attn

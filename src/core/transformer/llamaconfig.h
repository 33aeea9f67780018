#pragma once

#include "core/expected.h"
#include "rope.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace attn {

// config.json of a llama-family decoder (model_type llama, mistral, qwen2, qwen3), in Hugging
// Face's key names. One generic decoder reads them all; the family differences are switches here:
//   llama, mistral  RMSNorm, RoPE, grouped-query attention, SwiGLU; mistral's sliding_window
//   qwen2           + biases on the q, k and v projections
//   qwen3           + RMSNorm of every query and key head (q_norm, k_norm) before RoPE
struct LlamaConfig
{
    static constexpr int maxLayers = 256;
    static constexpr int maxPositions = 1 << 24;
    static constexpr int maxVocabSize = 1'000'000;
    static constexpr int maxInner = 1 << 17;

    QString modelType;         // "llama", "mistral", "qwen2", "qwen3"
    int layers = 0;            // num_hidden_layers
    int heads = 0;             // num_attention_heads
    int keyValueHeads = 0;     // num_key_value_heads; heads is a multiple of it
    int dModel = 0;            // hidden_size
    int dHead = 0;             // head_dim, else hidden_size / num_attention_heads
    int dInner = 0;            // intermediate_size
    int vocabSize = 0;
    int positions = 0;         // max_position_embeddings
    float rmsEpsilon = 1e-6f;  // rms_norm_eps
    bool queryKeyValueBias = false; // qwen2, or attention_bias
    bool outputBias = false;        // attention_bias (llama): o_proj has one too
    bool headNorms = false;         // qwen3: q_norm and k_norm over head_dim
    bool tiedEmbeddings = false;    // tie_word_embeddings: the LM head is embed_tokens
    RopeSettings rope;
    // Per layer: how many of the latest keys a query sees (itself included), or 0 for all.
    std::vector<int> slidingWindow;
    int beginOfTextId = -1;    // bos_token_id

    // Query heads per key/value head: head h reads kv head h / groupSize().
    int groupSize() const { return heads / keyValueHeads; }
    // The longest input: max_position_embeddings, except that dynamic RoPE scaling exists to go
    // beyond it.
    int contextLength() const;

    // Unknown or inconsistent values are refused with a message naming the key and the value.
    static Expected<LlamaConfig> fromJson(const QByteArray &json, const QString &displayName);
    static Expected<LlamaConfig> read(const QString &path);
};

// The model_type values LlamaConfig reads.
const std::vector<const char *> &llamaFamilyModelTypes();

// The model_type of a Hugging Face architecture name of this family ("LlamaForCausalLM" → "llama"),
// for a config.json without model_type; empty for any other name.
QString llamaModelTypeOfArchitecture(const QString &architecture);

} // namespace attn

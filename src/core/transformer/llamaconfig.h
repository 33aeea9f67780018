#pragma once

#include "core/expected.h"
#include "rope.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace attn {

namespace gguf {
class GgufFile;
}

// config.json of a llama-family decoder (model_type llama, mistral, qwen2, qwen3, gemma, gemma2,
// gemma3_text), in Hugging Face's key names. One generic decoder reads them all; the family
// differences are switches here:
//   llama, mistral  RMSNorm, RoPE, grouped-query attention, SwiGLU; mistral's sliding_window
//   qwen2           + biases on the q, k and v projections
//   qwen3           + RMSNorm of every query and key head (q_norm, k_norm) before RoPE
//   gemma           RMSNorm as x/rms·(1 + w), embeddings × √hidden_size, GeGLU (gelu, tanh form)
//   gemma2          + query_pre_attn_scalar, attention and final-logit soft-capping, sliding
//                   windows on the even layers, norms after attention and around the MLP
//   gemma3_text     gemma2 without the attention cap, + q_norm/k_norm, five sliding
//                   layers to one global, a separate RoPE base (rope_local_base_freq) for them;
//                   the multimodal gemma3's text decoder (its text_config) reads as gemma3_text
struct LlamaConfig
{
    enum class Activation { Silu, GeluTanh, GeluExact }; // the MLP gate: SwiGLU or GeGLU

    static constexpr int maxLayers = 256;
    static constexpr int maxPositions = 1 << 24;
    static constexpr int maxVocabSize = 1'000'000;
    static constexpr int maxInner = 1 << 17;

    QString modelType;         // "llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text"
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
    bool headNorms = false;         // qwen3, gemma3: q_norm and k_norm over head_dim
    bool tiedEmbeddings = false;    // tie_word_embeddings: the LM head is embed_tokens
    // Gemma's norms scale by (1 + w), so a weight of 0 keeps the normed vector (every norm: the
    // layers', the final one and gemma3's q_norm/k_norm).
    bool normAddsOne = false;
    Activation activation = Activation::Silu; // hidden_act, gemma's hidden_activation
    float embeddingScale = 1.f;     // gemma: √hidden_size multiplies the embeddings
    // The scores are q·k · attentionScale: 1/√head_dim, gemma2/3 query_pre_attn_scalar^−½.
    double attentionScale = 0.0;
    // scores ← cap·tanh(scores/cap) before the mask (gemma2's attn_logit_softcapping), 0 for none.
    double attentionSoftcap = 0.0;
    // logits ← cap·tanh(logits/cap) (final_logit_softcapping), 0 for none.
    double finalLogitSoftcap = 0.0;
    // gemma2/3: post_attention_layernorm normalizes the attention's output before the residual
    // add; pre_feedforward_layernorm and post_feedforward_layernorm sit before and after the MLP.
    bool sandwichNorms = false;
    RopeSettings rope;
    // gemma3: the sliding-window layers rotate with their own base (rope_local_base_freq) and no
    // scaling; the global layers with rope_theta and rope_scaling.
    std::optional<RopeSettings> slidingRope;
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
    // From a GGUF file's "{arch}.*" metadata (ggufllamaconfig.cpp).
    static Expected<LlamaConfig> fromGguf(const gguf::GgufFile &file);
};

// The model_type values LlamaConfig reads (besides "gemma3", whose text_config is a gemma3_text).
const std::vector<const char *> &llamaFamilyModelTypes();

// The model_type of a Hugging Face architecture name of this family ("LlamaForCausalLM" → "llama"),
// for a config.json without model_type; empty for any other name.
QString llamaModelTypeOfArchitecture(const QString &architecture);

} // namespace attn

#pragma once

#include "core/expected.h"
#include "llamaconfig.h"
#include "safetensorsshards.h"
#include "weightview.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace attn {

class CheckpointTensors;
namespace gguf {
class GgufFile;
}

// One decoder layer. Linear weights keep PyTorch's nn.Linear layout (out, in): y = x·Wᵀ (+ b).
// Optional tensors (biases, head norms) have data == nullptr when the config has none.
struct LlamaLayerWeights
{
    WeightView inputNorm;                 // (d)
    WeightView query, key, value;         // (heads·d_head, d), (kv·d_head, d), (kv·d_head, d)
    WeightView queryBias, keyBias, valueBias; // (heads·d_head), (kv·d_head), (kv·d_head): qwen2, attention_bias
    WeightView queryNorm, keyNorm;        // (d_head): qwen3, gemma3
    WeightView output, outputBias;        // (d, heads·d_head), (d): attention_bias
    // (d) llama: the norm before the MLP; gemma2/3: the norm of the attention's output, before the
    // residual add (the names are Hugging Face's).
    WeightView postAttentionNorm;
    WeightView preFeedForwardNorm, postFeedForwardNorm; // (d), (d): gemma2/3, around the MLP
    WeightView gate, up;                  // (inner, d)
    WeightView down;                      // (d, inner)
};

// Every tensor the decoder reads, by its Hugging Face name, checked against the config.
// F32 tensors are views into the memory map; F16 and BF16 tensors are converted to float one at
// a time as they are read, so the peak is the mapped file plus the float copies (3× a BF16 file
// while it is still mapped; the mapping's pages are the page cache's to drop).
struct LlamaWeights
{
    WeightView embedding;               // (vocab, d) model.embed_tokens.weight
    std::vector<LlamaLayerWeights> layers;
    WeightView finalNorm;               // (d) model.norm.weight
    WeightView lmHead;                  // (vocab, d) lm_head.weight, or the embedding when tied

    QStringList warnings;               // non-finite weights, one line per tensor
    qint64 convertedBytes = 0;          // floats made from F16/BF16
    qint64 parameterCount = 0;
    std::vector<std::shared_ptr<const void>> storage; // mappings and converted buffers

    // A missing tensor or a wrong shape gives a message naming the tensor, the expected and the
    // found shape and the config keys behind it.
    static Expected<LlamaWeights> load(const SafetensorsShards &files, const LlamaConfig &config);
    // The same from a GGUF file (llama.cpp's names mapped onto Hugging Face's, quantised tensors
    // dequantised, llama's Q/K rows put back in Hugging Face's order): ggufllamaweights.cpp.
    static Expected<LlamaWeights> loadGguf(const gguf::GgufFile &file, const LlamaConfig &config);
    // Every tensor through `tensors`, by Hugging Face name under `decoderPrefix` ("model.") and
    // `lmHeadName`; both loaders end here.
    static Expected<LlamaWeights> fromTensors(CheckpointTensors &tensors, const LlamaConfig &config,
                                              const QString &decoderPrefix, const QString &lmHeadName);
};

} // namespace attn

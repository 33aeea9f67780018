#pragma once

#include "core/expected.h"
#include "gpt2config.h"
#include "core/io/safetensorsfile.h"
#include "core/tensor.h"
#include "weightview.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace attn {

// One transformer block. Linear weights use GPT-2's Conv1D layout (in, out): y = x·W + b.
struct Gpt2BlockWeights
{
    WeightView ln1Weight, ln1Bias;       // (d)
    WeightView attnWeight, attnBias;     // (d, 3d), (3d): q | k | v, heads side by side in each
    WeightView attnProjWeight, attnProjBias; // (d, d), (d)
    WeightView ln2Weight, ln2Bias;       // (d)
    WeightView fcWeight, fcBias;         // (d, inner), (inner)
    WeightView fcProjWeight, fcProjBias; // (inner, d), (d)
};

// Every tensor GPT-2's forward pass reads, checked against the config. Tensor names may carry
// the "transformer." prefix (checkpoints saved from GPT2LMHeadModel) or not (from GPT2Model, as
// the original gpt2 upload). The LM head is tied to wte, as in GPT-2; a stored lm_head.weight and
// the attention-mask buffers (h.N.attn.bias, h.N.attn.masked_bias) are not read.
struct Gpt2Weights
{
    WeightView wte;          // (vocab, d)
    WeightView wpe;          // (positions, d)
    std::vector<Gpt2BlockWeights> blocks;
    WeightView lnFWeight, lnFBias; // (d)

    // Non-finite weights are loaded and reported here, one line per tensor: refusing them would
    // hide exactly the broken checkpoint a person wants to look at; the views show the NaNs.
    QStringList warnings;
    qint64 convertedBytes = 0; // F16/BF16 converted to float at load; 0 for an F32 file

    // The mapping and conversion buffers the views point into.
    std::vector<std::shared_ptr<const void>> storage;

    // A missing tensor, a wrong shape or an unsupported dtype gives a message that names the
    // tensor, the expected and the found shape.
    static Expected<Gpt2Weights> load(const safetensors::SafetensorsFile &file, const Gpt2Config &config);
};

} // namespace attn

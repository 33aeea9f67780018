#pragma once

#include "bertconfig.h"
#include "core/expected.h"
#include "safetensorsshards.h"
#include "weightview.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace attn {

// A LayerNorm's scale and shift, (d) each.
struct BertNormWeights
{
    WeightView weight, bias;
};

// One encoder layer (names: bert/roberta's, distilbert's in brackets). Linear weights keep
// nn.Linear's layout (out, in): y = x·Wᵀ + b; every linear has a bias.
struct BertLayerWeights
{
    WeightView query, queryBias;           // attention.self.query [attention.q_lin]   (d, d), (d)
    WeightView key, keyBias;               // attention.self.key   [attention.k_lin]
    WeightView value, valueBias;           // attention.self.value [attention.v_lin]
    WeightView output, outputBias;         // attention.output.dense [attention.out_lin] (d, d), (d)
    BertNormWeights attentionNorm;         // attention.output.LayerNorm [sa_layer_norm]
    WeightView intermediate, intermediateBias; // intermediate.dense [ffn.lin1]  (inner, d), (inner)
    WeightView down, downBias;             // output.dense [ffn.lin2]            (d, inner), (d)
    BertNormWeights outputNorm;            // output.LayerNorm [output_layer_norm]
};

// The masked-language-model head: dense → activation → LayerNorm → decoder + bias.
struct BertMlmHeadWeights
{
    WeightView transform, transformBias;   // cls.predictions.transform.dense [vocab_transform] [lm_head.dense]
    BertNormWeights norm;                  // cls.predictions.transform.LayerNorm [vocab_layer_norm] [lm_head.layer_norm]
    WeightView decoder;                    // (vocab, d): the decoder's weight, or the word embeddings when tied
    WeightView decoderBias;                // (vocab) cls.predictions.bias [vocab_projector.bias] [lm_head.bias]
};

// Every tensor the encoder reads, by its Hugging Face name (with or without the bert./roberta./
// distilbert. prefix a …ForMaskedLM adds), checked against the config. LayerNorms saved in the
// old gamma/beta names read too.
struct BertWeights
{
    WeightView wordEmbedding;      // (vocab, d)
    WeightView positionEmbedding;  // (max_position_embeddings, d)
    WeightView typeEmbedding;      // (type_vocab_size, d); none for distilbert
    BertNormWeights embeddingNorm;
    std::vector<BertLayerWeights> layers;
    bool hasMlmHead = false;       // the checkpoint has a masked-language-model head
    BertMlmHeadWeights mlmHead;

    QStringList warnings;          // non-finite weights, one line per tensor
    qint64 convertedBytes = 0;
    qint64 parameterCount = 0;
    std::vector<std::shared_ptr<const void>> storage;

    static Expected<BertWeights> load(const SafetensorsShards &files, const BertConfig &config);
};

} // namespace attn

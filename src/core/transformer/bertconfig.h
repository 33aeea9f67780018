#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace attn {

// config.json of a BERT-style encoder (model_type bert, distilbert, roberta), in Hugging Face's key
// names. One encoder reads them all:
//   bert        word + position + token-type embeddings → LayerNorm; post-LN layers (attention →
//               add → LayerNorm → GELU MLP → add → LayerNorm); hidden_size, num_attention_heads,
//               num_hidden_layers, intermediate_size, hidden_act, layer_norm_eps, type_vocab_size
//   distilbert  the same without token types, in its own words: dim, n_heads, n_layers, hidden_dim,
//               activation; LayerNorm ε fixed at 1e-12
//   roberta     bert whose position ids start at padding_idx + 1 (pad_token_id) and skip padding
//               tokens; its MLM head always uses the exact GELU
struct BertConfig
{
    enum class Activation { GeluExact, GeluTanh, Relu };

    static constexpr int maxLayers = 256;
    static constexpr int maxPositions = 1 << 20;
    static constexpr int maxVocabSize = 1'000'000;
    static constexpr int maxInner = 1 << 17;
    static constexpr int maxTypes = 1024;

    QString modelType;         // "bert", "distilbert", "roberta"
    int layers = 0;            // num_hidden_layers, n_layers
    int heads = 0;             // num_attention_heads, n_heads
    int dModel = 0;            // hidden_size, dim
    int dHead = 0;             // hidden / heads
    int dInner = 0;            // intermediate_size, hidden_dim
    int vocabSize = 0;
    int positions = 0;         // max_position_embeddings: rows of the position table
    int typeVocabSize = 0;     // type_vocab_size: rows of the token-type table; 0 for distilbert
    int padTokenId = -1;       // pad_token_id (roberta's padding_idx), -1 for none
    float layerNormEpsilon = 1e-12f;
    Activation activation = Activation::GeluExact;    // the MLP's: hidden_act, activation
    Activation mlmActivation = Activation::GeluExact; // the MLM head's transform (roberta: exact GELU)
    // roberta: position ids are padding_idx + 1, + 2, … over the tokens that are not padding (a
    // padding token itself takes padding_idx); the others count from 0.
    bool positionsFromPadding = false;

    bool tokenTypes() const { return typeVocabSize > 0; }
    // The position id of each of `ids`, as the family numbers them.
    std::vector<int> positionIds(const std::vector<int> &ids) const;
    // The longest input: the position table's rows (roberta: less the padding_idx + 1 it skips).
    int contextLength() const;

    // Unknown or inconsistent values are refused with a message naming the key and the value.
    static Expected<BertConfig> fromJson(const QByteArray &json, const QString &displayName);
    static Expected<BertConfig> read(const QString &path);
};

// The model_type values BertConfig reads.
const std::vector<const char *> &bertFamilyModelTypes();

// The model_type of a Hugging Face architecture name of this family ("BertForMaskedLM" → "bert"),
// for a config.json without model_type; empty for any other name.
QString bertModelTypeOfArchitecture(const QString &architecture);

} // namespace attn

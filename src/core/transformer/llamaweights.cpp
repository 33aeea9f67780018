#include "llamaweights.h"

#include "checkpointtensors.h"

#include <QRegularExpression>

#include <algorithm>

namespace attn {
namespace {

// Where the decoder's tensors are: "model." for a …ForCausalLM; the multimodal Gemma 3 keeps its
// text decoder under "language_model.model." (or "model.language_model." as newer transformers
// save it) next to the vision tower, which is not read.
struct TensorNames
{
    QString decoder = QStringLiteral("model.");
    QString lmHead = QStringLiteral("lm_head.weight");
};

TensorNames tensorNames(const SafetensorsShards &files)
{
    TensorNames names;
    if (files.find(names.decoder % QStringLiteral("embed_tokens.weight")).info)
        return names;
    if (files.find(QStringLiteral("language_model.model.embed_tokens.weight")).info)
        return {QStringLiteral("language_model.model."), QStringLiteral("language_model.lm_head.weight")};
    if (files.find(QStringLiteral("model.language_model.embed_tokens.weight")).info)
        return {QStringLiteral("model.language_model."), names.lmHead};
    return names; // the loader's message names model.embed_tokens.weight as missing
}

// Highest layer index named in the files + 1, to catch a config that says fewer layers.
int layersInFiles(const SafetensorsShards &files, const QString &decoderPrefix)
{
    const QRegularExpression layer(QLatin1Char('^') % QRegularExpression::escape(decoderPrefix)
                                   % QStringLiteral("layers\\.(\\d{1,6})\\."));
    int count = 0;
    for (const safetensors::SafetensorsFile &file : files.files())
        for (const safetensors::TensorInfo &tensor : file.tensors())
            if (const QRegularExpressionMatch match = layer.match(tensor.name); match.hasMatch())
                count = std::max(count, match.captured(1).toInt() + 1);
    return count;
}

} // namespace

Expected<LlamaWeights> LlamaWeights::load(const SafetensorsShards &files, const LlamaConfig &config)
{
    const TensorNames names = tensorNames(files);
    if (const int inFiles = layersInFiles(files, names.decoder); inFiles > config.layers)
        return Error{files.displayName() % QStringLiteral(": the weights have layers %1layers.0 to %1layers.%2 but "
                                                          "config.json says num_hidden_layers %3")
                                               .arg(names.decoder).arg(inFiles - 1).arg(config.layers)};

    CheckpointTensors loader(files.displayName(), [&files](const QString &name) { return files.find(name); });
    return fromTensors(loader, config, names.decoder, names.lmHead);
}

Expected<LlamaWeights> LlamaWeights::fromTensors(CheckpointTensors &loader, const LlamaConfig &config,
                                                 const QString &decoderPrefix, const QString &lmHeadName)
{
    const TensorNames names{decoderPrefix, lmHeadName};
    LlamaWeights weights;
    const qint64 d = config.dModel;
    const qint64 inner = config.dInner;
    const qint64 queryWidth = qint64(config.heads) * config.dHead;
    const qint64 keyWidth = qint64(config.keyValueHeads) * config.dHead;
    const QString dText = QStringLiteral("hidden_size %1").arg(d);
    const QString queryText = QStringLiteral("num_attention_heads %1 × head_dim %2").arg(config.heads).arg(config.dHead);
    const QString keyText = QStringLiteral("num_key_value_heads %1 × head_dim %2").arg(config.keyValueHeads).arg(config.dHead);
    const QString innerText = QStringLiteral("intermediate_size %1").arg(inner);
    const QString headText = QStringLiteral("head_dim %1").arg(config.dHead);

#define AE_LOAD(target, name, shape, why)                         \
    do {                                                          \
        Expected<WeightView> view = loader.get(name, shape, why); \
        if (!view)                                                \
            return Error{view.error()};                           \
        target = *view;                                           \
    } while (false)
    using Shape = std::vector<qint64>;

    AE_LOAD(weights.embedding, names.decoder % QStringLiteral("embed_tokens.weight"), (Shape{config.vocabSize, d}),
            QStringLiteral("vocab_size %1, %2").arg(config.vocabSize).arg(dText));
    weights.layers.resize(size_t(config.layers));
    for (int l = 0; l < config.layers; ++l) {
        LlamaLayerWeights &layer = weights.layers[size_t(l)];
        const QString p = names.decoder % QStringLiteral("layers.%1.").arg(l);
        const QString attention = p % QStringLiteral("self_attn.");
        AE_LOAD(layer.inputNorm, p % QStringLiteral("input_layernorm.weight"), Shape{d}, dText);
        AE_LOAD(layer.query, attention % QStringLiteral("q_proj.weight"), (Shape{queryWidth, d}), queryText % QStringLiteral(", ") % dText);
        AE_LOAD(layer.key, attention % QStringLiteral("k_proj.weight"), (Shape{keyWidth, d}), keyText % QStringLiteral(", ") % dText);
        AE_LOAD(layer.value, attention % QStringLiteral("v_proj.weight"), (Shape{keyWidth, d}), keyText % QStringLiteral(", ") % dText);
        if (config.queryKeyValueBias) {
            AE_LOAD(layer.queryBias, attention % QStringLiteral("q_proj.bias"), Shape{queryWidth}, queryText);
            AE_LOAD(layer.keyBias, attention % QStringLiteral("k_proj.bias"), Shape{keyWidth}, keyText);
            AE_LOAD(layer.valueBias, attention % QStringLiteral("v_proj.bias"), Shape{keyWidth}, keyText);
        }
        if (config.headNorms) {
            AE_LOAD(layer.queryNorm, attention % QStringLiteral("q_norm.weight"), Shape{config.dHead}, headText);
            AE_LOAD(layer.keyNorm, attention % QStringLiteral("k_norm.weight"), Shape{config.dHead}, headText);
        }
        AE_LOAD(layer.output, attention % QStringLiteral("o_proj.weight"), (Shape{d, queryWidth}), dText % QStringLiteral(", ") % queryText);
        if (config.outputBias)
            AE_LOAD(layer.outputBias, attention % QStringLiteral("o_proj.bias"), Shape{d}, dText);
        AE_LOAD(layer.postAttentionNorm, p % QStringLiteral("post_attention_layernorm.weight"), Shape{d}, dText);
        if (config.sandwichNorms) {
            AE_LOAD(layer.preFeedForwardNorm, p % QStringLiteral("pre_feedforward_layernorm.weight"), Shape{d}, dText);
            AE_LOAD(layer.postFeedForwardNorm, p % QStringLiteral("post_feedforward_layernorm.weight"), Shape{d}, dText);
        }
        AE_LOAD(layer.gate, p % QStringLiteral("mlp.gate_proj.weight"), (Shape{inner, d}), innerText % QStringLiteral(", ") % dText);
        AE_LOAD(layer.up, p % QStringLiteral("mlp.up_proj.weight"), (Shape{inner, d}), innerText % QStringLiteral(", ") % dText);
        AE_LOAD(layer.down, p % QStringLiteral("mlp.down_proj.weight"), (Shape{d, inner}), dText % QStringLiteral(", ") % innerText);
    }
    AE_LOAD(weights.finalNorm, names.decoder % QStringLiteral("norm.weight"), Shape{d}, dText);
    if (config.tiedEmbeddings)
        weights.lmHead = weights.embedding; // a stored lm_head.weight (some exports keep one) is the same numbers
    else
        AE_LOAD(weights.lmHead, names.lmHead, (Shape{config.vocabSize, d}),
                QStringLiteral("vocab_size %1, %2; tie_word_embeddings is false").arg(config.vocabSize).arg(dText));
#undef AE_LOAD

    weights.warnings = loader.nonFiniteWarnings();
    weights.convertedBytes = loader.convertedBytes();
    weights.parameterCount = loader.parameterCount();
    weights.storage = loader.takeStorage();
    return weights;
}

} // namespace attn

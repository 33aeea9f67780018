#include "bertweights.h"

#include "checkpointtensors.h"

#include <QRegularExpression>
#include <QStringBuilder>

#include <algorithm>

namespace attn {
namespace {

// Highest layer index named under `layerPrefix` + 1, to catch a config that says fewer layers.
int layersInFiles(const SafetensorsShards &files, const QString &layerPrefix)
{
    const QRegularExpression layer(QLatin1Char('^') % QRegularExpression::escape(layerPrefix) % QStringLiteral("(\\d{1,6})\\."));
    int count = 0;
    for (const safetensors::SafetensorsFile &file : files.files())
        for (const safetensors::TensorInfo &tensor : file.tensors())
            if (const QRegularExpressionMatch match = layer.match(tensor.name); match.hasMatch())
                count = std::max(count, match.captured(1).toInt() + 1);
    return count;
}

bool has(const SafetensorsShards &files, const QString &name)
{
    return files.find(name).info != nullptr;
}

} // namespace

Expected<BertWeights> BertWeights::load(const SafetensorsShards &files, const BertConfig &config)
{
    const bool distilbert = config.modelType == QLatin1String("distilbert");
    const bool roberta = config.modelType == QLatin1String("roberta");
    // A …ForMaskedLM keeps the encoder under "<model_type>."; a bare …Model saves it without.
    QString base = config.modelType % QLatin1Char('.');
    if (!has(files, base % QStringLiteral("embeddings.word_embeddings.weight"))
        && has(files, QStringLiteral("embeddings.word_embeddings.weight")))
        base.clear();
    const QString layerPrefix = base % (distilbert ? QStringLiteral("transformer.layer.") : QStringLiteral("encoder.layer."));
    if (const int inFiles = layersInFiles(files, layerPrefix); inFiles > config.layers)
        return Error{files.displayName() % QStringLiteral(": the weights have layers %1%2 to %1%3 but config.json says %4 %5")
                                               .arg(layerPrefix).arg(0).arg(inFiles - 1)
                                               .arg(QLatin1String(distilbert ? "n_layers" : "num_hidden_layers"))
                                               .arg(config.layers)};

    BertWeights weights;
    CheckpointTensors loader(files.displayName(), [&files](const QString &name) { return files.find(name); });
    const qint64 d = config.dModel;
    const qint64 inner = config.dInner;
    const qint64 vocab = config.vocabSize;
    const QString dText = QStringLiteral("%1 %2").arg(QLatin1String(distilbert ? "dim" : "hidden_size")).arg(d);
    const QString innerText = QStringLiteral("%1 %2").arg(QLatin1String(distilbert ? "hidden_dim" : "intermediate_size")).arg(inner);
    const QString vocabText = QStringLiteral("vocab_size %1").arg(vocab);
    using Shape = std::vector<qint64>;

#define AE_LOAD(target, name, shape, why)                         \
    do {                                                          \
        Expected<WeightView> view = loader.get(name, shape, why); \
        if (!view)                                                \
            return Error{view.error()};                           \
        target = *view;                                           \
    } while (false)
    // A LayerNorm: weight/bias, or the gamma/beta of checkpoints converted from TensorFlow.
#define AE_LOAD_NORM(target, prefix)                                                                             \
    do {                                                                                                         \
        const bool old_ = !has(files, (prefix) % QStringLiteral(".weight")) && has(files, (prefix) % QStringLiteral(".gamma")); \
        AE_LOAD((target).weight, (prefix) % (old_ ? QStringLiteral(".gamma") : QStringLiteral(".weight")), Shape{d}, dText); \
        AE_LOAD((target).bias, (prefix) % (old_ ? QStringLiteral(".beta") : QStringLiteral(".bias")), Shape{d}, dText);     \
    } while (false)
#define AE_LOAD_LINEAR(weight, bias, prefix, out, in, why)                                        \
    do {                                                                                          \
        AE_LOAD(weight, (prefix) % QStringLiteral(".weight"), (Shape{out, in}), why);             \
        AE_LOAD(bias, (prefix) % QStringLiteral(".bias"), Shape{out}, why);                       \
    } while (false)

    const QString embeddings = base % QStringLiteral("embeddings.");
    AE_LOAD(weights.wordEmbedding, embeddings % QStringLiteral("word_embeddings.weight"), (Shape{vocab, d}),
            vocabText % QStringLiteral(", ") % dText);
    AE_LOAD(weights.positionEmbedding, embeddings % QStringLiteral("position_embeddings.weight"),
            (Shape{config.positions, d}), QStringLiteral("max_position_embeddings %1, %2").arg(config.positions).arg(dText));
    if (config.tokenTypes())
        AE_LOAD(weights.typeEmbedding, embeddings % QStringLiteral("token_type_embeddings.weight"),
                (Shape{config.typeVocabSize, d}), QStringLiteral("type_vocab_size %1, %2").arg(config.typeVocabSize).arg(dText));
    AE_LOAD_NORM(weights.embeddingNorm, embeddings % QStringLiteral("LayerNorm"));

    const QString dByD = dText % QStringLiteral(" × ") % dText;
    const QString innerByD = innerText % QStringLiteral(", ") % dText;
    weights.layers.resize(size_t(config.layers));
    for (int l = 0; l < config.layers; ++l) {
        BertLayerWeights &layer = weights.layers[size_t(l)];
        const QString p = layerPrefix % QString::number(l) % QLatin1Char('.');
        if (distilbert) {
            const QString a = p % QStringLiteral("attention.");
            AE_LOAD_LINEAR(layer.query, layer.queryBias, a % QStringLiteral("q_lin"), d, d, dByD);
            AE_LOAD_LINEAR(layer.key, layer.keyBias, a % QStringLiteral("k_lin"), d, d, dByD);
            AE_LOAD_LINEAR(layer.value, layer.valueBias, a % QStringLiteral("v_lin"), d, d, dByD);
            AE_LOAD_LINEAR(layer.output, layer.outputBias, a % QStringLiteral("out_lin"), d, d, dByD);
            AE_LOAD_NORM(layer.attentionNorm, p % QStringLiteral("sa_layer_norm"));
            AE_LOAD_LINEAR(layer.intermediate, layer.intermediateBias, p % QStringLiteral("ffn.lin1"), inner, d, innerByD);
            AE_LOAD_LINEAR(layer.down, layer.downBias, p % QStringLiteral("ffn.lin2"), d, inner, innerByD);
            AE_LOAD_NORM(layer.outputNorm, p % QStringLiteral("output_layer_norm"));
        } else {
            const QString a = p % QStringLiteral("attention.");
            AE_LOAD_LINEAR(layer.query, layer.queryBias, a % QStringLiteral("self.query"), d, d, dByD);
            AE_LOAD_LINEAR(layer.key, layer.keyBias, a % QStringLiteral("self.key"), d, d, dByD);
            AE_LOAD_LINEAR(layer.value, layer.valueBias, a % QStringLiteral("self.value"), d, d, dByD);
            AE_LOAD_LINEAR(layer.output, layer.outputBias, a % QStringLiteral("output.dense"), d, d, dByD);
            AE_LOAD_NORM(layer.attentionNorm, a % QStringLiteral("output.LayerNorm"));
            AE_LOAD_LINEAR(layer.intermediate, layer.intermediateBias, p % QStringLiteral("intermediate.dense"), inner, d, innerByD);
            AE_LOAD_LINEAR(layer.down, layer.downBias, p % QStringLiteral("output.dense"), d, inner, innerByD);
            AE_LOAD_NORM(layer.outputNorm, p % QStringLiteral("output.LayerNorm"));
        }
    }

    // The MLM head, where the checkpoint has one (a …ForMaskedLM; a …Model has none).
    QString transform, norm, decoder, bias, otherBias;
    if (distilbert) {
        transform = QStringLiteral("vocab_transform");
        norm = QStringLiteral("vocab_layer_norm");
        decoder = QStringLiteral("vocab_projector.weight");
        bias = QStringLiteral("vocab_projector.bias");
    } else if (roberta) {
        transform = QStringLiteral("lm_head.dense");
        norm = QStringLiteral("lm_head.layer_norm");
        decoder = QStringLiteral("lm_head.decoder.weight");
        bias = QStringLiteral("lm_head.bias");
        otherBias = QStringLiteral("lm_head.decoder.bias");
    } else {
        transform = QStringLiteral("cls.predictions.transform.dense");
        norm = QStringLiteral("cls.predictions.transform.LayerNorm");
        decoder = QStringLiteral("cls.predictions.decoder.weight");
        bias = QStringLiteral("cls.predictions.bias");
        otherBias = QStringLiteral("cls.predictions.decoder.bias");
    }
    weights.hasMlmHead = has(files, transform % QStringLiteral(".weight"));
    if (weights.hasMlmHead) {
        BertMlmHeadWeights &head = weights.mlmHead;
        AE_LOAD_LINEAR(head.transform, head.transformBias, transform, d, d, dByD);
        AE_LOAD_NORM(head.norm, norm);
        if (has(files, decoder))
            AE_LOAD(head.decoder, decoder, (Shape{vocab, d}), vocabText % QStringLiteral(", ") % dText);
        else
            head.decoder = weights.wordEmbedding; // tied: Hugging Face saves the word embeddings once
        const QString biasName = !has(files, bias) && !otherBias.isEmpty() && has(files, otherBias) ? otherBias : bias;
        AE_LOAD(head.decoderBias, biasName, Shape{vocab}, vocabText);
    }
#undef AE_LOAD_LINEAR
#undef AE_LOAD_NORM
#undef AE_LOAD

    weights.warnings = loader.nonFiniteWarnings();
    weights.convertedBytes = loader.convertedBytes();
    weights.parameterCount = loader.parameterCount();
    weights.storage = loader.takeStorage();
    return weights;
}

} // namespace attn

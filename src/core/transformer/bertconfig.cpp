#include "bertconfig.h"

#include "core/engine/attentionconfig.h"
#include "core/io/configobject.h"
#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"

#include <QDir>
#include <QStringBuilder>

#include <algorithm>

namespace attn {
namespace {

constexpr qint64 maxConfigBytes = 4 * 1024 * 1024; // a config.json is a few kilobytes

using io::JsonValue;
using io::describeJsonValue;
using Reader = io::ConfigObjectReader;

// hidden_act / activation: a string this encoder implements; missing: `otherwise`.
Expected<BertConfig::Activation> readActivation(const Reader &reader, const char *key, BertConfig::Activation otherwise)
{
    if (reader.absent(key))
        return otherwise;
    const JsonValue &value = *reader.find(key);
    const QString name = value.isString() ? value.string() : QString();
    if (name == QLatin1String("gelu"))
        return BertConfig::Activation::GeluExact;
    if (name == QLatin1String("gelu_new") || name == QLatin1String("gelu_pytorch_tanh"))
        return BertConfig::Activation::GeluTanh;
    if (name == QLatin1String("relu"))
        return BertConfig::Activation::Relu;
    return Error{reader.name() % QStringLiteral(": \"%1\" is %2; this encoder implements \"gelu\", \"gelu_new\", "
                                                "\"gelu_pytorch_tanh\" and \"relu\"")
                                     .arg(QLatin1String(key), describeJsonValue(value))};
}

} // namespace

const std::vector<const char *> &bertFamilyModelTypes()
{
    static const std::vector<const char *> types = {"bert", "distilbert", "roberta"};
    return types;
}

QString bertModelTypeOfArchitecture(const QString &architecture)
{
    for (const char *prefix : {"DistilBert", "Roberta", "Bert"}) // DistilBert before Bert: no overlap, but clearer
        if (architecture.startsWith(QLatin1String(prefix))
            && (architecture.endsWith(QLatin1String("ForMaskedLM")) || architecture.endsWith(QLatin1String("Model"))
                || architecture.endsWith(QLatin1String("ForPreTraining"))))
            return QString::fromLatin1(prefix).toLower();
    return {};
}

std::vector<int> BertConfig::positionIds(const std::vector<int> &ids) const
{
    std::vector<int> positions(ids.size());
    int counted = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (!positionsFromPadding)
            positions[i] = int(i);
        else if (ids[i] == padTokenId)
            positions[i] = padTokenId;
        else
            positions[i] = padTokenId + ++counted;
    }
    return positions;
}

int BertConfig::contextLength() const
{
    return positionsFromPadding ? positions - padTokenId - 1 : positions;
}

Expected<BertConfig> BertConfig::fromJson(const QByteArray &json, const QString &displayName)
{
    const Expected<JsonValue> document = io::parseJson(json, displayName);
    if (!document)
        return Error{document.error()};
    if (!document->isObject())
        return Error{displayName % QStringLiteral(": expected a JSON object")};
    const Reader reader(*document, displayName);

    BertConfig config;
    const JsonValue *type = reader.find("model_type");
    const JsonValue *architectures = reader.find("architectures");
    if (!type && architectures && architectures->isArray() && architectures->size() > 0
        && architectures->items().front().isString())
        config.modelType = bertModelTypeOfArchitecture(architectures->items().front().string());
    else if (type && type->isString())
        config.modelType = type->string();
    const auto &known = bertFamilyModelTypes();
    if (std::none_of(known.begin(), known.end(), [&](const char *t) { return config.modelType == QLatin1String(t); }))
        return Error{displayName % QStringLiteral(": \"model_type\" is %1; this encoder reads \"bert\", \"distilbert\" "
                                                  "and \"roberta\"")
                                       .arg(type ? describeJsonValue(*type) : QStringLiteral("missing"))};
    const bool distilbert = config.modelType == QLatin1String("distilbert");
    const bool roberta = config.modelType == QLatin1String("roberta");

    if (distilbert) {
        AE_TRY(config.layers, reader.integer("n_layers", 1, maxLayers));
        AE_TRY(config.heads, reader.integer("n_heads", 1, Limits::maxHeads));
        AE_TRY(config.dModel, reader.integer("dim", 1, Limits::maxDModel));
        AE_TRY(config.dInner, reader.integer("hidden_dim", 1, maxInner));
        AE_TRY(config.activation, readActivation(reader, "activation", Activation::GeluExact));
        config.mlmActivation = config.activation;
        bool sinusoidal = false;
        AE_TRY(sinusoidal, reader.boolean("sinusoidal_pos_embds", false));
        if (sinusoidal)
            return Error{displayName % QStringLiteral(": \"sinusoidal_pos_embds\" is true; this encoder reads learned "
                                                      "position embeddings only")};
        config.layerNormEpsilon = 1e-12f; // DistilBERT's LayerNorms fix it
        config.typeVocabSize = 0;
    } else {
        AE_TRY(config.layers, reader.integer("num_hidden_layers", 1, maxLayers));
        AE_TRY(config.heads, reader.integer("num_attention_heads", 1, Limits::maxHeads));
        AE_TRY(config.dModel, reader.integer("hidden_size", 1, Limits::maxDModel));
        AE_TRY(config.dInner, reader.integer("intermediate_size", 1, maxInner));
        AE_TRY(config.activation, readActivation(reader, "hidden_act", Activation::GeluExact));
        // BERT's MLM head transforms with hidden_act; RoBERTa's with the exact GELU whatever it says.
        config.mlmActivation = roberta ? Activation::GeluExact : config.activation;
        double epsilon = 1e-12;
        AE_TRY(epsilon, reader.real("layer_norm_eps", 0.0, 1.0, 1e-12));
        config.layerNormEpsilon = float(epsilon);
        AE_TRY(config.typeVocabSize, reader.integer("type_vocab_size", 1, maxTypes, 2));
        if (const JsonValue *embedding = reader.find("position_embedding_type");
            embedding && !embedding->isNull() && !(embedding->isString() && embedding->string() == QLatin1String("absolute")))
            return Error{displayName % QStringLiteral(": \"position_embedding_type\" is %1; this encoder reads \"absolute\" "
                                                      "position embeddings only")
                                           .arg(describeJsonValue(*embedding))};
        bool decoder = false;
        AE_TRY(decoder, reader.boolean("is_decoder", false));
        if (decoder)
            return Error{displayName % QStringLiteral(": \"is_decoder\" is true; this encoder attends both ways only")};
    }
    AE_TRY(config.vocabSize, reader.integer("vocab_size", 1, maxVocabSize));
    AE_TRY(config.positions, reader.integer("max_position_embeddings", 1, maxPositions));
    if (config.dModel % config.heads != 0)
        return Error{displayName % QStringLiteral(": \"%1\" (%2) is not a multiple of \"%3\" (%4)")
                                       .arg(QLatin1String(distilbert ? "dim" : "hidden_size")).arg(config.dModel)
                                       .arg(QLatin1String(distilbert ? "n_heads" : "num_attention_heads")).arg(config.heads)};
    config.dHead = config.dModel / config.heads;
    if (config.dHead > Limits::maxDHead)
        return Error{displayName % QStringLiteral(": the head dimension %1 is above %2").arg(config.dHead).arg(Limits::maxDHead)};

    AE_TRY(config.padTokenId, reader.integer("pad_token_id", 0, config.vocabSize - 1, roberta ? 1 : 0));
    if (roberta) {
        config.positionsFromPadding = true;
        if (config.positions <= config.padTokenId + 1)
            return Error{displayName % QStringLiteral(": \"max_position_embeddings\" (%1) leaves no position after "
                                                      "padding_idx + 1 = %2 (\"pad_token_id\" %3)")
                                           .arg(config.positions).arg(config.padTokenId + 1).arg(config.padTokenId)};
    }
    return config;
}

Expected<BertConfig> BertConfig::read(const QString &path)
{
    const Expected<QByteArray> bytes = io::readFileBytes(path, maxConfigBytes);
    if (!bytes)
        return Error{bytes.error()};
    return fromJson(*bytes, QDir::toNativeSeparators(path));
}

} // namespace attn

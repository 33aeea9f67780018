#include "gpt2config.h"

#include "core/engine/attentionconfig.h"
#include "core/io/configobject.h"
#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"

#include <QDir>

#include <cmath>
#include <initializer_list>

namespace attn {
namespace {

// A config.json is a few kilobytes; anything this large is not one.
constexpr qint64 maxConfigBytes = 4 * 1024 * 1024;

using io::ConfigObjectReader;
using io::JsonValue;
using io::describeJsonValue;

// A string setting that is present and is not one of the accepted spellings; null or a value of
// another type is not accepted either.
bool presentAndNotOneOf(const JsonValue *value, std::initializer_list<const char *> accepted)
{
    if (!value)
        return false;
    for (const char *spelling : accepted)
        if (value->isString() && value->string() == QLatin1String(spelling))
            return false;
    return true;
}

} // namespace

Expected<Gpt2Config> Gpt2Config::fromJson(const QByteArray &json, const QString &displayName)
{
    // The strict reader: a key listed twice is refused instead of the last one silently winning.
    const Expected<JsonValue> document = io::parseJson(json, displayName);
    if (!document)
        return Error{document.error()};
    if (!document->isObject())
        return Error{displayName % QStringLiteral(": expected a JSON object")};
    // GPT-2 reads a null where a number belongs as a wrong value, not as "use the default".
    const ConfigObjectReader reader(*document, displayName, ConfigObjectReader::Null::IsAValue);
    const JsonValue &object = reader.object();

    // Settings that change the maths: refuse rather than compute something else.
    if (const JsonValue *type = object.find(u"model_type"); presentAndNotOneOf(type, {"gpt2"}))
        return Error{displayName % QStringLiteral(": model_type %1: only GPT-2 checkpoints (\"gpt2\") are read as GPT-2")
                                       .arg(describeJsonValue(*type))};
    if (const JsonValue *activation = object.find(u"activation_function");
        presentAndNotOneOf(activation, {"gelu_new", "gelu_pytorch_tanh"}))
        return Error{displayName % QStringLiteral(": activation_function is %1; this forward pass implements GPT-2's "
                                                  "tanh GELU (\"gelu_new\") only").arg(describeJsonValue(*activation))};
    if (reader.flag("scale_attn_by_inverse_layer_idx", false))
        return Error{displayName % QStringLiteral(": scale_attn_by_inverse_layer_idx is true; not supported")};
    if (!reader.flag("scale_attn_weights", true))
        return Error{displayName % QStringLiteral(": scale_attn_weights is false; not supported")};

    Gpt2Config config;
    const auto layers = reader.integer({"n_layer", "num_hidden_layers"}, 1, maxLayers);
    if (!layers)
        return Error{layers.error()};
    const auto heads = reader.integer({"n_head", "num_attention_heads"}, 1, Limits::maxHeads);
    if (!heads)
        return Error{heads.error()};
    const auto dModel = reader.integer({"n_embd", "hidden_size"}, 1, Limits::maxDModel);
    if (!dModel)
        return Error{dModel.error()};
    const auto positions = reader.integer({"n_positions", "max_position_embeddings", "n_ctx"}, 1, maxPositions);
    if (!positions)
        return Error{positions.error()};
    const auto vocabSize = reader.integer({"vocab_size"}, 1, maxVocabSize);
    if (!vocabSize)
        return Error{vocabSize.error()};
    config.layers = *layers;
    config.heads = *heads;
    config.dModel = *dModel;
    config.positions = *positions;
    config.vocabSize = *vocabSize;

    if (config.dModel % config.heads != 0)
        return Error{displayName % QStringLiteral(": n_embd (%1) is not a multiple of n_head (%2)")
                                       .arg(config.dModel).arg(config.heads)};
    if (config.dHead() > Limits::maxDHead)
        return Error{displayName % QStringLiteral(": n_embd / n_head = %1 exceeds the limit of %2 per head")
                                       .arg(config.dHead()).arg(Limits::maxDHead)};

    config.dInner = 4 * config.dModel;
    if (const JsonValue *inner = object.find(u"n_inner"); inner && !inner->isNull()) {
        const auto value = reader.integer({"n_inner"}, 1, maxInner);
        if (!value)
            return Error{value.error()};
        config.dInner = *value;
    }

    const auto epsilon = reader.real({"layer_norm_epsilon", "layer_norm_eps"}, 0.0, 1.0, config.layerNormEpsilon);
    if (!epsilon)
        return Error{epsilon.error()};
    config.layerNormEpsilon = float(*epsilon);
    return config;
}

Expected<Gpt2Config> Gpt2Config::read(const QString &path)
{
    const Expected<QByteArray> bytes = io::readFileBytes(path, maxConfigBytes);
    if (!bytes)
        return Error{bytes.error()};
    return fromJson(*bytes, QDir::toNativeSeparators(path));
}

} // namespace attn

#include "gpt2config.h"

#include "core/attentionconfig.h"
#include "core/io/filebytes.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <initializer_list>

namespace attn {
namespace {

// A config.json is a few kilobytes; anything this large is not one.
constexpr qint64 maxConfigBytes = 4 * 1024 * 1024;

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String:
        return QLatin1Char('"') % value.toString().left(60) % QLatin1Char('"');
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

class ConfigReader
{
public:
    ConfigReader(const QJsonObject &object, const QString &displayName) : m_object(object), m_name(displayName) {}

    // The first key present among `keys` (GPT-2's own name first, then Hugging Face's aliases).
    QString keyOf(std::initializer_list<const char *> keys) const
    {
        for (const char *key : keys)
            if (m_object.contains(QLatin1String(key)))
                return QLatin1String(key);
        return {};
    }

    Expected<int> integer(std::initializer_list<const char *> keys, int low, int high) const
    {
        const QString key = keyOf(keys);
        if (key.isEmpty())
            return Error{m_name % QStringLiteral(": the key \"%1\" is missing").arg(QLatin1String(*keys.begin()))};
        const QJsonValue value = m_object.value(key);
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || number != std::floor(number) || number < low || number > high)
            return Error{m_name % QStringLiteral(": \"%1\" must be a whole number from %2 to %3, found %4")
                                      .arg(key).arg(low).arg(high).arg(describe(value))};
        return int(number);
    }

    const QJsonObject &object() const { return m_object; }
    const QString &name() const { return m_name; }

private:
    QJsonObject m_object;
    QString m_name;
};

} // namespace

Expected<Gpt2Config> Gpt2Config::fromJson(const QByteArray &json, const QString &displayName)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{displayName % QStringLiteral(": not valid JSON (%1 at byte %2)")
                                       .arg(parseError.errorString()).arg(parseError.offset)};
    if (!document.isObject())
        return Error{displayName % QStringLiteral(": expected a JSON object")};
    const ConfigReader reader(document.object(), displayName);
    const QJsonObject &object = reader.object();

    // Settings that change the maths: refuse rather than compute something else.
    if (const QJsonValue type = object.value(QLatin1String("model_type")); !type.isUndefined()
        && type.toString() != QLatin1String("gpt2"))
        return Error{displayName % QStringLiteral(": model_type is %1; only GPT-2 checkpoints (\"gpt2\") are supported")
                                       .arg(describe(type))};
    if (const QJsonValue activation = object.value(QLatin1String("activation_function")); !activation.isUndefined()
        && activation.toString() != QLatin1String("gelu_new") && activation.toString() != QLatin1String("gelu_pytorch_tanh"))
        return Error{displayName % QStringLiteral(": activation_function is %1; this forward pass implements GPT-2's "
                                                  "tanh GELU (\"gelu_new\") only").arg(describe(activation))};
    if (object.value(QLatin1String("scale_attn_by_inverse_layer_idx")).toBool(false))
        return Error{displayName % QStringLiteral(": scale_attn_by_inverse_layer_idx is true; not supported")};
    if (!object.value(QLatin1String("scale_attn_weights")).toBool(true))
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
    if (const QJsonValue inner = object.value(QLatin1String("n_inner")); !inner.isUndefined() && !inner.isNull()) {
        const auto value = reader.integer({"n_inner"}, 1, maxInner);
        if (!value)
            return Error{value.error()};
        config.dInner = *value;
    }

    const QString epsilonKey = reader.keyOf({"layer_norm_epsilon", "layer_norm_eps"});
    if (!epsilonKey.isEmpty()) {
        const QJsonValue value = object.value(epsilonKey);
        const double epsilon = value.toDouble(std::nan(""));
        if (!value.isDouble() || !(epsilon > 0.0 && epsilon < 1.0))
            return Error{displayName % QStringLiteral(": \"%1\" must be a number above 0 and below 1, found %2")
                                           .arg(epsilonKey, describe(value))};
        config.layerNormEpsilon = float(epsilon);
    }
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

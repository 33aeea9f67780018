#include "llamaconfig.h"

#include "core/engine/attentionconfig.h"
#include "core/io/configobject.h"
#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"

#include <QDir>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace attn {
namespace {

constexpr qint64 maxConfigBytes = 4 * 1024 * 1024; // a config.json is a few kilobytes

using io::JsonValue;
using io::describeJsonValue;
using Reader = io::ConfigObjectReader;

// rope_scaling: null, or {"rope_type" (or "type"): "default" | "linear" | "dynamic" | "llama3", …}.
Expected<RopeSettings> readRopeScaling(const Reader &config, RopeSettings rope)
{
    const JsonValue *scaling = config.find("rope_scaling");
    if (!scaling || scaling->isNull())
        return rope;
    if (!scaling->isObject())
        return Error{config.name() % QStringLiteral(": \"rope_scaling\" must be an object or null, found %1").arg(describeJsonValue(*scaling))};
    const Reader reader(*scaling, config.name() % QStringLiteral(" (rope_scaling)"));
    const JsonValue *type = reader.find("rope_type");
    const char *typeKey = "rope_type";
    if (!type) {
        type = reader.find("type");
        typeKey = "type";
    }
    if (!type || !type->isString())
        return Error{config.name() % QStringLiteral(": \"rope_scaling\" has no \"rope_type\" (or \"type\") string")};
    const QString kind = type->string();
    if (kind == QLatin1String("default"))
        return rope;
    if (kind == QLatin1String("linear"))
        rope.scaling = RopeSettings::Scaling::Linear;
    else if (kind == QLatin1String("dynamic"))
        rope.scaling = RopeSettings::Scaling::Dynamic;
    else if (kind == QLatin1String("llama3"))
        rope.scaling = RopeSettings::Scaling::Llama3;
    else
        return Error{config.name() % QStringLiteral(": rope_scaling \"%1\" is %2; supported: \"default\", \"linear\", "
                                                     "\"dynamic\", \"llama3\"")
                                         .arg(QLatin1String(typeKey), describeJsonValue(*type))};
    if (reader.absent("factor"))
        return Error{config.name() % QStringLiteral(": rope_scaling %1 needs a \"factor\"").arg(describeJsonValue(*type))};
    AE_TRY(rope.factor, reader.real("factor", 0.0, 1e6, 1.0));
    if (rope.scaling == RopeSettings::Scaling::Dynamic && rope.factor < 1.0)
        return Error{config.name() % QStringLiteral(": rope_scaling \"factor\" must be at least 1 for dynamic scaling, found %1")
                                         .arg(rope.factor)};
    if (rope.scaling == RopeSettings::Scaling::Llama3) {
        for (const char *key : {"low_freq_factor", "high_freq_factor", "original_max_position_embeddings"})
            if (reader.absent(key))
                return Error{config.name() % QStringLiteral(": rope_scaling \"llama3\" needs \"%1\"").arg(QLatin1String(key))};
        AE_TRY(rope.lowFrequencyFactor, reader.real("low_freq_factor", 0.0, 1e6, 1.0));
        AE_TRY(rope.highFrequencyFactor, reader.real("high_freq_factor", 0.0, 1e6, 4.0));
        AE_TRY(rope.originalPositions, reader.real("original_max_position_embeddings", 0.0, 1e9, 8192.0));
        if (!(rope.highFrequencyFactor > rope.lowFrequencyFactor))
            return Error{config.name() % QStringLiteral(": rope_scaling \"high_freq_factor\" (%1) must exceed \"low_freq_factor\" (%2)")
                                             .arg(rope.highFrequencyFactor).arg(rope.lowFrequencyFactor)};
    }
    return rope;
}

// Which layers attend through a sliding window: mistral all of them (sliding_window null: none);
// qwen2/qwen3 those from max_window_layers on when use_sliding_window is true; "layer_types",
// where a config lists it, decides per layer.
// gemma2: the even layers (0, 2, …) slide, the odd ones see everything; gemma3: every
// sliding_window_pattern-th layer (the 6th, 12th, …) is global, the others slide. Both take
// sliding_window's Hugging Face default of 4096 when the key is missing.
Expected<std::vector<int>> readSlidingWindows(const Reader &config, const QString &modelType, int layers)
{
    std::vector<int> windows(size_t(layers), 0);
    const bool gemma2 = modelType == QLatin1String("gemma2");
    const bool gemma3 = modelType == QLatin1String("gemma3_text");
    int window = 0;
    AE_TRY(window, config.integer("sliding_window", 1, std::numeric_limits<int>::max(), gemma2 || gemma3 ? 4096 : 0));

    if (const JsonValue *types = config.find("layer_types"); types && !types->isNull()) {
        if (!types->isArray() || types->size() != layers)
            return Error{config.name() % QStringLiteral(": \"layer_types\" must list one type for each of the %1 layers").arg(layers)};
        for (int l = 0; l < layers; ++l) {
            const JsonValue &type = types->items()[size_t(l)];
            const bool sliding = type.isString() && type.string() == QLatin1String("sliding_attention");
            if (!sliding && !(type.isString() && type.string() == QLatin1String("full_attention")))
                return Error{config.name() % QStringLiteral(": \"layer_types\" entry %1 is %2; expected \"full_attention\" or "
                                                            "\"sliding_attention\"").arg(l).arg(describeJsonValue(type))};
            if (sliding && window == 0)
                return Error{config.name() % QStringLiteral(": layer %1 is \"sliding_attention\" but \"sliding_window\" is missing").arg(l)};
            windows[size_t(l)] = sliding ? window : 0;
        }
        return windows;
    }

    if (gemma2) {
        for (int l = 0; l < layers; l += 2)
            windows[size_t(l)] = window;
    } else if (gemma3) {
        int pattern = 6;
        AE_TRY(pattern, config.integer("sliding_window_pattern", 1, std::numeric_limits<int>::max(), 6));
        for (int l = 0; l < layers; ++l)
            windows[size_t(l)] = (l + 1) % pattern != 0 ? window : 0;
    } else if (modelType == QLatin1String("mistral")) {
        std::fill(windows.begin(), windows.end(), window);
    } else if (modelType == QLatin1String("qwen2") || modelType == QLatin1String("qwen3")) {
        bool use = false;
        AE_TRY(use, config.boolean("use_sliding_window", false));
        if (use) {
            if (window == 0)
                return Error{config.name() % QStringLiteral(": \"use_sliding_window\" is true but \"sliding_window\" is missing")};
            int first = 0;
            AE_TRY(first, config.integer("max_window_layers", 0, std::numeric_limits<int>::max(), 0));
            for (int l = first; l < layers; ++l)
                windows[size_t(l)] = window;
        }
    }
    return windows;
}

} // namespace

const std::vector<const char *> &llamaFamilyModelTypes()
{
    static const std::vector<const char *> types = {"llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text"};
    return types;
}

QString llamaModelTypeOfArchitecture(const QString &architecture)
{
    static const std::pair<const char *, const char *> names[] = {
        {"LlamaForCausalLM", "llama"},   {"MistralForCausalLM", "mistral"}, {"Qwen2ForCausalLM", "qwen2"},
        {"Qwen3ForCausalLM", "qwen3"},   {"GemmaForCausalLM", "gemma"},     {"Gemma2ForCausalLM", "gemma2"},
        {"Gemma3ForCausalLM", "gemma3_text"}, {"Gemma3ForConditionalGeneration", "gemma3"}};
    for (const auto &[name, type] : names)
        if (architecture == QLatin1String(name))
            return QLatin1String(type);
    return {};
}

int LlamaConfig::contextLength() const
{
    return rope.scaling == RopeSettings::Scaling::Dynamic ? std::max(positions, Limits::maxTokens) : positions;
}

Expected<LlamaConfig> LlamaConfig::fromJson(const QByteArray &json, const QString &displayName)
{
    const Expected<JsonValue> document = io::parseJson(json, displayName);
    if (!document)
        return Error{document.error()};
    if (!document->isObject())
        return Error{displayName % QStringLiteral(": expected a JSON object")};
    const Reader top(*document, displayName);

    LlamaConfig config;
    const JsonValue *type = top.find("model_type");
    const JsonValue *architectures = top.find("architectures");
    if (!type && architectures && architectures->isArray() && architectures->size() > 0
        && architectures->items().front().isString())
        config.modelType = llamaModelTypeOfArchitecture(architectures->items().front().string());
    else if (type && type->isString())
        config.modelType = type->string();
    if (config.modelType.isEmpty())
        return Error{displayName % QStringLiteral(": \"model_type\" must name the family, found %1")
                                       .arg(type ? describeJsonValue(*type) : QStringLiteral("nothing"))};

    // The multimodal Gemma 3 (Gemma3ForConditionalGeneration) keeps its decoder's settings in
    // text_config; its text decoder is a gemma3_text one (the vision tower is not read).
    const JsonValue *textConfig = nullptr;
    if (config.modelType == QLatin1String("gemma3")) {
        textConfig = top.find("text_config");
        if (!textConfig || !textConfig->isObject())
            return Error{displayName % QStringLiteral(": model_type \"gemma3\" is the multimodal Gemma 3, whose decoder's settings "
                                                      "are the object \"text_config\"; found %1")
                                           .arg(textConfig ? describeJsonValue(*textConfig) : QStringLiteral("nothing"))};
        config.modelType = QStringLiteral("gemma3_text");
    }
    const Reader reader = textConfig ? Reader(*textConfig, displayName % QStringLiteral(" (text_config)")) : top;
    const QString &where = reader.name(); // the file, and the nested object the settings are in
    const auto &known = llamaFamilyModelTypes();
    if (std::none_of(known.begin(), known.end(), [&](const char *t) { return config.modelType == QLatin1String(t); }))
        return Error{where % QStringLiteral(": model_type \"%1\" is not a llama-family decoder").arg(config.modelType)};
    const bool gemma = config.modelType.startsWith(QLatin1String("gemma"));
    const bool gemma2 = config.modelType == QLatin1String("gemma2");
    const bool gemma3 = config.modelType == QLatin1String("gemma3_text");

    // What changes the maths and is not implemented: refused, never ignored.
    if (gemma) {
        // Gemma's MLP reads hidden_activation; configs from before that key have hidden_act, and
        // Hugging Face's default for both is the tanh form of GELU.
        const char *key = reader.absent("hidden_activation") ? "hidden_act" : "hidden_activation";
        const JsonValue *activation = reader.find(key);
        const QString name = activation && activation->isString() ? activation->string() : QString();
        if (!activation || activation->isNull() || name == QLatin1String("gelu_pytorch_tanh"))
            config.activation = LlamaConfig::Activation::GeluTanh;
        else if (name == QLatin1String("gelu"))
            config.activation = LlamaConfig::Activation::GeluExact;
        else
            return Error{where % QStringLiteral(": \"%1\" is %2; this decoder implements GeGLU with \"gelu_pytorch_tanh\" "
                                                "or \"gelu\" only")
                                     .arg(QLatin1String(key), describeJsonValue(*activation))};
        bool bidirectional = false;
        AE_TRY(bidirectional, reader.boolean("use_bidirectional_attention", false));
        if (bidirectional)
            return Error{where % QStringLiteral(": \"use_bidirectional_attention\" is true; this decoder is causal only")};
    } else if (const JsonValue *activation = reader.find("hidden_act");
               activation && !(activation->isString() && activation->string() == QLatin1String("silu"))) {
        return Error{where % QStringLiteral(": \"hidden_act\" is %1; this decoder implements SwiGLU with \"silu\" only")
                                 .arg(describeJsonValue(*activation))};
    }
    if (!reader.absent("rope_parameters"))
        return Error{where % QStringLiteral(": \"rope_parameters\" (the newer spelling of rope_theta and rope_scaling) is "
                                            "not read by this version; use a config.json with \"rope_theta\"")};
    bool mlpBias = false;
    AE_TRY(mlpBias, reader.boolean("mlp_bias", false));
    if (mlpBias)
        return Error{where % QStringLiteral(": \"mlp_bias\" is true; not supported")};

    // Gemma 3's configs (the multimodal ones' text_config above all) leave out what equals Hugging
    // Face's Gemma3TextConfig defaults; the other families' configs spell their shape out.
    auto shapeKey = [&](const char *key, int low, int high, int gemma3Default) {
        return gemma3 ? reader.integer(key, low, high, gemma3Default) : reader.integer(key, low, high);
    };
    AE_TRY(config.layers, shapeKey("num_hidden_layers", 1, maxLayers, 26));
    AE_TRY(config.heads, shapeKey("num_attention_heads", 1, Limits::maxHeads, 8));
    AE_TRY(config.keyValueHeads, reader.integer("num_key_value_heads", 1, Limits::maxHeads, gemma3 ? 4 : config.heads));
    AE_TRY(config.dModel, shapeKey("hidden_size", 1, Limits::maxDModel, 2304));
    AE_TRY(config.dInner, shapeKey("intermediate_size", 1, maxInner, 9216));
    AE_TRY(config.vocabSize, shapeKey("vocab_size", 1, maxVocabSize, 262208));
    AE_TRY(config.positions, shapeKey("max_position_embeddings", 1, maxPositions, 131072));
    if (config.heads % config.keyValueHeads != 0)
        return Error{where % QStringLiteral(": \"num_attention_heads\" (%1) is not a multiple of \"num_key_value_heads\" (%2)")
                                 .arg(config.heads).arg(config.keyValueHeads)};
    if (reader.absent("head_dim") && gemma) {
        config.dHead = 256; // Hugging Face's default for every Gemma
    } else if (reader.absent("head_dim")) {
        if (config.dModel % config.heads != 0)
            return Error{where % QStringLiteral(": \"hidden_size\" (%1) is not a multiple of \"num_attention_heads\" (%2) "
                                                "and there is no \"head_dim\"").arg(config.dModel).arg(config.heads)};
        config.dHead = config.dModel / config.heads;
    } else {
        AE_TRY(config.dHead, reader.integer("head_dim", 2, Limits::maxDHead));
    }
    if (config.dHead % 2 != 0 || config.dHead > Limits::maxDHead)
        return Error{where % QStringLiteral(": the head dimension %1 must be even (RoPE turns pairs) and at most %2")
                                 .arg(config.dHead).arg(Limits::maxDHead)};

    double epsilon = 1e-6;
    AE_TRY(epsilon, reader.real("rms_norm_eps", 0.0, 1.0, 1e-6));
    config.rmsEpsilon = float(epsilon);

    bool attentionBias = false;
    AE_TRY(attentionBias, reader.boolean("attention_bias", false));
    const bool qwen2 = config.modelType == QLatin1String("qwen2");
    config.queryKeyValueBias = qwen2 || attentionBias;
    config.outputBias = !qwen2 && attentionBias; // Qwen2 has q, k, v biases and none on o_proj
    config.headNorms = config.modelType == QLatin1String("qwen3") || gemma3;
    AE_TRY(config.tiedEmbeddings, reader.boolean("tie_word_embeddings", gemma));

    config.attentionScale = 1.0 / std::sqrt(double(config.dHead));
    if (gemma) {
        config.normAddsOne = true;
        config.embeddingScale = float(std::sqrt(double(config.dModel)));
    }
    if (gemma2 || gemma3) {
        config.sandwichNorms = true;
        double scalar = 256.0;
        AE_TRY(scalar, reader.real("query_pre_attn_scalar", 0.0, 1e9, 256.0));
        config.attentionScale = 1.0 / std::sqrt(scalar);
        // null switches a cap off; a missing key takes Hugging Face's default (gemma2 caps, gemma3 not).
        for (auto [key, target, otherwise] : {std::tuple{"attn_logit_softcapping", &config.attentionSoftcap, gemma2 ? 50.0 : 0.0},
                                              std::tuple{"final_logit_softcapping", &config.finalLogitSoftcap, gemma2 ? 30.0 : 0.0}}) {
            if (const JsonValue *value = reader.find(key); value && value->isNull())
                *target = 0.0;
            else
                AE_TRY(*target, reader.real(key, 0.0, 1e9, otherwise));
        }
        // Gemma 3 has no attention cap, and Hugging Face's Gemma3Attention does not apply one even
        // when the key has a value: rather than guess which the checkpoint meant, refuse it.
        if (gemma3 && config.attentionSoftcap > 0.0)
            return Error{where % QStringLiteral(": \"attn_logit_softcapping\" is %1; Gemma 3 attends without a cap (null)")
                                     .arg(config.attentionSoftcap)};
    }

    RopeSettings rope;
    AE_TRY(rope.theta, reader.real("rope_theta", 1.0, 1e12, gemma3 ? 1000000.0 : 10000.0));
    double partial = 1.0;
    AE_TRY(partial, reader.real("partial_rotary_factor", 0.0, 1.0 + 1e-9, 1.0));
    rope.rotaryDim = int(config.dHead * partial); // as Hugging Face rounds: down
    if (rope.rotaryDim < 2 || rope.rotaryDim % 2 != 0)
        return Error{where % QStringLiteral(": \"partial_rotary_factor\" %1 of head_dim %2 gives %3 rotated features; "
                                            "RoPE needs an even number of at least 2")
                                 .arg(partial).arg(config.dHead).arg(rope.rotaryDim)};
    rope.maxPositions = config.positions;
    if (gemma3) {
        RopeSettings local = rope; // the sliding layers: their own base, never scaled
        AE_TRY(local.theta, reader.real("rope_local_base_freq", 1.0, 1e12, 10000.0));
        config.slidingRope = local;
    }
    AE_TRY(config.rope, readRopeScaling(reader, rope));

    AE_TRY(config.slidingWindow, readSlidingWindows(reader, config.modelType, config.layers));

    if (!reader.absent("bos_token_id"))
        AE_TRY(config.beginOfTextId, reader.integer("bos_token_id", 0, config.vocabSize - 1));
    else if (gemma && config.vocabSize > 2)
        config.beginOfTextId = 2; // Gemma's <bos>, Hugging Face's default
    return config;
}

Expected<LlamaConfig> LlamaConfig::read(const QString &path)
{
    const Expected<QByteArray> bytes = io::readFileBytes(path, maxConfigBytes);
    if (!bytes)
        return Error{bytes.error()};
    return fromJson(*bytes, QDir::toNativeSeparators(path));
}

} // namespace attn

// LlamaConfig from a GGUF file's metadata, as llama.cpp's converter writes it
// (convert_hf_to_gguf.py) and its loader reads it (llama-model.cpp): "{arch}.block_count" for
// num_hidden_layers and so on. What llama.cpp fixes in code rather than in the file (Gemma 2/3's
// window patterns and attention scale, Gemma 3's local RoPE base) is fixed the same way here, so
// the heads are the ones llama.cpp computes.
#include "llamaconfig.h"

#include "core/engine/attentionconfig.h"
#include "core/io/gguffile.h"

#include <QStringBuilder>

#include <cmath>

namespace attn {
namespace {

// general.architecture → the Hugging Face model_type whose decoder it is.
QString modelTypeOfArchitecture(const QString &architecture)
{
    static const std::pair<const char *, const char *> names[] = {
        {"llama", "llama"}, {"qwen2", "qwen2"}, {"qwen3", "qwen3"},
        {"gemma", "gemma"}, {"gemma2", "gemma2"}, {"gemma3", "gemma3_text"}};
    for (const auto &[gguf, hf] : names)
        if (architecture == QLatin1String(gguf))
            return QLatin1String(hf);
    return {};
}

// Reads "{arch}.{key}" with a range check; `fallback` when the key is absent and a fallback is given.
class ArchitectureKeys
{
public:
    ArchitectureKeys(const gguf::GgufFile &file, QString architecture) : m_file(file), m_prefix(architecture + u'.') {}

    QString key(const char *name) const { return m_prefix + QLatin1String(name); }
    bool has(const char *name) const { return m_file.contains(key(name)); }

    Expected<int> integer(const char *name, qint64 low, qint64 high, std::optional<int> fallback = std::nullopt) const
    {
        if (!has(name)) {
            if (fallback)
                return *fallback;
            return Error{m_file.displayName() % QStringLiteral(": metadata key '%1' is missing").arg(key(name))};
        }
        const Expected<qint64> value = m_file.integer(key(name));
        if (!value)
            return Error{value.error()};
        if (*value < low || *value > high)
            return Error{m_file.displayName() % QStringLiteral(": metadata key '%1' is %2; expected %3 to %4")
                                                    .arg(key(name)).arg(*value).arg(low).arg(high)};
        return int(*value);
    }

    Expected<double> real(const char *name, double low, double high, double fallback) const
    {
        if (!has(name))
            return fallback;
        const Expected<double> value = m_file.real(key(name));
        if (!value)
            return Error{value.error()};
        if (!(*value >= low && *value <= high))
            return Error{m_file.displayName() % QStringLiteral(": metadata key '%1' is %2; expected %3 to %4")
                                                    .arg(key(name)).arg(*value).arg(low).arg(high)};
        return *value;
    }

private:
    const gguf::GgufFile &m_file;
    QString m_prefix;
};

// llama.cpp's converter stores Llama 3's RoPE scaling as a tensor of per-frequency divisors
// (rope_freqs.weight, rotaryDim/2 values) rather than as metadata.
Expected<std::vector<double>> readFrequencyDivisors(const gguf::GgufFile &file, int rotaryDim)
{
    const gguf::GgufTensor *tensor = file.tensor(u"rope_freqs.weight");
    if (!tensor)
        return std::vector<double>{};
    if (tensor->elementCount() != rotaryDim / 2 || tensor->rowCount() != 1)
        return Error{file.displayName() % QStringLiteral(": tensor 'rope_freqs.weight' has %1 values; the rotary dimension %2 "
                                                         "needs %3").arg(tensor->elementCount()).arg(rotaryDim).arg(rotaryDim / 2)};
    const Expected<std::vector<float>> values = file.dequantizeRows(*tensor, 0, 1);
    if (!values)
        return Error{values.error()};
    std::vector<double> divisors(values->begin(), values->end());
    for (double divisor : divisors)
        if (!(divisor > 0.0 && std::isfinite(divisor)))
            return Error{file.displayName() % QStringLiteral(": tensor 'rope_freqs.weight' holds %1; every factor must be "
                                                             "positive and finite").arg(divisor)};
    return divisors;
}

} // namespace

Expected<LlamaConfig> LlamaConfig::fromGguf(const gguf::GgufFile &file)
{
    const QString &where = file.displayName();
    const Expected<QString> architecture = file.string(u"general.architecture");
    if (!architecture)
        return Error{architecture.error()};
    LlamaConfig config;
    config.modelType = modelTypeOfArchitecture(*architecture);
    if (config.modelType.isEmpty())
        return Error{where % QStringLiteral(": general.architecture is \"%1\"; this version reads the GGUF architectures "
                                            "llama (also Mistral, SmolLM, TinyLlama), qwen2, qwen3, gemma, gemma2 and gemma3")
                                 .arg(architecture->left(80))};
    const ArchitectureKeys keys(file, *architecture);
    const bool gemma = config.modelType.startsWith(QLatin1String("gemma"));
    const bool gemma2 = config.modelType == QLatin1String("gemma2");
    const bool gemma3 = config.modelType == QLatin1String("gemma3_text");

    AE_TRY(config.layers, keys.integer("block_count", 1, maxLayers));
    AE_TRY(config.dModel, keys.integer("embedding_length", 1, Limits::maxDModel));
    AE_TRY(config.dInner, keys.integer("feed_forward_length", 1, maxInner));
    AE_TRY(config.heads, keys.integer("attention.head_count", 1, Limits::maxHeads));
    AE_TRY(config.keyValueHeads, keys.integer("attention.head_count_kv", 1, Limits::maxHeads, config.heads));
    AE_TRY(config.positions, keys.integer("context_length", 1, maxPositions));
    if (config.heads % config.keyValueHeads != 0)
        return Error{where % QStringLiteral(": %1 (%2) is not a multiple of %3 (%4)")
                                 .arg(keys.key("attention.head_count")).arg(config.heads)
                                 .arg(keys.key("attention.head_count_kv")).arg(config.keyValueHeads)};
    const int defaultHead = config.dModel % config.heads == 0 ? config.dModel / config.heads : 0;
    AE_TRY(config.dHead, keys.integer("attention.key_length", 2, Limits::maxDHead, defaultHead));
    int valueLength = 0;
    AE_TRY(valueLength, keys.integer("attention.value_length", 1, Limits::maxDHead, config.dHead));
    if (config.dHead < 2 || config.dHead % 2 != 0 || valueLength != config.dHead)
        return Error{where % QStringLiteral(": the head dimension (key_length %1, value_length %2) must be even and the same "
                                            "for keys and values").arg(config.dHead).arg(valueLength)};

    // The vocabulary is the embedding's row count (the tokenizer is checked against it).
    const gguf::GgufTensor *embedding = file.tensor(u"token_embd.weight");
    if (!embedding || embedding->dims.size() != 2)
        return Error{where % QStringLiteral(": tensor 'token_embd.weight' (the token embedding, [vocabulary, %1]) is missing "
                                            "or not a matrix").arg(config.dModel)};
    if (embedding->dims[1] < 1 || embedding->dims[1] > maxVocabSize)
        return Error{where % QStringLiteral(": tensor 'token_embd.weight' has %1 rows; at most %2 tokens are read")
                                 .arg(embedding->dims[1]).arg(maxVocabSize)};
    config.vocabSize = int(embedding->dims[1]);
    config.tiedEmbeddings = file.tensor(u"output.weight") == nullptr;

    double epsilon = 1e-6;
    AE_TRY(epsilon, keys.real("attention.layer_norm_rms_epsilon", 0.0, 1.0, 1e-6));
    config.rmsEpsilon = float(epsilon);
    config.queryKeyValueBias = file.tensor(u"blk.0.attn_q.bias") != nullptr;
    config.outputBias = file.tensor(u"blk.0.attn_output.bias") != nullptr;
    config.headNorms = file.tensor(u"blk.0.attn_q_norm.weight") != nullptr;
    config.sandwichNorms = gemma2 || gemma3;

    config.attentionScale = 1.0 / std::sqrt(double(config.dHead));
    if (gemma) {
        // The converter stores Gemma's norm weights as 1 + w, so they multiply as they are.
        config.normAddsOne = false;
        config.activation = Activation::GeluTanh;
        config.embeddingScale = float(std::sqrt(double(config.dModel)));
    }
    if (gemma2 || gemma3) {
        // llama.cpp's scale for Gemma 2 and 3: query_pre_attn_scalar is head_dim, except in the
        // 27B models (46 and 62 layers), where it is hidden_size / heads.
        const bool large = (gemma2 && config.layers == 46) || (gemma3 && config.layers == 62);
        const double scalar = large ? double(config.dModel) / config.heads : double(config.dHead);
        config.attentionScale = 1.0 / std::sqrt(scalar);
        AE_TRY(config.attentionSoftcap, keys.real("attn_logit_softcapping", 0.0, 1e9, 0.0));
        AE_TRY(config.finalLogitSoftcap, keys.real("final_logit_softcapping", 0.0, 1e9, 0.0));
    }

    RopeSettings rope;
    AE_TRY(rope.theta, keys.real("rope.freq_base", 1.0, 1e12, gemma3 ? 1000000.0 : 10000.0));
    AE_TRY(rope.rotaryDim, keys.integer("rope.dimension_count", 2, config.dHead, config.dHead));
    if (rope.rotaryDim % 2 != 0)
        return Error{where % QStringLiteral(": %1 is %2; RoPE turns pairs of features")
                                 .arg(keys.key("rope.dimension_count")).arg(rope.rotaryDim)};
    rope.maxPositions = config.positions;
    if (gemma3) {
        RopeSettings local = rope; // llama.cpp rotates Gemma 3's sliding layers with base 10,000, unscaled
        local.theta = 10000.0;
        config.slidingRope = local;
    }
    if (const QString scalingKey = keys.key("rope.scaling.type"); file.contains(scalingKey)) {
        const Expected<QString> scaling = file.string(scalingKey);
        if (!scaling)
            return Error{scaling.error()};
        if (*scaling == QLatin1String("linear")) {
            rope.scaling = RopeSettings::Scaling::Linear;
            AE_TRY(rope.factor, keys.real("rope.scaling.factor", 1e-6, 1e6, 1.0));
        } else if (*scaling != QLatin1String("none")) {
            return Error{where % QStringLiteral(": %1 is \"%2\"; this version reads \"none\" and \"linear\"")
                                     .arg(scalingKey, scaling->left(40))};
        }
    }
    AE_TRY(rope.frequencyDivisors, readFrequencyDivisors(file, rope.rotaryDim));
    config.rope = rope;

    // Sliding windows where llama.cpp has them: Gemma 2 on the even layers, Gemma 3 on five layers
    // of every six. (llama.cpp runs Mistral and Qwen 2 GGUFs without a window.)
    config.slidingWindow.assign(size_t(config.layers), 0);
    if (gemma2 || gemma3) {
        int window = 0;
        AE_TRY(window, keys.integer("attention.sliding_window", 1, std::numeric_limits<int>::max(), 4096));
        const int pattern = gemma2 ? 2 : 6;
        for (int l = 0; l < config.layers; ++l)
            if (l % pattern < pattern - 1)
                config.slidingWindow[size_t(l)] = window;
    }

    if (file.contains(u"tokenizer.ggml.bos_token_id")) {
        const Expected<qint64> bos = file.integer(u"tokenizer.ggml.bos_token_id");
        if (!bos)
            return Error{bos.error()};
        if (*bos >= 0 && *bos < config.vocabSize)
            config.beginOfTextId = int(*bos);
    }
    return config;
}

} // namespace attn

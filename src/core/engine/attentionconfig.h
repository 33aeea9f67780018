#pragma once

#include <QString>

#include <optional>

namespace attn {

enum class PositionalEncoding { None, Sinusoidal };

QString positionalEncodingName(PositionalEncoding encoding);
std::optional<PositionalEncoding> positionalEncodingFromName(const QString &name);

// The shape and switches of the teaching model: one layer of multi-head self-attention.
struct AttentionConfig
{
    int heads = 8;
    int dModel = 32;
    int dK = 4;
    int dV = 4;
    quint64 seed = 42;
    bool causal = false;
    double temperature = 1.0;  // divides the scores before softmax
    bool scaleByRootDk = true; // divide q·k by √d_k
    PositionalEncoding positional = PositionalEncoding::Sinusoidal;

    friend bool operator==(const AttentionConfig &, const AttentionConfig &) = default;
};

// Limits that keep memory bounded whatever a person types or a file claims. One head's weights
// are N² floats: 4096 tokens × 64 heads is 4 GiB, so both are capped.
struct Limits
{
    static constexpr int maxTokens = 4096;
    static constexpr int maxHeads = 64;
    static constexpr int maxDModel = 4096;
    static constexpr int maxDHead = 1024;
    static constexpr qsizetype maxTextLength = 100'000; // characters accepted into the input
};

// Why a configuration cannot be computed, or an empty string when it can.
QString validateConfig(const AttentionConfig &config);

} // namespace attn

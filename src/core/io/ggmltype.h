#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

// The tensor types of ggml (the `ggml_type` enum of ggml.h), as GGUF files store them: a type is a
// block of `blockSize` values packed into `blockBytes` bytes. Plain types are blocks of one value;
// the quantised ones pack 32 (Q4_0 ... Q8_1), 256 (the K-quants, "QK_K") or another count of
// values with their scales. Numbers 4, 5 and 31-33, 36-38 were removed from ggml and never appear
// in a GGUF file; they are unknown here as they are to llama.cpp. The table follows ggml 0.25.1
// (llama.cpp's library as tests/data/gguf/dequant records it), whose last type is Q2_0.
namespace attn::ggml {

enum class GgmlType : quint32 {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
    NVFP4 = 40,
    Q1_0 = 41,
    Q2_0 = 42,
};

// The values of one K-quant super-block (ggml's QK_K).
constexpr qint64 kSuperBlockSize = 256;

// What the file's type number names, or nothing for a number ggml does not define (any more).
std::optional<GgmlType> ggmlTypeFromNumber(quint32 number);

// "Q4_K", "F16", "IQ2_XXS": the spelling of ggml.h and of llama.cpp's tools, for messages.
QString ggmlTypeName(GgmlType type);

// Values per block and bytes per block.
qint64 blockSize(GgmlType type);
qint64 blockBytes(GgmlType type);

// Bytes that `count` values of `type` take, or nothing when `count` is negative, not a whole
// number of blocks, or the byte count does not fit in 64 bits. Checked, because the counts come
// from a file.
std::optional<qint64> byteCount(GgmlType type, qint64 count);

} // namespace attn::ggml

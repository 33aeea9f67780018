#include "ggmltype.h"

namespace attn::ggml {

namespace {

struct TypeEntry
{
    GgmlType type;
    const char *name;
    qint64 blockSize;
    qint64 blockBytes;
};

// Block sizes and bytes as ggml-common.h lays out each block (tst_ggmldequant checks the table
// against the ggml library's own ggml_blck_size and ggml_type_size).
constexpr TypeEntry kTypes[] = {
    {GgmlType::F32, "F32", 1, 4},
    {GgmlType::F16, "F16", 1, 2},
    {GgmlType::Q4_0, "Q4_0", 32, 18},   // f16 scale, 16 bytes of 4-bit values
    {GgmlType::Q4_1, "Q4_1", 32, 20},   // f16 scale and minimum, 16 bytes of 4-bit values
    {GgmlType::Q5_0, "Q5_0", 32, 22},   // f16 scale, 4 bytes of fifth bits, 16 bytes of low nibbles
    {GgmlType::Q5_1, "Q5_1", 32, 24},   // f16 scale and minimum, fifth bits, low nibbles
    {GgmlType::Q8_0, "Q8_0", 32, 34},   // f16 scale, 32 signed bytes
    {GgmlType::Q8_1, "Q8_1", 32, 36},   // f16 scale and sum, 32 signed bytes
    {GgmlType::Q2_K, "Q2_K", 256, 84},  // 16 packed scale/min bytes, 64 bytes of 2-bit values, f16 d, dmin
    {GgmlType::Q3_K, "Q3_K", 256, 110}, // 32 bytes of high bits, 64 of 2-bit values, 12 of 6-bit scales, f16 d
    {GgmlType::Q4_K, "Q4_K", 256, 144}, // f16 d, dmin, 12 bytes of 6-bit scales/mins, 128 of nibbles
    {GgmlType::Q5_K, "Q5_K", 256, 176}, // as Q4_K, plus 32 bytes of fifth bits
    {GgmlType::Q6_K, "Q6_K", 256, 210}, // 128 bytes of low nibbles, 64 of high 2 bits, 16 int8 scales, f16 d
    {GgmlType::Q8_K, "Q8_K", 256, 292}, // f32 scale, 256 signed bytes, 16 int16 block sums
    {GgmlType::IQ2_XXS, "IQ2_XXS", 256, 66},
    {GgmlType::IQ2_XS, "IQ2_XS", 256, 74},
    {GgmlType::IQ3_XXS, "IQ3_XXS", 256, 98},
    {GgmlType::IQ1_S, "IQ1_S", 256, 50},
    {GgmlType::IQ4_NL, "IQ4_NL", 32, 18},
    {GgmlType::IQ3_S, "IQ3_S", 256, 110},
    {GgmlType::IQ2_S, "IQ2_S", 256, 82},
    {GgmlType::IQ4_XS, "IQ4_XS", 256, 136},
    {GgmlType::I8, "I8", 1, 1},
    {GgmlType::I16, "I16", 1, 2},
    {GgmlType::I32, "I32", 1, 4},
    {GgmlType::I64, "I64", 1, 8},
    {GgmlType::F64, "F64", 1, 8},
    {GgmlType::IQ1_M, "IQ1_M", 256, 56},
    {GgmlType::BF16, "BF16", 1, 2},
    {GgmlType::TQ1_0, "TQ1_0", 256, 54},
    {GgmlType::TQ2_0, "TQ2_0", 256, 66},
    {GgmlType::MXFP4, "MXFP4", 32, 17},
    {GgmlType::NVFP4, "NVFP4", 64, 36},
    {GgmlType::Q1_0, "Q1_0", 128, 18},
    {GgmlType::Q2_0, "Q2_0", 64, 18},
};

const TypeEntry *entryOf(GgmlType type)
{
    for (const TypeEntry &entry : kTypes) {
        if (entry.type == type)
            return &entry;
    }
    return nullptr;
}

} // namespace

std::optional<GgmlType> ggmlTypeFromNumber(quint32 number)
{
    for (const TypeEntry &entry : kTypes) {
        if (quint32(entry.type) == number)
            return entry.type;
    }
    return std::nullopt;
}

QString ggmlTypeName(GgmlType type)
{
    const TypeEntry *entry = entryOf(type);
    return entry ? QLatin1String(entry->name) : QStringLiteral("type %1").arg(quint32(type));
}

qint64 blockSize(GgmlType type)
{
    const TypeEntry *entry = entryOf(type);
    return entry ? entry->blockSize : 0;
}

qint64 blockBytes(GgmlType type)
{
    const TypeEntry *entry = entryOf(type);
    return entry ? entry->blockBytes : 0;
}

std::optional<qint64> byteCount(GgmlType type, qint64 count)
{
    const qint64 size = blockSize(type);
    if (size == 0 || count < 0 || count % size != 0)
        return std::nullopt;
    qint64 bytes = 0;
    if (__builtin_mul_overflow(count / size, blockBytes(type), &bytes))
        return std::nullopt;
    return bytes;
}

} // namespace attn::ggml

#include "ggmlquant.h"

#include "halffloat.h"

#include <QStringBuilder>

#include <cstring>

// Why the floats equal ggml's bit for bit whatever the compiler does with them: every product here
// is of an F16 scale (11 significant bits) and small integers (at most 14 bits together), so each
// value is one rounding of an exact product (Q6_K's d · scale · q, 25 bits, whichever way it is
// grouped) or an exact product plus one rounded add. A fused multiply-add would not change that,
// but the file is built with -ffp-contract=off (src/core/io/CMakeLists.txt) so that a later format
// with inexact products keeps ggml's separate roundings.
namespace attn::ggml {

namespace {

// Every block starts at an arbitrary byte (a row of a GGUF tensor need not be aligned), so
// multi-byte fields are assembled from bytes rather than read through a cast.
float halfAt(const uchar *bytes)
{
    return halfToFloat(quint16(bytes[0] | (bytes[1] << 8)));
}

// Q4_0: 32 values = d · (nibble − 8). Bytes: d (f16), qs[16]; value j < 16 is the low nibble of
// qs[j], value j + 16 its high nibble.
void decodeQ4_0(const uchar *block, float *out)
{
    const float d = halfAt(block);
    const uchar *qs = block + 2;
    for (int j = 0; j < 16; ++j) {
        out[j] = float((qs[j] & 0x0F) - 8) * d;
        out[j + 16] = float((qs[j] >> 4) - 8) * d;
    }
}

// Q4_1: 32 values = d · nibble + m. Bytes: d, m (f16), qs[16], nibbles as Q4_0.
void decodeQ4_1(const uchar *block, float *out)
{
    const float d = halfAt(block);
    const float m = halfAt(block + 2);
    const uchar *qs = block + 4;
    for (int j = 0; j < 16; ++j) {
        out[j] = float(qs[j] & 0x0F) * d + m;
        out[j + 16] = float(qs[j] >> 4) * d + m;
    }
}

// The 32 fifth bits of a Q5 block: bit j belongs to value j.
quint32 fifthBitsAt(const uchar *bytes)
{
    return quint32(bytes[0]) | (quint32(bytes[1]) << 8) | (quint32(bytes[2]) << 16) | (quint32(bytes[3]) << 24);
}

// Q5_0: 32 values = d · (5-bit value − 16). Bytes: d (f16), qh[4] (fifth bits), qs[16] (nibbles).
void decodeQ5_0(const uchar *block, float *out)
{
    const float d = halfAt(block);
    const quint32 qh = fifthBitsAt(block + 2);
    const uchar *qs = block + 6;
    for (int j = 0; j < 16; ++j) {
        const int low = (qs[j] & 0x0F) | int(((qh >> j) & 1u) << 4);
        const int high = (qs[j] >> 4) | int(((qh >> (j + 16)) & 1u) << 4);
        out[j] = float(low - 16) * d;
        out[j + 16] = float(high - 16) * d;
    }
}

// Q5_1: 32 values = d · 5-bit value + m. Bytes: d, m (f16), qh[4], qs[16].
void decodeQ5_1(const uchar *block, float *out)
{
    const float d = halfAt(block);
    const float m = halfAt(block + 2);
    const quint32 qh = fifthBitsAt(block + 4);
    const uchar *qs = block + 8;
    for (int j = 0; j < 16; ++j) {
        const int low = (qs[j] & 0x0F) | int(((qh >> j) & 1u) << 4);
        const int high = (qs[j] >> 4) | int(((qh >> (j + 16)) & 1u) << 4);
        out[j] = float(low) * d + m;
        out[j + 16] = float(high) * d + m;
    }
}

// Q8_0: 32 values = d · int8. Bytes: d (f16), qs[32] (signed).
void decodeQ8_0(const uchar *block, float *out)
{
    const float d = halfAt(block);
    for (int j = 0; j < 32; ++j)
        out[j] = float(qint8(block[2 + j])) * d;
}

// Q2_K: 256 values in 16 groups of 16 = d · scale_g · (2-bit value) − dmin · min_g, scale and min
// 4 bits each. Bytes: scales[16] (low nibble scale, high nibble min), qs[64], d, dmin (f16).
// In each half of 128 values, qs[32] holds four 2-bit planes: plane p (bits 2p, 2p + 1) of qs[l]
// is value 32p + l.
void decodeQ2_K(const uchar *block, float *out)
{
    const uchar *scales = block;
    const float d = halfAt(block + 80);
    const float dmin = halfAt(block + 82);
    int group = 0;
    for (int half = 0; half < 2; ++half) {
        const uchar *qs = block + 16 + 32 * half;
        for (int plane = 0; plane < 4; ++plane) {
            const int shift = 2 * plane;
            for (int part = 0; part < 2; ++part) { // values 0-15 and 16-31 of the plane
                const uchar packed = scales[group++];
                const float scale = d * float(packed & 0x0F);
                const float minimum = dmin * float(packed >> 4);
                for (int l = 0; l < 16; ++l)
                    *out++ = scale * float((qs[16 * part + l] >> shift) & 3) - minimum;
            }
        }
    }
}

// Q3_K's 16 group scales, 6 bits each, from 12 bytes: the low 4 bits of scales 0-7 are the low
// nibbles of bytes 0-7, those of scales 8-15 their high nibbles; the top 2 bits of scale i are bits
// 2·(i / 4) and up of byte 8 + i % 4. Stored with a bias of 32.
void unpackQ3Scales(const uchar *packed, int *scales /* (16) */)
{
    for (int i = 0; i < 16; ++i) {
        const int low = i < 8 ? (packed[i] & 0x0F) : (packed[i - 8] >> 4);
        const int high = (packed[8 + i % 4] >> (2 * (i / 4))) & 3;
        scales[i] = (low | (high << 4)) - 32;
    }
}

// Q3_K: 256 values in 16 groups of 16 = d · scale_g · (3-bit value − 4). Bytes: hmask[32] (third
// bits), qs[64] (low 2 bits, planes as Q2_K), scales[12], d (f16). The third bit of value k is bit
// k / 32 of hmask[k % 32]; a set bit means +4 relative to the stored −4 offset.
void decodeQ3_K(const uchar *block, float *out)
{
    const uchar *hmask = block;
    int scales[16];
    unpackQ3Scales(block + 96, scales);
    const float d = halfAt(block + 108);
    int group = 0;
    int highBit = 0; // which bit of hmask[] the current plane uses: one per 32 values
    for (int half = 0; half < 2; ++half) {
        const uchar *qs = block + 32 + 32 * half;
        for (int plane = 0; plane < 4; ++plane, ++highBit) {
            const int shift = 2 * plane;
            for (int part = 0; part < 2; ++part) {
                const float scale = d * float(scales[group++]);
                for (int l = 16 * part; l < 16 * part + 16; ++l) {
                    const int low = (qs[l] >> shift) & 3;
                    const int offset = (hmask[l] >> highBit) & 1 ? 0 : 4;
                    *out++ = scale * float(low - offset);
                }
            }
        }
    }
}

// The scale and min of group j (0-7) of a Q4_K or Q5_K block, 6 bits each, packed in 12 bytes:
// groups 0-3 in the low 6 bits of bytes j and j + 4; groups 4-7 take their low 4 bits from byte
// j + 4 and their top 2 bits from the spare top bits of bytes j - 4 and j (ggml's get_scale_min_k4).
void scaleAndMinOfGroup(const uchar *packed, int j, int *scale, int *minimum)
{
    if (j < 4) {
        *scale = packed[j] & 63;
        *minimum = packed[j + 4] & 63;
    } else {
        *scale = (packed[j + 4] & 0x0F) | ((packed[j - 4] >> 6) << 4);
        *minimum = (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4);
    }
}

// Q4_K: 256 values in 8 groups of 32 = d · scale_g · nibble − dmin · min_g. Bytes: d, dmin (f16),
// scales[12], qs[128]; each 32 bytes of qs hold two groups (low nibbles, then high nibbles).
void decodeQ4_K(const uchar *block, float *out)
{
    const float d = halfAt(block);
    const float dmin = halfAt(block + 2);
    const uchar *packed = block + 4;
    for (int pair = 0; pair < 4; ++pair) {
        const uchar *qs = block + 16 + 32 * pair;
        for (int nibble = 0; nibble < 2; ++nibble) {
            int scale = 0;
            int minimum = 0;
            scaleAndMinOfGroup(packed, 2 * pair + nibble, &scale, &minimum);
            const float groupScale = d * float(scale);
            const float groupMin = dmin * float(minimum);
            for (int l = 0; l < 32; ++l)
                *out++ = groupScale * float((qs[l] >> (4 * nibble)) & 0x0F) - groupMin;
        }
    }
}

// Q5_K: Q4_K with a fifth bit: value = d · scale_g · (nibble + 16 · bit) − dmin · min_g. Bytes: d,
// dmin, scales[12], qh[32], qs[128]; the fifth bit of value 32g + l is bit g of qh[l].
void decodeQ5_K(const uchar *block, float *out)
{
    const float d = halfAt(block);
    const float dmin = halfAt(block + 2);
    const uchar *packed = block + 4;
    const uchar *qh = block + 16;
    for (int pair = 0; pair < 4; ++pair) {
        const uchar *qs = block + 48 + 32 * pair;
        for (int nibble = 0; nibble < 2; ++nibble) {
            const int group = 2 * pair + nibble;
            int scale = 0;
            int minimum = 0;
            scaleAndMinOfGroup(packed, group, &scale, &minimum);
            const float groupScale = d * float(scale);
            const float groupMin = dmin * float(minimum);
            for (int l = 0; l < 32; ++l) {
                const int value = ((qs[l] >> (4 * nibble)) & 0x0F) + (((qh[l] >> group) & 1) << 4);
                *out++ = groupScale * float(value) - groupMin;
            }
        }
    }
}

// Q6_K: 256 values in 16 groups of 16 = d · scale_g · (6-bit value − 32), scales signed 8-bit.
// Bytes: ql[128] (low nibbles), qh[64] (top 2 bits), scales[16], d (f16). In each half of 128
// values (ql 64 bytes, qh 32 bytes, scales 8), value 32q + l for quarter q takes its low nibble
// from ql[l + 32 (q odd)] (low nibble for q < 2, high for q >= 2) and its top bits from bits 2q,
// 2q + 1 of qh[l].
void decodeQ6_K(const uchar *block, float *out)
{
    const float d = halfAt(block + 208);
    for (int half = 0; half < 2; ++half) {
        const uchar *ql = block + 64 * half;
        const uchar *qh = block + 128 + 32 * half;
        const qint8 *scales = reinterpret_cast<const qint8 *>(block + 192 + 8 * half);
        for (int quarter = 0; quarter < 4; ++quarter) {
            const uchar *lowBytes = ql + 32 * (quarter & 1);
            const int nibbleShift = quarter < 2 ? 0 : 4;
            for (int l = 0; l < 32; ++l) {
                const int low = (lowBytes[l] >> nibbleShift) & 0x0F;
                const int high = (qh[l] >> (2 * quarter)) & 3;
                const int value = (low | (high << 4)) - 32;
                // (d · scale) · value: ggml's order of the two products.
                out[32 * quarter + l] = d * float(scales[l / 16 + 2 * quarter]) * float(value);
            }
        }
        out += 128;
    }
}

using BlockDecoder = void (*)(const uchar *block, float *out);

BlockDecoder decoderOf(GgmlType type)
{
    switch (type) {
    case GgmlType::Q4_0:
        return decodeQ4_0;
    case GgmlType::Q4_1:
        return decodeQ4_1;
    case GgmlType::Q5_0:
        return decodeQ5_0;
    case GgmlType::Q5_1:
        return decodeQ5_1;
    case GgmlType::Q8_0:
        return decodeQ8_0;
    case GgmlType::Q2_K:
        return decodeQ2_K;
    case GgmlType::Q3_K:
        return decodeQ3_K;
    case GgmlType::Q4_K:
        return decodeQ4_K;
    case GgmlType::Q5_K:
        return decodeQ5_K;
    case GgmlType::Q6_K:
        return decodeQ6_K;
    default:
        return nullptr;
    }
}

bool isPlainFloat(GgmlType type)
{
    return type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16;
}

const QString &supportedList()
{
    static const QString list = QStringLiteral("F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K");
    return list;
}

} // namespace

bool canDequantize(GgmlType type)
{
    return isPlainFloat(type) || decoderOf(type) != nullptr;
}

QString dequantizationProblem(GgmlType type, qint64 n)
{
    if (!canDequantize(type)) {
        return ggmlTypeName(type) % QStringLiteral(" tensors cannot be dequantised (supported: ") % supportedList()
            % QLatin1Char(')');
    }
    if (n < 0 || n % blockSize(type) != 0) {
        return QStringLiteral("a row of ") % QString::number(n) % QStringLiteral(" values is not a whole number of ")
            % ggmlTypeName(type) % QStringLiteral(" blocks of ") % QString::number(blockSize(type));
    }
    return {};
}

void dequantizeRow(GgmlType type, const uchar *source, float *target, qint64 n)
{
    if (!canDequantize(type) || n < 0 || n % blockSize(type) != 0)
        return; // the precondition, checked without building the message for every row
    if (n == 0)
        return; // an empty row may come with null pointers, which memcpy must not get
    switch (type) {
    case GgmlType::F32:
        std::memcpy(target, source, size_t(n) * sizeof(float));
        return;
    case GgmlType::F16:
        halfToFloat(source, target, n);
        return;
    case GgmlType::BF16:
        bfloat16ToFloat(source, target, n);
        return;
    default:
        break;
    }
    const BlockDecoder decode = decoderOf(type);
    const qint64 values = blockSize(type);
    const qint64 bytes = blockBytes(type);
    for (qint64 block = 0; block < n / values; ++block)
        decode(source + block * bytes, target + block * values);
}

} // namespace attn::ggml

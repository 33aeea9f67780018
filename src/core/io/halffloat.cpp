#include "halffloat.h"

#include <bit>
#include <cstdint>

namespace attn {

namespace {

// Byte-wise so that neither the host's endianness nor the source alignment matters.
quint16 loadLittleEndian16(const uchar *bytes)
{
    return quint16(bytes[0] | (bytes[1] << 8));
}

} // namespace

float halfToFloat(quint16 bits)
{
    // binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits.
    // binary32: 1 sign bit, 8 exponent bits (bias 127), 23 mantissa bits.
    const std::uint32_t sign = std::uint32_t(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
    const std::uint32_t mantissa = bits & 0x3FFu;

    std::uint32_t result = 0;
    if (exponent == 0x1F) {
        // Inf (mantissa 0) or NaN: all-ones exponent, payload moved to the top of the mantissa.
        result = sign | 0x7F800000u | (mantissa << 13);
    } else if (exponent != 0) {
        // Normal: rebias the exponent (127 - 15 = 112).
        result = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        result = sign; // ±0
    } else {
        // Subnormal: value = mantissa * 2^-24. Every such value is a normal float32, so shift the
        // leading 1 up to the implicit-bit position (bit 10) and lower the exponent to match.
        const int highestBit = 31 - std::countl_zero(mantissa); // 0..9
        const int shift = 10 - highestBit;
        const std::uint32_t normalized = (mantissa << shift) & 0x3FFu;
        const std::uint32_t floatExponent = std::uint32_t(113 - shift); // 2^(1 - 15 - shift) rebias
        result = sign | (floatExponent << 23) | (normalized << 13);
    }
    return std::bit_cast<float>(result);
}

float bfloat16ToFloat(quint16 bits)
{
    // bfloat16 is the upper half of a binary32: same sign, exponent and top 7 mantissa bits.
    return std::bit_cast<float>(std::uint32_t(bits) << 16);
}

void halfToFloat(const uchar *source, float *target, qint64 count)
{
    for (qint64 i = 0; i < count; ++i)
        target[i] = halfToFloat(loadLittleEndian16(source + 2 * i));
}

void bfloat16ToFloat(const uchar *source, float *target, qint64 count)
{
    for (qint64 i = 0; i < count; ++i)
        target[i] = bfloat16ToFloat(loadLittleEndian16(source + 2 * i));
}

} // namespace attn

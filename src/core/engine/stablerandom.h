#pragma once

#include <QByteArrayView>

#include <cstdint>

namespace attn {

// A random stream that gives the same numbers on every machine, compiler and run: SplitMix64 for
// the bits and only +, −, × on doubles for the normal deviates (no libm), so nothing depends on
// std::hash, rand() or a platform's transcendental functions.
class StableRandom
{
public:
    explicit StableRandom(std::uint64_t seed) : m_state(seed) {}

    // Derives an independent stream for one named object (a token, a head's W_Q, ...).
    static std::uint64_t streamSeed(std::uint64_t seed, QByteArrayView label);

    std::uint64_t nextBits();
    double nextUniform(); // [0, 1)
    // Approximately standard normal: Irwin–Hall sum of 12 uniforms minus 6 (mean 0, variance 1,
    // bounded to ±6), exact to the bit on every platform.
    double nextNormal();

private:
    std::uint64_t m_state;
};

// FNV-1a, 64 bit: a published, stable hash of bytes.
std::uint64_t fnv1a64(QByteArrayView bytes, std::uint64_t basis = 14695981039346656037ull);

} // namespace attn

#include "stablerandom.h"

namespace attn {

std::uint64_t fnv1a64(QByteArrayView bytes, std::uint64_t basis)
{
    std::uint64_t hash = basis;
    for (char byte : bytes) {
        hash ^= static_cast<unsigned char>(byte);
        hash *= 1099511628211ull;
    }
    return hash;
}

std::uint64_t StableRandom::streamSeed(std::uint64_t seed, QByteArrayView label)
{
    StableRandom mixer(seed ^ fnv1a64(label));
    return mixer.nextBits();
}

std::uint64_t StableRandom::nextBits()
{
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double StableRandom::nextUniform()
{
    return double(nextBits() >> 11) * 0x1.0p-53;
}

double StableRandom::nextNormal()
{
    double sum = 0.0;
    for (int i = 0; i < 12; ++i)
        sum += nextUniform();
    return sum - 6.0;
}

} // namespace attn

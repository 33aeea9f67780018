#pragma once

// Helpers every kind of test uses: bitwise comparisons, reading a file a test wrote, and whether
// AddressSanitizer is on (its shadow memory and quarantine make resident-memory and timing figures
// meaningless, so such checks report there instead of asserting).

#include "core/engine/learnedmatrices.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstring>

namespace testutils {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// The whole file, or empty when it cannot be read.
inline QByteArray readFileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Bitwise equality (== would call -0 and +0 equal, and NaN unequal to itself). No memcmp on an
// empty matrix, whose data pointer may be null.
inline bool sameBits(const attn::Matrix &a, const attn::Matrix &b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && (a.size() == 0 || std::memcmp(a.data(), b.data(), size_t(a.size()) * sizeof(float)) == 0);
}

inline bool sameBits(const attn::LearnedMatrices &a, const attn::LearnedMatrices &b)
{
    if (a.heads.size() != b.heads.size() || !sameBits(a.wO, b.wO))
        return false;
    for (size_t h = 0; h < a.heads.size(); ++h) {
        if (!sameBits(a.heads[h].wQ, b.heads[h].wQ) || !sameBits(a.heads[h].wK, b.heads[h].wK)
            || !sameBits(a.heads[h].wV, b.heads[h].wV))
            return false;
    }
    return true;
}

} // namespace testutils

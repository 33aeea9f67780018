#pragma once

#include "core/engine/embedding.h"
#include "core/engine/learnedmatrices.h"

#include <cstring>

namespace attn::ui {

// Whether two matrices, heads, layers or override sets hold the same floats bit for bit: -0 after
// +0 is a difference, and so is a NaN's payload; shapes that differ are a difference, never a crash.
template <typename Dense>
bool sameBits(const Dense &a, const Dense &b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), size_t(a.size()) * sizeof(typename Dense::Scalar)) == 0;
}

inline bool sameBits(const HeadWeights &a, const HeadWeights &b)
{
    return sameBits(a.wQ, b.wQ) && sameBits(a.wK, b.wK) && sameBits(a.wV, b.wV);
}

inline bool sameBits(const LearnedMatrices &a, const LearnedMatrices &b)
{
    if (a.heads.size() != b.heads.size() || !sameBits(a.wO, b.wO))
        return false;
    for (size_t h = 0; h < a.heads.size(); ++h)
        if (!sameBits(a.heads[h], b.heads[h]))
            return false;
    return true;
}

inline bool sameBits(const EmbeddingOverrides &a, const EmbeddingOverrides &b)
{
    if (a.size() != b.size())
        return false;
    for (auto it = a.cbegin(); it != a.cend(); ++it) {
        const auto found = b.constFind(it.key());
        if (found == b.cend() || !sameBits(*found, it.value()))
            return false;
    }
    return true;
}

} // namespace attn::ui

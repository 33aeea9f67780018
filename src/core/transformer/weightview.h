#pragma once

#include "core/tensor.h"

namespace attn {

// A read-only row-major view of float weights: into the memory map for F32 files (no copy),
// into the converted buffer for F16/BF16.
struct WeightView
{
    const float *data = nullptr;
    Eigen::Index rows = 0;
    Eigen::Index cols = 0;

    MatrixMap matrix() const { return MatrixMap(data, rows, cols); }
    Eigen::Map<const RowVector> vector() const { return Eigen::Map<const RowVector>(data, rows * cols); }
};

} // namespace attn

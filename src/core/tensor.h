#pragma once

#include <Eigen/Core>

namespace attn {

// Row-major so that matrices read from files (safetensors, .npy, JSON rows) map without a copy
// and so that "row i" is token i, as in the seed's notation.
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatrixMap = Eigen::Map<const Matrix>;

} // namespace attn

#include "maxpool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace attn::ui {

namespace {

// Which pooled cell each of `count` cells goes to: the one its centre falls in.
std::vector<int> pooledIndex(int count, int out)
{
    std::vector<int> index(size_t(std::max(count, 0)));
    for (int i = 0; i < count; ++i)
        index[size_t(i)] = std::min(int((i + 0.5) * out / count), out - 1);
    return index;
}

} // namespace

Matrix poolByMaximum(const Matrix &values, CellRange rows, CellRange cols, int outRows, int outCols, bool causal,
                     bool byMagnitude)
{
    rows = CellRange{std::max(rows.begin, 0), std::min(rows.end, int(values.rows()))}; // values: (N, N)
    cols = CellRange{std::max(cols.begin, 0), std::min(cols.end, int(values.cols()))};
    outRows = std::min(outRows, rows.size());
    outCols = std::min(outCols, cols.size());
    if (outRows <= 0 || outCols <= 0)
        return {};
    Matrix pooled = Matrix::Constant(outRows, outCols, std::numeric_limits<float>::quiet_NaN()); // (outRows, outCols)
    const std::vector<int> pooledRow = pooledIndex(rows.size(), outRows);
    const std::vector<int> pooledColumn = pooledIndex(cols.size(), outCols);
    for (int r = rows.begin; r < rows.end; ++r) {
        float *out = pooled.data() + qsizetype(pooledRow[size_t(r - rows.begin)]) * outCols;
        const float *row = values.data() + qsizetype(r) * values.cols(); // row-major: one query's keys
        const int end = causal ? std::min(cols.end, r + 1) : cols.end;
        for (int c = cols.begin; c < end; ++c) {
            const float v = row[c];
            if (!std::isfinite(v))
                continue;
            float &held = out[pooledColumn[size_t(c - cols.begin)]];
            if (std::isnan(held) || (byMagnitude ? std::abs(v) > std::abs(held) : v > held))
                held = v;
        }
    }
    return pooled;
}

} // namespace attn::ui

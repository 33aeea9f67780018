#pragma once

#include "core/tensor.h"
#include "heatmapgeometry.h"

namespace attn::ui {

// Shrinks a block of an (N, N) attention matrix — rows × cols — to (outRows, outCols) cells, for
// drawing it with fewer pixels than cells. Each pooled cell keeps the strongest value of the cells
// whose centres fall in it, so that one sharp weight among thousands is never averaged or sampled
// away: a cell's centre lands in the pooled cell drawn over it.
//
// byMagnitude: keep the value farthest from 0, with its sign (raw scores on a diverging map);
// otherwise the largest (weights). Causal-masked cells (key after query) and non-finite values
// never win; a pooled cell without any other value is NaN, which the image builders draw as
// "no value". Sizes larger than the block are taken as the block's size.
Matrix poolByMaximum(const Matrix &values, CellRange rows, CellRange cols, int outRows, int outCols, bool causal,
                     bool byMagnitude);

} // namespace attn::ui

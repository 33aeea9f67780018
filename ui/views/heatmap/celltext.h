#pragma once

#include "core/attentionresult.h"

#include <QString>

namespace attn::ui {

// The words the heatmaps use for a cell, shared by the large view and the grid so that both say
// exactly the same thing.

// True when the causal mask hides key from query (the key comes after the query).
bool isMasked(const AttentionResult &result, int query, int key);

// A token as a label: control characters made visible, empty text shown as "␣".
QString tokenLabel(const Token &token);

// A weight in [0, 1] as a percentage with one decimal ("49.8%"); tiny non-zero weights keep
// two significant digits ("0.012%") so they do not read as zero.
QString formatPercent(double weight);

// The tooltip of one cell, with every number at full precision (the cells round), e.g.
//   head 3 · "cat" → "mat": 23.4% (weight 0.2341234; score 0.8123457 = q·k 1.624691 / √4)
// with "/ (T = 2)" appended when the temperature is not 1, no "/ √d_k" when scaling is off, a
// "layer L · " prefix for models with more than one layer, and "masked" instead of the numbers
// for cells the causal mask hides. Empty when the cell does not exist.
QString cellToolTip(const AttentionResult &result, int layer, int head, int query, int key);

} // namespace attn::ui

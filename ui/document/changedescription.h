#pragma once

#include "core/engine/attentionconfig.h"

#include <QString>

namespace attn::ui {

// The words of the History panel: what one undo step changed, from before to after.

// Every setting that differs, in the settings panel's order: "Heads 8 → 3, Temperature 1.00 → 0.42",
// "Causal mask on". Empty when nothing differs.
QString describeConfigChange(const AttentionConfig &before, const AttentionConfig &after);

// A text before and after, each cut to the part around the change: Text: “The cat” → “The dog”.
// `what` names the box ("Text", "Sentence B").
QString describeTextChange(const QString &what, const QString &before, const QString &after);

// How much of each side describeTextChange shows, ellipses included.
constexpr int kTextExcerptChars = 24;

} // namespace attn::ui

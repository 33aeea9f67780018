#pragma once

#include "core/tensor.h"

#include <QString>

namespace attn::ui {

// How the step panel writes numbers: 3 decimals on the page, full float precision in tooltips,
// and the typographic minus sign (U+2212) everywhere so a column of signed numbers lines up.
namespace stepformat {

inline constexpr int shownDecimals = 3;
inline constexpr int maxShownEntries = 6; // longer vectors show this many entries and "…"

QString minus();                        // "−" (U+2212)
QString number(double value);           // 3 decimals: "−0.011"; "1.234×10⁸" from 10⁵ up; "0.000" never "−0.000"
QString scientific(double value);       // "1.072×10⁻¹⁰" at any magnitude, 4 significant digits
QString factor(double value);           // as number(), negative values in parentheses: "(−0.100)"
QString signedTerm(double value, bool first); // "0.024", " − 0.019", " + 0.024" for a written-out sum
QString full(double value);             // every digit a float has (9 significant): "−0.0109696556"
QString percent(double weight);         // 0.49841 → "49.8%"
QString vector(const RowVector &v);     // "[0.200, −0.100, 0.300]", elided after maxShownEntries
QString fullVector(const RowVector &v); // every entry at full precision (capped for huge vectors)
QString token(const QString &text);     // "\"Hello\"", control characters made visible, long ones elided
QString subscript(int n);               // 12 → "₁₂": tells apart tokens that repeat ("the"₀, "the"₄)

} // namespace stepformat
} // namespace attn::ui

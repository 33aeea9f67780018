#pragma once

#include <QString>

namespace attn::ui {

// How the views print attention numbers, so that every number of one picture has the same
// decimals (no "0.094" beside "0.11") and a small example keeps the digits that tell its
// cells apart (the seed's Hello World: 0.499 and 0.501, not 0.50 and 0.50).
//
// Usage: one ValueFormat per picture, made from the largest |value| it prints, then format()
// for each number. Tooltips use fullPrecision() instead.
struct ValueFormat
{
    int decimals = 2;

    // Significant digits a picture aims for: three while the matrix is small (≤ 16 tokens),
    // where cells and arrows have room and the seed's examples live; two above.
    static int significantDigits(int tokenCount);
    // `digits` significant digits for `largest` (the largest |value| printed), the same decimals
    // for every smaller one: 0.501 → 3 decimals, 0.0174 → 4, 3.25 → 2 (digits 3). Non-finite or
    // 0 gives `digits` decimals.
    static ValueFormat forLargest(double largest, int digits);

    // The value with a true minus sign ("−0.0173").
    QString format(double value) const;
};

// Every digit a float holds (7 significant), with a true minus sign: tooltips, where nothing
// should be rounded away.
QString fullPrecision(double value);

} // namespace attn::ui

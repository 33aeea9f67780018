#pragma once

#include "headselection.h"

#include "core/attentionresult.h"

#include <QByteArray>

namespace attn::ui {

// The numbers behind a picture: the attention weights and raw scores of the shown heads.
// Both functions expect a selection that HeadSelection::checked() accepted.
class NumbersExport
{
public:
    // CSV (RFC 4180: CRLF line ends, fields with a comma, quote, line break or outer space quoted).
    // For each selected head (layer by layer) two blocks, weights then scores, each introduced by a
    // line such as
    //   layer 0 head 3 weights
    // then a header row "query \ key" followed by the tokens, then one row per query token: the
    // token, then its N numbers. Blocks are separated by an empty line. Numbers are written in the
    // shortest form that reads back to the same float32; non-finite ones as NaN/Infinity/-Infinity.
    static QByteArray csv(const AttentionResult &result, const HeadSelection &selection);

    // The --dump JSON schema (docs/dump-format.md) restricted to the selection: "layers" holds only
    // the selected layers, and their "heads" only the selected heads, in selection order, with an
    // extra top-level "selection": [{"layer": L, "heads": [h, ...]}, ...] naming their original
    // indices (entry i describes layers[i]).
    // The model's rollout and next-token predictions are not numbers of a head and are left out.
    static QByteArray json(const AttentionResult &result, const HeadSelection &selection);
};

} // namespace attn::ui

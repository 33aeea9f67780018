#pragma once

#include "core/attentionresult.h"
#include "core/expected.h"

#include <QString>

#include <vector>

namespace attn::ui {

struct Focus;
struct ViewOptions;

// The heads whose numbers an export writes: for each of some layers, some of its heads (0-based),
// in the order they are written.
struct HeadSelection
{
    struct Layer
    {
        int layer = 0;
        std::vector<int> heads;
        friend bool operator==(const Layer &, const Layer &) = default;
    };
    std::vector<Layer> layers;

    friend bool operator==(const HeadSelection &, const HeadSelection &) = default;

    static HeadSelection of(int layer, std::vector<int> heads) { return {{{layer, std::move(heads)}}}; }
    int headCount() const;

    // What a view shows, by its export name: "model" every head of every layer, "heads" every head
    // of the focused layer, "flow"/"arc" every head when ViewOptions say so, "heatmap", "steps" and
    // "flow"/"arc" otherwise the focused head. Other views: empty (their numbers are not a head's).
    static HeadSelection forView(const QString &exportName, const Focus &focus, const ViewOptions &options,
                                 const AttentionResult &result);

    // An error naming the layer or head that the result does not have, or saying nothing is selected.
    static Expected<HeadSelection> checked(const HeadSelection &selection, const AttentionResult &result);
};

} // namespace attn::ui

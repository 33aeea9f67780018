#include "headselection.h"

#include "document/focus.h"
#include "document/viewoptions.h"

#include <QCoreApplication>

#include <algorithm>

namespace attn::ui {
namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("attn::ui::HeadSelection", text, nullptr, n);
}

std::vector<int> allHeads(const AttentionResult &result)
{
    std::vector<int> heads(size_t(std::max(0, result.headCount())));
    for (size_t h = 0; h < heads.size(); ++h)
        heads[h] = int(h);
    return heads;
}

} // namespace

int HeadSelection::headCount() const
{
    int count = 0;
    for (const Layer &layer : layers)
        count += int(layer.heads.size());
    return count;
}

HeadSelection HeadSelection::forView(const QString &exportName, const Focus &focus, const ViewOptions &options,
                                     const AttentionResult &result)
{
    if (result.layerCount() == 0 || result.headCount() == 0)
        return {};
    const int layer = std::clamp(focus.layer, 0, result.layerCount() - 1);
    const int head = std::clamp(focus.head, 0, result.headCount() - 1);
    const bool flow = exportName == QLatin1String("flow") || exportName == QLatin1String("arc");
    if (exportName == QLatin1String("model")) {
        HeadSelection selection;
        for (int l = 0; l < result.layerCount(); ++l)
            selection.layers.push_back({l, allHeads(result)});
        return selection;
    }
    if (exportName == QLatin1String("heads") || (flow && options.flowHeads == FlowHeads::All))
        return of(layer, allHeads(result));
    if (flow || exportName == QLatin1String("heatmap") || exportName == QLatin1String("steps"))
        return of(layer, {head});
    return {};
}

Expected<HeadSelection> HeadSelection::checked(const HeadSelection &selection, const AttentionResult &result)
{
    if (selection.headCount() == 0)
        return Error{tr("no attention head is selected, so there are no numbers to write")};
    for (const Layer &layer : selection.layers) {
        if (layer.layer < 0 || layer.layer >= result.layerCount())
            return Error{tr("layer %1 does not exist: the model has %n layer(s), numbered from 0", result.layerCount())
                             .arg(layer.layer)};
        for (int head : layer.heads) {
            if (head < 0 || head >= result.headCount())
                return Error{tr("head %1 does not exist: the model has %n head(s), numbered from 0", result.headCount())
                                 .arg(head)};
        }
    }
    return selection;
}

} // namespace attn::ui

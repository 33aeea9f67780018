#include "steptrace.h"

#include "softmax.h"

#include <cmath>

namespace attn {

bool traceStep(const AttentionResult &result, int layer, int head, int query, int key, StepTrace &trace)
{
    if (layer < 0 || layer >= result.layerCount() || head < 0 || head >= result.headCount())
        return false;
    const int count = result.tokenCount();
    if (query < 0 || query >= count || key < 0 || key >= count)
        return false;

    const LayerResult &layerResult = result.layers[layer];
    const HeadResult &h = layerResult.heads[head];
    const AttentionConfig &config = result.config;

    trace = StepTrace{};
    trace.layer = layer;
    trace.head = head;
    trace.query = query;
    trace.key = key;

    trace.q = h.q.row(query);
    trace.keys = h.k;
    trace.values = h.v;

    const Eigen::Index dK = h.q.cols();
    trace.dotTerms.resize(dK);
    float dot = 0.f;
    for (Eigen::Index d = 0; d < dK; ++d) {
        trace.dotTerms[d] = h.q(query, d) * h.k(key, d);
        dot += trace.dotTerms[d];
    }
    trace.dot = dot;
    trace.rootDk = config.scaleByRootDk ? float(std::sqrt(double(dK))) : 1.f;
    trace.temperature = float(config.temperature);
    trace.scores.assign(h.scores.row(query).data(), h.scores.row(query).data() + count);
    trace.visibleKeys = config.causal ? query + 1 : count;
    if (config.causal && layerResult.slidingWindow > 0)
        trace.firstVisibleKey = std::max(0, query - layerResult.slidingWindow + 1);

    trace.exps.assign(size_t(count), 0.f);
    const int first = trace.firstVisibleKey;
    const SoftmaxRowStats stats = softmaxExponentials(trace.scores.data() + first, trace.exps.data() + first,
                                                      count - first, trace.visibleKeys - first);
    trace.rowMax = stats.max;
    trace.expSum = stats.expSum;
    trace.weights.assign(h.weights.row(query).data(), h.weights.row(query).data() + count);

    trace.weightedValues.resize(count, h.v.cols());
    for (int j = 0; j < count; ++j)
        trace.weightedValues.row(j) = h.weights(query, j) * h.v.row(j);
    trace.output = h.output.row(query);

    if (layerResult.wO.size() > 0) {
        const Eigen::Index dV = h.v.cols();
        trace.concatenated.resize(Eigen::Index(result.headCount()) * dV);
        for (int other = 0; other < result.headCount(); ++other)
            trace.concatenated.segment(other * dV, dV) = layerResult.heads[other].output.row(query);
        trace.combined = layerResult.output.row(query);
    }
    return true;
}

} // namespace attn

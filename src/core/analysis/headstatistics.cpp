#include "headstatistics.h"

#include "keyfilter.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace attn {

HeadStatistics headStatistics(const Matrix &weights)
{
    HeadStatistics stats;
    const Eigen::Index n = std::min(weights.rows(), weights.cols());
    if (n == 0)
        return stats;
    const Eigen::Index first = n > 1 ? 1 : 0;
    double entropy = 0.0, previous = 0.0, firstToken = 0.0, self = 0.0;
    for (Eigen::Index i = first; i < n; ++i) {
        double rowEntropy = 0.0;
        for (Eigen::Index j = 0; j < weights.cols(); ++j) {
            const double w = weights(i, j);
            if (w > 0.0)
                rowEntropy -= w * std::log2(w);
        }
        entropy += rowEntropy;
        previous += i > 0 ? weights(i, i - 1) : 0.0;
        firstToken += weights(i, 0);
        self += weights(i, i);
    }
    const double rows = double(n - first);
    stats.entropyBits = entropy / rows;
    stats.previousTokenMass = previous / rows;
    stats.firstTokenMass = firstToken / rows;
    stats.selfMass = self / rows;
    stats.previousTokenHead = stats.previousTokenMass >= HeadStatistics::Thresholds::previousToken;
    stats.firstTokenSink = stats.firstTokenMass >= HeadStatistics::Thresholds::firstToken;
    stats.selfHead = stats.selfMass >= HeadStatistics::Thresholds::self;
    return stats;
}

void addSpecialTokenMasses(HeadStatistics &statistics, const Matrix &weights, const TokenList &tokens)
{
    const Eigen::Index n = std::min({weights.rows(), weights.cols(), Eigen::Index(tokens.size())});
    if (n == 0)
        return;
    double separators = 0.0, classToken = 0.0;
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
            if (!isInsertedSpecial(tokens[size_t(j)]))
                continue;
            (j == 0 ? classToken : separators) += weights(i, j);
        }
    statistics.separatorMass = separators / double(n);
    statistics.classMass = classToken / double(n);
    statistics.separatorHead = *statistics.separatorMass >= HeadStatistics::Thresholds::separator;
}

InductionProbe InductionProbe::make(int period, int firstId, int endId, quint64 seed, int prefixId)
{
    InductionProbe probe;
    probe.period = std::max(period, 0);
    if (prefixId >= 0)
        probe.ids.push_back(prefixId);
    probe.firstCopy = int(probe.ids.size());
    // mt19937_64's sequence is fixed by the standard, so a seed names the same probe everywhere;
    // the ids are mapped by modulo (a tiny bias that does not matter for a probe).
    std::mt19937_64 generator(seed);
    const quint64 range = quint64(std::max(endId - firstId, 1));
    std::vector<int> segment(probe.period);
    for (int &id : segment)
        id = firstId + int(generator() % range);
    probe.ids.insert(probe.ids.end(), segment.begin(), segment.end());
    probe.ids.insert(probe.ids.end(), segment.begin(), segment.end());
    return probe;
}

double inductionScore(const Matrix &weights, const InductionProbe &probe)
{
    double sum = 0.0;
    int count = 0;
    for (int t = 0; t < probe.period; ++t) {
        const Eigen::Index query = probe.firstCopy + probe.period + t;
        const Eigen::Index key = probe.firstCopy + t + 1;
        if (query >= weights.rows() || key >= weights.cols())
            break;
        sum += weights(query, key);
        ++count;
    }
    return count > 0 ? sum / count : 0.0;
}

std::vector<std::vector<HeadStatistics>> allHeadStatistics(const AttentionResult &result,
                                                           const AttentionResult *probeResult,
                                                           const InductionProbe *probe)
{
    std::vector<std::vector<HeadStatistics>> all(result.layers.size());
    for (size_t l = 0; l < result.layers.size(); ++l) {
        const LayerResult &layer = result.layers[l];
        for (size_t h = 0; h < layer.heads.size(); ++h) {
            HeadStatistics stats = headStatistics(layer.heads[h].weights);
            if (!result.config.causal && !result.modelName.isEmpty()) // an encoder checkpoint
                addSpecialTokenMasses(stats, layer.heads[h].weights, result.tokens);
            if (probeResult && probe && l < probeResult->layers.size() && h < probeResult->layers[l].heads.size()) {
                stats.inductionScore = inductionScore(probeResult->layers[l].heads[h].weights, *probe);
                stats.inductionHead = *stats.inductionScore >= HeadStatistics::Thresholds::induction;
            }
            all[l].push_back(stats);
        }
    }
    return all;
}

} // namespace attn

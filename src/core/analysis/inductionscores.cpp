#include "inductionscores.h"

#include "headstatistics.h"

#include <algorithm>

namespace attn {

namespace {

constexpr quint64 kProbeSeed = 0x1d0c7105ull;

} // namespace

InductionScores measureInductionScores(const ModelPtr &model, int period)
{
    if (!model)
        return {};
    const ModelInfo &info = model->info();
    // The probe starts with the model's begin-of-text token (when it has one), as a document does, and
    // the random ids are drawn from below it when it is the last id (GPT-2), else from the vocabulary.
    const int drawnBelow = info.beginOfTextId > 0 ? info.beginOfTextId : info.vocabSize;
    period = std::min(period, (info.contextLength - 1) / 2);
    if (period < 2 || drawnBelow < 2)
        return {};
    const InductionProbe probe = InductionProbe::make(period, 0, drawnBelow, kProbeSeed, info.beginOfTextId);

    ModelRunOptions options;
    options.topCount = 1;
    const EnginePtr engine = model->createEngine(options);
    const Expected<ResultPtr> run = engine->run({QString(), model->tokensForIds(probe.ids)});
    if (!run)
        return {};
    const AttentionResult &result = **run;
    InductionScores scores(size_t(result.layerCount()));
    for (int l = 0; l < result.layerCount(); ++l)
        for (int h = 0; h < result.headCount(); ++h)
            scores[size_t(l)].push_back(inductionScore(result.head(l, h)->weights, probe));
    return scores;
}

} // namespace attn

#include "inductionscores.h"

#include "core/transformer/gpt2session.h"
#include "core/analysis/headstatistics.h"

#include <algorithm>

namespace attn::ui {

namespace {

constexpr quint64 kProbeSeed = 0x1d0c7105ull;

} // namespace

InductionScores measureInductionScores(const Gpt2ModelPtr &model, int period)
{
    if (!model)
        return {};
    const Gpt2Config &config = model->config();
    // The last id is GPT-2's <|endoftext|>: it starts the probe as it starts a document, and the
    // random ids are drawn from everything below it.
    const int endOfText = config.vocabSize - 1;
    period = std::min(period, (config.positions - 1) / 2);
    if (period < 2 || endOfText < 2)
        return {};
    const InductionProbe probe = InductionProbe::make(period, 0, endOfText, kProbeSeed, endOfText);

    Gpt2SessionOptions options;
    options.topCount = 1;
    Gpt2Session session(model, options);
    const Expected<Gpt2RunPtr> run = session.run(model->tokensForIds(probe.ids));
    if (!run)
        return {};
    const AttentionResult &result = *(*run)->result;
    InductionScores scores(size_t(result.layerCount()));
    for (int l = 0; l < result.layerCount(); ++l)
        for (const HeadResult &head : result.layers[size_t(l)].heads)
            scores[size_t(l)].push_back(inductionScore(head.weights, probe));
    return scores;
}

} // namespace attn::ui

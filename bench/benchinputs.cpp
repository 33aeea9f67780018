#include "benchinputs.h"

#include "core/tokenizers/wordtokenizer.h"

#include <QStringList>

namespace attn::bench {

QString sentenceOf(int tokens)
{
    static const char *const words[] = {"the", "cat", "sat", "on", "mat", "because", "it", "was", "warm",
                                        "and", "dog", "watched", "from", "a", "chair", "near", "door"};
    QStringList list;
    for (int i = 0; i < tokens; ++i)
        list << QString::fromLatin1(words[i % int(std::size(words))]);
    return list.join(QLatin1Char(' '));
}

AttentionLayerInput toyInput(int tokens, int heads, int dModel, quint64 seed)
{
    AttentionConfig config;
    config.heads = heads;
    config.dModel = dModel;
    config.dK = dModel / heads;
    config.dV = dModel / heads;
    config.seed = seed;
    return AttentionLayerInput{tokenizeWords(sentenceOf(tokens)), config, LearnedMatrices::glorot(config), {}};
}

ResultPtr layeredResult(int layers, int heads, int tokens)
{
    auto result = std::make_shared<AttentionResult>();
    for (int layer = 0; layer < layers; ++layer) {
        AttentionLayerInput input = toyInput(tokens, heads, 64, quint64(100 + layer));
        input.config.causal = true;
        input.weights = LearnedMatrices::glorot(input.config);
        const Expected<ResultPtr> one = computeAttention(input);
        if (!one)
            qFatal("layeredResult: %s", qPrintable(one.error()));
        if (layer == 0) {
            result->tokens = (*one)->tokens;
            result->config = (*one)->config;
            result->input = (*one)->input;
        }
        result->layers.push_back((*one)->layers.front());
    }
    return result;
}

} // namespace attn::bench

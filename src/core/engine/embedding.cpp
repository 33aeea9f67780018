#include "embedding.h"

#include "stablerandom.h"

#include <cmath>

namespace attn {

RowVector tokenEmbedding(const QString &text, int dModel)
{
    const QByteArray label = QByteArrayLiteral("embedding:") + text.toUtf8();
    StableRandom random(StableRandom::streamSeed(0, label));
    const double scale = 1.0 / std::sqrt(double(dModel));
    RowVector vector(dModel);
    for (int d = 0; d < dModel; ++d)
        vector[d] = float(random.nextNormal() * scale);
    return vector;
}

Matrix sinusoidalPositions(int count, int dModel)
{
    Matrix positions(count, dModel);
    for (int p = 0; p < count; ++p) {
        for (int d = 0; d < dModel; ++d) {
            const int pair = d / 2;
            const double angle = double(p) / std::pow(10000.0, 2.0 * pair / dModel);
            positions(p, d) = float(d % 2 == 0 ? std::sin(angle) : std::cos(angle));
        }
    }
    return positions;
}

Matrix buildInput(const TokenList &tokens, const AttentionConfig &config, const EmbeddingOverrides &overrides)
{
    const int count = int(tokens.size());
    Matrix input(count, config.dModel); // (N, d_model)
    for (int i = 0; i < count; ++i) {
        const auto found = overrides.constFind(tokens[i].text);
        if (found != overrides.cend() && found->size() == config.dModel)
            input.row(i) = *found;
        else
            input.row(i) = tokenEmbedding(tokens[i].text, config.dModel);
    }
    if (config.positional == PositionalEncoding::Sinusoidal)
        input += sinusoidalPositions(count, config.dModel);
    return input;
}

} // namespace attn

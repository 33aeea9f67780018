#pragma once

// The check of a llama-family model against a float64 PyTorch reference of
// scripts/make_llama_fixtures.py's format (ids, every layer's normed input and every head's
// weights, logits of some positions): tst_llamaforward for safetensors folders, tst_ggufmodel for
// GGUF files written by scripts/make_gguf_model_fixtures.py. A failed check returns early; callers
// see it through QTest::currentTestFailed().

#include "testutils.h"
#include "core/transformer/llamamodel.h"
#include "core/transformer/model.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

inline void checkAgainstLlamaReference(const attn::ModelPtr &loaded, const QJsonObject &reference, const QString &family,
                                       double tolerance, const QString &label)
{
    using namespace attn;
    using testutils::difference;
    using testutils::idsOf;
    QCOMPARE(loaded->info().family, family);
    QVERIFY(std::dynamic_pointer_cast<const LlamaModel>(loaded));
    const LlamaModelPtr model = std::static_pointer_cast<const LlamaModel>(loaded);
    const LlamaConfig &config = model->config();
    QCOMPARE(loaded->info().beginOfTextId, 275); // bos_token_id
    QCOMPARE(loaded->info().keyValueHeads, config.keyValueHeads);

    const std::vector<int> ids = idsOf(reference);
    const int n = int(ids.size());
    EnginePtr engine = loaded->createEngine();
    const Expected<ResultPtr> run = engine->run({QString(), model->tokensForIds(ids)});
    QVERIFY2(run.ok(), run.ok() ? "" : qPrintable(run.error()));
    const AttentionResult &result = **run;
    QCOMPARE(result.tokenCount(), n);
    QCOMPARE(result.layerCount(), config.layers);
    QCOMPARE(result.headCount(), config.heads);
    QCOMPARE(result.config.dK, config.dHead);

    const QJsonArray layers = reference.value(QLatin1String("layers")).toArray();
    QCOMPARE(layers.size(), qsizetype(config.layers));
    double worstWeights = 0.0;
    for (int l = 0; l < config.layers; ++l) {
        const QJsonObject expected = layers[l].toObject();
        const LayerResult &layer = result.layers[size_t(l)];
        const double input = difference(layer.input, testutils::toMatrix(expected.value(QLatin1String("input"))));
        QVERIFY2(input < tolerance, qPrintable(QStringLiteral("layer %1 input: %2").arg(l).arg(input)));
        const QJsonArray heads = expected.value(QLatin1String("weights")).toArray();
        QCOMPARE(heads.size(), qsizetype(config.heads));
        for (int h = 0; h < config.heads; ++h) {
            const HeadResult &head = layer.heads[size_t(h)];
            const double weights = difference(head.weights, testutils::toMatrix(heads[h]));
            worstWeights = std::max(worstWeights, weights);
            QVERIFY2(weights < tolerance, qPrintable(QStringLiteral("layer %1 head %2 weights: %3").arg(l).arg(h).arg(weights)));
            // Masked entries are exactly 0: the future, and keys beyond a sliding window.
            const int window = config.slidingWindow[size_t(l)];
            for (int i = 0; i < n; ++i)
                for (int j = 0; j < n; ++j)
                    if (j > i || (window > 0 && j <= i - window))
                        QCOMPARE(head.weights(i, j), 0.f);
        }
    }
    const QJsonArray positions = reference.value(QLatin1String("logitPositions")).toArray();
    const Matrix logits = testutils::toMatrix(reference.value(QLatin1String("logits")));
    double worstLogits = 0.0;
    for (qsizetype r = 0; r < positions.size(); ++r) {
        const int position = positions[r].toInt();
        const RowVector mine = model->logits(result.finalHidden.row(position).data());
        const double d = difference(mine, logits.row(r));
        worstLogits = std::max(worstLogits, d);
        QVERIFY2(d < tolerance, qPrintable(QStringLiteral("logits of position %1: %2").arg(position).arg(d)));
    }
    qInfo("%s: largest difference to PyTorch: weights %.3g, logits %.3g", qPrintable(label), worstWeights, worstLogits);

    // The top prediction after the last token is the reference's best logit.
    Eigen::Index best = 0;
    logits.row(positions.size() - 1).maxCoeff(&best);
    const std::vector<NextTokenPrediction> next = result.predictNext(n - 1, 3);
    QCOMPARE(next.size(), size_t(3));
    QCOMPARE(next.front().id, int(best));
}

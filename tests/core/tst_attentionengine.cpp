// The engine against the seed document's own worked numbers and against the laws of softmax.
#include "core/engine/attentionengine.h"
#include "core/engine/embedding.h"
#include "core/engine/presets.h"
#include "core/engine/softmax.h"
#include "core/engine/steptrace.h"
#include "core/tokenizers/wordtokenizer.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace attn;

namespace {

ResultPtr computePreset(const QString &name)
{
    const Preset *preset = findPreset(name);
    if (!preset)
        return {};
    AttentionLayerInput input{tokenizeWords(preset->sentence), preset->config, presetWeights(*preset), preset->embeddings};
    const auto result = computeAttention(input);
    return result ? *result : ResultPtr{};
}

AttentionLayerInput sentenceInput(const QString &text, AttentionConfig config)
{
    return {tokenizeWords(text), config, LearnedMatrices::glorot(config), {}};
}

bool close(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance;
}

} // namespace

class TestAttentionEngine : public QObject
{
    Q_OBJECT

private slots:
    // §2.3: Score(Hello,Hello) ≈ −0.017, Score(Hello,World) ≈ −0.011, weights 0.499 / 0.501,
    // Output(Hello) ≈ [0.145, 0.110, 0.190].
    void seedSection23()
    {
        const ResultPtr result = computePreset(QStringLiteral("seed-hello-world"));
        QVERIFY(result);
        QCOMPARE(result->tokenCount(), 2);
        QCOMPARE(result->tokens[0].text, QStringLiteral("Hello"));
        const HeadResult &head = result->layers[0].heads[0];
        // Q, K, V of "Hello" are the seed's vectors.
        QVERIFY(close(head.q(0, 0), 0.2, 1e-7) && close(head.q(0, 1), -0.1, 1e-7) && close(head.q(0, 2), 0.3, 1e-7));
        QVERIFY(close(head.k(1, 0), 0.12, 1e-7) && close(head.k(1, 2), -0.08, 1e-7));
        QVERIFY(close(head.v(1, 1), 0.12, 1e-7));
        // Exact: −0.03 / √3 and −0.019 / √3.
        QVERIFY2(close(head.scores(0, 0), -0.03 / std::sqrt(3.0), 1e-6), qPrintable(QString::number(head.scores(0, 0))));
        QVERIFY2(close(head.scores(0, 1), -0.019 / std::sqrt(3.0), 1e-6), qPrintable(QString::number(head.scores(0, 1))));
        QCOMPARE(QString::number(head.scores(0, 0), 'f', 3), QStringLiteral("-0.017"));
        QCOMPARE(QString::number(head.scores(0, 1), 'f', 3), QStringLiteral("-0.011"));
        QCOMPARE(QString::number(head.weights(0, 0), 'f', 3), QStringLiteral("0.498"));
        QCOMPARE(QString::number(head.weights(0, 1), 'f', 3), QStringLiteral("0.502"));
        // The seed rounds its scores first (exp(−0.017) / (exp(−0.017) + exp(−0.011)) = 0.4985): the true
        // weights from unrounded scores are 0.49841 / 0.50159 — the seed's 0.499 / 0.501 within 0.002.
        QVERIFY(close(head.weights(0, 0), 0.499, 0.002));
        QVERIFY(close(head.weights(0, 1), 0.501, 0.002));
        const double expectedHello[] = {0.145, 0.110, 0.190};
        for (int d = 0; d < 3; ++d)
            QVERIFY2(close(head.output(0, d), expectedHello[d], 0.0015), qPrintable(QString::number(head.output(0, d))));
    }

    // §2.4: the seed's table says 0.62 / 0.38 for scores 0.5 / 0.3; softmax gives 0.550 / 0.450.
    void seedSection24TrueSoftmax()
    {
        const ResultPtr result = computePreset(QStringLiteral("seed-score-table"));
        QVERIFY(result);
        const HeadResult &head = result->layers[0].heads[0];
        QVERIFY(close(head.scores(0, 0), 0.5, 1e-7) && close(head.scores(0, 1), 0.3, 1e-7));
        QVERIFY(close(head.scores(1, 0), 0.4, 1e-7) && close(head.scores(1, 1), 0.6, 1e-7));
        const double e = std::exp(0.2);
        QVERIFY(close(head.weights(0, 0), e / (e + 1.0), 1e-6)); // 0.5498
        QVERIFY(close(head.weights(0, 1), 1.0 / (e + 1.0), 1e-6));
        QCOMPARE(QString::number(head.weights(0, 0), 'f', 3), QStringLiteral("0.550"));
        QCOMPARE(QString::number(head.weights(1, 1), 'f', 3), QStringLiteral("0.550"));
        QVERIFY(std::abs(head.weights(0, 0) - 0.62) > 0.05); // not the seed's misprint
    }

    void rowsSumToOne_data()
    {
        QTest::addColumn<bool>("causal");
        QTest::addColumn<double>("temperature");
        QTest::addRow("bidirectional") << false << 1.0;
        QTest::addRow("causal") << true << 1.0;
        QTest::addRow("hot") << false << 0.1;
        QTest::addRow("cold") << true << 10.0;
    }
    void rowsSumToOne()
    {
        QFETCH(bool, causal);
        QFETCH(double, temperature);
        AttentionConfig config;
        config.causal = causal;
        config.temperature = temperature;
        const auto result = computeAttention(sentenceInput(QStringLiteral("The cat that I saw yesterday sat on the mat"), config));
        QVERIFY(result);
        for (const HeadResult &head : (*result)->layers[0].heads) {
            for (Eigen::Index i = 0; i < head.weights.rows(); ++i) {
                QVERIFY(close(head.weights.row(i).sum(), 1.0, 1e-5));
                QVERIFY((head.weights.row(i).array() >= 0.f).all());
            }
        }
    }

    void causalMaskZeroesTheFuture()
    {
        AttentionConfig config;
        config.causal = true;
        const auto result = computeAttention(sentenceInput(QStringLiteral("He saw the cat with binoculars"), config));
        QVERIFY(result);
        const HeadResult &head = (*result)->layers[0].heads[3];
        for (Eigen::Index i = 0; i < head.weights.rows(); ++i)
            for (Eigen::Index j = i + 1; j < head.weights.cols(); ++j)
                QCOMPARE(head.weights(i, j), 0.f); // exactly zero, not tiny
        QCOMPARE(head.weights(0, 0), 1.f);         // the first token can only see itself
        // Scores are kept before the mask, so the hidden pairs still show what q·k was.
        QVERIFY(head.scores(0, 1) != 0.f);
    }

    void extremeScoresNeverNaN_data()
    {
        QTest::addColumn<float>("magnitude");
        QTest::addRow("1e30") << 1e30f;
        QTest::addRow("1e-30") << 1e-30f;
        QTest::addRow("max float") << std::numeric_limits<float>::max();
    }
    void extremeScoresNeverNaN()
    {
        QFETCH(float, magnitude);
        const float scores[] = {magnitude, -magnitude, 0.f, magnitude};
        float weights[4];
        softmaxRow(scores, weights, 4, 4);
        for (float w : weights)
            QVERIFY(std::isfinite(w));
        QVERIFY(close(weights[0] + weights[1] + weights[2] + weights[3], 1.0, 1e-6));

        // Through the whole engine: matrices of ±magnitude overflow q·k to ±∞.
        AttentionConfig config;
        config.heads = 2;
        AttentionLayerInput input = sentenceInput(QStringLiteral("big numbers here"), config);
        input.weights.heads[0].wQ.setConstant(magnitude);
        input.weights.heads[0].wK.setConstant(-magnitude);
        input.weights.heads[1].wQ(0, 0) = magnitude;
        const auto result = computeAttention(input);
        QVERIFY(result);
        for (const HeadResult &head : (*result)->layers[0].heads) {
            QVERIFY(!head.weights.array().isNaN().any());
            for (Eigen::Index i = 0; i < head.weights.rows(); ++i) {
                const float sum = head.weights.row(i).sum();
                QVERIFY(close(sum, 1.0, 1e-5) || sum == 0.f);
            }
        }
    }

    // Huge matrices whose products overflow float on both signs: q·k and concat·W_O would be ∞ − ∞.
    void overflowOnBothSignsIsNeverNaN()
    {
        AttentionConfig config;
        config.heads = 1;
        config.dModel = 4;
        config.dK = 2;
        config.dV = 2;
        AttentionLayerInput input = sentenceInput(QStringLiteral("the cat sat"), config);
        HeadWeights &head = input.weights.heads[0];
        head.wQ.setConstant(1e30f);
        head.wQ.col(1).setConstant(-1e30f); // q = s·[1e30, −1e30]
        head.wK.setConstant(1e30f);         // k = t·[1e30, 1e30]: q·k = s·t·(1e60 − 1e60), exactly 0
        head.wV.setConstant(1e30f);
        input.weights.wO.setConstant(1e30f);
        input.weights.wO.row(1).setConstant(-1e30f); // the two value columns cancel exactly
        const auto result = computeAttention(input);
        QVERIFY(result);
        const LayerResult &layer = (*result)->layers[0];
        QVERIFY(!layer.heads[0].scores.hasNaN());
        QCOMPARE(layer.heads[0].scores(0, 1), 0.f);
        QVERIFY(!layer.heads[0].weights.hasNaN());
        QVERIFY(!layer.output.hasNaN());
        QCOMPARE(layer.output(0, 0), 0.f);
    }

    void infiniteAndNaNScores()
    {
        const float inf = std::numeric_limits<float>::infinity();
        const float nan = std::numeric_limits<float>::quiet_NaN();
        float weights[4];
        const float twoInfinite[] = {inf, 1.f, inf, nan};
        softmaxRow(twoInfinite, weights, 4, 4);
        QCOMPARE(weights[0], 0.5f);
        QCOMPARE(weights[1], 0.f);
        QCOMPARE(weights[2], 0.5f);
        QCOMPARE(weights[3], 0.f);
        const float nothing[] = {nan, -inf, nan, 5.f};
        softmaxRow(nothing, weights, 4, 3); // the only finite score is masked: the row is all zeros
        for (float w : weights)
            QCOMPARE(w, 0.f);
        softmaxRow(nothing, weights, 4, 0); // fully masked row
        for (float w : weights)
            QCOMPARE(w, 0.f);
    }

    void temperatureLimits()
    {
        AttentionConfig config;
        config.temperature = 1e-6; // → 0: one-hot on the largest score
        auto input = sentenceInput(QStringLiteral("The cat sat on the mat"), config);
        const auto cold = computeAttention(input);
        QVERIFY(cold);
        const HeadResult &head = (*cold)->layers[0].heads[0];
        for (Eigen::Index i = 0; i < head.weights.rows(); ++i) {
            Eigen::Index best = 0;
            head.scores.row(i).maxCoeff(&best);
            QVERIFY(close(head.weights(i, best), 1.0, 1e-6));
        }
        input.config.temperature = 1e9; // → ∞: uniform
        const auto hot = computeAttention(input);
        QVERIFY(hot);
        const double uniform = 1.0 / 6.0;
        QVERIFY(((*hot)->layers[0].heads[0].weights.array() - float(uniform)).abs().maxCoeff() < 1e-6);
    }

    void pinnedEmbedding()
    {
        // FNV-1a + SplitMix64 + Irwin–Hall, recomputed independently by scripts/embedding_reference.py:
        // "cat" at d_model 4 is this vector on every machine.
        const RowVector cat = tokenEmbedding(QStringLiteral("cat"), 4);
        QCOMPARE(cat.size(), 4);
        QCOMPARE(tokenEmbedding(QStringLiteral("cat"), 4), cat); // deterministic
        QVERIFY(tokenEmbedding(QStringLiteral("Cat"), 4) != cat);
        const float expected[] = {-0.151481643f, 1.00617659f, 0.142245129f, -0.340805292f};
        for (int d = 0; d < 4; ++d)
            QVERIFY2(close(cat[d], expected[d], 1e-7), qPrintable(QString::number(cat[d], 'g', 9)));
    }

    void sinusoidalPositionsFollowTheFormula()
    {
        const Matrix pe = sinusoidalPositions(3, 6);
        QCOMPARE(pe(0, 0), 0.f);
        QCOMPARE(pe(0, 1), 1.f);
        QVERIFY(close(pe(2, 0), std::sin(2.0), 1e-7));
        QVERIFY(close(pe(2, 1), std::cos(2.0), 1e-7));
        QVERIFY(close(pe(1, 2), std::sin(1.0 / std::pow(10000.0, 2.0 / 6.0)), 1e-7));
        QVERIFY(close(pe(1, 5), std::cos(1.0 / std::pow(10000.0, 4.0 / 6.0)), 1e-7));
    }

    void glorotHasTheRightSpread()
    {
        AttentionConfig config;
        config.dModel = 256;
        config.dK = 256;
        config.heads = 1;
        const LearnedMatrices m = LearnedMatrices::glorot(config);
        const double variance = m.heads[0].wQ.array().square().mean();
        QVERIFY2(close(variance, 2.0 / 512.0, 0.0002), qPrintable(QString::number(variance)));
        // Re-seeding changes the matrices; the same seed gives the same ones.
        AttentionConfig other = config;
        other.seed = 7;
        QVERIFY(LearnedMatrices::glorot(other).heads[0].wQ != m.heads[0].wQ);
        QCOMPARE(LearnedMatrices::glorot(config).heads[0].wQ, m.heads[0].wQ);
    }

    void emptyInputGivesEmptyResult()
    {
        for (const QString &text : {QString(), QStringLiteral("   \t\n ")}) {
            const auto result = computeAttention(sentenceInput(text, AttentionConfig{}));
            QVERIFY(result);
            QCOMPARE((*result)->tokenCount(), 0);
            QCOMPARE((*result)->layers[0].heads[0].weights.rows(), 0);
        }
    }

    void rejectsBadInput()
    {
        AttentionConfig config;
        auto input = sentenceInput(QStringLiteral("a b"), config);
        input.config.temperature = std::numeric_limits<double>::quiet_NaN();
        auto result = computeAttention(input);
        QVERIFY(!result);
        QVERIFY(result.error().contains(QLatin1String("temperature")));

        input = sentenceInput(QStringLiteral("a b"), config);
        input.weights.heads[1].wK.resize(3, 3);
        result = computeAttention(input);
        QVERIFY(!result);
        QVERIFY2(result.error().contains(QLatin1String("head1.w_k")), qPrintable(result.error()));
        QVERIFY(result.error().contains(QStringLiteral("32×4")));

        QString many;
        for (int i = 0; i <= Limits::maxTokens; ++i)
            many += QStringLiteral("w ");
        result = computeAttention(sentenceInput(many, config));
        QVERIFY(!result);
        QVERIFY(result.error().contains(QString::number(Limits::maxTokens)));
    }

    void stepTraceMatchesTheSeed()
    {
        const ResultPtr result = computePreset(QStringLiteral("seed-hello-world"));
        QVERIFY(result);
        StepTrace trace;
        QVERIFY(traceStep(*result, 0, 0, 0, 1, trace));
        // 0.2×0.12 + (−0.1)×0.19 + 0.3×(−0.08) = 0.024 − 0.019 − 0.024 = −0.019
        QCOMPARE(int(trace.dotTerms.size()), 3);
        QVERIFY(close(trace.dotTerms[0], 0.024, 1e-7));
        QVERIFY(close(trace.dotTerms[1], -0.019, 1e-7));
        QVERIFY(close(trace.dotTerms[2], -0.024, 1e-7));
        QVERIFY(close(trace.dot, -0.019, 1e-7));
        QVERIFY(close(trace.rootDk, 1.7320508, 1e-6));
        QVERIFY(close(trace.scores[1], -0.019 / std::sqrt(3.0), 1e-6));
        // exp(s − max) / Σ reproduces the stored weights.
        QVERIFY(close(trace.exps[0] / trace.expSum, trace.weights[0], 1e-7));
        QVERIFY(close(trace.weightedValues(1, 0), trace.weights[1] * 0.14, 1e-7));
        QVERIFY(close(trace.output[0], trace.weightedValues(0, 0) + trace.weightedValues(1, 0), 1e-7));
        QCOMPARE(trace.concatenated.size(), 3);
        QCOMPARE(trace.combined.size(), 2);
        QVERIFY(!traceStep(*result, 0, 1, 0, 0, trace)); // no head 1
        QVERIFY(!traceStep(*result, 0, 0, 2, 0, trace)); // no token 2
    }
};

QTEST_GUILESS_MAIN(TestAttentionEngine)
#include "tst_attentionengine.moc"

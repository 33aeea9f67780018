// The GPT-2 forward pass against PyTorch, and the prefix cache against a full recompute.
// References: tests/data/gpt2/*/reference.json, computed in float64 by
// scripts/make_gpt2_fixtures.py from the formulas, on exactly the weights stored in each file
// (F16/BF16 weights rounded first), not with this code.
#include "testutils.h"
#include "core/transformer/gpt2model.h"
#include "core/transformer/gpt2predictions.h"
#include "core/transformer/gpt2session.h"
#include "core/analysis/rollout.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

using namespace attn;

namespace {

using testutils::difference;
using testutils::idsOf;

using testutils::gpt2Fixture;

using testutils::toMatrix;

// (heads, N, X) → one (N, X) matrix per head.
std::vector<Matrix> toHeads(const QJsonArray &heads)
{
    std::vector<Matrix> out;
    for (const QJsonValue &head : heads)
        out.push_back(toMatrix(head.toArray()));
    return out;
}

QJsonObject loadReference(const QString &folder)
{
    QFile file(gpt2Fixture(folder + QStringLiteral("/reference.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

Gpt2ModelPtr loadFixtureModel(const QString &folder)
{
    Expected<Gpt2ModelPtr> model = Gpt2Model::load(gpt2Fixture(folder));
    if (!model)
        qWarning("%s", qPrintable(model.error()));
    return model ? *model : nullptr;
}

std::vector<int> randomIds(int count, int vocab, unsigned seed)
{
    std::mt19937 generator(seed);
    std::vector<int> ids(count);
    for (int &id : ids)
        id = int(generator() % unsigned(vocab));
    return ids;
}

// Every number of two runs, as the largest difference().
double runDifference(const Gpt2Run &a, const Gpt2Run &b)
{
    const AttentionResult &x = *a.result;
    const AttentionResult &y = *b.result;
    if (x.layerCount() != y.layerCount() || x.tokenCount() != y.tokenCount())
        return std::numeric_limits<double>::infinity();
    double worst = std::max({difference(x.input, y.input), difference(x.rollout, y.rollout),
                             difference(x.finalHidden, y.finalHidden)});
    for (int l = 0; l < x.layerCount(); ++l) {
        worst = std::max({worst, difference(x.layers[l].output, y.layers[l].output),
                          difference(x.layers[l].input, y.layers[l].input),
                          difference(a.rolloutPerLayer[l], b.rolloutPerLayer[l])});
        for (int h = 0; h < x.headCount(); ++h) {
            const HeadResult &p = x.layers[l].heads[h];
            const HeadResult &q = y.layers[l].heads[h];
            worst = std::max({worst, difference(p.q, q.q), difference(p.k, q.k), difference(p.v, q.v),
                              difference(p.scores, q.scores), difference(p.weights, q.weights),
                              difference(p.output, q.output)});
        }
    }
    return worst;
}

} // namespace

class TestGpt2Forward : public QObject
{
    Q_OBJECT

private slots:
    void matchesTorch_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<bool>("detailed"); // the reference has every intermediate, not only logits
        QTest::addRow("tiny-f32") << QStringLiteral("tiny-f32") << true;
        QTest::addRow("small-f32") << QStringLiteral("small-f32") << true;
        QTest::addRow("tiny-f16") << QStringLiteral("tiny-f16") << false;
        QTest::addRow("tiny-bf16") << QStringLiteral("tiny-bf16") << false;
        QTest::addRow("small-bf16") << QStringLiteral("small-bf16") << false;
    }

    void matchesTorch()
    {
        QFETCH(QString, folder);
        QFETCH(bool, detailed);
        const QJsonObject reference = loadReference(folder);
        QVERIFY(!reference.isEmpty());
        const Gpt2ModelPtr model = loadFixtureModel(folder);
        QVERIFY(model);
        const std::vector<int> ids = idsOf(reference);
        const int n = int(ids.size());

        Gpt2Session session(model);
        const Expected<Gpt2RunPtr> run = session.run(model->tokensForIds(ids));
        QVERIFY2(run.ok(), run.ok() ? "" : qPrintable(run.error()));
        const AttentionResult &result = *(*run)->result;
        const Gpt2Config &config = model->config();

        // The shared result's header.
        QCOMPARE(result.tokenCount(), n);
        QCOMPARE(result.tokens[3].id, ids[3]);
        QCOMPARE(result.modelName, folder);
        QCOMPARE(result.config.heads, config.heads);
        QCOMPARE(result.config.dModel, config.dModel);
        QCOMPARE(result.config.dK, config.dHead());
        QCOMPARE(result.config.dV, config.dHead());
        QVERIFY(result.config.causal);
        QVERIFY(result.config.scaleByRootDk);
        QCOMPARE(result.config.temperature, 1.0);
        QCOMPARE(result.config.positional, PositionalEncoding::None);
        QCOMPARE(result.layerCount(), config.layers);
        QCOMPARE(result.headCount(), config.heads);

        constexpr double tolerance = 1e-4;
        QVERIFY2(difference(result.input, toMatrix(reference.value(QLatin1String("input")).toArray())) < tolerance, "input");
        QVERIFY2(difference((*run)->result->finalHidden, toMatrix(reference.value(QLatin1String("finalHidden")).toArray())) < tolerance,
                 "final hidden state");
        const Matrix logits = toMatrix(reference.value(QLatin1String("logits")).toArray()); // (N, vocab)
        for (int i = 0; i < n; ++i) {
            const RowVector mine = nextTokenLogits(*model, (*run)->result->finalHidden.row(i).data());
            QVERIFY2(difference(mine, logits.row(i)) < tolerance, qPrintable(QStringLiteral("logits of position %1").arg(i)));
        }

        if (detailed) {
            const QJsonArray layers = reference.value(QLatin1String("layers")).toArray();
            QCOMPARE(layers.size(), qsizetype(config.layers));
            for (int l = 0; l < config.layers; ++l) {
                const QJsonObject expected = layers[l].toObject();
                const LayerResult &layer = result.layers[l];
                const QString where = QStringLiteral("layer %1").arg(l);
                QVERIFY2(difference((*run)->result->layers[l].input, toMatrix(expected.value(QLatin1String("ln1")).toArray())) < tolerance,
                         qPrintable(where + QStringLiteral(" ln_1")));
                QVERIFY2(difference(layer.output, toMatrix(expected.value(QLatin1String("output")).toArray())) < tolerance,
                         qPrintable(where + QStringLiteral(" output")));
                const char *names[] = {"q", "k", "v", "scores", "weights", "headOutput"};
                for (const char *name : names) {
                    const std::vector<Matrix> heads = toHeads(expected.value(QLatin1String(name)).toArray());
                    QCOMPARE(int(heads.size()), config.heads);
                    for (int h = 0; h < config.heads; ++h) {
                        const HeadResult &head = layer.heads[h];
                        const Matrix &mine = std::string_view(name) == "q"        ? head.q
                                             : std::string_view(name) == "k"      ? head.k
                                             : std::string_view(name) == "v"      ? head.v
                                             : std::string_view(name) == "scores" ? head.scores
                                             : std::string_view(name) == "weights" ? head.weights
                                                                                   : head.output;
                        QVERIFY2(difference(mine, heads[h]) < tolerance,
                                 qPrintable(where + QStringLiteral(" head %1 %2").arg(h).arg(QLatin1String(name))));
                    }
                }
                // The mask gives exactly 0, not a tiny number.
                for (const HeadResult &head : layer.heads)
                    for (int i = 0; i < n; ++i)
                        for (int j = i + 1; j < n; ++j)
                            QCOMPARE(head.weights(i, j), 0.f);
            }
        }

        // Next-token predictions: only the last position, the reference's best ten in order.
        QCOMPARE(int(result.topNext.size()), n);
        for (int i = 0; i + 1 < n; ++i)
            QVERIFY(result.topNext[i].empty());
        const std::vector<NextTokenPrediction> &top = result.topNext[n - 1];
        QCOMPARE(int(top.size()), 10);
        const RowVector last = logits.row(n - 1);
        std::vector<int> order(last.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](int a, int b) { return last[a] > last[b]; });
        const double normaliser = (last.cast<double>().array() - double(last.maxCoeff())).exp().sum();
        for (int r = 0; r < 10; ++r) {
            QCOMPARE(top[r].id, order[r]);
            const double probability = std::exp(double(last[order[r]]) - double(last.maxCoeff())) / normaliser;
            QVERIFY(std::abs(top[r].probability - probability) < 1e-4);
            QCOMPARE(top[r].text, model->tokenizer().displayText(order[r]));
        }
    }

    void predictAllPositions()
    {
        const QJsonObject reference = loadReference(QStringLiteral("small-f32"));
        const Gpt2ModelPtr model = loadFixtureModel(QStringLiteral("small-f32"));
        QVERIFY(model);
        ModelRunOptions options;
        options.predictAllPositions = true;
        options.topCount = 3;
        Gpt2Session session(model, options);
        const std::vector<int> ids = idsOf(reference);
        const Expected<Gpt2RunPtr> run = session.run(model->tokensForIds(ids));
        QVERIFY(run.ok());
        const Matrix logits = toMatrix(reference.value(QLatin1String("logits")).toArray());
        for (int i = 0; i < int(ids.size()); ++i) {
            const auto &top = (*run)->result->topNext[i];
            QCOMPARE(int(top.size()), 3);
            Eigen::Index best = 0;
            logits.row(i).maxCoeff(&best);
            QCOMPARE(top[0].id, int(best));
            // On demand gives the same as the batched form.
            const auto onDemand = model->predict((*run)->result->finalHidden.row(i).data(), 3);
            QCOMPARE(onDemand[1].id, top[1].id);
            QVERIFY(std::abs(onDemand[1].probability - top[1].probability) < 1e-6);
        }
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<std::vector<int>>("ids");
        QTest::addColumn<QString>("expected");
        QTest::addRow("no tokens") << std::vector<int>{} << QStringLiteral("no tokens");
        QTest::addRow("65 > n_positions 64") << std::vector<int>(65, 13) << QStringLiteral("the input has 65 tokens; tiny-f32 reads at most 64");
        QTest::addRow("1000 tokens") << std::vector<int>(1000, 13) << QStringLiteral("reads at most 64");
        QTest::addRow("id too large") << std::vector<int>{13, 276} << QStringLiteral("token 1 (\"\") has id 276, outside tiny-f32's vocabulary of 276 ids");
        QTest::addRow("negative id") << std::vector<int>{-1} << QStringLiteral("has id -1");
    }

    void refusesBadInput()
    {
        QFETCH(std::vector<int>, ids);
        QFETCH(QString, expected);
        const Gpt2ModelPtr model = loadFixtureModel(QStringLiteral("tiny-f32"));
        QVERIFY(model);
        Gpt2Session session(model);
        TokenList tokens;
        for (int id : ids) {
            Token token;
            token.id = id;
            tokens.push_back(token);
        }
        const Expected<Gpt2RunPtr> run = session.run(tokens);
        QVERIFY(!run.ok());
        QVERIFY2(run.error().contains(expected), qPrintable(run.error()));
        // 64 tokens, the maximum, work.
        QVERIFY(session.run(model->tokensForIds(std::vector<int>(64, 13))).ok());
    }

    void refusesResultsAboveTheMemoryLimit()
    {
        const Gpt2ModelPtr model = loadFixtureModel(QStringLiteral("small-f32"));
        QVERIFY(model);
        ModelRunOptions options;
        options.maxResultBytes = 200'000;
        Gpt2Session session(model, options);
        QVERIFY(session.run(model->tokensForIds(randomIds(8, 276, 1))).ok());
        const Expected<Gpt2RunPtr> run = session.run(model->tokensForIds(randomIds(64, 276, 1)));
        QVERIFY(!run.ok());
        QVERIFY2(run.error().contains(QStringLiteral("64 tokens would need")), qPrintable(run.error()));
    }

    // The cache: appending, deleting at the end and editing must give the numbers of a full
    // recompute in a fresh session.
    void cacheEqualsFullRecompute_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<std::vector<int>>("first");
        QTest::addColumn<std::vector<int>>("second");
        QTest::addColumn<int>("reused");

        const std::vector<int> base = randomIds(40, 276, 7);
        auto appended = [&](std::vector<int> extra) {
            std::vector<int> ids = base;
            ids.insert(ids.end(), extra.begin(), extra.end());
            return ids;
        };
        for (const char *folder : {"small-f32", "tiny-bf16"}) {
            const QString f = QLatin1String(folder);
            QTest::addRow("%s: append one", folder) << f << base << appended({5}) << 40;
            QTest::addRow("%s: append seven", folder) << f << base << appended({5, 9, 100, 3, 3, 270, 13}) << 40;
            QTest::addRow("%s: append up to n_positions", folder) << f << base << appended(randomIds(24, 276, 3)) << 40;
            QTest::addRow("%s: delete the end", folder) << f << base << std::vector<int>(base.begin(), base.begin() + 31) << 31;
            std::vector<int> edited = base;
            edited[35] = 7;
            QTest::addRow("%s: edit near the end", folder) << f << base << edited << 35;
            std::vector<int> changedFirst = base;
            changedFirst[0] = 1;
            QTest::addRow("%s: first token changed", folder) << f << base << changedFirst << 0;
            QTest::addRow("%s: same again", folder) << f << base << base << 40;
            QTest::addRow("%s: from one token", folder) << f << std::vector<int>{base[0]} << base << 1;
        }
    }

    void cacheEqualsFullRecompute()
    {
        QFETCH(QString, folder);
        QFETCH(std::vector<int>, first);
        QFETCH(std::vector<int>, second);
        QFETCH(int, reused);
        const Gpt2ModelPtr model = loadFixtureModel(folder);
        QVERIFY(model);

        Gpt2Session cached(model);
        const Expected<Gpt2RunPtr> before = cached.run(model->tokensForIds(first));
        QVERIFY(before.ok());
        const Expected<Gpt2RunPtr> after = cached.run(model->tokensForIds(second));
        QVERIFY(after.ok());
        QCOMPARE((*after)->result->reusedTokens, reused);

        Gpt2Session fresh(model);
        const Expected<Gpt2RunPtr> full = fresh.run(model->tokensForIds(second));
        QVERIFY(full.ok());
        QCOMPARE((*full)->result->reusedTokens, 0);

        // Bit for bit: every row goes through the same arithmetic whether computed alone or in a
        // full pass (gpt2matmul.h, gpt2ops.h).
        const double worst = runDifference(**after, **full);
        QVERIFY2(worst == 0.0, qPrintable(QStringLiteral("largest difference %1").arg(worst)));
        const auto &a = (*after)->result->topNext.back();
        const auto &b = (*full)->result->topNext.back();
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QCOMPARE(a[i].id, b[i].id);

        // The earlier run is untouched by the later one (views may still be drawing it).
        QCOMPARE((*before)->result->tokenCount(), int(first.size()));
        Gpt2Session again(model);
        QCOMPARE(runDifference(**before, **again.run(model->tokensForIds(first))), 0.0);
    }

    void rolloutOfTheResult()
    {
        const Gpt2ModelPtr model = loadFixtureModel(QStringLiteral("small-f32"));
        QVERIFY(model);
        Gpt2Session session(model);
        const Expected<Gpt2RunPtr> run = session.run(model->tokensForIds(randomIds(20, 276, 11)));
        QVERIFY(run.ok());
        const Matrix &rollout = (*run)->result->rollout;
        QCOMPARE(rollout.rows(), Eigen::Index(20));
        // Rows of a rollout sum to 1 and it is lower triangular under the causal mask.
        for (Eigen::Index i = 0; i < rollout.rows(); ++i) {
            QVERIFY(std::abs(rollout.row(i).sum() - 1.f) < 1e-5f);
            for (Eigen::Index j = i + 1; j < rollout.cols(); ++j)
                QCOMPARE(rollout(i, j), 0.f);
        }
        QCOMPARE(rollout(0, 0), 1.f);
    }
};

QTEST_GUILESS_MAIN(TestGpt2Forward)
#include "tst_gpt2forward.moc"

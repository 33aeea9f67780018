#include "presets.h"

#include <utility>

namespace attn {
namespace {

Matrix rows(std::initializer_list<std::initializer_list<float>> values)
{
    Matrix m(Eigen::Index(values.size()), Eigen::Index(values.begin()->size()));
    Eigen::Index r = 0;
    for (const auto &row : values) {
        Eigen::Index c = 0;
        for (float v : row)
            m(r, c++) = v;
        ++r;
    }
    return m;
}

RowVector vector(std::initializer_list<float> values)
{
    RowVector v(Eigen::Index(values.size()));
    Eigen::Index i = 0;
    for (float x : values)
        v[i++] = x;
    return v;
}

// "Hello" and "World" as the unit vectors [1, 0] and [0, 1]: then X·W picks a row of W, so the
// rows of W_Q, W_K, W_V are exactly the seed's query, key and value vectors.
EmbeddingOverrides helloWorldBasis()
{
    EmbeddingOverrides embeddings;
    embeddings.insert(QStringLiteral("Hello"), vector({1.f, 0.f}));
    embeddings.insert(QStringLiteral("World"), vector({0.f, 1.f}));
    return embeddings;
}

AttentionConfig tinyConfig(int dK, bool scale)
{
    AttentionConfig config;
    config.heads = 1;
    config.dModel = 2;
    config.dK = dK;
    config.dV = 3;
    config.seed = 42;
    config.scaleByRootDk = scale;
    config.positional = PositionalEncoding::None;
    return config;
}

// The two "Hello World" examples: the seed's sentence, embeddings and value vectors (§2.3) in one
// head; they differ in d_k, the scaling, W_Q and W_K.
Preset helloWorldPreset(const AttentionConfig &config, Matrix wQ, Matrix wK)
{
    Preset preset;
    preset.sentence = QStringLiteral("Hello World");
    preset.config = config;
    LearnedMatrices weights;
    weights.heads.push_back({std::move(wQ), std::move(wK), rows({{0.15f, 0.1f, 0.2f}, {0.14f, 0.12f, 0.18f}})});
    weights.wO = LearnedMatrices::glorotOutput(preset.config, preset.config.seed);
    preset.weights = weights;
    preset.embeddings = helloWorldBasis();
    return preset;
}

Preset helloWorldSteps()
{
    Preset preset = helloWorldPreset(tinyConfig(3, true), rows({{0.2f, -0.1f, 0.3f}, {0.18f, 0.15f, 0.25f}}),
                                     rows({{0.1f, 0.2f, -0.1f}, {0.12f, 0.19f, -0.08f}}));
    preset.name = QStringLiteral("seed-hello-world");
    preset.title = QStringLiteral("Hello World — the worked example (§2.3)");
    preset.description = QStringLiteral(
        "Section 2.3 of the seed: one head, d_k = 3, the seed's Q, K, V vectors as the rows of W_Q, W_K, W_V. "
        "Scores −0.017 / −0.011, weights 0.499 / 0.501, output [0.145, 0.110, 0.190].");
    return preset;
}

Preset helloWorldScoreTable()
{
    Preset preset = helloWorldPreset(tinyConfig(2, false), rows({{0.5f, 0.3f}, {0.4f, 0.6f}}),
                                     rows({{1.f, 0.f}, {0.f, 1.f}}));
    preset.name = QStringLiteral("seed-score-table");
    preset.title = QStringLiteral("Hello World — the score table (§2.4)");
    preset.description = QStringLiteral(
        "Section 2.4 of the seed: scores 0.5, 0.3 / 0.4, 0.6 (scaling off, W_K = I). The seed prints weights "
        "0.62 / 0.38, but softmax of these scores is 0.550 / 0.450 and 0.450 / 0.550 — the true values are shown.");
    return preset;
}

Preset sentence(const char *name, const char *title, const char *description, const char *text)
{
    Preset preset;
    preset.name = QString::fromUtf8(name);
    preset.title = QString::fromUtf8(title);
    preset.description = QString::fromUtf8(description);
    preset.sentence = QString::fromUtf8(text);
    preset.config = AttentionConfig{}; // 8 heads as in §2.6, d_model 32, d_k = d_v = 4
    return preset;
}

} // namespace

const std::vector<Preset> &presets()
{
    static const std::vector<Preset> all = {
        helloWorldSteps(),
        helloWorldScoreTable(),
        sentence("cat-sat", "The cat sat on the mat — 8 heads (§2.2)",
                 "The seed's reading example with eight seeded heads, as in §2.6.", "The cat sat on the mat"),
        sentence("binoculars", "He saw the cat with binoculars — 8 heads (§2.1, §2.5)",
                 "The seed's ambiguous sentence: who has the binoculars?", "He saw the cat with binoculars"),
        sentence("long-range", "The cat that I saw yesterday sat on the mat — 8 heads (§2.5)",
                 "Long-range dependencies: \"cat\" can attend to \"sat\" across the relative clause.",
                 "The cat that I saw yesterday sat on the mat"),
        sentence("hello-world-heads", "Hello World — 8 heads (§2.6)",
                 "The seed's two words with eight seeded heads of d_model 32.", "Hello World"),
    };
    return all;
}

const Preset *findPreset(const QString &name)
{
    for (const Preset &preset : presets())
        if (preset.name == name)
            return &preset;
    return nullptr;
}

QString defaultPresetName()
{
    return QStringLiteral("seed-hello-world");
}

LearnedMatrices presetWeights(const Preset &preset)
{
    return preset.weights ? *preset.weights : LearnedMatrices::glorot(preset.config);
}

} // namespace attn

// The llama-family decoder (llama, mistral, qwen2, qwen3, gemma, gemma2, gemma3_text) against PyTorch.
// References: tests/data/{llama,mistral,qwen2,qwen3,gemma,gemma2,gemma3}/*/reference.json, computed in float64 by
// scripts/make_llama_fixtures.py from the published architectures, on exactly the weights stored in
// each file (BF16 weights rounded first), not with this code.
#include "llamareference.h"
#include "testutils.h"
#include "core/transformer/llamamodel.h"
#include "core/transformer/llamasession.h"
#include "core/transformer/model.h"
#include "core/transformer/rope.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>
#include <tuple>

using namespace attn;

namespace {

using testutils::difference;
using testutils::idsOf;

QString fixture(const QString &name)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/") + name;
}

LlamaModelPtr loadFixtureModel(const QString &folder)
{
    Expected<LlamaModelPtr> model = LlamaModel::load(fixture(folder));
    if (!model)
        qWarning("%s", qPrintable(model.error()));
    return model ? *model : nullptr;
}

ResultPtr runIds(const LlamaModelPtr &model, const std::vector<int> &ids)
{
    LlamaSession session(model);
    const Expected<ResultPtr> result = session.run({QString(), model->tokensForIds(ids)});
    if (!result)
        qWarning("%s", qPrintable(result.error()));
    return result ? *result : nullptr;
}

} // namespace

class TestLlamaForward : public QObject
{
    Q_OBJECT

private slots:
    void matchesTorch_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("family");
        QTest::addColumn<double>("tolerance");
        QTest::addRow("llama tiny-f32") << QStringLiteral("llama/tiny-f32") << QStringLiteral("llama") << 1e-4;
        QTest::addRow("llama bf16 sharded, tied") << QStringLiteral("llama/tiny-bf16-sharded") << QStringLiteral("llama") << 2e-2;
        QTest::addRow("llama rope llama3") << QStringLiteral("llama/rope-llama3") << QStringLiteral("llama") << 1e-4;
        QTest::addRow("llama rope linear") << QStringLiteral("llama/rope-linear") << QStringLiteral("llama") << 1e-4;
        QTest::addRow("llama rope dynamic") << QStringLiteral("llama/rope-dynamic") << QStringLiteral("llama") << 1e-4;
        QTest::addRow("llama mqa, head_dim, partial rotary, bias")
            << QStringLiteral("llama/mqa-headdim") << QStringLiteral("llama") << 1e-4;
        QTest::addRow("mistral sliding window") << QStringLiteral("mistral/tiny-f32") << QStringLiteral("mistral") << 1e-4;
        QTest::addRow("qwen2 qkv bias") << QStringLiteral("qwen2/tiny-f32") << QStringLiteral("qwen2") << 1e-4;
        QTest::addRow("qwen3 head norms") << QStringLiteral("qwen3/tiny-f32") << QStringLiteral("qwen3") << 1e-4;
        QTest::addRow("qwen3 bf16") << QStringLiteral("qwen3/tiny-bf16") << QStringLiteral("qwen3") << 2e-2;
        QTest::addRow("gemma mqa, tied, geglu") << QStringLiteral("gemma/tiny-f32") << QStringLiteral("gemma") << 1e-4;
        QTest::addRow("gemma exact gelu") << QStringLiteral("gemma/gelu-exact") << QStringLiteral("gemma") << 1e-4;
        QTest::addRow("gemma2 caps, windows, sandwich norms")
            << QStringLiteral("gemma2/tiny-f32") << QStringLiteral("gemma2") << 1e-4;
        QTest::addRow("gemma2 bf16, layer_types") << QStringLiteral("gemma2/tiny-bf16") << QStringLiteral("gemma2") << 2e-2;
        QTest::addRow("gemma3 head norms, local rope")
            << QStringLiteral("gemma3/tiny-f32") << QStringLiteral("gemma3_text") << 1e-4;
        QTest::addRow("gemma3 multimodal: text_config, language_model.")
            << QStringLiteral("gemma3/multimodal-f32") << QStringLiteral("gemma3_text") << 1e-4;
    }

    // Every layer's normed input, every head's weights and the logits against the reference; the
    // folder opens through loadModel() as its family.
    void matchesTorch()
    {
        QFETCH(QString, folder);
        QFETCH(QString, family);
        QFETCH(double, tolerance);
        const QJsonObject reference = testutils::readJsonObject(fixture(folder + QStringLiteral("/reference.json")));
        QVERIFY(!reference.isEmpty());

        const Expected<ModelPtr> loaded = loadModel(fixture(folder));
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error()));
        checkAgainstLlamaReference(*loaded, reference, family, tolerance, folder);
    }

    // Grouped-query attention: heads of one group read the same keys and values, which are the
    // group's; heads of different groups do not. keyValueHeadOf() says which group.
    void groupedQueryHeadsShareTheirGroupsKeys()
    {
        for (const char *folder : {"llama/tiny-f32", "llama/mqa-headdim"}) {
            const LlamaModelPtr model = loadFixtureModel(QLatin1String(folder));
            QVERIFY(model);
            const ModelInfo &info = model->info();
            const ResultPtr result = runIds(model, {275, 3, 17, 200, 51});
            QVERIFY(result);
            const int groupSize = info.heads / info.keyValueHeads;
            for (int h = 0; h < info.heads; ++h) {
                QCOMPARE(keyValueHeadOf(info, h), h / groupSize);
                for (int other = 0; other < info.heads; ++other) {
                    const HeadResult &a = result->layers[1].heads[size_t(h)];
                    const HeadResult &b = result->layers[1].heads[size_t(other)];
                    const bool sameGroup = keyValueHeadOf(info, h) == keyValueHeadOf(info, other);
                    QCOMPARE(testutils::sameBits(a.k, b.k), sameGroup);
                    QCOMPARE(testutils::sameBits(a.v, b.v), sameGroup);
                }
            }
        }
        ModelInfo info;
        info.heads = 32;
        info.keyValueHeads = 8;
        QCOMPARE(keyValueHeadOf(info, 0), 0);
        QCOMPARE(keyValueHeadOf(info, 3), 0);
        QCOMPARE(keyValueHeadOf(info, 4), 1);
        QCOMPARE(keyValueHeadOf(info, 31), 7);
    }

    // Mistral's window: with sixteen tokens and sliding_window 5, each query sees exactly the last
    // min(i + 1, 5) keys, itself included, and gives each of them some weight.
    void slidingWindowCutsLongInputs()
    {
        const LlamaModelPtr model = loadFixtureModel(QStringLiteral("mistral/tiny-f32"));
        QVERIFY(model);
        QCOMPARE(model->config().slidingWindow, std::vector<int>(3, 5));
        std::vector<int> ids;
        for (int i = 0; i < 16; ++i)
            ids.push_back((i * 37) % 276);
        const ResultPtr result = runIds(model, ids);
        QVERIFY(result);
        for (const LayerResult &layer : result->layers)
            for (const HeadResult &head : layer.heads)
                for (int i = 0; i < 16; ++i) {
                    int seen = 0;
                    for (int j = 0; j < 16; ++j)
                        if (head.weights(i, j) > 0.f) {
                            QVERIFY(j <= i && j > i - 5);
                            ++seen;
                        }
                    QCOMPARE(seen, std::min(i + 1, 5));
                    QCOMPARE(head.weights.row(i).sum(), 1.f);
                }
    }

    // What each Gemma config switches on, read from the fixtures' config.json files (the values the
    // fixture script wrote), and what ModelInfo tells the views.
    void gemmaConfigsSwitchTheirFeatures()
    {
        const LlamaModelPtr gemma = loadFixtureModel(QStringLiteral("gemma/tiny-f32"));
        const LlamaModelPtr gemma2 = loadFixtureModel(QStringLiteral("gemma2/tiny-f32"));
        const LlamaModelPtr gemma2Bf16 = loadFixtureModel(QStringLiteral("gemma2/tiny-bf16"));
        const LlamaModelPtr gemma3 = loadFixtureModel(QStringLiteral("gemma3/tiny-f32"));
        QVERIFY(gemma && gemma2 && gemma2Bf16 && gemma3);

        const LlamaConfig &c1 = gemma->config();
        QVERIFY(c1.normAddsOne && c1.tiedEmbeddings && !c1.sandwichNorms && !c1.headNorms);
        QCOMPARE(c1.activation, LlamaConfig::Activation::GeluTanh);
        QCOMPARE(c1.embeddingScale, float(std::sqrt(32.0)));
        QCOMPARE(c1.attentionScale, 1.0 / std::sqrt(16.0)); // head_dim 16
        QCOMPARE(c1.slidingWindow, std::vector<int>(3, 0));
        QCOMPARE(gemma->info().attentionSoftcap, 0.0);

        // gemma2: the even layers slide; layer_types, where given, decides instead.
        const LlamaConfig &c2 = gemma2->config();
        QVERIFY(c2.sandwichNorms && !c2.headNorms && !c2.slidingRope);
        QCOMPARE(c2.slidingWindow, (std::vector<int>{5, 0, 5}));
        QCOMPARE(gemma2Bf16->config().slidingWindow, (std::vector<int>{0, 3}));
        QCOMPARE(gemma2->info().attentionScale, 1.0 / std::sqrt(12.0)); // query_pre_attn_scalar
        QCOMPARE(gemma2->info().attentionSoftcap, 2.0);
        QCOMPARE(gemma2->info().finalLogitSoftcap, 3.0);

        // gemma3: every third layer global (sliding_window_pattern 3); the sliding ones rotate
        // with rope_local_base_freq and no scaling.
        const LlamaConfig &c3 = gemma3->config();
        QVERIFY(c3.sandwichNorms && c3.headNorms && !c3.tiedEmbeddings);
        QCOMPARE(c3.slidingWindow, (std::vector<int>{4, 4, 0}));
        QVERIFY(c3.slidingRope);
        QCOMPARE(c3.slidingRope->theta, 100.0);
        QCOMPARE(c3.slidingRope->scaling, RopeSettings::Scaling::None);
        QCOMPARE(c3.rope.scaling, RopeSettings::Scaling::Linear);
        QCOMPARE(gemma3->info().attentionSoftcap, 0.0);
        QCOMPARE(gemma3->info().finalLogitSoftcap, 0.0);

        // The multimodal one: its text_config leaves the heads at Gemma3TextConfig's 8 over 4.
        const LlamaModelPtr multimodal = loadFixtureModel(QStringLiteral("gemma3/multimodal-f32"));
        QVERIFY(multimodal);
        QCOMPARE(multimodal->config().heads, 8);
        QCOMPARE(multimodal->config().keyValueHeads, 4);
        QCOMPARE(multimodal->config().slidingWindow, (std::vector<int>{6, 0}));
    }

    // Gemma keys: null switches a cap off, a missing one takes Hugging Face's default; what this
    // decoder does not implement is refused by name.
    void gemmaConfigValuesAreChecked()
    {
        const QByteArray good = testutils::readFileBytes(fixture(QStringLiteral("gemma2/tiny-f32/config.json")));
        QVERIFY(good.contains(R"("attn_logit_softcapping": 2.0,)"));
        QByteArray uncapped = good;
        uncapped.replace(R"("attn_logit_softcapping": 2.0,)", R"("attn_logit_softcapping": null,)");
        const Expected<LlamaConfig> off = LlamaConfig::fromJson(uncapped, QStringLiteral("config.json"));
        QVERIFY2(off.ok(), off.ok() ? "" : qPrintable(off.error()));
        QCOMPARE(off->attentionSoftcap, 0.0);
        QByteArray missing = good;
        missing.replace(R"("attn_logit_softcapping": 2.0,)", "");
        const Expected<LlamaConfig> byDefault = LlamaConfig::fromJson(missing, QStringLiteral("config.json"));
        QVERIFY(byDefault.ok());
        QCOMPARE(byDefault->attentionSoftcap, 50.0);

        // {what config.json says, what it says instead, the message}; new keys go after "sliding_window".
        const std::tuple<QByteArray, QByteArray, QString> cases[] = {
            {R"("final_logit_softcapping": 3.0)", R"("final_logit_softcapping": 0)",
             QStringLiteral("\"final_logit_softcapping\" must be a number above 0 and below 1e+09, found 0")},
            {R"("query_pre_attn_scalar": 12)", R"("query_pre_attn_scalar": "x")",
             QStringLiteral("\"query_pre_attn_scalar\" must be a number above 0")},
            {R"("hidden_activation": "gelu_pytorch_tanh")", R"("hidden_activation": "silu")",
             QStringLiteral("\"hidden_activation\" is \"silu\"")},
            {R"("sliding_window": 5)", R"("sliding_window": 5, "use_bidirectional_attention": true)",
             QStringLiteral("\"use_bidirectional_attention\" is true")},
            {R"("sliding_window": 5)", R"("sliding_window": 5, "rope_parameters": {"rope_type": "default"})",
             QStringLiteral("\"rope_parameters\"")},
            {R"("model_type": "gemma2")", R"("model_type": "gemma3_text")",
             QStringLiteral("\"attn_logit_softcapping\" is 2; Gemma 3 attends without a cap")},
        };
        for (const auto &[before, after, message] : cases) {
            QByteArray changed = good;
            QVERIFY2(changed.contains(before), before.constData());
            changed.replace(before, after);
            const Expected<LlamaConfig> config = LlamaConfig::fromJson(changed, QStringLiteral("config.json"));
            QVERIFY2(!config.ok(), after.constData());
            QVERIFY2(config.error().contains(message), qPrintable(config.error()));
        }
    }

    // gemma2's scores are the soft-capped ones, within [−cap, cap], and the weights are exactly
    // their softmax over the visible keys: what the views show is what the model used.
    void softCappedScoresAreWhatTheSoftmaxReads()
    {
        const LlamaModelPtr model = loadFixtureModel(QStringLiteral("gemma2/tiny-f32"));
        QVERIFY(model);
        const QJsonObject reference = testutils::readJsonObject(fixture(QStringLiteral("gemma2/tiny-f32/reference.json")));
        const ResultPtr result = runIds(model, idsOf(reference));
        QVERIFY(result);
        const float cap = 2.f;
        bool nearTheCap = false;
        for (int l = 0; l < result->layerCount(); ++l) {
            const int window = model->config().slidingWindow[size_t(l)];
            for (const HeadResult &head : result->layers[size_t(l)].heads) {
                QVERIFY(head.scores.cwiseAbs().maxCoeff() <= cap);
                nearTheCap = nearTheCap || head.scores.cwiseAbs().maxCoeff() > 0.9f * cap;
                for (Eigen::Index i = 0; i < head.scores.rows(); ++i) {
                    const Eigen::Index first = window > 0 ? std::max<Eigen::Index>(0, i - window + 1) : 0;
                    const Eigen::Index span = i - first + 1;
                    Eigen::ArrayXd e = head.scores.row(i).segment(first, span).cast<double>().array().transpose();
                    e = (e - e.maxCoeff()).exp();
                    e /= e.sum();
                    for (Eigen::Index j = 0; j < span; ++j)
                        QVERIFY(std::abs(e[j] - head.weights(i, first + j)) < 1e-6);
                }
            }
        }
        QVERIFY(nearTheCap); // the cap is reached, so the fixture tests it
        // The logits are capped too.
        const RowVector logits = model->logits(result->finalHidden.row(0).data());
        QVERIFY(logits.cwiseAbs().maxCoeff() <= 3.f); // tanh rounds to ±1 in float for large logits
    }

    // The scalings change the rotation (so the fixtures above test them) in the documented way.
    void ropeScalingChangesTheFrequencies()
    {
        RopeSettings plain;
        plain.theta = 500.0;
        plain.rotaryDim = 8;
        const std::vector<double> base = ropeFrequencies(plain, 16);
        QCOMPARE(base[1], 1.0 / std::pow(500.0, 2.0 / 8.0));

        RopeSettings linear = plain;
        linear.scaling = RopeSettings::Scaling::Linear;
        linear.factor = 4.0;
        QCOMPARE(ropeFrequencies(linear, 16)[2], base[2] / 4.0);

        // llama3 as in the rope-llama3 fixture: wavelengths 6.3, 30, 140, 660; the first (below
        // 16/2) kept, the last two (above 16/0.5) divided by the factor, the second blended.
        RopeSettings llama3 = plain;
        llama3.scaling = RopeSettings::Scaling::Llama3;
        llama3.factor = 8.0;
        llama3.lowFrequencyFactor = 0.5;
        llama3.highFrequencyFactor = 2.0;
        llama3.originalPositions = 16.0;
        const std::vector<double> scaled = ropeFrequencies(llama3, 16);
        QCOMPARE(scaled[0], base[0]);
        QVERIFY(scaled[1] > base[1] / 8.0 && scaled[1] < base[1]);
        QCOMPARE(scaled[2], base[2] / 8.0);
        QCOMPARE(scaled[3], base[3] / 8.0);

        // dynamic: unchanged up to maxPositions, a larger base beyond.
        RopeSettings dynamic = plain;
        dynamic.scaling = RopeSettings::Scaling::Dynamic;
        dynamic.factor = 2.0;
        dynamic.maxPositions = 8.0;
        QCOMPARE(ropeFrequencies(dynamic, 8)[3], base[3]);
        QVERIFY(ropeFrequencies(dynamic, 16)[3] < base[3]);
    }

    void noTokensGiveEmptyLayers()
    {
        const LlamaModelPtr model = loadFixtureModel(QStringLiteral("llama/tiny-f32"));
        QVERIFY(model);
        LlamaSession session(model);
        const Expected<ResultPtr> result = session.run({});
        QVERIFY(result.ok());
        QCOMPARE((*result)->layerCount(), 3);
        QCOMPARE((*result)->headCount(), 4);
        QCOMPARE((*result)->tokenCount(), 0);

        const Expected<ResultPtr> outside = session.run({QString(), model->tokensForIds({3, 276})});
        QVERIFY(!outside.ok());
        QVERIFY2(outside.error().contains(QStringLiteral("id 276")), qPrintable(outside.error()));
    }

    void loadingErrorsAreNamed_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("missing tensor") << QStringLiteral("llama/malformed/missing-tensor")
                                        << QStringList{QStringLiteral("'model.layers.1.self_attn.k_proj.weight' is missing"),
                                                       QStringLiteral("num_key_value_heads 2")};
        QTest::addRow("wrong shape") << QStringLiteral("llama/malformed/wrong-shape")
                                     << QStringList{QStringLiteral("'model.layers.0.mlp.up_proj.weight' has shape [15, 8], expected [16, 8]"),
                                                    QStringLiteral("intermediate_size 16")};
        QTest::addRow("index names the wrong shard")
            << QStringLiteral("llama/malformed/index-wrong-file")
            << QStringList{QStringLiteral("model.safetensors.index.json"),
                           QStringLiteral("'model.norm.weight' is listed in model-00001-of-00002.safetensors but is in "
                                          "model-00002-of-00002.safetensors")};
        QTest::addRow("index names a path") << QStringLiteral("llama/malformed/index-outside-folder")
                                            << QStringList{QStringLiteral("../model-00002-of-00002.safetensors"),
                                                           QStringLiteral("in the same folder")};
        QTest::addRow("unknown rope_scaling") << QStringLiteral("llama/malformed/unknown-rope-scaling")
                                              << QStringList{QStringLiteral("rope_scaling \"type\" is \"yarn\""),
                                                             QStringLiteral("config.json")};
        QTest::addRow("heads not a multiple of kv heads")
            << QStringLiteral("llama/malformed/heads-not-multiple")
            << QStringList{QStringLiteral("\"num_attention_heads\" (4) is not a multiple of \"num_key_value_heads\" (3)")};
        QTest::addRow("gemma2 negative soft-cap")
            << QStringLiteral("gemma/malformed/negative-softcap")
            << QStringList{QStringLiteral("\"attn_logit_softcapping\" must be a number above 0"), QStringLiteral("found -50"),
                           QStringLiteral("config.json")};
        QTest::addRow("gemma unknown activation")
            << QStringLiteral("gemma/malformed/unknown-activation")
            << QStringList{QStringLiteral("\"hidden_activation\" is \"relu\""), QStringLiteral("gelu_pytorch_tanh")};
        QTest::addRow("gemma3 multimodal without text_config")
            << QStringLiteral("gemma/malformed/gemma3-no-text-config")
            << QStringList{QStringLiteral("model_type \"gemma3\" is the multimodal Gemma 3"),
                           QStringLiteral("\"text_config\"; found null")};
        QTest::addRow("gemma3 multimodal, bad text_config value")
            << QStringLiteral("gemma/malformed/gemma3-bad-text-config")
            << QStringList{QStringLiteral("config.json (text_config): \"sliding_window_pattern\" must be a whole number from 1"),
                           QStringLiteral("found 0")};
    }

    void loadingErrorsAreNamed()
    {
        QFETCH(QString, folder);
        QFETCH(QStringList, expected);
        const Expected<ModelPtr> model = loadModel(fixture(folder));
        QVERIFY(!model.ok());
        for (const QString &part : expected)
            QVERIFY2(model.error().contains(part), qPrintable(model.error()));
    }

    // A config.json without model_type opens by its "architectures" entry.
    void architecturesNameTheFamilyWithoutModelType()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir source(fixture(QStringLiteral("qwen2/tiny-f32")));
        for (const QString &name : source.entryList(QDir::Files))
            QVERIFY(QFile::copy(source.filePath(name), QDir(dir.path()).filePath(name)));
        QByteArray config = testutils::readFileBytes(source.filePath(QStringLiteral("config.json")));
        QVERIFY(config.contains("\"model_type\": \"qwen2\","));
        config.replace("\"model_type\": \"qwen2\",", "");
        const QString configPath = QDir(dir.path()).filePath(QStringLiteral("config.json"));
        QVERIFY(QFile::remove(configPath));
        QVERIFY(testutils::writeFile(configPath, config));
        const Expected<ModelPtr> model = loadModel(dir.path());
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
        QCOMPARE((*model)->info().family, QStringLiteral("qwen2"));
        QVERIFY(std::static_pointer_cast<const LlamaModel>(*model)->config().queryKeyValueBias);
    }

    void configValuesAreChecked()
    {
        const QByteArray good = testutils::readFileBytes(fixture(QStringLiteral("llama/tiny-f32/config.json")));
        QVERIFY(LlamaConfig::fromJson(good, QStringLiteral("config.json")).ok());
        const std::pair<QByteArray, QString> cases[] = {
            {R"("hidden_act": "silu")", QStringLiteral("\"hidden_act\" is \"gelu\"")},
            {R"("num_key_value_heads": 2)", QStringLiteral("\"num_key_value_heads\" must be a whole number from 1 to 64, found -1")},
            {R"("head_dim": 8)", QStringLiteral("the head dimension 7 must be even")},
            {R"("rms_norm_eps": 1e-05)", QStringLiteral("\"rms_norm_eps\" must be a number above 0 and below 1, found 0")},
        };
        const QByteArray replacements[] = {R"("hidden_act": "gelu")", R"("num_key_value_heads": -1)", R"("head_dim": 7)",
                                           R"("rms_norm_eps": 0)"};
        for (size_t i = 0; i < std::size(cases); ++i) {
            QByteArray changed = good;
            QVERIFY2(changed.contains(cases[i].first), cases[i].first.constData());
            changed.replace(cases[i].first, replacements[i]);
            const Expected<LlamaConfig> config = LlamaConfig::fromJson(changed, QStringLiteral("config.json"));
            QVERIFY(!config.ok());
            QVERIFY2(config.error().contains(cases[i].second), qPrintable(config.error()));
        }
    }
};

QTEST_GUILESS_MAIN(TestLlamaForward)
#include "tst_llamaforward.moc"

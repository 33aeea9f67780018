// The Engine interface and the model families behind it: every engine answers the same calls the
// same way, loadModel() picks the family from config.json, and what a view or the window needs of a
// checkpoint (its shape, predictions, the X each layer read) comes through the result alone.
#include "core/engine/attentionlayerengine.h"
#include "core/engine/presets.h"
#include "core/transformer/gpt2model.h"
#include "core/transformer/gpt2session.h"
#include "core/transformer/model.h"
#include "testutils.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace attn;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/gpt2/") + name;
}

std::vector<int> idsOf(const TokenList &tokens)
{
    std::vector<int> ids;
    for (const Token &token : tokens)
        ids.push_back(token.id);
    return ids;
}

// A copy of a fixture folder with config.json replaced.
bool copyWithConfig(const QString &from, const QString &to, const QByteArray &config)
{
    const QDir source(from);
    for (const QString &name : source.entryList(QDir::Files)) {
        if (name == QLatin1String("config.json"))
            continue;
        if (!QFile::copy(source.filePath(name), QDir(to).filePath(name)))
            return false;
    }
    QFile file(QDir(to).filePath(QStringLiteral("config.json")));
    return file.open(QIODevice::WriteOnly) && file.write(config) == config.size();
}

} // namespace

class TestEngines : public QObject
{
    Q_OBJECT

private slots:
    // The toy layer as an Engine is computeAttention() with the state it was made with.
    void theToyLayerEngineIsTheSeedsLayer()
    {
        const Preset *preset = findPreset(QStringLiteral("cat-sat"));
        QVERIFY(preset);
        AttentionLayerEngine engine(preset->config, presetWeights(*preset), preset->embeddings);
        const TokenList tokens = engine.tokenize(preset->sentence);
        QCOMPARE(int(tokens.size()), 6);
        const Expected<ResultPtr> viaEngine = engine.run({preset->sentence, tokens});
        const Expected<ResultPtr> direct =
            computeAttention({tokens, preset->config, presetWeights(*preset), preset->embeddings, preset->sentence});
        QVERIFY(viaEngine.ok() && direct.ok());
        QCOMPARE((*viaEngine)->text, preset->sentence);
        QCOMPARE((*viaEngine)->headCount(), preset->config.heads);
        for (int h = 0; h < preset->config.heads; ++h)
            QVERIFY(testutils::sameBits((*viaEngine)->head(0, h)->weights, (*direct)->head(0, h)->weights));
        QVERIFY(!(*viaEngine)->canPredict()); // no LM head
        QVERIFY((*viaEngine)->predictNext(0, 5).empty());
    }

    // loadModel() reads model_type and returns the family's model; its engine is the family's.
    void loadModelPicksTheFamilyFromConfig()
    {
        const Expected<ModelPtr> model = loadModel(fixture(QStringLiteral("tiny-f32")));
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
        const ModelInfo &info = (*model)->info();
        QCOMPARE(info.family, QStringLiteral("gpt2"));
        QCOMPARE(info.name, QStringLiteral("tiny-f32"));
        QVERIFY(dynamic_cast<const Gpt2Model *>(model->get()));
        QVERIFY(info.layers > 0 && info.heads > 0);
        QCOMPARE(info.keyValueHeads, info.heads);
        QCOMPARE(info.dHead * info.heads, info.dModel);
        QCOMPARE(info.beginOfTextId, info.vocabSize - 1); // GPT-2's <|endoftext|>
        QVERIFY(supportedModelFamilies().contains(QStringLiteral("gpt2")));
    }

    void anUnknownFamilyIsNamed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(copyWithConfig(fixture(QStringLiteral("tiny-f32")), dir.path(),
                               R"({"model_type": "mamba", "n_layer": 2, "n_head": 2, "n_embd": 16})"));
        const Expected<ModelPtr> model = loadModel(dir.path());
        QVERIFY(!model.ok());
        QVERIFY2(model.error().contains(QStringLiteral("\"mamba\"")), qPrintable(model.error()));
        QVERIFY2(model.error().contains(QStringLiteral("supported: gpt2")), qPrintable(model.error()));
    }

    // A GPT-2 folder from before model_type existed still opens as gpt2, and a folder without
    // config.json gets the family's own message about it.
    void noModelTypeIsGpt2_andAMissingConfigIsSaidSo()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile original(fixture(QStringLiteral("tiny-f32/config.json")));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray config = original.readAll();
        config.replace("\"model_type\": \"gpt2\",", "");
        QVERIFY(!config.contains("model_type"));
        QVERIFY(copyWithConfig(fixture(QStringLiteral("tiny-f32")), dir.path(), config));
        QVERIFY(loadModel(dir.path()).ok());

        QVERIFY(QFile::remove(QDir(dir.path()).filePath(QStringLiteral("config.json"))));
        const Expected<ModelPtr> missing = loadModel(dir.path());
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().contains(QStringLiteral("no config.json")), qPrintable(missing.error()));
    }

    // What the window asks of a checkpoint's result: the same numbers as the family's own session,
    // each layer's X, the final hidden states and predictions at any position through the result.
    void aCheckpointsEngineAnswersThroughTheResult()
    {
        const Expected<ModelPtr> model = loadModel(fixture(QStringLiteral("tiny-f32")));
        QVERIFY(model.ok());
        const EnginePtr engine = (*model)->createEngine();
        const QString text = QStringLiteral("The cat sat on the mat.");
        const TokenList tokens = engine->tokenize(text);
        QCOMPARE(idsOf(tokens), idsOf((*model)->tokenize(text)));
        const Expected<ResultPtr> result = engine->run({text, tokens});
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error()));
        const AttentionResult &r = **result;
        QCOMPARE(r.text, text);
        QCOMPARE(r.layerCount(), (*model)->info().layers);
        QCOMPARE(r.finalHidden.rows(), r.tokenCount());
        for (const LayerResult &layer : r.layers) {
            QCOMPARE(layer.input.rows(), r.tokenCount()); // ln_1 of the residual stream
            QCOMPARE(layer.input.cols(), (*model)->info().dModel);
        }
        // Layer 0's X is ln_1 of the embeddings: zero mean per row before the learned scale, so its
        // rows differ from the raw embeddings the result keeps as `input`.
        QVERIFY((r.layers.front().input - r.input).cwiseAbs().maxCoeff() > 1e-3f);

        // Independent of the engine: the family's session run by hand gives the same bits.
        const Gpt2ModelPtr gpt2 = std::dynamic_pointer_cast<const Gpt2Model>(*model);
        QVERIFY(gpt2);
        Gpt2Session session(gpt2);
        const Expected<Gpt2RunPtr> byHand = session.run(tokens, text);
        QVERIFY(byHand.ok());
        for (int l = 0; l < r.layerCount(); ++l)
            for (int h = 0; h < r.headCount(); ++h)
                QVERIFY(testutils::sameBits(r.head(l, h)->weights, (*byHand)->result->head(l, h)->weights));

        // Predictions at a position the run did not rank come from the LM head on demand, and equal
        // the logits ranked here.
        QVERIFY(r.canPredict());
        const int position = 2;
        QVERIFY(r.topNext[size_t(position)].empty());
        const std::vector<NextTokenPrediction> top = r.predictNext(position, 3);
        QCOMPARE(int(top.size()), 3);
        const RowVector logits = (*model)->logits(r.finalHidden.row(position).data());
        Eigen::Index best = 0;
        logits.maxCoeff(&best);
        QCOMPARE(top.front().id, int(best));
        QVERIFY(r.predictNext(r.tokenCount(), 3).empty());
    }

    // No tokens is not an error: the shape of the model with no rows, so views can ask for a text.
    void noTokensGivesTheShape()
    {
        const Expected<ModelPtr> model = loadModel(fixture(QStringLiteral("tiny-f32")));
        QVERIFY(model.ok());
        const Expected<ResultPtr> empty = (*model)->createEngine()->run({QString(), {}});
        QVERIFY(empty.ok());
        QCOMPARE((*empty)->tokenCount(), 0);
        QCOMPARE((*empty)->layerCount(), (*model)->info().layers);
        QCOMPARE((*empty)->headCount(), (*model)->info().heads);

        const Preset *preset = findPreset(QStringLiteral("cat-sat"));
        AttentionLayerEngine toy(preset->config, presetWeights(*preset), {});
        const Expected<ResultPtr> toyEmpty = toy.run({QString(), {}});
        QVERIFY(toyEmpty.ok());
        QCOMPARE((*toyEmpty)->tokenCount(), 0);
        QCOMPARE((*toyEmpty)->headCount(), preset->config.heads);
    }

    // A head handed out keeps its numbers after the result that made it is gone (views keep heads).
    void aHeadOutlivesItsResult()
    {
        const Preset *preset = findPreset(QStringLiteral("cat-sat"));
        AttentionLayerEngine engine(preset->config, presetWeights(*preset), preset->embeddings);
        HeadPtr head;
        Matrix copy;
        {
            const Expected<ResultPtr> result = engine.run({preset->sentence, engine.tokenize(preset->sentence)});
            QVERIFY(result.ok());
            head = (*result)->head(0, 1);
            copy = head->weights;
        }
        QVERIFY(testutils::sameBits(head->weights, copy));
    }
};

QTEST_GUILESS_MAIN(TestEngines)
#include "tst_engines.moc"

// The BERT-style encoders (bert, distilbert, roberta) against PyTorch.
// References: tests/data/{bert,distilbert,roberta}/*/reference.json, computed in float64 by
// scripts/make_bert_fixtures.py from the published architecture, on exactly the weights stored in
// each file (BF16 weights rounded first), not with this code.
#include "testutils.h"
#include "core/transformer/bertconfig.h"
#include "core/transformer/bertmodel.h"
#include "core/transformer/bertsession.h"
#include "core/transformer/model.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace attn;

namespace {

using testutils::difference;
using testutils::idsOf;

QString fixture(const QString &name)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/") + name;
}

BertModelPtr loadFixtureModel(const QString &folder)
{
    Expected<BertModelPtr> model = BertModel::load(fixture(folder));
    if (!model)
        qWarning("%s", qPrintable(model.error()));
    return model ? *model : nullptr;
}

// Tokens for ids with the token types given (0 where `types` is shorter).
TokenList tokensOf(const BertModel &model, const std::vector<int> &ids, const std::vector<int> &types)
{
    TokenList tokens = model.tokensForIds(ids);
    for (size_t i = 0; i < tokens.size() && i < types.size(); ++i)
        tokens[i].typeId = types[i];
    return tokens;
}

std::vector<int> typesOf(const QJsonObject &reference)
{
    std::vector<int> types;
    for (const QJsonValue &type : reference.value(QLatin1String("typeIds")).toArray())
        types.push_back(type.toInt());
    return types;
}

Expected<ResultPtr> runTokens(const BertModelPtr &model, const TokenList &tokens)
{
    BertSession session(model);
    return session.run({QString(), tokens});
}

// The largest difference between two results' attention weights, over every layer and head.
double weightsDifference(const AttentionResult &a, const AttentionResult &b)
{
    double worst = 0.0;
    for (int l = 0; l < a.layerCount(); ++l)
        for (int h = 0; h < a.headCount(); ++h)
            worst = std::max(worst, difference(a.layers[size_t(l)].heads[size_t(h)].weights, b.layers[size_t(l)].heads[size_t(h)].weights));
    return worst;
}

} // namespace

class TestBertForward : public QObject
{
    Q_OBJECT

private slots:
    void familiesAreRegistered()
    {
        const QStringList families = supportedModelFamilies();
        for (const char *family : {"bert", "distilbert", "roberta"})
            QVERIFY2(families.contains(QLatin1String(family)), family);
    }

    void matchesTorch_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("family");
        QTest::addColumn<double>("tolerance");
        QTest::addRow("bert, pooler and NSP head not read") << QStringLiteral("bert/tiny-f32") << QStringLiteral("bert") << 1e-4;
        QTest::addRow("bert bf16, gelu_new, stored decoder") << QStringLiteral("bert/tiny-bf16") << QStringLiteral("bert") << 2e-2;
        QTest::addRow("BertModel: no prefix, no head, gamma/beta") << QStringLiteral("bert/no-head") << QStringLiteral("bert") << 1e-4;
        QTest::addRow("distilbert") << QStringLiteral("distilbert/tiny-f32") << QStringLiteral("distilbert") << 1e-4;
        QTest::addRow("roberta: positions after padding, head gelu")
            << QStringLiteral("roberta/tiny-f32") << QStringLiteral("roberta") << 1e-4;
    }

    // The embeddings, every layer's input, every head's weights and, with an MLM head, the logits of
    // every position against the reference; the folder opens through loadModel() as its family.
    void matchesTorch()
    {
        QFETCH(QString, folder);
        QFETCH(QString, family);
        QFETCH(double, tolerance);
        const QJsonObject reference = testutils::readJsonObject(fixture(folder + QStringLiteral("/reference.json")));
        QVERIFY(!reference.isEmpty());

        const Expected<ModelPtr> loaded = loadModel(fixture(folder));
        QVERIFY2(loaded.ok(), qPrintable(testutils::errorOf(loaded)));
        QCOMPARE((*loaded)->info().family, family);
        const BertModelPtr model = std::dynamic_pointer_cast<const BertModel>(*loaded);
        QVERIFY(model);
        const BertConfig &config = model->config();
        const bool hasHead = reference.value(QLatin1String("hasMlmHead")).toBool();
        QCOMPARE(model->hasMlmHead(), hasHead);
        QCOMPARE(model->info().keyValueHeads, config.heads);

        const std::vector<int> ids = idsOf(reference);
        const int n = int(ids.size());
        EnginePtr engine = (*loaded)->createEngine();
        const Expected<ResultPtr> run = engine->run({QString(), tokensOf(*model, ids, typesOf(reference))});
        QVERIFY2(run.ok(), qPrintable(testutils::errorOf(run)));
        const AttentionResult &result = **run;
        QCOMPARE(result.tokenCount(), n);
        QCOMPARE(result.layerCount(), config.layers);
        QCOMPARE(result.headCount(), config.heads);
        QCOMPARE(result.config.dK, config.dHead);
        QVERIFY(!result.config.causal);
        QCOMPARE(result.architecture.family, family);
        QCOMPARE(result.architecture.norm, QStringLiteral("LayerNorm"));

        const double embeddings = difference(result.input, testutils::toMatrix(reference.value(QLatin1String("embeddings"))));
        QVERIFY2(embeddings < tolerance, qPrintable(QStringLiteral("embeddings: %1").arg(embeddings)));
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
                QCOMPARE(head.q.rows(), Eigen::Index(n));
                QCOMPARE(head.q.cols(), Eigen::Index(config.dHead));
                QCOMPARE(head.output.rows(), Eigen::Index(n));
                // Bidirectional: every query gives every key, the later ones included, some weight.
                for (int i = 0; i < n; ++i)
                    for (int j = 0; j < n; ++j)
                        QVERIFY2(head.weights(i, j) > 0.f, qPrintable(QStringLiteral("layer %1 head %2 (%3, %4)").arg(l).arg(h).arg(i).arg(j)));
            }
        }
        const double final = difference(result.finalHidden, testutils::toMatrix(reference.value(QLatin1String("finalHidden"))));
        QVERIFY2(final < tolerance, qPrintable(QStringLiteral("final hidden: %1").arg(final)));

        if (!hasHead) {
            QVERIFY(!result.canPredict());
            QVERIFY(result.predictNext(0, 3).empty());
            qInfo("%s: largest difference to PyTorch: weights %.3g", qPrintable(folder), worstWeights);
            return;
        }
        QVERIFY(result.canPredict());
        const Matrix logits = testutils::toMatrix(reference.value(QLatin1String("logits")));
        QCOMPARE(logits.rows(), Eigen::Index(n));
        double worstLogits = 0.0;
        for (int i = 0; i < n; ++i) {
            const RowVector mine = model->logits(result.finalHidden.row(i).data());
            const double d = difference(mine, logits.row(i));
            worstLogits = std::max(worstLogits, d);
            QVERIFY2(d < tolerance, qPrintable(QStringLiteral("MLM logits of position %1: %2").arg(i).arg(d)));
        }
        qInfo("%s: largest difference to PyTorch: weights %.3g, MLM logits %.3g", qPrintable(folder), worstWeights, worstLogits);

        // Fill the mask: the best guess at a position is the reference's best logit there.
        for (int i : {0, n / 2, n - 1}) {
            Eigen::Index best = 0;
            logits.row(i).maxCoeff(&best);
            const std::vector<NextTokenPrediction> guesses = result.predictNext(i, 3);
            QCOMPARE(guesses.size(), size_t(3));
            QCOMPARE(guesses.front().id, int(best));
        }
    }

    // Sentence B's token types add a different embedding: the same ids with every type 0 attend
    // differently (the script checks that the reference moves by more than 1e-2). A type beyond
    // type_vocab_size is refused; DistilBERT has no token types and ignores them.
    void tokenTypesChangeTheResult()
    {
        const BertModelPtr model = loadFixtureModel(QStringLiteral("bert/tiny-f32"));
        QVERIFY(model);
        const QJsonObject reference = testutils::readJsonObject(fixture(QStringLiteral("bert/tiny-f32/reference.json")));
        const std::vector<int> ids = idsOf(reference);
        const Expected<ResultPtr> pair = runTokens(model, tokensOf(*model, ids, typesOf(reference)));
        const Expected<ResultPtr> single = runTokens(model, tokensOf(*model, ids, {}));
        QVERIFY(pair.ok() && single.ok());
        QVERIFY(weightsDifference(**pair, **single) > 1e-2);
        QCOMPARE((*pair)->tokens[10].typeId, 1); // the result keeps each token's segment
        // The first tokens (segment A) are type 0 in both: their embeddings agree.
        QVERIFY(testutils::sameBits((*pair)->input.topRows(9), (*single)->input.topRows(9)));

        const Expected<ResultPtr> outside = runTokens(model, tokensOf(*model, ids, {0, 2}));
        QVERIFY(!outside.ok());
        QVERIFY2(outside.error().contains(QStringLiteral("token type 2")) && outside.error().contains(QStringLiteral("type_vocab_size 2")),
                 qPrintable(outside.error()));

        const BertModelPtr distilbert = loadFixtureModel(QStringLiteral("distilbert/tiny-f32"));
        QVERIFY(distilbert);
        QVERIFY(!distilbert->config().tokenTypes());
        const Expected<ResultPtr> a = runTokens(distilbert, tokensOf(*distilbert, ids, typesOf(reference)));
        const Expected<ResultPtr> b = runTokens(distilbert, tokensOf(*distilbert, ids, {}));
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(weightsDifference(**a, **b), 0.0);
    }

    // RoBERTa numbers positions from padding_idx + 1 and gives a padding token padding_idx (the
    // script checks that numbering from 0 would move the reference by more than 1e-2); its context
    // is the position table less those padding_idx + 1 rows.
    void robertaPositionsStartAfterPadding()
    {
        const BertModelPtr model = loadFixtureModel(QStringLiteral("roberta/tiny-f32"));
        QVERIFY(model);
        const BertConfig &config = model->config();
        QCOMPARE(config.padTokenId, 1);
        QCOMPARE(config.positionIds({0, 5, 7, 2, 1}), (std::vector<int>{2, 3, 4, 5, 1}));
        QCOMPARE(config.contextLength(), 20 - 2);
        QCOMPARE(model->info().contextLength, 18);
        const Expected<ResultPtr> fits = runTokens(model, model->tokensForIds(std::vector<int>(18, 5)));
        QVERIFY2(fits.ok(), qPrintable(testutils::errorOf(fits)));
        const Expected<ResultPtr> tooLong = runTokens(model, model->tokensForIds(std::vector<int>(19, 5)));
        QVERIFY(!tooLong.ok());
        QVERIFY2(tooLong.error().contains(QStringLiteral("reads at most 18")), qPrintable(tooLong.error()));

        const BertModelPtr bert = loadFixtureModel(QStringLiteral("bert/tiny-f32"));
        QVERIFY(bert);
        QCOMPARE(bert->config().positionIds({0, 5, 0}), (std::vector<int>{0, 1, 2}));
    }

    // A config.json without model_type: the architecture names the family.
    void architectureNamesTheFamily()
    {
        const QByteArray json = R"({"architectures": ["DistilBertForMaskedLM"], "dim": 8, "n_heads": 2, "n_layers": 1,
                                    "hidden_dim": 16, "vocab_size": 10, "max_position_embeddings": 4})";
        const Expected<BertConfig> config = BertConfig::fromJson(json, QStringLiteral("config.json"));
        QVERIFY2(config.ok(), qPrintable(testutils::errorOf(config)));
        QCOMPARE(config->modelType, QStringLiteral("distilbert"));
        QCOMPARE(config->dHead, 4);
        QCOMPARE(bertModelTypeOfArchitecture(QStringLiteral("RobertaForMaskedLM")), QStringLiteral("roberta"));
        QCOMPARE(bertModelTypeOfArchitecture(QStringLiteral("BertModel")), QStringLiteral("bert"));
        QCOMPARE(bertModelTypeOfArchitecture(QStringLiteral("LlamaForCausalLM")), QString());
    }

    // loadModel() on a folder whose config.json names only the architecture opens the encoder.
    void loadModelReadsTheArchitecture()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir source(fixture(QStringLiteral("distilbert/tiny-f32")));
        for (const QString &name : {QStringLiteral("model.safetensors"), QStringLiteral("vocab.json"), QStringLiteral("merges.txt")})
            QVERIFY(QFile::copy(source.filePath(name), QDir(dir.path()).filePath(name)));
        QJsonObject config = testutils::readJsonObject(source.filePath(QStringLiteral("config.json")));
        config.remove(QStringLiteral("model_type"));
        QVERIFY(config.value(QStringLiteral("architectures")).toArray().first() == QStringLiteral("DistilBertForMaskedLM"));
        QVERIFY(testutils::writeFile(QDir(dir.path()).filePath(QStringLiteral("config.json")), QJsonDocument(config).toJson()));
        const Expected<ModelPtr> model = loadModel(dir.path());
        QVERIFY2(model.ok(), qPrintable(testutils::errorOf(model)));
        QCOMPARE((*model)->info().family, QStringLiteral("distilbert"));
    }

    // An empty input is not an error: the layers and heads, no rows.
    void emptyInputHasTheShape()
    {
        const BertModelPtr model = loadFixtureModel(QStringLiteral("bert/tiny-f32"));
        QVERIFY(model);
        const Expected<ResultPtr> result = runTokens(model, {});
        QVERIFY(result.ok());
        QCOMPARE((*result)->layerCount(), 2);
        QCOMPARE((*result)->headCount(), 4);
        QCOMPARE((*result)->tokenCount(), 0);
    }

    void loadingErrorsAreNamed_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("unknown activation") << QStringLiteral("bert/malformed/unknown-activation")
                                            << QStringList{QStringLiteral("\"hidden_act\" is \"swish\""), QStringLiteral("config.json")};
        QTest::addRow("relative positions") << QStringLiteral("bert/malformed/relative-positions")
                                            << QStringList{QStringLiteral("\"position_embedding_type\" is \"relative_key\"")};
        QTest::addRow("heads do not divide hidden") << QStringLiteral("bert/malformed/heads-not-divisor")
                                                    << QStringList{QStringLiteral("\"hidden_size\" (8) is not a multiple of \"num_attention_heads\" (3)")};
        QTest::addRow("negative epsilon") << QStringLiteral("bert/malformed/negative-epsilon")
                                          << QStringList{QStringLiteral("\"layer_norm_eps\" must be a number above 0"), QStringLiteral("found -1")};
        QTest::addRow("roberta position table too short")
            << QStringLiteral("bert/malformed/roberta-positions")
            << QStringList{QStringLiteral("\"max_position_embeddings\" (2)"), QStringLiteral("padding_idx + 1 = 2")};
        QTest::addRow("distilbert sinusoidal") << QStringLiteral("bert/malformed/distilbert-sinusoidal")
                                               << QStringList{QStringLiteral("\"sinusoidal_pos_embds\" is true")};
        QTest::addRow("missing tensor") << QStringLiteral("bert/malformed/missing-tensor")
                                        << QStringList{QStringLiteral("'bert.encoder.layer.1.attention.self.key.weight' is missing"),
                                                       QStringLiteral("hidden_size 8")};
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
};

QTEST_GUILESS_MAIN(TestBertForward)
#include "tst_bertforward.moc"

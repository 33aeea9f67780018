// Loading GPT-2 checkpoint folders: config.json validation, the folder layout, pickle refusal,
// and the messages for broken checkpoints. Fixtures: tests/data/gpt2, written by
// scripts/make_gpt2_fixtures.py (safetensors written by hand with struct + json).
#include "testutils.h"
#include "core/transformer/checkpointfolder.h"
#include "core/transformer/gpt2config.h"
#include "core/transformer/gpt2model.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace attn;

namespace {

using testutils::gpt2Fixture;
using testutils::writeFile;

QByteArray gpt2SmallConfig()
{
    // The config.json of the original gpt2 upload (keys that matter here).
    return R"({"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "layer_norm_epsilon": 1e-05,
               "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024,
               "vocab_size": 50257, "scale_attn_weights": true})";
}

} // namespace

class TestGpt2Checkpoint : public QObject
{
    Q_OBJECT

private slots:
    void configOfGpt2Small()
    {
        const Expected<Gpt2Config> config = Gpt2Config::fromJson(gpt2SmallConfig(), QStringLiteral("config.json"));
        QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error()));
        QCOMPARE(config->layers, 12);
        QCOMPARE(config->heads, 12);
        QCOMPARE(config->dModel, 768);
        QCOMPARE(config->dHead(), 64);
        QCOMPARE(config->positions, 1024);
        QCOMPARE(config->vocabSize, 50257);
        QCOMPARE(config->dInner, 3072);
        QCOMPARE(config->layerNormEpsilon, 1e-5f);
    }

    void configAliasesAndInner()
    {
        const Expected<Gpt2Config> config = Gpt2Config::fromJson(
            R"({"num_hidden_layers": 6, "num_attention_heads": 12, "hidden_size": 768, "n_ctx": 1024,
                "vocab_size": 50257, "n_inner": 1000, "layer_norm_epsilon": 1e-6})",
            QStringLiteral("distil"));
        QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error()));
        QCOMPARE(config->layers, 6);
        QCOMPARE(config->positions, 1024);
        QCOMPARE(config->dInner, 1000);
        QCOMPARE(config->layerNormEpsilon, 1e-6f);
    }

    void badConfig_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // a part of the message

        const QByteArray base = R"("n_layer": 2, "n_head": 2, "n_embd": 16, "n_positions": 64, "vocab_size": 276)";
        auto with = [&](const char *extra) -> QByteArray { return QByteArray("{") + base + QByteArray(", ") + QByteArray(extra) + QByteArray("}"); };
        QTest::addRow("not json") << QByteArray("{\"n_layer\": ") << QStringLiteral("not valid JSON");
        QTest::addRow("array") << QByteArray("[1, 2]") << QStringLiteral("expected a JSON object");
        QTest::addRow("missing n_head") << QByteArray(R"({"n_layer": 2, "n_embd": 16, "n_positions": 64, "vocab_size": 9})")
                                        << QStringLiteral("\"n_head\" is missing");
        QTest::addRow("string") << QByteArray(R"({"n_layer": "12", "n_head": 2, "n_embd": 16, "n_positions": 64, "vocab_size": 9})")
                                << QStringLiteral("\"n_layer\" must be a whole number from 1 to 256, found \"12\"");
        QTest::addRow("fraction") << QByteArray(R"({"n_layer": 2.5, "n_head": 2, "n_embd": 16, "n_positions": 64, "vocab_size": 9})")
                                  << QStringLiteral("found 2.5");
        QTest::addRow("zero heads") << QByteArray(R"({"n_layer": 2, "n_head": 0, "n_embd": 16, "n_positions": 64, "vocab_size": 9})")
                                    << QStringLiteral("\"n_head\" must be a whole number from 1 to 64, found 0");
        QTest::addRow("huge width") << QByteArray(R"({"n_layer": 2, "n_head": 2, "n_embd": 1e9, "n_positions": 64, "vocab_size": 9})")
                                    << QStringLiteral("\"n_embd\" must be a whole number from 1 to 4096");
        QTest::addRow("negative vocab") << QByteArray(R"({"n_layer": 2, "n_head": 2, "n_embd": 16, "n_positions": 64, "vocab_size": -1})")
                                        << QStringLiteral("\"vocab_size\" must be a whole number");
        QTest::addRow("not divisible") << QByteArray(R"({"n_layer": 2, "n_head": 5, "n_embd": 768, "n_positions": 64, "vocab_size": 9})")
                                       << QStringLiteral("n_embd (768) is not a multiple of n_head (5)");
        QTest::addRow("head too wide") << QByteArray(R"({"n_layer": 2, "n_head": 1, "n_embd": 2048, "n_positions": 64, "vocab_size": 9})")
                                       << QStringLiteral("n_embd / n_head = 2048 exceeds the limit of 1024");
        QTest::addRow("epsilon") << with(R"("layer_norm_epsilon": -1)") << QStringLiteral("\"layer_norm_epsilon\" must be a number above 0");
        QTest::addRow("llama") << with(R"("model_type": "llama")") << QStringLiteral("only GPT-2 checkpoints");
        QTest::addRow("relu") << with(R"("activation_function": "relu")") << QStringLiteral("activation_function is \"relu\"");
        QTest::addRow("inner zero") << with(R"("n_inner": 0)") << QStringLiteral("\"n_inner\" must be a whole number");
        QTest::addRow("layer scaling") << with(R"("scale_attn_by_inverse_layer_idx": true)")
                                       << QStringLiteral("scale_attn_by_inverse_layer_idx");
    }

    void badConfig()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const Expected<Gpt2Config> config = Gpt2Config::fromJson(json, QStringLiteral("some/config.json"));
        QVERIFY(!config.ok());
        QVERIFY2(config.error().contains(expected), qPrintable(config.error()));
        QVERIFY2(config.error().startsWith(QStringLiteral("some/config.json: ")), qPrintable(config.error()));
    }

    void loadsEveryFixture_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("converted");
        QTest::addRow("tiny-f32, transformer. prefix, mask buffers") << QStringLiteral("tiny-f32") << 2 << 2 << 16 << false;
        QTest::addRow("tiny-f16, no prefix") << QStringLiteral("tiny-f16") << 2 << 2 << 16 << true;
        QTest::addRow("tiny-bf16, bool mask buffers") << QStringLiteral("tiny-bf16") << 2 << 2 << 16 << true;
        QTest::addRow("small-f32") << QStringLiteral("small-f32") << 3 << 4 << 32 << false;
        QTest::addRow("small-bf16") << QStringLiteral("small-bf16") << 3 << 4 << 32 << true;
    }

    void loadsEveryFixture()
    {
        QFETCH(QString, folder);
        QFETCH(int, layers);
        QFETCH(int, heads);
        QFETCH(int, width);
        QFETCH(bool, converted);
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(gpt2Fixture(folder));
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
        const Gpt2Model &m = **model;
        QCOMPARE(m.info().name, folder);
        QCOMPARE(m.config().layers, layers);
        QCOMPARE(m.config().heads, heads);
        QCOMPARE(m.config().dModel, width);
        QCOMPARE(int(m.weights().blocks.size()), layers);
        QCOMPARE(m.weights().wte.rows, Eigen::Index(276));
        QCOMPARE(m.weights().wte.cols, Eigen::Index(width));
        QCOMPARE(m.weights().blocks[0].attnWeight.cols, Eigen::Index(3 * width));
        QCOMPARE(m.weights().convertedBytes > 0, converted);
        QVERIFY(m.warnings().isEmpty());
        QCOMPARE(m.tokenizer().vocabSize(), 276);
        // The fixture's vocabulary (see the script): "h e" outranks "T h", so "The" splits as T|he.
        const std::vector<int> expected{51, 257, 264, 265, 267, 258, 269, 13};
        QCOMPARE(m.tokenizer().encodeIds(QStringLiteral("The cat sat on the mat.")), expected);
    }

    void f32IsMappedNotCopied()
    {
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(gpt2Fixture(QStringLiteral("tiny-f32")));
        QVERIFY(model.ok());
        // The view points into the file's bytes: compare with the first floats of wte read by hand.
        QFile file(gpt2Fixture(QStringLiteral("tiny-f32/model.safetensors")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        quint64 headerLength = 0;
        std::memcpy(&headerLength, bytes.constData(), 8);
        const QByteArray header = bytes.mid(8, qsizetype(headerLength));
        const qsizetype at = header.indexOf("\"transformer.wte.weight\"");
        QVERIFY(at >= 0);
        const qsizetype offsets = header.indexOf("data_offsets\":[", at) + 15;
        const qint64 begin = header.mid(offsets, header.indexOf(',', offsets) - offsets).toLongLong();
        float first = 0.f;
        std::memcpy(&first, bytes.constData() + 8 + headerLength + begin, 4);
        QCOMPARE((*model)->weights().wte.data[0], first);
        QCOMPARE((*model)->weights().convertedBytes, qint64(0));
        QCOMPARE((*model)->info().fileBytes, qint64(bytes.size()));
    }

    void acceptsFileInsideFolder()
    {
        for (const char *file : {"tiny-f32/model.safetensors", "tiny-f32/config.json"}) {
            const Expected<Gpt2ModelPtr> model = Gpt2Model::load(gpt2Fixture(QLatin1String(file)));
            QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
            QCOMPARE((*model)->info().name, QStringLiteral("tiny-f32"));
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("expected"); // every part must be in the message

        QTest::addRow("missing tensor") << QStringLiteral("malformed/missing-tensor")
                                        << QStringList{QStringLiteral("tensor 'h.1.mlp.c_fc.weight' is missing"),
                                                       QStringLiteral("expected shape [16, 64]")};
        QTest::addRow("wrong shape") << QStringLiteral("malformed/wrong-shape")
                                     << QStringList{QStringLiteral("tensor 'h.0.attn.c_attn.weight' has shape [48, 16], expected [16, 48]"),
                                                    QStringLiteral("Conv1D layout (in, out)")};
        QTest::addRow("config disagrees") << QStringLiteral("malformed/config-mismatch")
                                          << QStringList{QStringLiteral("tensor 'wte.weight' has shape [276, 16], expected [276, 32]"),
                                                         QStringLiteral("n_embd 32")};
        QTest::addRow("pickle only") << QStringLiteral("malformed/pickle-only")
                                     << QStringList{QStringLiteral("pytorch_model.bin is a PyTorch pickle checkpoint"),
                                                    QStringLiteral("runs whatever code"),
                                                    QStringLiteral("save_pretrained"),
                                                    QStringLiteral("safe_serialization=True"),
                                                    QStringLiteral("safetensors.torch import save_file")};
        QTest::addRow("pickle file itself") << QStringLiteral("malformed/pickle-only/pytorch_model.bin")
                                            << QStringList{QStringLiteral("pickle"), QStringLiteral("save_file")};
        QTest::addRow("missing folder") << QStringLiteral("no-such-folder") << QStringList{QStringLiteral("does not exist")};
        QTest::addRow("not a checkpoint file") << QStringLiteral("tiny-f32/reference.json")
                                               << QStringList{QStringLiteral("is not a checkpoint")};
    }

    void malformed()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, expected);
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(gpt2Fixture(path));
        QVERIFY(!model.ok());
        for (const QString &part : expected)
            QVERIFY2(model.error().contains(part), qPrintable(QStringLiteral("missing \"") + part
                                                              + QStringLiteral("\" in: ") + model.error()));
    }

    void pickleNamesAreRefusedUnread_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"pytorch_model.bin", "model.pt", "weights.pth", "last.ckpt"})
            QTest::addRow("%s", name) << QString::fromLatin1(name);
    }

    void pickleNamesAreRefusedUnread()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x80\x02}q\x00."); // a pickle's first bytes; never read
        file.close();
        const Expected<CheckpointFolder> folder = CheckpointFolder::locate(dir.path());
        QVERIFY(!folder.ok());
        QVERIFY2(folder.error().contains(name + QStringLiteral(" is a PyTorch pickle checkpoint")), qPrintable(folder.error()));
    }

    void safetensorsPreferredOverPickle()
    {
        // A folder with both (as many Hugging Face repositories have): safetensors is used.
        QTemporaryDir dir;
        for (const char *name : {"config.json", "model.safetensors", "vocab.json", "merges.txt"})
            QVERIFY(QFile::copy(gpt2Fixture(QStringLiteral("tiny-f32/")) + QLatin1String(name), dir.filePath(QLatin1String(name))));
        QFile pickle(dir.filePath(QStringLiteral("pytorch_model.bin")));
        QVERIFY(pickle.open(QIODevice::WriteOnly));
        pickle.close();
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(dir.path());
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
    }

    void missingTokenizerFile()
    {
        QTemporaryDir dir;
        for (const char *name : {"config.json", "model.safetensors", "vocab.json"})
            QVERIFY(QFile::copy(gpt2Fixture(QStringLiteral("tiny-f32/")) + QLatin1String(name), dir.filePath(QLatin1String(name))));
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(dir.path());
        QVERIFY(!model.ok());
        QVERIFY2(model.error().contains(QStringLiteral("has no merges.txt")), qPrintable(model.error()));
    }

    void configDisagreesWithTheFiles_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("expected"); // a part of the message

        QTest::addRow("more blocks than config says")
            << QByteArray(R"({"n_layer": 1, "n_head": 2, "n_embd": 16, "n_positions": 64, "vocab_size": 276})")
            << QStringLiteral("blocks transformer.h.0 to transformer.h.1 but config.json says n_layer 1");
        QTest::addRow("tokenizer larger than model")
            << QByteArray(R"({"n_layer": 2, "n_head": 2, "n_embd": 16, "n_positions": 64, "vocab_size": 200})")
            << QStringLiteral("the tokenizer has ids up to 275 but config.json says vocab_size 200");
    }

    // The tiny fixture's weights and tokenizer with a config.json that does not describe them.
    void configDisagreesWithTheFiles()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        for (const char *name : {"model.safetensors", "vocab.json", "merges.txt"})
            QVERIFY(QFile::copy(gpt2Fixture(QStringLiteral("tiny-f32/")) + QLatin1String(name), dir.filePath(QLatin1String(name))));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("config.json")), config));
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(dir.path());
        QVERIFY(!model.ok());
        QVERIFY2(model.error().contains(expected), qPrintable(model.error()));
    }

    void nonFiniteWeightsWarn()
    {
        // Decision: load and warn (the views then show where the NaNs go), do not refuse.
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(gpt2Fixture(QStringLiteral("malformed/nonfinite")));
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
        const QStringList warnings = (*model)->warnings();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.front().contains(QStringLiteral("tensor 'h.0.mlp.c_fc.weight' has 2 NaN or infinite values among 1024")),
                 qPrintable(warnings.front()));
    }
};

QTEST_GUILESS_MAIN(TestGpt2Checkpoint)
#include "tst_gpt2checkpoint.moc"

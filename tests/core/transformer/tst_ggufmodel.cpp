// GGUF files as llama.cpp's converter lays them out, against float64 PyTorch references.
// tests/data/gguf/models/ was written by scripts/make_gguf_model_fixtures.py from tiny llama, qwen2,
// qwen3, gemma2 and gemma3 checkpoints, in F32, F16, Q8_0, Q4_0, Q4_K, Q6_K and a Q4_K_M mix
// quantised by ggml's own library; each reference was computed from the weights ggml's to_float
// decodes from that file, put back in Hugging Face's layout (llama's Q/K rows unpermuted, Gemma's
// 1 + w norms less 1), not with this code. scripts/crosscheck-llama-cpp.mjs shows that llama.cpp
// picks the same next token on every file.
#include "llamareference.h"
#include "testutils.h"
#include "core/io/gguffile.h"
#include "core/transformer/llamamodel.h"
#include "core/transformer/model.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace attn;

namespace {

QString modelsDir()
{
    return QStringLiteral(AE_TEST_DATA_DIR "/gguf/models");
}

// A copy of a fixture with `edit` applied to its bytes, in `dir`.
QString editedCopy(const QTemporaryDir &dir, const QString &fixture, const std::function<bool(QByteArray &)> &edit)
{
    QByteArray bytes = testutils::readFileBytes(modelsDir() + u'/' + fixture);
    if (bytes.isEmpty() || !edit(bytes))
        return {};
    const QString path = dir.filePath(fixture);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        return {};
    return path;
}

// Replaces the first `from` after `after` with `to` (same length, so every offset stays valid).
bool replaceAfter(QByteArray &bytes, QByteArrayView after, QByteArrayView from, QByteArrayView to)
{
    const qsizetype anchor = bytes.indexOf(after);
    const qsizetype at = anchor < 0 ? -1 : bytes.indexOf(from, anchor + after.size());
    if (at < 0 || from.size() != to.size())
        return false;
    bytes.replace(at, from.size(), to.toByteArray());
    return true;
}

// Sets the ggml type of the tensor named `name` in the tensor infos (name, u32 dims, u64 × dims, u32 type).
bool setTensorType(QByteArray &bytes, QByteArrayView name, quint32 type)
{
    const qsizetype at = bytes.indexOf(name);
    if (at < 0)
        return false;
    const qsizetype dimsAt = at + name.size();
    quint32 dims = 0;
    std::memcpy(&dims, bytes.constData() + dimsAt, 4);
    const qsizetype typeAt = dimsAt + 4 + 8 * qsizetype(dims);
    std::memcpy(bytes.data() + typeAt, &type, 4);
    return true;
}

} // namespace

class TestGgufModel : public QObject
{
    Q_OBJECT

private slots:
    void matchesTorch_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("storage");
        const QJsonObject manifest = testutils::readJsonObject(modelsDir() + QStringLiteral("/manifest.json"));
        const QJsonObject files = manifest.value(QLatin1String("files")).toObject();
        QVERIFY2(files.size() >= 13, "tests/data/gguf/models/manifest.json is missing or incomplete");
        for (auto it = files.begin(); it != files.end(); ++it) {
            const QJsonObject entry = it.value().toObject();
            QTest::addRow("%s", qPrintable(it.key())) << it.key() << entry.value(QLatin1String("hfModelType")).toString()
                                                      << entry.value(QLatin1String("fileType")).toString();
        }
    }

    // Every layer's normed input, every head's weights and the logits against the reference, through
    // loadModel() as the window and --model open it. The same float arithmetic on the same decoded
    // weights: 1e-4 whatever the quantisation.
    void matchesTorch()
    {
        QFETCH(QString, file);
        QFETCH(QString, family);
        QFETCH(QString, storage);
        const QString path = modelsDir() + u'/' + file;
        QString referencePath = path;
        referencePath.replace(QLatin1String(".gguf"), QLatin1String(".reference.json"));
        const QJsonObject reference = testutils::readJsonObject(referencePath);
        QVERIFY(!reference.isEmpty());
        const Expected<ModelPtr> loaded = loadModel(path);
        QVERIFY2(loaded.ok(), qPrintable(testutils::errorOf(loaded)));
        checkAgainstLlamaReference(*loaded, reference, family, 1e-4, file);
        if (QTest::currentTestFailed())
            return;
        // The status bar's storage type is general.file_type's name.
        QVERIFY2((*loaded)->info().weightFormat.startsWith(storage + u':'), qPrintable((*loaded)->info().weightFormat));
        QVERIFY((*loaded)->warnings().isEmpty());
    }

    // The same weights opened through the tokenizer of the file's metadata: the text "Hello world"
    // reads as GPT-2's vocabulary spells it, whatever the storage.
    void tokenizerComesFromTheMetadata()
    {
        const Expected<ModelPtr> model = loadModel(modelsDir() + QStringLiteral("/llama256-q4_k_m.gguf"));
        QVERIFY2(model.ok(), qPrintable(testutils::errorOf(model)));
        const TokenList tokens = (*model)->tokenize(QStringLiteral("<|endoftext|>"));
        QCOMPARE(tokens.size(), size_t(1));
        QCOMPARE(tokens.front().id, 275); // a control token, matched whole
        QCOMPARE((*model)->info().vocabSize, 276);
    }

    // What the converter changes is undone: llama's q and k rows, Gemma's 1 + w norms read as they
    // are stored, and Llama 3's RoPE scaling from rope_freqs.weight.
    void converterConventions()
    {
        const Expected<gguf::GgufFile> file = gguf::GgufFile::open(modelsDir() + QStringLiteral("/llama-f32.gguf"));
        QVERIFY2(file.ok(), qPrintable(testutils::errorOf(file)));
        const Expected<ModelPtr> loaded = loadModel(modelsDir() + QStringLiteral("/llama-f32.gguf"));
        QVERIFY2(loaded.ok(), qPrintable(testutils::errorOf(loaded)));
        const auto model = std::static_pointer_cast<const LlamaModel>(*loaded);
        const LlamaConfig &config = model->config();
        // Stored row 2i + j of a head is Hugging Face's row j·d/2 + i.
        const gguf::GgufTensor *stored = file->tensor(u"blk.0.attn_k.weight");
        QVERIFY(stored);
        const Expected<std::vector<float>> rows = file->dequantizeRows(*stored, 0, stored->rowCount());
        QVERIFY(rows.ok());
        const MatrixMap key = model->weights().layers[0].key.matrix(); // (kv·d_head, d)
        const int d = config.dHead;
        for (int head = 0; head < config.keyValueHeads; ++head)
            for (int i = 0; i < d / 2; ++i)
                for (int half = 0; half < 2; ++half) {
                    const int storedRow = head * d + 2 * i + half;
                    const int hfRow = head * d + half * (d / 2) + i;
                    QCOMPARE(key(hfRow, 0), (*rows)[size_t(storedRow) * size_t(config.dModel)]);
                }

        const Expected<ModelPtr> gemma = loadModel(modelsDir() + QStringLiteral("/gemma2-f32.gguf"));
        QVERIFY2(gemma.ok(), qPrintable(testutils::errorOf(gemma)));
        QVERIFY(!std::static_pointer_cast<const LlamaModel>(*gemma)->config().normAddsOne);
        QCOMPARE(std::static_pointer_cast<const LlamaModel>(*gemma)->config().slidingWindow.front() > 0, true);

        const Expected<ModelPtr> scaled = loadModel(modelsDir() + QStringLiteral("/llama-rope3-f32.gguf"));
        QVERIFY2(scaled.ok(), qPrintable(testutils::errorOf(scaled)));
        const RopeSettings &rope = std::static_pointer_cast<const LlamaModel>(*scaled)->config().rope;
        QCOMPARE(int(rope.frequencyDivisors.size()), rope.rotaryDim / 2);
        QVERIFY(*std::max_element(rope.frequencyDivisors.begin(), rope.frequencyDivisors.end()) > 1.0);
    }

    // Where people keep GGUF files: an Ollama blob has no extension (the magic says GGUF), an LM
    // Studio folder holds the file without config.json; two files in a folder are a question.
    void opensWhereverTheFileIs()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString blob = dir.filePath(QStringLiteral("sha256-0123abcd"));
        QVERIFY(QFile::copy(modelsDir() + QStringLiteral("/qwen3-f32.gguf"), blob));
        Expected<ModelPtr> model = loadModel(blob);
        QVERIFY2(model.ok(), qPrintable(testutils::errorOf(model)));
        QCOMPARE((*model)->info().family, QStringLiteral("qwen3"));

        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("lmstudio")));
        const QString folder = dir.filePath(QStringLiteral("lmstudio"));
        QVERIFY(QFile::copy(modelsDir() + QStringLiteral("/gemma2-f32.gguf"), folder + QStringLiteral("/gemma2.gguf")));
        model = loadModel(folder);
        QVERIFY2(model.ok(), qPrintable(testutils::errorOf(model)));
        QCOMPARE((*model)->info().family, QStringLiteral("gemma2"));

        QVERIFY(QFile::copy(modelsDir() + QStringLiteral("/qwen2-f32.gguf"), folder + QStringLiteral("/qwen2.gguf")));
        model = loadModel(folder);
        QVERIFY(!model.ok());
        QVERIFY2(model.error().contains(QLatin1String("2 GGUF files")) && model.error().contains(QLatin1String("qwen2.gguf")),
                 qPrintable(model.error()));
    }

    // What cannot be read is named: the architecture, a type without a decoder, a missing tensor.
    void refusalsNameTheProblem()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString mamba = editedCopy(dir, QStringLiteral("llama-f32.gguf"), [](QByteArray &bytes) {
            return replaceAfter(bytes, "general.architecture", "llama", "mamba");
        });
        QVERIFY(!mamba.isEmpty());
        Expected<ModelPtr> model = loadModel(mamba);
        QVERIFY(!model.ok());
        QVERIFY2(model.error().contains(QLatin1String("\"mamba\"")) && model.error().contains(QLatin1String("qwen2")),
                 qPrintable(model.error()));

        // IQ4_NL has Q4_0's block size and bytes, so the file stays consistent but cannot be decoded.
        const QString iq = editedCopy(dir, QStringLiteral("llama256-q4_0.gguf"), [](QByteArray &bytes) {
            return setTensorType(bytes, "blk.1.ffn_up.weight", 20);
        });
        QVERIFY(!iq.isEmpty());
        model = loadModel(iq);
        QVERIFY(!model.ok());
        QVERIFY2(model.error().contains(QLatin1String("IQ4_NL")) && model.error().contains(QLatin1String("blk.1.ffn_up.weight")),
                 qPrintable(model.error()));

        const QString missing = editedCopy(dir, QStringLiteral("qwen2-f32.gguf"), [](QByteArray &bytes) {
            return replaceAfter(bytes, "", "blk.2.ffn_down.weight", "blk.2.ffn_dowX.weight");
        });
        QVERIFY(!missing.isEmpty());
        model = loadModel(missing);
        QVERIFY(!model.ok());
        QVERIFY2(model.error().contains(QLatin1String("blk.2.ffn_down.weight")), qPrintable(model.error()));
    }
};

QTEST_GUILESS_MAIN(TestGgufModel)
#include "tst_ggufmodel.moc"

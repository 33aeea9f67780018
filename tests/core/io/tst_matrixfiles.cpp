// Matrix JSON and safetensors: files written by Python (tests/data/io/make_io_fixtures.py) read to
// the numbers the script wrote; our files read back bit for bit; every mismatch is named.
#include "iotestutil.h"

#include "core/io/matrixjson.h"
#include "core/io/matrixsafetensors.h"
#include "core/io/safetensorsfile.h"

#include <QTest>

using namespace attn;
using namespace attn::io;

namespace {

using iotest::grid;

// What the script put in the fixtures, by its own formula.
MatrixSet expectedSmall()
{
    MatrixSet set;
    int offset = 0;
    for (int h = 0; h < 2; ++h) {
        HeadWeights head;
        head.wQ = grid(3, 2, offset);
        head.wK = grid(3, 2, offset + 6);
        head.wV = grid(3, 2, offset + 12);
        offset += 18;
        set.weights.heads.push_back(head);
    }
    set.weights.wO = grid(4, 3, offset);
    set.embeddings.insert(QStringLiteral("cat"), RowVector(grid(1, 3, 100).row(0)));
    set.embeddings.insert(QString::fromUtf8("Übermut"), RowVector(grid(1, 3, 110).row(0)));
    return set;
}

bool sameBits(const MatrixSet &a, const MatrixSet &b)
{
    if (a.weights.heads.size() != b.weights.heads.size() || !iotest::sameBits(a.weights.wO, b.weights.wO)
        || a.embeddings.size() != b.embeddings.size())
        return false;
    for (size_t h = 0; h < a.weights.heads.size(); ++h) {
        for (MatrixKind kind : {MatrixKind::Query, MatrixKind::Key, MatrixKind::Value}) {
            if (!iotest::sameBits(a.weights.matrix(kind, int(h)), b.weights.matrix(kind, int(h))))
                return false;
        }
    }
    for (auto it = a.embeddings.cbegin(); it != a.embeddings.cend(); ++it) {
        if (!b.embeddings.contains(it.key()) || !iotest::sameBits(Matrix(it.value()), Matrix(b.embeddings.value(it.key()))))
            return false;
    }
    return true;
}

MatrixSet hardSet(const AttentionConfig &config, quint32 seed)
{
    QRandomGenerator random(seed);
    MatrixSet set;
    set.weights = LearnedMatrices::glorot(config);
    for (HeadWeights &head : set.weights.heads) {
        iotest::fillHard(head.wQ, random);
        iotest::fillHard(head.wK, random);
        iotest::fillHard(head.wV, random);
    }
    iotest::fillHard(set.weights.wO, random);
    for (const char *token : {"The", "cat", "sat", ".", "\"quoted\"\n", "日本"}) {
        Matrix v(1, config.dModel);
        iotest::fillHard(v, random);
        set.embeddings.insert(QString::fromUtf8(token), RowVector(v.row(0)));
    }
    return set;
}


} // namespace

class TestMatrixFiles : public QObject
{
    Q_OBJECT

private slots:
    void readsPythonJson()
    {
        const Expected<MatrixSet> set = loadMatricesJson(iotest::dataPath("json/small.json"), testutils::matrixFixtureConfig());
        QVERIFY2(set.ok(), set.ok() ? "" : qPrintable(set.error()));
        QVERIFY(sameBits(*set, expectedSmall()));
    }

    void readsPythonSafetensors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addRow("F32") << "safetensors/small.safetensors";
        QTest::addRow("F16") << "safetensors/small_f16.safetensors";
    }
    void readsPythonSafetensors()
    {
        QFETCH(QString, file);
        const Expected<MatrixSet> set = loadMatricesSafetensors(iotest::dataPath(qPrintable(file)), testutils::matrixFixtureConfig());
        QVERIFY2(set.ok(), set.ok() ? "" : qPrintable(set.error()));
        QVERIFY(sameBits(*set, expectedSmall()));
    }

    void jsonRoundTripIsBitExact()
    {
        const AttentionConfig config; // the window's default: 8 heads, d_model 32
        const MatrixSet set = hardSet(config, 1);
        const QByteArray bytes = writeMatricesJson(set);
        const Expected<MatrixSet> back = readMatricesJson(bytes, QStringLiteral("m.json"), config);
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error()));
        QVERIFY(sameBits(*back, set));
        QCOMPARE(writeMatricesJson(*back), bytes); // and written the same way again
    }

    void safetensorsRoundTripIsBitExact()
    {
        const AttentionConfig config;
        const MatrixSet set = hardSet(config, 2);
        const QByteArray bytes = writeMatricesSafetensors(set);
        // Read back through the validated reader: offsets tile the data, header is well-formed.
        const auto file = safetensors::SafetensorsFile::fromMemory(bytes, QStringLiteral("m.safetensors"));
        QVERIFY2(file.ok(), file.ok() ? "" : qPrintable(file.error()));
        QCOMPARE(file->metadata().value(QStringLiteral("format")), QStringLiteral("attention-explorer-matrices"));
        QVERIFY(file->find(u"layer0.head7.w_v"));
        QCOMPARE(file->find(u"layer0.w_o")->shape, (std::vector<qint64>{32, 32}));
        QCOMPARE(file->find(u"embeddings.cat")->shape, (std::vector<qint64>{32}));
        const Expected<MatrixSet> back = readMatricesSafetensors(*file, config);
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error()));
        QVERIFY(sameBits(*back, set));
    }

    void safetensorsRefused_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::addRow("missing tensor") << "missing.safetensors" << "layer0.head1.w_k: missing (expected shape 3×2)";
        QTest::addRow("wrong shape") << "wrongshape.safetensors" << "layer0.head0.w_v: expected shape 3×2, found 2×3";
        QTest::addRow("extra head") << "extra.safetensors" << "layer0.head2.w_q: not a tensor of this configuration (2 heads";
        QTest::addRow("infinite") << "infinite.safetensors" << "layer0.w_o: entry [0, 1] is inf";
    }
    void safetensorsRefused()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const QString path = iotest::dataPath("safetensors/") + file;
        const Expected<MatrixSet> set = loadMatricesSafetensors(path, testutils::matrixFixtureConfig());
        QVERIFY(!set.ok());
        QVERIFY2(set.error().contains(file), qPrintable(set.error()));
        QVERIFY2(set.error().contains(message), qPrintable(set.error()));
    }

    void safetensorsOfOtherConfigurationNamesShapes()
    {
        AttentionConfig wider = testutils::matrixFixtureConfig();
        wider.dK = 5;
        const Expected<MatrixSet> set = loadMatricesSafetensors(iotest::dataPath("safetensors/small.safetensors"), wider);
        QVERIFY(!set.ok());
        QVERIFY2(set.error().contains(QStringLiteral("layer0.head0.w_q: expected shape 3×5, found 3×2")), qPrintable(set.error()));
    }

    void jsonRefused_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<int>("dK");
        QTest::addColumn<QString>("message");
        const QByteArray none;
        QTest::addRow("shape against config") << none << none << 5
                                              << "layer0.head0.w_q: expected shape 3×5, found 3×2";
        QTest::addRow("wrong format") << QByteArray("attention-explorer-matrices") << QByteArray("other") << 2
                                      << "not an Attention Explorer file";
        QTest::addRow("newer version") << QByteArray("\"version\": 1") << QByteArray("\"version\": 2") << 2
                                       << "format version 2 is not supported";
        QTest::addRow("missing w_o") << QByteArray("\"w_o\"") << QByteArray("\"w_x\"") << 2 << "layer0.w_o: missing";
        QTest::addRow("string entry") << QByteArray("-0.9375") << QByteArray("\"x\"") << 2
                                      << "layer0.head0.w_q: entry [0, 1] is a string, expected a number";
        QTest::addRow("too large for float") << QByteArray("-0.9375") << QByteArray("1e39") << 2
                                             << "layer0.head0.w_q: entry [0, 1] does not fit in a 32-bit float";
        QTest::addRow("ragged row") << QByteArray("-0.8125") << QByteArray("-0.8125, 7") << 2
                                    << "layer0.head0.w_q: row 1 has 3 numbers, expected 2";
        QTest::addRow("embedding width") << QByteArray("5.25,") << QByteArray("") << 2
                                         << "embeddings.cat: expected 3 numbers (d_model), found 2";
        QTest::addRow("truncated") << QByteArray("\"w_o\"") << QByteArray("\"w_o") << 2 << "not valid JSON at line";
    }
    void jsonRefused()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(int, dK);
        QFETCH(QString, message);
        QByteArray text = testutils::readFileBytes(iotest::dataPath("json/small.json"));
        QVERIFY(!text.isEmpty());
        if (!from.isEmpty()) {
            QVERIFY2(text.contains(from), from.constData());
            text.replace(text.indexOf(from), from.size(), to);
        }
        AttentionConfig config = testutils::matrixFixtureConfig();
        config.dK = dK;
        const Expected<MatrixSet> set = readMatricesJson(text, QStringLiteral("broken.json"), config);
        QVERIFY(!set.ok());
        QVERIFY2(set.error().startsWith(QStringLiteral("broken.json: ")), qPrintable(set.error()));
        QVERIFY2(set.error().contains(message), qPrintable(set.error()));
    }

    void truncatedJsonIsRefusedEverywhere()
    {
        const QByteArray good = writeMatricesJson(expectedSmall());
        for (qsizetype length = 0; length + 1 < good.size(); length += 7)
            QVERIFY(!readMatricesJson(good.left(length), QStringLiteral("cut.json"), testutils::matrixFixtureConfig()).ok());
    }
};

QTEST_GUILESS_MAIN(TestMatrixFiles)
#include "tst_matrixfiles.moc"

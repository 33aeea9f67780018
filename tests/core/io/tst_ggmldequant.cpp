// Our dequantisation of ggml's block formats against ggml's own, bit for bit. The rows and ggml's
// floats come from llama.cpp's prebuilt library (scripts/make_ggml_dequant_fixtures.py calls its
// ggml_quantize_chunk and to_float through ctypes); see tests/data/gguf/dequant/manifest.json for
// the version. Also: our table of type sizes equals ggml's, and the checked byte counts.
#include "testutils.h"

#include "core/io/ggmlquant.h"
#include "core/io/ggmltype.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace attn;
using namespace attn::ggml;

namespace {

QString dequantDir()
{
    return QStringLiteral(AE_TEST_DATA_DIR "/gguf/dequant/");
}

QJsonObject manifest()
{
    return testutils::readJsonObject(dequantDir() + QStringLiteral("manifest.json"));
}

} // namespace

class TestGgmlDequant : public QObject
{
    Q_OBJECT

private slots:
    void typeTableEqualsGgml();
    void byteCounts_data();
    void byteCounts();
    void problems_data();
    void problems();

    void matchesGgml_data();
    void matchesGgml();
    void unsupportedTypeWritesNothing();
    void emptyRowTouchesNothing();
};

void TestGgmlDequant::typeTableEqualsGgml()
{
    const QJsonArray table = manifest().value(QStringLiteral("typeTable")).toArray();
    QVERIFY(table.size() >= 30);
    int known = 0;
    for (const QJsonValue &value : table) {
        const QJsonObject entry = value.toObject();
        const quint32 number = quint32(entry.value(QStringLiteral("number")).toInt());
        const std::optional<GgmlType> type = ggmlTypeFromNumber(number);
        QVERIFY2(type, qPrintable(QStringLiteral("ggml type %1 unknown here").arg(number)));
        QCOMPARE(ggmlTypeName(*type).toUpper(), entry.value(QStringLiteral("name")).toString());
        QCOMPARE(blockSize(*type), qint64(entry.value(QStringLiteral("blockSize")).toInt()));
        QCOMPARE(blockBytes(*type), qint64(entry.value(QStringLiteral("blockBytes")).toInt()));
        ++known;
    }
    // Nothing beyond ggml's table: the numbers ggml removed or never had are unknown here.
    int ours = 0;
    for (quint32 number = 0; number < 1000; ++number)
        ours += ggmlTypeFromNumber(number).has_value();
    QCOMPARE(ours, known);
    QVERIFY(!ggmlTypeFromNumber(4)); // Q4_2, removed
    QVERIFY(!ggmlTypeFromNumber(31)); // Q4_0_4_4, removed from GGUF files
}

void TestGgmlDequant::byteCounts_data()
{
    QTest::addColumn<GgmlType>("type");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<qint64>("expected"); // -1: refused
    QTest::addRow("F32 10") << GgmlType::F32 << qint64(10) << qint64(40);
    QTest::addRow("Q4_K 512") << GgmlType::Q4_K << qint64(512) << qint64(288);
    QTest::addRow("Q4_K 100 (not whole blocks)") << GgmlType::Q4_K << qint64(100) << qint64(-1);
    QTest::addRow("Q8_0 0") << GgmlType::Q8_0 << qint64(0) << qint64(0);
    QTest::addRow("Q8_0 negative") << GgmlType::Q8_0 << qint64(-32) << qint64(-1);
    // 2^40 values: above 32 bits, still exact.
    QTest::addRow("Q6_K 2^40") << GgmlType::Q6_K << (qint64(1) << 40) << (qint64(1) << 32) * 210;
    // 2^62 F32 values need 2^64 bytes.
    QTest::addRow("F32 2^62 (overflow)") << GgmlType::F32 << (qint64(1) << 62) << qint64(-1);
    QTest::addRow("Q8_0 max (overflow)") << GgmlType::Q8_0 << (std::numeric_limits<qint64>::max() / 32) * 32
                                          << qint64(-1);
}

void TestGgmlDequant::byteCounts()
{
    QFETCH(GgmlType, type);
    QFETCH(qint64, count);
    QFETCH(qint64, expected);
    const std::optional<qint64> bytes = byteCount(type, count);
    QCOMPARE(bytes.value_or(-1), expected);
}

void TestGgmlDequant::problems_data()
{
    QTest::addColumn<GgmlType>("type");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<QString>("expected");
    QTest::addRow("Q4_K 256") << GgmlType::Q4_K << qint64(256) << QString();
    QTest::addRow("IQ2_XXS") << GgmlType::IQ2_XXS << qint64(256)
                             << QStringLiteral("IQ2_XXS tensors cannot be dequantised (supported: F32, F16, BF16");
    QTest::addRow("TQ1_0") << GgmlType::TQ1_0 << qint64(256) << QStringLiteral("TQ1_0 tensors cannot be dequantised");
    QTest::addRow("I32") << GgmlType::I32 << qint64(4) << QStringLiteral("I32 tensors cannot be dequantised");
    QTest::addRow("Q5_1 40") << GgmlType::Q5_1 << qint64(40)
                             << QStringLiteral("a row of 40 values is not a whole number of Q5_1 blocks of 32");
}

void TestGgmlDequant::problems()
{
    QFETCH(GgmlType, type);
    QFETCH(qint64, count);
    QFETCH(QString, expected);
    const QString problem = dequantizationProblem(type, count);
    if (expected.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.startsWith(expected), qPrintable(problem));
}

void TestGgmlDequant::matchesGgml_data()
{
    QTest::addColumn<QString>("name");
    const QJsonObject types = manifest().value(QStringLiteral("types")).toObject();
    QCOMPARE(types.size(), 13);
    for (auto it = types.begin(); it != types.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestGgmlDequant::matchesGgml()
{
    QFETCH(QString, name);
    const QJsonObject file = manifest();
    const qint64 rowLength = file.value(QStringLiteral("rowLength")).toInt();
    const QJsonObject entry = file.value(QStringLiteral("types")).toObject().value(name).toObject();
    const std::optional<GgmlType> type = ggmlTypeFromNumber(quint32(entry.value(QStringLiteral("number")).toInt()));
    QVERIFY(type);
    QCOMPARE(ggmlTypeName(*type), name);
    QVERIFY(canDequantize(*type));
    const qint64 rowBytes = entry.value(QStringLiteral("rowBytes")).toInt();
    QCOMPARE(byteCount(*type, rowLength).value_or(-1), rowBytes);
    const QJsonArray labels = entry.value(QStringLiteral("rows")).toArray();

    const QByteArray quantised = testutils::readFileBytes(dequantDir() + name + QStringLiteral(".quant"));
    const QByteArray expectedBytes = testutils::readFileBytes(dequantDir() + name + QStringLiteral(".f32"));
    QCOMPARE(quantised.size(), labels.size() * rowBytes);
    QCOMPARE(expectedBytes.size(), labels.size() * rowLength * qint64(sizeof(float)));

    int bothNaN = 0;
    for (qsizetype row = 0; row < labels.size(); ++row) {
        // Decoded from an odd address: rows of a GGUF tensor need not be aligned.
        QByteArray source(1, '\0');
        source += quantised.mid(row * rowBytes, rowBytes);
        std::vector<float> ours(size_t(rowLength), -12345.0f);
        dequantizeRow(*type, reinterpret_cast<const uchar *>(source.constData()) + 1, ours.data(), rowLength);

        for (qint64 i = 0; i < rowLength; ++i) {
            quint32 expectedBits = 0;
            std::memcpy(&expectedBits, expectedBytes.constData() + (row * rowLength + i) * 4, 4);
            const quint32 ourBits = std::bit_cast<quint32>(ours[size_t(i)]);
            // NaN against NaN passes whatever the payload: x86 hands on the payload of whichever
            // operand of a product is NaN first, and a compiler may swap the operands of a
            // commutative product, so payloads are not part of what ggml defines.
            const bool nan = std::isnan(ours[size_t(i)]) && std::isnan(std::bit_cast<float>(expectedBits));
            bothNaN += nan;
            if (ourBits != expectedBits && !nan) {
                QFAIL(qPrintable(QStringLiteral("%1 row '%2' value %3: ours %4 (0x%5), ggml's %6 (0x%7)")
                                     .arg(name, labels[row].toString())
                                     .arg(i)
                                     .arg(double(ours[size_t(i)]), 0, 'g', 9)
                                     .arg(ourBits, 8, 16, QLatin1Char('0'))
                                     .arg(double(std::bit_cast<float>(expectedBits)), 0, 'g', 9)
                                     .arg(expectedBits, 8, 16, QLatin1Char('0'))));
            }
        }
    }
    qInfo("%s: %lld rows of %lld values equal to ggml's bit for bit (%d NaN against NaN)", qPrintable(name),
          qint64(labels.size()), rowLength, bothNaN);
}

void TestGgmlDequant::unsupportedTypeWritesNothing()
{
    const QByteArray block(66, '\x11'); // one IQ2_XXS block
    std::vector<float> target(256, 7.0f);
    dequantizeRow(GgmlType::IQ2_XXS, reinterpret_cast<const uchar *>(block.constData()), target.data(), 256);
    QCOMPARE(target.front(), 7.0f);
    QCOMPARE(target.back(), 7.0f);
    // Not a whole number of blocks: also nothing.
    dequantizeRow(GgmlType::Q8_0, reinterpret_cast<const uchar *>(block.constData()), target.data(), 31);
    QCOMPARE(target.front(), 7.0f);
}

void TestGgmlDequant::emptyRowTouchesNothing()
{
    // A tensor with a zero dimension has empty rows, and an empty std::vector hands out null
    // (found by fuzz_gguf: memcpy got a null pointer).
    for (const GgmlType type : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_K})
        dequantizeRow(type, nullptr, nullptr, 0);
}

QTEST_GUILESS_MAIN(TestGgmlDequant)
#include "tst_ggmldequant.moc"

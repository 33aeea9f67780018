// The GGUF reader on files written by hand by scripts/make_gguf_fixtures.py (struct, independent of
// the reader): every metadata type, the typed lookups and their messages, tensors of every decoded
// type against ggml's own floats (tests/data/gguf/dequant), memory mapping, and every truncation.
#include "testutils.h"

#include "core/io/gguffile.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QTest>

#include <bit>
#include <cmath>
#include <cstring>

using namespace attn;
using namespace attn::gguf;
using attn::ggml::GgmlType;

namespace {

QString validPath(const char *file)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/gguf/valid/") + QLatin1String(file);
}

QString dequantPath(const QString &file)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/gguf/dequant/") + file;
}

} // namespace

class TestGgufFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void header();
    void scalars();
    void arrays();
    void typeMismatchNamesKeyAndBothTypes_data();
    void typeMismatchNamesKeyAndBothTypes();
    void tensorInfos();
    void tensorValuesEqualGgmls_data();
    void tensorValuesEqualGgmls();
    void plainTensorValues();
    void unsupportedTypeIsNamed();
    void rowsOutsideTheTensor();
    void tensorBytesAreInTheMapping();
    void version2();
    void noTensors();
    void everyTruncationFailsCleanly();

private:
    Expected<GgufFile> m_file = Error{QStringLiteral("not opened")};
};

void TestGgufFile::initTestCase()
{
    m_file = GgufFile::open(validPath("everything_v3.gguf"));
    QVERIFY2(m_file, qPrintable(testutils::errorOf(m_file)));
}

void TestGgufFile::header()
{
    QCOMPARE(m_file->version(), 3u);
    QCOMPARE(m_file->alignment(), 64);
    QCOMPARE(m_file->dataOffset() % 64, 0);
    QCOMPARE(m_file->metadata().size(), size_t(25));
    QCOMPARE(m_file->metadata().front().key, QStringLiteral("general.architecture")); // file order
    QCOMPARE(*m_file->string(u"general.architecture"), QStringLiteral("llama"));
}

void TestGgufFile::scalars()
{
    const GgufFile &file = *m_file;
    QCOMPARE(*file.integer(u"test.uint8"), 200);
    QCOMPARE(*file.integer(u"test.int8"), -100);
    QCOMPARE(*file.integer(u"test.uint16"), 60000);
    QCOMPARE(*file.integer(u"test.int16"), -30000);
    QCOMPARE(*file.integer(u"test.uint32"), 4000000000ll);
    QCOMPARE(*file.integer(u"test.int32"), -2000000000ll);
    QCOMPARE(*file.integer(u"test.int64"), -(qint64(1) << 62));
    QCOMPARE(*file.real(u"test.float32"), 0.15625);
    QCOMPARE(*file.real(u"test.float64"), 1e300);
    QCOMPARE(*file.boolean(u"test.bool"), true);
    QCOMPARE(*file.string(u"test.string"), QStringLiteral("h\u00e9llo w\u00f6rld \u4e16\u754c"));
    QCOMPARE(file.value(u"test.uint8")->type(), GgufValueType::UInt8);
    QCOMPARE(file.value(u"test.float64")->typeName(), QStringLiteral("FLOAT64"));

    // 2^63 + 5 is a valid UINT64 that does not fit the signed lookup: said, not wrapped.
    const Expected<qint64> big = file.integer(u"test.uint64");
    QVERIFY(!big);
    QCOMPARE(big.error(), QStringLiteral("%1: metadata key 'test.uint64' holds a UINT64 above 2^63 - 1")
                              .arg(QDir::toNativeSeparators(validPath("everything_v3.gguf"))));

    QVERIFY(!file.contains(u"test.absent"));
    QVERIFY(file.integer(u"test.absent").error().endsWith(QStringLiteral(": metadata key 'test.absent' is missing")));
}

void TestGgufFile::arrays()
{
    const GgufFile &file = *m_file;
    QCOMPARE(*file.integerArray(u"test.array.uint8"), (std::vector<qint64>{1, 2, 255}));
    QCOMPARE(*file.integerArray(u"test.array.int16"), (std::vector<qint64>{-32768, 0, 32767}));
    QCOMPARE(*file.integerArray(u"test.array.int32"), (std::vector<qint64>{-1, 0, 7}));
    QCOMPARE(*file.integerArray(u"test.array.uint64"), (std::vector<qint64>{0, qint64(1) << 40}));
    QCOMPARE(*file.floatArray(u"test.array.float32"), (std::vector<float>{0.5f, -1.25f, 3.0e-38f}));
    QCOMPARE(*file.stringArray(u"test.array.string"),
             (std::vector<QString>{QStringLiteral("a"), QString(), QStringLiteral("\u00fcn\u00ef"), QStringLiteral("<0x0A>")}));
    QCOMPARE(file.integerArray(u"test.array.empty")->size(), size_t(0));

    const GgufValue &doubles = *file.value(u"test.array.float64");
    QCOMPARE(doubles.typeName(), QStringLiteral("ARRAY of FLOAT64"));
    QCOMPARE(doubles.realAt(0), 0.1);
    QCOMPARE(doubles.realAt(1), -2.5);

    const GgufValue &bools = *file.value(u"test.array.bool");
    QCOMPARE(bools.elementType(), GgufValueType::Bool);
    QCOMPARE(bools.size(), 3);

    const GgufValue &nested = *file.value(u"test.array.nested");
    QCOMPARE(nested.typeName(), QStringLiteral("ARRAY of ARRAY of INT32"));
    QCOMPARE(nested.size(), 3);
    QCOMPARE(nested.arrayAt(0).size(), 2);
    QCOMPARE(*nested.arrayAt(0).integerAt(1), 2);
    QCOMPARE(*nested.arrayAt(1).integerAt(0), 3);
    QCOMPARE(nested.arrayAt(2).size(), 0);

    // Bytes of a token that is half a character are kept as stored.
    const GgufValue &partial = *file.value(u"test.array.partial_utf8");
    QCOMPARE(partial.stringBytesAt(0), QByteArrayView("\xe4\xb8"));
    QCOMPARE(partial.stringBytesAt(1), QByteArrayView("ok"));
}

void TestGgufFile::typeMismatchNamesKeyAndBothTypes_data()
{
    QTest::addColumn<QString>("lookup");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::addRow("string of UINT32") << "string" << "test.uint32" << "'test.uint32' is UINT32, expected STRING";
    QTest::addRow("integer of FLOAT32") << "integer" << "test.float32"
                                        << "'test.float32' is FLOAT32, expected an integer (UINT8 ... INT64)";
    QTest::addRow("real of INT32") << "real" << "test.int32" << "'test.int32' is INT32, expected FLOAT32 or FLOAT64";
    QTest::addRow("boolean of UINT8") << "boolean" << "test.uint8" << "'test.uint8' is UINT8, expected BOOL";
    QTest::addRow("string array of INT32 array") << "stringArray" << "test.array.int32"
                                                 << "'test.array.int32' is ARRAY of INT32, expected ARRAY of STRING";
    QTest::addRow("float array of FLOAT64 array") << "floatArray" << "test.array.float64"
                                                  << "'test.array.float64' is ARRAY of FLOAT64, expected ARRAY of FLOAT32";
    QTest::addRow("integer array of a string") << "integerArray" << "test.string"
                                               << "'test.string' is STRING, expected an ARRAY of integers";
    QTest::addRow("integer array of nested") << "integerArray" << "test.array.nested"
                                             << "'test.array.nested' is ARRAY of ARRAY of INT32, expected an ARRAY of integers";
}

void TestGgufFile::typeMismatchNamesKeyAndBothTypes()
{
    QFETCH(QString, lookup);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const GgufFile &file = *m_file;
    QString message;
    if (lookup == QLatin1String("string"))
        message = testutils::errorOf(file.string(key));
    else if (lookup == QLatin1String("integer"))
        message = testutils::errorOf(file.integer(key));
    else if (lookup == QLatin1String("real"))
        message = testutils::errorOf(file.real(key));
    else if (lookup == QLatin1String("boolean"))
        message = testutils::errorOf(file.boolean(key));
    else if (lookup == QLatin1String("stringArray"))
        message = testutils::errorOf(file.stringArray(key));
    else if (lookup == QLatin1String("floatArray"))
        message = testutils::errorOf(file.floatArray(key));
    else
        message = testutils::errorOf(file.integerArray(key));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.startsWith(QDir::toNativeSeparators(validPath("everything_v3.gguf"))), qPrintable(message));
}

void TestGgufFile::tensorInfos()
{
    const GgufFile &file = *m_file;
    QCOMPARE(file.tensors().size(), size_t(17));
    const GgufTensor *q4k = file.tensor(u"q4_k.weight");
    QVERIFY(q4k);
    QCOMPARE(q4k->type, GgmlType::Q4_K);
    QCOMPARE(q4k->dims, (std::vector<qint64>{512, 2}));
    QCOMPARE(q4k->shape(), (std::vector<qint64>{2, 512}));
    QCOMPARE(q4k->rowLength(), 512);
    QCOMPARE(q4k->rowCount(), 2);
    QCOMPARE(q4k->rowBytes(), 288);
    QCOMPARE(q4k->byteSize, 576);
    QCOMPARE(q4k->offset % 64, 0);

    const GgufTensor *scalar = file.tensor(u"scalar");
    QVERIFY(scalar);
    QVERIFY(scalar->dims.empty());
    QCOMPARE(scalar->elementCount(), 1);
    QCOMPARE(scalar->byteSize, 4);

    const GgufTensor *cube = file.tensor(u"cube");
    QCOMPARE(cube->dims, (std::vector<qint64>{4, 3, 2}));
    QCOMPARE(cube->rowCount(), 6);
    QVERIFY(!file.tensor(u"absent"));
}

void TestGgufFile::tensorValuesEqualGgmls_data()
{
    QTest::addColumn<QString>("type");
    for (const char *type : {"F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
        QTest::newRow(type) << QString::fromLatin1(type);
}

void TestGgufFile::tensorValuesEqualGgmls()
{
    QFETCH(QString, type);
    const GgufTensor *tensor = m_file->tensor(QString(type.toLower() + QStringLiteral(".weight")));
    QVERIFY(tensor);
    QCOMPARE(ggml::ggmlTypeName(tensor->type), type);
    const Expected<std::vector<float>> values = m_file->dequantizeRows(*tensor, 0, 2);
    QVERIFY2(values, qPrintable(testutils::errorOf(values)));
    QCOMPARE(values->size(), size_t(1024));
    // Rows 0 and 1 of the dequantisation fixture ("normal 1", "normal 2": no NaN).
    const QByteArray expected = testutils::readFileBytes(dequantPath(type + QStringLiteral(".f32"))).left(1024 * 4);
    QCOMPARE(expected.size(), 1024 * 4);
    QVERIFY(std::memcmp(values->data(), expected.constData(), 1024 * 4) == 0);

    // One row alone, from the middle of the tensor.
    const Expected<std::vector<float>> second = m_file->dequantizeRows(*tensor, 1, 1);
    QVERIFY(second);
    QVERIFY(std::memcmp(second->data(), expected.constData() + 512 * 4, 512 * 4) == 0);
}

void TestGgufFile::plainTensorValues()
{
    const Expected<std::vector<float>> bias = m_file->dequantizeRows(*m_file->tensor(u"vector.bias"), 0, 1);
    QCOMPARE(*bias, (std::vector<float>{0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f}));
    QCOMPARE(*m_file->dequantizeRows(*m_file->tensor(u"scalar"), 0, 1), (std::vector<float>{42.0f}));
    const Expected<std::vector<float>> cube = m_file->dequantizeRows(*m_file->tensor(u"cube"), 0, 6);
    QCOMPARE(cube->size(), size_t(24));
    for (int i = 0; i < 24; ++i)
        QCOMPARE((*cube)[size_t(i)], float(i));
}

void TestGgufFile::unsupportedTypeIsNamed()
{
    const GgufTensor *tensor = m_file->tensor(u"iq4_nl.weight");
    QVERIFY(tensor);
    QCOMPARE(tensor->type, GgmlType::IQ4_NL);
    QCOMPARE(m_file->tensorBytes(*tensor).size(), 36);
    const Expected<std::vector<float>> values = m_file->dequantizeRows(*tensor, 0, 1);
    QVERIFY(!values);
    QVERIFY2(values.error().contains(QStringLiteral("tensor 'iq4_nl.weight': IQ4_NL tensors cannot be dequantised")),
             qPrintable(values.error()));
}

void TestGgufFile::rowsOutsideTheTensor()
{
    const GgufTensor &tensor = *m_file->tensor(u"q8_0.weight");
    for (const auto &[first, count] : {std::pair<qint64, qint64>{2, 1}, {1, 2}, {-1, 1}, {0, -1}}) {
        const Expected<std::vector<float>> values = m_file->dequantizeRows(tensor, first, count);
        QVERIFY(!values);
        QVERIFY2(values.error().contains(QStringLiteral("are not inside its 2 rows")), qPrintable(values.error()));
    }
    QCOMPARE(m_file->dequantizeRows(tensor, 2, 0)->size(), size_t(0));
}

void TestGgufFile::tensorBytesAreInTheMapping()
{
    // The bytes are the file's own (compared with a plain read), at the offset the file gives.
    const QByteArray raw = testutils::readFileBytes(validPath("everything_v3.gguf"));
    for (const GgufTensor &tensor : m_file->tensors()) {
        const QByteArrayView bytes = m_file->tensorBytes(tensor);
        QCOMPARE(bytes.size(), tensor.byteSize);
        QCOMPARE(bytes, QByteArrayView(raw).sliced(m_file->dataOffset() + tensor.offset, tensor.byteSize));
    }
    QCOMPARE(m_file->fileSize(), raw.size());
}

void TestGgufFile::version2()
{
    const Expected<GgufFile> file = GgufFile::open(validPath("v2.gguf"));
    QVERIFY2(file, qPrintable(testutils::errorOf(file)));
    QCOMPARE(file->version(), 2u);
    QCOMPARE(file->alignment(), 32); // the default
    QCOMPARE(*file->string(u"general.architecture"), QStringLiteral("gpt2"));
    QCOMPARE(file->tensors().size(), size_t(1));
    QCOMPARE(*file->dequantizeRows(file->tensors().front(), 0, 2), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

void TestGgufFile::noTensors()
{
    const Expected<GgufFile> file = GgufFile::open(validPath("no_tensors.gguf"));
    QVERIFY2(file, qPrintable(testutils::errorOf(file)));
    QVERIFY(file->tensors().empty());
    QCOMPARE(*file->stringArray(u"tokenizer.ggml.tokens"),
             (std::vector<QString>{QStringLiteral("!"), QStringLiteral("\""), QStringLiteral("#")}));
}

void TestGgufFile::everyTruncationFailsCleanly()
{
    // Every prefix of a valid file is refused with a message naming it (or, for the prefixes that
    // end inside trailing data no tensor uses, accepted); none crashes. The prefixes run under
    // AddressSanitizer in CI, which sees any read past the end.
    for (const char *name : {"everything_v3.gguf", "v2.gguf", "no_tensors.gguf"}) {
        const QByteArray whole = testutils::readFileBytes(validPath(name));
        QVERIFY(!whole.isEmpty());
        for (qsizetype size = 0; size < whole.size(); ++size) {
            const Expected<GgufFile> file = GgufFile::fromMemory(whole.left(size), QStringLiteral("cut.gguf"));
            if (!file)
                QVERIFY2(file.error().startsWith(QStringLiteral("cut.gguf: ")), qPrintable(file.error()));
        }
    }
}

QTEST_GUILESS_MAIN(TestGgufFile)
#include "tst_gguffile.moc"

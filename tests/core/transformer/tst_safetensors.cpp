// The safetensors reader against files written independently of it by
// scripts/make_malformed_safetensors.py (struct + json, numpy and PyTorch for the conversion
// references) and against hand-known bit patterns.

#include "testutils.h"
#include "core/io/halffloat.h"
#include "core/io/safetensorsfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

using namespace attn;
using namespace attn::safetensors;

namespace {

QString dataPath(const QString &relative)
{
    // AE_TEST_DATA_DIR is relative to the calling CMake folder, so CMake names this one exactly.
    return QStringLiteral(AE_SAFETENSORS_DATA_DIR "/") + relative;
}

using testutils::readFileBytes;

quint32 bitsOf(float value)
{
    return std::bit_cast<quint32>(value);
}

// Whether [pointer, pointer + bytes) lies in a mapping of `path` listed by the kernel, so the test
// learns "memory-mapped" from the OS rather than from the code under test.
bool insideMappingOf(const void *pointer, qint64 bytes, const QString &path)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    const QString canonical = QFileInfo(path).canonicalFilePath();
    const auto address = quint64(reinterpret_cast<std::uintptr_t>(pointer));
    const QList<QByteArray> lines = maps.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 6 || QString::fromUtf8(fields.mid(5).join(' ')) != canonical)
            continue;
        const QList<QByteArray> range = fields[0].split('-');
        const quint64 start = range.value(0).toULongLong(nullptr, 16);
        const quint64 end = range.value(1).toULongLong(nullptr, 16);
        if (address >= start && address + quint64(bytes) <= end)
            return true;
    }
    return false;
}

// VmRSS of this process, or -1 where /proc is not available.
qint64 residentKilobytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestSafetensors : public QObject
{
    Q_OBJECT

private slots:
    void dtypeTable_data();
    void dtypeTable();
    void halfBits_data();
    void halfBits();
    void bfloat16Bits_data();
    void bfloat16Bits();
    void conversionMatchesReferenceForEveryBitPattern_data();
    void conversionMatchesReferenceForEveryBitPattern();

    void readsValidFile();
    void floatValuesOfValidFile();
    void f32IsAViewOfTheMapping();
    void misalignedF32IsCopied();
    void nonFloatDtypeIsRefusedByName();
    void unknownTensorIsRefusedByName();
    void fileWithoutTensors();
    void headerPaddedWithSpaces();
    void nonFiniteWeightsLoadAndAreCounted();
    void missingFileNamesThePath();
    void utf8AcrossMegabyteChunks_data();
    void utf8AcrossMegabyteChunks();

    void malformedFile_data();
    void malformedFile();
    void manifestCoversEveryFile();
    void everyTruncationFailsCleanly();
    void randomMutationsNeverCrash();

    void largeFileOpensWithoutCopy();
};

void TestSafetensors::dtypeTable_data()
{
    QTest::addColumn<DType>("dtype");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("size");
    QTest::addRow("BOOL") << DType::Bool << QStringLiteral("BOOL") << 1;
    QTest::addRow("U8") << DType::U8 << QStringLiteral("U8") << 1;
    QTest::addRow("I8") << DType::I8 << QStringLiteral("I8") << 1;
    QTest::addRow("U16") << DType::U16 << QStringLiteral("U16") << 2;
    QTest::addRow("I16") << DType::I16 << QStringLiteral("I16") << 2;
    QTest::addRow("F16") << DType::F16 << QStringLiteral("F16") << 2;
    QTest::addRow("BF16") << DType::BF16 << QStringLiteral("BF16") << 2;
    QTest::addRow("U32") << DType::U32 << QStringLiteral("U32") << 4;
    QTest::addRow("I32") << DType::I32 << QStringLiteral("I32") << 4;
    QTest::addRow("F32") << DType::F32 << QStringLiteral("F32") << 4;
    QTest::addRow("U64") << DType::U64 << QStringLiteral("U64") << 8;
    QTest::addRow("I64") << DType::I64 << QStringLiteral("I64") << 8;
    QTest::addRow("F64") << DType::F64 << QStringLiteral("F64") << 8;
    QTest::addRow("F8_E4M3") << DType::F8_E4M3 << QStringLiteral("F8_E4M3") << 1;
    QTest::addRow("F8_E5M2") << DType::F8_E5M2 << QStringLiteral("F8_E5M2") << 1;
}

void TestSafetensors::dtypeTable()
{
    QFETCH(DType, dtype);
    QFETCH(QString, name);
    QFETCH(int, size);
    QCOMPARE(dtypeName(dtype), name);
    QCOMPARE(dtypeSize(dtype), size);
}

void TestSafetensors::halfBits_data()
{
    // Expected float32 bit patterns worked out by hand from the IEEE 754 layouts.
    QTest::addColumn<quint16>("half");
    QTest::addColumn<quint32>("expected");
    QTest::addRow("1") << quint16(0x3C00) << quint32(0x3F800000);
    QTest::addRow("-2") << quint16(0xC000) << quint32(0xC0000000);
    QTest::addRow("0.5") << quint16(0x3800) << quint32(0x3F000000);
    QTest::addRow("0.333251953125") << quint16(0x3555) << quint32(0x3EAAA000);
    QTest::addRow("65504 (max)") << quint16(0x7BFF) << quint32(0x477FE000);
    QTest::addRow("2^-14 (min normal)") << quint16(0x0400) << quint32(0x38800000);
    QTest::addRow("2^-24 (min subnormal)") << quint16(0x0001) << quint32(0x33800000);
    QTest::addRow("-2^-24") << quint16(0x8001) << quint32(0xB3800000);
    QTest::addRow("2^-15 (subnormal)") << quint16(0x0200) << quint32(0x38000000);
    QTest::addRow("1023 * 2^-24 (max subnormal)") << quint16(0x03FF) << quint32(0x387FC000);
    QTest::addRow("+0") << quint16(0x0000) << quint32(0x00000000);
    QTest::addRow("-0") << quint16(0x8000) << quint32(0x80000000);
    QTest::addRow("+inf") << quint16(0x7C00) << quint32(0x7F800000);
    QTest::addRow("-inf") << quint16(0xFC00) << quint32(0xFF800000);
    QTest::addRow("quiet NaN") << quint16(0x7E00) << quint32(0x7FC00000);
    QTest::addRow("-quiet NaN") << quint16(0xFE00) << quint32(0xFFC00000);
    QTest::addRow("signalling NaN keeps payload") << quint16(0x7C01) << quint32(0x7F802000);
}

void TestSafetensors::halfBits()
{
    QFETCH(quint16, half);
    QFETCH(quint32, expected);
    QCOMPARE(bitsOf(halfToFloat(half)), expected);
    const uchar bytes[2] = {uchar(half & 0xFF), uchar(half >> 8)}; // little-endian, as in the file
    float bulk = 0;
    halfToFloat(bytes, &bulk, 1);
    QCOMPARE(bitsOf(bulk), expected);
}

void TestSafetensors::bfloat16Bits_data()
{
    QTest::addColumn<quint16>("bf16");
    QTest::addColumn<quint32>("expected");
    QTest::addRow("1") << quint16(0x3F80) << quint32(0x3F800000);
    QTest::addRow("-2") << quint16(0xC000) << quint32(0xC0000000);
    QTest::addRow("3.140625") << quint16(0x4049) << quint32(0x40490000);
    QTest::addRow("2^-133 (subnormal)") << quint16(0x0001) << quint32(0x00010000);
    QTest::addRow("-0") << quint16(0x8000) << quint32(0x80000000);
    QTest::addRow("+inf") << quint16(0x7F80) << quint32(0x7F800000);
    QTest::addRow("-inf") << quint16(0xFF80) << quint32(0xFF800000);
    QTest::addRow("NaN") << quint16(0x7FC0) << quint32(0x7FC00000);
}

void TestSafetensors::bfloat16Bits()
{
    QFETCH(quint16, bf16);
    QFETCH(quint32, expected);
    QCOMPARE(bitsOf(bfloat16ToFloat(bf16)), expected);
    const uchar bytes[2] = {uchar(bf16 & 0xFF), uchar(bf16 >> 8)};
    float bulk = 0;
    bfloat16ToFloat(bytes, &bulk, 1);
    QCOMPARE(bitsOf(bulk), expected);
    if (bf16 == 0x3F80)
        QCOMPARE(bfloat16ToFloat(bf16), 1.0f);
    if (bf16 == 0x0001)
        QCOMPARE(bfloat16ToFloat(bf16), std::ldexp(1.0f, -133));
}

void TestSafetensors::conversionMatchesReferenceForEveryBitPattern_data()
{
    // "bits" holds all 65536 patterns; "reference" their float32 values from numpy (F16) and
    // PyTorch (BF16). Both keep NaN payloads, so every pattern is compared bit for bit.
    QTest::addColumn<QString>("file");
    QTest::addRow("F16 (numpy)") << dataPath(QStringLiteral("reference/f16_all.safetensors"));
    QTest::addRow("BF16 (torch)") << dataPath(QStringLiteral("reference/bf16_all.safetensors"));
}

void TestSafetensors::conversionMatchesReferenceForEveryBitPattern()
{
    QFETCH(QString, file);
    const Expected<SafetensorsFile> opened = SafetensorsFile::open(file);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    const Expected<FloatTensor> converted = opened->floatTensor(u"bits");
    const Expected<FloatTensor> reference = opened->floatTensor(u"reference");
    QVERIFY(converted.ok());
    QVERIFY(reference.ok());
    QCOMPARE(converted->elementCount(), 65536);
    QCOMPARE(reference->elementCount(), 65536);
    int mismatches = 0;
    for (int i = 0; i < 65536; ++i) {
        if (bitsOf(converted->data[i]) != bitsOf(reference->data[i])) {
            if (++mismatches <= 5)
                qWarning("pattern 0x%04x: got 0x%08x, reference 0x%08x", i, bitsOf(converted->data[i]),
                         bitsOf(reference->data[i]));
        }
    }
    QCOMPARE(mismatches, 0);
}

void TestSafetensors::readsValidFile()
{
    const QString path = dataPath(QStringLiteral("valid/basic.safetensors"));
    const Expected<SafetensorsFile> file = SafetensorsFile::open(path);
    QVERIFY2(file.ok(), qPrintable(file.ok() ? QString() : file.error()));
    QCOMPARE(file->fileSize(), QFileInfo(path).size());
    QCOMPARE(file->displayName(), QDir::toNativeSeparators(path));

    // In file order (by begin), as the script laid them out.
    const QStringList expectedOrder = {QStringLiteral("f32"),    QStringLiteral("f16"),   QStringLiteral("i32"),
                                       QStringLiteral("bf16"),   QStringLiteral("scalar"), QStringLiteral("empty"),
                                       QStringLiteral("a_last")};
    QStringList order;
    for (const TensorInfo &tensor : file->tensors())
        order << tensor.name;
    QCOMPARE(order, expectedOrder);

    const TensorInfo *f32 = file->find(u"f32");
    QVERIFY(f32);
    QCOMPARE(f32->dtype, DType::F32);
    QCOMPARE(f32->shape, (std::vector<qint64>{2, 3}));
    QCOMPARE(f32->begin, 0);
    QCOMPARE(f32->end, 24);
    QCOMPARE(f32->elementCount(), 6);

    const TensorInfo *f16 = file->find(u"f16");
    QVERIFY(f16);
    QCOMPARE(f16->dtype, DType::F16);
    QCOMPARE(f16->begin, 24);
    QCOMPARE(f16->end, 44);

    const TensorInfo *scalar = file->find(u"scalar");
    QVERIFY(scalar);
    QVERIFY(scalar->shape.empty());
    QCOMPARE(scalar->elementCount(), 1);

    const TensorInfo *empty = file->find(u"empty");
    QVERIFY(empty);
    QCOMPARE(empty->shape, (std::vector<qint64>{0, 3}));
    QCOMPARE(empty->elementCount(), 0);
    QCOMPARE(empty->begin, empty->end);

    const TensorInfo *i32 = file->find(u"i32");
    QVERIFY(i32);
    QCOMPARE(i32->dtype, DType::I32);
    qint32 ints[3];
    std::memcpy(ints, file->tensorBytes(*i32), sizeof ints);
    QCOMPARE(ints[0], 1);
    QCOMPARE(ints[1], -2);
    QCOMPARE(ints[2], 3);

    QVERIFY(!file->find(u"missing"));
    QVERIFY(!file->find(u"__metadata__"));
    QVERIFY(!file->find(u"f3"));

    QMap<QString, QString> metadata;
    metadata.insert(QStringLiteral("format"), QStringLiteral("pt"));
    metadata.insert(QStringLiteral("note"), QStringLiteral("hand-written"));
    QCOMPARE(file->metadata(), metadata);
}

void TestSafetensors::floatValuesOfValidFile()
{
    const Expected<SafetensorsFile> file = SafetensorsFile::open(dataPath(QStringLiteral("valid/basic.safetensors")));
    QVERIFY(file.ok());

    const Expected<FloatTensor> f32 = file->floatTensor(u"f32");
    QVERIFY(f32.ok());
    QCOMPARE(f32->shape, (std::vector<qint64>{2, 3}));
    const float f32Expected[] = {1.0f, -2.5f, 3.25f, 0.0f, -0.0f, 0.1f};
    for (int i = 0; i < 6; ++i)
        QCOMPARE(bitsOf(f32->data[i]), bitsOf(f32Expected[i]));

    const Expected<FloatTensor> f16 = file->floatTensor(u"f16");
    QVERIFY(f16.ok());
    const float inf = std::numeric_limits<float>::infinity();
    QCOMPARE(f16->data[0], 1.0f);
    QCOMPARE(f16->data[1], std::ldexp(1.0f, -24));
    QCOMPARE(f16->data[2], inf);
    QCOMPARE(f16->data[3], -inf);
    QVERIFY(std::isnan(f16->data[4]));
    QCOMPARE(bitsOf(f16->data[5]), bitsOf(-0.0f));
    QCOMPARE(f16->data[6], 0.333251953125f);
    QCOMPARE(f16->data[7], 65504.0f);
    QCOMPARE(f16->data[8], std::ldexp(1.0f, -14));
    QCOMPARE(f16->data[9], 1023.0f * std::ldexp(1.0f, -24));

    const Expected<FloatTensor> bf16 = file->floatTensor(u"bf16");
    QVERIFY(bf16.ok());
    QCOMPARE(bf16->shape, (std::vector<qint64>{2, 2}));
    QCOMPARE(bf16->data[0], 1.0f);
    QCOMPARE(bf16->data[1], -2.0f);
    QCOMPARE(bf16->data[2], inf);
    QCOMPARE(bf16->data[3], std::ldexp(1.0f, -133));

    const Expected<FloatTensor> scalar = file->floatTensor(u"scalar");
    QVERIFY(scalar.ok());
    QCOMPARE(scalar->elementCount(), 1);
    QCOMPARE(scalar->data[0], 42.0f);

    const Expected<FloatTensor> empty = file->floatTensor(u"empty");
    QVERIFY(empty.ok());
    QCOMPARE(empty->elementCount(), 0);

    const Expected<FloatTensor> last = file->floatTensor(u"a_last");
    QVERIFY(last.ok());
    QCOMPARE(last->data[0], -7.0f);
}

void TestSafetensors::f32IsAViewOfTheMapping()
{
    const QString path = dataPath(QStringLiteral("valid/basic.safetensors"));
    Expected<FloatTensor> tensor = Error{};
    {
        const Expected<SafetensorsFile> file = SafetensorsFile::open(path);
        QVERIFY(file.ok());
        tensor = file->floatTensor(u"f32");
        QVERIFY(tensor.ok());
        QCOMPARE(static_cast<const void *>(tensor->data), static_cast<const void *>(file->tensorBytes(*file->find(u"f32"))));
    }
    // The file object is gone; the tensor alone keeps the mapping alive.
    QVERIFY2(insideMappingOf(tensor->data, 24, path), "F32 data does not point into a mapping of the file");
    QCOMPARE(tensor->data[1], -2.5f);
    QCOMPARE(tensor->data[5], 0.1f);

    // From memory the view points into the caller's bytes (no copy either).
    const QByteArray bytes = readFileBytes(path);
    const Expected<SafetensorsFile> inMemory = SafetensorsFile::fromMemory(bytes, QStringLiteral("memory"));
    QVERIFY(inMemory.ok());
    const Expected<FloatTensor> view = inMemory->floatTensor(u"f32");
    QVERIFY(view.ok());
    QVERIFY(reinterpret_cast<const char *>(view->data) >= bytes.constData());
    QVERIFY(reinterpret_cast<const char *>(view->data) < bytes.constData() + bytes.size());
}

void TestSafetensors::misalignedF32IsCopied()
{
    const QString path = dataPath(QStringLiteral("valid/unaligned.safetensors"));
    const Expected<SafetensorsFile> file = SafetensorsFile::open(path);
    QVERIFY2(file.ok(), qPrintable(file.ok() ? QString() : file.error()));
    const TensorInfo *info = file->find(u"w");
    QVERIFY(info);
    QVERIFY(reinterpret_cast<std::uintptr_t>(file->tensorBytes(*info)) % alignof(float) != 0);
    const Expected<FloatTensor> tensor = file->floatTensor(u"w");
    QVERIFY(tensor.ok());
    QVERIFY(reinterpret_cast<std::uintptr_t>(tensor->data) % alignof(float) == 0);
    QCOMPARE(tensor->data[0], 1.0f);
    QCOMPARE(tensor->data[1], 2.0f);
    QCOMPARE(tensor->data[2], 3.0f);
}

void TestSafetensors::nonFloatDtypeIsRefusedByName()
{
    const Expected<SafetensorsFile> file = SafetensorsFile::open(dataPath(QStringLiteral("valid/basic.safetensors")));
    QVERIFY(file.ok());
    const Expected<FloatTensor> tensor = file->floatTensor(u"i32");
    QVERIFY(!tensor.ok());
    QVERIFY2(tensor.error().contains(QStringLiteral("tensor 'i32' has dtype I32")), qPrintable(tensor.error()));
    QVERIFY(tensor.error().startsWith(file->displayName()));
}

void TestSafetensors::unknownTensorIsRefusedByName()
{
    const Expected<SafetensorsFile> file = SafetensorsFile::open(dataPath(QStringLiteral("valid/basic.safetensors")));
    QVERIFY(file.ok());
    const Expected<FloatTensor> tensor = file->floatTensor(u"wte.weight");
    QVERIFY(!tensor.ok());
    QVERIFY2(tensor.error().contains(QStringLiteral("no tensor named 'wte.weight'")), qPrintable(tensor.error()));
}

void TestSafetensors::fileWithoutTensors()
{
    const Expected<SafetensorsFile> file = SafetensorsFile::open(dataPath(QStringLiteral("valid/no_tensors.safetensors")));
    QVERIFY2(file.ok(), qPrintable(file.ok() ? QString() : file.error()));
    QVERIFY(file->tensors().empty());
    QVERIFY(file->metadata().isEmpty());
}

void TestSafetensors::headerPaddedWithSpaces()
{
    // The format lets writers pad the header with spaces (0x20) up to an alignment.
    QByteArray bytes("\x0a\x00\x00\x00\x00\x00\x00\x00{}        ", 18);
    const Expected<SafetensorsFile> file = SafetensorsFile::fromMemory(bytes, QStringLiteral("padded"));
    QVERIFY2(file.ok(), qPrintable(file.ok() ? QString() : file.error()));
    QVERIFY(file->tensors().empty());
}

void TestSafetensors::nonFiniteWeightsLoadAndAreCounted()
{
    const Expected<SafetensorsFile> file = SafetensorsFile::open(dataPath(QStringLiteral("valid/nonfinite.safetensors")));
    QVERIFY2(file.ok(), qPrintable(file.ok() ? QString() : file.error()));
    const Expected<FloatTensor> tensor = file->floatTensor(u"w");
    QVERIFY(tensor.ok());
    QCOMPARE(nonFiniteCount(*tensor), 3);

    const Expected<SafetensorsFile> basic = SafetensorsFile::open(dataPath(QStringLiteral("valid/basic.safetensors")));
    QVERIFY(basic.ok());
    QCOMPARE(nonFiniteCount(*basic->floatTensor(u"f32")), 0);
    QCOMPARE(nonFiniteCount(*basic->floatTensor(u"f16")), 3); // +inf, -inf, NaN
    QCOMPARE(nonFiniteCount(*basic->floatTensor(u"bf16")), 1);
    QCOMPARE(nonFiniteCount(*basic->floatTensor(u"empty")), 0);
}

void TestSafetensors::missingFileNamesThePath()
{
    const QString path = QDir::temp().filePath(QStringLiteral("no-such-dir-ae/model.safetensors"));
    const Expected<SafetensorsFile> file = SafetensorsFile::open(path);
    QVERIFY(!file.ok());
    QVERIFY2(file.error().contains(path), qPrintable(file.error()));
    QVERIFY2(file.error().contains(QStringLiteral("no such file")), qPrintable(file.error()));
}

// The header's UTF-8 is checked a megabyte at a time: a character across a chunk boundary is still
// one character, and a bad byte past the first megabyte is still found.
void TestSafetensors::utf8AcrossMegabyteChunks_data()
{
    QTest::addColumn<QByteArray>("character");
    QTest::addColumn<bool>("valid");
    QTest::newRow("2 bytes") << QByteArray("\xc3\xa9") << true;
    QTest::newRow("3 bytes") << QByteArray("\xe2\x82\xac") << true;
    QTest::newRow("4 bytes") << QByteArray("\xf0\x9f\x98\x80") << true;
    QTest::newRow("cut 3-byte") << QByteArray("\xe2\x82") << false;
    QTest::newRow("stray continuation") << QByteArray("\x82") << false;
    QTest::newRow("invalid byte") << QByteArray("\xff") << false;
}

void TestSafetensors::utf8AcrossMegabyteChunks()
{
    QFETCH(QByteArray, character);
    QFETCH(bool, valid);
    const qsizetype boundary = qsizetype(1) << 20;
    for (qsizetype before = 1; before < character.size() + 1; ++before) {
        // The character starts `before` bytes ahead of the boundary (in header offsets).
        QByteArray header = "{\"__metadata__\":{\"k\":\"";
        header += QByteArray(boundary - before - header.size(), 'a') + character + QByteArray(1000, 'b') + "\"}}";
        header += QByteArray((8 - header.size() % 8) % 8, ' ');
        QByteArray file(8, '\0');
        for (int i = 0; i < 8; ++i)
            file[i] = char((quint64(header.size()) >> (8 * i)) & 0xFF);
        const Expected<SafetensorsFile> read = SafetensorsFile::fromMemory(file + header, QStringLiteral("chunks"));
        if (valid) {
            QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error()));
            QCOMPARE(read->metadata().value(QStringLiteral("k")).size(),
                     boundary - before - 22 + QString::fromUtf8(character).size() + 1000);
        } else {
            QVERIFY(!read.ok());
            QCOMPARE(read.error(), QStringLiteral("chunks: header is not valid UTF-8"));
        }
    }
}

void TestSafetensors::malformedFile_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    const QByteArray manifest = readFileBytes(dataPath(QStringLiteral("malformed/manifest.json")));
    const QJsonObject entries = QJsonDocument::fromJson(manifest).object();
    QVERIFY2(entries.size() >= 60, "malformed/manifest.json is missing or nearly empty");
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        QTest::addRow("%s", qPrintable(it.key()))
            << dataPath(QStringLiteral("malformed/") + it.key()) << it.value().toString();
    }
}

void TestSafetensors::malformedFile()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QVERIFY2(QFileInfo::exists(path), qPrintable(path));

    const Expected<SafetensorsFile> file = SafetensorsFile::open(path);
    QVERIFY2(!file.ok(), "a malformed file was accepted");
    QVERIFY2(file.error().contains(expected), qPrintable(QStringLiteral("message: ") + file.error()));
    QVERIFY2(file.error().startsWith(QDir::toNativeSeparators(path) + QStringLiteral(": ")), qPrintable(file.error()));

    // The in-memory entry point applies the same rules with the same words.
    const QString name = QStringLiteral("memory copy");
    const Expected<SafetensorsFile> inMemory = SafetensorsFile::fromMemory(readFileBytes(path), name);
    QVERIFY(!inMemory.ok());
    QCOMPARE(inMemory.error().mid(name.size()), file.error().mid(QDir::toNativeSeparators(path).size()));
}

void TestSafetensors::manifestCoversEveryFile()
{
    const QJsonObject entries =
        QJsonDocument::fromJson(readFileBytes(dataPath(QStringLiteral("malformed/manifest.json")))).object();
    const QStringList files =
        QDir(dataPath(QStringLiteral("malformed"))).entryList({QStringLiteral("*.safetensors")}, QDir::Files);
    QCOMPARE(files.size(), entries.size());
    for (const QString &name : files)
        QVERIFY2(entries.contains(name), qPrintable(name));
}

void TestSafetensors::everyTruncationFailsCleanly()
{
    const QByteArray whole = readFileBytes(dataPath(QStringLiteral("valid/basic.safetensors")));
    QVERIFY(whole.size() > 100);
    for (qsizetype length = 0; length < whole.size(); ++length) {
        // A detached copy so that ASan sees reads past the prefix as overflows.
        const QByteArray prefix(whole.constData(), length);
        const Expected<SafetensorsFile> file = SafetensorsFile::fromMemory(prefix, QStringLiteral("prefix"));
        QVERIFY2(!file.ok(), qPrintable(QStringLiteral("prefix of %1 bytes was accepted").arg(length)));
        QVERIFY(file.error().startsWith(QStringLiteral("prefix: ")));
    }
    QVERIFY(SafetensorsFile::fromMemory(whole, QStringLiteral("whole")).ok());
}

void TestSafetensors::randomMutationsNeverCrash()
{
    // Not a proof, a smoke test: a few thousand mutants of a valid file (bytes overwritten,
    // header digits changed, bytes inserted or removed) must each load or fail with a message;
    // whatever loads must give readable floats. Run under AE_SANITIZE=ON to catch overflows.
    const QByteArray whole = readFileBytes(dataPath(QStringLiteral("valid/basic.safetensors")));
    QRandomGenerator random(20240613);
    const QByteArray alphabet("{}[]\":,0123456789-.eE \\uFBI_x\xff\x80");
    int loaded = 0;
    for (int round = 0; round < 4000; ++round) {
        QByteArray mutant = whole;
        const int edits = 1 + random.bounded(4);
        for (int e = 0; e < edits; ++e) {
            // Mostly in the header, where the parser works.
            const qsizetype limit = random.bounded(4) == 0 ? mutant.size() : std::min<qsizetype>(mutant.size(), 400);
            const qsizetype at = limit > 0 ? random.bounded(qint64(limit)) : 0;
            const char byte = random.bounded(2) ? alphabet[random.bounded(int(alphabet.size()))] : char(random.bounded(256));
            switch (random.bounded(3)) {
            case 0:
                if (at < mutant.size())
                    mutant[at] = byte;
                break;
            case 1:
                mutant.insert(at, byte);
                break;
            default:
                mutant.remove(at, 1 + random.bounded(3));
                break;
            }
        }
        const Expected<SafetensorsFile> file = SafetensorsFile::fromMemory(mutant, QStringLiteral("mutant"));
        if (!file.ok()) {
            QVERIFY(file.error().startsWith(QStringLiteral("mutant: ")));
            continue;
        }
        ++loaded;
        for (const TensorInfo &info : file->tensors()) {
            const Expected<FloatTensor> tensor = file->floatTensor(info.name);
            if (tensor.ok())
                QVERIFY(nonFiniteCount(*tensor) <= tensor->elementCount());
        }
    }
    qInfo("%d of 4000 mutants loaded", loaded);
}

void TestSafetensors::largeFileOpensWithoutCopy()
{
    // A measurement, not a timed assertion: set AE_SAFETENSORS_LARGE to a large F32 file (for
    // example one made by `scripts/make_malformed_safetensors.py --large /tmp/large.safetensors`)
    // to see the open time and check that its tensors are views of the mapping.
    const QString path = qEnvironmentVariable("AE_SAFETENSORS_LARGE");
    if (path.isEmpty())
        QSKIP("AE_SAFETENSORS_LARGE is not set");
    const qint64 rssBefore = residentKilobytes();
    QElapsedTimer timer;
    timer.start();
    const Expected<SafetensorsFile> file = SafetensorsFile::open(path);
    const qint64 openNs = timer.nsecsElapsed();
    QVERIFY2(file.ok(), qPrintable(file.ok() ? QString() : file.error()));
    timer.restart();
    std::vector<FloatTensor> tensors;
    for (const TensorInfo &info : file->tensors()) {
        Expected<FloatTensor> tensor = file->floatTensor(info.name);
        QVERIFY(tensor.ok());
        tensors.push_back(std::move(tensor).value());
    }
    const qint64 viewNs = timer.nsecsElapsed();
    const qint64 rssAfter = residentKilobytes();
    qint64 elements = 0;
    for (const FloatTensor &tensor : tensors) {
        QVERIFY(insideMappingOf(tensor.data, tensor.elementCount() * 4, path));
        elements += tensor.elementCount();
    }
    qInfo("%s: %lld bytes, %zu tensors, %lld floats; open %.3f ms, all float views %.3f ms, "
          "resident memory %+lld kB",
          qPrintable(path), file->fileSize(), file->tensors().size(), elements, openNs / 1e6, viewNs / 1e6,
          rssAfter - rssBefore);
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"

// GGUF files a stranger may hand us (tests/data/malformed/gguf, written by
// scripts/make_gguf_fixtures.py; manifest.json gives each file's message): each is refused with
// its message, naming the file. Then random corruption of a valid file, which must never crash
// and must keep what an accepted file promises.
#include "testutils.h"
#include "malformedcorpus.h"

#include "core/io/gguffile.h"

#include <QDirIterator>
#include <QRandomGenerator>
#include <QTest>

using namespace attn;
using namespace attn::gguf;
using namespace attn::test;

namespace {

QString corpus()
{
    return malformedDir(QStringLiteral("gguf"));
}

// What every accepted file promises: tensors inside the data section, aligned, not overlapping,
// rows decodable where the type is supported.
void checkAccepted(const GgufFile &file)
{
    std::vector<std::pair<qint64, qint64>> ranges;
    for (const GgufTensor &tensor : file.tensors()) {
        QVERIFY(tensor.offset % file.alignment() == 0);
        QVERIFY(file.dataOffset() + tensor.offset + tensor.byteSize <= file.fileSize());
        if (tensor.byteSize > 0)
            ranges.emplace_back(tensor.offset, tensor.offset + tensor.byteSize);
        if (tensor.rowCount() > 0 && tensor.rowLength() <= 4096)
            (void)file.dequantizeRows(tensor, tensor.rowCount() - 1, 1);
    }
    std::sort(ranges.begin(), ranges.end());
    for (size_t i = 1; i < ranges.size(); ++i)
        QVERIFY(ranges[i].first >= ranges[i - 1].second);
    for (const GgufMetadataEntry &entry : file.metadata()) {
        QCOMPARE(file.value(entry.key), &entry.value);
        if (entry.value.type() == GgufValueType::Array && entry.value.elementType() == GgufValueType::String)
            (void)file.stringArray(entry.key);
    }
}

} // namespace

class TestMalformedGguf : public QObject
{
    Q_OBJECT

private slots:
    void malformedFile_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(corpus()) >= 40);
    }
    void malformedFile()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const Expected<GgufFile> file = GgufFile::open(path);
        QVERIFY2(!file, "accepted");
        QVERIFY2(file.error().contains(expected), qPrintable(file.error()));
        QVERIFY2(file.error().startsWith(QDir::toNativeSeparators(path) + QStringLiteral(": ")), qPrintable(file.error()));
    }

    void manifestCoversEveryFile()
    {
        int files = 0;
        QDirIterator it(corpus(), {QStringLiteral("*.gguf")}, QDir::Files);
        const auto manifest = readManifest(corpus());
        while (it.hasNext()) {
            const QString name = QFileInfo(it.next()).fileName();
            const bool listed = std::any_of(manifest.begin(), manifest.end(), [&](const auto &entry) { return entry.first == name; });
            QVERIFY2(listed, qPrintable(name));
            ++files;
        }
        QCOMPARE(size_t(files), manifest.size());
    }

    void specialFilesAreRefusedByName()
    {
        const Expected<GgufFile> folder = GgufFile::open(corpus());
        QVERIFY(!folder);
        QVERIFY2(folder.error().contains(QStringLiteral("folder")), qPrintable(folder.error()));
        const Expected<GgufFile> missing = GgufFile::open(corpus() + QStringLiteral("/absent.gguf"));
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(QStringLiteral("absent.gguf")), qPrintable(missing.error()));
    }

    void randomMutationsNeverCrash()
    {
        // Byte flips, 64-bit field overwrites and cuts of the valid file with every value type and
        // tensor type; under ASan in CI any read outside the bytes is reported.
        const QByteArray valid = testutils::readFileBytes(QStringLiteral(AE_TEST_DATA_DIR "/gguf/valid/everything_v3.gguf"));
        QVERIFY(!valid.isEmpty());
        QRandomGenerator random(15);
        int accepted = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray bytes = valid;
            const int edits = 1 + int(random.bounded(4));
            for (int e = 0; e < edits; ++e) {
                const qsizetype at = qsizetype(random.bounded(quint32(bytes.size())));
                switch (random.bounded(4)) {
                case 0:
                    bytes[at] = char(random.bounded(256));
                    break;
                case 1: { // an extreme 64-bit count, length, dimension or offset
                    const quint64 values[] = {0, 1, 0xFFFFFFFFFFFFFFFFull, 0x8000000000000000ull, 0x100000000ull, 64};
                    const quint64 value = values[random.bounded(6)];
                    for (int i = 0; i < 8 && at + i < bytes.size(); ++i)
                        bytes[at + i] = char((value >> (8 * i)) & 0xFF);
                    break;
                }
                case 2:
                    bytes.truncate(at);
                    break;
                default:
                    bytes[at] = char(bytes[at] ^ (1 << random.bounded(8)));
                    break;
                }
                if (bytes.isEmpty())
                    break;
            }
            const Expected<GgufFile> file = GgufFile::fromMemory(bytes, QStringLiteral("mutated.gguf"));
            if (!file) {
                QVERIFY2(file.error().startsWith(QStringLiteral("mutated.gguf: ")), qPrintable(file.error()));
                continue;
            }
            ++accepted;
            checkAccepted(*file);
        }
        qInfo("%d of 3000 mutated files accepted and consistent", accepted);
    }
};

QTEST_GUILESS_MAIN(TestMalformedGguf)
#include "tst_malformedgguf.moc"

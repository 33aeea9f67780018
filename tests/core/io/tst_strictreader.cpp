// Every JSON file the program reads goes through the one strict reader (core/io/jsonvalue.h):
// session files, matrix files, config.json, vocab.json and safetensors headers. Each file type is
// given the same two faults — a key that appears twice and nesting deeper than the reader allows —
// and must refuse both with the file's name and the line and column of the fault. A -0 in a
// matrix must read back as -0, not as +0.
#include "core/io/matrixjson.h"
#include "core/io/safetensorsfile.h"
#include "core/io/sessionfile.h"
#include "core/tokenizers/vocabfile.h"
#include "core/transformer/gpt2config.h"
#include "testutils.h"

#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <functional>

using namespace attn;
using attn::safetensors::SafetensorsFile;

namespace {

// Reads bytes as one file type; returns the error, or an empty string when the bytes were accepted.
using Reader = std::function<QString(const QByteArray &bytes, const QString &name)>;

template<typename T>
QString errorOf(const Expected<T> &read)
{
    return read.ok() ? QString() : read.error();
}

// A safetensors file (8-byte little-endian length, header, data) around a header text.
QByteArray safetensorsWith(const QByteArray &header, qsizetype dataBytes)
{
    QByteArray file(8, '\0');
    for (int i = 0; i < 8; ++i)
        file[i] = char((quint64(header.size()) >> (8 * i)) & 0xFF);
    return file + header + QByteArray(dataBytes, '\0');
}

QByteArray fixture(const char *relative)
{
    return testutils::readFileBytes(QStringLiteral(AE_TEST_DATA_DIR "/") + QString::fromUtf8(relative));
}

// The document with its first member that holds a string, number or boolean repeated:
// `{"a": [1], "b": 2}` becomes `{"a": [1], "b": 2, "b": 2}`.
QByteArray withFirstMemberTwice(const QByteArray &json)
{
    static const QRegularExpression firstMember(QStringLiteral(R"([{,]\s*("[^"]+"\s*:\s*("[^"]*"|[-0-9.eE+]+|true|false))\s*[,}])"));
    const QString text = QString::fromUtf8(json);
    const QRegularExpressionMatch match = firstMember.match(text);
    if (!match.hasMatch())
        return {};
    QString changed = text;
    changed.insert(match.capturedEnd(1), QStringLiteral(", ") + match.captured(1));
    return changed.toUtf8();
}

// The document with a member nested `depth` arrays deep added at its start.
QByteArray withDeepMember(const QByteArray &json, int depth)
{
    const qsizetype brace = json.indexOf('{');
    return json.left(brace + 1) + "\"deep\": " + QByteArray(depth, '[') + QByteArray(depth, ']') + ","
           + json.mid(brace + 1);
}

} // namespace

class TestStrictReader : public QObject
{
    Q_OBJECT

private slots:
    void faultsAreRefusedInEveryFileType_data();
    void faultsAreRefusedInEveryFileType();
    void safetensorsHeaderRefusesATensorNamedTwice();
    void negativeZeroStaysNegative();
};

void TestStrictReader::faultsAreRefusedInEveryFileType_data()
{
    QTest::addColumn<QByteArray>("valid");
    QTest::addColumn<Reader>("read");

    QTest::newRow("session") << fixture("malformed/session/good.attn.json") << Reader([](const QByteArray &b, const QString &n) {
        return errorOf(io::readSession(b, n));
    });
    QTest::newRow("matrices") << fixture("malformed/matrices/good.json") << Reader([](const QByteArray &b, const QString &n) {
        return errorOf(io::readMatricesJson(b, n, testutils::matrixFixtureConfig()));
    });
    QTest::newRow("config.json") << fixture("gpt2/tiny-f32/config.json") << Reader([](const QByteArray &b, const QString &n) {
        return errorOf(Gpt2Config::fromJson(b, n));
    });
    QTest::newRow("vocab.json") << fixture("gpt2/tiny-f32/vocab.json") << Reader([](const QByteArray &b, const QString &n) {
        return errorOf(bpe::parseVocabJson(b, n));
    });
}

void TestStrictReader::faultsAreRefusedInEveryFileType()
{
    QFETCH(QByteArray, valid);
    QFETCH(Reader, read);
    const QString name = QStringLiteral("the-file.json");
    QVERIFY2(!valid.isEmpty(), "fixture missing");
    QCOMPARE(read(valid, name), QString()); // the unchanged file is accepted

    const QByteArray twice = withFirstMemberTwice(valid);
    QVERIFY2(!twice.isEmpty(), "the fixture has no first member to repeat");
    const QString duplicate = read(twice, name);
    QVERIFY2(duplicate.contains(QStringLiteral("appears twice")), qPrintable(duplicate));
    QVERIFY2(duplicate.contains(name), qPrintable(duplicate));
    QVERIFY2(duplicate.contains(QRegularExpression(QStringLiteral("line \\d+, column \\d+"))), qPrintable(duplicate));

    const QString deep = read(withDeepMember(valid, 200), name);
    QVERIFY2(deep.contains(QStringLiteral("nested deeper than 64 levels")), qPrintable(deep));
    QVERIFY2(deep.contains(QRegularExpression(QStringLiteral("line \\d+, column \\d+"))), qPrintable(deep));
    // Within the depth budget the same member is only an unknown key: no depth message.
    QVERIFY(!read(withDeepMember(valid, 8), name).contains(QStringLiteral("nested deeper")));
}

void TestStrictReader::safetensorsHeaderRefusesATensorNamedTwice()
{
    const QByteArray tensor = R"("t": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]})";
    const Expected<SafetensorsFile> once = SafetensorsFile::fromMemory(safetensorsWith("{" + tensor + "}", 4), QStringLiteral("h.safetensors"));
    QVERIFY2(once.ok(), qPrintable(errorOf(once)));
    const QString twice = errorOf(SafetensorsFile::fromMemory(safetensorsWith("{" + tensor + ", " + tensor + "}", 4),
                                                              QStringLiteral("h.safetensors")));
    QVERIFY2(twice.contains(QStringLiteral("duplicate tensor name 't'")), qPrintable(twice));
    QVERIFY2(twice.contains(QStringLiteral("h.safetensors")), qPrintable(twice));
    QVERIFY2(twice.contains(QRegularExpression(QStringLiteral("line \\d+, column \\d+"))), qPrintable(twice));

    const QString deep = errorOf(SafetensorsFile::fromMemory(
        safetensorsWith("{\"__metadata__\": " + QByteArray(200, '[') + QByteArray(200, ']') + ", " + tensor + "}", 4),
        QStringLiteral("h.safetensors")));
    QVERIFY2(deep.contains(QStringLiteral("nested deeper than 64 levels")), qPrintable(deep));
}

void TestStrictReader::negativeZeroStaysNegative()
{
    // good.json starts head 0's w_q with -1.0; the same file with -0 there.
    QByteArray bytes = fixture("malformed/matrices/good.json");
    const qsizetype at = bytes.indexOf("-1.0");
    QVERIFY(at > 0);
    bytes.replace(at, 4, "-0");
    const Expected<io::MatrixSet> set = io::readMatricesJson(bytes, QStringLiteral("zero.json"), testutils::matrixFixtureConfig());
    QVERIFY2(set.ok(), qPrintable(errorOf(set)));
    const float first = set->weights.heads[0].wQ(0, 0);
    QCOMPARE(first, 0.f);
    QVERIFY(std::signbit(first));
}

QTEST_GUILESS_MAIN(TestStrictReader)
#include "tst_strictreader.moc"

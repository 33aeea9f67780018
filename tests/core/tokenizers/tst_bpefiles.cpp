// Hostile vocab.json / merges.txt: each is refused with a message that names the input and what is
// wrong, never a crash and never an allocation of what the file merely claims.
#include "testutils.h"
#include "core/tokenizers/gpt2tokenizer.h"
#include "core/tokenizers/mergesfile.h"
#include "core/tokenizers/vocabfile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using attn::bpe::Gpt2Tokenizer;
using attn::bpe::parseMerges;
using attn::bpe::parseVocabJson;

namespace {

using testutils::byteChar;

QJsonObject byteVocab()
{
    QJsonObject object;
    for (int byte = 0; byte < 256; ++byte)
        object.insert(byteChar(byte), byte);
    return object;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray withEntry(const QString &token, const QJsonValue &id)
{
    QJsonObject object = byteVocab();
    object.insert(token, id);
    return json(object);
}

const QByteArray goodMerges = QByteArrayLiteral("#version: 0.2\na b\n");
const QString name = QStringLiteral("tiny");

QString s(const char16_t *text)
{
    return QString::fromUtf16(text);
}

} // namespace

class TestBpeFiles : public QObject
{
    Q_OBJECT

private slots:
    void badVocab_data();
    void badVocab();
    void badMerges_data();
    void badMerges();
    void acceptedVariants_data();
    void acceptedVariants();
    void lineEndsGiveTheSameMerges_data();
    void lineEndsGiveTheSameMerges();
    void vocabEntryCap();
    void oversizedData();
    void fileErrors();
};

void TestBpeFiles::badVocab_data()
{
    QTest::addColumn<QByteArray>("vocab");
    QTest::addColumn<QString>("message");
    const QString v = QStringLiteral("tiny vocab.json");

    QTest::addRow("empty") << QByteArray() << v + s(u" is empty");
    QTest::addRow("blank") << QByteArray(" \n\t ") << v + s(u" is empty");
    QTest::addRow("array") << QByteArray("[1, 2]")
                           << v + s(u" must be a JSON object that maps each token to its id, but it is an array");
    QTest::addRow("empty object") << QByteArray("{}") << v + s(u" has no tokens");
    QTest::addRow("string id") << withEntry(s(u"hello"), QStringLiteral("7"))
                               << v + s(u": the id of token \"hello\" is a string, not an integer");
    QTest::addRow("null id") << withEntry(s(u"hello"), QJsonValue())
                             << v + s(u": the id of token \"hello\" is null, not an integer");
    QTest::addRow("object id") << withEntry(s(u"hello"), QJsonObject())
                               << v + s(u": the id of token \"hello\" is an object, not an integer");
    QTest::addRow("fraction") << withEntry(s(u"hello"), 2.5)
                              << v + s(u": the id of token \"hello\" is 2.5, not an integer");
    QTest::addRow("negative") << withEntry(s(u"hello"), -3)
                              << v + s(u": the id of token \"hello\" is negative (-3)");
    QTest::addRow("too large") << withEntry(s(u"hello"), 10'000'000)
                               << v + s(u": the id of token \"hello\" is 10000000; ids must be below 10000000");
    QTest::addRow("huge") << QByteArray("{\"x\": 1e300}")
                          << v + s(u": the id of token \"x\" is 1e+300; ids must be below 10000000");
    // Written by hand: QJsonObject cannot hold a key twice. A dict would keep the last id.
    QTest::addRow("duplicate token") << QByteArray("{\"a\": 1, \"a\": 2}")
                                     << v + s(u": not valid JSON at line 1, column 13: the key \"a\" appears twice");
    QTest::addRow("duplicate id") << withEntry(s(u"hello"), 65)
                                  << v + s(u": tokens \"A\" and \"hello\" both have id 65");
    QTest::addRow("control characters quoted")
        << withEntry(s(u"a\nb\"c"), -1) << v + s(u": the id of token \"a\\u000ab\\\"c\" is negative (-1)");
    QTest::addRow("long token cut") << withEntry(QString(100, QLatin1Char('z')), -1)
                                    << v + s(u": the id of token \"") + QString(40, QLatin1Char('z'))
                                           + s(u"\u2026\" is negative (-1)");
    QJsonObject missingByte = byteVocab();
    missingByte.remove(byteChar(0x20));
    QTest::addRow("missing byte") << json(missingByte)
                                  << v + s(u" has no token for byte 0x20 (\"Ġ\"); a byte-level BPE vocabulary "
                                           u"needs all 256");
}

void TestBpeFiles::badVocab()
{
    QFETCH(QByteArray, vocab);
    QFETCH(QString, message);
    const auto tokenizer = Gpt2Tokenizer::fromData(vocab, goodMerges, name);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(), message);
}

void TestBpeFiles::badMerges_data()
{
    QTest::addColumn<QByteArray>("merges");
    QTest::addColumn<QString>("message");
    const QString m = QStringLiteral("tiny merges.txt");

    QTest::addRow("empty") << QByteArray() << m + s(u" is empty");
    QTest::addRow("blank") << QByteArray("\n\n") << m + s(u" is empty");
    QTest::addRow("no header") << QByteArray("a b\nb c\n")
                               << m + s(u" line 1: expected the header \"#version: 0.2\", found \"a b\"");
    QTest::addRow("json instead") << QByteArray("{\"a\": 1}")
                                  << m + s(u" line 1: expected the header \"#version: 0.2\", found \"{\\\"a\\\": 1}\"");
    QTest::addRow("three parts") << QByteArray("#version: 0.2\na b\na b c\n")
                                 << m + s(u" line 3: expected two symbols separated by one space, found \"a b c\"");
    QTest::addRow("one part") << QByteArray("#version: 0.2\nab\n")
                              << m + s(u" line 2: expected two symbols separated by one space, found \"ab\"");
    QTest::addRow("leading space") << QByteArray("#version: 0.2\n a\n")
                                   << m + s(u" line 2: expected two symbols separated by one space, found \" a\"");
    QTest::addRow("trailing space") << QByteArray("#version: 0.2\na \n")
                                    << m + s(u" line 2: expected two symbols separated by one space, found \"a \"");
    QTest::addRow("two spaces") << QByteArray("#version: 0.2\na  b\n")
                                << m + s(u" line 2: expected two symbols separated by one space, found \"a  b\"");
    QTest::addRow("tab") << QByteArray("#version: 0.2\na\tb\n")
                         << m + s(u" line 2: expected two symbols separated by one space, found \"a\\u0009b\"");
    QTest::addRow("blank line inside") << QByteArray("#version: 0.2\na b\n\nb c\n")
                                       << m + s(u" line 3: expected two symbols separated by one space, found \"\"");
    QTest::addRow("invalid utf-8") << QByteArray("#version: 0.2\na b\nc \xff\n")
                                   << m + s(u" line 3: not valid UTF-8");
}

void TestBpeFiles::badMerges()
{
    QFETCH(QByteArray, merges);
    QFETCH(QString, message);
    const auto tokenizer = Gpt2Tokenizer::fromData(json(byteVocab()), merges, name);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(), message);
}

void TestBpeFiles::acceptedVariants_data()
{
    QTest::addColumn<QByteArray>("merges");
    QTest::addColumn<int>("firstId"); // of "ab"
    // "ab" is not in the vocabulary: the merge happens and is split again into a, b.
    QTest::addRow("header only") << QByteArray("#version: 0.2\n") << int('a');
    QTest::addRow("no final newline") << QByteArray("#version: 0.2\na b") << int('a');
    QTest::addRow("windows line ends") << QByteArray("#version: 0.2\r\na b\r\n") << int('a');
    QTest::addRow("trailing blank lines") << QByteArray("#version: 0.2\na b\n\n\n") << int('a');
    QTest::addRow("tokenizers header") << QByteArray("#version: 0.2 - Trained by huggingface/tokenizers\na b\n")
                                       << int('a');
    QTest::addRow("parts missing from vocab") << QByteArray("#version: 0.2\nxyz q\n") << int('a');
}

void TestBpeFiles::acceptedVariants()
{
    QFETCH(QByteArray, merges);
    QFETCH(int, firstId);
    const auto tokenizer = Gpt2Tokenizer::fromData(json(byteVocab()), merges, name);
    QVERIFY2(tokenizer.ok(), qPrintable(tokenizer.ok() ? QString() : tokenizer.error()));
    QCOMPARE(tokenizer->encodeIds(QStringLiteral("ab")), (std::vector<int>{firstId, 'b'}));
}

void TestBpeFiles::lineEndsGiveTheSameMerges_data()
{
    QTest::addColumn<QByteArray>("merges");
    QTest::addRow("LF") << QByteArray("#version: 0.2\na b\nab c\n");
    QTest::addRow("CRLF") << QByteArray("#version: 0.2\r\na b\r\nab c\r\n");
    QTest::addRow("CR only") << QByteArray("#version: 0.2\ra b\rab c\r");
    QTest::addRow("CR only, trailing blank lines") << QByteArray("#version: 0.2\ra b\rab c\r\r\r");
}

void TestBpeFiles::lineEndsGiveTheSameMerges()
{
    QFETCH(QByteArray, merges);
    const auto rules = parseMerges(merges, name);
    QVERIFY2(rules.ok(), rules.ok() ? "" : qPrintable(rules.error()));
    QCOMPARE(rules->size(), size_t(2));
    QCOMPARE((*rules)[0].left, QStringLiteral("a"));
    QCOMPARE((*rules)[0].right, QStringLiteral("b"));
    QCOMPARE((*rules)[0].line, 2);
    QCOMPARE((*rules)[1].left, QStringLiteral("ab"));
    QCOMPARE((*rules)[1].right, QStringLiteral("c"));
    QCOMPARE((*rules)[1].line, 3);
}

// A vocab.json of more entries than Gpt2Tokenizer::maxVocabEntries is refused, naming the limit;
// exactly that many are read.
void TestBpeFiles::vocabEntryCap()
{
    QByteArray vocabText = "{";
    for (int i = 0; i < Gpt2Tokenizer::maxVocabEntries; ++i)
        vocabText += (i ? ",\"t" : "\"t") + QByteArray::number(i) + "\":" + QByteArray::number(i);
    const auto atLimit = parseVocabJson(QByteArray(vocabText + "}"), name);
    QVERIFY2(atLimit.ok(), atLimit.ok() ? "" : qPrintable(atLimit.error()));
    QCOMPARE(atLimit->size(), size_t(Gpt2Tokenizer::maxVocabEntries));
    QCOMPARE(atLimit->back().token, QStringLiteral("t%1").arg(Gpt2Tokenizer::maxVocabEntries - 1));
    const auto over = parseVocabJson(QByteArray(vocabText + ",\"x\":0}"), name);
    QVERIFY(!over.ok());
    QCOMPARE(over.error(), QStringLiteral("tiny has more than 1000000 tokens; the limit is 1000000"));
}

void TestBpeFiles::oversizedData()
{
    const QByteArray big(Gpt2Tokenizer::maxFileBytes + 1, ' ');
    auto tokenizer = Gpt2Tokenizer::fromData(big, goodMerges, name);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(), QStringLiteral("tiny vocab.json is 67108865 bytes; the limit is 67108864 bytes"));
    tokenizer = Gpt2Tokenizer::fromData(json(byteVocab()), big, name);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(), QStringLiteral("tiny merges.txt is 67108865 bytes; the limit is 67108864 bytes"));
}

void TestBpeFiles::fileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString vocabPath = dir.filePath(QStringLiteral("vocab.json"));
    const QString mergesPath = dir.filePath(QStringLiteral("merges.txt"));
    {
        QFile vocab(vocabPath);
        QVERIFY(vocab.open(QIODevice::WriteOnly));
        vocab.write(json(byteVocab()));
        QFile merges(mergesPath);
        QVERIFY(merges.open(QIODevice::WriteOnly));
        merges.write("#version: 0.2\na b\nnot-a-pair\n");
    }
    // Messages from files name the file's path.
    auto tokenizer = Gpt2Tokenizer::load(vocabPath, mergesPath);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(),
             mergesPath + QStringLiteral(" line 3: expected two symbols separated by one space, found \"not-a-pair\""));

    const QString missing = dir.filePath(QStringLiteral("nothing.json"));
    tokenizer = Gpt2Tokenizer::load(missing, mergesPath);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(), missing + QStringLiteral(": no such file"));

    tokenizer = Gpt2Tokenizer::load(dir.path(), mergesPath);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(), dir.path() + QStringLiteral(": is a folder, not a file"));

    // A file that claims a huge size is refused before anything is read (sparse: no disk used).
    const QString hugePath = dir.filePath(QStringLiteral("huge.txt"));
    {
        QFile huge(hugePath);
        QVERIFY(huge.open(QIODevice::WriteOnly));
        QVERIFY(huge.resize(qint64(4) * 1024 * 1024 * 1024));
    }
    tokenizer = Gpt2Tokenizer::load(vocabPath, hugePath);
    QVERIFY(!tokenizer);
    QCOMPARE(tokenizer.error(), hugePath + QStringLiteral(": the file has 4096.0 MiB; files above 64 MiB are not read"));
}

QTEST_APPLESS_MAIN(TestBpeFiles)
#include "tst_bpefiles.moc"

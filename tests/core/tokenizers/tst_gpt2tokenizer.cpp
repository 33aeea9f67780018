// GPT-2's real vocab.json + merges.txt (AE_GPT2_TOKENIZER_DIR, fetched by scripts/fetch-test-data.sh): the known answers of its
// README, and every string of the committed reference fixture (tests/data/bpe/gpt2_reference.json,
// made by scripts/bpe/make_gpt2_fixture.js with the npm package gpt-3-encoder@1.1.4).
#include "core/tokenizers/gpt2tokenizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <optional>

using attn::bpe::Gpt2Tokenizer;

namespace {

const QString sharedDir = QStringLiteral(AE_GPT2_TOKENIZER_DIR);
const QString fixturePath = QStringLiteral(AE_BPE_FIXTURE_DIR "/gpt2_reference.json");

QList<int> toList(const std::vector<int> &ids)
{
    return QList<int>(ids.begin(), ids.end());
}

bool hasLoneSurrogate(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        else if (text[i].isSurrogate())
            return true;
    }
    return false;
}

} // namespace

class TestGpt2Tokenizer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void knownAnswers_data();
    void knownAnswers();
    void spansAndTexts();
    void displayTexts_data();
    void displayTexts();
    void referenceFixture_data();
    void referenceFixture();

private:
    std::optional<Gpt2Tokenizer> m_tokenizer;
};

void TestGpt2Tokenizer::initTestCase()
{
    const QString vocab = sharedDir + QStringLiteral("/vocab.json");
    const QString merges = sharedDir + QStringLiteral("/merges.txt");
    // Not committed (not ours): scripts/test.sh fetches them first, so a missing file fails.
    QVERIFY2(QFile::exists(vocab) && QFile::exists(merges),
             qPrintable(QStringLiteral("GPT-2's vocab.json and merges.txt are not in %1").arg(sharedDir)));
    auto loaded = Gpt2Tokenizer::load(vocab, merges);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    m_tokenizer = *loaded;
    QCOMPARE(m_tokenizer->vocabSize(), 50257);
}

void TestGpt2Tokenizer::knownAnswers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("ids");
    // /work/shared/gpt2-tokenizer/README.md
    QTest::addRow("Hello world") << QStringLiteral("Hello world") << QList<int>{15496, 995};
    QTest::addRow("hello world") << QStringLiteral("hello world") << QList<int>{31373, 995};
    QTest::addRow(" Hello World") << QStringLiteral(" Hello World") << QList<int>{18435, 2159};
    QTest::addRow("cat") << QStringLiteral("The cat sat on the mat.") << QList<int>{464, 3797, 3332, 319, 262, 2603, 13};
    QTest::addRow("binoculars") << QStringLiteral("He saw the cat with binoculars")
                                << QList<int>{1544, 2497, 262, 3797, 351, 9874, 37320, 82};
    QTest::addRow("contractions") << QStringLiteral("I'll don't you're") << QList<int>{40, 1183, 836, 470, 345, 821};
    QTest::addRow("unicode") << QString::fromUtf16(u"naïve café 東京 🙂")
                             << QList<int>{2616, 38776, 40304, 10545, 251, 109, 12859, 105, 32485};
}

void TestGpt2Tokenizer::knownAnswers()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, ids);
    QCOMPARE(toList(m_tokenizer->encodeIds(text)), ids);
    QList<int> fromTokens;
    for (const attn::Token &token : m_tokenizer->encode(text))
        fromTokens << token.id;
    QCOMPARE(fromTokens, ids);
}

void TestGpt2Tokenizer::spansAndTexts()
{
    // 東 is E6 9D B1 and 京 is E4 BA AC; GPT-2 gives " "+E6, 9D, B1, E4 BA, AC. Every byte token
    // gets the span of the character it is part of; " 東" spans the space and 東.
    const QString text = QString::fromUtf16(u"naïve café 東京 🙂");
    struct Expected { int id; int begin; int end; const char16_t *text; const char16_t *display; };
    const Expected expected[] = {
        {2616, 0, 2, u"na", u"na"},
        {38776, 2, 5, u"ïve", u"ïve"},
        {40304, 5, 10, u" café", u"·café"},
        {10545, 10, 12, u" <0xE6>", u"·<0xE6>"},
        {251, 11, 12, u"<0x9D>", u"<0x9D>"},
        {109, 11, 12, u"<0xB1>", u"<0xB1>"},
        {12859, 12, 13, u"<0xE4><0xBA>", u"<0xE4><0xBA>"},
        {105, 12, 13, u"<0xAC>", u"<0xAC>"},
        {32485, 13, 16, u" 🙂", u"·🙂"},
    };
    const attn::TokenList tokens = m_tokenizer->encode(text);
    QCOMPARE(int(tokens.size()), int(std::size(expected)));
    for (size_t i = 0; i < tokens.size(); ++i) {
        QCOMPARE(tokens[i].id, expected[i].id);
        QCOMPARE(tokens[i].begin, expected[i].begin);
        QCOMPARE(tokens[i].end, expected[i].end);
        QCOMPARE(tokens[i].text, QString::fromUtf16(expected[i].text));
        QCOMPARE(m_tokenizer->displayText(tokens[i].id), QString::fromUtf16(expected[i].display));
    }
    QVERIFY(m_tokenizer->encode(QString()).empty());
}

void TestGpt2Tokenizer::displayTexts_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("display");
    // Ids 0-255 are the bytes in the order of GPT-2's byte table: printable bytes first
    // ('!' = 0), then the moved ones (0x00 = 188, '\t' = 197, '\n' = 198, ' ' = 220).
    QTest::addRow("!") << 0 << QByteArray("!") << QStringLiteral("!");
    QTest::addRow("NUL") << 188 << QByteArray(1, '\0') << QStringLiteral("<0x00>");
    QTest::addRow("tab") << 197 << QByteArray("\t") << QString::fromUtf16(u"→");
    QTest::addRow("newline") << 198 << QByteArray("\n") << QString::fromUtf16(u"↵");
    QTest::addRow("carriage return") << 201 << QByteArray("\r") << QStringLiteral("<0x0D>");
    QTest::addRow("space") << 220 << QByteArray(" ") << QString::fromUtf16(u"·");
    QTest::addRow("two newlines") << 628 << QByteArray("\n\n") << QString::fromUtf16(u"↵↵");
    QTest::addRow(" world") << 995 << QByteArray(" world") << QString::fromUtf16(u"·world");
    QTest::addRow("end of text") << 50256 << QByteArray("<|endoftext|>") << QStringLiteral("<|endoftext|>");
    QTest::addRow("past the end") << 50257 << QByteArray() << QString();
    QTest::addRow("negative") << -1 << QByteArray() << QString();
}

void TestGpt2Tokenizer::displayTexts()
{
    QFETCH(int, id);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, display);
    QCOMPARE(m_tokenizer->decodeBytes(id), bytes);
    QCOMPARE(m_tokenizer->displayText(id), display);
}

void TestGpt2Tokenizer::referenceFixture_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("ids");
    QFile file(fixturePath);
    if (!file.open(QIODevice::ReadOnly))
        QFAIL(qPrintable(QStringLiteral("cannot read the committed fixture %1").arg(fixturePath)));
    const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
    QVERIFY(cases.size() >= 400);
    int row = 0;
    for (const QJsonValue &entry : cases) {
        const QJsonObject object = entry.toObject();
        QList<int> ids;
        for (const QJsonValue &id : object.value(QStringLiteral("ids")).toArray())
            ids << id.toInt(-1);
        const QString text = object.value(QStringLiteral("text")).toString();
        QTest::addRow("%d %s", row++, qPrintable(text.left(30))) << text << ids;
    }
}

void TestGpt2Tokenizer::referenceFixture()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, ids);
    QCOMPARE(toList(m_tokenizer->encodeIds(text)), ids);

    const attn::TokenList tokens = m_tokenizer->encode(text);
    QCOMPARE(int(tokens.size()), int(ids.size()));
    if (hasLoneSurrogate(text))
        return; // QString::toUtf8 writes '?' for them, we write U+FFFD: byte offsets differ

    // The tokens' bytes are the text's UTF-8, and each span is exactly the character(s) that hold
    // the token's bytes: measured with QString::toUtf8 on prefixes, independently of the tokenizer.
    QByteArray joined;
    for (const attn::Token &token : tokens) {
        QCOMPARE(token.id, ids[qsizetype(&token - tokens.data())]);
        const QByteArray bytes = m_tokenizer->decodeBytes(token.id);
        const qsizetype firstByte = joined.size();
        const qsizetype lastByte = firstByte + bytes.size() - 1;
        joined += bytes;
        QVERIFY(token.begin >= 0 && token.begin < token.end && token.end <= text.size());
        const auto utf8Before = [&](qsizetype units) { return text.left(units).toUtf8().size(); };
        const qsizetype firstCharUnits = text[token.begin].isHighSurrogate() ? 2 : 1;
        const qsizetype lastCharUnits = text[token.end - 1].isLowSurrogate() ? 2 : 1;
        QVERIFY(utf8Before(token.begin) <= firstByte && firstByte < utf8Before(token.begin + firstCharUnits));
        QVERIFY(utf8Before(token.end - lastCharUnits) <= lastByte && lastByte < utf8Before(token.end));
    }
    QCOMPARE(joined, text.toUtf8());
}

QTEST_APPLESS_MAIN(TestGpt2Tokenizer)
#include "tst_gpt2tokenizer.moc"

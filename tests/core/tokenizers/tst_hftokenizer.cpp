// Hugging Face tokenizer.json: the real files of Llama 3, Qwen 3, Gemma 3 and Llama 2
// (AE_HF_TOKENIZERS_DIR, fetched by scripts/fetch-hf-tokenizers.sh) give, for every string of the
// committed fixtures in tests/data/tokenizers (made by scripts/bpe/make_hf_fixture.js with the
// independent JavaScript implementation @lenml/tokenizers), exactly the expected ids; spans cover
// the text in order; decoding gives the reference decoder's text. Small hand-made files check
// each component and that broken or unsupported files are refused with a message naming the part.
#include "tokenizerreferencecases.h"
#include "core/tokenizers/hftokenizer.h"
#include "core/tokenizers/texttokenizer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using attn::hf::HfTokenizer;

namespace {

const QString tokenizersDir = QStringLiteral(AE_HF_TOKENIZERS_DIR);
const QStringList tokenizerNames = {QStringLiteral("llama3"), QStringLiteral("qwen3"), QStringLiteral("gemma3"),
                                    QStringLiteral("llama2")};

QList<int> toList(const std::vector<int> &ids)
{
    return QList<int>(ids.begin(), ids.end());
}

std::shared_ptr<const HfTokenizer> fromJson(const QByteArray &tokenizerJson, const QByteArray &config = {},
                                            QString *error = nullptr)
{
    auto parts = attn::hf::parseHfTokenizer(tokenizerJson, config, QStringLiteral("test"));
    if (!parts) {
        if (error)
            *error = parts.error();
        return nullptr;
    }
    return std::make_shared<HfTokenizer>(std::move(parts).value());
}

// A small SentencePiece-style tokenizer.json: Llama 2's normalizer and decoder, byte fallback.
QByteArray sentencePieceJson(const QByteArray &extraAdded = {})
{
    QByteArray vocab = R"("<unk>": 0, "<s>": 1, "</s>": 2, "▁": 3, "a": 4, "b": 5, "▁a": 6, "ab": 7, "▁ab": 8, "c": 9)";
    for (int byte = 0; byte < 256; ++byte)
        vocab += QStringLiteral(", \"<0x%1>\": %2").arg(byte, 2, 16, QLatin1Char('0')).arg(10 + byte).toUpper()
                     .replace(QStringLiteral("<0X"), QStringLiteral("<0x")).toUtf8();
    return R"({"version": "1.0", "truncation": null, "padding": null,
      "added_tokens": [{"id": 0, "content": "<unk>", "special": true, "lstrip": false, "rstrip": false, "single_word": false, "normalized": false},
                       {"id": 1, "content": "<s>", "special": true, "lstrip": false, "rstrip": false, "single_word": false, "normalized": false},
                       {"id": 2, "content": "</s>", "special": true, "lstrip": false, "rstrip": false, "single_word": false, "normalized": false})"
        + extraAdded + R"(],
      "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
      "pre_tokenizer": null,
      "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                         "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
      "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
      "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null, "end_of_word_suffix": null,
                "fuse_unk": true, "byte_fallback": true, "vocab": {)" + vocab + R"(}, "merges": ["▁ a", "a b", "▁a b"]}})";
}

} // namespace

class TestHfTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void referenceFixtures_data();
    void referenceFixtures();
    void beginningOfText();
    void loaderPrefersTokenizerJson();
    void sentencePieceByteFallback();
    void addedTokenOptions();
    void metaspaceAndSplitBehaviors();
    void malformedFiles_data();
    void malformedFiles();
    void encodingSpeed();

private:
    std::map<QString, std::shared_ptr<const HfTokenizer>> m_tokenizers;
};

void TestHfTokenizer::initTestCase()
{
    for (const QString &name : tokenizerNames) {
        const QString folder = tokenizersDir + u'/' + name;
        // Not committed (not ours): scripts/test.sh fetches them first, so a missing file fails.
        QVERIFY2(QFile::exists(folder + QStringLiteral("/tokenizer.json")),
                 qPrintable(QStringLiteral("%1 has no tokenizer.json (scripts/fetch-hf-tokenizers.sh)").arg(folder)));
        QElapsedTimer timer;
        timer.start();
        auto parts = attn::hf::readHfTokenizerFolder(folder);
        QVERIFY2(parts.ok(), qPrintable(parts.ok() ? QString() : parts.error()));
        m_tokenizers[name] = std::make_shared<HfTokenizer>(std::move(parts).value());
        qInfo("%s: loaded in %lld ms, %d ids", qPrintable(name), timer.elapsed(), m_tokenizers[name]->vocabSize());
    }
}

void TestHfTokenizer::referenceFixtures_data()
{
    testutils::addTokenizerReferenceRows(tokenizerNames);
}

void TestHfTokenizer::referenceFixtures()
{
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(QList<int>, ids);
    QFETCH(QList<int>, idsWithoutSpecial);
    QFETCH(QString, decoded);
    const HfTokenizer &tokenizer = *m_tokenizers.at(name);
    const attn::TokenList tokens = tokenizer.encode(text);
    QList<int> got;
    for (const attn::Token &token : tokens)
        got << token.id;
    QCOMPARE(got, ids);

    // Spans: in order, inside the text, and together covering every character of it.
    qsizetype covered = 0;
    qsizetype previousBegin = 0;
    for (const attn::Token &token : tokens) {
        QVERIFY(token.begin >= previousBegin);
        QVERIFY(token.begin <= token.end && token.end <= text.size());
        QVERIFY2(token.begin <= covered, qPrintable(QStringLiteral("a gap before %1").arg(token.begin)));
        covered = std::max(covered, token.end);
        previousBegin = token.begin;
    }
    QCOMPARE(covered, text.size());

    // The ids without the post-processor's tokens decode as the reference decoder has it.
    const int prefix = int(ids.size() - idsWithoutSpecial.size());
    QVERIFY(prefix >= 0);
    QCOMPARE(ids.mid(prefix), idsWithoutSpecial);
    QCOMPARE(tokenizer.decode(std::vector<int>(idsWithoutSpecial.begin(), idsWithoutSpecial.end())), decoded);
}

void TestHfTokenizer::beginningOfText()
{
    // Gemma 3 and Llama 2 add BOS as their post-processor and tokenizer_config.json say; Qwen 3
    // adds none; this Llama 3 file's post-processor is ByteLevel only, so it adds none either.
    const auto first = [&](const QString &name) { return m_tokenizers.at(name)->encode(QStringLiteral("Hi")).front(); };
    QCOMPARE(first(QStringLiteral("gemma3")).id, 2);
    QCOMPARE(first(QStringLiteral("gemma3")).text, QStringLiteral("<bos>"));
    QCOMPARE(first(QStringLiteral("gemma3")).begin, 0);
    QCOMPARE(first(QStringLiteral("gemma3")).end, 0);
    QVERIFY(first(QStringLiteral("gemma3")).special); // the views mark it as a control token
    QCOMPARE(first(QStringLiteral("llama2")).id, 1);
    QCOMPARE(first(QStringLiteral("llama2")).text, QStringLiteral("<s>"));
    QVERIFY(first(QStringLiteral("llama2")).special);
    QVERIFY(!m_tokenizers.at(QStringLiteral("gemma3"))->encode(QStringLiteral("Hi")).back().special);
    QVERIFY(first(QStringLiteral("qwen3")).id != 151643);
    QVERIFY(first(QStringLiteral("llama3")).id != 128000);
    // Written in the text, a special token keeps its literal text and span.
    const attn::TokenList tokens = m_tokenizers.at(QStringLiteral("llama3"))->encode(QStringLiteral("<|begin_of_text|>hello"));
    QCOMPARE(tokens.front().id, 128000);
    QCOMPARE(tokens.front().text, QStringLiteral("<|begin_of_text|>"));
    QCOMPARE(tokens.front().begin, 0);
    QCOMPARE(tokens.front().end, 17);
    QVERIFY(tokens.front().special); // added with "special": true in tokenizer.json
    QCOMPARE(tokens.back().text, QStringLiteral("hello"));
    QVERIFY(!tokens.back().special);

    // add_bos_token: false in tokenizer_config.json takes BOS away (transformers rebuilds the
    // post-processor of Llama and Gemma tokenizers from it).
    QString error;
    const auto withBos = fromJson(sentencePieceJson(), R"({"tokenizer_class": "LlamaTokenizer", "bos_token": "<s>", "add_bos_token": true})", &error);
    QVERIFY2(withBos, qPrintable(error));
    QCOMPARE(toList(withBos->encodeIds(QStringLiteral("ab"))), (QList<int>{1, 8}));
    const auto withoutBos = fromJson(sentencePieceJson(), R"({"tokenizer_class": "LlamaTokenizer", "bos_token": {"content": "<s>"}, "add_bos_token": false})", &error);
    QVERIFY2(withoutBos, qPrintable(error));
    QCOMPARE(toList(withoutBos->encodeIds(QStringLiteral("ab"))), (QList<int>{8}));
}

void TestHfTokenizer::loaderPrefersTokenizerJson()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile json(dir.filePath(QStringLiteral("tokenizer.json")));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(sentencePieceJson());
    json.close();
    // A vocab.json + merges.txt pair beside it that would not even load.
    for (const char *name : {"vocab.json", "merges.txt"}) {
        QFile other(dir.filePath(QString::fromLatin1(name)));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("not a tokenizer");
    }
    const auto loaded = attn::loadTextTokenizer(dir.path());
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QCOMPARE((*loaded)->vocabSize(), 266);
    QCOMPARE((*loaded)->encode(QStringLiteral("ab")).back().id, 8);

    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("tokenizer.json"))));
    const auto fallback = attn::loadTextTokenizer(dir.path());
    QVERIFY(!fallback.ok()); // now the broken vocab.json is read, and refused
    QVERIFY2(fallback.error().contains(QStringLiteral("vocab.json")), qPrintable(fallback.error()));
}

void TestHfTokenizer::sentencePieceByteFallback()
{
    QString error;
    const auto tokenizer = fromJson(sentencePieceJson(), {}, &error);
    QVERIFY2(tokenizer, qPrintable(error));
    // "▁ab c€": ▁ab, ▁ (no merge with c), c, then € as its three UTF-8 bytes E2 82 AC.
    const QString text = QStringLiteral("ab c€");
    const attn::TokenList tokens = tokenizer->encode(text);
    QCOMPARE(int(tokens.size()), 7);
    QCOMPARE(tokens[0].id, 1);
    QCOMPARE(tokens[1].id, 8);
    QCOMPARE(tokens[1].text, QStringLiteral(" ab"));
    QCOMPARE(tokens[1].begin, 0);
    QCOMPARE(tokens[1].end, 2);
    QCOMPARE(tokens[2].id, 3);
    QCOMPARE(tokens[2].begin, 2);
    QCOMPARE(tokens[2].end, 3);
    QCOMPARE(tokens[3].id, 9);
    QCOMPARE(tokens[4].id, 10 + 0xE2);
    QCOMPARE(tokens[5].id, 10 + 0x82);
    QCOMPARE(tokens[6].id, 10 + 0xAC);
    // The three bytes spell one character: the first token shows it, all three have its span.
    QCOMPARE(tokens[4].text, QStringLiteral("€"));
    QCOMPARE(tokens[5].text, QString());
    QCOMPARE(tokens[6].text, QString());
    for (int i = 4; i < 7; ++i) {
        QCOMPARE(tokens[i].begin, 4);
        QCOMPARE(tokens[i].end, 5);
    }
    QCOMPARE(tokenizer->tokenText(10 + 0xE2), QStringLiteral("<0xE2>"));
    QCOMPARE(tokenizer->displayText(3), QStringLiteral("·"));
    QCOMPARE(tokenizer->decode({8, 3, 9, 10 + 0xE2, 10 + 0x82, 10 + 0xAC}), text);

    // Without byte fallback a missing character is unk_token; with fuse_unk a run is one <unk>.
    QByteArray noFallback = sentencePieceJson();
    noFallback.replace(R"("byte_fallback": true)", R"("byte_fallback": false)");
    const auto unknown = fromJson(noFallback, {}, &error);
    QVERIFY2(unknown, qPrintable(error));
    QCOMPARE(toList(unknown->encodeIds(QStringLiteral("a€€a"))), (QList<int>{1, 6, 0, 4}));
    noFallback.replace(R"("fuse_unk": true)", R"("fuse_unk": false)");
    const auto unfused = fromJson(noFallback, {}, &error);
    QVERIFY2(unfused, qPrintable(error));
    QCOMPARE(toList(unfused->encodeIds(QStringLiteral("a€€a"))), (QList<int>{1, 6, 0, 0, 4}));
}

void TestHfTokenizer::addedTokenOptions()
{
    QString error;
    // lstrip takes the spaces before it, rstrip those after; single_word refuses "xTOKx".
    const auto tokenizer = fromJson(sentencePieceJson(
        R"(, {"id": 300, "content": "<L>", "special": true, "lstrip": true, "rstrip": false, "single_word": false, "normalized": false},
           {"id": 301, "content": "<R>", "special": true, "lstrip": false, "rstrip": true, "single_word": false, "normalized": false},
           {"id": 302, "content": "W", "special": false, "lstrip": false, "rstrip": false, "single_word": true, "normalized": false},
           {"id": 303, "content": "<R>x", "special": false, "lstrip": false, "rstrip": false, "single_word": false, "normalized": false})"),
        {}, &error);
    QVERIFY2(tokenizer, qPrintable(error));
    QCOMPARE(tokenizer->vocabSize(), 304);
    attn::TokenList tokens = tokenizer->encode(QStringLiteral("a  <L>b"));
    QCOMPARE(tokens[2].id, 300);
    QCOMPARE(tokens[2].begin, 1);
    QCOMPARE(tokens[2].end, 6);
    tokens = tokenizer->encode(QStringLiteral("<R>  a"));
    QCOMPARE(tokens[1].id, 301);
    QCOMPARE(tokens[1].end, 5);
    QCOMPARE(tokens[2].id, 6); // "a" normalized on its own: "▁a"
    // Longest match wins: "<R>x" over "<R>".
    QCOMPARE(tokenizer->encode(QStringLiteral("<R>x"))[1].id, 303);
    // "a W b" is <s>, ▁a, ▁, W, ▁b: the space before W is normalized with "a".
    QCOMPARE(tokenizer->encode(QStringLiteral("a W b"))[3].id, 302);
    for (const attn::Token &token : tokenizer->encode(QStringLiteral("aWb")))
        QVERIFY(token.id != 302);

    // A normalized added token is matched in the normalized text by its normalized content:
    // "c c" becomes "▁c▁c" both in the text and in the token.
    const auto normalized = fromJson(sentencePieceJson(
        R"(, {"id": 304, "content": "c c", "special": false, "lstrip": false, "rstrip": false, "single_word": false, "normalized": true})"),
        {}, &error);
    QVERIFY2(normalized, qPrintable(error));
    tokens = normalized->encode(QStringLiteral("c c"));
    QCOMPARE(int(tokens.size()), 2);
    QCOMPARE(tokens[1].id, 304);
    QCOMPARE(tokens[1].text, QStringLiteral("c c"));
    QCOMPARE(tokens[1].begin, 0);
    QCOMPARE(tokens[1].end, 3);
}

void TestHfTokenizer::metaspaceAndSplitBehaviors()
{
    // Metaspace with prepend_scheme "first": '▁' goes in front of the text's first piece only, not
    // in front of text that follows an added token.
    QByteArray json = sentencePieceJson();
    json.replace(R"("normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]})",
                 R"("normalizer": null)");
    json.replace(R"("pre_tokenizer": null)",
                 R"("pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": true})");
    QString error;
    const auto metaspace = fromJson(json, {}, &error);
    QVERIFY2(metaspace, qPrintable(error));
    QCOMPARE(toList(metaspace->encodeIds(QStringLiteral("ab ab"))), (QList<int>{1, 8, 8}));
    QCOMPARE(toList(metaspace->encodeIds(QStringLiteral("</s>ab"))), (QList<int>{1, 2, 7}));

    // Split on "b" with each behaviour, seen through the ids of "abab" (merges never cross pieces).
    const auto idsWith = [&](const char *behavior, bool invert) {
        QByteArray split = sentencePieceJson();
        split.replace(R"("normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]})",
                      R"("normalizer": null)");
        QByteArray preTokenizer = R"("pre_tokenizer": {"type": "Split", "pattern": {"String": "b"}, "behavior": ")";
        preTokenizer += behavior;
        preTokenizer += invert ? R"(", "invert": true})" : R"(", "invert": false})";
        split.replace(R"("pre_tokenizer": null)", preTokenizer);
        QString message;
        const auto tokenizer = fromJson(split, {}, &message);
        return tokenizer ? toList(tokenizer->encodeIds(QStringLiteral("abbab"))) : QList<int>{-1};
    };
    QCOMPARE(idsWith("Removed", false), (QList<int>{1, 4, 4}));
    QCOMPARE(idsWith("Isolated", false), (QList<int>{1, 4, 5, 5, 4, 5}));
    QCOMPARE(idsWith("MergedWithPrevious", false), (QList<int>{1, 7, 5, 7}));
    QCOMPARE(idsWith("MergedWithNext", false), (QList<int>{1, 4, 5, 5, 4, 5}));
    QCOMPARE(idsWith("Contiguous", false), (QList<int>{1, 4, 5, 5, 4, 5}));
    QCOMPARE(idsWith("MergedWithPrevious", true), (QList<int>{1, 4, 5, 5, 4, 5}));
}

void TestHfTokenizer::malformedFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const QByteArray good = sentencePieceJson();
    const auto replaced = [&](const char *from, const QByteArray &to) {
        QByteArray copy = good;
        const qsizetype at = copy.indexOf(from);
        return at < 0 ? QByteArray("no such text in the test file") : copy.replace(at, qsizetype(strlen(from)), to);
    };
    QTest::addRow("bad JSON") << good.left(good.size() / 2) << QStringLiteral("test tokenizer.json");
    QTest::addRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("test tokenizer.json");
    QTest::addRow("no model") << QByteArray(R"({"normalizer": null})") << QStringLiteral("there is no \"model\"");
    QTest::addRow("unknown model type") << replaced(R"("type": "BPE")", R"("type": "Unigram")")
                                        << QStringLiteral("model type \"Unigram\" is not supported");
    QTest::addRow("unknown normalizer") << replaced(R"({"type": "Prepend", "prepend": "▁"})", R"({"type": "Precompiled", "precompiled_charsmap": ""})")
                                        << QStringLiteral("normalizer type \"Precompiled\" is not supported");
    QTest::addRow("unknown pre-tokenizer") << replaced(R"("pre_tokenizer": null)", R"("pre_tokenizer": {"type": "WhitespaceSplit"})")
                                           << QStringLiteral("pre_tokenizer type \"WhitespaceSplit\" is not supported");
    QTest::addRow("unknown decoder") << replaced(R"({"type": "Fuse"})", R"({"type": "CTC"})")
                                     << QStringLiteral("decoder type \"CTC\" is not supported");
    QTest::addRow("unknown post-processor") << replaced(R"("type": "TemplateProcessing")", R"("type": "ClassificationProcessing")")
                                            << QStringLiteral("post_processor type \"ClassificationProcessing\" is not supported");
    QTest::addRow("truncation") << replaced(R"("truncation": null)", R"("truncation": {"max_length": 5})")
                                << QStringLiteral("truncation is not supported");
    QTest::addRow("bad regex") << replaced(R"("pre_tokenizer": null)", R"("pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(["}, "behavior": "Isolated", "invert": false})")
                               << QStringLiteral("regex this version cannot compile");
    QTest::addRow("missing vocab") << replaced(R"("vocab": {)", R"("vocabulary": {)") << QStringLiteral("model \"vocab\" is missing");
    QTest::addRow("merge outside the vocabulary") << replaced(R"("a b")", R"("a z")") << QStringLiteral("merge 1 names \"z\"");
    QTest::addRow("merge result outside the vocabulary") << replaced(R"("a b")", R"("b a")") << QStringLiteral("merge 1 makes \"ba\"");
    QTest::addRow("bad merge") << replaced(R"("a b")", R"("a b c")") << QStringLiteral("merge 1");
    QTest::addRow("duplicate key") << replaced(R"("decoder":)", R"("decoder": null, "decoder":)") << QStringLiteral("appears twice");
    QTest::addRow("duplicate id") << replaced(R"("c": 9)", R"("c": 8)") << QStringLiteral("gives id 8 to two tokens");
    QTest::addRow("negative id") << replaced(R"("c": 9)", R"("c": -9)") << QStringLiteral("not a token id");
    QTest::addRow("unk not in vocab") << replaced(R"("unk_token": "<unk>")", R"("unk_token": "<nope>")")
                                      << QStringLiteral("unk_token \"<nope>\" is not in the vocabulary");
    QTest::addRow("dropout") << replaced(R"("dropout": null)", R"("dropout": 0.1)") << QStringLiteral("dropout is not supported");
    QTest::addRow("deep nesting") << (QByteArray(100, '[') + QByteArray(100, ']')) << QStringLiteral("test tokenizer.json");
    // Far more merges than any real tokenizer: refused by count, before they are resolved.
    QByteArray huge = R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [)";
    huge.reserve(2'100'000 * 6);
    for (int i = 0; i < 2'100'000; ++i)
        huge += i ? ",\"a a\"" : "\"a a\"";
    huge += "]}}";
    QTest::addRow("huge merges") << huge << QStringLiteral("more than 2000000 are refused");
}

void TestHfTokenizer::malformedFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    const auto tokenizer = fromJson(json, {}, &error);
    QVERIFY(!tokenizer);
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestHfTokenizer::encodingSpeed()
{
    // 10,000 words of prose: milliseconds, not seconds.
    QString text;
    const QStringList words = {QStringLiteral("The"), QStringLiteral("attention"), QStringLiteral("weights"),
                               QStringLiteral("of"), QStringLiteral("head"), QStringLiteral("7,"), QStringLiteral("naïve"),
                               QStringLiteral("東京"), QStringLiteral("don't"), QStringLiteral("1234.")};
    for (int i = 0; i < 10'000; ++i)
        text += words[(i * 7) % words.size()] + (i % 13 == 12 ? QStringLiteral("\n") : QStringLiteral(" "));
    for (const QString &name : tokenizerNames) {
        QElapsedTimer timer;
        timer.start();
        const attn::TokenList tokens = m_tokenizers.at(name)->encode(text);
        const qint64 ms = timer.elapsed();
        qInfo("%s: 10,000 words, %zu tokens in %lld ms", qPrintable(name), tokens.size(), ms);
        QVERIFY2(ms < 2000, qPrintable(QStringLiteral("%1 took %2 ms").arg(name).arg(ms)));
    }
}

QTEST_GUILESS_MAIN(TestHfTokenizer)
#include "tst_hftokenizer.moc"

// WordPiece (BERT): the two small vocabularies that scripts/bpe/make_wordpiece_fixture.js writes
// (tests/data/tokenizers/wordpiece-{uncased,cased}) give, for every string of its reference
// (made with the independent JavaScript implementation @lenml/tokenizers, corrected where that
// library is not HF's tokenizers), exactly the expected ids, through both ways in: tokenizer.json
// (WordPiece model, BertNormalizer, BertPreTokenizer, TemplateProcessing / BertProcessing) and
// vocab.txt + tokenizer_config.json. Pairs give the reference ids and type ids; spans cover the
// right text; decoding gives the reference text; broken files are refused with messages naming
// the file and the part.
#include "core/tokenizers/hftokenizer.h"
#include "core/tokenizers/texttokenizer.h"
#include "core/tokenizers/wordpiecefiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using attn::hf::HfTokenizer;

namespace {

const QString fixtureDir = QStringLiteral(AE_TEST_DATA_DIR "/tokenizers");
const QStringList variants = {QStringLiteral("uncased"), QStringLiteral("cased")};

QList<int> toList(const QJsonArray &array)
{
    QList<int> ids;
    for (const QJsonValue &value : array)
        ids << value.toInt();
    return ids;
}

QList<int> idsOf(const attn::TokenList &tokens)
{
    QList<int> ids;
    for (const attn::Token &token : tokens)
        ids << token.id;
    return ids;
}

QList<int> typeIdsOf(const attn::TokenList &tokens)
{
    QList<int> ids;
    for (const attn::Token &token : tokens)
        ids << token.typeId;
    return ids;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString folderOf(const QString &variant)
{
    return fixtureDir + QStringLiteral("/wordpiece-") + variant;
}

std::shared_ptr<const HfTokenizer> fromTokenizerJson(const QString &variant)
{
    auto parts = attn::hf::parseHfTokenizer(readAll(folderOf(variant) + QStringLiteral("/tokenizer.json")),
                                            readAll(folderOf(variant) + QStringLiteral("/tokenizer_config.json")),
                                            QStringLiteral("test"));
    if (!parts)
        qWarning("%s", qPrintable(parts.error()));
    return parts ? std::make_shared<HfTokenizer>(std::move(parts).value()) : nullptr;
}

std::shared_ptr<const HfTokenizer> fromVocabTxt(const QString &variant)
{
    auto parts = attn::hf::readBertVocabFolder(folderOf(variant));
    if (!parts)
        qWarning("%s", qPrintable(parts.error()));
    return parts ? std::make_shared<HfTokenizer>(std::move(parts).value()) : nullptr;
}

QString vocabError(const QByteArray &vocab, const QByteArray &config = {})
{
    auto parts = attn::hf::parseBertVocab(vocab, config, QStringLiteral("bert"));
    return parts ? QString() : parts.error();
}

QString jsonError(const QByteArray &json)
{
    auto parts = attn::hf::parseHfTokenizer(json, {}, QStringLiteral("bert"));
    return parts ? QString() : parts.error();
}

// A minimal WordPiece tokenizer.json with the given replacements of its parts.
QByteArray smallJson(const QByteArray &model = {}, const QByteArray &normalizer = {}, const QByteArray &post = {})
{
    const QByteArray defaultModel = R"({"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
        "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "a": 3, "##b": 4}})";
    const QByteArray defaultNormalizer = R"({"type": "BertNormalizer", "lowercase": true})";
    const QByteArray defaultPost = R"({"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1]})";
    return "{\"added_tokens\": [], \"normalizer\": " + (normalizer.isEmpty() ? defaultNormalizer : normalizer)
        + ", \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}, \"post_processor\": " + (post.isEmpty() ? defaultPost : post)
        + ", \"decoder\": {\"type\": \"WordPiece\", \"prefix\": \"##\", \"cleanup\": true}, \"model\": "
        + (model.isEmpty() ? defaultModel : model) + "}";
}

} // namespace

class TestWordPiece : public QObject
{
    Q_OBJECT

private slots:
    void referenceIds_data();
    void referenceIds();
    void pairs_data();
    void pairs();
    void spans();
    void tokenTexts();
    void loadsFromFolder();
    void vocabTxtOptions();
    void unknownWords();
    void malformedVocabTxt();
    void malformedTokenizerJson();
};

void TestWordPiece::referenceIds_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<bool>("viaVocabTxt");
    for (const QString &variant : variants) {
        QTest::addRow("%s tokenizer.json", qPrintable(variant)) << variant << false;
        QTest::addRow("%s vocab.txt", qPrintable(variant)) << variant << true;
    }
}

void TestWordPiece::referenceIds()
{
    QFETCH(QString, variant);
    QFETCH(bool, viaVocabTxt);
    const auto tokenizer = viaVocabTxt ? fromVocabTxt(variant) : fromTokenizerJson(variant);
    QVERIFY(tokenizer);
    const QJsonObject reference = QJsonDocument::fromJson(readAll(fixtureDir + QStringLiteral("/wordpiece-") + variant
                                                                  + QStringLiteral("_reference.json"))).object();
    const QJsonArray cases = reference.value(QStringLiteral("cases")).toArray();
    QVERIFY(cases.size() >= 400);
    int matched = 0;
    for (const QJsonValue &value : cases) {
        const QJsonObject entry = value.toObject();
        const QString text = entry.value(QStringLiteral("text")).toString();
        const attn::TokenList tokens = tokenizer->encode(text);
        const QList<int> expected = toList(entry.value(QStringLiteral("ids")).toArray());
        if (idsOf(tokens) != expected) {
            qWarning() << "text" << text << "got" << idsOf(tokens) << "expected" << expected;
            continue;
        }
        // The post-processor's tokens are the only special ones at the ends; decoding the rest gives
        // the reference's text.
        QVERIFY(tokens.front().special && tokens.back().special);
        const QList<int> inner = toList(entry.value(QStringLiteral("ids_without_special")).toArray());
        QCOMPARE(expected.mid(1, expected.size() - 2), inner);
        std::vector<int> innerIds(inner.begin(), inner.end());
        QCOMPARE(tokenizer->decode(innerIds), entry.value(QStringLiteral("decoded")).toString());
        ++matched;
    }
    QCOMPARE(matched, int(cases.size()));
}

void TestWordPiece::pairs_data()
{
    referenceIds_data();
}

void TestWordPiece::pairs()
{
    QFETCH(QString, variant);
    QFETCH(bool, viaVocabTxt);
    const auto tokenizer = viaVocabTxt ? fromVocabTxt(variant) : fromTokenizerJson(variant);
    QVERIFY(tokenizer);
    const QJsonObject reference = QJsonDocument::fromJson(readAll(fixtureDir + QStringLiteral("/wordpiece-") + variant
                                                                  + QStringLiteral("_reference.json"))).object();
    const QJsonArray pairs = reference.value(QStringLiteral("pairs")).toArray();
    QVERIFY(pairs.size() >= 10);
    for (const QJsonValue &value : pairs) {
        const QJsonObject entry = value.toObject();
        const QString first = entry.value(QStringLiteral("text")).toString();
        const QString second = entry.value(QStringLiteral("pair")).toString();
        const std::optional<attn::TokenList> tokens = tokenizer->encodePair(first, second);
        QVERIFY(tokens);
        QCOMPARE(idsOf(*tokens), toList(entry.value(QStringLiteral("ids")).toArray()));
        QCOMPARE(typeIdsOf(*tokens), toList(entry.value(QStringLiteral("type_ids")).toArray()));
        // Spans of the second text are in the second text.
        for (const attn::Token &token : *tokens) {
            const QString &owner = token.typeId == 0 ? first : second;
            QVERIFY(token.begin >= 0 && token.begin <= token.end && token.end <= owner.size());
        }
    }
    // A single text has type 0 throughout.
    for (const attn::Token &token : tokenizer->encode(QStringLiteral("The cat sat.")))
        QCOMPARE(token.typeId, 0);
}

void TestWordPiece::spans()
{
    for (const QString &variant : variants) {
        const auto tokenizer = fromTokenizerJson(variant);
        QVERIFY(tokenizer);
        // Every string of the reference: spans in order, inside the text, special ones empty.
        const QJsonObject reference = QJsonDocument::fromJson(readAll(fixtureDir + QStringLiteral("/wordpiece-") + variant
                                                                      + QStringLiteral("_reference.json"))).object();
        for (const QJsonValue &value : reference.value(QStringLiteral("cases")).toArray()) {
            const QString text = value.toObject().value(QStringLiteral("text")).toString();
            const attn::TokenList tokens = tokenizer->encode(text);
            qsizetype previousEnd = 0;
            for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
                const attn::Token &token = tokens[i];
                QVERIFY2(token.begin >= previousEnd && token.end > token.begin && token.end <= text.size(), qPrintable(text));
                previousEnd = token.end;
                // A piece of plain ASCII text is the text it covers (lower-cased for uncased).
                const QString covered = text.mid(token.begin, token.end - token.begin);
                bool ascii = true;
                for (QChar c : covered)
                    ascii = ascii && c.unicode() < 0x7F && c.unicode() > 0x20;
                if (ascii && token.id != 100 && !token.special)
                    QCOMPARE(token.text, variant == u"uncased" ? covered.toLower() : covered);
            }
        }
    }
    const auto uncased = fromTokenizerJson(QStringLiteral("uncased"));
    QVERIFY(uncased);
    struct Expected
    {
        QStringView text;
        QStringView piece;
        qsizetype begin;
        qsizetype end;
    };
    const auto check = [&](const QString &input, const QList<Expected> &expected) {
        const attn::TokenList tokens = uncased->encode(input);
        QCOMPARE(qsizetype(tokens.size()), expected.size() + 2);
        QCOMPARE(tokens.front().begin, 0);
        QCOMPARE(tokens.front().end, 0);
        QCOMPARE(tokens.back().begin, input.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const attn::Token &token = tokens[std::size_t(i) + 1];
            QCOMPARE(token.text, expected[i].piece.toString());
            QCOMPARE(token.begin, expected[i].begin);
            QCOMPARE(token.end, expected[i].end);
            QCOMPARE(input.mid(token.begin, token.end - token.begin), expected[i].text.toString());
        }
    };
    // "##" pieces cover their part of the word.
    check(QStringLiteral("Playing cats"), {{u"Play", u"play", 0, 4}, {u"ing", u"ing", 4, 7}, {u"cat", u"cat", 8, 11}, {u"s", u"s", 11, 12}});
    // Accents stripped: the span covers the accented character when it is one unit; a combining
    // mark typed on its own is dropped with its span, as HF's offsets have it (the piece ends
    // before it).
    check(QStringLiteral("café"), {{u"ca", u"ca", 0, 2}, {u"fé", u"fe", 2, 4}});
    check(QStringLiteral("cafe\u0301!"), {{u"ca", u"ca", 0, 2}, {u"fe", u"fe", 2, 4}, {u"!", u"!", 5, 6}});
    // CJK ideographs are words of their own; [MASK] as written; [UNK] covers the whole word.
    check(QStringLiteral("a東京"), {{u"a", u"a", 0, 1}, {u"東", u"東", 1, 2}, {u"京", u"京", 2, 3}});
    check(QStringLiteral("to [MASK]."), {{u"to", u"to", 0, 2}, {u"[MASK]", u"[MASK]", 3, 9}, {u".", u".", 9, 10}});
    check(QStringLiteral("x 🙂y z"), {{u"x", u"x", 0, 1}, {u"🙂y", u"[UNK]", 2, 5}, {u"z", u"z", 6, 7}});
    // Controls are dropped from the word they were in; the span skips them.
    check(QStringLiteral("a\u200Bb"), {{u"a\u200Bb", u"ab", 0, 3}});
}

void TestWordPiece::tokenTexts()
{
    const auto tokenizer = fromTokenizerJson(QStringLiteral("uncased"));
    QVERIFY(tokenizer);
    const attn::TokenList tokens = tokenizer->encode(QStringLiteral("playing"));
    QCOMPARE(tokens.size(), std::size_t(4));
    const int ing = tokens[2].id;
    QCOMPARE(tokenizer->tokenText(ing), QStringLiteral("ing"));
    QCOMPARE(tokenizer->displayText(ing), QStringLiteral("##ing"));
    QCOMPARE(tokenizer->displayText(tokens[1].id), QStringLiteral("play"));
    QCOMPARE(tokenizer->tokenText(103), QStringLiteral("[MASK]"));
    QCOMPARE(tokenizer->displayText(103), QStringLiteral("[MASK]"));
    QVERIFY(tokens.front().special);
    QCOMPARE(tokens.front().text, QStringLiteral("[CLS]"));
    QCOMPARE(tokenizer->decode({tokens[1].id, tokens[2].id, tokens[1].id}), QStringLiteral("playing play"));
    QCOMPARE(tokenizer->vocabSize(), 2290);
}

void TestWordPiece::loadsFromFolder()
{
    // With tokenizer.json the folder is read through it; with vocab.txt alone, through that. Both
    // give the same tokens.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString &name : {QStringLiteral("vocab.txt"), QStringLiteral("tokenizer_config.json")})
        QVERIFY(QFile::copy(folderOf(QStringLiteral("cased")) + u'/' + name, dir.filePath(name)));
    const auto fromVocab = attn::loadTextTokenizer(dir.path());
    QVERIFY2(fromVocab, fromVocab ? "" : qPrintable(fromVocab.error()));
    const auto fromJson = attn::loadTextTokenizer(folderOf(QStringLiteral("cased")));
    QVERIFY2(fromJson, fromJson ? "" : qPrintable(fromJson.error()));
    const QString text = QStringLiteral("Café [MASK] Zürich, 東京 playing!");
    const attn::TokenList a = (*fromVocab)->encode(text);
    const attn::TokenList b = (*fromJson)->encode(text);
    QCOMPARE(idsOf(a), idsOf(b));
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].begin, b[i].begin);
        QCOMPARE(a[i].end, b[i].end);
        QCOMPARE(a[i].text, b[i].text);
        QCOMPARE(a[i].special, b[i].special);
    }
    const auto pairA = (*fromVocab)->encodePair(text, QStringLiteral("b"));
    const auto pairB = (*fromJson)->encodePair(text, QStringLiteral("b"));
    QVERIFY(pairA && pairB);
    QCOMPARE(typeIdsOf(*pairA), typeIdsOf(*pairB));
    QCOMPARE((*fromVocab)->vocabSize(), (*fromJson)->vocabSize());
}

void TestWordPiece::vocabTxtOptions()
{
    const QByteArray vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\ncafe\ncafé\nCafé\n東京\n東\n京\n";
    const auto idsFor = [&](const QByteArray &config, const QString &text) {
        auto parts = attn::hf::parseBertVocab(vocab, config, QStringLiteral("bert"));
        if (!parts)
            return QList<int>{-1};
        return idsOf(HfTokenizer(std::move(parts).value()).encode(text));
    };
    // Without a config: lower-cased, accents stripped (BertTokenizer's defaults).
    QCOMPARE(idsFor({}, QStringLiteral("Café")), (QList<int>{2, 5, 3}));
    QCOMPARE(idsFor(R"({"do_lower_case": false})", QStringLiteral("Café")), (QList<int>{2, 7, 3}));
    QCOMPARE(idsFor(R"({"do_lower_case": true, "strip_accents": false})", QStringLiteral("Café")), (QList<int>{2, 6, 3}));
    QCOMPARE(idsFor(R"({"do_lower_case": false, "strip_accents": true})", QStringLiteral("café")), (QList<int>{2, 5, 3}));
    QCOMPARE(idsFor({}, QStringLiteral("東京")), (QList<int>{2, 9, 10, 3}));
    QCOMPARE(idsFor(R"({"tokenize_chinese_chars": false})", QStringLiteral("東京")), (QList<int>{2, 8, 3}));
    // Special tokens named in the config, as strings or AddedToken objects.
    const QByteArray other = "<pad>\n<unk>\n<s>\n</s>\n<mask>\nx\n";
    auto parts = attn::hf::parseBertVocab(other, R"({"unk_token": "<unk>", "cls_token": {"content": "<s>"},
        "sep_token": "</s>", "pad_token": "<pad>", "mask_token": "<mask>"})", QStringLiteral("bert"));
    QVERIFY2(parts, parts ? "" : qPrintable(parts.error()));
    const HfTokenizer tokenizer(std::move(parts).value());
    QCOMPARE(idsOf(tokenizer.encode(QStringLiteral("x <mask> y"))), (QList<int>{2, 5, 4, 1, 3}));
    // Windows line ends, additional_special_tokens.
    auto crlf = attn::hf::parseBertVocab("[UNK]\r\n[CLS]\r\n[SEP]\r\nx\r<e1>\r\n",
                                         R"({"additional_special_tokens": ["<e1>", {"content": "[CLS]"}]})", QStringLiteral("bert"));
    QVERIFY2(crlf, crlf ? "" : qPrintable(crlf.error()));
    const HfTokenizer windows(std::move(crlf).value());
    QCOMPARE(windows.vocabSize(), 5);
    const attn::TokenList marked = windows.encode(QStringLiteral("x<e1>x"));
    QCOMPARE(idsOf(marked), (QList<int>{1, 3, 4, 3, 2}));
    QVERIFY(marked[2].special);
    QVERIFY(!attn::hf::parseBertVocab("[UNK]\n[CLS]\n[SEP]\n", R"({"additional_special_tokens": [1]})", QStringLiteral("bert"))
                 .ok());
}

void TestWordPiece::unknownWords()
{
    const auto tokenizer = fromTokenizerJson(QStringLiteral("uncased"));
    QVERIFY(tokenizer);
    // 100 characters is a word; 101 is [UNK] whatever its pieces; a surrogate pair is one character.
    const attn::TokenList hundred = tokenizer->encode(QString(100, u'a'));
    QVERIFY(hundred.size() > 3);
    QVERIFY(std::none_of(hundred.begin(), hundred.end(), [](const attn::Token &t) { return t.id == 100; }));
    const attn::TokenList longer = tokenizer->encode(QString(101, u'a'));
    QCOMPARE(idsOf(longer), (QList<int>{101, 100, 102}));
    QCOMPARE(longer[1].begin, 0);
    QCOMPARE(longer[1].end, 101);
    // A word with one piece missing is [UNK] as a whole.
    QCOMPARE(idsOf(tokenizer->encode(QStringLiteral("aaa🙂aaa"))), (QList<int>{101, 100, 102}));
    // Lone surrogates cannot crash it.
    const attn::TokenList lone = tokenizer->encode(QString(QChar(0xD800)) + QStringLiteral("a") + QChar(0xDC00));
    QVERIFY(lone.size() >= 2);
}

void TestWordPiece::malformedVocabTxt()
{
    const QByteArray good = "[PAD]\n[UNK]\n[CLS]\n[SEP]\na\n";
    QCOMPARE(vocabError(good), QString());
    QVERIFY(vocabError("").contains(QStringLiteral("bert vocab.txt: is empty")));
    QVERIFY(vocabError("[UNK]\n\xff\xfe\n").contains(QStringLiteral("bert vocab.txt: is not UTF-8")));
    QVERIFY(vocabError("[CLS]\n[SEP]\na\n").contains(QStringLiteral("unknown token \"[UNK]\" is not in the vocabulary")));
    QVERIFY(vocabError("[UNK]\n[SEP]\na\n").contains(QStringLiteral("bert vocab.txt: cls_token")));
    QVERIFY(vocabError(good, R"({"cls_token": "<s>"})").contains(QStringLiteral("bert tokenizer_config.json: cls_token")));
    QVERIFY(vocabError(good, R"({"do_lower_case": "yes"})").contains(QStringLiteral("bert tokenizer_config.json: \"do_lower_case\"")));
    QVERIFY(vocabError(good, R"({"unk_token": 5})").contains(QStringLiteral("\"unk_token\" is neither")));
    QVERIFY(vocabError(good, R"([1, 2])").contains(QStringLiteral("tokenizer_config.json: is not an object")));
    QVERIFY(vocabError(good, R"({"added_tokens_decoder": {"4": {"content": "b"}}})").contains(QStringLiteral("added_tokens_decoder")));
    QVERIFY(!vocabError(good, "{").isEmpty());
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    const auto missing = attn::loadTextTokenizer(empty.path());
    QVERIFY(!missing);
    QVERIFY(missing.error().contains(QStringLiteral("vocab.txt")));
}

void TestWordPiece::malformedTokenizerJson()
{
    QCOMPARE(jsonError(smallJson()), QString());
    const auto tokenizer = attn::hf::parseHfTokenizer(smallJson(), {}, QStringLiteral("bert"));
    QVERIFY(tokenizer);
    QCOMPARE(idsOf(HfTokenizer(*tokenizer).encode(QStringLiteral("AB a"))), (QList<int>{1, 3, 4, 3, 2}));
    QVERIFY(jsonError(smallJson(R"({"type": "WordPiece", "unk_token": "<unk>", "vocab": {"a": 0}})"))
                .contains(QStringLiteral("model WordPiece: the unknown token \"<unk>\" is not in the vocabulary")));
    QVERIFY(jsonError(smallJson(R"({"type": "WordPiece", "vocab": {"[UNK]": 0}, "max_input_chars_per_word": "x"})"))
                .contains(QStringLiteral("max_input_chars_per_word")));
    QVERIFY(jsonError(smallJson(R"({"type": "WordPiece", "vocab": {"[UNK]": 0}, "continuing_subword_prefix": 3})"))
                .contains(QStringLiteral("continuing_subword_prefix")));
    QVERIFY(jsonError(smallJson(R"({"type": "WordPiece", "vocab": [1]})")).contains(QStringLiteral("model \"vocab\"")));
    QVERIFY(jsonError(smallJson(R"({"type": "WordLevel", "vocab": {}})")).contains(QStringLiteral("model type \"WordLevel\" is not supported")));
    QVERIFY(jsonError(smallJson({}, R"({"type": "BertNormalizer", "lowercase": 1})")).contains(QStringLiteral("\"lowercase\"")));
    QVERIFY(jsonError(smallJson({}, {}, R"({"type": "BertProcessing", "sep": ["[SEP]"], "cls": ["[CLS]", 1]})"))
                .contains(QStringLiteral("post_processor BertProcessing \"sep\"")));
    QVERIFY(jsonError(smallJson({}, {}, R"({"type": "RobertaProcessing"})")).contains(QStringLiteral("post_processor RobertaProcessing \"sep\" is missing")));
    const QByteArray badPair = R"({"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A"}}],
        "pair": [{"Sequence": {"id": "A"}}, {"Sequence": {"id": "A", "type_id": 1}}], "special_tokens": {}})";
    QVERIFY(jsonError(smallJson({}, {}, badPair)).contains(QStringLiteral("holds sequence A twice")));
    const QByteArray noPair = R"({"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A"}}], "special_tokens": {}})";
    const auto withoutPair = attn::hf::parseHfTokenizer(smallJson({}, {}, noPair), {}, QStringLiteral("bert"));
    QVERIFY(withoutPair);
    QVERIFY(!HfTokenizer(*withoutPair).encodePair(QStringLiteral("a"), QStringLiteral("b")));
}

QTEST_GUILESS_MAIN(TestWordPiece)
#include "tst_wordpiece.moc"

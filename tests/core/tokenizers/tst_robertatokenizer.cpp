// RoBERTa's tokenizer: a roberta-base-style tokenizer built from GPT-2's vocab.json + merges.txt
// (AE_GPT2_TOKENIZER_DIR, fetched by scripts/fetch-test-data.sh; the recipe is the one
// scripts/bpe/make_roberta_fixture.js writes down) gives, for every string and pair of
// tests/data/tokenizers/roberta_reference.json (made with the independent JavaScript
// implementation @lenml/tokenizers, corrected where that library is not HF's tokenizers), exactly
// the expected ids, through both ways in: tokenizer.json with RobertaProcessing, and vocab.json +
// merges.txt read as RoBERTa's (robertafiles.h), which give the same tokens and spans.
// trim_offsets is checked by hand (the reference gives no offsets); broken RobertaProcessing
// entries are refused with messages naming the file and the component.
#include "core/tokenizers/bytelevel.h"
#include "core/tokenizers/hftokenizer.h"
#include "core/tokenizers/robertafiles.h"
#include "core/tokenizers/texttokenizer.h"
#include "core/transformer/bertmodel.h"

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

const QString gpt2Dir = QStringLiteral(AE_GPT2_TOKENIZER_DIR);
const QString referencePath = QStringLiteral(AE_TEST_DATA_DIR "/tokenizers/roberta_reference.json");
const QString tinyRoberta = QStringLiteral(AE_TEST_DATA_DIR "/roberta/tiny-f32");

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

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QJsonObject addedToken(const QString &content, int id, bool lstrip)
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("content"), content},
                       {QStringLiteral("single_word"), false}, {QStringLiteral("lstrip"), lstrip},
                       {QStringLiteral("rstrip"), false}, {QStringLiteral("normalized"), false},
                       {QStringLiteral("special"), true}};
}

// The folders of make_roberta_fixture.js's recipe, made once from GPT-2's files: `json` holds
// tokenizer.json, `files` RoBERTa's vocab.json + merges.txt only.
struct RobertaFolders
{
    QTemporaryDir root;
    QString json;
    QString files;
    int maskId = -1;
    QJsonObject tokenizerJson; // for variants
};

const RobertaFolders *robertaFolders()
{
    static const std::unique_ptr<RobertaFolders> folders = [] {
        auto made = std::make_unique<RobertaFolders>();
        const QByteArray gpt2Vocab = readAll(gpt2Dir + QStringLiteral("/vocab.json"));
        const QByteArray merges = readAll(gpt2Dir + QStringLiteral("/merges.txt"));
        if (gpt2Vocab.isEmpty() || merges.isEmpty() || !made->root.isValid())
            return std::unique_ptr<RobertaFolders>();
        const QStringList specials = {QStringLiteral("<s>"), QStringLiteral("<pad>"), QStringLiteral("</s>"), QStringLiteral("<unk>")};
        QJsonObject vocab;
        for (int id = 0; id < specials.size(); ++id)
            vocab.insert(specials[id], id);
        const QJsonObject gpt2 = QJsonDocument::fromJson(gpt2Vocab).object();
        int highest = -1;
        for (auto it = gpt2.begin(); it != gpt2.end(); ++it) {
            vocab.insert(it.key(), it.value().toInt() + int(specials.size()));
            highest = std::max(highest, it.value().toInt() + int(specials.size()));
        }
        made->maskId = highest + 1;
        vocab.insert(QStringLiteral("<mask>"), made->maskId);
        QJsonArray mergeList;
        const QList<QByteArray> lines = merges.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i)
            if (!lines[i].isEmpty() && !(i == 0 && lines[i].startsWith("#version")))
                mergeList.append(QString::fromUtf8(lines[i]));
        QJsonArray added;
        for (int id = 0; id < specials.size(); ++id)
            added.append(addedToken(specials[id], id, false));
        added.append(addedToken(QStringLiteral("<mask>"), made->maskId, true));
        const QJsonObject byteLevel{{QStringLiteral("type"), QStringLiteral("ByteLevel")}, {QStringLiteral("add_prefix_space"), false},
                                    {QStringLiteral("trim_offsets"), true}, {QStringLiteral("use_regex"), true}};
        made->tokenizerJson = QJsonObject{
            {QStringLiteral("version"), QStringLiteral("1.0")},
            {QStringLiteral("added_tokens"), added},
            {QStringLiteral("normalizer"), QJsonValue::Null},
            {QStringLiteral("pre_tokenizer"), byteLevel},
            {QStringLiteral("post_processor"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("RobertaProcessing")},
                         {QStringLiteral("sep"), QJsonArray{QStringLiteral("</s>"), 2}},
                         {QStringLiteral("cls"), QJsonArray{QStringLiteral("<s>"), 0}},
                         {QStringLiteral("trim_offsets"), true}, {QStringLiteral("add_prefix_space"), false}}},
            {QStringLiteral("decoder"), byteLevel},
            {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")}, {QStringLiteral("vocab"), vocab},
                                                  {QStringLiteral("merges"), mergeList}}}};
        made->json = made->root.filePath(QStringLiteral("json"));
        made->files = made->root.filePath(QStringLiteral("files"));
        QDir().mkpath(made->json);
        QDir().mkpath(made->files);
        const QByteArray vocabJson = QJsonDocument(vocab).toJson(QJsonDocument::Compact);
        if (!writeAll(made->json + QStringLiteral("/tokenizer.json"), QJsonDocument(made->tokenizerJson).toJson(QJsonDocument::Compact))
            || !writeAll(made->files + QStringLiteral("/vocab.json"), vocabJson)
            || !writeAll(made->files + QStringLiteral("/merges.txt"), merges))
            return std::unique_ptr<RobertaFolders>();
        return made;
    }();
    return folders.get();
}

std::shared_ptr<const HfTokenizer> fromParts(attn::Expected<attn::hf::HfTokenizerParts> parts)
{
    if (!parts)
        qWarning("%s", qPrintable(parts.error()));
    return parts ? std::make_shared<HfTokenizer>(std::move(parts).value()) : nullptr;
}

std::shared_ptr<const HfTokenizer> roberta(bool viaVocabJson)
{
    const RobertaFolders *folders = robertaFolders();
    if (!folders)
        return nullptr;
    return viaVocabJson ? fromParts(attn::hf::readRobertaBpeFolder(folders->files))
                        : fromParts(attn::hf::readHfTokenizerFolder(folders->json));
}

// The recipe's tokenizer.json with its post-processor (and pre-tokenizer) replaced.
std::shared_ptr<const HfTokenizer> variant(const QJsonObject &post, const QJsonObject &pre = {})
{
    QJsonObject json = robertaFolders()->tokenizerJson;
    json.insert(QStringLiteral("post_processor"), post);
    if (!pre.isEmpty())
        json.insert(QStringLiteral("pre_tokenizer"), pre);
    return fromParts(attn::hf::parseHfTokenizer(QJsonDocument(json).toJson(QJsonDocument::Compact), {}, QStringLiteral("test")));
}

QJsonObject robertaProcessing(bool trim, bool prefixSpace)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("RobertaProcessing")},
                       {QStringLiteral("sep"), QJsonArray{QStringLiteral("</s>"), 2}},
                       {QStringLiteral("cls"), QJsonArray{QStringLiteral("<s>"), 0}},
                       {QStringLiteral("trim_offsets"), trim}, {QStringLiteral("add_prefix_space"), prefixSpace}};
}

// A small byte-level vocabulary: <s> 0, <pad> 1, </s> 2, <unk> 3, byte b at 4 + b, "Ġa" 260,
// <mask> 261 (a byte-level model needs every byte).
QByteArray smallVocab()
{
    QJsonObject vocab{{QStringLiteral("<s>"), 0}, {QStringLiteral("<pad>"), 1}, {QStringLiteral("</s>"), 2}, {QStringLiteral("<unk>"), 3}};
    for (int byte = 0; byte < 256; ++byte)
        vocab.insert(QString(QChar(attn::bpe::byteToChar(quint8(byte)))), 4 + byte);
    vocab.insert(QStringLiteral("\u0120a"), 260);
    vocab.insert(QStringLiteral("<mask>"), 261);
    return QJsonDocument(vocab).toJson(QJsonDocument::Compact);
}

// A small byte-level tokenizer.json with the given post-processor, for messages.
QString jsonError(const QByteArray &post)
{
    const QByteArray json = R"({"added_tokens": [{"id": 0, "content": "<s>", "special": true}, {"id": 2, "content": "</s>", "special": true}],
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false}, "post_processor": )" + post
        + R"(, "decoder": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": )" + smallVocab() + R"(, "merges": []}})";
    auto parts = attn::hf::parseHfTokenizer(json, {}, QStringLiteral("roberta"));
    return parts ? QString() : parts.error();
}

QJsonObject reference()
{
    return QJsonDocument::fromJson(readAll(referencePath)).object();
}

struct Span
{
    QStringView text; // what the span covers
    qsizetype begin;
    qsizetype end;
};

} // namespace

class TestRobertaTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!robertaFolders())
            QFAIL("GPT-2's vocab.json and merges.txt are not in AE_GPT2_TOKENIZER_DIR: the README's test command fetches them (scripts/fetch-test-data.sh)");
    }

    void referenceIds_data()
    {
        QTest::addColumn<bool>("viaVocabJson");
        QTest::addRow("tokenizer.json") << false;
        QTest::addRow("vocab.json + merges.txt") << true;
    }

    void referenceIds()
    {
        QFETCH(bool, viaVocabJson);
        const auto tokenizer = roberta(viaVocabJson);
        QVERIFY(tokenizer);
        const QJsonObject fixture = reference();
        QCOMPARE(tokenizer->vocabSize(), fixture.value(QStringLiteral("vocab_size")).toInt());
        const QJsonArray cases = fixture.value(QStringLiteral("cases")).toArray();
        QVERIFY(cases.size() >= 500);
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
            // <s> and </s> are special, with empty spans at the start and the end.
            QVERIFY(tokens.front().special && tokens.back().special);
            QCOMPARE(tokens.front().begin, 0);
            QCOMPARE(tokens.front().end, 0);
            QCOMPARE(tokens.back().begin, text.size());
            QCOMPARE(tokens.back().end, text.size());
            const QList<int> inner = toList(entry.value(QStringLiteral("ids_without_special")).toArray());
            QCOMPARE(expected.mid(1, expected.size() - 2), inner);
            QCOMPARE(tokenizer->decode(std::vector<int>(inner.begin(), inner.end())), entry.value(QStringLiteral("decoded")).toString());
            ++matched;
        }
        QCOMPARE(matched, int(cases.size()));
    }

    void pairs_data()
    {
        referenceIds_data();
    }

    void pairs()
    {
        QFETCH(bool, viaVocabJson);
        const auto tokenizer = roberta(viaVocabJson);
        QVERIFY(tokenizer);
        const QJsonArray pairs = reference().value(QStringLiteral("pairs")).toArray();
        QVERIFY(pairs.size() >= 250);
        int matched = 0;
        for (const QJsonValue &value : pairs) {
            const QJsonObject entry = value.toObject();
            const QString first = entry.value(QStringLiteral("text")).toString();
            const QString second = entry.value(QStringLiteral("pair")).toString();
            const std::optional<attn::TokenList> tokens = tokenizer->encodePair(first, second);
            QVERIFY(tokens);
            const QList<int> expected = toList(entry.value(QStringLiteral("ids")).toArray());
            if (idsOf(*tokens) != expected) {
                qWarning() << "pair" << first << second << "got" << idsOf(*tokens) << "expected" << expected;
                continue;
            }
            QCOMPARE(typeIdsOf(*tokens), toList(entry.value(QStringLiteral("type_ids")).toArray()));
            // <s> A </s> </s> B </s>: the three </s> after A sit at A's end, the last at B's end.
            const std::size_t firstCount = tokenizer->encode(first).size() - 2;
            QCOMPARE(tokens->size(), firstCount + tokenizer->encode(second).size() + 2);
            const std::size_t middle = 1 + firstCount;
            for (std::size_t i : {std::size_t(0), middle, middle + 1, tokens->size() - 1})
                QVERIFY((*tokens)[i].special);
            QCOMPARE((*tokens)[middle].begin, first.size());
            QCOMPARE((*tokens)[middle + 1].begin, first.size());
            QCOMPARE(tokens->back().begin, second.size());
            ++matched;
        }
        QCOMPARE(matched, int(pairs.size()));
    }

    // The two ways in give the same tokens: ids, texts, spans, special marks, for every string.
    void bothWaysAgree()
    {
        const auto json = roberta(false);
        const auto files = roberta(true);
        QVERIFY(json && files);
        for (const QJsonValue &value : reference().value(QStringLiteral("cases")).toArray()) {
            const QString text = value.toObject().value(QStringLiteral("text")).toString();
            const attn::TokenList a = json->encode(text);
            const attn::TokenList b = files->encode(text);
            QCOMPARE(idsOf(a), idsOf(b));
            for (std::size_t i = 0; i < a.size(); ++i) {
                QCOMPARE(a[i].text, b[i].text);
                QCOMPARE(a[i].begin, b[i].begin);
                QCOMPARE(a[i].end, b[i].end);
                QCOMPARE(a[i].special, b[i].special);
            }
        }
        QCOMPARE(json->vocabSize(), files->vocabSize());
        QCOMPARE(json->displayText(robertaFolders()->maskId), QStringLiteral("<mask>"));
        QCOMPARE(files->tokenText(0), QStringLiteral("<s>"));
        // The folder loader picks RoBERTa's reading only when asked; GPT-2's has no specials.
        const auto asRoberta = attn::loadTextTokenizer(robertaFolders()->files, attn::VocabJsonKind::Roberta);
        QVERIFY2(asRoberta, asRoberta ? "" : qPrintable(asRoberta.error()));
        QCOMPARE(idsOf((*asRoberta)->encode(QStringLiteral("Hello world"))), idsOf(json->encode(QStringLiteral("Hello world"))));
        const auto asGpt2 = attn::loadTextTokenizer(robertaFolders()->files);
        QVERIFY2(asGpt2, asGpt2 ? "" : qPrintable(asGpt2.error()));
        QCOMPARE(idsOf((*asGpt2)->encode(QStringLiteral("Hello world"))),
                 idsOf(json->encode(QStringLiteral("Hello world"))).mid(1, 2));
    }

    void trimOffsets()
    {
        const auto check = [](const std::shared_ptr<const HfTokenizer> &tokenizer, const QString &text, const QList<Span> &expected) {
            QVERIFY(tokenizer);
            const attn::TokenList tokens = tokenizer->encode(text);
            QCOMPARE(qsizetype(tokens.size()), expected.size() + 2);
            for (qsizetype i = 0; i < expected.size(); ++i) {
                const attn::Token &token = tokens[std::size_t(i) + 1];
                QCOMPARE(token.begin, expected[i].begin);
                QCOMPARE(token.end, expected[i].end);
                QCOMPARE(text.mid(token.begin, token.end - token.begin), expected[i].text.toString());
            }
        };
        const auto trimmed = roberta(false);
        // "Ġworld" covers "world" alone; a space before a newline keeps an empty span; a run of
        // spaces gives its last one to the word.
        check(trimmed, QStringLiteral("Hello world"), {{u"Hello", 0, 5}, {u"world", 6, 11}});
        check(trimmed, QStringLiteral("a  b"), {{u"a", 0, 1}, {u"", 2, 2}, {u"b", 3, 4}});
        check(trimmed, QStringLiteral(" x"), {{u"x", 1, 2}});
        check(trimmed, QStringLiteral("a \nb"), {{u"a", 0, 1}, {u"", 2, 2}, {u"\n", 2, 3}, {u"b", 3, 4}});
        // A token of a space and a character of two units: the space goes.
        check(trimmed, QStringLiteral("a 🙂"), {{u"a", 0, 1}, {u"🙂", 2, 4}});
        // The mask's lstrip takes the spaces before it into its span; trimming leaves added tokens
        // without spaces alone.
        check(trimmed, QStringLiteral("x  <mask>"), {{u"x", 0, 1}, {u"  <mask>", 1, 9}});
        // Without trim_offsets the spaces stay in the spans; the ids do not change.
        const auto untrimmed = variant(robertaProcessing(false, false));
        check(untrimmed, QStringLiteral("Hello world"), {{u"Hello", 0, 5}, {u" world", 5, 11}});
        QCOMPARE(idsOf(untrimmed->encode(QStringLiteral("Hello  world \n"))), idsOf(trimmed->encode(QStringLiteral("Hello  world \n"))));
        // With add_prefix_space the space put before the first word shares its span and is kept.
        const QJsonObject prefixed{{QStringLiteral("type"), QStringLiteral("ByteLevel")}, {QStringLiteral("add_prefix_space"), true}};
        check(variant(robertaProcessing(true, true), prefixed), QStringLiteral("Hello world"), {{u"Hello", 0, 5}, {u"world", 6, 11}});
        // Without it in the post-processor, that first space is trimmed like a typed one (HF's rule).
        check(variant(robertaProcessing(true, false), prefixed), QStringLiteral("Hello world"), {{u"ello", 1, 5}, {u"world", 6, 11}});
        // Two spaces at the start: the first token "Ġ" keeps its leading space (HF's rule looks at
        // one token only) and loses it as a trailing one; "ĠHello" is trimmed.
        check(variant(robertaProcessing(true, true), prefixed), QStringLiteral("  Hello"), {{u"", 0, 0}, {u"Hello", 2, 7}});
        // Each text of a pair is trimmed on its own.
        const auto pair = trimmed->encodePair(QStringLiteral("a b"), QStringLiteral(" c"));
        QVERIFY(pair);
        QCOMPARE(pair->size(), std::size_t(7)); // <s> a Ġb </s> </s> Ġc </s>
        QCOMPARE((*pair)[2].begin, 2);
        QCOMPARE((*pair)[5].begin, 1);
        QCOMPARE((*pair)[5].end, 2);
    }

    void sequenceOfProcessors()
    {
        // ByteLevel then RobertaProcessing, as some files write it: the same tokens.
        const QJsonObject sequence{{QStringLiteral("type"), QStringLiteral("Sequence")},
                                   {QStringLiteral("processors"),
                                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")},
                                                           {QStringLiteral("trim_offsets"), false}},
                                               robertaProcessing(true, false)}}};
        const auto tokenizer = variant(sequence);
        QVERIFY(tokenizer);
        const QString text = QStringLiteral("The capital of France is <mask>.");
        QCOMPARE(idsOf(tokenizer->encode(text)), idsOf(roberta(false)->encode(text)));
        const auto pair = tokenizer->encodePair(QStringLiteral("a"), QStringLiteral("b"));
        QVERIFY(pair);
        QCOMPARE(idsOf(*pair).first(4), (QList<int>{0, 64 + 4, 2, 2}));
        QCOMPARE(typeIdsOf(*pair), QList<int>(6, 0));
        // One token type, so only Token::segment tells the sentences apart: <s> a </s> | </s> b </s>.
        QList<int> segments;
        for (const attn::Token &token : *pair)
            segments << token.segment;
        QCOMPARE(segments, (QList<int>{0, 0, 0, 1, 1, 1}));
        // HF's defaults when the flags are left out: trim_offsets and add_prefix_space true.
        QJsonObject bare = robertaProcessing(true, true);
        bare.remove(QStringLiteral("trim_offsets"));
        bare.remove(QStringLiteral("add_prefix_space"));
        const attn::TokenList tokens = variant(bare)->encode(QStringLiteral("a b"));
        QCOMPARE(tokens[2].begin, 2);
    }

    void malformedRobertaProcessing_data()
    {
        QTest::addColumn<QByteArray>("post");
        QTest::addColumn<QString>("message");
        QTest::addRow("valid") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0]})") << QString();
        QTest::addRow("no sep") << QByteArray(R"({"type": "RobertaProcessing", "cls": ["<s>", 0]})")
                                << QStringLiteral("roberta tokenizer.json: post_processor RobertaProcessing \"sep\" is missing");
        QTest::addRow("no cls") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", 2]})")
                                << QStringLiteral("roberta tokenizer.json: post_processor RobertaProcessing \"cls\" is missing");
        QTest::addRow("cls without id") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>"]})")
                                        << QStringLiteral("post_processor RobertaProcessing \"cls\" is not [token, id]");
        QTest::addRow("sep id a string") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", "2"], "cls": ["<s>", 0]})")
                                         << QStringLiteral("post_processor RobertaProcessing \"sep\" is not [token, id]");
        QTest::addRow("sep an object") << QByteArray(R"({"type": "RobertaProcessing", "sep": {"</s>": 2}, "cls": ["<s>", 0]})")
                                       << QStringLiteral("post_processor RobertaProcessing \"sep\" is not [token, id]");
        QTest::addRow("negative id") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", -2], "cls": ["<s>", 0]})")
                                     << QStringLiteral("post_processor RobertaProcessing \"sep\" is not [token, id]");
        QTest::addRow("fractional id") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0.5]})")
                                       << QStringLiteral("post_processor RobertaProcessing \"cls\" is not [token, id]");
        QTest::addRow("cls id not in vocab") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 262]})")
                                             << QStringLiteral("roberta tokenizer.json: post_processor RobertaProcessing \"cls\" names id 262, which no token");
        QTest::addRow("sep id not in vocab, in a Sequence")
            << QByteArray(R"({"type": "Sequence", "processors": [{"type": "RobertaProcessing", "sep": ["</s>", 99999], "cls": ["<s>", 0]}]})")
            << QStringLiteral("post_processor RobertaProcessing \"sep\" names id 99999");
        QTest::addRow("trim_offsets not a flag") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": "yes"})")
                                                 << QStringLiteral("roberta tokenizer.json: post_processor RobertaProcessing \"trim_offsets\" is a string");
        QTest::addRow("add_prefix_space not a flag") << QByteArray(R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "add_prefix_space": 1})")
                                                     << QStringLiteral("post_processor RobertaProcessing \"add_prefix_space\"");
    }

    void malformedRobertaProcessing()
    {
        QFETCH(QByteArray, post);
        QFETCH(QString, message);
        const QString error = jsonError(post);
        if (message.isEmpty())
            QCOMPARE(error, QString());
        else
            QVERIFY2(error.contains(message), qPrintable(error));
    }

    // The tiny roberta checkpoint carries the tiny GPT-2 vocabulary, which has no <s> or </s>:
    // it opens, encodes without them, and says so.
    void vocabularyWithoutSpecials()
    {
        const auto tokenizer = attn::loadTextTokenizer(tinyRoberta, attn::VocabJsonKind::Roberta);
        QVERIFY2(tokenizer, tokenizer ? "" : qPrintable(tokenizer.error()));
        QCOMPARE((*tokenizer)->warnings().size(), 1);
        QVERIFY((*tokenizer)->warnings().front().contains(QStringLiteral("vocab.json has no \"<s>\"")));
        const attn::TokenList tokens = (*tokenizer)->encode(QStringLiteral("The cat"));
        QVERIFY(!tokens.empty());
        QVERIFY(std::none_of(tokens.begin(), tokens.end(), [](const attn::Token &t) { return t.special; }));
        const auto model = attn::BertModel::load(tinyRoberta);
        QVERIFY2(model, model ? "" : qPrintable(model.error()));
        QVERIFY((*model)->warnings().join(u'\n').contains(QStringLiteral("RoBERTa's special tokens")));
    }

    // The fuzz harness's RobertaProcessing seed is a tokenizer it accepts (else it only fuzzes the
    // refusal).
    void fuzzSeedIsAccepted()
    {
        const QByteArray seed = readAll(QStringLiteral(AE_TEST_DATA_DIR "/../../fuzz/corpus/hftokenizer/roberta"));
        const qsizetype nul = seed.indexOf('\0');
        QVERIFY(nul > 0);
        auto parts = attn::hf::parseHfTokenizer(seed.first(nul), {}, QStringLiteral("seed"));
        QVERIFY2(parts, parts ? "" : qPrintable(parts.error()));
        const HfTokenizer tokenizer(std::move(parts).value());
        const attn::TokenList tokens = tokenizer.encode(QStringLiteral("The cat <mask>."));
        QCOMPARE(tokens.front().id, 0);
        QCOMPARE(tokens.back().id, 2);
        QVERIFY(tokenizer.encodePair(QStringLiteral("a"), QStringLiteral("b")));
    }

    void vocabJsonMessagesAndOptions()
    {
        const QByteArray vocab = smallVocab(); // a 101, b 102, Ġa 260, <mask> 261
        const QByteArray merges = "#version: 0.2\n\xc4\xa0 a\n";
        const auto parse = [&](const QByteArray &config) { return attn::hf::parseRobertaBpe(vocab, merges, config, QStringLiteral("rb")); };
        auto plain = parse({});
        QVERIFY2(plain, plain ? "" : qPrintable(plain.error()));
        QVERIFY(plain->warnings.isEmpty());
        const HfTokenizer tokenizer(std::move(plain).value());
        QCOMPARE(idsOf(tokenizer.encode(QStringLiteral("a a"))), (QList<int>{0, 101, 260, 2}));
        QCOMPARE(idsOf(tokenizer.encode(QStringLiteral("a <mask>b"))), (QList<int>{0, 101, 261, 102, 2}));
        QCOMPARE(idsOf(*tokenizer.encodePair(QStringLiteral("a"), QStringLiteral("b"))), (QList<int>{0, 101, 2, 2, 102, 2}));
        // tokenizer_config.json: add_prefix_space, other special tokens.
        auto prefixed = parse(R"({"add_prefix_space": true})");
        QVERIFY(prefixed);
        QCOMPARE(idsOf(HfTokenizer(std::move(prefixed).value()).encode(QStringLiteral("a"))), (QList<int>{0, 260, 2}));
        auto renamed = parse(R"({"cls_token": {"content": "<pad>"}, "sep_token": "<unk>"})");
        QVERIFY(renamed);
        QCOMPARE(idsOf(HfTokenizer(std::move(renamed).value()).encode(QStringLiteral(" a"))), (QList<int>{1, 260, 3}));
        const auto message = [&](const QByteArray &config) {
            auto parts = parse(config);
            return parts ? QString() : parts.error();
        };
        QVERIFY(message(R"({"add_prefix_space": "no"})").contains(QStringLiteral("rb tokenizer_config.json: \"add_prefix_space\"")));
        QVERIFY(message(R"({"mask_token": 5})").contains(QStringLiteral("rb tokenizer_config.json: \"mask_token\" is neither")));
        QVERIFY(message(R"([1])").contains(QStringLiteral("rb tokenizer_config.json: is not an object")));
        auto badVocab = attn::hf::parseRobertaBpe("[1]", merges, {}, QStringLiteral("rb"));
        QVERIFY(!badVocab);
        QVERIFY(badVocab.error().startsWith(QStringLiteral("rb vocab.json")));
        auto badMerges = attn::hf::parseRobertaBpe(vocab, "nonsense", {}, QStringLiteral("rb"));
        QVERIFY(!badMerges);
        QVERIFY(badMerges.error().startsWith(QStringLiteral("rb merges.txt")));
    }
};

QTEST_GUILESS_MAIN(TestRobertaTokenizer)
#include "tst_robertatokenizer.moc"

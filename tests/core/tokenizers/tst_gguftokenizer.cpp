// Tokenizers read from a GGUF's tokenizer.ggml.* metadata. The real tokenizer.json files of
// Llama 3, Qwen 3, Gemma 3 and Llama 2 (AE_HF_TOKENIZERS_DIR) are converted here into GGUF metadata
// the way llama.cpp's convert_hf_to_gguf.py does, written into an in-memory GGUF by a small
// independent writer, read back through GgufFile, and must give for every string of the committed
// fixtures in tests/data/tokenizers (made with the independent JavaScript implementation
// @lenml/tokenizers) the reference ids. GPT-2's files (AE_GPT2_TOKENIZER_DIR) with pre "gpt-2"
// must give tests/data/bpe's reference ids. Hand-made files check the SentencePiece merge order
// and that broken or unsupported metadata is refused with a message naming the key.
#include "ggufmetadatawriter.h"
#include "tokenizerreferencecases.h"

#include "core/io/gguffile.h"
#include "core/io/jsonvalue.h"
#include "core/tokenizers/gguftokenizer.h"
#include "core/tokenizers/hftokenizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <map>
#include <memory>

using attn::hf::HfTokenizer;

namespace {

const QString tokenizersDir = QStringLiteral(AE_HF_TOKENIZERS_DIR);
const QStringList tokenizerNames = {QStringLiteral("llama3"), QStringLiteral("qwen3"), QStringLiteral("gemma3"),
                                    QStringLiteral("llama2")};

// llama.cpp's token types.
enum { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

QList<int> idsOf(const attn::TokenList &tokens)
{
    QList<int> ids;
    for (const attn::Token &token : tokens)
        ids << token.id;
    return ids;
}

// A tokenizer_config.json token: "text" or {"content": "text"}.
QString configToken(const QJsonObject &config, const QString &key)
{
    const QJsonValue value = config.value(key);
    return value.isObject() ? value.toObject().value(QStringLiteral("content")).toString() : value.toString();
}

std::pair<QString, QString> mergePair(const attn::io::JsonValue &merge)
{
    if (merge.isArray())
        return {merge.items().at(0).string(), merge.items().at(1).string()};
    const QString &text = merge.string();
    const qsizetype space = text.indexOf(u' ');
    return {text.left(space), text.mid(space + 1)};
}

int intOf(const attn::io::JsonValue *value)
{
    return value && value->isNumber() ? int(value->number().real) : -1;
}

// tokenizer.json (+ tokenizer_config.json) → GGUF tokenizer metadata, as convert_hf_to_gguf.py
// writes it: every id's token (added tokens included, holes as "[PADn]" of type unused), token
// types (added tokens control when special, user-defined otherwise; for SentencePiece "<0xAB>"
// byte tokens and the unknown token), merges "a b" for byte-level BPE, scores for SentencePiece,
// special ids and the add_bos/add_eos flags the config has.
// Scores: the converter copies them from tokenizer.model, which tokenizer.json does not carry.
// Each token made by a merge gets minus the rank of the first merge that makes it, which orders
// merges as tokenizer.json does; every other token gets a score below all of those.
// tokenizer.json is read with the project's JSON reader: Qt's QJsonDocument drops a leading U+FEFF
// from strings, and Gemma 3 has both "//" and "\uFEFF//".
QByteArray ggufFromTokenizerJson(const QString &name, const QString &pre)
{
    attn::io::JsonLimits limits;
    limits.maxValues = 5'000'000;
    const auto parsed = attn::io::parseJson(testutils::readFileBytes(tokenizersDir + u'/' + name + QStringLiteral("/tokenizer.json")), name, limits);
    if (!parsed)
        return {};
    const attn::io::JsonValue &json = *parsed;
    const QJsonObject config = QJsonDocument::fromJson(testutils::readFileBytes(tokenizersDir + u'/' + name + QStringLiteral("/tokenizer_config.json"))).object();
    const attn::io::JsonValue &model = *json.find(u"model");
    const attn::io::JsonValue &vocab = *model.find(u"vocab");
    const attn::io::JsonValue &added = *json.find(u"added_tokens");
    const attn::io::JsonValue *byteFallback = model.find(u"byte_fallback");
    const bool sentencePiece = byteFallback && byteFallback->isBool() && byteFallback->toBool();

    int size = 0;
    for (const attn::io::JsonValue &id : vocab.values())
        size = std::max(size, intOf(&id) + 1);
    for (const attn::io::JsonValue &token : added.items())
        size = std::max(size, intOf(token.find(u"id")) + 1);
    std::vector<QString> tokens(static_cast<std::size_t>(size));
    std::vector<qint32> types(static_cast<std::size_t>(size), Normal);
    QHash<QString, int> idOf;
    for (std::size_t i = 0; i < vocab.keys().size(); ++i)
        tokens[size_t(intOf(&vocab.values()[i]))] = vocab.keys()[i];
    for (const attn::io::JsonValue &token : added.items()) {
        const int id = intOf(token.find(u"id"));
        tokens[size_t(id)] = token.find(u"content")->string();
        types[size_t(id)] = token.find(u"special")->toBool() ? Control : UserDefined;
    }
    for (int id = 0; id < size; ++id) {
        if (tokens[size_t(id)].isEmpty()) {
            tokens[size_t(id)] = QStringLiteral("[PAD%1]").arg(id);
            types[size_t(id)] = Unused;
        }
        idOf.insert(tokens[size_t(id)], id);
    }

    const std::vector<attn::io::JsonValue> &merges = model.find(u"merges")->items();
    GgufMetadataWriter writer;
    writer.addString(QStringLiteral("general.architecture"), QStringLiteral("test"));
    writer.addString(QStringLiteral("tokenizer.ggml.model"), sentencePiece ? QStringLiteral("llama") : QStringLiteral("gpt2"));
    if (!pre.isEmpty())
        writer.addString(QStringLiteral("tokenizer.ggml.pre"), pre);
    if (sentencePiece) {
        const QString unknown = model.find(u"unk_token")->string();
        types[size_t(idOf.value(unknown))] = Unknown;
        writer.addUInt32(QStringLiteral("tokenizer.ggml.unknown_token_id"), quint32(idOf.value(unknown)));
        for (int id = 0; id < size; ++id) {
            const QString &token = tokens[size_t(id)];
            if (token.size() == 6 && token.startsWith(QLatin1String("<0x")) && token.endsWith(u'>'))
                types[size_t(id)] = Byte;
        }
        std::vector<float> scores(size_t(size), -float(merges.size()));
        for (qsizetype rank = qsizetype(merges.size()) - 1; rank >= 0; --rank) {
            const auto [left, right] = mergePair(merges[size_t(rank)]);
            scores[size_t(idOf.value(left + right))] = -float(rank);
        }
        writer.addFloat32Array(QStringLiteral("tokenizer.ggml.scores"), scores);
        // Gemma's converter writes add_space_prefix false; its tokenizer.json prepends nothing.
        const attn::io::JsonValue *normalizer = json.find(u"normalizer");
        if (normalizer && normalizer->isObject() && normalizer->find(u"type")->string() != u"Sequence")
            writer.addBool(QStringLiteral("tokenizer.ggml.add_space_prefix"), false);
    } else {
        std::vector<QString> texts;
        texts.reserve(merges.size());
        for (const attn::io::JsonValue &merge : merges) {
            const auto [left, right] = mergePair(merge);
            texts.push_back(left + u' ' + right);
        }
        writer.addStringArray(QStringLiteral("tokenizer.ggml.merges"), texts);
    }
    writer.addStringArray(QStringLiteral("tokenizer.ggml.tokens"), tokens);
    writer.addInt32Array(QStringLiteral("tokenizer.ggml.token_type"), types);
    for (const auto &[key, ggufKey] : {std::pair{QStringLiteral("bos_token"), QStringLiteral("tokenizer.ggml.bos_token_id")},
                                       std::pair{QStringLiteral("eos_token"), QStringLiteral("tokenizer.ggml.eos_token_id")}})
        if (const QString token = configToken(config, key); idOf.contains(token))
            writer.addUInt32(ggufKey, quint32(idOf.value(token)));
    for (const auto &[key, ggufKey] : {std::pair{QStringLiteral("add_bos_token"), QStringLiteral("tokenizer.ggml.add_bos_token")},
                                       std::pair{QStringLiteral("add_eos_token"), QStringLiteral("tokenizer.ggml.add_eos_token")}})
        if (config.value(key).isBool())
            writer.addBool(ggufKey, config.value(key).toBool());
    return writer.bytes();
}

QString preOf(const QString &name)
{
    if (name == u"llama3")
        return QStringLiteral("llama-bpe");
    if (name == u"qwen3")
        return QStringLiteral("qwen2");
    return {};
}

attn::Expected<attn::hf::HfTokenizerParts> partsFrom(const QByteArray &gguf)
{
    const attn::Expected<attn::gguf::GgufFile> file = attn::gguf::GgufFile::fromMemory(gguf, QStringLiteral("test.gguf"));
    if (!file)
        return attn::Error{file.error()};
    return attn::tokenizerPartsFromGguf(*file);
}

// GPT-2's byte-to-character table (its bytes_to_unicode), written out here for the hand-made
// byte-level vocabularies: printable Latin-1 bytes are themselves, the others 256 + n in order.
std::vector<QString> byteLevelAlphabet()
{
    std::vector<QString> characters;
    int next = 256;
    for (int byte = 0; byte < 256; ++byte) {
        const bool printable = (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC) || (byte >= 0xAE && byte <= 0xFF);
        characters.push_back(QString(QChar(printable ? byte : next++)));
    }
    return characters;
}

} // namespace

class TestGgufTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void referenceFixtures_data();
    void referenceFixtures();
    void cleanupTestCase();
    void gpt2Reference();
    void digitSplits();
    void sentencePieceMergeOrder();
    void noUnicodeNormalization();
    void malformedMetadata_data();
    void malformedMetadata();

private:
    std::map<QString, std::shared_ptr<const HfTokenizer>> m_tokenizers;
    std::map<QString, int> m_matched;
};

void TestGgufTokenizer::initTestCase()
{
    for (const QString &name : tokenizerNames) {
        QVERIFY2(QFile::exists(tokenizersDir + u'/' + name + QStringLiteral("/tokenizer.json")),
                 qPrintable(QStringLiteral("%1/%2 has no tokenizer.json (scripts/fetch-hf-tokenizers.sh)").arg(tokenizersDir, name)));
        auto parts = partsFrom(ggufFromTokenizerJson(name, preOf(name)));
        QVERIFY2(parts.ok(), qPrintable(parts.ok() ? QString() : parts.error()));
        m_tokenizers[name] = std::make_shared<HfTokenizer>(std::move(parts).value());
    }
}

void TestGgufTokenizer::referenceFixtures_data()
{
    testutils::addTokenizerReferenceRows(tokenizerNames);
}

void TestGgufTokenizer::referenceFixtures()
{
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(QList<int>, ids);
    QFETCH(QList<int>, idsWithoutSpecial);
    QFETCH(QString, decoded);
    // Hugging Face's Qwen tokenizer composes the text (NFC) first; llama.cpp does not, so the
    // reference ids are those of the composed text.
    if (name == u"qwen3")
        text = text.normalized(QString::NormalizationForm_C);
    // This Llama 3 tokenizer.json adds no BOS, but llama.cpp adds one for "llama-bpe" when the
    // file leaves add_bos_token out (as the converter does when tokenizer_config.json has none).
    QList<int> expected = ids;
    if (name == u"llama3") {
        QCOMPARE(ids, idsWithoutSpecial);
        expected.prepend(128000);
    }
    const HfTokenizer &tokenizer = *m_tokenizers.at(name);
    const QList<int> got = idsOf(tokenizer.encode(text));
    QCOMPARE(got, expected);
    // Without the BOS, the reference's ids without special tokens, which decode as its decoder has it.
    const QList<int> withoutBos = got.mid(got.size() - idsWithoutSpecial.size());
    QCOMPARE(withoutBos, idsWithoutSpecial);
    QCOMPARE(tokenizer.decode(std::vector<int>(idsWithoutSpecial.begin(), idsWithoutSpecial.end())), decoded);
    ++m_matched[name];
}

void TestGgufTokenizer::cleanupTestCase()
{
    for (const auto &[name, matched] : m_matched)
        qInfo("%s: %d reference cases matched", qPrintable(name), matched);
}

void TestGgufTokenizer::gpt2Reference()
{
    const QString folder = QStringLiteral(AE_GPT2_TOKENIZER_DIR);
    const QJsonObject vocab = QJsonDocument::fromJson(testutils::readFileBytes(folder + QStringLiteral("/vocab.json"))).object();
    QVERIFY2(!vocab.isEmpty(), qPrintable(folder + QStringLiteral(" has no vocab.json (scripts/fetch-test-data.sh)")));
    std::vector<QString> tokens(size_t(vocab.size()));
    for (auto it = vocab.begin(); it != vocab.end(); ++it)
        tokens[size_t(it.value().toInt())] = it.key();
    std::vector<QString> merges;
    for (const QString &line : QString::fromUtf8(testutils::readFileBytes(folder + QStringLiteral("/merges.txt"))).split(u'\n'))
        if (!line.isEmpty() && !line.startsWith(QLatin1String("#version")))
            merges.push_back(line);
    std::vector<qint32> types(tokens.size(), Normal);
    types.back() = Control; // <|endoftext|>
    const auto build = [&](const QString &pre) {
        GgufMetadataWriter writer;
        writer.addString(QStringLiteral("tokenizer.ggml.model"), QStringLiteral("gpt2"));
        writer.addString(QStringLiteral("tokenizer.ggml.pre"), pre);
        writer.addStringArray(QStringLiteral("tokenizer.ggml.tokens"), tokens);
        writer.addInt32Array(QStringLiteral("tokenizer.ggml.token_type"), types);
        writer.addStringArray(QStringLiteral("tokenizer.ggml.merges"), merges);
        auto parts = partsFrom(writer.bytes());
        return parts.ok() ? std::make_shared<HfTokenizer>(std::move(parts).value()) : nullptr;
    };
    const auto gpt2 = build(QStringLiteral("gpt-2"));
    QVERIFY(gpt2);
    const QJsonArray cases = QJsonDocument::fromJson(testutils::readFileBytes(QStringLiteral(AE_TEST_DATA_DIR "/bpe/gpt2_reference.json")))
                                 .object().value(QStringLiteral("cases")).toArray();
    QVERIFY(cases.size() >= 400);
    int matched = 0;
    int skipped = 0;
    for (const QJsonValue &value : cases) {
        const QJsonObject entry = value.toObject();
        const QString text = entry.value(QStringLiteral("text")).toString();
        // The reference encodes "<|endoftext|>" written in the text as ordinary characters;
        // llama.cpp's partition makes it the control token.
        if (text.contains(QLatin1String("<|endoftext|>"))) {
            ++skipped;
            continue;
        }
        const QList<int> got = idsOf(gpt2->encode(text));
        if (got == testutils::idList(entry.value(QStringLiteral("ids")).toArray()))
            ++matched;
        else
            qWarning("gpt-2 mismatch: %s", qPrintable(text.left(60)));
    }
    qInfo("gpt-2: %d of %lld reference cases matched (%d hold <|endoftext|>)", matched, qlonglong(cases.size() - skipped), skipped);
    QCOMPARE(matched, cases.size() - skipped);

    // SmolLM isolates each digit before GPT-2's split; "default" also cuts punctuation runs apart
    // first. Their pieces, encoded with the GPT-2 split that just matched the reference:
    const auto smollm = build(QStringLiteral("smollm"));
    const auto fallback = build(QStringLiteral("default"));
    QVERIFY(smollm && fallback);
    const auto concat = [&](const QStringList &pieces) {
        QList<int> ids;
        for (const QString &piece : pieces)
            ids << idsOf(gpt2->encode(piece));
        return ids;
    };
    QCOMPARE(idsOf(smollm->encode(QStringLiteral("in 2024!"))),
             concat({QStringLiteral("in"), QStringLiteral(" "), QStringLiteral("2"), QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("4"), QStringLiteral("!")}));
    // "default" cuts "<" and ">" out before GPT-2's split could join the space to "<".
    QCOMPARE(idsOf(fallback->encode(QStringLiteral("a <b>"))),
             concat({QStringLiteral("a"), QStringLiteral(" "), QStringLiteral("<"), QStringLiteral("b"), QStringLiteral(">")}));
    QCOMPARE(idsOf(gpt2->encode(QStringLiteral("a <b>"))),
             concat({QStringLiteral("a"), QStringLiteral(" <"), QStringLiteral("b"), QStringLiteral(">")}));
    // Written in the text, <|endoftext|> is the control token.
    QCOMPARE(idsOf(gpt2->encode(QStringLiteral("hi<|endoftext|>"))), concat({QStringLiteral("hi")}) << 50256);
}

void TestGgufTokenizer::digitSplits()
{
    // Llama 3 takes up to three digits a piece, Qwen one.
    const QList<int> llama = idsOf(m_tokenizers.at(QStringLiteral("llama3"))->encode(QStringLiteral("12345")));
    QCOMPARE(llama.size(), 3); // BOS, "123", "45"
    QCOMPARE(idsOf(m_tokenizers.at(QStringLiteral("qwen3"))->encode(QStringLiteral("12345"))).size(), 5);
}

void TestGgufTokenizer::sentencePieceMergeOrder()
{
    // ▁, a, b, then "ba" and "ab". llama.cpp merges the highest-scoring pair first, the leftmost among
    // equal scores: "aba" with equal scores is ab·a (though "ba" has the lower id); with "ba"
    // scoring higher, a·ba.
    const auto idsWith = [](float abScore, float baScore) {
        GgufMetadataWriter writer;
        writer.addString(QStringLiteral("tokenizer.ggml.model"), QStringLiteral("llama"));
        writer.addStringArray(QStringLiteral("tokenizer.ggml.tokens"),
                              {QStringLiteral("<unk>"), QStringLiteral("<s>"), QStringLiteral("</s>"), QStringLiteral("\u2581"),
                               QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("ba"), QStringLiteral("ab")});
        writer.addFloat32Array(QStringLiteral("tokenizer.ggml.scores"), {0, 0, 0, -1, -1, -1, baScore, abScore});
        writer.addInt32Array(QStringLiteral("tokenizer.ggml.token_type"), {Unknown, Control, Control, Normal, Normal, Normal, Normal, Normal});
        writer.addBool(QStringLiteral("tokenizer.ggml.add_space_prefix"), false);
        auto parts = partsFrom(writer.bytes());
        return parts.ok() ? idsOf(HfTokenizer(std::move(parts).value()).encode(QStringLiteral("aba"))) : QList<int>{-1};
    };
    QCOMPARE(idsWith(-5, -5), (QList<int>{1, 7, 4}));
    QCOMPARE(idsWith(-5, -4), (QList<int>{1, 4, 6}));
    QCOMPARE(idsWith(-4, -5), (QList<int>{1, 7, 4}));
}

void TestGgufTokenizer::noUnicodeNormalization()
{
    // llama.cpp composes nothing: "e" + U+0301 stays two characters, unlike HF's Qwen (NFC).
    const HfTokenizer &qwen = *m_tokenizers.at(QStringLiteral("qwen3"));
    QVERIFY(qwen.encodeIds(QStringLiteral("cafe\u0301")) != qwen.encodeIds(QStringLiteral("caf\u00e9")));
}

void TestGgufTokenizer::malformedMetadata_data()
{
    QTest::addColumn<QByteArray>("gguf");
    QTest::addColumn<QString>("message");
    // A byte-level vocabulary: the 256 byte characters, "h" + "e", and a control token.
    std::vector<QString> tokens = byteLevelAlphabet();
    tokens.push_back(QStringLiteral("he"));
    tokens.push_back(QStringLiteral("<|end|>"));
    std::vector<qint32> types(tokens.size(), Normal);
    types.back() = Control;
    struct Change
    {
        QString model = QStringLiteral("gpt2");
        QString pre = QStringLiteral("gpt-2");
        std::vector<QString> merges = {QStringLiteral("h e")};
        std::vector<qint32> types;
        quint32 bos = 0;
        std::vector<QString> extraTokens;
        bool scores = false;
    };
    const auto make = [&](const Change &change) {
        GgufMetadataWriter writer;
        if (!change.model.isEmpty())
            writer.addString(QStringLiteral("tokenizer.ggml.model"), change.model);
        writer.addString(QStringLiteral("tokenizer.ggml.pre"), change.pre);
        std::vector<QString> all = tokens;
        all.insert(all.end(), change.extraTokens.begin(), change.extraTokens.end());
        writer.addStringArray(QStringLiteral("tokenizer.ggml.tokens"), all);
        writer.addInt32Array(QStringLiteral("tokenizer.ggml.token_type"), change.types.empty() ? types : change.types);
        writer.addStringArray(QStringLiteral("tokenizer.ggml.merges"), change.merges);
        writer.addUInt32(QStringLiteral("tokenizer.ggml.bos_token_id"), change.bos ? change.bos : quint32(tokens.size() - 1));
        if (change.scores)
            writer.addFloat32Array(QStringLiteral("tokenizer.ggml.scores"), {0, 1});
        return writer.bytes();
    };
    // The good file first: the failures below come from the one change each makes.
    QTest::addRow("good") << make({}) << QString();
    Change change;
    change.model = QStringLiteral("bert");
    QTest::addRow("unknown model") << make(change)
                                   << QStringLiteral("test.gguf: metadata key 'tokenizer.ggml.model' is \"bert\", which is not supported");
    change = {};
    change.model = QString();
    QTest::addRow("no model") << make(change) << QStringLiteral("test.gguf: metadata key 'tokenizer.ggml.model'");
    change = {};
    change.pre = QStringLiteral("deepseek-coder");
    QTest::addRow("unknown pre") << make(change)
                                 << QStringLiteral("'tokenizer.ggml.pre' names the pre-tokenizer \"deepseek-coder\", which is not supported "
                                                   "(supported: default, gpt-2, llama-bpe, llama3, llama-v3, qwen2, deepseek-r1-qwen, smollm)");
    change = {};
    change.bos = 999;
    QTest::addRow("bos out of range") << make(change)
                                      << QStringLiteral("'tokenizer.ggml.bos_token_id' is 999, which is not an id of the 258 tokens");
    change = {};
    change.types = {Normal, Normal};
    QTest::addRow("short token types") << make(change) << QStringLiteral("'tokenizer.ggml.token_type' has 2 entries for 258 tokens");
    change = {};
    change.types = types;
    change.types[5] = 9;
    QTest::addRow("bad token type") << make(change) << QStringLiteral("gives id 5 the type 9, which is not a token type");
    change = {};
    change.merges = {QStringLiteral("h e"), QStringLiteral("he zz")};
    QTest::addRow("merge of an unknown token") << make(change) << QStringLiteral("merge 1 names \"zz\", which is not in the vocabulary");
    change = {};
    change.merges = {QStringLiteral("he")};
    QTest::addRow("merge without a space") << make(change) << QStringLiteral("'tokenizer.ggml.merges' entry 0 \"he\" is not two tokens");
    change = {};
    change.extraTokens = {QStringLiteral("he")};
    QTest::addRow("token twice") << make(change) << QStringLiteral("'tokenizer.ggml.tokens' lists \"he\" twice (ids 256 and 258)");
    change = {};
    change.model = QStringLiteral("llama");
    QTest::addRow("llama without scores") << make(change) << QStringLiteral("'tokenizer.ggml.scores'");
    change.scores = true;
    QTest::addRow("llama with short scores") << make(change) << QStringLiteral("'tokenizer.ggml.scores' has 2 entries for 258 tokens");
}

void TestGgufTokenizer::malformedMetadata()
{
    QFETCH(QByteArray, gguf);
    QFETCH(QString, message);
    const auto parts = partsFrom(gguf);
    if (message.isEmpty()) {
        QVERIFY2(parts.ok(), qPrintable(parts.ok() ? QString() : parts.error()));
        return;
    }
    QVERIFY(!parts.ok());
    QVERIFY2(parts.error().contains(message), qPrintable(parts.error()));
}

QTEST_GUILESS_MAIN(TestGgufTokenizer)
#include "tst_gguftokenizer.moc"

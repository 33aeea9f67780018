// Text and numbers at the edges: every script, emoji sequences, right-to-left text, combining
// marks, zero-width characters, whitespace only and nothing at all, through the word tokenizer and
// GPT-2's BPE; matrices of ±1e30 and 1e-30 through the engine. Expected tokens are written from
// the Unicode properties of each character (general category, grapheme clusters), by hand.
#include "core/engine/attentionengine.h"
#include "core/tokenizers/gpt2tokenizer.h"
#include "core/tokenizers/wordtokenizer.h"

#include <QFile>
#include <QTest>

#include <cmath>

using namespace attn;

namespace {

QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

QStringList texts(const TokenList &tokens)
{
    QStringList out;
    for (const Token &token : tokens)
        out << token.text;
    return out;
}

// The extreme texts of both tokenizers.
void addExtremeTexts()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words"); // what the word tokenizer must give
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("whitespace only") << u("   \t\n\r\n \u00a0\u3000\u2003 ") << QStringList();
    QTest::newRow("zero-width only") << u("\u200b\u200b\ufeff\u2060") << QStringList();
    QTest::newRow("emoji between words") << u("Hello 👋 world") << QStringList{u("Hello"), u("👋"), u("world")};
    QTest::newRow("ZWJ sequence") << u("👩\u200d💻 codes") << QStringList{u("👩\u200d💻"), u("codes")};
    QTest::newRow("skin tones") << u("👍🏽👍🏿👍") << QStringList{u("👍🏽"), u("👍🏿"), u("👍")};
    QTest::newRow("flags") << u("🇫🇷🇩🇪") << QStringList{u("🇫🇷"), u("🇩🇪")};
    QTest::newRow("family") << u("👨\u200d👩\u200d👧\u200d👦!") << QStringList{u("👨\u200d👩\u200d👧\u200d👦"), u("!")};
    QTest::newRow("Japanese") << u("日本語のテキスト") << QStringList{u("日本語のテキスト")};
    QTest::newRow("Chinese punctuation") << u("中文，标点。") << QStringList{u("中文"), u("，"), u("标点"), u("。")};
    QTest::newRow("Korean") << u("한국어 문장") << QStringList{u("한국어"), u("문장")};
    QTest::newRow("Hebrew") << u("שלום עולם") << QStringList{u("שלום"), u("עולם")};
    QTest::newRow("Hebrew with points") << u("שָׁלוֹם") << QStringList{u("שָׁלוֹם")};
    QTest::newRow("Arabic") << u("مرحبا بالعالم!") << QStringList{u("مرحبا"), u("بالعالم"), u("!")};
    QTest::newRow("mixed direction") << u("The כלב barked.") << QStringList{u("The"), u("כלב"), u("barked"), u(".")};
    // Found by fuzz_wordtokenizer: a prepended format character took the letter after it away.
    QTest::newRow("Arabic sign sanah") << u("\u0601رحبا") << QStringList{u("\u0601رحبا")};
    QTest::newRow("Arabic number sign") << u("\u0600١٢٣ ok") << QStringList{u("\u0600١٢٣"), u("ok")};
    // Found by fuzz_wordtokenizer: Qt's grapheme boundaries split the emoji after a Telugu sign.
    QTest::newRow("Telugu then emoji") << u("క\u0C00\U0001F600 నమస్కారం\U0001F600")
                                       << QStringList{u("క\u0C00"), u("\U0001F600"), u("నమస్కారం"), u("\U0001F600")};
    QTest::newRow("RTL marks") << u("a\u200fb\u200e\u202bc\u202c") << QStringList{u("a"), u("b"), u("c")};
    QTest::newRow("Devanagari") << u("हिन्दी भाषा") << QStringList{u("हिन्दी"), u("भाषा")};
    QTest::newRow("Thai") << u("ภาษาไทย") << QStringList{u("ภาษาไทย")};
    QTest::newRow("combining acute") << u("cafe\u0301.") << QStringList{u("cafe\u0301"), u(".")};
    QTest::newRow("stacked marks") << u("x\u0301\u0302\u0303\u0304\u0305 y") << QStringList{u("x\u0301\u0302\u0303\u0304\u0305"), u("y")};
    QTest::newRow("zero-width space") << u("a\u200bb") << QStringList{u("a"), u("b")};
    QTest::newRow("superscripts") << u("x²+y²") << QStringList{u("x²"), u("+"), u("y²")};
    QTest::newRow("astral letters") << u("𝒜𝓁𝓅𝒽𝒶 𐍈") << QStringList{u("𝒜𝓁𝓅𝒽𝒶"), u("𐍈")};
}

} // namespace

class TestExtremeInput : public QObject
{
    Q_OBJECT

private slots:
    void wordTokenizer_data() { addExtremeTexts(); }
    void wordTokenizer()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        const TokenList tokens = tokenizeWords(text);
        QCOMPARE(texts(tokens), words);
        for (const Token &token : tokens)
            QCOMPARE(QStringView(text).mid(token.begin, token.end - token.begin), QStringView(token.text));
    }

    // GPT-2's tokenizer keeps every byte: the tokens' bytes put together are the text's UTF-8, and
    // the spans cover the text in order. Checked against the text itself, not the encoder's output.
    void gpt2Tokenizer_data() { addExtremeTexts(); }
    void gpt2Tokenizer()
    {
        QFETCH(QString, text);
        const QString dir = QStringLiteral(AE_GPT2_TOKENIZER_DIR);
        static const Expected<bpe::Gpt2Tokenizer> tokenizer =
            bpe::Gpt2Tokenizer::load(dir + QStringLiteral("/vocab.json"), dir + QStringLiteral("/merges.txt"));
        QVERIFY2(tokenizer.ok(), qPrintable(tokenizer.ok() ? QString() : tokenizer.error()));

        const TokenList tokens = tokenizer->encode(text);
        QCOMPARE(tokens.empty(), text.isEmpty());
        QByteArray bytes;
        qsizetype covered = 0;
        for (const Token &token : tokens) {
            QVERIFY(token.id >= 0 && token.id < 50257);
            QVERIFY(token.begin >= 0 && token.begin < token.end && token.end <= text.size());
            QVERIFY(token.begin <= covered); // no gap: byte-level BPE covers every character
            covered = std::max(covered, token.end);
            bytes += tokenizer->decodeBytes(token.id);
            QVERIFY(!tokenizer->displayText(token.id).isEmpty());
        }
        QCOMPARE(covered, text.size());
        QCOMPARE(bytes, text.toUtf8());
    }

    // Matrices with entries of ±1e30 overflow q·k to ±inf and 1e-30 underflows it to 0: the
    // softmax must still give rows of finite weights that sum to 1, never NaN.
    void extremeMatrices_data()
    {
        QTest::addColumn<float>("large");
        QTest::addColumn<float>("small");
        QTest::addColumn<bool>("causal");
        QTest::newRow("±1e30") << 1e30f << 1e30f << false;
        QTest::newRow("±1e30 causal") << 1e30f << 1e30f << true;
        QTest::newRow("1e-30") << 1e-30f << 1e-30f << false;
        QTest::newRow("1e30 and 1e-30 mixed") << 1e30f << 1e-30f << false;
        QTest::newRow("float max") << 3.4028235e38f << 3.4028235e38f << true;
    }
    void extremeMatrices()
    {
        QFETCH(float, large);
        QFETCH(float, small);
        QFETCH(bool, causal);
        AttentionLayerInput input;
        input.tokens = tokenizeWords(QStringLiteral("the cat sat on the mat"));
        input.config.heads = 2;
        input.config.dModel = 4;
        input.config.dK = 2;
        input.config.dV = 2;
        input.config.causal = causal;
        input.weights = LearnedMatrices::glorot(input.config);
        // Alternating signs so that sums of products meet +inf and -inf.
        auto fill = [&](Matrix &m, float magnitude) {
            for (Eigen::Index i = 0; i < m.size(); ++i)
                m.data()[i] = (i % 2 ? -magnitude : magnitude) * float(1 + i % 3);
        };
        for (HeadWeights &head : input.weights.heads) {
            fill(head.wQ, large);
            fill(head.wK, large);
            fill(head.wV, small);
        }
        fill(input.weights.wO, small);

        const Expected<ResultPtr> result = computeAttention(input);
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error()));
        const int n = (*result)->tokenCount();
        qint64 nanScores = 0;
        for (const HeadResult &head : (*result)->layers.front().heads) {
            // q·k itself may be +inf + -inf = NaN in float; the softmax gives such a key weight 0.
            nanScores += head.scores.array().isNaN().count();
            QVERIFY(head.weights.allFinite());
            for (int q = 0; q < n; ++q) {
                const double sum = head.weights.row(q).cast<double>().sum();
                const bool allNaN = head.scores.row(q).array().isNaN().all();
                QVERIFY2(std::abs(sum - (allNaN ? 0.0 : 1.0)) < 1e-5,
                         qPrintable(QStringLiteral("row %1 sums to %2").arg(q).arg(sum)));
                QVERIFY((head.weights.row(q).array() >= 0.f).all());
            }
        }
        qInfo("%lld of %d scores are NaN", nanScores, 2 * n * n);
    }
};

QTEST_GUILESS_MAIN(TestExtremeInput)
#include "tst_extremeinput.moc"

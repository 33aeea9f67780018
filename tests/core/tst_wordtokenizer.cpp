#include "core/tokenizers/wordtokenizer.h"

#include <QTest>

using namespace attn;

class TestWordTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void tokens_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        auto s = [](const char *utf8) { return QString::fromUtf8(utf8); };
        auto list = [](std::initializer_list<const char *> items) {
            QStringList out;
            for (const char *item : items)
                out << QString::fromUtf8(item);
            return out;
        };
        QTest::addRow("seed sentence") << s("The cat sat on the mat") << list({"The", "cat", "sat", "on", "the", "mat"});
        QTest::addRow("punctuation") << s("Hello, world!") << list({"Hello", ",", "world", "!"});
        QTest::addRow("contractions") << s("I'll say don't") << list({"I'll", "say", "don't"});
        QTest::addRow("curly apostrophe") << s("it’s") << list({"it’s"});
        QTest::addRow("quote is not a contraction") << s("'quoted' words") << list({"'", "quoted", "'", "words"});
        QTest::addRow("trailing apostrophe") << s("dogs' bones") << list({"dogs", "'", "bones"});
        QTest::addRow("digits") << s("pi is 3.14, not 3") << list({"pi", "is", "3.14", ",", "not", "3"});
        QTest::addRow("sentence end") << s("It ended.") << list({"It", "ended", "."});
        QTest::addRow("accents") << s("naïve café") << list({"naïve", "café"});
        QTest::addRow("combining mark") << s("cafe\u0301 ok") << list({"cafe\u0301", "ok"});
        QTest::addRow("cjk") << s("東京 は") << list({"東京", "は"});
        QTest::addRow("arabic rtl") << s("مرحبا بالعالم") << list({"مرحبا", "بالعالم"});
        QTest::addRow("cyrillic") << s("Привет мир") << list({"Привет", "мир"});
        QTest::addRow("emoji") << s("hi 🙂 there") << list({"hi", "🙂", "there"});
        QTest::addRow("zwj family emoji") << s("👨‍👩‍👧 ok") << list({"👨‍👩‍👧", "ok"});
        QTest::addRow("skin tone") << s("👍🏽!") << list({"👍🏽", "!"});
        QTest::addRow("zero width space splits") << s("a\u200Bb") << list({"a", "b"});
        QTest::addRow("tabs and newlines") << s("one\ttwo\nthree\r\n") << list({"one", "two", "three"});
        QTest::addRow("empty") << QString() << QStringList();
        QTest::addRow("whitespace only") << s(" \t\n  \u00A0") << QStringList();
    }

    void tokens()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QStringList actual;
        for (const Token &token : tokenizeWords(text)) {
            actual << token.text;
            // The span points at the token inside the original text.
            QCOMPARE(text.mid(token.begin, token.end - token.begin), token.text);
            QCOMPARE(token.id, -1);
        }
        QCOMPARE(actual, expected);
    }

    void spans()
    {
        const QString text = QStringLiteral("  Hello,  World");
        const TokenList tokens = tokenizeWords(text);
        QCOMPARE(int(tokens.size()), 3);
        QCOMPARE(tokens[0].begin, 2);
        QCOMPARE(tokens[0].end, 7);
        QCOMPARE(tokens[1].begin, 7);
        QCOMPARE(tokens[2].begin, 10);
        QCOMPARE(tokens[2].end, 15);
    }

    void longInputStaysLinear()
    {
        // 100,000 characters tokenize without trouble (no quadratic behaviour): 20,000 words.
        const QString text = QStringLiteral("word ").repeated(20000);
        QCOMPARE(int(tokenizeWords(text).size()), 20000);
    }
};

QTEST_GUILESS_MAIN(TestWordTokenizer)
#include "tst_wordtokenizer.moc"

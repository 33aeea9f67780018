// GPT-2's pre-tokenizer pattern, piece by piece. Every expectation is worked out by hand from
// the pattern 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ as Python's
// `regex.findall` applies it (leftmost alternative that matches, greedy, with backtracking).
#include "core/tokenizers/pretokenizer.h"

#include <QStringList>
#include <QTest>

using attn::bpe::splitPreTokens;
using attn::bpe::TextRange;

class TestBpePreTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void pieces_data();
    void pieces();
    void rangesTileTheText_data();
    void rangesTileTheText();
};

void TestBpePreTokenizer::pieces_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    // QStringView, not QString::fromUtf16, which drops a leading U+FEFF as a byte-order mark.
    const auto s = [](const char16_t *text) { return QStringView(text).toString(); };
    const auto list = [&](std::initializer_list<const char16_t *> items) {
        QStringList out;
        for (const char16_t *item : items)
            out << s(item);
        return out;
    };

    QTest::addRow("empty") << QString() << QStringList();
    QTest::addRow("words") << s(u"Hello world") << list({u"Hello", u" world"});
    // Whitespace: the last space of a run before a word joins that word.
    QTest::addRow("two spaces") << s(u"a  b") << list({u"a", u" ", u" b"});
    QTest::addRow("three spaces") << s(u"a   b") << list({u"a", u"  ", u" b"});
    QTest::addRow("space tab") << s(u"a \tb") << list({u"a", u" ", u"\t", u"b"});
    QTest::addRow("tab space") << s(u"a\t b") << list({u"a", u"\t", u" b"});
    QTest::addRow("newline") << s(u"a\nb") << list({u"a", u"\n", u"b"});
    QTest::addRow("two newlines") << s(u"a\n\nb") << list({u"a", u"\n", u"\n", u"b"});
    QTest::addRow("space newline space") << s(u"a \n b") << list({u"a", u" \n", u" b"});
    QTest::addRow("trailing run") << s(u"hello   ") << list({u"hello", u"   "});
    QTest::addRow("trailing newline") << s(u"hello \n") << list({u"hello", u" \n"});
    QTest::addRow("leading run") << s(u"  hello") << list({u" ", u" hello"});
    QTest::addRow("only spaces") << s(u"   ") << list({u"   "});
    QTest::addRow("space before digits") << s(u"1  2") << list({u"1", u" ", u" 2"});
    QTest::addRow("space before punctuation") << s(u"x  !?") << list({u"x", u" ", u" !?"});
    // Only U+0020 joins the next piece; other white space stays alone.
    QTest::addRow("no-break space") << s(u"a\u00a0b") << list({u"a", u"\u00a0", u"b"});
    QTest::addRow("space no-break space") << s(u"a \u00a0b") << list({u"a", u" ", u"\u00a0", u"b"});
    QTest::addRow("ideographic space") << s(u"東京\u3000大阪") << list({u"東京", u"\u3000", u"大阪"});
    // \s is Unicode White_Space: U+0085 is, U+FEFF and U+200B are not.
    QTest::addRow("next line") << s(u"a\u0085b") << list({u"a", u"\u0085", u"b"});
    QTest::addRow("next line before !") << s(u"x\u0085!") << list({u"x", u"\u0085", u"!"});
    QTest::addRow("BOM is punctuation") << s(u"x\ufeff!") << list({u"x", u"\ufeff!"});
    QTest::addRow("BOM before 's") << s(u"x\ufeff's") << list({u"x", u"\ufeff'", u"s"});
    QTest::addRow("zero width space") << s(u"a \u200bb") << list({u"a", u" \u200b", u"b"});
    QTest::addRow("info separator") << s(u"a\u001cb") << list({u"a", u"\u001c", u"b"});
    // Contractions: lower-case, ASCII apostrophe, anywhere.
    QTest::addRow("I'll") << s(u"I'll don't you're") << list({u"I", u"'ll", u" don", u"'t", u" you", u"'re"});
    QTest::addRow("upper case") << s(u"IT'S") << list({u"IT", u"'", u"S"});
    QTest::addRow("'sup") << s(u"'sup") << list({u"'s", u"up"});
    QTest::addRow("space apostrophe") << s(u"x 's") << list({u"x", u" '", u"s"});
    QTest::addRow("punctuation takes it") << s(u"?'s") << list({u"?'", u"s"});
    QTest::addRow("two apostrophes") << s(u"a''s") << list({u"a", u"''", u"s"});
    QTest::addRow("'ve'll") << s(u"'ve'll") << list({u"'ve", u"'ll"});
    QTest::addRow("typographic") << s(u"don’t") << list({u"don", u"’", u"t"});
    QTest::addRow("lone apostrophe at end") << s(u"x'") << list({u"x", u"'"});
    QTest::addRow("'r at end") << s(u"'r") << list({u"'", u"r"});
    // Letters, numbers and the rest are separate runs; \p{N} is any number.
    QTest::addRow("letters then digits") << s(u"abc123def") << list({u"abc", u"123", u"def"});
    QTest::addRow("space digits") << s(u" 42abc") << list({u" 42", u"abc"});
    QTest::addRow("decimal") << s(u"3.14") << list({u"3", u".", u"14"});
    QTest::addRow("roman numeral") << s(u"Ⅻ century") << list({u"Ⅻ", u" century"});
    QTest::addRow("superscript") << s(u"x²") << list({u"x", u"²"});
    QTest::addRow("arabic digits") << s(u"العدد ٣٤٥") << list({u"العدد", u" ٣٤٥"});
    // Combining marks are \p{M}: they break a letter run.
    QTest::addRow("combining acute") << s(u"cafe\u0301s") << list({u"cafe", u"\u0301", u"s"});
    QTest::addRow("devanagari") << s(u"नमस्ते") << list({u"नमस", u"्", u"त", u"े"});
    // Astral characters: surrogate pairs are one code point.
    QTest::addRow("emoji between letters") << s(u"a😀b") << list({u"a", u"😀", u"b"});
    QTest::addRow("emoji ZWJ sequence") << s(u" 👨‍👩‍👧") << list({u" 👨‍👩‍👧"});
    QTest::addRow("skin tone and text") << s(u"👍🏽ok") << list({u"👍🏽", u"ok"});
    QTest::addRow("math letters") << s(u"𝔘𝔫𝔦 𝟘𝟙") << list({u"𝔘𝔫𝔦", u" 𝟘𝟙"});
    QTest::addRow("lone surrogate") << s(u"a") + QChar(0xD800) + s(u"b")
                                    << (QStringList() << s(u"a") << QString(QChar(0xD800)) << s(u"b"));
    QTest::addRow("lone low surrogate then space")
        << QString(QChar(0xDC00)) + s(u" x") << (QStringList() << QString(QChar(0xDC00)) << s(u" x"));
}

void TestBpePreTokenizer::pieces()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QStringList actual;
    for (const TextRange &range : splitPreTokens(text))
        actual << text.mid(range.begin, range.end - range.begin);
    QCOMPARE(actual, expected);
}

void TestBpePreTokenizer::rangesTileTheText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("mixed") << QString::fromUtf16(u"  Hi!\tthere 's 42\n\n  😀\u0301 \u00a0x  ");
    QTest::addRow("long run") << QString(1000, QLatin1Char(' ')) + QLatin1Char('x');
}

void TestBpePreTokenizer::rangesTileTheText()
{
    QFETCH(QString, text);
    qsizetype expectedBegin = 0;
    for (const TextRange &range : splitPreTokens(text)) {
        QCOMPARE(range.begin, expectedBegin);
        QVERIFY(range.end > range.begin);
        expectedBegin = range.end;
    }
    QCOMPARE(expectedBegin, text.size());
}

QTEST_APPLESS_MAIN(TestBpePreTokenizer)
#include "tst_bpepretokenizer.moc"

// The BPE merge logic on a small vocabulary written here, so it is covered without GPT-2's files.
// Byte tokens have id = byte value; merged tokens have ids from 256 up. Expected ids are worked
// out by hand with the rule of OpenAI's encoder.py: take the lowest-ranked adjacent pair, merge
// all of its occurrences left to right, repeat.
#include "testutils.h"
#include "core/tokenizers/gpt2tokenizer.h"
#include "core/tokenizers/wordcache.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <thread>

using attn::bpe::Gpt2Tokenizer;

namespace {

using testutils::byteChar;

// A token string spelled in byte characters: "Ġ" for a space etc.
QString spell(const QByteArray &bytes)
{
    QString out;
    for (const char c : bytes)
        out += byteChar(quint8(c));
    return out;
}

QByteArray vocabJson(const QList<QPair<QByteArray, int>> &extra, int skipByte = -1)
{
    QJsonObject object;
    for (int byte = 0; byte < 256; ++byte)
        if (byte != skipByte)
            object.insert(byteChar(byte), byte);
    for (const auto &[bytes, id] : extra)
        object.insert(spell(bytes), id);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray mergesText(const QList<QPair<QByteArray, QByteArray>> &merges)
{
    QString text = QStringLiteral("#version: 0.2\n");
    for (const auto &[left, right] : merges)
        text += spell(left) + QLatin1Char(' ') + spell(right) + QLatin1Char('\n');
    return text.toUtf8();
}

Gpt2Tokenizer make(const QList<QPair<QByteArray, int>> &vocab, const QList<QPair<QByteArray, QByteArray>> &merges)
{
    auto tokenizer = Gpt2Tokenizer::fromData(vocabJson(vocab), mergesText(merges), QStringLiteral("test"));
    if (!tokenizer)
        qFatal("test vocabulary refused: %s", qPrintable(tokenizer.error()));
    return *tokenizer;
}

using Vocab = QList<QPair<QByteArray, int>>;
using Merges = QList<QPair<QByteArray, QByteArray>>;

} // namespace

class TestBpeMerges : public QObject
{
    Q_OBJECT

private slots:
    void mergeOrder_data();
    void mergeOrder();
    void spansOfMultiByteCharacters();
    void tokenTextAndDisplayText();
    void idsWithGaps();
    void copiesShareTheModel();
    void concurrentEncodes();
    void cacheStaysBounded();
};

void TestBpeMerges::mergeOrder_data()
{
    QTest::addColumn<Vocab>("vocab");
    QTest::addColumn<Merges>("merges");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("ids");

    const Vocab abcd = {{"ab", 256}, {"abc", 257}, {"cd", 258}};
    // "ab" (rank 0) before "cd" (rank 2): then "abc" (rank 1) and "cd" can no longer form.
    QTest::addRow("lowest rank first") << abcd << Merges{{"a", "b"}, {"ab", "c"}, {"c", "d"}}
                                       << QStringLiteral("abcd") << QList<int>{257, 'd'};
    QTest::addRow("rank decides, not position") << abcd << Merges{{"c", "d"}, {"a", "b"}, {"ab", "c"}}
                                                << QStringLiteral("abcd") << QList<int>{256, 258};
    QTest::addRow("no merges") << abcd << Merges{} << QStringLiteral("abcd") << QList<int>{'a', 'b', 'c', 'd'};
    QTest::addRow("empty text") << abcd << Merges{{"a", "b"}} << QString() << QList<int>{};

    // Overlapping occurrences merge left to right: "aaa" → "aa" + "a".
    const Vocab as = {{"aa", 256}, {"aaaa", 257}};
    QTest::addRow("aaa") << as << Merges{{"a", "a"}} << QStringLiteral("aaa") << QList<int>{256, 'a'};
    QTest::addRow("aaaaa") << as << Merges{{"a", "a"}, {"aa", "aa"}} << QStringLiteral("aaaaa")
                           << QList<int>{257, 'a'};

    // All occurrences of a pair merge before any pair they create, even a lower-ranked one:
    // "abab" → "ab" "ab"; then ("ab","a") no longer exists. Merging "ab" + "a" as soon as it
    // appears would give "aba" "b" instead.
    QTest::addRow("one round per rank") << Vocab{{"ab", 256}, {"aba", 257}} << Merges{{"ab", "a"}, {"a", "b"}}
                                        << QStringLiteral("abab") << QList<int>{256, 256};

    // A merge result that the vocabulary lacks is split into the parts it was made from; later
    // merges may still build on it.
    QTest::addRow("result missing from vocab") << Vocab{{"abc", 256}} << Merges{{"a", "b"}}
                                               << QStringLiteral("abc") << QList<int>{'a', 'b', 'c'};
    QTest::addRow("built on a missing result") << Vocab{{"abc", 256}} << Merges{{"a", "b"}, {"ab", "c"}}
                                               << QStringLiteral("abcab") << QList<int>{256, 'a', 'b'};
    // Parts that no text can produce do no harm.
    QTest::addRow("merge of unknown parts") << Vocab{{"ab", 256}} << Merges{{"zz", "q"}, {"a", "b"}}
                                            << QStringLiteral("ab") << QList<int>{256};

    // A pair listed twice keeps its last rank, as encoder.py's dict does: here ("b","c") at rank
    // 2 comes after ("a","b") at rank 1, so "ab" forms first.
    QTest::addRow("duplicate merge, last rank") << Vocab{{"ab", 256}, {"bc", 257}}
                                                << Merges{{"b", "c"}, {"a", "b"}, {"b", "c"}}
                                                << QStringLiteral("abc") << QList<int>{256, 'c'};

    // Merges never cross pre-token boundaries, and " x" keeps its space: "Ġ" is byte 0x20.
    const Vocab spaced = {{" x", 256}, {"xx", 257}};
    QTest::addRow("space joins word") << spaced << Merges{{" ", "x"}, {"x", "x"}}
                                      << QStringLiteral("x x") << QList<int>{'x', 256};
    QTest::addRow("no merge across pieces") << spaced << Merges{{"x", "x"}} << QStringLiteral("x!x")
                                            << QList<int>{'x', '!', 'x'};
    QTest::addRow("two spaces") << spaced << Merges{{" ", "x"}} << QStringLiteral("x  x")
                                << QList<int>{'x', ' ', 256};

    // Multi-byte characters: é is C3 A9.
    QTest::addRow("utf-8 bytes merged") << Vocab{{"\xC3\xA9", 256}} << Merges{{"\xC3", "\xA9"}}
                                        << QString::fromUtf16(u"é") << QList<int>{256};
    QTest::addRow("utf-8 bytes alone") << Vocab{} << Merges{} << QString::fromUtf16(u"é")
                                       << QList<int>{0xC3, 0xA9};
    QTest::addRow("lone surrogate is U+FFFD") << Vocab{} << Merges{} << QString(QChar(0xD800))
                                              << QList<int>{0xEF, 0xBF, 0xBD};
}

void TestBpeMerges::mergeOrder()
{
    QFETCH(Vocab, vocab);
    QFETCH(Merges, merges);
    QFETCH(QString, text);
    QFETCH(QList<int>, ids);
    const Gpt2Tokenizer tokenizer = make(vocab, merges);
    const std::vector<int> actual = tokenizer.encodeIds(text);
    QCOMPARE(QList<int>(actual.begin(), actual.end()), ids);
    // The second pass is served from the word cache and must agree.
    const std::vector<int> again = tokenizer.encodeIds(text);
    QCOMPARE(QList<int>(again.begin(), again.end()), ids);
}

void TestBpeMerges::spansOfMultiByteCharacters()
{
    // "a©😀": a (1 unit, 1 byte), © (1 unit, C2 A9), 😀 (2 units, F0 9F 98 80); "©😀" is one
    // pre-token. Merging the last byte of © with the first of 😀 gives a token that touches both.
    const Gpt2Tokenizer tokenizer = make({{"\xA9\xF0", 256}}, {{"\xA9", "\xF0"}});
    const QString text = QString::fromUtf16(u"a©😀");
    const attn::TokenList tokens = tokenizer.encode(text);
    QCOMPARE(int(tokens.size()), 6);
    const QList<int> ids = {'a', 0xC2, 256, 0x9F, 0x98, 0x80};
    const QList<QPair<int, int>> spans = {{0, 1}, {1, 2}, {1, 4}, {2, 4}, {2, 4}, {2, 4}};
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(tokens[i].id, ids[i]);
        QCOMPARE(tokens[i].begin, spans[i].first);
        QCOMPARE(tokens[i].end, spans[i].second);
    }
}

void TestBpeMerges::tokenTextAndDisplayText()
{
    const Gpt2Tokenizer tokenizer = make({{" the", 256}, {"\r\n", 257}, {"\xE2\x82", 258}}, {});
    // Token::text keeps whitespace; displayText makes it visible.
    QCOMPARE(tokenizer.decodeBytes(256), QByteArray(" the"));
    QCOMPARE(tokenizer.displayText(256), QString::fromUtf16(u"\u00B7the"));
    QCOMPARE(tokenizer.displayText(' '), QString::fromUtf16(u"\u00B7"));
    QCOMPARE(tokenizer.displayText('\n'), QString::fromUtf16(u"\u21B5"));
    QCOMPARE(tokenizer.displayText('\t'), QString::fromUtf16(u"\u2192"));
    QCOMPARE(tokenizer.displayText(257), QStringLiteral("<0x0D>") + QString::fromUtf16(u"\u21B5"));
    QCOMPARE(tokenizer.displayText(0), QStringLiteral("<0x00>"));
    QCOMPARE(tokenizer.displayText(0x7F), QStringLiteral("<0x7F>"));
    // Bytes that are not a whole UTF-8 character on their own.
    QCOMPARE(tokenizer.displayText(0xE2), QStringLiteral("<0xE2>"));
    QCOMPARE(tokenizer.displayText(258), QStringLiteral("<0xE2><0x82>"));
    QCOMPARE(tokenizer.decodeBytes(258), QByteArray("\xE2\x82"));
    QCOMPARE(tokenizer.displayText('A'), QStringLiteral("A"));
    // Ids the vocabulary lacks.
    QCOMPARE(tokenizer.decodeBytes(-1), QByteArray());
    QCOMPARE(tokenizer.displayText(259), QString());
    QCOMPARE(tokenizer.vocabSize(), 259);

    const attn::TokenList tokens = tokenizer.encode(QStringLiteral("a\tb"));
    QCOMPARE(int(tokens.size()), 3);
    QCOMPARE(tokens[1].text, QStringLiteral("\t"));
    const attn::TokenList partial = tokenizer.encode(QString::fromUtf16(u"€")); // E2 82 AC
    QCOMPARE(int(partial.size()), 3);
    QCOMPARE(partial[0].text, QStringLiteral("<0xE2>"));
    QCOMPARE(partial[2].text, QStringLiteral("<0xAC>"));
}

void TestBpeMerges::idsWithGaps()
{
    // Ids need not be contiguous; vocabSize() is the highest id + 1.
    const Gpt2Tokenizer tokenizer = make({{"ab", 1000}, {"<|endoftext|>", 5000}}, {{"a", "b"}});
    QCOMPARE(tokenizer.vocabSize(), 5001);
    QCOMPARE(tokenizer.encodeIds(QStringLiteral("ab")), std::vector<int>{1000});
    QCOMPARE(tokenizer.decodeBytes(1000), QByteArray("ab"));
    QCOMPARE(tokenizer.decodeBytes(5000), QByteArray("<|endoftext|>"));
    QCOMPARE(tokenizer.decodeBytes(999), QByteArray());
    QCOMPARE(tokenizer.decodeBytes(4999), QByteArray());
}

void TestBpeMerges::copiesShareTheModel()
{
    const Gpt2Tokenizer original = make({{"ab", 256}}, {{"a", "b"}});
    const Gpt2Tokenizer copy = original; // NOLINT(performance-unnecessary-copy-initialization)
    QCOMPARE(copy.encodeIds(QStringLiteral("abab")), (std::vector<int>{256, 256}));
    QCOMPARE(copy.vocabSize(), original.vocabSize());
}

void TestBpeMerges::concurrentEncodes()
{
    // Several threads encoding at once through one shared cache must each get the answer a
    // single thread gets (run under TSan/ASan builds to see races, not timing).
    const Gpt2Tokenizer tokenizer = make({{"ab", 256}, {" ab", 257}}, {{"a", "b"}, {" ", "ab"}});
    QString text;
    for (int i = 0; i < 2000; ++i)
        text += QStringLiteral("ab%1 ab x%2 ").arg(i % 37).arg(i);
    const std::vector<int> expected = tokenizer.encodeIds(text);
    QVERIFY(!expected.empty());

    std::vector<std::vector<int>> results(4);
    std::vector<std::thread> threads;
    for (auto &result : results)
        threads.emplace_back([&tokenizer, &text, &result] { result = tokenizer.encodeIds(text); });
    for (auto &thread : threads)
        thread.join();
    for (const auto &result : results)
        QVERIFY(result == expected);
}

void TestBpeMerges::cacheStaysBounded()
{
    using attn::bpe::WordCache;
    WordCache cache;
    const int symbols[] = {1, 2, 3};
    for (size_t i = 0; i < WordCache::maxEntries + 10; ++i)
        cache.insert(QByteArray::number(qulonglong(i)), symbols, 3);
    QVERIFY(cache.size() <= WordCache::maxEntries);
    QVERIFY(cache.size() >= 10); // it starts again rather than refusing new words

    std::vector<int> out;
    QVERIFY(cache.lookup(QByteArray::number(qulonglong(WordCache::maxEntries + 9)), out));
    QCOMPARE(out, (std::vector<int>{1, 2, 3}));

    const QByteArray longWord(WordCache::maxWordBytes + 1, 'x');
    cache.insert(longWord, symbols, 3);
    out.clear();
    QVERIFY(!cache.lookup(longWord, out)); // long words are not kept
}

QTEST_APPLESS_MAIN(TestBpeMerges)
#include "tst_bpemerges.moc"

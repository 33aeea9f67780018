// The exact JSON reader: numbers read straight from their text, and clear messages for bad input.
#include "core/io/jsonvalue.h"

#include <QTest>

#include <bit>
#include <cmath>

using namespace attn;
using namespace attn::io;

class TestJsonValue : public QObject
{
    Q_OBJECT

private slots:
    void numbersAreExact_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<quint32>("bits"); // the float32 the text names, as C++ literals give it
        QTest::addRow("negative zero") << QByteArray("-0") << std::bit_cast<quint32>(-0.0f);
        QTest::addRow("negative zero with fraction") << QByteArray("-0.0") << std::bit_cast<quint32>(-0.0f);
        QTest::addRow("0.1") << QByteArray("0.1") << std::bit_cast<quint32>(0.1f);
        QTest::addRow("smallest subnormal") << QByteArray("1e-45") << std::bit_cast<quint32>(1e-45f);
        QTest::addRow("largest float") << QByteArray("3.4028235e+38") << std::bit_cast<quint32>(3.4028235e+38f);
        QTest::addRow("2^24 + 2 as integer") << QByteArray("16777218") << std::bit_cast<quint32>(16777218.0f);
        QTest::addRow("exponent E") << QByteArray("-1.5E3") << std::bit_cast<quint32>(-1500.0f);
        // Just below the midpoint of 1 + 2^-23 and 1 + 2^-22: through double it lands on the midpoint
        // and ties to even (1 + 2^-22); read directly it is 1 + 2^-23.
        QTest::addRow("near midpoint") << QByteArray("1.000000178813934326171874")
                                       << std::bit_cast<quint32>(1.000000178813934326171874f);
    }
    void numbersAreExact()
    {
        QFETCH(QByteArray, text);
        QFETCH(quint32, bits);
        const Expected<JsonValue> value = parseJson(QByteArray("[" + text + "]"), QStringLiteral("t.json"));
        QVERIFY2(value.ok(), value.ok() ? "" : qPrintable(value.error()));
        QVERIFY(value->isNumberArray());
        QCOMPARE(std::bit_cast<quint32>(value->numbers().at(0).single), bits);
    }

    void structure()
    {
        const Expected<JsonValue> value = parseJson(
            QByteArray(R"({"a": [1, "x", null], "b": {"c": true}, "s": "\u00e9\ud83d\ude00\n"})"), QStringLiteral("t"));
        QVERIFY(value.ok());
        QCOMPARE(value->keys(), (std::vector<QString>{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("s")}));
        const JsonValue *a = value->find(u"a");
        QVERIFY(a && a->isArray() && !a->isNumberArray());
        QCOMPARE(a->size(), 3);
        QCOMPARE(a->items()[0].number().real, 1.0);
        QCOMPARE(a->items()[1].string(), QStringLiteral("x"));
        QVERIFY(a->items()[2].isNull());
        QVERIFY(value->find(u"b")->find(u"c")->toBool());
        QCOMPARE(value->find(u"s")->string(), QString::fromUtf8("\xc3\xa9\xf0\x9f\x98\x80\n"));
        QVERIFY(!value->find(u"missing"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::addRow("empty") << QByteArray("") << QStringLiteral("line 1, column 1: the file ends where a value was expected");
        QTest::addRow("truncated array") << QByteArray("[1, 2") << QStringLiteral("ends inside an array");
        QTest::addRow("truncated object") << QByteArray("{\"a\": 1") << QStringLiteral("ends inside an object");
        QTest::addRow("truncated string") << QByteArray("[\"abc") << QStringLiteral("ends inside a string");
        QTest::addRow("trailing comma") << QByteArray("[1,]") << QStringLiteral("unexpected character");
        QTest::addRow("second line") << QByteArray("{\n  \"a\": tru\n}") << QStringLiteral("line 2, column 8");
        QTest::addRow("duplicate key") << QByteArray("{\"a\": 1, \"a\": 2}") << QStringLiteral("the key \"a\" appears twice");
        QTest::addRow("leading plus") << QByteArray("[+1]") << QStringLiteral("unexpected character");
        QTest::addRow("leading zero") << QByteArray("[01]") << QStringLiteral("expected , or ]");
        QTest::addRow("huge number") << QByteArray("[1e400]") << QStringLiteral("the number 1e400 is too large");
        QTest::addRow("NaN literal") << QByteArray("[NaN]") << QStringLiteral("unexpected character");
        QTest::addRow("deep") << QByteArray(100, '[') << QStringLiteral("nested deeper than 64 levels");
        QTest::addRow("bad utf-8") << QByteArray("[\"\xff\"]") << QStringLiteral("not valid UTF-8");
        QTest::addRow("lone surrogate") << QByteArray("[\"\\ud800x\"]") << QStringLiteral("high surrogate without");
        QTest::addRow("control character") << QByteArray("[\"a\tb\"]") << QStringLiteral("must be escaped");
        QTest::addRow("text after") << QByteArray("{} x") << QStringLiteral("unexpected text after the end");
    }
    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const Expected<JsonValue> value = parseJson(text, QStringLiteral("broken.json"));
        QVERIFY(!value.ok());
        QVERIFY2(value.error().startsWith(QStringLiteral("broken.json: ")), qPrintable(value.error()));
        QVERIFY2(value.error().contains(message), qPrintable(value.error()));
    }

    // Every array, object, string and literal counts; numbers of a number array do not.
    void valueBudget_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("values"); // counted by hand
        QTest::addRow("empty arrays") << QByteArray("[[],[],[]]") << 4;
        QTest::addRow("matrix rows") << QByteArray("[[1,2,3],[4,5,6]]") << 3;
        QTest::addRow("object members") << QByteArray("{\"a\":\"x\",\"b\":null,\"c\":true}") << 4;
        QTest::addRow("number outside an array") << QByteArray("{\"a\":1}") << 2;
        // A string turns the number row into nodes: the three numbers count from then on.
        QTest::addRow("mixed row") << QByteArray("[1,2,3,\"x\"]") << 5;
    }
    void valueBudget()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, values);
        JsonLimits limits;
        limits.maxValues = values;
        QVERIFY2(parseJson(text, QStringLiteral("t"), limits).ok(), "refused at its own count");
        limits.maxValues = values - 1;
        const Expected<JsonValue> refused = parseJson(text, QStringLiteral("t"), limits);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().startsWith(QStringLiteral("t: too large to read, at line 1, column ")), qPrintable(refused.error()));
        QVERIFY2(refused.error().contains(QStringLiteral("more than %1 values").arg(values - 1)), qPrintable(refused.error()));
    }

    // The default budget: the 40 MB session of "[],[],..." of issue 11 was 13 million nodes.
    void defaultValueBudget()
    {
        QCOMPARE(JsonLimits().maxValues, 1'000'000);
        QByteArray text = "[";
        for (int i = 0; i < 999'998; ++i)
            text += "[],";
        QVERIFY(parseJson(QByteArray(text + "[]]"), QStringLiteral("t")).ok()); // 1,000,000 with the outer one
        const Expected<JsonValue> refused = parseJson(QByteArray(text + "[],[]]"), QStringLiteral("t"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(QStringLiteral("more than 1000000 values")), qPrintable(refused.error()));
    }

    void arrayNumberBudget()
    {
        JsonLimits limits;
        limits.maxArrayNumbers = 4;
        QVERIFY(parseJson(QByteArray("[[1,2],[3,4]]"), QStringLiteral("t"), limits).ok());
        const Expected<JsonValue> refused = parseJson(QByteArray("[[1,2],[3,4,5]]"), QStringLiteral("t"), limits);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(QStringLiteral("line 1, column 13: more than 4 numbers in arrays")),
                 qPrintable(refused.error()));
    }

    void depthLimit()
    {
        JsonLimits limits;
        limits.maxDepth = 3;
        QVERIFY(parseJson(QByteArray("[[[]]]"), QStringLiteral("t"), limits).ok());
        const Expected<JsonValue> refused = parseJson(QByteArray("[[[[]]]]"), QStringLiteral("t"), limits);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(QStringLiteral("column 4: nested deeper than 3 levels")), qPrintable(refused.error()));
    }

    void membersOneByOne()
    {
        std::vector<QString> keys;
        std::vector<double> numbers;
        JsonMemberReader reader;
        reader.limits.maxValues = 2; // per member: the budget starts again with each one
        reader.onMember = [&](QString &&key, JsonValue &&value) {
            keys.push_back(key);
            numbers.push_back(value.isArray() ? double(value.size()) : value.number().real);
            return QString();
        };
        const Expected<qsizetype> count
            = readJsonMembers(QByteArray(" {\"b\": 2, \"a\": [1, 2, 3], \"c\": [[]], \"d\": -0} "), QStringLiteral("t"), reader);
        QVERIFY2(count.ok(), count.ok() ? "" : qPrintable(count.error()));
        QCOMPARE(*count, 4);
        QCOMPARE(keys, (std::vector<QString>{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(numbers, (std::vector<double>{2, 3, 1, 0}));
        QVERIFY(std::signbit(numbers[3]));
    }

    void membersRefused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("handedOver");
        QTest::addRow("array") << QByteArray("[1]") << QStringLiteral("t: not valid JSON at line 1, column 1: the document is not a JSON object") << 0;
        QTest::addRow("empty") << QByteArray("  ") << QStringLiteral("t: not valid JSON at line 1, column 3: the file ends where a value was expected") << 0;
        QTest::addRow("duplicate") << QByteArray("{\"a\": 1,\n \"a\": 2}") << QStringLiteral("t: not valid JSON at line 2, column 5: the key \"a\" appears twice") << 1;
        QTest::addRow("truncated") << QByteArray("{\"a\": 1, \"b\": [") << QStringLiteral("t: not valid JSON at line 1, column 16: the file ends") << 1;
        QTest::addRow("text after") << QByteArray("{\"a\": 1} {}") << QStringLiteral("t: not valid JSON at line 1, column 10: unexpected text after") << 1;
        QTest::addRow("sink refuses") << QByteArray("{\"a\": 1, \"stop\": 2, \"c\": 3}") << QStringLiteral("stopped at stop") << 2;
    }
    void membersRefused()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QFETCH(int, handedOver);
        int members = 0;
        JsonMemberReader reader;
        reader.onMember = [&](QString &&key, JsonValue &&) {
            ++members;
            return key == QLatin1String("stop") ? QStringLiteral("stopped at stop") : QString();
        };
        const Expected<qsizetype> count = readJsonMembers(text, QStringLiteral("t"), reader);
        QVERIFY(!count.ok());
        QVERIFY2(count.error().startsWith(message), qPrintable(count.error()));
        QCOMPARE(members, handedOver);
    }

    void duplicateWording()
    {
        std::vector<QString> seen;
        JsonMemberReader reader;
        reader.describeDuplicate = [&](const JsonDuplicateKey &duplicate) {
            seen.push_back(QStringLiteral("%1 %2 %3").arg(duplicate.depth).arg(duplicate.parentKey, duplicate.key));
            return QStringLiteral("twice");
        };
        const char *cases[] = {"{\"x\": 1, \"x\": 1}", "{\"t\": {\"k\": 1, \"k\": 2}}", "{\"t\": [{\"k\": 1, \"k\": 2}]}"};
        for (const char *text : cases) {
            const Expected<qsizetype> count = readJsonMembers(QByteArray(text), QStringLiteral("t"), reader);
            QVERIFY(!count.ok());
            QVERIFY2(count.error().endsWith(QStringLiteral(": twice")), qPrintable(count.error()));
        }
        QCOMPARE(seen, (std::vector<QString>{QStringLiteral("1  x"), QStringLiteral("2 t k"), QStringLiteral("3  k")}));
    }

    void underflowIsZero()
    {
        const Expected<JsonValue> value = parseJson(QByteArray("[1e-400, -1e-400]"), QStringLiteral("t"));
        QVERIFY(value.ok());
        QCOMPARE(std::bit_cast<quint32>(value->numbers()[0].single), 0u);
        QVERIFY(std::signbit(value->numbers()[1].single));
    }

    void floatOverflowIsInfinite()
    {
        const Expected<JsonValue> value = parseJson(QByteArray("[1e39]"), QStringLiteral("t"));
        QVERIFY(value.ok());
        QVERIFY(std::isinf(value->numbers()[0].single));
        QCOMPARE(value->numbers()[0].real, 1e39);
    }
};

QTEST_GUILESS_MAIN(TestJsonValue)
#include "tst_jsonvalue.moc"

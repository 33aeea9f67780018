// What may go into SVG (XML 1.0) and JSON: every code point XML 1.0's Char production forbids, the
// non-characters, and lone surrogates become U+FFFD; everything else, astral characters included,
// stays as it is. The JSON writer's strings then read back through the strict reader.
#include "core/io/jsonvalue.h"
#include "core/io/jsonwriter.h"
#include "core/validtext.h"

#include <QTest>

using namespace attn;

namespace {

QString fromUnits(std::initializer_list<char16_t> units)
{
    QString text;
    for (const char16_t unit : units)
        text += QChar(unit);
    return text;
}

const QChar replacement = QChar::ReplacementCharacter;

} // namespace

class TestValidText : public QObject
{
    Q_OBJECT

private slots:
    void xml_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("replaced");
        QTest::newRow("plain") << QStringLiteral("cat <&> sat") << QStringLiteral("cat <&> sat") << 0;
        QTest::newRow("tab, newline, return stay") << QStringLiteral("a\tb\nc\rd") << QStringLiteral("a\tb\nc\rd") << 0;
        QTest::newRow("NUL and other controls") << fromUnits({u'a', 0x0000, u'b', 0x0001, 0x001F})
                                                << (QStringLiteral("a") + replacement + u'b' + replacement + replacement) << 3;
        QTest::newRow("U+FFFE and U+FFFF") << fromUnits({0xFFFE, u'x', 0xFFFF})
                                           << (QString(replacement) + u'x' + replacement) << 2;
        QTest::newRow("U+FDD0 to U+FDEF") << fromUnits({0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0})
                                          << (QString(QChar(0xFDCF)) + replacement + replacement + QChar(0xFDF0)) << 2;
        QTest::newRow("U+1FFFE, a plane's last two") << fromUnits({0xD83F, 0xDFFE})
                                                     << QString(replacement) << 1;
        QTest::newRow("astral character stays") << QStringLiteral("\U0001F600") << QStringLiteral("\U0001F600") << 0;
        QTest::newRow("lone high surrogate") << fromUnits({u'a', 0xD800, u'b'})
                                             << (QStringLiteral("a") + replacement + u'b') << 1;
        QTest::newRow("lone low surrogate at the end") << fromUnits({u'a', 0xDC00})
                                                        << (QStringLiteral("a") + replacement) << 1;
        QTest::newRow("reversed pair") << fromUnits({0xDC00, 0xD800})
                                       << (QString(replacement) + replacement) << 2;
        QTest::newRow("C1 controls are XML 1.0 characters") << fromUnits({0x0085, 0x009F})
                                                             << fromUnits({0x0085, 0x009F}) << 0;
    }
    void xml()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QFETCH(int, replaced);
        qsizetype count = -1;
        QCOMPARE(validTextFor(text, TextTarget::Xml, &count), expected);
        QCOMPARE(count, qsizetype(replaced));
    }

    // JSON escapes controls and holds non-characters; only lone surrogates have no UTF-8.
    void json()
    {
        const QString text = fromUnits({0x0001, 0xFFFE, 0xD800, u'z', 0xDFFF});
        qsizetype count = -1;
        QCOMPARE(validTextFor(text, TextTarget::Json, &count),
                 fromUnits({0x0001, 0xFFFE}) + replacement + u'z' + replacement);
        QCOMPARE(count, qsizetype(2));

        // Written by the JSON writer and read back by the strict reader (which refuses lone
        // surrogates and invalid UTF-8): the replacement, not the '?' toUtf8() would write.
        QByteArray document = "[";
        appendJsonString(document, text);
        document += "]";
        const Expected<io::JsonValue> parsed = io::parseJson(document, QStringLiteral("test"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error()));
        QCOMPARE(parsed->items().at(0).string(), fromUnits({0x0001, 0xFFFE}) + replacement + u'z' + replacement);
    }
};

QTEST_APPLESS_MAIN(TestValidText)
#include "tst_validtext.moc"

// Runs the real executable, as a person or a script would, and reads what it prints.
#include "testutils.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

using testutils::AppRun;
using testutils::runApp;

double number(const QJsonValue &v)
{
    return v.toDouble(std::nan(""));
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void seedHelloWorldDump()
    {
        const AppRun r = runApp({QStringLiteral("--preset"), QStringLiteral("seed-hello-world"), QStringLiteral("--dump"),
                           QStringLiteral("-")});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject dump = QJsonDocument::fromJson(r.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(dump.value(QLatin1String("tokens")).toArray(),
                 QJsonArray({QStringLiteral("Hello"), QStringLiteral("World")}));
        const QJsonObject config = dump.value(QLatin1String("config")).toObject();
        QCOMPARE(config.value(QLatin1String("heads")).toInt(), 1);
        QCOMPARE(config.value(QLatin1String("d_k")).toInt(), 3);
        QCOMPARE(dump.value(QLatin1String("input")).toArray()[0].toArray(), QJsonArray({1, 0}));

        const QJsonObject head = dump.value(QLatin1String("layers")).toArray()[0].toObject()
                                     .value(QLatin1String("heads")).toArray()[0].toObject();
        for (const char *key : {"w_q", "w_k", "w_v", "q", "k", "v", "scores", "weights", "output"})
            QVERIFY2(head.value(QLatin1String(key)).isArray(), key);
        const QJsonArray scores = head.value(QLatin1String("scores")).toArray()[0].toArray();
        QVERIFY(std::abs(number(scores[0]) - (-0.017)) < 0.0005);
        QVERIFY(std::abs(number(scores[1]) - (-0.011)) < 0.0005);
        const QJsonArray weights = head.value(QLatin1String("weights")).toArray()[0].toArray();
        QVERIFY(std::abs(number(weights[0]) - 0.499) < 0.002);
        QVERIFY(std::abs(number(weights[1]) - 0.501) < 0.002);
        const QJsonArray output = head.value(QLatin1String("output")).toArray()[0].toArray();
        QVERIFY(std::abs(number(output[0]) - 0.145) < 0.0015);
        QVERIFY(std::abs(number(output[1]) - 0.110) < 0.0015);
        QVERIFY(std::abs(number(output[2]) - 0.190) < 0.0015);

        // Floats read back to the same float32: the seed's 0.2 is written as 0.2, not 0.200000003.
        QVERIFY(r.out.contains("[0.2, -0.1, 0.3]"));
        QCOMPARE(float(number(head.value(QLatin1String("w_k")).toArray()[1].toArray()[2])), -0.08f);
        QVERIFY(dump.value(QLatin1String("layers")).toArray()[0].toObject().value(QLatin1String("w_o")).isArray());
    }

    void sentenceWithOptions()
    {
        const AppRun r = runApp({QStringLiteral("--sentence"), QStringLiteral("The cat sat on the mat"), QStringLiteral("--heads"),
                           QStringLiteral("3"), QStringLiteral("--d-model"), QStringLiteral("12"), QStringLiteral("--d-k"),
                           QStringLiteral("5"), QStringLiteral("--causal"), QStringLiteral("--dump"), QStringLiteral("-")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject dump = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(dump.value(QLatin1String("tokens")).toArray().size(), 6);
        const QJsonArray heads = dump.value(QLatin1String("layers")).toArray()[0].toObject().value(QLatin1String("heads")).toArray();
        QCOMPARE(heads.size(), 3);
        const QJsonArray q = heads[2].toObject().value(QLatin1String("q")).toArray();
        QCOMPARE(q.size(), 6);
        QCOMPARE(q[0].toArray().size(), 5);
        const QJsonArray weights = heads[1].toObject().value(QLatin1String("weights")).toArray();
        QCOMPARE(number(weights[0].toArray()[1]), 0.0); // causal: token 0 cannot see token 1
        QCOMPARE(number(weights[0].toArray()[0]), 1.0);
        QVERIFY(dump.value(QLatin1String("config")).toObject().value(QLatin1String("causal")).toBool());
    }

    void emptySentenceGivesValidEmptyDump()
    {
        for (const QString &sentence : {QString(), QStringLiteral("   \t ")}) {
            const AppRun r = runApp({QStringLiteral("--sentence"), sentence, QStringLiteral("--dump"), QStringLiteral("-")});
            QCOMPARE(r.exitCode, 0);
            QJsonParseError error;
            const QJsonObject dump = QJsonDocument::fromJson(r.out, &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(dump.value(QLatin1String("tokens")).toArray().size(), 0);
        }
    }

    void dumpToFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.json"));
        const AppRun r = runApp({QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--dump"), path});
        QCOMPARE(r.exitCode, 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject dump = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(dump.value(QLatin1String("tokens")).toArray().size(), 6);
        QCOMPARE(dump.value(QLatin1String("layers")).toArray()[0].toObject().value(QLatin1String("heads")).toArray().size(), 8);
    }

    void listsPresets()
    {
        const AppRun r = runApp({QStringLiteral("--list-presets")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("seed-hello-world"));
        QVERIFY(r.out.contains("seed-score-table"));
        QVERIFY(r.out.contains("cat-sat"));
    }

    void helpAndVersion()
    {
        AppRun r = runApp({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--dump"));
        QVERIFY2(r.out.startsWith("Usage: attention-explorer [options]"), r.out.left(80).constData());
        r = runApp({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("attention-explorer "));
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString dump = QStringLiteral("--dump");
        const QString out = QStringLiteral("-");
        QTest::addRow("unknown flag") << QStringList{QStringLiteral("--frobnicate")} << 2 << QStringLiteral("frobnicate");
        QTest::addRow("unknown preset") << QStringList{QStringLiteral("--preset"), QStringLiteral("nope"), dump, out} << 2
                                        << QStringLiteral("unknown preset \"nope\"");
        QTest::addRow("negative heads") << QStringList{QStringLiteral("--heads"), QStringLiteral("-3"), dump, out} << 2
                                        << QStringLiteral("--heads");
        QTest::addRow("zero d_model") << QStringList{QStringLiteral("--d-model"), QStringLiteral("0"), dump, out} << 2
                                      << QStringLiteral("--d-model");
        QTest::addRow("fractional d_k") << QStringList{QStringLiteral("--d-k"), QStringLiteral("2.5"), dump, out} << 2
                                        << QStringLiteral("--d-k");
        QTest::addRow("nan temperature") << QStringList{QStringLiteral("--temperature"), QStringLiteral("nan"), dump, out}
                                         << 2 << QStringLiteral("--temperature");
        QTest::addRow("inf temperature") << QStringList{QStringLiteral("--temperature"), QStringLiteral("inf"), dump, out}
                                         << 2 << QStringLiteral("--temperature");
        QTest::addRow("zero temperature") << QStringList{QStringLiteral("--temperature"), QStringLiteral("0"), dump, out}
                                          << 2 << QStringLiteral("--temperature");
        QTest::addRow("bad positional") << QStringList{QStringLiteral("--positional"), QStringLiteral("rope"), dump, out}
                                        << 2 << QStringLiteral("--positional");
        QTest::addRow("stray argument") << QStringList{QStringLiteral("stray"), dump, out} << 2 << QStringLiteral("stray");
        QTest::addRow("unwritable dump") << QStringList{dump, QStringLiteral("/nonexistent/dir/out.json")} << 1
                                         << QStringLiteral("/nonexistent/dir/out.json");
        const QString tooMany = QStringLiteral("w ").repeated(5000);
        QTest::addRow("too many tokens") << QStringList{QStringLiteral("--sentence"), tooMany, dump, out} << 1
                                         << QStringLiteral("limit is 4096");
    }

    void badUsage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const AppRun r = runApp(arguments);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"

// Session files: a hand-written session (tests/data/io/session) reads to what it says; a session
// written and read back is identical to the bit; every kind of broken file gets its own message.
#include "iotestutil.h"

#include "core/io/filebytes.h"
#include "core/io/sessionfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cfloat>

using namespace attn;
using namespace attn::io;

namespace {

Session hardSession()
{
    QRandomGenerator random(99);
    Session session;
    session.sentence = QString::fromUtf8("The \"cat\"\tsat — on the mat.\nZweite Zeile: 日本語 🙂");
    session.presetName = QStringLiteral("seed-cat");
    session.config.heads = 3;
    session.config.dModel = 6;
    session.config.dK = 2;
    session.config.dV = 5;
    session.config.seed = 18446744073709551557ull; // above 2^53: needs the string form
    session.config.causal = true;
    session.config.temperature = 0.7;            // a double with no short binary form
    session.config.scaleByRootDk = false;
    session.config.positional = PositionalEncoding::None;
    session.matrices.weights = LearnedMatrices::glorot(session.config);
    for (HeadWeights &head : session.matrices.weights.heads) {
        iotest::fillHard(head.wQ, random);
        iotest::fillHard(head.wK, random);
        iotest::fillHard(head.wV, random);
    }
    iotest::fillHard(session.matrices.weights.wO, random);
    Matrix v(1, 6);
    iotest::fillHard(v, random);
    v(0, 0) = -0.f;
    session.matrices.embeddings.insert(QStringLiteral("cat"), RowVector(v.row(0)));
    session.view.layer = 0;
    session.view.head = 2;
    session.view.query = 4;
    session.view.key = -1;
    session.view.pinned = true;
    session.view.colorMap = QStringLiteral("cividis");
    session.view.colorScale = QStringLiteral("visible");
    session.view.colorTransfer = QStringLiteral("power");
    session.view.cellValue = QStringLiteral("scores");
    session.view.flowHeads = QStringLiteral("all");
    session.view.flowThreshold = 0.33;
    session.view.flowTopK = 7;
    session.view.windowLayout = QByteArray("\x00\x01layout\xff", 9);
    return session;
}

bool sameMatrixBits(const MatrixSet &a, const MatrixSet &b)
{
    if (a.weights.heads.size() != b.weights.heads.size() || !iotest::sameBits(a.weights.wO, b.weights.wO))
        return false;
    for (size_t h = 0; h < a.weights.heads.size(); ++h) {
        for (MatrixKind kind : {MatrixKind::Query, MatrixKind::Key, MatrixKind::Value}) {
            if (!iotest::sameBits(a.weights.matrix(kind, int(h)), b.weights.matrix(kind, int(h))))
                return false;
        }
    }
    if (a.embeddings.keys() != b.embeddings.keys() && sortedTokens(a.embeddings) != sortedTokens(b.embeddings))
        return false;
    for (const QString &token : a.embeddings.keys()) {
        if (!iotest::sameBits(Matrix(a.embeddings.value(token)), Matrix(b.embeddings.value(token))))
            return false;
    }
    return true;
}

} // namespace

class TestSessionFile : public QObject
{
    Q_OBJECT

private slots:
    void readsHandWrittenSession()
    {
        const Expected<Session> s = loadSession(iotest::dataPath("session/small.attn.json"));
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error()));
        QCOMPARE(s->sentence, QStringLiteral("the cat sat"));
        QCOMPARE(s->config.heads, 2);
        QCOMPARE(s->config.dModel, 3);
        QCOMPARE(s->config.dK, 2);
        QCOMPARE(s->config.dV, 2);
        QCOMPARE(s->config.seed, 7ull);
        QVERIFY(s->config.causal);
        QCOMPARE(s->config.temperature, 0.5);
        QVERIFY(s->config.scaleByRootDk);
        QCOMPARE(s->config.positional, PositionalEncoding::None);
        QCOMPARE(s->view.head, 1);
        QCOMPARE(s->view.query, 2);
        QCOMPARE(s->view.key, 0);
        QVERIFY(s->view.pinned);
        QCOMPARE(s->view.colorMap, QStringLiteral("magma"));
        QCOMPARE(s->view.cellValue, QStringLiteral("scores"));
        QCOMPARE(s->view.flowHeads, QStringLiteral("all"));
        QCOMPARE(s->view.flowThreshold, 0.125);
        QCOMPARE(s->view.flowTopK, 3);
        // Written before the colour scale existed: the 0–1 scale, linear.
        QCOMPARE(s->view.colorScale, QStringLiteral("fixed"));
        QCOMPARE(s->view.colorTransfer, QStringLiteral("linear"));
        // grid(3, 2, 0) of the script: [r, c] = (2r + c)/16 − 1; head 1's w_v starts at offset 30.
        QCOMPARE(s->matrices.weights.heads[0].wQ(2, 1), 5.f / 16.f - 1.f);
        QCOMPARE(s->matrices.weights.heads[1].wV(0, 0), 30.f / 16.f - 1.f);
        QCOMPARE(s->matrices.weights.wO(3, 2), 47.f / 16.f - 1.f);
        const RowVector cat = s->matrices.embeddings.value(QStringLiteral("cat"));
        QCOMPARE(cat.size(), 3);
        QCOMPARE(cat[0], 0.1f);
        QCOMPARE(cat[1], 0.f);
        QVERIFY(std::signbit(cat[1]));
        QCOMPARE(cat[2], FLT_MAX);
    }

    void roundTripIsBitExact()
    {
        const Session session = hardSession();
        const QByteArray bytes = writeSession(session);
        const Expected<Session> back = readSession(bytes, QStringLiteral("s.attn.json"));
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error()));
        QVERIFY(*back == session);
        QVERIFY(sameMatrixBits(back->matrices, session.matrices));
        QCOMPARE(writeSession(*back), bytes);
    }

    void savesAtomicallyAndLoads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("work.attn.json"));
        const Session session = hardSession();
        QCOMPARE(saveSession(path, session), QString());
        Expected<Session> back = loadSession(path);
        QVERIFY(back.ok() && *back == session && sameMatrixBits(back->matrices, session.matrices));
        // Saving again replaces the file whole; no temporary file is left beside it.
        Session changed = session;
        changed.sentence = QStringLiteral("changed");
        QCOMPARE(saveSession(path, changed), QString());
        back = loadSession(path);
        QVERIFY(back.ok() && back->sentence == QStringLiteral("changed"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("work.attn.json")});
    }

    void failedSaveNamesFileAndKeepsOld()
    {
        QTemporaryDir dir;
        const QString missingFolder = dir.filePath(QStringLiteral("no/such/folder/s.attn.json"));
        const QString message = saveSession(missingFolder, hardSession());
        QVERIFY2(message.startsWith(missingFolder), qPrintable(message));

        // The target is a folder: the save fails and the folder (the "old file") is untouched.
        const QString folder = dir.filePath(QStringLiteral("taken.attn.json"));
        QVERIFY(QDir().mkpath(folder + QLatin1String("/inside")));
        QVERIFY(!saveSession(folder, hardSession()).isEmpty());
        QVERIFY(QFileInfo(folder + QLatin1String("/inside")).isDir());
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("message");
        QTest::addRow("not JSON") << QByteArray("{\n \"format\"") << QByteArray("{\n format") << "not valid JSON at line 2, column 2";
        QTest::addRow("truncated") << QByteArray("\"view\"") << QByteArray("\"vi") << "not valid JSON";
        QTest::addRow("matrix file") << QByteArray("attention-explorer-session") << QByteArray("attention-explorer-matrices")
                                     << "not an Attention Explorer file (\"format\" should be \"attention-explorer-session\")";
        QTest::addRow("newer version") << QByteArray("\"version\": 1") << QByteArray("\"version\": 7")
                                       << "format version 7 is not supported";
        QTest::addRow("sentence missing") << QByteArray("\"sentence\"") << QByteArray("\"sentences\"") << "session.sentence is missing";
        QTest::addRow("sentence type") << QByteArray("\"the cat sat\"") << QByteArray("42") << "session.sentence is a number, expected a string";
        QTest::addRow("heads type") << QByteArray("\"heads\": 2") << QByteArray("\"heads\": \"2\"") << "config.heads is a string, expected a number";
        QTest::addRow("heads range") << QByteArray("\"heads\": 2") << QByteArray("\"heads\": 100000") << "config.heads must be a whole number from 1 to 64, got 100000";
        QTest::addRow("heads fraction") << QByteArray("\"heads\": 2") << QByteArray("\"heads\": 2.5") << "config.heads must be a whole number";
        QTest::addRow("d_model huge") << QByteArray("\"d_model\": 3") << QByteArray("\"d_model\": 1e300") << "config.d_model must be a whole number from 1 to 4096";
        QTest::addRow("seed negative") << QByteArray("\"seed\": 7") << QByteArray("\"seed\": -7") << "config.seed must be a whole number";
        QTest::addRow("temperature") << QByteArray("\"temperature\": 0.5") << QByteArray("\"temperature\": 0") << "temperature must be a finite number above 0";
        QTest::addRow("positional") << QByteArray("\"none\"") << QByteArray("\"learned\"") << "config.positional is \"learned\"; known values: none, sinusoidal";
        QTest::addRow("shape vs config") << QByteArray("\"d_k\": 2") << QByteArray("\"d_k\": 3") << "layer0.head0.w_q: expected shape 3×3, found 3×2";
        QTest::addRow("heads vs config") << QByteArray("\"heads\": 2") << QByteArray("\"heads\": 3") << "layer0 has 2 heads; the configuration has 3";
        QTest::addRow("NaN entry") << QByteArray("-0.9375") << QByteArray("\"NaN\"") << "layer0.head0.w_q: entry [0, 1] is a string, expected a number";
        QTest::addRow("embedding width") << QByteArray("0.1,") << QByteArray("") << "embeddings.cat: expected 3 numbers (d_model), found 2";
        QTest::addRow("embeddings type") << QByteArray("\"embeddings\": {") << QByteArray("\"embeddings\": 5, \"x\": {") << "\"embeddings\" is a number, expected an object";
        QTest::addRow("colour map") << QByteArray("\"magma\"") << QByteArray("\"jet\"") << "view.color_map is \"jet\"; known values: viridis, magma, cividis, greys";
        QTest::addRow("colour transfer") << QByteArray("\"magma\"") << QByteArray("\"magma\", \"color_transfer\": \"cubic\"")
                                         << "view.color_transfer is \"cubic\"; known values: linear, power, log";
        QTest::addRow("view head") << QByteArray("\"head\": 1") << QByteArray("\"head\": -3") << "view.head must be a whole number from 0 to 63";
        QTest::addRow("threshold") << QByteArray("\"flow_threshold\": 0.125") << QByteArray("\"flow_threshold\": 2") << "view.flow_threshold must be between 0 and 1";
        QTest::addRow("duplicate key") << QByteArray("\"preset\": \"\"") << QByteArray("\"sentence\": \"x\"") << "the key \"sentence\" appears twice";
        QTest::addRow("not an object") << QByteArray() << QByteArray("[1, 2]") << "expected a JSON object, found an array";
    }
    void refused()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, message);
        QByteArray text = testutils::readFileBytes(iotest::dataPath("session/small.attn.json"));
        QVERIFY(!text.isEmpty());
        if (from.isEmpty()) {
            text = to;
        } else {
            QVERIFY2(text.contains(from), from.constData());
            text.replace(text.indexOf(from), from.size(), to);
        }
        const Expected<Session> s = readSession(text, QStringLiteral("bad.attn.json"));
        QVERIFY(!s.ok());
        QVERIFY2(s.error().startsWith(QStringLiteral("bad.attn.json: ")), qPrintable(s.error()));
        QVERIFY2(s.error().contains(message), qPrintable(s.error()));
    }

    void tooManyCharacters()
    {
        Session session = hardSession();
        session.sentence = QString(Limits::maxTextLength + 1, QLatin1Char('a'));
        const Expected<Session> s = readSession(writeSession(session), QStringLiteral("long.attn.json"));
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("the sentence has 100001 characters; the limit is 100000")), qPrintable(s.error()));
    }

    void oversizedFileIsNotRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.attn.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(kMaxJsonFileBytes + 1)); // sparse: costs no disk and is never read
        file.close();
        const Expected<Session> s = loadSession(path);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("files above 256 MiB are not read")), qPrintable(s.error()));
    }

    void truncatedAnywhereIsRefused()
    {
        const QByteArray good = writeSession(hardSession());
        for (qsizetype length = 0; length + 2 < good.size(); length += 13)
            QVERIFY(!readSession(good.left(length), QStringLiteral("cut.attn.json")).ok());
    }
};

QTEST_GUILESS_MAIN(TestSessionFile)
#include "tst_sessionfile.moc"

// --export run as a person or a script would: the real executable, no DISPLAY, no QT_QPA_PLATFORM.
// Every view × every format; PNG sizes and the colour of known cells; SVG as XML with the tokens as
// text; PDF with one page of the content's size; CSV and JSON against the engine's own numbers.
#include "testutils.h"
#include "../ui/tst_exportcsv.h"

#include "core/engine/attentionengine.h"
#include "core/engine/presets.h"
#include "core/tokenizers/wordtokenizer.h"
#include "views/colormap/colormap.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>
#include <cmath>
#include <deque>

using exporttest::CsvBlock;

namespace {

using testutils::readFileBytes;
using testutils::writeFile;

using testutils::AppRun;
using testutils::runApp;


// The numbers of one input: per head, its weights and scores.
struct Dump
{
    QStringList tokens;
    QList<QList<QList<float>>> weights; // [head][query][key]
    QList<QList<QList<float>>> scores;
};

QList<QList<float>> matrixOf(const QJsonArray &rows)
{
    QList<QList<float>> m;
    for (const QJsonValue &row : rows) {
        QList<float> r;
        for (const QJsonValue &v : row.toArray())
            r << float(v.toDouble(std::nan("")));
        m << r;
    }
    return m;
}

Dump dumpOf(const QJsonObject &json, int layer = 0)
{
    Dump dump;
    for (const QJsonValue &token : json.value(QLatin1String("tokens")).toArray())
        dump.tokens << token.toString();
    const QJsonObject layerObject = json.value(QLatin1String("layers")).toArray()[layer].toObject();
    const QJsonArray heads = layerObject.value(QLatin1String("heads")).toArray();
    for (const QJsonValue &head : heads) {
        dump.weights << matrixOf(head.toObject().value(QLatin1String("weights")).toArray());
        dump.scores << matrixOf(head.toObject().value(QLatin1String("scores")).toArray());
    }
    return dump;
}

// The same numbers straight from the engine, with the input the command line builds for
// `--preset NAME` (the preset's matrices) or `--sentence TEXT` (default configuration, Glorot).
Dump engineNumbers(const QStringList &input)
{
    attn::AttentionLayerInput engine;
    if (input.value(0) == QLatin1String("--preset")) {
        const attn::Preset *preset = attn::findPreset(input.value(1));
        if (!preset)
            return {};
        engine.tokens = attn::tokenizeWords(preset->sentence);
        engine.config = preset->config;
        engine.weights = attn::presetWeights(*preset);
        engine.embeddings = preset->embeddings;
    } else {
        engine.tokens = attn::tokenizeWords(input.value(1));
        engine.weights = attn::LearnedMatrices::glorot(engine.config);
    }
    const attn::Expected<attn::ResultPtr> result = attn::computeAttention(engine);
    if (!result)
        return {};
    Dump dump;
    for (const attn::Token &token : (*result)->tokens)
        dump.tokens << token.text;
    auto toList = [](const attn::Matrix &m) {
        QList<QList<float>> rows;
        for (Eigen::Index r = 0; r < m.rows(); ++r) {
            QList<float> row;
            for (Eigen::Index c = 0; c < m.cols(); ++c)
                row << m(r, c);
            rows << row;
        }
        return rows;
    };
    for (const attn::HeadResult &head : (*result)->layers.front().heads) {
        dump.weights << toList(head.weights);
        dump.scores << toList(head.scores);
    }
    return dump;
}

// What an SVG says about itself: its viewBox size, title and every text element.
struct SvgInfo
{
    bool valid = false;
    QString error;
    QSizeF size;
    QString title;
    QStringList texts;
};

SvgInfo readSvg(const QByteArray &bytes)
{
    SvgInfo info;
    QXmlStreamReader xml(bytes);
    bool root = true;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (root && xml.name() == QLatin1String("svg")) {
            const QStringList box = xml.attributes().value(QLatin1String("viewBox")).toString().split(u' ');
            if (box.size() == 4)
                info.size = QSizeF(box[2].toDouble(), box[3].toDouble());
            root = false;
        } else if (xml.name() == QLatin1String("title") && info.title.isEmpty()) {
            info.title = xml.readElementText();
        } else if (xml.name() == QLatin1String("text")) {
            info.texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
        }
    }
    info.valid = !xml.hasError();
    info.error = xml.errorString();
    return info;
}

// The first page's size in points, from its /MediaBox.
QSizeF pdfPageSize(const QByteArray &pdf)
{
    static const QRegularExpression mediaBox(
        QStringLiteral("/MediaBox \\[\\s*([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s*\\]"));
    const QRegularExpressionMatch m = mediaBox.match(QString::fromLatin1(pdf));
    if (!m.hasMatch())
        return {};
    return {m.captured(3).toDouble() - m.captured(1).toDouble(), m.captured(4).toDouble() - m.captured(2).toDouble()};
}

int pdfPageCount(const QByteArray &pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    return int(QString::fromLatin1(pdf).count(page));
}

// 4-connected regions of exactly one colour, largest first.
struct Region
{
    QRect box;
    int pixels = 0;
};

QList<Region> regionsOf(const QImage &source, QRgb colour)
{
    const QImage image = source.convertToFormat(QImage::Format_RGB32);
    const int w = image.width();
    const int h = image.height();
    std::vector<char> seen(size_t(w) * size_t(h), 0);
    QList<Region> regions;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            if (seen[size_t(y) * w + x] || (image.pixel(x, y) | 0xff000000) != (colour | 0xff000000))
                continue;
            Region region;
            int left = x, right = x, top = y, bottom = y;
            std::deque<QPoint> todo{QPoint(x, y)};
            seen[size_t(y) * w + x] = 1;
            while (!todo.empty()) {
                const QPoint p = todo.front();
                todo.pop_front();
                ++region.pixels;
                left = std::min(left, p.x());
                right = std::max(right, p.x());
                top = std::min(top, p.y());
                bottom = std::max(bottom, p.y());
                for (const QPoint d : {QPoint(1, 0), QPoint(-1, 0), QPoint(0, 1), QPoint(0, -1)}) {
                    const QPoint n = p + d;
                    if (n.x() < 0 || n.y() < 0 || n.x() >= w || n.y() >= h || seen[size_t(n.y()) * w + n.x()])
                        continue;
                    if ((image.pixel(n) | 0xff000000) != (colour | 0xff000000))
                        continue;
                    seen[size_t(n.y()) * w + n.x()] = 1;
                    todo.push_back(n);
                }
            }
            region.box = QRect(QPoint(left, top), QPoint(right, bottom));
            regions << region;
        }
    }
    std::sort(regions.begin(), regions.end(), [](const Region &a, const Region &b) { return a.pixels > b.pixels; });
    return regions;
}

// The 2 × 2 matrix of seed-score-table: weights a on the diagonal, b off it. Finds its four cells
// by their colours and checks they sit as a matrix does; returns cell (0, 0)'s box.
QRect locateScoreTable(const QImage &image, QRgb diagonal, QRgb offDiagonal, QString *problem)
{
    const QList<Region> a = regionsOf(image, diagonal);
    const QList<Region> b = regionsOf(image, offDiagonal);
    if (a.size() < 2 || b.size() < 2) {
        *problem = QStringLiteral("found %1 regions of #%2 and %3 of #%4")
                       .arg(a.size()).arg(diagonal & 0xffffff, 6, 16, QLatin1Char('0'))
                       .arg(b.size()).arg(offDiagonal & 0xffffff, 6, 16, QLatin1Char('0'));
        return {};
    }
    auto byX = [](const Region &l, const Region &r) { return l.box.left() < r.box.left(); };
    QList<Region> diag = a.mid(0, 2);
    QList<Region> off = b.mid(0, 2);
    std::sort(diag.begin(), diag.end(), byX);
    std::sort(off.begin(), off.end(), byX);
    const QRect c00 = diag[0].box, c11 = diag[1].box, c10 = off[0].box, c01 = off[1].box;
    const int tolerance = 3;
    auto near = [&](int p, int q) { return std::abs(p - q) <= tolerance; };
    const bool matrix = near(c00.top(), c01.top()) && near(c10.top(), c11.top()) && near(c00.left(), c10.left())
        && near(c01.left(), c11.left()) && c01.left() > c00.right() - tolerance && c10.top() > c00.bottom() - tolerance;
    if (!matrix) {
        *problem = QStringLiteral("cells not in a 2 × 2 layout: (0,0) %1,%2 (0,1) %3,%4 (1,0) %5,%6 (1,1) %7,%8")
                       .arg(c00.x()).arg(c00.y()).arg(c01.x()).arg(c01.y()).arg(c10.x()).arg(c10.y())
                       .arg(c11.x()).arg(c11.y());
        return {};
    }
    return c00;
}

QStringList args(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *item : list)
        out << QString::fromUtf8(item);
    return out;
}

// --export PATH and more arguments.
QStringList exportTo(const QString &path, std::initializer_list<const char *> extra = {})
{
    return QStringList{QStringLiteral("--export"), path} + args(extra);
}

const QStringList scoreTable{QStringLiteral("--preset"), QStringLiteral("seed-score-table")};
const QStringList catSat{QStringLiteral("--sentence"), QStringLiteral("The cat sat on the mat")};

} // namespace

class TestExportCli : public QObject
{
    Q_OBJECT

private slots:
    void everyViewEveryFormat_data()
    {
        QTest::addColumn<QStringList>("input");
        QTest::addColumn<QString>("view");
        for (const QString &view : args({"heatmap", "heads", "flow", "arc", "steps"})) {
            QTest::addRow("score table, %s", qPrintable(view)) << scoreTable << view;
            QTest::addRow("cat sat, %s", qPrintable(view)) << catSat << view;
        }
    }
    void everyViewEveryFormat()
    {
        QFETCH(QStringList, input);
        QFETCH(QString, view);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        const Dump dump = engineNumbers(input);
        QVERIFY(!dump.tokens.isEmpty());

        auto exportFile = [&](const QString &name, const QStringList &extra = {}) {
            const QString path = dir.filePath(name);
            const AppRun r = runApp(input + exportTo(path) + QStringList{QStringLiteral("--view"), view} + extra);
            if (r.exitCode != 0)
                qWarning("%s: exit %d: %s", qPrintable(name), r.exitCode, qPrintable(r.err));
            return r.exitCode == 0 ? readFileBytes(path) : QByteArray();
        };

        // SVG: XML, sized to the content, a title, every token as text.
        const QByteArray svgBytes = exportFile(QStringLiteral("x.svg"));
        QVERIFY(!svgBytes.isEmpty());
        const SvgInfo svg = readSvg(svgBytes);
        QVERIFY2(svg.valid, qPrintable(svg.error));
        QVERIFY(svg.size.width() > 50 && svg.size.height() > 50);
        QVERIFY(!svg.title.isEmpty());
        const QString allText = svg.texts.join(u' ');
        for (const QString &token : dump.tokens)
            QVERIFY2(svg.texts.contains(token) || allText.contains(token),
                     qPrintable(QStringLiteral("no text \"%1\" in: %2").arg(token, allText.left(400))));

        // PDF: one page exactly the content's size (96 content pixels = 72 points offscreen).
        const QByteArray pdf = exportFile(QStringLiteral("x.pdf"));
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(pdfPageCount(pdf), 1);
        const QSizeF page = pdfPageSize(pdf);
        QVERIFY(std::abs(page.width() - svg.size.width() * 0.75) < 1.0);
        QVERIFY(std::abs(page.height() - svg.size.height() * 0.75) < 1.0);

        // PNG: the content size times the scale; not blank.
        QImage png[3];
        const int scales[3] = {1, 2, 4};
        for (int i = 0; i < 3; ++i) {
            const QByteArray bytes = exportFile(QStringLiteral("x%1.png").arg(scales[i]),
                                              {QStringLiteral("--scale"), QString::number(scales[i])});
            QVERIFY(png[i].loadFromData(bytes, "PNG"));
            QCOMPARE(png[i].size(), (svg.size * scales[i]).toSize());
        }
        int drawn = 0;
        for (int y = 0; y < png[0].height(); ++y) {
            for (int x = 0; x < png[0].width(); ++x)
                drawn += png[0].pixel(x, y) != png[0].pixel(0, 0);
        }
        QVERIFY2(drawn > png[0].width() * png[0].height() / 50, qPrintable(QString::number(drawn)));

        // The known cells of §2.4: viridis at 0.5498 on the diagonal, at 0.4502 off it, in every
        // heatmap, where a 2 × 2 matrix sits, at every scale.
        if (input == scoreTable && (view == QLatin1String("heatmap") || view == QLatin1String("heads"))) {
            const float a = dump.weights[0][0][0];
            const float b = dump.weights[0][0][1];
            QVERIFY(std::abs(a - 0.5498f) < 1e-4f && std::abs(b - 0.4502f) < 1e-4f);
            const QRgb diagonal = attn::ui::colorAt(attn::ui::ColorMapId::Viridis, a);
            const QRgb offDiagonal = attn::ui::colorAt(attn::ui::ColorMapId::Viridis, b);
            QVERIFY(diagonal != offDiagonal);
            QRect cell[3];
            for (int i = 0; i < 3; ++i) {
                QString problem;
                cell[i] = locateScoreTable(png[i], diagonal, offDiagonal, &problem);
                QVERIFY2(cell[i].isValid(), qPrintable(QStringLiteral("%1×: %2").arg(scales[i]).arg(problem)));
                QVERIFY(cell[i].width() >= 8 * scales[i]);
                QCOMPARE(png[i].pixel(cell[i].topLeft() + QPoint(1, 1)) | 0xff000000, diagonal | 0xff000000);
            }
            // The cell scales with the image.
            for (int i = 1; i < 3; ++i) {
                QVERIFY(std::abs(cell[i].left() - cell[0].left() * scales[i]) <= scales[i] + 1);
                QVERIFY(std::abs(cell[i].top() - cell[0].top() * scales[i]) <= scales[i] + 1);
                QVERIFY(std::abs(cell[i].width() - cell[0].width() * scales[i]) <= 2 * scales[i] + 1);
            }
        }

        // CSV and JSON: the shown heads' numbers, exactly the engine's.
        const QList<int> heads = view == QLatin1String("heads")
            ? [&] { QList<int> all; for (int h = 0; h < dump.weights.size(); ++h) all << h; return all; }()
            : QList<int>{0};
        QString problem;
        const QList<CsvBlock> blocks = exporttest::csvBlocks(exportFile(QStringLiteral("x.csv")), &problem);
        QVERIFY2(blocks.size() == 2 * heads.size(), qPrintable(problem));
        for (int i = 0; i < heads.size(); ++i) {
            for (int part = 0; part < 2; ++part) {
                const CsvBlock &block = blocks[2 * i + part];
                QCOMPARE(block.title, QStringLiteral("layer 0 head %1 %2")
                                          .arg(heads[i]).arg(QLatin1String(part ? "scores" : "weights")));
                QCOMPARE(block.columnTokens, dump.tokens);
                QCOMPARE(block.rowTokens, dump.tokens);
                QCOMPARE(block.values, part ? dump.scores[heads[i]] : dump.weights[heads[i]]);
            }
        }
        const QJsonObject json = QJsonDocument::fromJson(exportFile(QStringLiteral("x.json"))).object();
        QCOMPARE(json.value(QLatin1String("format")).toString(), QStringLiteral("attention-explorer-dump"));
        QJsonArray expectedHeads;
        for (int h : heads)
            expectedHeads << h;
        const QJsonArray selection = json.value(QLatin1String("selection")).toArray();
        QCOMPARE(selection.size(), 1);
        QCOMPARE(selection[0].toObject().value(QLatin1String("layer")).toInt(), 0);
        QCOMPARE(selection[0].toObject().value(QLatin1String("heads")).toArray(), expectedHeads);
        const Dump selected = dumpOf(json);
        QCOMPARE(selected.tokens, dump.tokens);
        for (int i = 0; i < heads.size(); ++i) {
            QCOMPARE(selected.weights[i], dump.weights[heads[i]]);
            QCOMPARE(selected.scores[i], dump.scores[heads[i]]);
        }
    }

    void doneCriterionEveryHeadOnOneSheet()
    {
        // The issue's own command: the file's name asks for the heads view.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("heads.svg"));
        const AppRun r = runApp(catSat + QStringList{QStringLiteral("--export"), path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const SvgInfo svg = readSvg(readFileBytes(path));
        QVERIFY2(svg.valid, qPrintable(svg.error));
        for (int head = 0; head < 8; ++head)
            QVERIFY2(svg.texts.contains(QStringLiteral("head %1").arg(head)), qPrintable(svg.texts.join(u'|')));
        for (const char *token : {"The", "cat", "sat", "on", "the", "mat"})
            QVERIFY2(svg.texts.contains(QLatin1String(token)), token);
        QVERIFY(svg.title.contains(QLatin1String("The cat sat on the mat")));
    }

    void headAndQueryChooseWhatIsDrawn()
    {
        QTemporaryDir dir;
        // --head picks the head whose numbers are written.
        const Dump dump = engineNumbers(catSat);
        const QString csv = dir.filePath(QStringLiteral("w.csv"));
        QCOMPARE(runApp(catSat + exportTo(csv, {"--head", "5"})).exitCode, 0);
        const QList<CsvBlock> blocks = exporttest::csvBlocks(readFileBytes(csv));
        QCOMPARE(blocks.size(), 2);
        QCOMPARE(blocks[0].title, QStringLiteral("layer 0 head 5 weights"));
        QCOMPARE(blocks[0].values, dump.weights[5]);

        // --query focuses a token: the flow diagram draws only its arrows, so it differs.
        const QString all = dir.filePath(QStringLiteral("all.png"));
        const QString one = dir.filePath(QStringLiteral("one.png"));
        QCOMPARE(runApp(catSat + exportTo(all, {"--view", "arc"})).exitCode, 0);
        QCOMPARE(runApp(catSat + exportTo(one, {"--view", "arc", "--query", "1"})).exitCode, 0);
        QVERIFY(readFileBytes(all) != readFileBytes(one));

        // The step panel walks through the chosen query's attention.
        const QString steps = dir.filePath(QStringLiteral("steps.svg"));
        QCOMPARE(runApp(catSat + exportTo(steps, {"--query", "2", "--head", "3"})).exitCode, 0);
        const SvgInfo svg = readSvg(readFileBytes(steps));
        QVERIFY2(svg.texts.join(u' ').contains(QLatin1String("sat")), qPrintable(svg.title));
    }

    void pngAtAChosenSize()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sized.png"));
        const AppRun r = runApp(scoreTable + exportTo(path, {"--size", "1200x900"}));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(QImage(path).size(), QSize(1200, 900));
        const QString widthOnly = dir.filePath(QStringLiteral("wide.png"));
        QCOMPARE(runApp(scoreTable + exportTo(widthOnly, {"--size", "1000"})).exitCode, 0);
        QCOMPARE(QImage(widthOnly).width(), 1000);
    }

    void worksWhateverPlatformIsSet()
    {
        // A desktop's QT_QPA_PLATFORM=xcb must not stop an export over ssh.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.png"));
        const AppRun r = runApp(scoreTable + QStringList{QStringLiteral("--export"), path}, {.platform = QStringLiteral("xcb")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!QImage(path).isNull());
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("arguments"); // FILE stands for a path in a fresh folder
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        auto row = [](const char *name, const QStringList &input, std::initializer_list<const char *> extra,
                      const char *file, int exitCode, const char *message) {
            QTest::newRow(name) << input + args(extra) << QString::fromUtf8(file) << exitCode
                                << QString::fromUtf8(message);
        };
        row("unknown extension", scoreTable, {"--export", "FILE"}, "x.jpg", 2, ".svg");
        row("no extension", scoreTable, {"--export", "FILE"}, "figure", 2, "extension");
        row("unknown view", scoreTable, {"--export", "FILE", "--view", "pie"}, "x.png", 2, "--view");
        row("head out of range", scoreTable, {"--export", "FILE", "--head", "3"}, "x.png", 2, "--head 3");
        row("layer out of range", scoreTable, {"--export", "FILE", "--layer", "1"}, "x.svg", 2, "--layer 1");
        row("query out of range", scoreTable, {"--export", "FILE", "--query", "2"}, "x.pdf", 2, "--query 2");
        row("negative head", scoreTable, {"--export", "FILE", "--head", "-1"}, "x.png", 2, "--head");
        row("zero scale", scoreTable, {"--export", "FILE", "--scale", "0"}, "x.png", 2, "--scale");
        row("scale not a number", scoreTable, {"--export", "FILE", "--scale", "big"}, "x.png", 2, "--scale");
        row("bad size", scoreTable, {"--export", "FILE", "--size", "0x10"}, "x.png", 2, "--size");
        row("scale and size", scoreTable, {"--export", "FILE", "--scale", "2", "--size", "100"},
            "x.png", 2, "not both");
        row("view without export", scoreTable, {"--view", "heads"}, "x.png", 2, "--export");
        row("dump and export", scoreTable, {"--dump", "-", "--export", "FILE"}, "x.png", 2, "not both");
        row("too large a PNG", catSat, {"--export", "FILE", "--scale", "60"}, "x.png", 1, "SVG or PDF");
        row("missing folder", scoreTable, {"--export", "FILE"}, "no/such/dir/x.png", 1, "cannot write");
        row("below a file", scoreTable, {"--export", "FILE"}, "blocker/x.svg", 1, "cannot write");
        row("a folder", scoreTable, {"--export", "FILE"}, "folder.csv", 1, "folder");
    }
    void refusals()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder.csv")));
        const QString path = dir.filePath(file);
        arguments.replaceInStrings(QRegularExpression(QStringLiteral("^FILE$")), path);
        const QStringList before = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);

        const AppRun r = runApp(arguments);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        // One line that says what is wrong (Qt may add its own notes, e.g. about XDG_RUNTIME_DIR).
        QVERIFY2(r.err.contains(QRegularExpression(QStringLiteral("(^|\\n)attention-explorer: [^\\n]*")
                                                       + QRegularExpression::escape(message))),
                 qPrintable(r.err));
        // Nothing written, not even a temporary file.
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), before);
    }

    void failedExportKeepsTheExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("figure.png"));
        QVERIFY(writeFile(path, "the figure from yesterday"));
        QCOMPARE(runApp(catSat + exportTo(path, {"--scale", "60"})).exitCode, 1);
        QCOMPARE(readFileBytes(path), QByteArray("the figure from yesterday"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({QStringLiteral("figure.png")}));
    }
};

QTEST_MAIN(TestExportCli)
#include "tst_exportcli.moc"

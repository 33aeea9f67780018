// The view-independent exporters, driven by a fake ExportableView whose drawing is known exactly:
// PNG sizes and pixels at every scale, SVG structure and text, PDF page size, atomic writes.
#include "export/exportformat.h"
#include "export/fileexporter.h"
#include "export/viewrenderer.h"
#include "testutils.h"
#include "views/exportableview.h"

#include <QFile>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::writeFile;

constexpr QRgb kBlock = 0xff123456;
constexpr QRgb kFocus = 0xffff0000;

// Draws, in a 200 × 100 content: a white page, a 40 × 40 block of kBlock at (10, 10), two labels
// (one with XML's special characters), a 2 × 2 image scaled to 80 × 80 at (110, 10), and, when the
// focus is included, a kFocus square at (60, 10).
class FakeView : public ExportableView
{
public:
    QSize size{200, 100};
    mutable QSize paintedSize;
    mutable int paints = 0;

    QString exportName() const override { return QStringLiteral("fake"); }
    QString exportTitle() const override { return QStringLiteral("Fake view <&> “quoted”"); }
    QSize contentSize() const override { return size; }
    void paintContent(QPainter &painter, const QSize &s, bool includeFocus) const override
    {
        ++paints;
        paintedSize = s;
        painter.fillRect(QRect(QPoint(0, 0), s), Qt::white);
        painter.fillRect(QRect(10, 10, 40, 40), QColor::fromRgb(kBlock));
        if (includeFocus)
            painter.fillRect(QRect(60, 10, 20, 20), QColor::fromRgb(kFocus));
        QFont font = painter.font();
        font.setPixelSize(12);
        painter.setFont(font);
        painter.setPen(Qt::black);
        painter.drawText(QPointF(10, 70), QStringLiteral("alpha"));
        painter.drawText(QPointF(10, 90), QStringLiteral("β&<gamma>"));
        painter.drawText(QPointF(60, 90), QStringLiteral("bell\x07")); // XML 1.0 forbids it even escaped
        QImage cells(2, 2, QImage::Format_RGB32);
        cells.setPixel(0, 0, 0xff000000);
        cells.setPixel(1, 0, 0xffffffff);
        cells.setPixel(0, 1, 0xffffffff);
        cells.setPixel(1, 1, 0xff000000);
        painter.drawImage(QRectF(110, 10, 80, 80), cells);
    }
};

// An export source that shows a FakeView and has no result. One view serves every test: it is
// only painted, never changed.
ExportSource fakeViewSource()
{
    static const FakeView view;
    ExportSource source;
    source.view = &view;
    return source;
}

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestExportRender : public QObject
{
    Q_OBJECT

private slots:
    void formatFromExtension_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("format"); // -1: none
        QTest::addRow("png") << "a/b/figure.png" << int(ExportFormat::Png);
        QTest::addRow("upper case") << "FIGURE.SVG" << int(ExportFormat::Svg);
        QTest::addRow("pdf") << "x.y.pdf" << int(ExportFormat::Pdf);
        QTest::addRow("csv") << "weights.csv" << int(ExportFormat::Csv);
        QTest::addRow("json") << "w.Json" << int(ExportFormat::Json);
        QTest::addRow("jpeg") << "photo.jpg" << -1;
        QTest::addRow("no extension") << "figure" << -1;
        QTest::addRow("dot file") << ".png.txt" << -1;
        QTest::addRow("stdout") << "-" << -1;
    }
    void formatFromExtension()
    {
        QFETCH(QString, path);
        QFETCH(int, format);
        const std::optional<ExportFormat> found = exportFormatForPath(path);
        QCOMPARE(found ? int(*found) : -1, format);
    }

    void nameFiltersRoundTrip()
    {
        const QStringList filters = exportNameFilters();
        QCOMPARE(filters.size(), 5);
        for (const QString &filter : filters) {
            const std::optional<ExportFormat> format = exportFormatForNameFilter(filter);
            QVERIFY(format);
            QVERIFY2(filter.contains(QStringLiteral("*.") + exportFormatExtension(*format)), qPrintable(filter));
        }
    }

    void pngPlan_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<QSize>("wanted");
        QTest::addColumn<QSize>("pixels");
        QTest::addColumn<QSize>("logical");
        QTest::addColumn<double>("ratio");
        // content 200 × 100
        QTest::addRow("1×") << 1.0 << QSize() << QSize(200, 100) << QSize(200, 100) << 1.0;
        QTest::addRow("2×") << 2.0 << QSize() << QSize(400, 200) << QSize(200, 100) << 2.0;
        QTest::addRow("4×") << 4.0 << QSize() << QSize(800, 400) << QSize(200, 100) << 4.0;
        QTest::addRow("1.5×") << 1.5 << QSize() << QSize(300, 150) << QSize(200, 100) << 1.5;
        QTest::addRow("width only") << 1.0 << QSize(1000, 0) << QSize(1000, 500) << QSize(200, 100) << 5.0;
        QTest::addRow("height only") << 1.0 << QSize(0, 300) << QSize(600, 300) << QSize(200, 100) << 3.0;
        // A square image: the content fits by width and the view gets the extra height.
        QTest::addRow("square") << 1.0 << QSize(1000, 1000) << QSize(1000, 1000) << QSize(200, 200) << 5.0;
        QTest::addRow("smaller") << 1.0 << QSize(100, 100) << QSize(100, 100) << QSize(200, 200) << 0.5;
    }
    void pngPlan()
    {
        QFETCH(double, scale);
        QFETCH(QSize, wanted);
        QFETCH(QSize, pixels);
        QFETCH(QSize, logical);
        QFETCH(double, ratio);
        ImageExportOptions options;
        options.scale = scale;
        options.pixelSize = wanted;
        const Expected<PngPlan> plan = ViewRenderer::planPng(QSize(200, 100), options);
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error()));
        QCOMPARE(plan->pixelSize, pixels);
        QCOMPARE(plan->logicalSize, logical);
        QCOMPARE(plan->ratio, ratio);
    }

    void pngPlanRefuses_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<QSize>("wanted");
        QTest::addColumn<QString>("mentions");
        QTest::addRow("zero scale") << 0.0 << QSize() << "scale";
        QTest::addRow("negative scale") << -2.0 << QSize() << "scale";
        QTest::addRow("NaN scale") << double(NAN) << QSize() << "scale";
        QTest::addRow("infinite scale") << double(INFINITY) << QSize() << "scale";
        QTest::addRow("too many pixels") << 200.0 << QSize() << "SVG or PDF";
        QTest::addRow("too wide") << 1.0 << QSize(40000, 0) << "SVG or PDF";
        QTest::addRow("negative size") << 1.0 << QSize(-5, 10) << "negative";
    }
    void pngPlanRefuses()
    {
        QFETCH(double, scale);
        QFETCH(QSize, wanted);
        QFETCH(QString, mentions);
        ImageExportOptions options;
        options.scale = scale;
        options.pixelSize = wanted;
        const Expected<PngPlan> plan = ViewRenderer::planPng(QSize(200, 100), options);
        QVERIFY(!plan);
        QVERIFY2(plan.error().contains(mentions), qPrintable(plan.error()));
    }

    void imageAtEveryScale_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("includeFocus");
        for (double scale : {1.0, 2.0, 4.0}) {
            QTest::addRow("%g× with focus", scale) << scale << true;
            QTest::addRow("%g× without focus", scale) << scale << false;
        }
    }
    void imageAtEveryScale()
    {
        QFETCH(double, scale);
        QFETCH(bool, includeFocus);
        FakeView view;
        ImageExportOptions options;
        options.scale = scale;
        options.includeFocus = includeFocus;
        const Expected<QImage> image = ViewRenderer::renderImage(view, options);
        QVERIFY(image);
        QCOMPARE(image->size(), QSize(int(200 * scale), int(100 * scale)));
        QCOMPARE(image->devicePixelRatio(), scale);
        QCOMPARE(view.paintedSize, QSize(200, 100)); // painted in logical units
        // The block covers logical (10..50, 10..50): device pixels scale with it, edges included.
        const int s = int(scale);
        QCOMPARE(image->pixel(10 * s, 10 * s), kBlock);
        QCOMPARE(image->pixel(50 * s - 1, 50 * s - 1), kBlock);
        QCOMPARE(image->pixel(50 * s, 30 * s), 0xffffffff);
        QCOMPARE(image->pixel(70 * s, 20 * s), includeFocus ? kFocus : 0xffffffff);
        // The 2 × 2 image is scaled without smoothing: its quadrants stay pure black and white.
        QCOMPARE(image->pixel(111 * s, 11 * s), 0xff000000);
        QCOMPARE(image->pixel(189 * s, 11 * s), 0xffffffff);
        // A print resolution that places the image at the content's size.
        QCOMPARE(qRound(image->dotsPerMeterX() * 0.0254 / scale), ViewRenderer::exportDpi());
    }

    void imageAtExactSize()
    {
        FakeView view;
        ImageExportOptions options;
        options.pixelSize = QSize(1000, 1000);
        const Expected<QImage> image = ViewRenderer::renderImage(view, options);
        QVERIFY(image);
        QCOMPARE(image->size(), QSize(1000, 1000));
        QCOMPARE(view.paintedSize, QSize(200, 200)); // the view lays itself out in the taller page
        QCOMPARE(image->pixel(100, 100), kBlock);     // logical (20, 20) at 5×
    }

    void svgIsXmlSizedToContentWithTextAsText()
    {
        FakeView view;
        const QByteArray svg = ViewRenderer::renderSvg(view, true);
        QXmlStreamReader xml(svg);
        QString rootWidth, rootHeight, viewBox, title, description;
        QStringList texts;
        int images = 0;
        bool crispStyle = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("svg") && viewBox.isEmpty()) {
                rootWidth = xml.attributes().value(QLatin1String("width")).toString();
                rootHeight = xml.attributes().value(QLatin1String("height")).toString();
                viewBox = xml.attributes().value(QLatin1String("viewBox")).toString();
            } else if (xml.name() == QLatin1String("title")) {
                title = xml.readElementText();
            } else if (xml.name() == QLatin1String("desc")) {
                description = xml.readElementText();
            } else if (xml.name() == QLatin1String("text")) {
                texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            } else if (xml.name() == QLatin1String("image")) {
                ++images;
            } else if (xml.name() == QLatin1String("style")) {
                crispStyle = xml.readElementText().contains(QLatin1String("pixelated"));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(viewBox, QStringLiteral("0 0 200 100"));
        // Physical size: 200 content pixels at the export DPI.
        const double expectedWidthMm = 200 * 25.4 / ViewRenderer::exportDpi();
        QVERIFY2(rootWidth.endsWith(QLatin1String("mm")), qPrintable(rootWidth));
        QVERIFY(std::abs(rootWidth.chopped(2).toDouble() - expectedWidthMm) < 0.5);
        QVERIFY(std::abs(rootHeight.chopped(2).toDouble() - expectedWidthMm / 2) < 0.5);
        QCOMPARE(title, view.exportTitle());
        QVERIFY(description.contains(QLatin1String("fake")));
        QVERIFY2(texts.contains(QStringLiteral("alpha")), qPrintable(texts.join(u'|')));
        // Qt splits a line into one <text> per script run (the Greek letter may come from another font).
        QVERIFY2(texts.join(QString()).contains(QStringLiteral("β&<gamma>")), qPrintable(texts.join(u'|')));
        QVERIFY2(texts.contains(QStringLiteral("bell\uFFFD")), qPrintable(texts.join(u'|')));
        QCOMPARE(images, 1);
        QVERIFY(crispStyle);
    }

    void pdfIsOnePageOfTheContentSize()
    {
        FakeView view;
        const QByteArray pdf = ViewRenderer::renderPdf(view, true);
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type /Page>")
                     + pdf.count("/Type /Page/"),
                 1);
        const QRegularExpression mediaBox(
            QStringLiteral("/MediaBox \\[\\s*([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s*\\]"));
        const QRegularExpressionMatch match = mediaBox.match(QString::fromLatin1(pdf));
        QVERIFY(match.hasMatch());
        const double points = 72.0 / ViewRenderer::exportDpi();
        QVERIFY(std::abs(match.captured(3).toDouble() - match.captured(1).toDouble() - 200 * points) < 1.0);
        QVERIFY(std::abs(match.captured(4).toDouble() - match.captured(2).toDouble() - 100 * points) < 1.0);
    }

    void writesEveryImageFormatToItsExtension_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("magic");
        QTest::addRow("png") << "f.png" << QByteArray("\x89PNG");
        QTest::addRow("svg") << "f.svg" << QByteArray("<?xml");
        QTest::addRow("pdf") << "f.PDF" << QByteArray("%PDF");
    }
    void writesEveryImageFormatToItsExtension()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, magic);
        QTemporaryDir dir;
        const ExportSource source = fakeViewSource();
        const QString path = dir.filePath(name);
        const Expected<ExportFormat> written = FileExporter::exportTo(path, source, {});
        QVERIFY2(written, written ? "" : qPrintable(written.error()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().startsWith(magic));
    }

    void failuresLeaveNoFileAndKeepTheOldOne()
    {
        QTemporaryDir dir;
        const ExportSource source = fakeViewSource();

        // A folder that does not exist: a message naming the path, and nothing written.
        const QString missing = dir.filePath(QStringLiteral("no/such/folder/f.png"));
        Expected<ExportFormat> written = FileExporter::exportTo(missing, source, {});
        QVERIFY(!written);
        QVERIFY2(written.error().contains(QLatin1String("f.png")), qPrintable(written.error()));
        QVERIFY(!QFile::exists(missing));

        // A path below a regular file cannot be created, even by root.
        QVERIFY(writeFile(dir.filePath(QStringLiteral("blocker")), {}));
        written = FileExporter::exportTo(dir.filePath(QStringLiteral("blocker/f.svg")), source, {});
        QVERIFY(!written);

        // A folder as the target.
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder.png")));
        written = FileExporter::exportTo(dir.filePath(QStringLiteral("folder.png")), source, {});
        QVERIFY(!written);
        QVERIFY(written.error().contains(QLatin1String("folder")));

        // Unknown extension: nothing written.
        written = FileExporter::exportTo(dir.filePath(QStringLiteral("f.jpg")), source, {});
        QVERIFY(!written);
        QVERIFY2(written.error().contains(QLatin1String(".svg")), qPrintable(written.error()));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("f.jpg"))));

        // A failed render leaves an existing file exactly as it was, and no temporary beside it.
        const QString existing = dir.filePath(QStringLiteral("old.png"));
        QVERIFY(writeFile(existing, "old contents"));
        ImageExportOptions tooLarge;
        tooLarge.scale = 1000;
        written = FileExporter::exportTo(existing, source, tooLarge);
        QVERIFY(!written);
        QCOMPARE(readAll(existing), QStringLiteral("old contents"));
        const QStringList left = QDir(dir.path()).entryList(QDir::Files);
        QCOMPARE(left, QStringList({QStringLiteral("blocker"), QStringLiteral("old.png")}));
    }

    void numbersNeedAResult()
    {
        QTemporaryDir dir;
        const ExportSource source = fakeViewSource();
        const QString path = dir.filePath(QStringLiteral("n.csv"));
        const Expected<ExportFormat> written = FileExporter::exportTo(path, source, {});
        QVERIFY(!written);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("n.csv"))));
    }
};

QTEST_MAIN(TestExportRender)
#include "tst_exportrender.moc"

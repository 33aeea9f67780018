#include "viewrenderer.h"

#include "views/exportableview.h"

#include "core/validtext.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QScreen>
#include <QSvgGenerator>

#include <cmath>

namespace attn::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("attn::ui::ViewRenderer", text);
}

QString description(const ExportableView &view)
{
    return QStringLiteral("Attention Explorer, %1 view").arg(view.exportName());
}

// Stand-ins that QSvgGenerator writes as they are and finishSvg() replaces.
constexpr char kTitleMark[] = "ae-export-title-8c0f";
constexpr char kDescriptionMark[] = "ae-export-description-8c0f";

// Finishes QSvgGenerator's output so that every XML reader and browser takes it as drawn:
//  - The title and description are put in escaped: Qt 6.4 writes setTitle()'s text into the XML
//    as it is, so a sentence with "<" or "&" would break the file.
//  - Characters XML 1.0 cannot hold even escaped (controls, U+FFFE and the other non-characters,
//    lone surrogates, bytes that are not UTF-8) become U+FFFD, and a comment says how many.
//  - QSvgGenerator writes images as <image> elements that a browser smooths when it scales them up,
//    which turns a heatmap's square cells into a blur. Views draw cell images without smoothing;
//    the style tells SVG renderers to do the same (optimizeSpeed is SVG 1.1's name for it,
//    pixelated the CSS one; the later declaration wins where it is understood).
QByteArray finishSvg(const QByteArray &svg, const QString &title, const QString &description)
{
    QString text = QString::fromUtf8(svg);
    text.replace(QLatin1String(kTitleMark), title.toHtmlEscaped());
    text.replace(QLatin1String(kDescriptionMark), description.toHtmlEscaped());
    qsizetype replaced = 0;
    QByteArray clean = validTextFor(text, TextTarget::Xml, &replaced).toUtf8();
    if (replaced > 0) {
        const qsizetype declarationEnd = clean.startsWith("<?xml") ? clean.indexOf("?>") + 2 : 0;
        clean.insert(declarationEnd, QStringLiteral("\n<!-- %1 character(s) that XML cannot hold (control characters, "
                                                    "non-characters, lone surrogates) are written as U+FFFD -->")
                                         .arg(replaced).toUtf8());
    }
    const qsizetype root = clean.indexOf("<svg");
    const qsizetype rootEnd = root < 0 ? -1 : clean.indexOf('>', root);
    if (rootEnd >= 0)
        clean.insert(rootEnd + 1, "\n<style type=\"text/css\">image { image-rendering: optimizeSpeed; "
                                  "image-rendering: pixelated; }</style>");
    return clean;
}

} // namespace

int ViewRenderer::exportDpi()
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    const int dpi = screen ? qRound(screen->logicalDotsPerInchY()) : 96;
    return dpi > 0 ? dpi : 96;
}

QSize ViewRenderer::contentSizeOf(const ExportableView &view)
{
    return view.contentSize().expandedTo(QSize(1, 1));
}

Expected<PngPlan> ViewRenderer::planPng(const QSize &contentSize, const ImageExportOptions &options)
{
    const QSize content = contentSize.expandedTo(QSize(1, 1));
    PngPlan plan;
    double width = 0;
    double height = 0;
    if (options.hasPixelSize()) {
        const QSize wanted = options.pixelSize;
        if (wanted.width() < 0 || wanted.height() < 0)
            return Error{tr("an image size must not be negative, got %1×%2").arg(wanted.width()).arg(wanted.height())};
        // Fit the content into the wanted size; the view then lays itself out in the whole image.
        const double byWidth = wanted.width() > 0 ? double(wanted.width()) / content.width() : HUGE_VAL;
        const double byHeight = wanted.height() > 0 ? double(wanted.height()) / content.height() : HUGE_VAL;
        plan.ratio = std::min(byWidth, byHeight);
        width = wanted.width() > 0 ? wanted.width() : std::round(content.width() * plan.ratio);
        height = wanted.height() > 0 ? wanted.height() : std::round(content.height() * plan.ratio);
    } else {
        if (!std::isfinite(options.scale) || options.scale <= 0)
            return Error{tr("the scale must be a number above 0, got %1").arg(options.scale)};
        plan.ratio = options.scale;
        width = std::ceil(content.width() * plan.ratio - 1e-9);
        height = std::ceil(content.height() * plan.ratio - 1e-9);
    }
    if (width > maxImageSide || height > maxImageSide || width * height > double(maxImagePixels))
        return Error{tr("the image would be %1×%2 pixels, more than a PNG export allows (%3 pixels a side, %4 "
                        "megapixels); choose a smaller scale or size, or export SVG or PDF, which have no size limit")
                         .arg(qint64(width)).arg(qint64(height)).arg(maxImageSide).arg(maxImagePixels >> 20)};
    plan.pixelSize = QSize(std::max(1, int(width)), std::max(1, int(height)));
    plan.logicalSize = QSize(int(std::ceil(plan.pixelSize.width() / plan.ratio - 1e-9)),
                             int(std::ceil(plan.pixelSize.height() / plan.ratio - 1e-9)))
                           .expandedTo(content);
    return plan;
}

Expected<QImage> ViewRenderer::renderImage(const ExportableView &view, const ImageExportOptions &options)
{
    const Expected<PngPlan> plan = planPng(contentSizeOf(view), options);
    if (!plan)
        return Error{plan.error()};
    QImage image(plan->pixelSize, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return Error{tr("not enough memory for a %1×%2 image")
                         .arg(plan->pixelSize.width()).arg(plan->pixelSize.height())};
    image.setDevicePixelRatio(plan->ratio);
    // A 2× PNG says so in its resolution, so that documents place it at the content's size.
    const int dotsPerMeter = qRound(exportDpi() * plan->ratio / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(Qt::white); // views paint their own background; this only guards against gaps
    QPainter painter(&image);
    view.paintContent(painter, plan->logicalSize, options.includeFocus);
    painter.end();
    return image;
}

QByteArray ViewRenderer::renderSvg(const ExportableView &view, bool includeFocus)
{
    const QSize size = contentSizeOf(view);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setResolution(exportDpi());
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(QLatin1String(kTitleMark));
    generator.setDescription(QLatin1String(kDescriptionMark));
    QPainter painter(&generator);
    view.paintContent(painter, size, includeFocus);
    painter.end();
    return finishSvg(buffer.data(), view.exportTitle(), description(view));
}

QByteArray ViewRenderer::renderPdf(const ExportableView &view, bool includeFocus)
{
    const QSize size = contentSizeOf(view);
    const int dpi = exportDpi();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(dpi);
    writer.setTitle(view.exportTitle());
    writer.setCreator(description(view));
    // One page exactly the content's size: one content pixel is one device unit at this resolution.
    const QPageSize page(QSizeF(size.width() * 72.0 / dpi, size.height() * 72.0 / dpi), QPageSize::Point, QString(),
                         QPageSize::ExactMatch);
    writer.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Point));
    QPainter painter(&writer);
    view.paintContent(painter, size, includeFocus);
    painter.end();
    return buffer.data();
}

Expected<QByteArray> ViewRenderer::render(const ExportableView &view, ExportFormat format,
                                          const ImageExportOptions &options)
{
    switch (format) {
    case ExportFormat::Png: {
        const Expected<QImage> image = renderImage(view, options);
        if (!image)
            return Error{image.error()};
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        if (!image->save(&buffer, "PNG"))
            return Error{tr("could not encode the PNG image")};
        return buffer.data();
    }
    case ExportFormat::Svg:
        return renderSvg(view, options.includeFocus);
    case ExportFormat::Pdf:
        return renderPdf(view, options.includeFocus);
    case ExportFormat::Csv:
    case ExportFormat::Json:
        break;
    }
    return Error{tr("%1 is not an image format").arg(exportFormatExtension(format).toUpper())};
}

} // namespace attn::ui

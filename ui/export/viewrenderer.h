#pragma once

#include "exportformat.h"
#include "imageexportoptions.h"

#include "core/expected.h"

#include <QByteArray>
#include <QImage>
#include <QSize>

namespace attn::ui {

class ExportableView;

// Where a PNG's pixels come from: `logicalSize` is what the view paints into (at least its content
// size), `pixelSize` the image, `ratio` device pixels per logical pixel.
struct PngPlan
{
    QSize logicalSize;
    QSize pixelSize;
    double ratio = 1.0;
};

// Draws any ExportableView into a PNG, SVG or PDF through its one paintContent() routine, never
// grab(): the view need not be shown, and what is exported is what the screen draws.
//  - PNG: a QImage with its devicePixelRatio set, painted in logical units, so text and lines are
//    drawn at the full resolution rather than scaled up.
//  - SVG: QSvgGenerator sized to the content, title and description set, text kept as text;
//    images (heatmap cells) are marked to be scaled without smoothing, as on screen.
//  - PDF: QPdfWriter, one page exactly the size of the content, no margins, vector.
// SVG and PDF use the resolution text is measured at (the screen's logical DPI, 96 when there is
// no screen), so point-sized fonts lay out as on screen; one content pixel is 1/96 inch at 96 DPI.
class ViewRenderer
{
public:
    // A PNG is refused above these, with a message suggesting SVG or PDF instead.
    static constexpr int maxImageSide = 32768;
    static constexpr qint64 maxImagePixels = qint64(64) << 20; // 256 MiB of ARGB

    static Expected<PngPlan> planPng(const QSize &contentSize, const ImageExportOptions &options);
    static Expected<QImage> renderImage(const ExportableView &view, const ImageExportOptions &options);
    static QByteArray renderSvg(const ExportableView &view, bool includeFocus);
    static QByteArray renderPdf(const ExportableView &view, bool includeFocus);

    // PNG, SVG or PDF as the bytes of a file.
    static Expected<QByteArray> render(const ExportableView &view, ExportFormat format,
                                       const ImageExportOptions &options);

    // The DPI of SVG and PDF exports (see above).
    static int exportDpi();

private:
    static QSize contentSizeOf(const ExportableView &view);
};

} // namespace attn::ui

#pragma once

#include <QSize>

namespace attn::ui {

// How a view becomes a picture. SVG and PDF are always sized to the view's content; the PNG
// options choose its resolution.
struct ImageExportOptions
{
    double scale = 1.0; // PNG: device pixels per content pixel (1×, 2×, 4× for slides and print)
    // PNG: this many pixels instead of a scale. The content is scaled to fit with its proportions
    // kept and the view lays itself out in the rest; a width or height of 0 follows from the other.
    QSize pixelSize;
    bool includeFocus = true; // draw the hover/pinned highlight

    bool hasPixelSize() const { return pixelSize.width() > 0 || pixelSize.height() > 0; }
};

} // namespace attn::ui

#pragma once

#include <QSize>
#include <QString>

class QPainter;

namespace attn::ui {

// A view whose whole content can be drawn to any QPainter: the widget's paintEvent, a QImage (PNG),
// a QSvgGenerator (SVG) and a QPdfWriter (PDF) all go through paintContent(), so what is exported is
// what is on screen. Exports never use grab(): the widget need not be visible.
class ExportableView
{
public:
    virtual ~ExportableView() = default;

    virtual QString exportName() const = 0;  // "heatmap", "heads", "flow", "arc", "steps"
    virtual QString exportTitle() const = 0; // e.g. "Head 3 — “The cat sat on the mat”"
    // The natural size of the whole content in device-independent pixels (a scroll view's full
    // content, not the visible part).
    virtual QSize contentSize() const = 0;
    // Draws everything into (0, 0, size): labels, captions, colour bar, title when standalone.
    // includeFocus: draw the hover/pinned highlight (exports may leave it out).
    virtual void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const = 0;
};

} // namespace attn::ui

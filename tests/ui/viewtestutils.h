#pragma once

// Helpers of the view tests: a text of n words that the toy tokenizer reads as n tokens, and one
// view drawn into an image through its one paint routine.

#include "views/exportableview.h"
#include "views/heatmap/heatmapgeometry.h"

#include <cmath>
#include <vector>

#include <QImage>
#include <QPainter>
#include <QStringList>

namespace testutils {

// n words from a small vocabulary in a fixed order: n tokens for the toy model's word tokenizer.
inline QString sentenceOfWords(int words)
{
    static const char *vocabulary[] = {"the", "cat", "sat", "on", "mat", "and", "looked", "at", "a", "dog",
                                       "that", "was", "sleeping", "near", "warm", "fire", "while", "rain", "fell"};
    QStringList parts;
    for (int i = 0; i < words; ++i)
        parts << QString::fromLatin1(vocabulary[(i * 7 + i / 19) % 19]);
    return parts.join(QLatin1Char(' '));
}

// The view painted as an export paints it (no focus) on a magenta canvas, so that anything the view
// leaves unpainted shows.
inline QImage renderView(const attn::ui::ExportableView &view, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::magenta);
    QPainter painter(&image);
    view.paintContent(painter, size, false);
    return image;
}

// Shrunk a little, so that outlines that only touch do not count as overlapping.
inline QPolygonF shrunk(const QRectF &rect)
{
    return QPolygonF(rect.adjusted(0.5, 0.5, -0.5, -0.5));
}

inline QPolygonF shrunk(const QPolygonF &polygon)
{
    const QPointF centre = polygon.boundingRect().center();
    QPolygonF smaller;
    for (const QPointF &p : polygon) {
        const QPointF towards = centre - p;
        const double length = std::hypot(towards.x(), towards.y());
        smaller << (length > 0 ? p + towards / length * 0.5 : p);
    }
    return smaller;
}

// Every label a heatmap geometry shows, as the area it covers, with a name for failure messages.
struct Outline
{
    QString name;
    QPolygonF area;
};

inline std::vector<Outline> shownLabels(const attn::ui::HeatmapGeometry &g, int focusRow, int focusCol)
{
    std::vector<Outline> labels;
    for (int row = 0; row < g.rows; ++row)
        if (g.showsRowLabel(row, focusRow))
            labels.push_back({QStringLiteral("row %1").arg(row), shrunk(g.rowLabelRect(row))});
    for (int col = 0; col < g.cols; ++col)
        if (g.showsColumnLabel(col, focusCol))
            labels.push_back({QStringLiteral("column %1").arg(col), shrunk(g.columnLabelOutline(col))});
    return labels;
}

} // namespace testutils

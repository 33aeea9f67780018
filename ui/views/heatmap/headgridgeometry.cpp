#include "headgridgeometry.h"

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kLabelGap = 4;
constexpr double kColorBarGap = 16;
constexpr double kColorBarMin = 100;
constexpr double kColorBarMax = 300;
constexpr double kLabelSpacing = 1.05; // in text heights

// Labels are worth their room only on tiles that show a few of them.
bool labelsFit(double tileSize, int n, const HeadGridMetrics &m)
{
    return n > 0 && tileSize >= 3 * m.textHeight &&
           HeatmapGeometry::labelStride(tileSize / n, m.textHeight * kLabelSpacing) > 0;
}

struct Frame // the fixed space around the tiles
{
    double left = 0;
    double top = 0;   // down to the first row's captions
    double labelBand = 0; // column labels between the first row's captions and matrices
    double right = 0;
    double bottom = 0;
};

Frame frameFor(const HeadGridMetrics &m, bool labels)
{
    Frame f;
    f.left = m.padding + std::max(labels ? m.labelWidth : 0.0, m.queryCaptionWidth) + kLabelGap;
    f.top = m.padding + (m.titleHeight > 0 ? m.titleHeight + 6 : 0) + m.axisCaptionHeight;
    f.labelBand = labels ? HeatmapGeometry::columnLabelExtent(90, m.labelWidth, m.textHeight) + kLabelGap : 0;
    f.right = (m.colorBarWidth > 0 ? kColorBarGap + m.colorBarWidth : 0) + m.padding;
    f.bottom = m.padding + (m.colorBarWidth > 0 ? m.textHeight + 4 : 0);
    return f;
}

double tileToFit(const QSizeF &size, int count, int columns, const HeadGridMetrics &m, bool labels)
{
    const Frame f = frameFor(m, labels);
    const int rows = (count + columns - 1) / columns;
    const double byWidth = (size.width() - f.left - f.right - (columns - 1) * m.gap) / columns;
    const double byHeight =
        (size.height() - f.top - f.labelBand - f.bottom - rows * m.captionHeight - (rows - 1) * m.gap) / rows;
    return std::min({byWidth, byHeight, m.maxTileSize});
}

} // namespace

std::optional<HeadGridGeometry::Hit> HeadGridGeometry::hitAt(const QPointF &point) const
{
    for (int i = 0; i < int(tiles.size()); ++i) {
        const HeadTile &tile = tiles[size_t(i)];
        if (const std::optional<HeatmapCell> cell = tile.matrix.cellAt(point))
            return Hit{i, cell};
        if (tile.captionRect.contains(point))
            return Hit{i, std::nullopt};
    }
    return std::nullopt;
}

int HeadGridGeometry::naturalColumns(int tileCount)
{
    if (tileCount <= 1)
        return 1;
    const int low = int(std::ceil(std::sqrt(double(tileCount))));
    const int high = int(std::ceil(std::sqrt(2.0 * tileCount)));
    int best = low;
    int fewestEmpty = tileCount;
    for (int c = low; c <= high; ++c) {
        const int empty = (tileCount + c - 1) / c * c - tileCount;
        if (empty < fewestEmpty) {
            fewestEmpty = empty;
            best = c;
        }
    }
    return best;
}

HeadGridGeometry HeadGridGeometry::withTileSize(double tileSize, int n, const std::vector<HeadRef> &heads, int columns,
                                                const HeadGridMetrics &m, bool allowLabels)
{
    HeadGridGeometry g;
    g.tokens = n;
    g.columns = std::max(1, columns > 0 ? columns : naturalColumns(int(heads.size())));
    g.gridRows = heads.empty() ? 0 : (int(heads.size()) + g.columns - 1) / g.columns;
    g.tileSize = std::max(tileSize, 1.0);
    const bool labels = allowLabels && labelsFit(g.tileSize, n, m);
    const Frame f = frameFor(m, labels);
    const double cell = n > 0 ? g.tileSize / n : 0;
    const int stride = labels ? HeatmapGeometry::labelStride(cell, m.textHeight * kLabelSpacing) : 0;

    double y = m.padding;
    if (m.titleHeight > 0) {
        g.titleRect = QRectF(m.padding, y, 1, m.titleHeight); // width set below
        y += m.titleHeight + 6;
    }
    g.keyCaptionRect = QRectF(f.left, y, std::max(g.tileSize, m.axisCaptionHeight * 4), m.axisCaptionHeight);
    const double firstMatrixTop = f.top + m.captionHeight + f.labelBand;
    g.queryCaptionRect = QRectF(m.padding, firstMatrixTop - m.axisCaptionHeight - m.textHeight / 2 - 2,
                                f.left - m.padding - kLabelGap, m.axisCaptionHeight);

    g.tiles.reserve(heads.size());
    double gridBottom = firstMatrixTop;
    for (int i = 0; i < int(heads.size()); ++i) {
        const int row = i / g.columns;
        const int col = i % g.columns;
        const double x = f.left + col * (g.tileSize + m.gap);
        const double matrixTop =
            row == 0 ? firstMatrixTop : firstMatrixTop + g.tileSize + m.gap + (row - 1) * (m.captionHeight + g.tileSize + m.gap) + m.captionHeight;
        HeadTile tile;
        tile.ref = heads[size_t(i)];
        tile.captionRect = QRectF(x, (row == 0 ? f.top : matrixTop - m.captionHeight), g.tileSize, m.captionHeight);
        HeatmapGeometry &mg = tile.matrix;
        mg.rows = mg.cols = n;
        mg.origin = QPointF(x, matrixTop);
        mg.cellSize = cell;
        mg.textHeight = m.textHeight;
        mg.labelGap = kLabelGap;
        mg.rowLabelWidth = col == 0 && labels ? m.labelWidth : 0;
        mg.columnLabelWidth = m.labelWidth;
        mg.rowLabelStride = col == 0 ? stride : 0;
        mg.columnLabelStride = row == 0 ? stride : 0;
        mg.columnLabelAngle = 90;
        mg.columnLabelHeight = row == 0 ? f.labelBand - kLabelGap : 0;
        g.tiles.push_back(tile);
        gridBottom = std::max(gridBottom, matrixTop + g.tileSize);
    }

    const double gridRight = f.left + g.columns * g.tileSize + (g.columns - 1) * m.gap;
    double bottom = gridBottom;
    double right = gridRight;
    if (m.colorBarWidth > 0) {
        const double height = std::clamp(gridBottom - firstMatrixTop, kColorBarMin, kColorBarMax);
        g.colorBarRect = QRectF(gridRight + kColorBarGap, firstMatrixTop, 14, height);
        bottom = std::max(bottom, firstMatrixTop + height);
        right = gridRight + kColorBarGap + m.colorBarWidth;
    }
    g.contentRect = QRectF(0, 0, right + m.padding, bottom + f.bottom);
    if (!g.titleRect.isNull())
        g.titleRect.setWidth(g.contentRect.width() - 2 * m.padding);
    return g;
}

HeadGridGeometry HeadGridGeometry::fit(const QSizeF &size, int n, const std::vector<HeadRef> &heads, int columns,
                                       const HeadGridMetrics &m)
{
    const int count = int(heads.size());
    if (count == 0 || n <= 0) {
        HeadGridGeometry g;
        g.contentRect = QRectF(QPointF(0, 0), size);
        return g;
    }
    int bestColumns = columns > 0 ? columns : 1;
    double best = -1;
    bool bestLabels = true;
    const int first = columns > 0 ? columns : 1;
    const int last = columns > 0 ? columns : count;
    for (int c = first; c <= last; ++c) {
        bool labels = true;
        double side = tileToFit(size, count, c, m, true);
        if (!labelsFit(side, n, m)) {
            labels = false;
            side = tileToFit(size, count, c, m, false);
        }
        if (side >= best) { // ties go to more columns: wider and shorter
            best = side;
            bestColumns = c;
            bestLabels = labels;
        }
    }
    return withTileSize(std::max(best, 4.0), n, heads, bestColumns, m, bestLabels);
}

} // namespace attn::ui

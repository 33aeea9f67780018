#pragma once

#include "heatmapgeometry.h"

#include <optional>
#include <vector>

namespace attn::ui {

// Which head a small multiple shows.
struct HeadRef
{
    int layer = 0;
    int head = 0;
    friend bool operator==(const HeadRef &, const HeadRef &) = default;
};

// One small multiple: its caption line ("head N") above its matrix.
struct HeadTile
{
    HeadRef ref;
    QRectF captionRect;
    HeatmapGeometry matrix; // labels only on the first row / first column of the grid
    QRectF frame() const { return captionRect.united(matrix.matrixRect()); }
};

struct HeadGridMetrics
{
    double textHeight = 12;    // token labels (small font)
    double labelWidth = 40;    // widest token label, elided to a cap
    double captionHeight = 14; // "head N" above each tile
    double axisCaptionHeight = 13; // "query ↓" / "key →"
    double queryCaptionWidth = 50;
    double titleHeight = 0;    // 0: no title (on screen the dock has one)
    double colorBarWidth = 0;  // bar and ticks; 0: none
    double padding = 8;
    double gap = 10;           // between tiles
    double maxTileSize = 280;  // a tile's matrix never grows beyond this
};

// The grid of small multiples: every head as a small heatmap, as many columns as make the tiles
// largest in the space given (or a fixed number, e.g. one per head with one row per layer). Token
// labels go left of the first column of tiles and above the first row (turned upright, so that
// neighbouring tiles' labels never collide); a colour bar sits right of the grid.
struct HeadGridGeometry
{
    int tokens = 0;
    int columns = 0;
    int gridRows = 0;
    double tileSize = 0; // side of each tile's matrix
    std::vector<HeadTile> tiles;

    QRectF titleRect;
    QRectF keyCaptionRect;
    QRectF queryCaptionRect;
    QRectF colorBarRect;
    QRectF contentRect;

    struct Hit
    {
        int tile = -1;
        std::optional<HeatmapCell> cell; // empty on a caption
    };
    // The tile (matrix or caption) under a point, and the cell when on the matrix.
    std::optional<Hit> hitAt(const QPointF &point) const;

    // Fit `heads` tiles of an n × n matrix into `size`. columns > 0 forces the column count.
    static HeadGridGeometry fit(const QSizeF &size, int n, const std::vector<HeadRef> &heads, int columns,
                                const HeadGridMetrics &metrics);
    // The layout with tiles of a given side (for exports at their natural size); token labels
    // only when allowed and when the tiles have room for them.
    static HeadGridGeometry withTileSize(double tileSize, int n, const std::vector<HeadRef> &heads, int columns,
                                         const HeadGridMetrics &metrics, bool allowLabels = true);
    // A sheet's column count: as square as possible with the fewest empty places.
    static int naturalColumns(int tileCount);
};

} // namespace attn::ui

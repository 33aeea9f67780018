#pragma once

#include "core/attentionresult.h"
#include "document/viewoptions.h"
#include "heatmapgeometry.h"
#include "views/colormap/colorscale.h"

#include <QImage>

namespace attn::ui {

// A head's image with fewer pixels than the head has cells: the overview of a long input, where a
// cell is smaller than a pixel and drawing the one-pixel-per-cell image scaled down would keep one
// cell in every few and drop the rest. Each pixel is the strongest cell of its block
// (poolByMaximum), coloured like HeadImageCache colours cells.
//
// It keeps the last image asked for: zooming and panning ask for a new one, hovering never.
class OverviewImageCache
{
public:
    // The cells rows × cols of one head pooled into an image of `pixels`; a null image when the
    // head does not exist or the size is empty. Scores are coloured over ±scoreRange at the fixed
    // scale; the per-head and visible scales span the pooled block (what the view shows), the per-row
    // scale each pooled row.
    const QImage &image(const ResultPtr &result, int layer, int head, ColorMapId map, CellValue value,
                        ColorScaleMode mode, double scoreRange, CellRange rows, CellRange cols, QSize pixels);

    // The range of the shown values of rows × cols (causal-masked and non-finite cells left out):
    // the visible scale's range when the view shows part of a head.
    static ScaleRange blockRange(const HeadResult &head, bool causal, CellValue value, CellRange rows, CellRange cols);

    int buildCount() const { return m_builds; } // images built so far (tests check the cache)

private:
    struct Key
    {
        const AttentionResult *result = nullptr;
        int layer = -1;
        int head = -1;
        ColorMapId map = ColorMapId::Viridis;
        CellValue value = CellValue::Weights;
        ColorScaleMode mode;
        double scoreRange = 0;
        int rowBegin = 0;
        int rowEnd = 0;
        int colBegin = 0;
        int colEnd = 0;
        QSize pixels;
        friend bool operator==(const Key &, const Key &) = default;
    };

    ResultPtr m_result; // held so that the key's address cannot be reused by another result
    Key m_key;
    QImage m_image;
    int m_builds = 0;
};

} // namespace attn::ui

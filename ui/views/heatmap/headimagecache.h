#pragma once

#include "core/attentionresult.h"
#include "document/viewoptions.h"
#include "views/colormap/colorscale.h"

#include <QImage>

#include <optional>
#include <vector>

namespace attn::ui {

// One QImage per head, one pixel per cell (row = query, column = key), filled through scanLine
// from the colour map's lookup table. Images are built on first use and kept until the result,
// the layer, the colour map, the value mode or the colour scale changes, so a repaint only scales
// cached images.
class HeadImageCache
{
public:
    // The (N, N) image of one head; a null image when the head does not exist. Scores are coloured
    // over ±scoreRange(result, layer) unless `range` (> 0) asks for another symmetric range.
    const QImage &image(const ResultPtr &result, int layer, int head, ColorMapId map, CellValue value,
                        ColorScaleMode mode = {}, double range = 0);

    // The head's range of shown weights (or its largest |score|): its per-head and visible scales.
    ScaleRange headRange(const ResultPtr &result, int layer, int head, CellValue value);

    // The symmetric range of the diverging map: shared by every head of the layer, so that the
    // same colour means the same score in the grid and in the large view.
    double scoreRange(const ResultPtr &result, int layer);

    int buildCount() const { return m_builds; } // images built so far (tests check the cache)

    // Fills an image for one head: masked cells (key after query under a causal mask) and
    // non-finite values get the map's "no value" colour. Colours follow the scale (colorscale.h);
    // the visible maximum is the head's until a view shows less than the whole head.
    static QImage build(const HeadResult &head, bool causal, ColorMapId map, CellValue value, double scoreRange,
                        ColorScaleMode mode = {});

private:
    void reset(const ResultPtr &result, int layer, ColorMapId map, CellValue value, ColorScaleMode mode,
               double range);

    ResultPtr m_result;
    int m_layer = -1;
    ColorMapId m_map = ColorMapId::Viridis;
    CellValue m_value = CellValue::Weights;
    ColorScaleMode m_mode;
    double m_range = 0;      // the layer's range; 0: not computed yet
    double m_imageRange = 0; // the range the images were built with (0: the layer's)
    std::vector<QImage> m_images;
    std::vector<std::optional<ScaleRange>> m_ranges; // per head, headRange() once computed
    int m_builds = 0;
};

} // namespace attn::ui

#include "headimagecache.h"

#include "views/colormap/colormap.h"

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

const QImage &nullImage()
{
    static const QImage none;
    return none;
}

} // namespace

void HeadImageCache::reset(const ResultPtr &result, int layer, ColorMapId map, CellValue value, ColorScaleMode mode,
                           double range)
{
    if (result == m_result && layer == m_layer && map == m_map && value == m_value && mode == m_mode
        && range == m_imageRange)
        return;
    const bool sameLayer = result == m_result && layer == m_layer;
    const bool sameRanges = sameLayer && value == m_value;
    m_result = result;
    m_layer = layer;
    m_map = map;
    m_value = value;
    m_mode = mode;
    m_imageRange = range;
    if (!sameLayer)
        m_range = 0;
    const size_t heads = result && layer >= 0 && layer < result->layerCount() ? size_t(result->headCount()) : 0;
    m_images.assign(heads, QImage());
    if (!sameRanges)
        m_ranges.assign(heads, std::nullopt);
}

double HeadImageCache::scoreRange(const ResultPtr &result, int layer)
{
    if (!result || layer < 0 || layer >= result->layerCount())
        return 1.0;
    reset(result, layer, m_map, m_value, m_mode, m_imageRange);
    if (m_range <= 0) {
        double range = 0;
        for (int head = 0; head < result->headCount(); ++head)
            range = std::max(range, symmetricRange(result->head(layer, head)->scores, result->config.causal));
        m_range = range > 0 ? range : 1.0;
    }
    return m_range;
}

const QImage &HeadImageCache::image(const ResultPtr &result, int layer, int head, ColorMapId map, CellValue value,
                                    ColorScaleMode mode, double range)
{
    reset(result, layer, map, value, mode, value == CellValue::Scores && range > 0 ? range : 0);
    if (head < 0 || size_t(head) >= m_images.size())
        return nullImage();
    QImage &image = m_images[size_t(head)];
    if (image.isNull()) {
        const double used = value != CellValue::Scores ? 1.0 : m_imageRange > 0 ? m_imageRange : scoreRange(result, layer);
        image = build(*result->head(layer, head), result->config.causal, map, value, used, mode);
        ++m_builds;
    }
    return image;
}

ScaleRange HeadImageCache::headRange(const ResultPtr &result, int layer, int head, CellValue value)
{
    reset(result, layer, m_map, value, m_mode, m_imageRange);
    if (head < 0 || size_t(head) >= m_ranges.size())
        return {0, 0};
    std::optional<ScaleRange> &range = m_ranges[size_t(head)];
    if (!range) {
        const HeadResult &h = *result->head(layer, head);
        const bool scores = value == CellValue::Scores;
        range = shownRange(scores ? h.scores : h.weights, result->config.causal, scores);
    }
    return *range;
}

QImage HeadImageCache::build(const HeadResult &head, bool causal, ColorMapId map, CellValue value, double scoreRange,
                             ColorScaleMode mode)
{
    const bool scores = value == CellValue::Scores;
    const Matrix &values = scores ? head.scores : head.weights; // (N, N)
    const int rows = int(values.rows());
    const int cols = int(values.cols());
    if (rows <= 0 || cols <= 0)
        return {};
    QImage image(cols, rows, QImage::Format_RGB32);
    ScaleRanges ranges;
    if (mode.scale == ColorScale::Head || mode.scale == ColorScale::Visible)
        ranges.head = ranges.visible = shownRange(values, causal, scores);
    const ScaleRange fixed{0, scores ? scoreRange : 1.0};
    const ColorTable &table = colorTable(map);
    const DivergingTable &diverging = divergingTable();
    const QRgb none = scores ? divergingNoValueColor() : noValueColor(map);
    for (int r = 0; r < rows; ++r) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
        const float *row = values.data() + qsizetype(r) * cols;
        const int visible = causal ? std::min(r + 1, cols) : cols;
        if (mode.scale == ColorScale::Row)
            ranges.row = shownRangeInRow(values, r, causal, scores);
        // One range per row, so the loop only divides and applies the transfer.
        const ScaleRange range = scaleRange(mode.scale, ranges, fixed);
        for (int c = 0; c < visible; ++c) {
            const float v = row[c];
            if (!std::isfinite(v))
                line[c] = none;
            else if (!scores)
                line[c] = table[size_t(colorIndex(colorPosition(v, range, mode.transfer)))];
            else
                line[c] = diverging[size_t(divergingIndex(divergingPosition(v, range.high, mode.transfer), 1.0))];
        }
        std::fill(line + visible, line + cols, none);
    }
    return image;
}

} // namespace attn::ui

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

void HeadImageCache::reset(const ResultPtr &result, int layer, ColorMapId map, CellValue value, double range)
{
    if (result == m_result && layer == m_layer && map == m_map && value == m_value && range == m_imageRange)
        return;
    const bool sameLayer = result == m_result && layer == m_layer;
    m_result = result;
    m_layer = layer;
    m_map = map;
    m_value = value;
    m_imageRange = range;
    if (!sameLayer)
        m_range = 0;
    m_images.assign(result && layer >= 0 && layer < result->layerCount() ? size_t(result->headCount()) : 0, QImage());
}

double HeadImageCache::scoreRange(const ResultPtr &result, int layer)
{
    if (!result || layer < 0 || layer >= result->layerCount())
        return 1.0;
    reset(result, layer, m_map, m_value, m_imageRange);
    if (m_range <= 0) {
        double range = 0;
        for (int head = 0; head < result->headCount(); ++head)
            range = std::max(range, symmetricRange(result->head(layer, head)->scores, result->config.causal));
        m_range = range > 0 ? range : 1.0;
    }
    return m_range;
}

const QImage &HeadImageCache::image(const ResultPtr &result, int layer, int head, ColorMapId map, CellValue value,
                                    double range)
{
    reset(result, layer, map, value, value == CellValue::Scores && range > 0 ? range : 0);
    if (head < 0 || size_t(head) >= m_images.size())
        return nullImage();
    QImage &image = m_images[size_t(head)];
    if (image.isNull()) {
        const double used = value != CellValue::Scores ? 1.0 : m_imageRange > 0 ? m_imageRange : scoreRange(result, layer);
        image = build(*result->head(layer, head), result->config.causal, map, value, used);
        ++m_builds;
    }
    return image;
}

QImage HeadImageCache::build(const HeadResult &head, bool causal, ColorMapId map, CellValue value, double scoreRange)
{
    const Matrix &values = value == CellValue::Scores ? head.scores : head.weights; // (N, N)
    const int rows = int(values.rows());
    const int cols = int(values.cols());
    if (rows <= 0 || cols <= 0)
        return {};
    QImage image(cols, rows, QImage::Format_RGB32);
    if (value == CellValue::Weights) {
        const ColorTable &table = colorTable(map);
        const QRgb none = noValueColor(map);
        for (int r = 0; r < rows; ++r) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
            const float *row = values.data() + qsizetype(r) * cols;
            const int visible = causal ? std::min(r + 1, cols) : cols;
            for (int c = 0; c < visible; ++c) {
                const int index = colorIndex(row[c]);
                line[c] = index < 0 ? none : table[size_t(index)];
            }
            std::fill(line + visible, line + cols, none);
        }
    } else {
        const DivergingTable &table = divergingTable();
        const QRgb none = divergingNoValueColor();
        for (int r = 0; r < rows; ++r) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
            const float *row = values.data() + qsizetype(r) * cols;
            const int visible = causal ? std::min(r + 1, cols) : cols;
            for (int c = 0; c < visible; ++c) {
                const int index = std::isfinite(row[c]) ? divergingIndex(row[c], scoreRange) : -1;
                line[c] = index < 0 ? none : table[size_t(index)];
            }
            std::fill(line + visible, line + cols, none);
        }
    }
    return image;
}

} // namespace attn::ui

#include "overviewimagecache.h"

#include "headimagecache.h"
#include "maxpool.h"

#include <cmath>
#include <limits>

namespace attn::ui {

const QImage &OverviewImageCache::image(const ResultPtr &result, int layer, int head, ColorMapId map,
                                        CellValue value, ColorScaleMode mode, double scoreRange, CellRange rows,
                                        CellRange cols, QSize pixels)
{
    const double range = value == CellValue::Scores ? scoreRange : 0.0;
    const Key key{result.get(), layer, head, map, value, mode, range, rows.begin, rows.end, cols.begin, cols.end, pixels};
    if (key == m_key && result == m_result)
        return m_image;
    m_result = result;
    m_key = key;
    m_image = QImage();
    const HeadPtr shown = result && !pixels.isEmpty() ? result->head(layer, head) : nullptr;
    if (!shown)
        return m_image;
    const bool scores = value == CellValue::Scores;
    HeadResult pooled; // only the matrix the image is made of
    (scores ? pooled.scores : pooled.weights) = poolByMaximum(scores ? shown->scores : shown->weights, rows, cols,
                                                              pixels.height(), pixels.width(),
                                                              result->config.causal, scores);
    // Masked blocks are NaN already: the pooled block need not sit on the diagonal, so the builder's
    // own mask (column after row) would not be the causal mask here.
    m_image = HeadImageCache::build(pooled, false, map, value, scoreRange, mode);
    ++m_builds;
    return m_image;
}

ScaleRange OverviewImageCache::blockRange(const HeadResult &head, bool causal, CellValue value, CellRange rows,
                                          CellRange cols)
{
    const bool scores = value == CellValue::Scores;
    const Matrix &values = scores ? head.scores : head.weights; // (N, N)
    ScaleRange range{std::numeric_limits<double>::infinity(), 0};
    for (int row = rows.begin; row < rows.end; ++row)
        for (int col = cols.begin; col < std::min(cols.end, causal ? row + 1 : cols.end); ++col) {
            const double v = values(row, col);
            if (!std::isfinite(v))
                continue;
            const double magnitude = scores ? std::fabs(v) : v;
            range.high = std::max(range.high, magnitude);
            if (!scores && v > 0)
                range.low = std::min(range.low, v);
        }
    if (!std::isfinite(range.low) || scores)
        range.low = 0;
    return range;
}

} // namespace attn::ui

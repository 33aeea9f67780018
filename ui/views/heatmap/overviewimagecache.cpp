#include "overviewimagecache.h"

#include "headimagecache.h"
#include "maxpool.h"

namespace attn::ui {

const QImage &OverviewImageCache::image(const ResultPtr &result, int layer, int head, ColorMapId map,
                                        CellValue value, double scoreRange, CellRange rows, CellRange cols,
                                        QSize pixels)
{
    const double range = value == CellValue::Scores ? scoreRange : 0.0;
    const Key key{result.get(), layer, head, map, value, range, rows.begin, rows.end, cols.begin, cols.end, pixels};
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
    m_image = HeadImageCache::build(pooled, false, map, value, scoreRange);
    ++m_builds;
    return m_image;
}

} // namespace attn::ui

// The views' one paint routine (paintContent) drawn offscreen into a QImage, as a widget's
// paintEvent draws into the backing store. "frame" cases repaint an unchanged result (what hovering
// or scrolling costs); "new result" cases alternate between two results, so every paint rebuilds
// the per-head images or edge lists (what a recompute costs).
#include "benchcases.h"
#include "benchinputs.h"
#include "benchreport.h"

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "viewwiring.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QThread>

#include <utility>

namespace attn::bench {

using namespace attn::ui;

namespace {

constexpr double kFrameMs = 16.0;

// Paints `view` into `image` at `size`; a non-empty `clip` limits it to that part, as a scroll
// area's viewport does.
void paintOnce(const ExportableView &view, QImage &image, const QSize &size, const QRect &clip = {})
{
    QPainter painter(&image);
    if (!clip.isEmpty())
        painter.setClipRect(clip);
    view.paintContent(painter, size, true);
}

// Lets the document's background jobs finish and publish, so that no recompute runs while painting
// is timed.
void settle(AttentionDocument &document)
{
    QElapsedTimer timer;
    timer.start();
    while (document.isBusy() && timer.elapsed() < 60000) {
        QCoreApplication::processEvents();
        QThread::usleep(200);
    }
    QCoreApplication::processEvents();
}

// The names of a view's two timed cases, and what the "new result" one rebuilds.
struct FrameCaseNames
{
    QString frame;
    QString newResult;
    QString rebuilt;
};

// Times the "frame" case (repainting `view`, which shows results.first) and the "new result" case
// (alternating between the two results), each when it is wanted.
void timeFrameAndNewResult(ResultView &view, const std::pair<ResultPtr, ResultPtr> &results, QImage &image,
                           const QSize &size, int reps, const FrameCaseNames &names)
{
    if (wanted(names.frame))
        report(names.frame, timeRuns(reps, 3, [&] { paintOnce(view, image, size); }), kFrameMs);
    if (wanted(names.newResult)) {
        int turn = 0;
        report(names.newResult, timeRuns(reps, 2, [&] {
                   view.setResult(++turn % 2 ? results.second : results.first);
                   paintOnce(view, image, size);
               }),
               kFrameMs, names.rebuilt);
    }
}

ResultPtr computed(int tokens, int heads, quint64 seed)
{
    const Expected<ResultPtr> result = computeAttention(toyInput(tokens, heads, 64, seed));
    if (!result)
        qFatal("engine failed: %s", qPrintable(result.error()));
    return *result;
}

void heatmapCases(int reps)
{
    const QString frame = QStringLiteral("heatmap 1024 tok, frame");
    const QString fresh = QStringLiteral("heatmap 1024 tok, new result");
    if (!wanted(frame) && !wanted(fresh))
        return;
    FocusModel focus;
    ViewOptionsModel options;
    HeatmapView view; // draws the results it is given: no document
    view.setFocusModel(&focus);
    view.setOptions(&options);
    const ResultPtr a = computed(1024, 8, 1), b = computed(1024, 8, 2);
    const QSize size(1100, 1100);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    focus.hover(500, 300);
    view.setResult(a);
    timeFrameAndNewResult(view, {a, b}, image, size, reps, {frame, fresh, QStringLiteral("image rebuilt")});
    image.save(QStringLiteral("/tmp/bench-heatmap.png"));
}

void gridCases(int reps)
{
    const QString frame = QStringLiteral("grid 144 heads @ 128 tok, frame");
    const QString fresh = QStringLiteral("grid 144 heads @ 128 tok, new result");
    if (!wanted(frame) && !wanted(fresh))
        return;
    FocusModel focus;
    ViewOptionsModel options;
    HeadGridView view; // draws the results it is given: no document
    view.setFocusModel(&focus);
    view.setOptions(&options);
    view.setAllLayers(true);
    const ResultPtr a = layeredResult(12, 12, 128), b = layeredResult(12, 12, 128);
    const QSize size(1400, 1400);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    view.setResult(a);
    focus.setFocus(Focus{3, 5, 60, 40, false});
    timeFrameAndNewResult(view, {a, b}, image, size, reps, {frame, fresh, QStringLiteral("144 images rebuilt")});
    image.save(QStringLiteral("/tmp/bench-grid.png"));
}

void flowCases(int reps)
{
    for (FlowLayout layout : {FlowLayout::Columns, FlowLayout::Arcs}) {
        const QString layoutName = layout == FlowLayout::Columns ? QStringLiteral("columns") : QStringLiteral("arcs");
        const QString big = QStringLiteral("flow %1 512 tok top-5, viewport").arg(layoutName);
        const QString whole = QStringLiteral("flow %1 512 tok top-5, whole").arg(layoutName);
        const QString fresh = QStringLiteral("flow %1 512 tok top-5, new result").arg(layoutName);
        const QString small = QStringLiteral("flow %1 64 tok + labels").arg(layoutName);
        if (wanted(big) || wanted(whole) || wanted(fresh)) {
            AttentionDocument document;
            document.setSentence(sentenceOf(512));
            document.applyState(ModelState{toyInput(512, 8, 64).config, toyInput(512, 8, 64).weights, {}},
                                QStringLiteral("bench"));
            settle(document);
            FocusModel focus;
            ViewOptionsModel options;
            ViewOptions o = options.options();
            o.flowTopK = 5;
            o.flowThreshold = 0.0; // top-k alone decides: 5 arrows for every query
            options.setOptions(o);
            FlowView view(layout);
            wireView(&view, &document, &focus, &options);
            const QSize size = view.contentSize();
            // What a 1,100 × 700 scroll viewport in the middle of the diagram shows.
            const QRect viewport(QPoint(std::max(0, size.width() / 2 - 550), std::max(0, size.height() / 2 - 350)),
                                 QSize(std::min(1100, size.width()), std::min(700, size.height())));
            QImage image(size, QImage::Format_ARGB32_Premultiplied);
            if (wanted(big))
                report(big, timeRuns(reps, 3, [&] { paintOnce(view, image, size, viewport); }), kFrameMs,
                       QStringLiteral("%1 edges, 1100x700 of %2x%3").arg(view.shownEdges().size()).arg(size.width()).arg(size.height()));
            if (wanted(whole))
                report(whole, timeRuns(std::max(5, reps / 3), 1, [&] { paintOnce(view, image, size); }), 0,
                       QStringLiteral("export of the whole %1x%2").arg(size.width()).arg(size.height()));
            if (wanted(fresh)) {
                // A recompute: the document publishes a new result, the edges are selected again.
                int turn = 0;
                const ModelState states[2] = {{toyInput(512, 8, 64, 7).config, toyInput(512, 8, 64, 7).weights, {}},
                                              {toyInput(512, 8, 64, 8).config, toyInput(512, 8, 64, 8).weights, {}}};
                std::vector<double> times;
                for (int r = 0; r < reps; ++r) {
                    document.applyState(states[++turn % 2], QStringLiteral("bench"));
                    settle(document);
                    QElapsedTimer timer;
                    timer.start();
                    paintOnce(view, image, size, viewport);
                    times.push_back(timer.nsecsElapsed() / 1e6);
                }
                report(fresh, times, kFrameMs, QStringLiteral("edges selected again, viewport"));
            }
            image.save(QStringLiteral("/tmp/bench-flow-%1-512.png").arg(layoutName));
        }
        if (wanted(small)) {
            AttentionDocument document;
            document.applyState(ModelState{toyInput(64, 8, 64).config, toyInput(64, 8, 64).weights, {}},
                                QStringLiteral("bench"));
            document.setSentence(sentenceOf(64));
            settle(document);
            FocusModel focus;
            ViewOptionsModel options; // default threshold, weights printed on the arrows
            FlowView view(layout);
            wireView(&view, &document, &focus, &options);
            const QSize size = view.contentSize();
            QImage image(size, QImage::Format_ARGB32_Premultiplied);
            report(small, timeRuns(reps, 3, [&] { paintOnce(view, image, size); }), kFrameMs,
                   QStringLiteral("whole %1x%2").arg(size.width()).arg(size.height()));
            image.save(QStringLiteral("/tmp/bench-flow-%1-64.png").arg(layoutName));
        }
    }
}

} // namespace

void runPaintCases(int reps)
{
    heatmapCases(reps);
    gridCases(reps);
    flowCases(reps);
}

} // namespace attn::bench

#pragma once

#include "exportformat.h"
#include "imageexportoptions.h"

#include <QString>
#include <QStringList>

namespace attn::ui {

// One export from the command line: `--export FILE --format F --view NAME --layer L --head H --query Q
// --scale S --size WxH --no-focus`. Indices are 0-based, as in the window.
struct ExportRequest
{
    QString path;                      // "-" is standard output
    std::optional<ExportFormat> format; // --format; otherwise the path's extension
    QString view = QStringLiteral("heatmap"); // an exportViewNames() entry
    int layer = 0;
    int head = 0;   // heatmap, flow, arc, steps: the head drawn; heads: unused
    int query = -1; // ≥ 0: this token is focused (its arrows in flow/arc, its walk-through in steps)
    ImageExportOptions image;
};

// The views an export can draw, as --view names them: heatmap, heads, flow, arc, steps, model
// (every layer × head) and rollout.
QStringList exportViewNames();

// The view a file name asks for when --view is not given: the last word of its base name when
// that is a view's name ("heads.svg", "cat-arc.pdf", "figure_steps.png"), otherwise "heatmap".
QString exportViewForPath(const QString &path);

} // namespace attn::ui

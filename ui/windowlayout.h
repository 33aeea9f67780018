#pragma once

#include <QSize>

class QMainWindow;

namespace attn::ui {

// Two arrangements of the docks around the central heatmap, which keeps the whole height under the
// input in both. The flow heads the right column. Wide windows show the settings at the left and
// the heads grid and the steps under the flow; compact ones (a laptop's 1024×640) tab the heads,
// the steps, the settings and the matrices under the flow, so that the centre is not crushed.
enum class DockLayout { Wide, Compact };

// The arrangement that keeps the heatmap and the flow readable at this window size.
DockLayout dockLayoutFor(const QSize &windowSize);

// Puts every dock of the window (found by object name) where `layout` wants it and sizes the
// columns for the window's current size. Docks the user hid stay hidden, except the ones the
// arrangement needs (the flow and the steps); model docks stay as the model workspace left them.
void arrangeDocks(QMainWindow &window, DockLayout layout);

// The smallest heatmap and flow pane that still read: what the arrangements protect.
QSize minimumHeatmapSize();
int minimumFlowHeight();

} // namespace attn::ui

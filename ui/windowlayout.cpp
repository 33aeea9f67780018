#include "windowlayout.h"

#include <QDockWidget>
#include <QMainWindow>

#include <algorithm>
#include <vector>

namespace attn::ui {
namespace {

// Below these the wide arrangement leaves too little: its settings column narrows the heatmap, and
// three panels stacked in the right column are each too short to read (the first start on a 1472×920
// screen, a 1384×865 window, is compact).
constexpr int kWideMinimumWidth = 1280;
constexpr int kWideMinimumHeight = 960;

// The docks the model workspace adds: shown only while a model is open, tabbed with the heads grid.
const char *const kModelDocks[] = {"modelDock", "rolloutDock", "headStatisticsDock", "predictionsDock"};

QDockWidget *dockNamed(QMainWindow &window, const char *name)
{
    return window.findChild<QDockWidget *>(QLatin1String(name), Qt::FindDirectChildrenOnly);
}

// Stacks `docks` as tabs on `first` (which is already placed), skipping missing ones.
void tabifyOnto(QMainWindow &window, QDockWidget *first, const std::vector<QDockWidget *> &docks)
{
    for (QDockWidget *dock : docks)
        if (dock && first)
            window.tabifyDockWidget(first, dock);
}

} // namespace

DockLayout dockLayoutFor(const QSize &windowSize)
{
    return windowSize.width() >= kWideMinimumWidth && windowSize.height() >= kWideMinimumHeight ? DockLayout::Wide
                                                                                                 : DockLayout::Compact;
}

QSize minimumHeatmapSize()
{
    return {320, 240};
}

int minimumFlowHeight()
{
    return 150;
}

void arrangeDocks(QMainWindow &window, DockLayout layout)
{
    QDockWidget *input = dockNamed(window, "inputDock");
    QDockWidget *settings = dockNamed(window, "settingsDock");
    QDockWidget *history = dockNamed(window, "historyDock");
    QDockWidget *heads = dockNamed(window, "headsDock");
    QDockWidget *steps = dockNamed(window, "stepsDock");
    QDockWidget *flow = dockNamed(window, "flowDock");
    QDockWidget *matrices = dockNamed(window, "matricesDock");
    QDockWidget *walkthrough = dockNamed(window, "walkthroughDock");
    std::vector<QDockWidget *> modelDocks;
    for (const char *name : kModelDocks)
        if (QDockWidget *dock = dockNamed(window, name))
            modelDocks.push_back(dock);

    // Taking a dock out hides it: remember which ones were shown. The diagrams the seed is about
    // come back whatever the user closed.
    const QList<QDockWidget *> all = window.findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly);
    std::vector<std::pair<QDockWidget *, bool>> shown;
    for (QDockWidget *dock : all) {
        shown.emplace_back(dock, dock->isVisibleTo(&window) || dock == flow || dock == steps || dock == input);
        dock->setFloating(false);
        window.removeDockWidget(dock);
    }

    if (input)
        window.addDockWidget(Qt::TopDockWidgetArea, input);
    if (layout == DockLayout::Wide) {
        // The heatmap keeps the whole height under the input; the right column stacks the flow, the
        // heads grid and the steps, all three in view.
        window.addDockWidget(Qt::LeftDockWidgetArea, settings);
        window.splitDockWidget(settings, history, Qt::Vertical);
        window.addDockWidget(Qt::RightDockWidgetArea, flow);
        window.splitDockWidget(flow, heads, Qt::Vertical);
        window.splitDockWidget(heads, steps, Qt::Vertical);
        tabifyOnto(window, heads, modelDocks);
        tabifyOnto(window, steps, {matrices, walkthrough});
    } else {
        window.addDockWidget(Qt::RightDockWidgetArea, flow);
        window.splitDockWidget(flow, steps, Qt::Vertical);
        std::vector<QDockWidget *> tabs{heads};
        tabs.insert(tabs.end(), modelDocks.begin(), modelDocks.end());
        tabs.insert(tabs.end(), {settings, matrices, history, walkthrough});
        tabifyOnto(window, steps, tabs);
    }
    for (const auto &[dock, visible] : shown)
        dock->setVisible(visible);
    // The tab a newcomer sees first: the model's grid when a model is open, else the steps (compact)
    // or the heads grid (wide); the flow, not the matrices.
    const bool modelOpen = !modelDocks.empty() && modelDocks.front()->isVisibleTo(&window);
    steps->raise();
    if (layout == DockLayout::Wide)
        (modelOpen ? modelDocks.front() : heads)->raise();
    flow->raise();

    const int width = window.width();
    const int height = window.height();
    if (input)
        window.resizeDocks({input}, {input->minimumSizeHint().height()}, Qt::Vertical);
    if (layout == DockLayout::Wide) {
        // The settings as wide as their rows want (no sideways scroll bar), within reason.
        const int settingsWidth = settings->widget()->sizeHint().width() + 24;
        window.resizeDocks({flow, settings}, {width * 36 / 100, std::clamp(settingsWidth, 200, 280)}, Qt::Horizontal);
        window.resizeDocks({flow, heads, steps}, {height * 34 / 100, height * 26 / 100, height * 40 / 100}, Qt::Vertical);
    } else {
        window.resizeDocks({flow}, {width * 44 / 100}, Qt::Horizontal);
        window.resizeDocks({flow, steps}, {height * 45 / 100, height * 55 / 100}, Qt::Vertical);
    }
}

} // namespace attn::ui

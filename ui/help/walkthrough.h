#pragma once

#include <QString>
#include <QWidget>

#include <functional>
#include <vector>

namespace attn::ui {

// One stop of the walk-through: a section of the seed document, what to look at, and what the
// window shows for it (an example to open and the panel to bring forward).
struct WalkthroughStop
{
    QString section;   // "§2.3"
    QString title;
    QString text;      // what to look at, in a sentence or three (rich text)
    QString preset;    // the example to open; empty: keep the current one
    QString dockName;  // the dock to raise; empty: the heatmap in the centre is enough
};

// The seed's sections in order, each tied to the example and the view that shows it.
const std::vector<WalkthroughStop> &walkthroughStops();

// Help ▸ The walk-through: the stops as cards, each with a "Show me" button.
class WalkthroughPanel : public QWidget
{
    Q_OBJECT

public:
    using ShowStop = std::function<void(const WalkthroughStop &)>;
    explicit WalkthroughPanel(ShowStop show, QWidget *parent = nullptr);
};

} // namespace attn::ui

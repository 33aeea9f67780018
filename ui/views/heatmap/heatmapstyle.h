#pragma once

#include <QColor>
#include <QFont>

class QWidget;

namespace attn::ui {

// Colours and fonts for one paint of a heatmap view. On screen they follow the widget's palette
// (dark and light both legible); exports use a fixed light style so that a figure looks the same
// on every machine. Fonts have pixel sizes, so they keep their size under an exporter's scaling.
struct HeatmapStyle
{
    QColor background;
    QColor text;
    QColor mutedText;   // captions, thinned-label indices
    QColor highlight;   // focused labels, the focused head's outline
    QColor frame;       // thin lines around matrices and the colour bar
    QFont labelFont;    // token labels
    QFont captionFont;  // "query ↓", "key →", colour bar ticks
    QFont titleFont;

    static HeatmapStyle forWidget(const QWidget &widget);
    static HeatmapStyle forExport(const QFont &baseFont);

    // Smaller fonts for small multiples.
    HeatmapStyle scaledFonts(double factor) const;
};

} // namespace attn::ui

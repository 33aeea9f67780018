#pragma once

#include "core/analysis/keyfilter.h"

#include <QObject>
#include <QString>

namespace attn::ui {

enum class ColorMapId { Viridis, Magma, Cividis, Greys };
enum class CellValue { Weights, Scores }; // heatmaps show softmax weights (0–1) or raw scores (diverging)
enum class FlowHeads { Focused, All };    // flow diagrams: the focused head, or every head in its colour

// Which weights span the colours of a heatmap (colorscale.h maps a value to the colour bar): 0–1,
// or the smallest to the largest non-zero weight of each query row, of the head, or of what the
// view shows (today: the head's shown cells). Near-uniform attention, one colour at 0–1, spans the
// whole bar per row. Scores stay centred on 0, out to the layer's, row's, head's or view's |max|.
enum class ColorScale { Fixed, Row, Head, Visible };
// How a value's share of that top moves along the bar: evenly, by its square root (γ = 0.5:
// small weights spread out), or by decades (the lowest three decades, below them the bottom colour).
enum class ColorTransfer { Linear, Power, Log };

QString colorMapName(ColorMapId id);
// Names as the session file and the settings spell them: fixed|row|head|visible, linear|power|log.
QString colorScaleName(ColorScale scale);
QString colorTransferName(ColorTransfer transfer);
ColorScale colorScaleFromName(const QString &name);          // unknown: Fixed
ColorTransfer colorTransferFromName(const QString &name);    // unknown: Linear

// How the views draw, shared by all of them and saved with the session.
struct ViewOptions
{
    ColorMapId colorMap = ColorMapId::Viridis;
    CellValue cellValue = CellValue::Weights;
    FlowHeads flowHeads = FlowHeads::Focused;
    double flowThreshold = 0.05; // arrows below this weight are hidden
    int flowTopK = 3;            // per query, only the k strongest arrows (0 = no limit)
    ColorScale colorScale = ColorScale::Fixed;
    ColorTransfer colorTransfer = ColorTransfer::Linear;
    // Weights rescaled over the keys that are not sinks: a decoder's first token, an encoder's
    // [CLS] and [SEP] (hideSinkKeys()).
    bool hideFirstToken = false;
    PairFilter pairFilter = PairFilter::None; // a sentence pair: one sentence's queries, the other's keys

    friend bool operator==(const ViewOptions &, const ViewOptions &) = default;
};

class ViewOptionsModel : public QObject
{
    Q_OBJECT

public:
    explicit ViewOptionsModel(QObject *parent = nullptr) : QObject(parent) {}

    const ViewOptions &options() const { return m_options; }
    void setOptions(const ViewOptions &options)
    {
        if (options == m_options)
            return;
        m_options = options;
        emit optionsChanged(m_options);
    }

signals:
    void optionsChanged(const attn::ui::ViewOptions &options);

private:
    ViewOptions m_options;
};

} // namespace attn::ui

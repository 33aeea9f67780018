#pragma once

#include "core/analysis/keyfilter.h"

#include <QObject>
#include <QString>

namespace attn::ui {

enum class ColorMapId { Viridis, Magma, Cividis, Greys };
enum class CellValue { Weights, Scores }; // heatmaps show softmax weights (0–1) or raw scores (diverging)
enum class FlowHeads { Focused, All };    // flow diagrams: the focused head, or every head in its colour

QString colorMapName(ColorMapId id);

// How the views draw, shared by all of them and saved with the session.
struct ViewOptions
{
    ColorMapId colorMap = ColorMapId::Viridis;
    CellValue cellValue = CellValue::Weights;
    FlowHeads flowHeads = FlowHeads::Focused;
    double flowThreshold = 0.05; // arrows below this weight are hidden
    int flowTopK = 3;            // per query, only the k strongest arrows (0 = no limit)
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

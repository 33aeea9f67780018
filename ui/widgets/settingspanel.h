#pragma once

#include "document/attentiondocument.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;

namespace attn::ui {

// The model's settings: heads, d_model, d_k, d_v, seed, causal mask, temperature, scaling and
// positional encoding. Every change goes to the document as one undoable edit; the panel follows
// the document (undo, presets, sessions) without echoing its own updates back.
class SettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPanel(AttentionDocument *document, QWidget *parent = nullptr);

    // Temperature slider positions are logarithmic: 10^(position / 100), from 0.05 to 20.
    static double temperatureForSlider(int position);
    static int sliderForTemperature(double temperature);

private:
    void showConfig(const AttentionConfig &config);
    void commit();

    AttentionDocument *m_document;
    QSpinBox *m_heads;
    QSpinBox *m_dModel;
    QSpinBox *m_dK;
    QSpinBox *m_dV;
    QSpinBox *m_seed;
    QCheckBox *m_causal;
    QSlider *m_temperatureSlider;
    QDoubleSpinBox *m_temperature;
    QCheckBox *m_scale;
    QComboBox *m_positional;
    bool m_updating = false;
};

} // namespace attn::ui

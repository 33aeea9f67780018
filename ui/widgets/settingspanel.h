#pragma once

#include "document/attentiondocument.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;
class QStackedLayout;

namespace attn::ui {

class ModelConfigForm;

// The Settings dock. For the toy layer, its settings: heads, d_model, d_k, d_v, seed, causal mask,
// temperature, scaling and positional encoding. Every change goes to the document as one undoable
// edit (one drag of the temperature slider is one step); the panel follows the document (undo,
// presets, sessions) without echoing its own updates back. With a checkpoint open, the checkpoint's
// own configuration instead, read-only (ModelConfigForm).
class SettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPanel(AttentionDocument *document, QWidget *parent = nullptr);

    // Temperature slider positions are logarithmic: 10^(position / 100), from 0.05 to 20.
    static double temperatureForSlider(int position);
    static int sliderForTemperature(double temperature);

    ModelConfigForm *modelForm() { return m_modelForm; }
    QSlider *temperatureSlider() { return m_temperatureSlider; }
    // Whether the toy layer's settings or the model's configuration is shown.
    bool showsModel() const;

private:
    QWidget *buildToyForm();
    void showConfig(const AttentionConfig &config);
    void showModel(const ModelPtr &model);
    void commit(AttentionDocument::Step step = AttentionDocument::Step::New);

    AttentionDocument *m_document;
    QStackedLayout *m_pages;
    QWidget *m_toyPage;
    QWidget *m_modelPage;
    ModelConfigForm *m_modelForm;
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

#include "settingspanel.h"

#include "modelconfigform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStackedLayout>

#include <cmath>

namespace attn::ui {

double SettingsPanel::temperatureForSlider(int position)
{
    return std::pow(10.0, position / 100.0);
}

int SettingsPanel::sliderForTemperature(double temperature)
{
    return int(std::lround(std::log10(std::clamp(temperature, 0.05, 20.0)) * 100.0));
}

SettingsPanel::SettingsPanel(AttentionDocument *document, QWidget *parent) : QWidget(parent), m_document(document)
{
    m_pages = new QStackedLayout(this);
    m_toyPage = buildToyForm();
    m_pages->addWidget(m_toyPage);
    auto *scroll = new QScrollArea(this); // a 1024 × 640 screen leaves the dock less than the form needs
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_modelForm = new ModelConfigForm(scroll);
    scroll->setWidget(m_modelForm);
    m_modelPage = scroll;
    m_pages->addWidget(m_modelPage);

    connect(m_document, &AttentionDocument::stateChanged, this, [this] { showConfig(m_document->config()); });
    connect(m_document, &AttentionDocument::modelChanged, this, &SettingsPanel::showModel);
    connect(m_document, &AttentionDocument::resultChanged, m_modelForm, [this](const ResultPtr &result) {
        if (m_document->model() && result)
            m_modelForm->showResult(*result);
    });
    showConfig(m_document->config());
    showModel(m_document->model());
}

bool SettingsPanel::showsModel() const
{
    return m_pages->currentWidget() == m_modelPage;
}

void SettingsPanel::showModel(const ModelPtr &model)
{
    if (model) {
        m_modelForm->showModel(model->info());
        if (const ResultPtr result = m_document->result())
            m_modelForm->showResult(*result);
    }
    m_pages->setCurrentWidget(model ? m_modelPage : m_toyPage);
}

QWidget *SettingsPanel::buildToyForm()
{
    auto *page = new QWidget(this);
    auto spin = [this, page](int low, int high, const QString &tip) {
        auto *box = new QSpinBox(page);
        box->setRange(low, high);
        box->setToolTip(tip);
        box->setKeyboardTracking(false); // commit on Enter or focus-out, not at every digit
        connect(box, &QSpinBox::valueChanged, this, [this] { commit(); });
        return box;
    };
    m_heads = spin(1, Limits::maxHeads, tr("Number of attention heads (§2.6 uses 8)"));
    m_dModel = spin(1, Limits::maxDModel, tr("Width of each token's embedding, d_model"));
    m_dK = spin(1, Limits::maxDHead, tr("Width of queries and keys per head, d_k (scores are divided by √d_k)"));
    m_dV = spin(1, Limits::maxDHead, tr("Width of values per head, d_v"));
    m_seed = spin(0, 2147483647, tr("Seed of the Glorot-initialised matrices; changing it re-seeds every matrix"));

    m_causal = new QCheckBox(tr("Causal mask"), page);
    m_causal->setToolTip(tr("Each token may only attend to itself and earlier tokens (GPT-style)"));
    m_scale = new QCheckBox(tr("Divide by √d_k"), page);
    m_scale->setToolTip(tr("Scale q·k by 1/√d_k before softmax, as in the seed's Step 2"));
    for (QCheckBox *box : {m_causal, m_scale})
        connect(box, &QCheckBox::toggled, this, [this] { commit(); });

    m_temperatureSlider = new QSlider(Qt::Horizontal, page);
    m_temperatureSlider->setRange(sliderForTemperature(0.05), sliderForTemperature(20.0));
    m_temperatureSlider->setToolTip(tr("Temperature T divides the scores: low T sharpens attention, high T flattens it"));
    m_temperature = new QDoubleSpinBox(page);
    m_temperature->setRange(0.01, 1000.0);
    m_temperature->setDecimals(2);
    m_temperature->setSingleStep(0.1);
    m_temperature->setKeyboardTracking(false);
    m_temperature->setToolTip(m_temperatureSlider->toolTip());
    connect(m_temperatureSlider, &QSlider::valueChanged, this, [this](int position) {
        if (m_updating)
            return;
        const QSignalBlocker blocker(m_temperature);
        m_temperature->setValue(temperatureForSlider(position));
        // One drag is one undo step, from where it began to where it ends; the views follow every value.
        commit(m_temperatureSlider->isSliderDown() ? AttentionDocument::Step::Continue : AttentionDocument::Step::New);
    });
    // Pressed: a new drag never continues the previous one's step. Released: the step is complete.
    connect(m_temperatureSlider, &QSlider::sliderPressed, m_document, &AttentionDocument::finishStep);
    connect(m_temperatureSlider, &QSlider::sliderReleased, m_document, &AttentionDocument::finishStep);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        if (m_updating)
            return;
        const QSignalBlocker blocker(m_temperatureSlider);
        m_temperatureSlider->setValue(sliderForTemperature(value));
        commit();
    });
    auto *resetTemperature = new QPushButton(tr("1"), page);
    resetTemperature->setToolTip(tr("Reset the temperature to 1"));
    resetTemperature->setFixedWidth(resetTemperature->fontMetrics().horizontalAdvance(QStringLiteral("000")) + 12);
    connect(resetTemperature, &QPushButton::clicked, this, [this] { m_temperature->setValue(1.0); });

    m_positional = new QComboBox(page);
    m_positional->addItem(tr("none"), int(PositionalEncoding::None));
    m_positional->addItem(tr("sinusoidal"), int(PositionalEncoding::Sinusoidal));
    m_positional->setToolTip(tr("Positional encoding added to the embeddings (Vaswani et al. 2017)"));
    connect(m_positional, &QComboBox::currentIndexChanged, this, [this] { commit(); });

    auto *temperatureRow = new QHBoxLayout;
    temperatureRow->addWidget(m_temperatureSlider, 1);
    temperatureRow->addWidget(m_temperature);
    temperatureRow->addWidget(resetTemperature);

    auto *form = new QFormLayout(page);
    form->addRow(tr("Heads"), m_heads);
    form->addRow(tr("d_model"), m_dModel);
    form->addRow(tr("d_k"), m_dK);
    form->addRow(tr("d_v"), m_dV);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Temperature"), temperatureRow);
    form->addRow(QString(), m_scale);
    form->addRow(QString(), m_causal);
    form->addRow(tr("Positions"), m_positional);
    return page;
}

void SettingsPanel::showConfig(const AttentionConfig &config)
{
    m_updating = true;
    const QSignalBlocker b1(m_heads), b2(m_dModel), b3(m_dK), b4(m_dV), b5(m_seed), b6(m_causal), b7(m_scale),
        b8(m_temperature), b9(m_temperatureSlider), b10(m_positional);
    m_heads->setValue(config.heads);
    m_dModel->setValue(config.dModel);
    m_dK->setValue(config.dK);
    m_dV->setValue(config.dV);
    m_seed->setValue(int(std::min<quint64>(config.seed, 2147483647u)));
    m_causal->setChecked(config.causal);
    m_scale->setChecked(config.scaleByRootDk);
    m_temperature->setValue(config.temperature);
    m_temperatureSlider->setValue(sliderForTemperature(config.temperature));
    m_positional->setCurrentIndex(m_positional->findData(int(config.positional)));
    m_updating = false;
}

void SettingsPanel::commit(AttentionDocument::Step step)
{
    if (m_updating)
        return;
    AttentionConfig config = m_document->config();
    config.heads = m_heads->value();
    config.dModel = m_dModel->value();
    config.dK = m_dK->value();
    config.dV = m_dV->value();
    config.seed = quint64(m_seed->value());
    config.causal = m_causal->isChecked();
    config.scaleByRootDk = m_scale->isChecked();
    config.temperature = m_temperature->value();
    config.positional = PositionalEncoding(m_positional->currentData().toInt());
    m_document->setConfig(config, step);
}

} // namespace attn::ui

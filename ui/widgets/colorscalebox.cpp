#include "colorscalebox.h"

#include "document/viewoptions.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace attn::ui {

ColorScaleBox::ColorScaleBox(ViewOptionsModel *options, QWidget *parent)
    : QWidget(parent), m_options(options), m_scale(new QComboBox(this)), m_transfer(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr(" Scale "), this);
    label->setBuddy(m_scale);
    layout->addWidget(label);
    layout->addWidget(m_scale);
    layout->addWidget(m_transfer);

    m_scale->addItem(tr("0–1"), int(ColorScale::Fixed));
    m_scale->addItem(tr("Per row"), int(ColorScale::Row));
    m_scale->addItem(tr("Per head"), int(ColorScale::Head));
    m_scale->addItem(tr("Visible"), int(ColorScale::Visible));
    m_scale->setToolTip(tr("Which weights span the colours: 0 to 1, or the smallest to the largest non-zero weight "
                           "of each query row, of the head, or of what the view shows — so near-equal weights "
                           "use every colour. Scores stay centred on 0, out to the largest |score| of the layer, "
                           "the row, the head or the view."));
    m_transfer->addItem(tr("Linear"), int(ColorTransfer::Linear));
    m_transfer->addItem(tr("Power γ 0.5"), int(ColorTransfer::Power));
    m_transfer->addItem(tr("Log"), int(ColorTransfer::Log));
    m_transfer->setToolTip(tr("How values spread over the colours: linear; power (square root) spreads small "
                              "weights apart; log shows three decades below the top, smaller values in the "
                              "bottom colour."));

    connect(m_scale, &QComboBox::currentIndexChanged, this, [this](int index) {
        ViewOptions o = m_options->options();
        o.colorScale = ColorScale(m_scale->itemData(index).toInt());
        m_options->setOptions(o);
    });
    connect(m_transfer, &QComboBox::currentIndexChanged, this, [this](int index) {
        ViewOptions o = m_options->options();
        o.colorTransfer = ColorTransfer(m_transfer->itemData(index).toInt());
        m_options->setOptions(o);
    });
    connect(m_options, &ViewOptionsModel::optionsChanged, this, &ColorScaleBox::showOptions);
    showOptions();
}

void ColorScaleBox::showOptions()
{
    const QSignalBlocker blockScale(m_scale), blockTransfer(m_transfer);
    m_scale->setCurrentIndex(m_scale->findData(int(m_options->options().colorScale)));
    m_transfer->setCurrentIndex(m_transfer->findData(int(m_options->options().colorTransfer)));
}

} // namespace attn::ui

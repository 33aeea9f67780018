#include "modelconfigform.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace attn::ui {
namespace {

QString parameterText(qint64 parameters)
{
    if (parameters >= 1'000'000'000)
        return ModelConfigForm::tr("%1 B").arg(double(parameters) / 1e9, 0, 'f', 2);
    if (parameters >= 1'000'000)
        return ModelConfigForm::tr("%1 M").arg(double(parameters) / 1e6, 0, 'f', 1);
    return ModelConfigForm::tr("%1 k").arg(double(parameters) / 1e3, 0, 'f', 1);
}

} // namespace

ModelConfigForm::ModelConfigForm(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *note = new QLabel(tr("Read-only: fixed by the model's files."), this);
    note->setToolTip(tr("The model's own configuration. Close the model (Model ▸ Close model) to edit the toy "
                        "layer's settings."));
    note->setWordWrap(true);
    QFont italic = note->font(); // the palette's text colour: readable under any theme
    italic.setItalic(true);
    note->setFont(italic);
    layout->addWidget(note);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(m_form);
    layout->addStretch(1);

    m_name = addRow(QStringLiteral("name"), tr("Model"), tr("The checkpoint's folder or file"));
    m_family = addRow(QStringLiteral("family"), tr("Family"), tr("config.json's model_type"));
    m_layers = addRow(QStringLiteral("layers"), tr("Layers"), tr("Transformer blocks, each with its own attention"));
    m_heads = addRow(QStringLiteral("heads"), tr("Heads"), tr("Query heads per layer"));
    m_keyValueHeads = addRow(QStringLiteral("keyValueHeads"), tr("KV heads"),
                             tr("Key/value heads per layer: fewer than the query heads under grouped-query attention, "
                                "where consecutive query heads share one"));
    m_dModel = addRow(QStringLiteral("dModel"), QStringLiteral("d_model"), tr("Width of the residual stream"));
    m_dHead = addRow(QStringLiteral("dHead"), QStringLiteral("d_head"), tr("Width of each head's queries, keys and values"));
    m_vocabulary = addRow(QStringLiteral("vocabulary"), tr("Vocabulary"), tr("Tokens the tokenizer and the LM head know"));
    m_context = addRow(QStringLiteral("context"), tr("Context"), tr("The longest input the model reads, in tokens"));
    m_positions = addRow(QStringLiteral("positions"), tr("Positions"),
                         tr("How the model knows where a token is: learned position embeddings added to the input, "
                            "or RoPE rotating q and k inside every layer"));
    m_norm = addRow(QStringLiteral("norm"), tr("Norm"), tr("The normalisation around each attention block"));
    m_attention = addRow(QStringLiteral("attention"), tr("Attention"),
                         tr("Causal: a token sees itself and earlier tokens (decoders). Bidirectional: every token "
                            "sees every other (encoders)"));
    m_scale = addRow(QStringLiteral("scale"), tr("Score scale"), tr("What q·k is multiplied by before the softmax"));
    m_softcap = addRow(QStringLiteral("softcap"), tr("Softcap"), tr("Scores pass through cap·tanh(score/cap) before the mask"));
    m_parameters = addRow(QStringLiteral("parameters"), tr("Parameters"), tr("Every weight of the checkpoint"));
    m_weightFormat = addRow(QStringLiteral("weightFormat"), tr("Stored as"),
                            tr("The file's quantisation; the weights were turned back into floats"));
}

QLabel *ModelConfigForm::addRow(const QString &name, const QString &title, const QString &tip)
{
    auto *value = new QLabel(this);
    value->setObjectName(name);
    value->setToolTip(tip);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *label = new QLabel(title, this);
    label->setToolTip(tip);
    m_form->addRow(label, value);
    return value;
}

void ModelConfigForm::setRowShown(QLabel *value, bool shown)
{
    m_form->setRowVisible(value, shown);
}

void ModelConfigForm::showModel(const ModelInfo &info)
{
    m_modelName = info.name;
    m_name->setText(info.name);
    m_family->setText(info.family);
    m_layers->setText(QString::number(info.layers));
    m_heads->setText(QString::number(info.heads));
    const int kv = info.keyValueHeads > 0 ? info.keyValueHeads : info.heads;
    if (kv == info.heads)
        m_keyValueHeads->setText(tr("%1 (one per head)").arg(kv));
    else if (kv == 1)
        m_keyValueHeads->setText(tr("1 (shared by all heads)"));
    else
        m_keyValueHeads->setText(tr("%1 (%2 query heads each)").arg(kv).arg(info.heads / kv));
    m_dModel->setText(QString::number(info.dModel));
    m_dHead->setText(QString::number(info.dHead));
    m_vocabulary->setText(tr("%1 tokens").arg(info.vocabSize));
    m_context->setText(tr("%1 tokens").arg(info.contextLength));
    m_attention->setText(info.bidirectional ? tr("bidirectional (encoder)") : tr("causal (decoder)"));
    const double rootScale = info.dHead > 0 ? 1.0 / std::sqrt(double(info.dHead)) : 0.0;
    if (info.attentionScale <= 0)
        m_scale->setText(tr("1/√d_head"));
    else if (std::abs(info.attentionScale - rootScale) <= 1e-6 * rootScale)
        m_scale->setText(tr("1/√d_head = %1").arg(info.attentionScale, 0, 'g', 4));
    else
        m_scale->setText(QString::number(info.attentionScale, 'g', 4));
    m_softcap->setText(QString::number(info.attentionSoftcap, 'g', 4));
    setRowShown(m_softcap, info.attentionSoftcap > 0);
    m_parameters->setText(parameterText(info.parameterCount));
    m_weightFormat->setText(info.weightFormat);
    setRowShown(m_weightFormat, !info.weightFormat.isEmpty());
    // Until the model has run on a text, its norm and positions are not known here.
    m_positions->setText(tr("shown after the first run"));
    m_norm->setText(tr("shown after the first run"));
}

void ModelConfigForm::showResult(const AttentionResult &result)
{
    if (result.modelName != m_modelName || result.tokenCount() == 0 || result.layers.empty())
        return;
    const LayerResult &first = result.layers.front();
    if (first.ropeFrequencies.empty()) {
        m_positions->setText(tr("learned, added to the input"));
        m_positions->setToolTip(tr("A learned position embedding is added to each token's embedding"));
    } else {
        const int rotated = 2 * int(first.ropeFrequencies.size());
        m_positions->setText(tr("RoPE (%1 of %2 dims)").arg(rotated).arg(result.config.dK));
        m_positions->setToolTip(tr("Rotary position embeddings: q and k are rotated inside every layer, %1 of "
                                   "each head's %2 dims").arg(rotated).arg(result.config.dK));
    }
    const ArchitectureFacts &facts = result.architecture;
    QString norm = facts.norm.isEmpty() ? tr("unknown") : facts.norm;
    norm += facts.postNorm ? tr(", after attention") : tr(", before attention");
    if (facts.headNorms)
        norm += tr("; q and k normalised per head");
    m_norm->setText(norm);
    int window = 0;
    int sliding = 0; // layers whose queries see only the latest `window` keys
    for (const LayerResult &layer : result.layers) {
        window = std::max(window, layer.slidingWindow);
        sliding += layer.slidingWindow > 0 ? 1 : 0;
    }
    QString attention = result.config.causal ? tr("causal (decoder)") : tr("bidirectional (encoder)");
    if (sliding == result.layerCount())
        attention += tr("; sliding window of %1 tokens").arg(window);
    else if (sliding > 0)
        attention += tr("; sliding window of %1 tokens in %2 of %3 layers").arg(window).arg(sliding).arg(result.layerCount());
    m_attention->setText(attention);
}

QString ModelConfigForm::valueText(const QString &row) const
{
    const auto *value = findChild<QLabel *>(row);
    return value ? value->text() : QString();
}

} // namespace attn::ui

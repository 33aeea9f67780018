#include "examplepicker.h"

#include "core/engine/presets.h"

#include <QStandardItemModel>

namespace attn::ui {
namespace {

constexpr int kCustomIndex = 0;

} // namespace

QString ExamplePicker::customText()
{
    return tr("Custom");
}

ExamplePicker::ExamplePicker(AttentionDocument *document, QWidget *parent) : QComboBox(parent), m_document(document)
{
    addItem(customText());
    // Shown, never picked: it names a state, it does not make one.
    if (auto *items = qobject_cast<QStandardItemModel *>(model()))
        items->item(kCustomIndex)->setEnabled(false);
    setItemData(kCustomIndex, tr("The text or the settings differ from every example"), Qt::ToolTipRole);
    insertSeparator(kCustomIndex + 1);
    for (const Preset &preset : presets()) {
        addItem(preset.title, preset.name);
        setItemData(count() - 1, preset.description, Qt::ToolTipRole);
    }
    connect(this, &QComboBox::activated, this, [this](int index) {
        const QString name = itemData(index).toString();
        if (findPreset(name))
            emit exampleChosen(name);
        follow(); // the document says what is shown, whatever was picked
    });
    connect(m_document, &AttentionDocument::stateChanged, this, &ExamplePicker::follow);
    connect(m_document, &AttentionDocument::modelChanged, this, &ExamplePicker::follow);
    follow();
}

void ExamplePicker::follow()
{
    const bool model = m_document->model() != nullptr;
    setEnabled(!model);
    setToolTip(model ? tr("The examples are settings of the toy layer: close the model (Model ▸ Close model) to "
                          "open one")
                     : tr("Open one of the seed document's examples; \"Custom\" once the text or a setting "
                          "differs from it"));
    const QString name = model ? QString() : m_document->presetName();
    const int index = name.isEmpty() ? kCustomIndex : findData(name);
    setCurrentIndex(index < 0 ? kCustomIndex : index);
}

} // namespace attn::ui

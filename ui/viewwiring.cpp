#include "viewwiring.h"

#include "document/attentiondocument.h"
#include "views/resultview.h"
#include "views/steps/steppanel.h"

#include <QPointer>

namespace attn::ui {

void wireView(ResultView *view, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options)
{
    view->setFocusModel(focus);
    view->setOptions(options);
    view->setMessage(document->errorText());
    view->setResult(document->result());
    QObject::connect(document, &AttentionDocument::resultChanged, view, [view, document](const ResultPtr &result) {
        view->setMessage(document->errorText()); // cleared by the new result
        view->setResult(result);
    });
    QObject::connect(document, &AttentionDocument::computeFailed, view, &ResultView::setMessage);
}

void wireStepPanel(StepPanel *panel, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options)
{
    // The name is read before the result arrives, so the panel rebuilds once, with both.
    panel->setPresetName(document->presetName());
    QObject::connect(document, &AttentionDocument::resultChanged, panel,
                     [panel, document] { panel->setPresetName(document->presetName()); });
    // The run's ln_1 inputs, only when they belong to the result on show. The one place the panel
    // reaches the model run: the run's redesign (issue 12) reconnects it here.
    const QPointer<AttentionDocument> source(document);
    panel->setLayerInputSource([source](const AttentionResult &result, int layer) -> const Matrix * {
        if (!source)
            return nullptr;
        const Gpt2RunPtr &run = source->modelRun();
        if (!run || run->result.get() != &result || layer < 0 || layer >= int(run->ln1PerLayer.size()))
            return nullptr;
        return &run->ln1PerLayer[size_t(layer)];
    });
    wireView(panel, document, focus, options);
}

} // namespace attn::ui

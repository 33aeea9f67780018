#include "viewwiring.h"

#include "document/attentiondocument.h"
#include "views/resultview.h"
#include "views/steps/steppanel.h"


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
    wireView(panel, document, focus, options);
}

} // namespace attn::ui

#include "viewwiring.h"

#include "document/attentiondocument.h"
#include "document/displayedresult.h"
#include "views/resultview.h"
#include "views/steps/steppanel.h"

namespace attn::ui {
namespace {

// Source: AttentionDocument or DisplayedResult, which publish the same three things.
template <typename Source>
void follow(ResultView *view, Source *source, FocusModel *focus, ViewOptionsModel *options)
{
    view->setFocusModel(focus);
    view->setOptions(options);
    view->setMessage(source->errorText());
    view->setResult(source->result());
    QObject::connect(source, &Source::resultChanged, view, [view, source](const ResultPtr &result) {
        view->setMessage(source->errorText()); // cleared by the new result
        view->setResult(result);
    });
    QObject::connect(source, &Source::computeFailed, view, &ResultView::setMessage);
}

} // namespace

void wireView(ResultView *view, DisplayedResult *shown, FocusModel *focus, ViewOptionsModel *options)
{
    follow(view, shown, focus, options);
}

void wireView(ResultView *view, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options)
{
    follow(view, document, focus, options);
}

void wireStepPanel(StepPanel *panel, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options)
{
    // The name is read before the result arrives, so the panel rebuilds once, with both.
    panel->setPresetName(document->presetName());
    QObject::connect(document, &AttentionDocument::resultChanged, panel,
                     [panel, document] { panel->setPresetName(document->presetName()); });
    follow(panel, document, focus, options);
}

} // namespace attn::ui

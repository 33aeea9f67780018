#pragma once

namespace attn::ui {

class AttentionDocument;
class FocusModel;
class ResultView;
class StepPanel;
class ViewOptionsModel;

// Where the document meets the views: views take a result, a focus and options and know nothing of
// where they come from; these calls hand them the document's. Called once per view, after the
// window's own resultChanged handler is connected (that one clamps the focus to the new result
// before any view draws it).

// The document's result now and every later one; its error as the view's message while it has no
// result; the shared focus and options.
void wireView(ResultView *view, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options);

// wireView, and what only the step panel asks for besides the result: the example's name.
void wireStepPanel(StepPanel *panel, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options);

} // namespace attn::ui

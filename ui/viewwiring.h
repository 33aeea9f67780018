#pragma once

namespace attn::ui {

class AttentionDocument;
class DisplayedResult;
class FocusModel;
class ResultView;
class StepPanel;
class ViewOptionsModel;

// Where the document meets the views: views take a result, a focus and options and know nothing of
// where they come from; these calls hand them the document's. Called once per view, after the
// window's own resultChanged handler is connected (that one clamps the focus to the new result
// before any view draws it).

// The displayed result now and every later one; the document's error as the view's message while
// it has no result; the shared focus and options.
void wireView(ResultView *view, DisplayedResult *shown, FocusModel *focus, ViewOptionsModel *options);
// The same from the document's own result, never rescaled (exports, tests).
void wireView(ResultView *view, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options);

// The same from the document's own result (the softmax the panel writes out is the model's, never
// rescaled), and what only the step panel asks for besides: the example's name.
void wireStepPanel(StepPanel *panel, AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options);

} // namespace attn::ui

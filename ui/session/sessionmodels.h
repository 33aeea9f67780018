#pragma once

#include <QByteArray>

#include <functional>

namespace attn::ui {

class AttentionDocument;
class FocusModel;
class ViewOptionsModel;

// Where the parts of a session file live in a running program: the sentence, configuration and
// matrices in the document, the focused head and pair in the focus, colour map and flow settings in
// the view options, and the arrangement of docks and toolbars, which only a window can save and
// restore (empty functions: a session without a window layout).
struct SessionModels
{
    AttentionDocument *document = nullptr;
    FocusModel *focus = nullptr;
    ViewOptionsModel *viewOptions = nullptr;
    std::function<QByteArray()> saveLayout;
    std::function<void(const QByteArray &)> restoreLayout;
};

} // namespace attn::ui

#pragma once

#include "modelstate.h"

namespace attn::ui {

// What one undo step holds: enough to take the document's state to before the step and back again.
// A command holds its edit through a shared pointer, so that the undo history can hand the edit to a
// new command (when it drops its oldest steps) without applying it again.
class DocumentEdit
{
public:
    virtual ~DocumentEdit() = default;

    virtual void undo(DocumentState &state) = 0;
    virtual void redo(DocumentState &state) = 0;

    // The bytes this edit keeps alive, its own object included: what the undo budget counts.
    virtual qsizetype heldBytes() const = 0;

    // Folds in a later edit (already applied) that carries the same merge id, so that both become one
    // step; false when they must stay two.
    virtual bool absorb(const DocumentEdit &later) = 0;
};

} // namespace attn::ui

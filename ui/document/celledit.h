#pragma once

#include "documentedit.h"

namespace attn::ui {

// One number of W_Q, W_K, W_V or W_O typed in: the cell and its value before and after, nothing more.
class CellEdit final : public DocumentEdit
{
public:
    CellEdit(MatrixKind kind, int head, int row, int column, float before, float after);

    void undo(DocumentState &state) override;
    void redo(DocumentState &state) override;
    qsizetype heldBytes() const override { return sizeof *this; }
    // Only a later edit of the same cell: a spin box dragged through many values is one step.
    bool absorb(const DocumentEdit &later) override;

private:
    bool isSameCell(const CellEdit &other) const;
    float &cell(ModelState &state) const;

    MatrixKind m_kind;
    int m_head;
    int m_row;
    int m_column;
    float m_before;
    float m_after;
};

} // namespace attn::ui

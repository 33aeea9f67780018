#include "celledit.h"

namespace attn::ui {

CellEdit::CellEdit(MatrixKind kind, int head, int row, int column, float before, float after)
    : m_kind(kind), m_head(head), m_row(row), m_column(column), m_before(before), m_after(after)
{
}

void CellEdit::undo(DocumentState &state)
{
    cell(state.model) = m_before;
}

void CellEdit::redo(DocumentState &state)
{
    cell(state.model) = m_after;
}

bool CellEdit::absorb(const DocumentEdit &later)
{
    const auto *edit = dynamic_cast<const CellEdit *>(&later);
    if (!edit || !isSameCell(*edit))
        return false;
    m_after = edit->m_after;
    return true;
}

bool CellEdit::isSameCell(const CellEdit &other) const
{
    return m_kind == other.m_kind && m_head == other.m_head && m_row == other.m_row && m_column == other.m_column;
}

float &CellEdit::cell(ModelState &state) const
{
    // The steps around this one on the stack restore the shape that this cell was edited in.
    return state.weights.matrix(m_kind, m_head)(m_row, m_column);
}

} // namespace attn::ui

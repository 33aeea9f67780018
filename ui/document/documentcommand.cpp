#include "documentcommand.h"

namespace attn::ui {

DocumentCommand::DocumentCommand(AttentionDocument *document, ModelState before, ModelState after,
                                 const QString &label, int mergeId)
    : QUndoCommand(label), m_document(document), m_before(std::move(before)), m_after(std::move(after)),
      m_mergeId(mergeId)
{
}

void DocumentCommand::undo()
{
    m_document->restoreState(m_before);
}

void DocumentCommand::redo()
{
    m_document->restoreState(m_after);
}

bool DocumentCommand::mergeWith(const QUndoCommand *other)
{
    if (other->id() != id() || id() < 0)
        return false;
    m_after = static_cast<const DocumentCommand *>(other)->m_after;
    return true;
}

} // namespace attn::ui

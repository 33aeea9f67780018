#include "documentcommand.h"

#include "attentiondocument.h"

namespace attn::ui {

DocumentCommand::DocumentCommand(AttentionDocument *document, std::shared_ptr<DocumentEdit> edit,
                                 const QString &label, int mergeId)
    : QUndoCommand(label), m_document(document), m_edit(std::move(edit)), m_mergeId(mergeId)
{
}

void DocumentCommand::undo()
{
    if (!m_replaying)
        m_document->undoEdit(*m_edit);
}

void DocumentCommand::redo()
{
    if (!m_replaying)
        m_document->redoEdit(*m_edit);
}

bool DocumentCommand::mergeWith(const QUndoCommand *other)
{
    if (other->id() != id() || id() < 0)
        return false;
    const auto *later = static_cast<const DocumentCommand *>(other);
    if (!m_edit->absorb(*later->m_edit))
        return false;
    setText(later->label()); // one step of typing is named by where it ended
    return true;
}

qsizetype DocumentCommand::heldBytes() const
{
    return m_edit->heldBytes() + qsizetype(sizeof *this) + label().size() * qsizetype(sizeof(QChar));
}

QString DocumentCommand::label() const
{
    // setText() splits a label at its first newline into the History text and the menu's action text.
    return actionText() == text() ? text() : text() + QLatin1Char('\n') + actionText();
}

DocumentCommand *DocumentCommand::replica() const
{
    auto *command = new DocumentCommand(m_document, m_edit, label(), m_mergeId);
    command->m_replaying = true;
    return command;
}

} // namespace attn::ui

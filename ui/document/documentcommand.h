#pragma once

#include "attentiondocument.h"

#include <QUndoCommand>

namespace attn::ui {

// One undoable change of the document's model state. It keeps the whole state before and after:
// the teaching model's matrices are small, and a snapshot cannot drift from what it undoes.
class DocumentCommand : public QUndoCommand
{
public:
    DocumentCommand(AttentionDocument *document, ModelState before, ModelState after, const QString &label,
                    int mergeId);

    void undo() override;
    void redo() override;
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    AttentionDocument *m_document;
    ModelState m_before;
    ModelState m_after;
    int m_mergeId;
};

} // namespace attn::ui

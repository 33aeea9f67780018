#pragma once

#include "documentedit.h"

#include <QUndoCommand>

#include <memory>

namespace attn::ui {

class AttentionDocument;

// One step on the document's undo stack: the edit it holds, under the label the History panel shows.
class DocumentCommand : public QUndoCommand
{
public:
    DocumentCommand(AttentionDocument *document, std::unique_ptr<DocumentEdit> edit, const QString &label,
                    int mergeId);

    void undo() override;
    void redo() override;
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand *other) override;

    // The edit's bytes and the label's: what this step keeps alive.
    qsizetype heldBytes() const;

private:
    QString label() const; // as given to the constructor

    AttentionDocument *m_document;
    std::unique_ptr<DocumentEdit> m_edit;
    int m_mergeId;
};

} // namespace attn::ui

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
    DocumentCommand(AttentionDocument *document, std::shared_ptr<DocumentEdit> edit, const QString &label,
                    int mergeId);

    void undo() override;
    void redo() override;
    int id() const override { return m_replaying ? -1 : m_mergeId; }
    bool mergeWith(const QUndoCommand *other) override;

    // The edit's bytes and the label's: what this step keeps alive.
    qsizetype heldBytes() const;

    // A command for a rebuilt stack that holds this one's edit, in the same direction (done or undone).
    // It replays: its undo() and redo() change nothing, and it merges with nothing, until told otherwise.
    DocumentCommand *replica() const;
    void stopReplaying() { m_replaying = false; }

private:
    QString label() const; // as given to the constructor

    AttentionDocument *m_document;
    std::shared_ptr<DocumentEdit> m_edit;
    int m_mergeId;
    bool m_replaying = false;
};

} // namespace attn::ui

#pragma once

#include "documentedit.h"

#include <optional>
#include <vector>

namespace attn::ui {

// Any edit other than one cell (typing, opening an example, re-seed, scale, identity or zeros, loaded
// matrices, a configuration that reshapes, embeddings): only the parts of the state it changes, each
// held once. The edit holds
// the values the document does not have at the moment, so undo and redo are the same exchange; a step
// costs what it replaced rather than two copies, and the bits it gives back are the ones it took.
class StateEdit final : public DocumentEdit
{
public:
    // The parts of next that differ from current bit for bit (so that -0 after +0 is a change too).
    StateEdit(const DocumentState &current, DocumentState next);

    void undo(DocumentState &state) override { exchange(state); }
    void redo(DocumentState &state) override { exchange(state); }
    qsizetype heldBytes() const override;
    bool absorb(const DocumentEdit &later) override;

private:
    struct IndexedHead
    {
        int index;
        HeadWeights weights;
    };
    struct Embedding
    {
        QString text;
        std::optional<RowVector> vector; // none: the token has no override on this side
    };

    void exchange(DocumentState &state);
    void exchangeHeads(std::vector<HeadWeights> &heads);
    void exchangeEmbeddings(EmbeddingOverrides &embeddings);
    bool holdsHead(int index) const;
    bool holdsEmbedding(const QString &text) const;

    AttentionConfig m_config; // a few numbers: always held
    int m_headCount;
    // The heads that differ, and every head beyond the other side's count; all below m_headCount.
    std::vector<IndexedHead> m_heads;
    std::optional<Matrix> m_output; // W_O when it differs
    std::vector<Embedding> m_embeddings; // the overrides that differ, are added or are removed
    std::optional<QString> m_sentence;   // the text, when it differs
    std::optional<QString> m_sentenceB;  // an encoder's second sentence, when it differs
    std::optional<QString> m_presetName; // the example's name, when it differs
};

} // namespace attn::ui

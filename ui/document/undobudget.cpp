#include "undobudget.h"

#include "documentcommand.h"

#include <QUndoStack>

#include <vector>

namespace attn::ui {
namespace {

const DocumentCommand &commandAt(const QUndoStack &stack, int index)
{
    return *static_cast<const DocumentCommand *>(stack.command(index));
}

} // namespace

void UndoBudget::push(DocumentCommand *command)
{
    m_stack.push(command); // may merge into the step below and be deleted
    qsizetype held = 0;
    int kept = 0;
    for (int i = m_stack.count() - 1; i >= 0; --i) {
        held += commandAt(m_stack, i).heldBytes();
        if (held > m_budget && kept > 0)
            break;
        ++kept;
    }
    if (kept < m_stack.count())
        dropOldest(m_stack.count() - kept);
}

qsizetype UndoBudget::heldBytes() const
{
    qsizetype held = 0;
    for (int i = 0; i < m_stack.count(); ++i)
        held += commandAt(m_stack, i).heldBytes();
    return held;
}

void UndoBudget::dropOldest(int count)
{
    // QUndoStack deletes its bottom commands only to keep its step limit, so the stack is rebuilt from
    // the steps it keeps. Their edits pass to replicas that replay: pushing them and moving the index
    // back over the undone ones changes nothing in the document.
    Q_ASSERT(count <= m_stack.index()); // only steps that are done, below the current state
    const int index = m_stack.index() - count;
    const int clean = m_stack.cleanIndex() < count ? -1 : m_stack.cleanIndex() - count; // -1: none left
    std::vector<DocumentCommand *> kept;
    for (int i = count; i < m_stack.count(); ++i)
        kept.push_back(commandAt(m_stack, i).replica());
    m_stack.clear();
    for (int i = 0; i < int(kept.size()); ++i) {
        if (i == clean)
            m_stack.setClean();
        m_stack.push(kept[size_t(i)]);
    }
    if (clean == int(kept.size()))
        m_stack.setClean();
    m_stack.setIndex(index);
    if (clean < 0)
        m_stack.resetClean();
    for (DocumentCommand *command : kept)
        command->stopReplaying();
}

} // namespace attn::ui

#pragma once

#include <QtGlobal>

class QUndoStack;

namespace attn::ui {

class DocumentCommand;

// Keeps an undo stack of DocumentCommands within a memory budget, counted from what each command
// holds: a push that goes over it drops the oldest steps first. The newest step always stays, even
// alone over the budget, so that the edit just made can be undone; the history then holds at most
// that one step beyond the budget.
class UndoBudget
{
public:
    static constexpr qsizetype defaultBytes = qsizetype(256) * 1024 * 1024;

    explicit UndoBudget(QUndoStack &stack) : m_stack(stack) {}

    void push(DocumentCommand *command);

    qsizetype budget() const { return m_budget; }
    void setBudget(qsizetype bytes) { m_budget = bytes; } // counts from the next push
    qsizetype heldBytes() const; // by all the steps on the stack, done and undone

private:
    void dropOldest(int count);

    QUndoStack &m_stack;
    qsizetype m_budget = defaultBytes;
};

} // namespace attn::ui

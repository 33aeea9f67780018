#include "focus.h"

#include <algorithm>

namespace attn::ui {

FocusModel::FocusModel(QObject *parent) : QObject(parent) {}

void FocusModel::setFocus(const Focus &focus)
{
    const Focus next = withoutMaskedPin(focus);
    if (next == m_focus)
        return;
    m_focus = next;
    emit focusChanged(m_focus);
}

// A click on a masked cell still shows it, as a hover would; it just does not hold it.
Focus FocusModel::withoutMaskedPin(Focus focus) const
{
    if (focus.pinned && isMaskedCell(focus.query, focus.key))
        focus.pinned = false;
    return focus;
}

void FocusModel::setCausal(bool causal)
{
    if (causal == m_causal)
        return;
    m_causal = causal;
    setFocus(m_focus);
}

void FocusModel::setLayer(int layer)
{
    Focus next = m_focus;
    next.layer = layer;
    setFocus(next);
}

void FocusModel::setHead(int head)
{
    Focus next = m_focus;
    next.head = head;
    setFocus(next);
}

void FocusModel::hover(int query, int key)
{
    if (m_focus.pinned)
        return;
    Focus next = m_focus;
    next.query = query;
    next.key = query >= 0 ? key : -1;
    setFocus(next);
}

void FocusModel::pin(int query, int key)
{
    Focus next = m_focus;
    if (m_focus.pinned && m_focus.query == query && m_focus.key == key) {
        next.pinned = false;
    } else {
        next.query = query;
        next.key = key;
        next.pinned = query >= 0;
    }
    setFocus(next);
}

bool FocusModel::handleKey(int key, int tokenCount)
{
    switch (key) {
    case Qt::Key_Up:
        moveBy(-1, 0, tokenCount);
        return true;
    case Qt::Key_Down:
        moveBy(1, 0, tokenCount);
        return true;
    case Qt::Key_Left:
        moveBy(0, -1, tokenCount);
        return true;
    case Qt::Key_Right:
        moveBy(0, 1, tokenCount);
        return true;
    case Qt::Key_Escape:
        clear();
        return true;
    default:
        return false;
    }
}

void FocusModel::moveBy(int dQuery, int dKey, int tokenCount)
{
    if (tokenCount <= 0)
        return;
    Focus next = m_focus;
    if (!next.hasCell()) {
        next.query = 0;
        next.key = 0;
    } else {
        next.query = std::clamp(next.query + dQuery, 0, tokenCount - 1);
        next.key = std::clamp(next.key + dKey, 0, tokenCount - 1);
        if (isMaskedCell(next.query, next.key) && !isMaskedCell(m_focus.query, m_focus.key))
            return; // the edge of what the query can see
    }
    setFocus(next);
}

void FocusModel::clear()
{
    Focus next = m_focus;
    next.query = -1;
    next.key = -1;
    next.pinned = false;
    setFocus(next);
}

void FocusModel::clampTo(int layers, int heads, int tokenCount)
{
    Focus next = m_focus;
    next.layer = std::clamp(next.layer, 0, std::max(0, layers - 1));
    next.head = std::clamp(next.head, 0, std::max(0, heads - 1));
    if (next.query >= tokenCount || next.key >= tokenCount) {
        next.query = -1;
        next.key = -1;
        next.pinned = false;
    }
    setFocus(next);
}

} // namespace attn::ui

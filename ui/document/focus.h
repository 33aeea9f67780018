#pragma once

#include <QObject>

namespace attn::ui {

// Where every view is looking: one layer and head, and optionally one query/key pair or one token.
// query ≥ 0 with key < 0 means "this token" (its row and its arrows).
struct Focus
{
    int layer = 0;
    int head = 0;
    int query = -1;
    int key = -1;
    bool pinned = false; // a click pins the cell: hovering elsewhere no longer moves it

    bool hasCell() const { return query >= 0 && key >= 0; }
    bool hasToken() const { return query >= 0; }
    friend bool operator==(const Focus &, const Focus &) = default;
};

// The one shared focus that links every view. Views call hover()/pin() and listen to
// focusChanged(); no view ever talks to another view.
class FocusModel : public QObject
{
    Q_OBJECT

public:
    explicit FocusModel(QObject *parent = nullptr);

    const Focus &focus() const { return m_focus; }

    void setLayer(int layer);
    void setHead(int head);
    void hover(int query, int key);  // moves the cell unless pinned; (-1, -1) clears an unpinned cell
    void pin(int query, int key);    // focus and pin; pinning the pinned cell again unpins it
    void moveBy(int dQuery, int dKey, int tokenCount); // keyboard navigation, clamped
    void clear();                    // Escape: no cell, not pinned
    // The keys every view shares: arrows move the focused cell, Escape clears. False for other keys.
    bool handleKey(int key, int tokenCount);
    void setFocus(const Focus &focus);

    // After a recompute: keep the focus when its tokens still exist, otherwise drop the cell.
    void clampTo(int layers, int heads, int tokenCount);

    // Under a causal mask a query never sees a later key: such a cell has no weight to look at, so
    // it may be hovered (its tooltip says "masked") but never pinned, and the arrow keys do not
    // step into it. Whoever publishes a result says whether it is causal; turning the mask on
    // unpins a pinned masked cell.
    void setCausal(bool causal);
    bool isCausal() const { return m_causal; }
    bool isMaskedCell(int query, int key) const { return m_causal && query >= 0 && key > query; }

signals:
    void focusChanged(const attn::ui::Focus &focus);

private:
    Focus withoutMaskedPin(Focus focus) const;

    Focus m_focus;
    bool m_causal = false;
};

} // namespace attn::ui

Q_DECLARE_METATYPE(attn::ui::Focus)

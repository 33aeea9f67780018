#pragma once

#include "core/token.h"
#include "document/focus.h"

#include <QWidget>

namespace attn::ui {

// The tokens of the sentence as chips right under the input. The focused query and key light up;
// hovering a chip focuses that token in every view, a click pins it.
class TokenStrip : public QWidget
{
    Q_OBJECT

public:
    TokenStrip(FocusModel *focus, QWidget *parent = nullptr);

    void setTokens(const TokenList &tokens);
    const TokenList &tokens() const { return m_tokens; }
    // Geometry, for hit-testing and tests: the chip rectangle of token i in widget coordinates.
    QRectF chipRect(int index) const;
    int chipAt(const QPointF &point) const;
    // What chip i shows: its token, elided only when one token is wider than the whole strip.
    QString visibleChipText(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void layoutChips(int width);
    QString chipText(int index) const;

    FocusModel *m_focus;
    TokenList m_tokens;
    std::vector<QRectF> m_chips;
    int m_layoutWidth = -1;
    int m_hoveredChip = -1;
};

} // namespace attn::ui

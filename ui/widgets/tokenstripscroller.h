#pragma once

#include <QScrollArea>

class QLabel;

namespace attn::ui {

class FocusModel;
class TokenStrip;

// The token chips under the input, at most two rows high: longer texts scroll, a badge says how
// many chips lie below ("+266 more"), and the focused token is scrolled into view when another view
// focuses it.
class TokenStripScroller : public QScrollArea
{
    Q_OBJECT

public:
    TokenStripScroller(TokenStrip *strip, FocusModel *focus, QWidget *parent = nullptr);

    TokenStrip *strip() const { return m_strip; }
    // Chips wholly or partly below the visible rows: what the badge counts.
    int chipsBelowView() const;
    QString moreText() const; // "+266 more", empty when every chip is in view

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    int rowsHeight(int rows) const;
    void updateHeight();
    void updateBadge();

    TokenStrip *m_strip;
    QLabel *m_badge; // over the chips' bottom-right corner

};

} // namespace attn::ui

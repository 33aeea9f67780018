#pragma once

#include "stepwriter.h"
#include "steptheme.h"

#include "views/resultview.h"

#include <memory>

class QScrollArea;
class QTextDocument;

namespace attn::ui {

class StepCanvas;

// The seed's walk-through (§2.3) for the focused query and key of the focused head, with the
// engine's own numbers: Q, K, V; the dot product term by term; the softmax with each exp and
// the sum; the weighted sum of the values; then the heads concatenated and multiplied by W_O.
// No cell focused: query 0 (or the focused token) and the key it attends to most, said so on
// the panel. 3 decimals shown; every number's full precision in its tooltip.
class StepPanel : public ResultView
{
    Q_OBJECT

public:
    explicit StepPanel(QWidget *parent = nullptr);
    ~StepPanel() override;

    // The example the input comes from, named in the walk-through; empty for a typed sentence.
    void setPresetName(const QString &name);

    QString exportName() const override { return QStringLiteral("steps"); }
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

    // What the panel shows, for tests and for copying: the whole text with the minus signs as
    // drawn (U+2212), and the query/key pair it is about (−1 when there is no result).
    QString plainText() const;
    int shownQuery() const;
    int shownKey() const;
    // The full-precision tooltip of the text at a point of the exported page (contentSize()
    // coordinates), as the help event shows it on screen.
    QString toolTipAt(const QPoint &contentPoint) const;

    QSize sizeHint() const override;

protected:
    void onResultChanged() override;
    void onFocusChanged(const Focus &focus) override;
    void onOptionsChanged() override {} // the panel shows scores and weights alike
    void onModelsChanged() override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void onLinkHovered(const QString &link);
    void onLinkClicked(const QString &link);
    void invalidate();                  // the result or the focus changed
    void ensureCurrent() const;         // rebuilds when stale: at once when visible, else on demand
    void applyScreenTheme() const;      // the content in the widget's palette, on the canvas
    QTextDocument &exportDocument(bool includeFocus) const; // the content in the light palette

    QString m_presetName;
    Focus m_shownFocus;
    StepTheme m_screenTheme;
    // Built lazily: a hidden panel (a closed dock) does no work while a heatmap is hovered, yet
    // every accessor sees the current content.
    mutable bool m_stale = true;
    bool m_rebuildQueued = false;
    mutable StepContent m_content;
    mutable std::unique_ptr<QTextDocument> m_screen;
    mutable std::unique_ptr<QTextDocument> m_exports[2]; // [includeFocus], built on first export
    QScrollArea *m_scroll;
    StepCanvas *m_canvas;
};

} // namespace attn::ui

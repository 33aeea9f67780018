#pragma once

#include "core/attentionresult.h"

#include <QTimer>
#include <QWidget>

#include <map>
#include <vector>

class QLabel;
class QTableWidget;

namespace attn::ui {

class AttentionDocument;
class FocusModel;

// What the model predicts after the focused position (or after the last token when nothing is
// focused): the most likely next tokens with their probabilities and logits. Positions the run did
// not predict are computed on demand (one vocab × d_model product each) shortly after the focus
// settles, only while the panel is visible, and kept for the run.
//
// For an encoder (BERT, RoBERTa) it is "Fill the mask": the head guesses the token at a position,
// not the next one, so the panel lists the guesses at every mask token ([MASK], <mask>) of the
// text, or, with no mask, at the focused position.
class PredictionsPanel : public QWidget
{
    Q_OBJECT

public:
    PredictionsPanel(AttentionDocument *document, FocusModel *focus, QWidget *parent = nullptr);

    static constexpr int count = 10;

    // The position shown and what is listed for it (tests).
    int shownPosition() const { return m_shownPosition; }
    // Fill the mask: the positions listed, in order, and the guesses at each.
    const std::vector<int> &maskPositions() const { return m_maskPositions; }
    const std::vector<NextTokenPrediction> &predictionsShownAt(int position);
    bool fillsMasks() const;
    const std::vector<NextTokenPrediction> &shownPredictions() const { return m_shown; }
    QTableWidget *table() const { return m_table; }
    // Recomputes now instead of after the short delay (tests, and when the panel is shown).
    void refreshNow();

protected:
    void showEvent(QShowEvent *event) override;

private:
    int wantedPosition() const;
    const std::vector<NextTokenPrediction> &predictionsAt(int position);
    void fill(int position, const std::vector<NextTokenPrediction> &predictions);
    void refreshMasks(const ResultPtr &result);
    void addRows(const std::vector<NextTokenPrediction> &predictions);

    AttentionDocument *m_document;
    FocusModel *m_focus;
    QLabel *m_caption;
    QTableWidget *m_table;
    QTimer m_delay;

    ResultPtr m_cacheResult; // predictions below belong to this result
    std::map<int, std::vector<NextTokenPrediction>> m_cache;
    int m_shownPosition = -1;
    ResultPtr m_shownResult;
    std::vector<NextTokenPrediction> m_shown;
    std::vector<int> m_maskPositions;
};

} // namespace attn::ui

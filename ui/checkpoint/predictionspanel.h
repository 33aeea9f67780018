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
class PredictionsPanel : public QWidget
{
    Q_OBJECT

public:
    PredictionsPanel(AttentionDocument *document, FocusModel *focus, QWidget *parent = nullptr);

    static constexpr int count = 10;

    // The position shown and what is listed for it (tests).
    int shownPosition() const { return m_shownPosition; }
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
};

} // namespace attn::ui

#pragma once

#include "core/engine/steptrace.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <vector>

namespace attn::ui {

// What the panel was asked to show: the shared focus, plus the example it came from (for the
// notes on where the seed's printed numbers differ from the true ones).
struct StepRequest
{
    int layer = 0;
    int head = 0;
    int query = -1; // −1: no token focused, the panel shows query 0
    int key = -1;   // −1: no cell focused, the panel shows the query's strongest key
    bool pinned = false;
    QString presetName;
    // Real models: ln_1 of the residual stream entering the focused layer, (N, d_model), the X
    // its attention saw; null when unknown (then only described in words).
    const Matrix *layerInput = nullptr;
};

struct StepContent
{
    QString title; // plain text, for exports and the window: "Step by step — head 0 · “Hello” → “World”"
    QString html;  // the body; colours and fonts come from StepTheme's style sheet
    int query = -1; // the pair actually shown (after the defaults above), −1 when nothing is
    int key = -1;
};

// Writes the seed's four steps (plus the multi-head step) for one query/key pair of one head, in
// the seed's notation and with the engine's own numbers, taken from attn::traceStep.
class StepWriter
{
    Q_DECLARE_TR_FUNCTIONS(StepWriter)

public:
    StepWriter(const AttentionResult *result, const StepRequest &request);

    StepContent write();

private:
    bool isModel() const;
    QString token(int index) const;      // quoted, with its position when the text repeats: "the"₄
    QString queryLink() const;           // the query token as a link to (query, key)
    QString keyLink(int key) const;      // a key token as a link to (query, key)
    QString scoreName(int key) const;    // Score["Hello", "World"] (HTML)
    QString attentionName(int key) const;
    bool isMasked(int key) const;

    void writeHeader();
    // A checkpoint whose blocks are GPT-2's (ln_1, fused c_attn, c_proj) rather than the llama family's.
    bool hasGpt2Blocks() const;
    void writeQueryKeyValue();
    // A llama-family checkpoint: its norm, projections, key/value group, head norms, rotation, window.
    void writeModelProjections(int dK);
    void writeEncoderProjections(int dK); // post-LN: q, k, v from x itself
    void writeScores();
    void writeSoftmax();
    void writeWeightedSum();
    void writeHeads();
    void writeSeedNotes();
    // The seed's §2.3 row: the Hello World example, query "Hello", its scores unedited.
    bool isSeedHelloRow() const;

    QString divisorText(bool symbolic) const; // " / √3", " / 1.732 / 0.500", "" when nothing divides
    std::vector<int> shownKeys() const;       // every key for short rows, else the focused and strongest

    const AttentionResult *m_result;
    StepRequest m_request;
    StepTrace m_trace;
    std::vector<int> m_shown;
    std::vector<bool> m_repeated; // per token: its text occurs more than once
    QString m_html;
    QString m_title;
};

} // namespace attn::ui

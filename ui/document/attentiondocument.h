#pragma once

#include "core/engine/attentionengine.h"
#include "core/transformer/gpt2model.h"
#include "core/transformer/gpt2run.h"
#include "core/engine/presets.h"
#include "modelstate.h"
#include "undobudget.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QObject>
#include <QUndoStack>

namespace attn::ui {

struct ModelEngine; // a checkpoint's session and the lock that keeps it to one run at a time
class DocumentEdit;

// The one document: owns the sentence, the configuration and the learned matrices, recomputes off
// the UI thread whenever any of them changes, and publishes an immutable result. Views only read.
class AttentionDocument : public QObject
{
    Q_OBJECT

public:
    explicit AttentionDocument(QObject *parent = nullptr);
    ~AttentionDocument() override;

    const QString &sentence() const { return m_sentence; }
    const TokenList &tokens() const { return m_tokens; }
    const ModelState &state() const { return m_state; }
    const AttentionConfig &config() const { return m_state.config; }
    const LearnedMatrices &weights() const { return m_state.weights; }
    ResultPtr result() const { return m_result; }
    QString errorText() const { return m_error; }
    double lastComputeMilliseconds() const { return m_lastComputeMs; }
    QUndoStack *undoStack() { return &m_undo; }
    QString presetName() const { return m_presetName; }

    // Typing: re-tokenizes at once (the chips follow every keystroke) and recomputes.
    void setSentence(const QString &sentence);

    // Undoable edits. A configuration that changes a matrix shape or the seed re-seeds the matrices.
    // Each step holds only what it changes: one cell, or the heads, W_O and overrides that differ.
    void setConfig(const AttentionConfig &config, const QString &label = {});
    void setMatrixCell(MatrixKind kind, int head, int row, int column, float value);
    void setWeights(const LearnedMatrices &weights, const QString &label);
    void setEmbedding(const QString &tokenText, const RowVector &vector, const QString &label);
    void applyState(ModelState state, const QString &label, int mergeId = -1);

    // The undo history's memory budget (UndoBudget::defaultBytes unless set): a push that goes over it
    // drops the oldest steps first. undoHeldBytes() is what the steps hold now.
    void setUndoBudget(qsizetype bytes) { m_undoBudget.setBudget(bytes); }
    qsizetype undoHeldBytes() const { return m_undoBudget.heldBytes(); }

    // Opens one of the seed's examples: sentence, configuration and matrices (undoable).
    void loadPreset(const QString &name);

    // Runs the engine now, on this thread; for the command line and for tests that need no loop.
    void computeNow();

    // Used by the undo commands: change the state without recording anything.
    void undoEdit(DocumentEdit &edit);
    void redoEdit(DocumentEdit &edit);

    // Model mode: with a checkpoint open, the sentence is split by its BPE tokenizer and run through
    // the checkpoint (a Gpt2Session that reuses the unchanged prefix); nullptr returns to the toy
    // model and its matrices.
    void setModel(Gpt2ModelPtr model);
    const Gpt2ModelPtr &model() const { return m_model; }
    // The run behind result() in model mode (null otherwise): ln_1 inputs, final hidden states, rollouts.
    const Gpt2RunPtr &modelRun() const { return m_modelRun; }
    bool isBusy() const { return m_jobRunning; }

signals:
    void sentenceChanged(const QString &sentence);
    void tokensChanged(const attn::TokenList &tokens);
    void stateChanged();                              // configuration, matrices or embeddings
    void resultChanged(const attn::ResultPtr &result);
    void computeFailed(const QString &message);
    void modelChanged(const attn::Gpt2ModelPtr &model);
    void busyChanged(bool busy); // a computation runs off the UI thread

private:
    void scheduleCompute();
    void startJob();
    bool isQuickToCompute() const;
    void publish(quint64 job, const Expected<ResultPtr> &result, const Gpt2RunPtr &run, double milliseconds);
    TokenList tokenize(const QString &text) const;
    void record(std::shared_ptr<DocumentEdit> edit, const QString &label, int mergeId);
    void stateEdited();

    QString m_sentence;
    TokenList m_tokens;
    ModelState m_state;
    QString m_presetName;
    ResultPtr m_result;
    QString m_error;
    double m_lastComputeMs = 0.0;
    QUndoStack m_undo;
    UndoBudget m_undoBudget{m_undo};

    Gpt2ModelPtr m_model;
    std::shared_ptr<ModelEngine> m_engine;
    Gpt2RunPtr m_modelRun;

    QFuture<void> m_job;
    quint64 m_latestJob = 0; // results of older jobs are stale and dropped
    bool m_jobRunning = false;
    bool m_recomputeWanted = false;
};

} // namespace attn::ui

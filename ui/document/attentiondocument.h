#pragma once

#include "core/engine/presets.h"
#include "core/transformer/model.h"
#include "jobrunner.h"
#include "modelstate.h"
#include "undobudget.h"

#include <QObject>
#include <QTimer>
#include <QUndoStack>

#include <functional>
#include <optional>

namespace attn::ui {

class DocumentEdit;

// The one document: holds what a person sets — the text, the toy layer's configuration, matrices
// and embeddings (all undoable, ModelState) — and the model choice, runs the engine for them off the
// UI thread (JobRunner) and publishes an immutable result. Views only read results; the text box,
// the settings and the matrix editor follow the document's signals.
class AttentionDocument : public QObject
{
    Q_OBJECT

public:
    explicit AttentionDocument(QObject *parent = nullptr);
    ~AttentionDocument() override;

    const QString &sentence() const { return m_state.sentence; }
    const QString &sentenceB() const { return m_state.sentenceB; }
    // Whether the model reads a second sentence (an encoder whose tokenizer has a pair form); the
    // window shows its box then.
    bool takesSentencePairs() const { return m_takesPairs; }
    const TokenList &tokens() const { return m_tokens; }
    const DocumentState &documentState() const { return m_state; }
    const ModelState &state() const { return m_state.model; } // the toy layer
    const AttentionConfig &config() const { return m_state.model.config; }
    const LearnedMatrices &weights() const { return m_state.model.weights; }
    // The example the document shows: the one its state was opened from, while the text, the
    // settings, the matrices and the embeddings are still that example's; empty ("Custom") as soon
    // as anything differs. Undo that brings the example's state back brings its name back.
    QString presetName() const;
    ResultPtr result() const { return m_result; }
    QString errorText() const { return m_error; }
    double lastComputeMilliseconds() const { return m_lastComputeMs; }
    QUndoStack *undoStack() { return &m_undo; }

    // Typing: the tokens at once (the chips follow every keystroke), a recompute and an undo step.
    // Keystrokes fold into one step until a pause (typingPauseMs without typing), the next word (a
    // word typed after a space or punctuation that ended one) or any other edit; the History names
    // the step by the text before and after it: Text: “The cat” → “The dog”.
    void setSentence(const QString &sentence);
    // The second sentence of a pair, typed the same way (its own undo steps).
    void setSentenceB(const QString &sentence);
    static constexpr int typingPauseMs = 700;
    // Whether the next keystroke still folds into the History's newest step (no pause, no new word yet).
    bool isTypingStepOpen() const { return m_openStep.kind == StepKind::TypingA || m_openStep.kind == StepKind::TypingB; }

    // How a settings edit joins the history: as a step of its own, or folded into the step that the
    // previous Continue edit opened (a slider dragged: one step from where the drag began).
    enum class Step { New, Continue };

    // Undoable edits. A configuration that changes a matrix shape or the seed re-seeds the matrices.
    // Each step holds only what it changes: one cell, or the text, heads, W_O and overrides that differ.
    // The History names a configuration step by what it changed ("Heads 8 → 3"), unless given a label.
    void setConfig(const AttentionConfig &config, Step step = Step::New);
    void setConfig(const AttentionConfig &config, const QString &label);
    // Ends the step that typing or a drag has open: the next keystroke or drag starts a new one. The
    // typing pause calls it; so does a slider's release.
    void finishStep();
    void setMatrixCell(MatrixKind kind, int head, int row, int column, float value);
    void setWeights(const LearnedMatrices &weights, const QString &label);
    void setEmbedding(const QString &tokenText, const RowVector &vector, const QString &label);
    // The toy layer's state; the text and the example stay as they are.
    void applyState(ModelState state, const QString &label, int mergeId = -1);
    // Everything at once, as one step: a session opened, the window's start, an example.
    void applyDocumentState(DocumentState state, const QString &label, int mergeId = -1);

    // The undo history's memory budget (UndoBudget::defaultBytes unless set): a push that goes over it
    // drops the oldest steps first. undoHeldBytes() is what the steps hold now.
    void setUndoBudget(qsizetype bytes) { m_undoBudget.setBudget(bytes); }
    qsizetype undoHeldBytes() const { return m_undoBudget.heldBytes(); }

    // Opens one of the seed's examples: text, configuration and matrices, as one undo step.
    void loadPreset(const QString &name);

    // Runs the engine now, on this thread; for the command line and for tests that need no loop.
    void computeNow();

    // Used by the undo commands: change the state without recording anything.
    void undoEdit(DocumentEdit &edit);
    void redoEdit(DocumentEdit &edit);

    // A checkpoint of any family: the text is split by its tokenizer and run through its engine (which
    // reuses the unchanged prefix of the last run); nullptr returns to the toy layer and its matrices.
    void setModel(ModelPtr model);
    const ModelPtr &model() const { return m_model; }
    bool isBusy() const { return m_jobs.isBusy(); }

signals:
    void sentenceChanged(const QString &sentence);
    void sentenceBChanged(const QString &sentence);
    void tokensChanged(const attn::TokenList &tokens);
    void stateChanged();                              // configuration, matrices, embeddings or example
    void resultChanged(const attn::ResultPtr &result);
    void computeFailed(const QString &message);
    void modelChanged(const attn::ModelPtr &model);
    void busyChanged(bool busy); // a computation runs off the UI thread

private:
    struct Computed
    {
        Expected<ResultPtr> result = Error{QString()};
        double milliseconds = 0.0;
    };
    // Runs `run` and times it.
    static Computed compute(const std::function<Expected<ResultPtr>()> &run);

    // Which run of edits an open step collects.
    enum class StepKind { None, TypingA, TypingB, Settings };
    // The step later edits of its kind still fold into, and the parts of the state from before it
    // that its History label compares with.
    struct OpenStep
    {
        StepKind kind = StepKind::None;
        int mergeId = -1;
        AttentionConfig config;
        QString sentence;
        QString sentenceB;
        bool sawWord = false;   // typing: a word character was typed in this step
        bool wordEnded = false; // … and then a space or punctuation
    };

    void scheduleCompute();
    EnginePtr currentEngine() const;
    void publish(const Computed &computed);
    TokenList tokenize() const; // the document's text, or its pair of texts for an encoder
    // A keystroke in either box: folds into the open typing step of that box, or opens one.
    void typed(DocumentState next, StepKind box);
    void applyConfig(const AttentionConfig &config, Step step, const QString &label); // empty label: described
    // An edit that folds into the open step of `kind` when `join` asks for it and that step is still
    // the newest (not undone, not saved since); otherwise it opens a new step.
    void recordInStep(StepKind kind, DocumentState next, Step join, const QString &label = {});
    void record(std::shared_ptr<DocumentEdit> edit, const QString &label, int mergeId);
    bool isUnchangedExample() const;
    void stateEdited();

    DocumentState m_state;
    TokenList m_tokens;
    std::optional<std::pair<QString, QString>> m_tokenizedText; // what m_tokens were made from: only a new text re-tokenizes
    ResultPtr m_result;
    QString m_error;
    double m_lastComputeMs = 0.0;
    QUndoStack m_undo;
    UndoBudget m_undoBudget{m_undo};
    OpenStep m_openStep;
    int m_nextStepId = 0;
    QTimer m_typingPause; // single shot: the end of a pause in typing ends its step
    // The weights of the example the state was opened from, drawn once: presetName() compares with them.
    mutable std::optional<std::pair<QString, LearnedMatrices>> m_exampleWeights;

    ModelPtr m_model;
    EnginePtr m_modelEngine; // the model's engine and its prefix cache; null for the toy layer
    bool m_takesPairs = false;
    JobRunner m_jobs;
};

} // namespace attn::ui

#include "attentiondocument.h"

#include "celledit.h"
#include "documentcommand.h"
#include "stateedit.h"

#include "core/transformer/gpt2session.h"
#include "core/tokenizers/wordtokenizer.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <mutex>

namespace attn::ui {
namespace {

bool reshapes(const AttentionConfig &a, const AttentionConfig &b)
{
    return a.heads != b.heads || a.dModel != b.dModel || a.dK != b.dK || a.dV != b.dV || a.seed != b.seed;
}

struct TimedResult
{
    Expected<ResultPtr> result;
    Gpt2RunPtr run; // model mode only
    double milliseconds;
};

} // namespace

// The session caches the last run and is not thread-safe: the document runs one job at a time, and
// the lock also covers computeNow() while a job is still running.
struct ModelEngine
{
    explicit ModelEngine(Gpt2ModelPtr model) : session(std::move(model)) {}
    Gpt2Session session;
    std::mutex mutex;
};

namespace {

TimedResult compute(const EngineInput &input, const std::shared_ptr<ModelEngine> &engine)
{
    QElapsedTimer timer;
    timer.start();
    if (!engine) {
        Expected<ResultPtr> result = computeAttention(input);
        return TimedResult{std::move(result), nullptr, double(timer.nsecsElapsed()) / 1e6};
    }
    if (input.tokens.empty()) { // no text yet is not an error: the views ask for one
        const Gpt2Config &config = engine->session.model()->config();
        auto empty = std::make_shared<AttentionResult>();
        empty->text = input.text;
        empty->modelName = engine->session.model()->name();
        empty->config.heads = config.heads;
        empty->config.causal = true;
        empty->layers.resize(size_t(config.layers));
        for (LayerResult &layer : empty->layers)
            layer.heads.resize(size_t(config.heads));
        return TimedResult{ResultPtr(std::move(empty)), nullptr, 0.0};
    }
    const std::lock_guard lock(engine->mutex);
    const Expected<Gpt2RunPtr> run = engine->session.run(input.tokens, input.text);
    if (!run)
        return TimedResult{Error{run.error()}, nullptr, double(timer.nsecsElapsed()) / 1e6};
    return TimedResult{(*run)->result, *run, double(timer.nsecsElapsed()) / 1e6};
}

} // namespace

AttentionDocument::AttentionDocument(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<attn::ResultPtr>("attn::ResultPtr");
    qRegisterMetaType<attn::TokenList>("attn::TokenList");
    m_undo.setUndoLimit(500);
    m_state.weights = LearnedMatrices::glorot(m_state.config);
}

AttentionDocument::~AttentionDocument()
{
    // The worker holds only its own copy of the input; waiting keeps a model session from outliving
    // its run. A result that arrives meanwhile is dropped with its watcher.
    m_job.waitForFinished();
    // ~QUndoStack emits cleanChanged(); its listeners (the window's title) may be half destroyed.
    m_undo.blockSignals(true);
}

void AttentionDocument::setSentence(const QString &sentence)
{
    if (sentence == m_sentence && !m_tokens.empty())
        return;
    m_sentence = sentence.left(Limits::maxTextLength);
    m_tokens = tokenize(m_sentence);
    emit sentenceChanged(m_sentence);
    emit tokensChanged(m_tokens);
    scheduleCompute();
}

void AttentionDocument::setConfig(const AttentionConfig &config, const QString &label)
{
    if (config == m_state.config)
        return;
    ModelState next = m_state;
    next.config = config;
    if (reshapes(m_state.config, config))
        next.weights = LearnedMatrices::glorot(config);
    applyState(std::move(next), label.isEmpty() ? tr("Change settings") : label);
}

void AttentionDocument::setMatrixCell(MatrixKind kind, int head, int row, int column, float value)
{
    const Matrix &m = m_state.weights.matrix(kind, head);
    if (row < 0 || column < 0 || row >= m.rows() || column >= m.cols() || m(row, column) == value)
        return;
    const QString label = kind == MatrixKind::Output
        ? tr("Edit W_O[%1, %2]").arg(row).arg(column)
        : tr("Edit head %1 %2[%3, %4]").arg(head).arg(matrixKindName(kind).toUpper()).arg(row).arg(column);
    // Repeated edits of one cell fold into one undo step (CellEdit::absorb tells cells apart); the id
    // is above the 30-bit ones that applyState's callers give.
    constexpr int cellEditMergeId = 1 << 30;
    record(std::make_shared<CellEdit>(kind, head, row, column, m(row, column), value), label, cellEditMergeId);
}

void AttentionDocument::setWeights(const LearnedMatrices &weights, const QString &label)
{
    ModelState next = m_state;
    next.weights = weights;
    applyState(std::move(next), label);
}

void AttentionDocument::setEmbedding(const QString &tokenText, const RowVector &vector, const QString &label)
{
    ModelState next = m_state;
    next.embeddings.insert(tokenText, vector);
    applyState(std::move(next), label);
}

void AttentionDocument::applyState(ModelState state, const QString &label, int mergeId)
{
    record(std::make_shared<StateEdit>(m_state, std::move(state)), label, mergeId);
}

void AttentionDocument::record(std::shared_ptr<DocumentEdit> edit, const QString &label, int mergeId)
{
    m_undoBudget.push(new DocumentCommand(this, std::move(edit), label, mergeId));
}

void AttentionDocument::undoEdit(DocumentEdit &edit)
{
    edit.undo(m_state);
    stateEdited();
}

void AttentionDocument::redoEdit(DocumentEdit &edit)
{
    edit.redo(m_state);
    stateEdited();
}

void AttentionDocument::stateEdited()
{
    emit stateChanged();
    scheduleCompute();
}

void AttentionDocument::loadPreset(const QString &name)
{
    const Preset *preset = findPreset(name);
    if (!preset)
        return;
    m_presetName = preset->name;
    ModelState next;
    next.config = preset->config;
    next.weights = presetWeights(*preset);
    next.embeddings = preset->embeddings;
    applyState(std::move(next), tr("Open example \"%1\"").arg(preset->title));
    setSentence(preset->sentence);
}

TokenList AttentionDocument::tokenize(const QString &text) const
{
    return m_model ? m_model->tokenizer().encode(text) : tokenizeWords(text);
}

void AttentionDocument::setModel(Gpt2ModelPtr model)
{
    if (model == m_model)
        return;
    m_model = std::move(model);
    m_engine = m_model ? std::make_shared<ModelEngine>(m_model) : nullptr;
    m_modelRun.reset();
    m_tokens = tokenize(m_sentence);
    emit modelChanged(m_model);
    emit tokensChanged(m_tokens);
    scheduleCompute();
}

void AttentionDocument::scheduleCompute()
{
    // A small toy input costs about a millisecond: computed here, its result is painted in the same
    // frame as the keystroke, instead of one frame for the chips and a later one for the numbers.
    if (!m_engine && isQuickToCompute()) {
        computeNow();
        return;
    }
    if (m_jobRunning) {
        m_recomputeWanted = true; // one follow-up job with the newest input, not one per keystroke
        return;
    }
    startJob();
}

bool AttentionDocument::isQuickToCompute() const
{
    // Multiply-adds of the projections, Q·Kᵀ, weights·V and W_O; 2 million take about 1 ms here.
    const AttentionConfig &c = m_state.config;
    const double n = double(m_tokens.size());
    const double work = n * c.dModel * c.heads * (2.0 * c.dK + c.dV) + n * n * c.heads * (c.dK + c.dV)
                      + n * c.heads * c.dV * c.dModel;
    return work <= 2.0e6;
}

void AttentionDocument::startJob()
{
    const bool wasRunning = m_jobRunning;
    m_jobRunning = true;
    m_recomputeWanted = false;
    if (!wasRunning)
        emit busyChanged(true);
    const quint64 job = ++m_latestJob;
    EngineInput input{m_tokens, m_state.config, m_state.weights, m_state.embeddings, m_sentence};
    QFuture<TimedResult> work =
        QtConcurrent::run([input = std::move(input), engine = m_engine]() { return compute(input, engine); });
    // A watcher (a child, so it goes with this object) delivers the result through this thread's event
    // loop; a pending delivery dies with the watcher, so nothing reaches a destroyed document.
    auto *watcher = new QFutureWatcher<TimedResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        const TimedResult timed = watcher->result();
        watcher->deleteLater();
        publish(job, timed.result, timed.run, timed.milliseconds);
    });
    watcher->setFuture(work);
    m_job = QFuture<void>(work);
}

void AttentionDocument::publish(quint64 job, const Expected<ResultPtr> &result, const Gpt2RunPtr &run,
                                double milliseconds)
{
    if (m_recomputeWanted) { // the input changed while this job ran
        startJob();
        return;
    }
    m_jobRunning = false;
    if (job != m_latestJob) { // computeNow() has published a newer result meanwhile
        emit busyChanged(false);
        return;
    }
    emit busyChanged(false);
    m_lastComputeMs = milliseconds;
    if (!result) {
        m_error = result.error();
        emit computeFailed(m_error);
        return;
    }
    m_error.clear();
    m_modelRun = run;
    m_result = *result;
    emit resultChanged(m_result);
}

void AttentionDocument::computeNow()
{
    const TimedResult timed = compute({m_tokens, m_state.config, m_state.weights, m_state.embeddings, m_sentence}, m_engine);
    const Expected<ResultPtr> &result = timed.result;
    ++m_latestJob; // any job still running is now stale
    m_recomputeWanted = false; // and this result is for the newest input
    const bool running = m_jobRunning;
    m_lastComputeMs = timed.milliseconds;
    if (!result) {
        m_error = result.error();
        emit computeFailed(m_error);
    } else {
        m_error.clear();
        m_modelRun = timed.run;
        m_result = *result;
        emit resultChanged(m_result);
    }
    m_jobRunning = running;
}

} // namespace attn::ui

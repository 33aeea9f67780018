#include "attentiondocument.h"

#include "documentcommand.h"

#include "core/wordtokenizer.h"

#include <QtConcurrent/QtConcurrentRun>

namespace attn::ui {
namespace {

bool reshapes(const AttentionConfig &a, const AttentionConfig &b)
{
    return a.heads != b.heads || a.dModel != b.dModel || a.dK != b.dK || a.dV != b.dV || a.seed != b.seed;
}

struct TimedResult
{
    Expected<ResultPtr> result;
    double milliseconds;
};

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
    // The worker holds only its own copy of the input, but its continuation targets this object.
    m_job.waitForFinished();
}

void AttentionDocument::setSentence(const QString &sentence)
{
    if (sentence == m_sentence && !m_tokens.empty())
        return;
    m_sentence = sentence.left(Limits::maxTextLength);
    m_tokens = tokenizeWords(m_sentence);
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
    applyState(next, label.isEmpty() ? tr("Change settings") : label);
}

void AttentionDocument::setMatrixCell(MatrixKind kind, int head, int row, int column, float value)
{
    ModelState next = m_state;
    Matrix &m = next.weights.matrix(kind, head);
    if (row < 0 || column < 0 || row >= m.rows() || column >= m.cols() || m(row, column) == value)
        return;
    m(row, column) = value;
    const QString label = kind == MatrixKind::Output
        ? tr("Edit W_O[%1, %2]").arg(row).arg(column)
        : tr("Edit head %1 %2[%3, %4]").arg(head).arg(matrixKindName(kind).toUpper()).arg(row).arg(column);
    // Repeated edits of one cell fold into one undo step.
    const int mergeId = int(qHash(QStringLiteral("%1/%2/%3/%4").arg(int(kind)).arg(head).arg(row).arg(column)) & 0x3fffffff);
    applyState(next, label, mergeId);
}

void AttentionDocument::setWeights(const LearnedMatrices &weights, const QString &label)
{
    ModelState next = m_state;
    next.weights = weights;
    applyState(next, label);
}

void AttentionDocument::setEmbedding(const QString &tokenText, const RowVector &vector, const QString &label)
{
    ModelState next = m_state;
    next.embeddings.insert(tokenText, vector);
    applyState(next, label);
}

void AttentionDocument::applyState(const ModelState &state, const QString &label, int mergeId)
{
    m_undo.push(new DocumentCommand(this, m_state, state, label, mergeId));
}

void AttentionDocument::restoreState(const ModelState &state)
{
    m_state = state;
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
    applyState(next, tr("Open example \"%1\"").arg(preset->title));
    setSentence(preset->sentence);
}

void AttentionDocument::scheduleCompute()
{
    if (m_jobRunning) {
        m_recomputeWanted = true; // one follow-up job with the newest input, not one per keystroke
        return;
    }
    startJob();
}

void AttentionDocument::startJob()
{
    m_jobRunning = true;
    m_recomputeWanted = false;
    const quint64 job = ++m_latestJob;
    EngineInput input{m_tokens, m_state.config, m_state.weights, m_state.embeddings};
    m_job = QtConcurrent::run([input = std::move(input)]() {
        QElapsedTimer timer;
        timer.start();
        Expected<ResultPtr> result = computeAttention(input);
        return TimedResult{std::move(result), double(timer.nsecsElapsed()) / 1e6};
    }).then(this, [this, job](const TimedResult &timed) { publish(job, timed.result, timed.milliseconds); });
}

void AttentionDocument::publish(quint64 job, const Expected<ResultPtr> &result, double milliseconds)
{
    m_jobRunning = false;
    if (m_recomputeWanted || job != m_latestJob) {
        startJob();
        return;
    }
    m_lastComputeMs = milliseconds;
    if (!result) {
        m_error = result.error();
        emit computeFailed(m_error);
        return;
    }
    m_error.clear();
    m_result = *result;
    emit resultChanged(m_result);
}

void AttentionDocument::computeNow()
{
    QElapsedTimer timer;
    timer.start();
    const Expected<ResultPtr> result = computeAttention({m_tokens, m_state.config, m_state.weights, m_state.embeddings});
    ++m_latestJob; // any job still running is now stale
    const bool running = m_jobRunning;
    m_lastComputeMs = double(timer.nsecsElapsed()) / 1e6;
    if (!result) {
        m_error = result.error();
        emit computeFailed(m_error);
    } else {
        m_error.clear();
        m_result = *result;
        emit resultChanged(m_result);
    }
    m_jobRunning = running;
}

} // namespace attn::ui

#include "attentiondocument.h"

#include "celledit.h"
#include "changedescription.h"
#include "documentcommand.h"
#include "samebits.h"
#include "stateedit.h"

#include "core/engine/attentionlayerengine.h"
#include "core/tokenizers/wordtokenizer.h"

#include <QElapsedTimer>

namespace attn::ui {
namespace {

bool reshapes(const AttentionConfig &a, const AttentionConfig &b)
{
    return a.heads != b.heads || a.dModel != b.dModel || a.dK != b.dK || a.dV != b.dV || a.seed != b.seed;
}

// Merge ids of the undo steps. Each open step (typing, a drag) gets an id of its own from
// [kFirstStepId, kCellEditMergeId), so that it never merges into an older step; cell edits share one.
// All are above the 30-bit ids that applyState's callers give.
constexpr int kFirstStepId = 1 << 29;
constexpr int kCellEditMergeId = 1 << 30;

// The one character the edit from `before` to `after` inserted; nothing for any other edit (a
// deletion, a paste, a replacement).
std::optional<QChar> typedCharacter(const QString &before, const QString &after)
{
    if (after.size() != before.size() + 1)
        return std::nullopt;
    qsizetype at = 0;
    while (at < before.size() && before[at] == after[at])
        ++at;
    if (QStringView(before).mid(at) != QStringView(after).mid(at + 1))
        return std::nullopt;
    return after[at];
}

// A small toy input costs about a millisecond: computed on the keystroke itself, its result is
// painted in the same frame, instead of one frame for the chips and a later one for the numbers.
constexpr double kQuickWork = 2.0e6; // multiply-adds; about 1 ms here

} // namespace

AttentionDocument::AttentionDocument(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<attn::ResultPtr>("attn::ResultPtr");
    qRegisterMetaType<attn::TokenList>("attn::TokenList");
    qRegisterMetaType<attn::ModelPtr>("attn::ModelPtr");
    m_undo.setUndoLimit(500);
    m_state.model.weights = LearnedMatrices::glorot(m_state.model.config);
    connect(&m_jobs, &JobRunner::busyChanged, this, &AttentionDocument::busyChanged);
    m_typingPause.setSingleShot(true);
    m_typingPause.setInterval(typingPauseMs);
    connect(&m_typingPause, &QTimer::timeout, this, &AttentionDocument::finishStep);
}

AttentionDocument::~AttentionDocument()
{
    // ~QUndoStack emits cleanChanged(); its listeners (the window's title) may be half destroyed.
    m_undo.blockSignals(true);
}

QString AttentionDocument::presetName() const
{
    return isUnchangedExample() ? m_state.presetName : QString();
}

bool AttentionDocument::isUnchangedExample() const
{
    const Preset *preset = findPreset(m_state.presetName);
    if (!preset || m_state.sentence != preset->sentence || !m_state.sentenceB.isEmpty()
        || !(m_state.model.config == preset->config) || !sameBits(m_state.model.embeddings, preset->embeddings))
        return false;
    if (!m_exampleWeights || m_exampleWeights->first != preset->name)
        m_exampleWeights.emplace(preset->name, presetWeights(*preset));
    return sameBits(m_state.model.weights, m_exampleWeights->second);
}

void AttentionDocument::setSentence(const QString &sentence)
{
    const QString text = sentence.left(Limits::maxTextLength);
    if (text == m_state.sentence)
        return;
    DocumentState next = m_state;
    next.sentence = text;
    typed(std::move(next), StepKind::TypingA);
}

void AttentionDocument::setSentenceB(const QString &sentence)
{
    const QString text = sentence.left(Limits::maxTextLength);
    if (text == m_state.sentenceB)
        return;
    DocumentState next = m_state;
    next.sentenceB = text;
    typed(std::move(next), StepKind::TypingB);
}

void AttentionDocument::typed(DocumentState next, StepKind box)
{
    // A step holds at most one word: a word character typed after the step's word has ended (by a
    // space or punctuation) starts the next step.
    const bool first = box == StepKind::TypingA;
    const std::optional<QChar> typed = first ? typedCharacter(m_state.sentence, next.sentence)
                                             : typedCharacter(m_state.sentenceB, next.sentenceB);
    const bool separator = typed && (typed->isSpace() || typed->isPunct());
    if (typed && !separator && m_openStep.kind == box && m_openStep.wordEnded)
        finishStep();
    recordInStep(box, std::move(next), Step::Continue);
    if (typed && !separator)
        m_openStep.sawWord = true;
    else if (separator && m_openStep.sawWord)
        m_openStep.wordEnded = true;
    m_typingPause.start();
}

void AttentionDocument::setConfig(const AttentionConfig &config, Step step)
{
    applyConfig(config, step, QString());
}

void AttentionDocument::setConfig(const AttentionConfig &config, const QString &label)
{
    applyConfig(config, Step::New, label);
}

void AttentionDocument::applyConfig(const AttentionConfig &config, Step step, const QString &label)
{
    if (config == m_state.model.config)
        return;
    DocumentState next = m_state;
    next.model.config = config;
    if (reshapes(m_state.model.config, config))
        next.model.weights = LearnedMatrices::glorot(config);
    recordInStep(StepKind::Settings, std::move(next), step, label);
}

void AttentionDocument::recordInStep(StepKind kind, DocumentState next, Step join, const QString &label)
{
    // QUndoStack merges only into the newest done step, and never into the one that was saved.
    const int done = m_undo.index();
    const bool continues = join == Step::Continue && m_openStep.kind == kind && done > 0
        && m_undo.command(done - 1)->id() == m_openStep.mergeId && done != m_undo.cleanIndex();
    if (!continues) {
        m_openStep = {kind, kFirstStepId + m_nextStepId, m_state.model.config, m_state.sentence, m_state.sentenceB};
        m_nextStepId = (m_nextStepId + 1) % (kCellEditMergeId - kFirstStepId);
    }
    QString described = label;
    if (described.isEmpty()) {
        QStringList parts;
        if (const QString settings = describeConfigChange(m_openStep.config, next.model.config); !settings.isEmpty())
            parts << settings;
        if (m_openStep.sentence != next.sentence)
            parts << describeTextChange(tr("Text"), m_openStep.sentence, next.sentence);
        if (m_openStep.sentenceB != next.sentenceB)
            parts << describeTextChange(tr("Sentence B"), m_openStep.sentenceB, next.sentenceB);
        described = parts.isEmpty() ? tr("No change") : parts.join(QStringLiteral(", "));
    }
    const int mergeId = m_openStep.mergeId;
    OpenStep open = std::move(m_openStep);
    applyDocumentState(std::move(next), described, mergeId);
    // record() closed the step, as it does for any other edit; only an edit that may be continued
    // leaves it open.
    if (join == Step::Continue)
        m_openStep = std::move(open);
}

void AttentionDocument::finishStep()
{
    m_typingPause.stop();
    m_openStep = {};
}

void AttentionDocument::setMatrixCell(MatrixKind kind, int head, int row, int column, float value)
{
    const Matrix &m = m_state.model.weights.matrix(kind, head);
    if (row < 0 || column < 0 || row >= m.rows() || column >= m.cols() || m(row, column) == value)
        return;
    const QString label = kind == MatrixKind::Output
        ? tr("Edit W_O[%1, %2]").arg(row).arg(column)
        : tr("Edit head %1 %2[%3, %4]").arg(head).arg(matrixKindName(kind).toUpper()).arg(row).arg(column);
    // Repeated edits of one cell fold into one undo step (CellEdit::absorb tells cells apart).
    record(std::make_shared<CellEdit>(kind, head, row, column, m(row, column), value), label, kCellEditMergeId);
}

void AttentionDocument::setWeights(const LearnedMatrices &weights, const QString &label)
{
    ModelState next = m_state.model;
    next.weights = weights;
    applyState(std::move(next), label);
}

void AttentionDocument::setEmbedding(const QString &tokenText, const RowVector &vector, const QString &label)
{
    ModelState next = m_state.model;
    next.embeddings.insert(tokenText, vector);
    applyState(std::move(next), label);
}

void AttentionDocument::applyState(ModelState state, const QString &label, int mergeId)
{
    DocumentState next = m_state;
    next.model = std::move(state);
    applyDocumentState(std::move(next), label, mergeId);
}

void AttentionDocument::applyDocumentState(DocumentState state, const QString &label, int mergeId)
{
    state.sentence.truncate(Limits::maxTextLength);
    state.sentenceB.truncate(Limits::maxTextLength);
    record(std::make_shared<StateEdit>(m_state, std::move(state)), label, mergeId);
}

void AttentionDocument::record(std::shared_ptr<DocumentEdit> edit, const QString &label, int mergeId)
{
    finishStep(); // any edit ends the step that typing or a drag had open; recordInStep reopens its own
    m_undoBudget.push(new DocumentCommand(this, std::move(edit), label, mergeId));
}

void AttentionDocument::undoEdit(DocumentEdit &edit)
{
    finishStep(); // typing after an undo starts a step of its own
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
    const std::pair<QString, QString> texts{m_state.sentence, m_state.sentenceB};
    if (texts != m_tokenizedText) {
        const bool firstChanged = !m_tokenizedText || m_tokenizedText->first != texts.first;
        const bool secondChanged = !m_tokenizedText || m_tokenizedText->second != texts.second;
        m_tokenizedText = texts;
        m_tokens = tokenize();
        if (firstChanged)
            emit sentenceChanged(m_state.sentence);
        if (secondChanged)
            emit sentenceBChanged(m_state.sentenceB);
        emit tokensChanged(m_tokens);
    }
    emit stateChanged();
    scheduleCompute();
}

void AttentionDocument::loadPreset(const QString &name)
{
    const Preset *preset = findPreset(name);
    if (!preset)
        return;
    DocumentState next;
    next.model = {preset->config, presetWeights(*preset), preset->embeddings};
    next.sentence = preset->sentence;
    next.presetName = preset->name;
    applyDocumentState(std::move(next), tr("Open example: %1").arg(preset->title));
}

TokenList AttentionDocument::tokenize() const
{
    if (!m_model)
        return tokenizeWords(m_state.sentence);
    if (!m_state.sentenceB.isEmpty())
        if (std::optional<TokenList> pair = m_model->tokenizePair(m_state.sentence, m_state.sentenceB))
            return std::move(*pair);
    return m_model->tokenize(m_state.sentence);
}

void AttentionDocument::setModel(ModelPtr model)
{
    if (model == m_model)
        return;
    m_model = std::move(model);
    m_modelEngine = m_model ? m_model->createEngine() : nullptr;
    // An encoder whose folder has only vocab.json + merges.txt without RoBERTa's <s> has no pair form.
    m_takesPairs = m_model && m_model->info().bidirectional
        && m_model->tokenizePair(QStringLiteral("a"), QStringLiteral("b")).has_value();
    m_jobs.supersede(); // a result of the previous engine must not arrive after the switch
    m_tokens = tokenize();
    emit modelChanged(m_model);
    emit tokensChanged(m_tokens);
    scheduleCompute();
}

EnginePtr AttentionDocument::currentEngine() const
{
    if (m_modelEngine)
        return m_modelEngine;
    // The toy layer's engine holds its own copy of the matrices (a few kilobytes at teaching sizes).
    const ModelState &toy = m_state.model;
    return std::make_shared<AttentionLayerEngine>(toy.config, toy.weights, toy.embeddings);
}

AttentionDocument::Computed AttentionDocument::compute(const std::function<Expected<ResultPtr>()> &run)
{
    QElapsedTimer timer;
    timer.start();
    Computed computed;
    computed.result = run();
    computed.milliseconds = double(timer.nsecsElapsed()) / 1e6;
    return computed;
}

void AttentionDocument::scheduleCompute()
{
    if (!m_modelEngine && AttentionLayerEngine::workFor(m_state.model.config, int(m_tokens.size())) <= kQuickWork) {
        computeNow();
        return;
    }
    // The engine (with its copy of the toy matrices) and the input are taken when the run starts: a
    // burst of edits while a run goes costs one copy, not one per edit.
    m_jobs.submit<Computed>(
        [this]() -> std::function<Computed()> {
            return [engine = currentEngine(), input = EngineInput{m_state.sentence, m_tokens}] {
                return compute([&] { return engine->run(input); });
            };
        },
        [this](const Computed &computed) { publish(computed); });
}

void AttentionDocument::computeNow()
{
    m_jobs.supersede(); // a result still being computed is older than this one
    if (m_modelEngine) {
        publish(compute([&] { return m_modelEngine->run({m_state.sentence, m_tokens}); }));
        return;
    }
    // On this thread the toy matrices are read where they are: no engine, no copy of the state (one
    // cell edit of a 12 × 768 × 64 layer would otherwise copy 9 MB before computing anything).
    const ModelState &toy = m_state.model;
    publish(compute([&] { return computeAttention(m_tokens, toy.config, toy.weights, toy.embeddings, m_state.sentence); }));
}

void AttentionDocument::publish(const Computed &computed)
{
    m_lastComputeMs = computed.milliseconds;
    if (!computed.result) {
        m_error = computed.result.error();
        emit computeFailed(m_error);
        return;
    }
    m_error.clear();
    m_result = *computed.result;
    emit resultChanged(m_result);
}

} // namespace attn::ui

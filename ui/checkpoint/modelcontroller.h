#pragma once

#include "core/analysis/inductionscores.h"
#include "core/expected.h"
#include "core/transformer/model.h"
#include "document/jobrunner.h"

#include <QObject>

namespace attn::ui {

class AttentionDocument;

// Opens and closes checkpoints of any family for a document. Loading (mapping the weights,
// converting F16 and BF16, reading the tokenizer) and measuring the heads' induction scores run off
// the UI thread; the document switches to the model when both are done. Opening another checkpoint
// while one loads drops the first; a failed open leaves the document as it was.
class ModelController : public QObject
{
    Q_OBJECT

public:
    explicit ModelController(AttentionDocument *document, QObject *parent = nullptr);

    // `path`: the checkpoint folder or a file in it. Emits opened() or openFailed().
    void open(const QString &path);
    // The same on this thread (command line, tests); the error is also emitted as openFailed().
    Expected<ModelPtr> openNow(const QString &path);
    // Back to the toy model.
    void close();

    bool isLoading() const { return m_loads.isBusy(); }
    const ModelPtr &model() const { return m_model; }
    // What the open model was opened from (a GGUF file, a folder or a file in it), as given.
    const QString &path() const { return m_path; }
    const InductionScores &inductionScores() const { return m_induction; }

    // "gpt2 · 12 layers × 12 heads · 124.4 M parameters · 548 MB", for the status bar.
    static QString describe(const Model &model);

signals:
    void loadingChanged(bool loading);
    void opened(const attn::ModelPtr &model);
    void openFailed(const QString &message);
    void closed();

private:
    struct Loaded
    {
        Expected<ModelPtr> model = Error{QString()};
        InductionScores induction;
        QString path;
    };
    static Loaded load(const QString &path);
    void accept(const Loaded &loaded);

    AttentionDocument *m_document;
    ModelPtr m_model;
    QString m_path;
    InductionScores m_induction;
    JobRunner m_loads;
};

} // namespace attn::ui

#pragma once

#include "core/attentionresult.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/exportableview.h"

#include <QPointer>
#include <QString>
#include <QWidget>

namespace attn::ui {

// What every view draws from: one immutable result, the shared focus and the shared options,
// each handed in from outside (the main window wires the document to the views). A view never
// asks where a result came from, so the rollout, a stored result or a benchmark's input draw
// exactly like the document's own.
//
// A QWidget, because every view is one and the focus and options connections need a receiver that
// disconnects itself when the view goes; an ExportableView, because every view exports through
// paintContent.
//
// Without a focus model the view shows the default focus (layer 0, head 0, no token); without an
// options model the default options. Subclasses react through the on…Changed hooks, which repaint
// unless overridden.
class ResultView : public QWidget, public ExportableView
{
    Q_OBJECT

public:
    explicit ResultView(QWidget *parent = nullptr);

    const ResultPtr &result() const { return m_result; }
    FocusModel *focusModel() const { return m_focusModel; }
    ViewOptionsModel *optionsModel() const { return m_optionsModel; }

    // The shared focus, or the default one without a focus model.
    const Focus &focus() const;
    // The shared options, or the defaults without an options model.
    const ViewOptions &options() const;

    // Replaces the model the view follows; the old one is no longer listened to.
    void setFocusModel(FocusModel *focus);
    void setOptions(ViewOptionsModel *options);

    // What to say while there is no result to draw (e.g. why the computation failed); empty: the
    // view's own invitation ("Type a sentence…").
    const QString &message() const { return m_message; }

public slots:
    void setResult(const attn::ResultPtr &result);
    void setMessage(const QString &message);

protected:
    virtual void onResultChanged() { update(); }
    virtual void onFocusChanged(const Focus &) { update(); }
    virtual void onOptionsChanged() { update(); }
    // A different focus or options model was set (composite views hand it on to their parts).
    virtual void onModelsChanged() { update(); }

    // The message, or the view's own placeholder when there is none.
    QString messageOr(const QString &placeholder) const;
    // The result's input on one line, cut to maxChars with an ellipsis; empty without one.
    QString inputLine(int maxChars) const;
    // "Head 3" → "Head 3 — “The cat sat on the mat”"; the title alone without an input text.
    QString titleWithInput(const QString &title) const;

private:
    ResultPtr m_result;
    QPointer<FocusModel> m_focusModel;
    QPointer<ViewOptionsModel> m_optionsModel;
    QString m_message;
};

// What a title says of a filtered result, so that a picture says so wherever it goes (screen, PNG,
// SVG, PDF): " · [CLS] and [SEP] hidden", " · sentence A → sentence B", or nothing.
QString filterSuffix(const AttentionResult &result);
// "head 7", or "head 7 · kv 1" when query heads share key/value heads (grouped-query attention).
QString headName(const AttentionResult &result, int head);
// A view's title for one head: "Layer 3 · head 7 · kv 1", or "Head 2" for a single layer.
QString layerHeadName(const AttentionResult &result, int layer, int head);

// `text` on one line (runs of whitespace made one space), cut to maxChars with an ellipsis.
QString elidedLine(const QString &text, int maxChars);

} // namespace attn::ui

#pragma once

#include "core/analysis/keyfilter.h"
#include "core/attentionresult.h"

#include <QObject>

namespace attn::ui {

class AttentionDocument;
class ViewOptionsModel;

// What the attention views draw: the document's result as it is, or, with the "hide first token"
// option on, hideSinkKeys() of it, and with a sentence-pair filter, restrictToPair() of that. Made once per result or option change and shared by every view,
// so a 144-head model is rescaled once, not once per view. The step panel reads the document
// directly: it writes out the softmax, whose numbers are the model's own.
class DisplayedResult : public QObject
{
    Q_OBJECT

public:
    DisplayedResult(AttentionDocument *document, ViewOptionsModel *options, QObject *parent = nullptr);

    const ResultPtr &result() const { return m_shown; }
    // The document's error while it has no result to show.
    QString errorText() const;

signals:
    void resultChanged(const attn::ResultPtr &result);
    void computeFailed(const QString &message);

private:
    void update();
    ResultPtr shownFor(const ResultPtr &computed);

    AttentionDocument *m_document;
    ViewOptionsModel *m_options;
    ResultPtr m_shown;
    bool m_hidden = false; // m_shown has the sink keys hidden
    PairFilter m_filter = PairFilter::None;
};

} // namespace attn::ui

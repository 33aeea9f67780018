#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;

namespace attn::ui {

class AttentionDocument;
class ViewOptionsModel;

// An encoder's second sentence ([CLS] A [SEP] B [SEP]) and BertViz's sentence filter: every view
// shows all pairs, or only sentence A's queries with sentence B's keys, or the reverse. Shown only
// while the document's model reads sentence pairs; typing goes to the document like the main box.
class SentencePairRow : public QWidget
{
    Q_OBJECT

public:
    SentencePairRow(AttentionDocument *document, ViewOptionsModel *options, QWidget *parent = nullptr);

    QLineEdit *sentenceEdit() const { return m_sentence; }
    QComboBox *filterBox() const { return m_filter; }

private:
    void followModel();

    AttentionDocument *m_document;
    ViewOptionsModel *m_options;
    QLineEdit *m_sentence;
    QComboBox *m_filter;
};

} // namespace attn::ui

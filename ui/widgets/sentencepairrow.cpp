#include "sentencepairrow.h"

#include "document/attentiondocument.h"
#include "document/viewoptions.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>

namespace attn::ui {

SentencePairRow::SentencePairRow(AttentionDocument *document, ViewOptionsModel *options, QWidget *parent)
    : QWidget(parent), m_document(document), m_options(options), m_sentence(new QLineEdit(this)),
      m_filter(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Sentence B:"), this);
    label->setBuddy(m_sentence);
    layout->addWidget(label);
    m_sentence->setPlaceholderText(tr("Optional second sentence: the encoder reads [CLS] A [SEP] B [SEP]"));
    m_sentence->setToolTip(tr("A second sentence, as BERT reads question/answer or premise/hypothesis pairs. Its "
                              "tokens get token type 1; leave it empty for one sentence."));
    m_sentence->setClearButtonEnabled(true);
    layout->addWidget(m_sentence, 1);
    m_filter->addItem(tr("All pairs"), int(PairFilter::None));
    m_filter->addItem(tr("A → B"), int(PairFilter::FirstToSecond));
    m_filter->addItem(tr("B → A"), int(PairFilter::SecondToFirst));
    m_filter->setToolTip(tr("Show every query and key, or only sentence A's queries attending to sentence B's keys "
                            "(or the reverse). Left-out cells show 0; the weights are the model's, not rescaled."));
    layout->addWidget(m_filter);

    connect(m_sentence, &QLineEdit::textEdited, m_document, &AttentionDocument::setSentenceB);
    connect(m_document, &AttentionDocument::sentenceBChanged, this, [this](const QString &text) {
        if (m_sentence->text() == text)
            return;
        const QSignalBlocker blocker(m_sentence);
        m_sentence->setText(text);
    });
    connect(m_filter, &QComboBox::activated, this, [this](int index) {
        ViewOptions o = m_options->options();
        o.pairFilter = PairFilter(m_filter->itemData(index).toInt());
        m_options->setOptions(o);
    });
    connect(m_options, &ViewOptionsModel::optionsChanged, this, [this](const ViewOptions &o) {
        const QSignalBlocker blocker(m_filter);
        m_filter->setCurrentIndex(m_filter->findData(int(o.pairFilter)));
    });
    connect(m_document, &AttentionDocument::modelChanged, this, &SentencePairRow::followModel);
    connect(m_document, &AttentionDocument::tokensChanged, this, &SentencePairRow::followModel);
    m_sentence->setText(m_document->sentenceB());
    m_filter->setCurrentIndex(m_filter->findData(int(m_options->options().pairFilter)));
    followModel();
}

void SentencePairRow::followModel()
{
    setVisible(m_document->takesSentencePairs());
    // The filter has something to choose between only when the text is a pair.
    m_filter->setEnabled(isSentencePair(m_document->tokens()));
}

} // namespace attn::ui

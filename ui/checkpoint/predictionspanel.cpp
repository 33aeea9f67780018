#include "predictionspanel.h"

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "views/heatmap/celltext.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

namespace attn::ui {

namespace {

constexpr int kDelayMs = 60; // hovering across a heatmap does not compute every row it passes
constexpr int kProbabilityRole = Qt::UserRole;

enum Column { TokenColumn, ProbabilityColumn, LogitColumn };

// The probability as a bar under its number.
class ProbabilityDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        const QString text = base.text;
        base.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);

        const double p = std::clamp(index.data(kProbabilityRole).toDouble(), 0.0, 1.0);
        const QRect area = option.rect.adjusted(3, 3, -3, -3);
        QColor bar = option.palette.color(QPalette::Highlight);
        bar.setAlpha(110);
        painter->fillRect(QRect(area.left(), area.top(), int(area.width() * p), area.height()), bar);
        painter->setPen(option.palette.color(option.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                                   : QPalette::Text));
        painter->drawText(area.adjusted(2, 0, -2, 0), Qt::AlignRight | Qt::AlignVCenter, text);
    }
};

} // namespace

PredictionsPanel::PredictionsPanel(AttentionDocument *document, FocusModel *focus, QWidget *parent)
    : QWidget(parent), m_document(document), m_focus(focus), m_caption(new QLabel(this)),
      m_table(new QTableWidget(0, 3, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_caption->setWordWrap(true);
    layout->addWidget(m_caption);
    m_table->setHorizontalHeaderLabels({tr("Next token"), tr("Probability"), tr("Logit")});
    m_table->horizontalHeaderItem(TokenColumn)->setToolTip(tr("The token as its bytes read; · is a space, ↵ a newline"));
    m_table->horizontalHeaderItem(ProbabilityColumn)
        ->setToolTip(tr("Softmax of the logits over the whole vocabulary"));
    m_table->horizontalHeaderItem(LogitColumn)
        ->setToolTip(tr("The final hidden state (after the last norm) · the token's row of the output embedding"));
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->hide(); // with a title row per mask, row numbers would not be ranks
    m_table->horizontalHeader()->setSectionResizeMode(TokenColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ProbabilityColumn, QHeaderView::Fixed);
    m_table->horizontalHeader()->resizeSection(ProbabilityColumn, 120);
    m_table->horizontalHeader()->setSectionResizeMode(LogitColumn, QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setItemDelegateForColumn(ProbabilityColumn, new ProbabilityDelegate(m_table));
    layout->addWidget(m_table, 1);

    m_delay.setSingleShot(true);
    m_delay.setInterval(kDelayMs);
    connect(&m_delay, &QTimer::timeout, this, &PredictionsPanel::refreshNow);
    auto later = [this] {
        if (isVisible())
            m_delay.start();
    };
    connect(document, &AttentionDocument::resultChanged, this, later);
    connect(document, &AttentionDocument::modelChanged, this, later);
    connect(focus, &FocusModel::focusChanged, this, later);
    refreshNow();
}

void PredictionsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshNow();
}

int PredictionsPanel::wantedPosition() const
{
    const ResultPtr result = m_document->result();
    if (!result || result->tokenCount() == 0)
        return -1;
    const Focus &focus = m_focus->focus();
    return focus.query >= 0 && focus.query < result->tokenCount() ? focus.query : result->tokenCount() - 1;
}

const std::vector<NextTokenPrediction> &PredictionsPanel::predictionsAt(int position)
{
    const ResultPtr result = m_document->result();
    if (result != m_cacheResult) {
        m_cache.clear();
        m_cacheResult = result;
    }
    auto found = m_cache.find(position);
    if (found == m_cache.end())
        found = m_cache.emplace(position, result->predictNext(position, count)).first;
    return found->second;
}

bool PredictionsPanel::fillsMasks() const
{
    return m_document->model() && m_document->model()->info().bidirectional;
}

const std::vector<NextTokenPrediction> &PredictionsPanel::predictionsShownAt(int position)
{
    return predictionsAt(position);
}

void PredictionsPanel::refreshNow()
{
    m_delay.stop();
    const ResultPtr result = m_document->result();
    m_table->horizontalHeaderItem(TokenColumn)->setText(fillsMasks() ? tr("Token") : tr("Next token"));
    if (fillsMasks() && result && result->canPredict() && result->tokenCount() > 0) {
        refreshMasks(result);
        return;
    }
    if (!m_maskPositions.empty()) { // the table holds the masks' lists: fill it again
        m_maskPositions.clear();
        m_shownPosition = -1;
    }
    const int position = wantedPosition();
    if (!result || !result->canPredict() || position < 0) {
        m_shownPosition = -1;
        m_shownResult.reset();
        m_shown.clear();
        m_table->clearSpans();
        m_table->setRowCount(0);
        const ModelPtr &model = m_document->model();
        if (model && model->info().bidirectional && result && !result->canPredict() && result->tokenCount() > 0)
            m_caption->setText(tr("%1 has no masked-language-model head (a …Model rather than a …ForMaskedLM "
                                  "checkpoint): it cannot fill in a mask. Every attention view works.")
                                   .arg(model->info().name));
        else if (model && model->info().bidirectional)
            m_caption->setText(tr("Type a text with %1 in it to see what %2 would put there.")
                                   .arg(model->info().maskToken.toHtmlEscaped(), model->info().name));
        else
            m_caption->setText(model ? tr("Type a text to see what %1 predicts next.").arg(model->info().name)
                                     : tr("Next-token predictions need a real model: Model ▸ Open model…"));
        return;
    }
    if (position == m_shownPosition && result == m_shownResult)
        return;
    fill(position, predictionsAt(position));
    m_shownPosition = position;
    m_shownResult = result;
}

void PredictionsPanel::refreshMasks(const ResultPtr &result)
{
    const ModelInfo &info = m_document->model()->info();
    std::vector<int> masks;
    for (int i = 0; i < result->tokenCount(); ++i)
        if (info.maskTokenId >= 0 && result->tokens[size_t(i)].id == info.maskTokenId)
            masks.push_back(i);
    // No mask: what the model reads at the focused token (how sure it is of the word that is there).
    const Focus &focus = m_focus->focus();
    const bool focused = masks.empty() && focus.query >= 0 && focus.query < result->tokenCount();
    if (focused)
        masks.push_back(focus.query);
    if (masks == m_maskPositions && result == m_shownResult)
        return;
    m_maskPositions = masks;
    m_shownResult = result;
    m_shownPosition = masks.empty() ? -1 : masks.front();
    m_shown = masks.empty() ? std::vector<NextTokenPrediction>{} : predictionsAt(masks.front());
    m_table->clearSpans();
    m_table->setRowCount(0);
    if (masks.empty()) {
        m_caption->setText(tr("Type %1 in the text (or hover a token) to see what %2 would put there: it reads the "
                              "whole text, both sides of the gap.")
                               .arg(info.maskToken.isEmpty() ? tr("a mask token") : info.maskToken.toHtmlEscaped(),
                                    result->modelName.toHtmlEscaped()));
        return;
    }
    m_caption->setText(focused ? tr("At “%1” (position %2; no %3 in the text), %4 reads:")
                                     .arg(tokenLabel(result->tokens[size_t(masks.front())]).toHtmlEscaped())
                                     .arg(masks.front())
                                     .arg(info.maskToken.toHtmlEscaped(), result->modelName.toHtmlEscaped())
                               : tr("%n mask(s): what %1 would put there, best first.", nullptr, int(masks.size()))
                                     .arg(result->modelName.toHtmlEscaped()));
    // One mask gets the full list; several share the panel.
    const int shown = masks.size() == 1 ? count : std::max(3, count / 2);
    for (int position : masks) {
        const int header = m_table->rowCount();
        m_table->insertRow(header);
        auto *title = new QTableWidgetItem(tr("Position %1 · between “%2” and “%3”")
                                               .arg(position)
                                               .arg(position > 0 ? tokenLabel(result->tokens[size_t(position - 1)]) : QString())
                                               .arg(position + 1 < result->tokenCount()
                                                        ? tokenLabel(result->tokens[size_t(position + 1)])
                                                        : QString()));
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        m_table->setItem(header, TokenColumn, title);
        m_table->setSpan(header, 0, 1, 3);
        std::vector<NextTokenPrediction> top = predictionsAt(position);
        if (int(top.size()) > shown)
            top.resize(size_t(shown));
        addRows(top);
    }
}

void PredictionsPanel::fill(int position, const std::vector<NextTokenPrediction> &predictions)
{
    m_shown = predictions;
    const AttentionResult &result = *m_document->result();
    m_caption->setText(tr("After “%1” (position %2 of %3), %4 predicts:")
                           .arg(tokenLabel(result.tokens[size_t(position)]).toHtmlEscaped())
                           .arg(position)
                           .arg(result.tokenCount())
                           .arg(result.modelName.toHtmlEscaped()));
    m_table->clearSpans();
    m_table->setRowCount(0);
    addRows(predictions);
}

void PredictionsPanel::addRows(const std::vector<NextTokenPrediction> &predictions)
{
    const int first = m_table->rowCount();
    m_table->setRowCount(first + int(predictions.size()));
    for (int i = 0; i < int(predictions.size()); ++i) {
        const int row = first + i;
        const NextTokenPrediction &p = predictions[size_t(i)];
        // An id the tokenizer has no text for (a checkpoint whose vocabulary outgrew its tokenizer).
        auto *token = new QTableWidgetItem(p.text.isEmpty() ? tr("⟨id %1⟩").arg(p.id) : p.text);
        token->setToolTip(tr("id %1").arg(p.id));
        auto *probability = new QTableWidgetItem(formatPercent(p.probability));
        probability->setData(kProbabilityRole, double(p.probability));
        auto *logit = new QTableWidgetItem(QString::number(p.logit, 'f', 2));
        logit->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, TokenColumn, token);
        m_table->setItem(row, ProbabilityColumn, probability);
        m_table->setItem(row, LogitColumn, logit);
    }
}

} // namespace attn::ui

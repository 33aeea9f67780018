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

void PredictionsPanel::refreshNow()
{
    m_delay.stop();
    const ResultPtr result = m_document->result();
    const int position = wantedPosition();
    if (!result || !result->canPredict() || position < 0) {
        m_shownPosition = -1;
        m_shownResult.reset();
        m_shown.clear();
        m_table->setRowCount(0);
        m_caption->setText(m_document->model()
                               ? tr("Type a text to see what %1 predicts next.").arg(m_document->model()->info().name)
                               : tr("Next-token predictions need a real model: Model ▸ Open checkpoint…"));
        return;
    }
    if (position == m_shownPosition && result == m_shownResult)
        return;
    fill(position, predictionsAt(position));
    m_shownPosition = position;
    m_shownResult = result;
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
    m_table->setRowCount(int(predictions.size()));
    for (int row = 0; row < int(predictions.size()); ++row) {
        const NextTokenPrediction &p = predictions[size_t(row)];
        auto *token = new QTableWidgetItem(p.text);
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

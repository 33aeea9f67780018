#include "headstatisticspanel.h"

#include "badgedelegate.h"
#include "modelcontroller.h"

#include "document/attentiondocument.h"
#include "document/focus.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace attn::ui {

HeadStatisticsPanel::HeadStatisticsPanel(AttentionDocument *document, ModelController *controller, FocusModel *focus,
                                         QWidget *parent)
    : QWidget(parent), m_document(document), m_controller(controller), m_focus(focus),
      m_model(new HeadStatisticsModel(this)), m_table(new QTableView(this)), m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);

    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(HeadStatisticsModel::BadgesColumn, new BadgeDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HeadStatisticsModel::HeadColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(HeadStatisticsModel::BadgesColumn, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    layout->addWidget(m_table, 1);

    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) {
        Focus next = m_focus->focus();
        next.layer = index.data(HeadStatisticsModel::LayerRole).toInt();
        next.head = index.data(HeadStatisticsModel::HeadRole).toInt();
        m_focus->setFocus(next);
    });
    connect(m_document, &AttentionDocument::resultChanged, this, &HeadStatisticsPanel::refresh);
    connect(m_controller, &ModelController::opened, this, &HeadStatisticsPanel::refresh);
    connect(m_controller, &ModelController::closed, this, &HeadStatisticsPanel::refresh);
    connect(m_focus, &FocusModel::focusChanged, this, &HeadStatisticsPanel::showFocus);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, [this] { showFocus(m_focus->focus()); });
    refresh();
}

void HeadStatisticsPanel::refresh()
{
    const ResultPtr result = m_document->result();
    if (!result) {
        m_model->clear();
        m_summary->setText(tr("Type a sentence to see what each head does."));
        return;
    }
    m_model->setStatistics(HeadStatisticsModel::compute(*result, m_controller->inductionScores()));

    // An encoder's heads have [SEP] and [CLS] masses and no induction score (bidirectional heads
    // see the answer of the probe's second copy: the score would mean nothing).
    const bool encoder = !result->config.causal && !result->modelName.isEmpty();
    m_table->setColumnHidden(HeadStatisticsModel::SeparatorColumn, !encoder);
    m_table->setColumnHidden(HeadStatisticsModel::ClassColumn, !encoder);
    m_table->setColumnHidden(HeadStatisticsModel::InductionColumn, encoder);
    QStringList shownBadges = HeadStatisticsModel::badgeNames();
    shownBadges.removeOne(encoder ? QStringLiteral("induction") : QStringLiteral("separator"));
    std::vector<int> counts(size_t(shownBadges.size()), 0);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QStringList badges = HeadStatisticsModel::badgesOf(m_model->rowAt(row).statistics);
        for (int b = 0; b < shownBadges.size(); ++b)
            counts[size_t(b)] += badges.contains(shownBadges[b]) ? 1 : 0;
    }
    QStringList parts;
    for (int b = 0; b < shownBadges.size(); ++b) {
        const QString name = shownBadges[b];
        parts << QStringLiteral("<span style=\"color:%1\"><b>%2</b></span> %3")
                     .arg(BadgeDelegate::badgeColor(name).name(), name)
                     .arg(counts[size_t(b)]);
    }
    QString text = tr("%n head(s) over this text. Badges: ", nullptr, m_model->rowCount()) + parts.join(QStringLiteral(", "));
    if (m_controller->inductionScores().empty() && !encoder)
        text += tr(". Induction scores need a model (Model ▸ Open model…).");
    m_summary->setText(text);
    QStringList descriptions;
    for (const QString &name : shownBadges)
        descriptions << HeadStatisticsModel::badgeDescription(name);
    m_summary->setToolTip(descriptions.join(QStringLiteral("\n\n")));
    showFocus(m_focus->focus());
}

void HeadStatisticsPanel::showFocus(const Focus &focus)
{
    const int row = m_model->rowOf(focus.layer, focus.head);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    if (m_table->currentIndex().row() != row)
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

} // namespace attn::ui

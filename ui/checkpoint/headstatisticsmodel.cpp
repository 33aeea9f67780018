#include "headstatisticsmodel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace attn::ui {

namespace {

QString percent(double mass)
{
    return QString::number(mass * 100, 'f', 1) + QLatin1Char('%');
}

} // namespace

HeadStatisticsModel::HeadStatisticsModel(QObject *parent) : QAbstractTableModel(parent) {}

std::vector<std::vector<HeadStatistics>> HeadStatisticsModel::compute(const AttentionResult &result,
                                                                      const InductionScores &induction)
{
    std::vector<std::vector<HeadStatistics>> table = allHeadStatistics(result);
    if (induction.size() != table.size())
        return table;
    for (size_t l = 0; l < table.size(); ++l) {
        if (induction[l].size() != table[l].size())
            continue;
        for (size_t h = 0; h < table[l].size(); ++h) {
            table[l][h].inductionScore = induction[l][h];
            table[l][h].inductionHead = induction[l][h] >= HeadStatistics::Thresholds::induction;
        }
    }
    return table;
}

void HeadStatisticsModel::setStatistics(const std::vector<std::vector<HeadStatistics>> &statistics)
{
    size_t count = 0;
    for (const auto &layer : statistics)
        count += layer.size();
    bool sameShape = count == m_rows.size();
    for (const Row &row : m_rows)
        sameShape = sameShape && size_t(row.layer) < statistics.size() && size_t(row.head) < statistics[size_t(row.layer)].size();

    if (!sameShape) {
        beginResetModel();
        m_rows.clear();
        m_rows.reserve(count);
        for (size_t l = 0; l < statistics.size(); ++l)
            for (size_t h = 0; h < statistics[l].size(); ++h)
                m_rows.push_back(Row{int(l), int(h), statistics[l][h]});
        sortRows();
        endResetModel();
        return;
    }
    for (Row &row : m_rows)
        row.statistics = statistics[size_t(row.layer)][size_t(row.head)];
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    if (m_sortColumn >= 0)
        sort(m_sortColumn, m_sortOrder); // new numbers may change the order
}

void HeadStatisticsModel::clear()
{
    setStatistics({});
}

int HeadStatisticsModel::rowOf(int layer, int head) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].layer == layer && m_rows[i].head == head)
            return int(i);
    return -1;
}

QStringList HeadStatisticsModel::badgeNames()
{
    return {QStringLiteral("previous"), QStringLiteral("sink"), QStringLiteral("self"), QStringLiteral("induction"),
            QStringLiteral("separator")};
}

QString HeadStatisticsModel::badgeDescription(const QString &badge)
{
    if (badge == QLatin1String("previous"))
        return tr("Previous-token head: on average at least %1% of each token's attention goes to the token just "
                  "before it.").arg(HeadStatistics::Thresholds::previousToken * 100);
    if (badge == QLatin1String("sink"))
        return tr("First-token sink: on average at least %1% goes to the first token — a resting place for "
                  "attention with nowhere better to go.").arg(HeadStatistics::Thresholds::firstToken * 100);
    if (badge == QLatin1String("self"))
        return tr("Self head: on average at least %1% goes to the token itself.")
            .arg(HeadStatistics::Thresholds::self * 100);
    if (badge == QLatin1String("induction"))
        return tr("Induction head: on a random sequence repeated twice, the second copy attends to the token that "
                  "followed the same token in the first copy (score ≥ %1) — the head that lets a model continue "
                  "a pattern it has seen.").arg(HeadStatistics::Thresholds::induction);
    if (badge == QLatin1String("separator"))
        return tr("[SEP] head: on average at least %1% of each token's attention goes to the separators ([SEP], </s>) "
                  "— in BERT often a \"no-op\": the head has nothing to do for this token (Clark et al. 2019).")
            .arg(HeadStatistics::Thresholds::separator * 100);
    return {};
}

QStringList HeadStatisticsModel::badgesOf(const HeadStatistics &s)
{
    QStringList badges;
    if (s.previousTokenHead)
        badges << QStringLiteral("previous");
    if (s.firstTokenSink)
        badges << QStringLiteral("sink");
    if (s.selfHead)
        badges << QStringLiteral("self");
    if (s.inductionHead)
        badges << QStringLiteral("induction");
    if (s.separatorHead)
        badges << QStringLiteral("separator");
    return badges;
}

int HeadStatisticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HeadStatisticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double HeadStatisticsModel::sortKey(const Row &row, int column) const
{
    const HeadStatistics &s = row.statistics;
    switch (column) {
    case HeadColumn:
        return double(row.layer) * 65536.0 + row.head;
    case EntropyColumn:
        return s.entropyBits;
    case PreviousColumn:
        return s.previousTokenMass;
    case FirstColumn:
        return s.firstTokenMass;
    case SelfColumn:
        return s.selfMass;
    case SeparatorColumn:
        return s.separatorMass.value_or(-std::numeric_limits<double>::infinity());
    case ClassColumn:
        return s.classMass.value_or(-std::numeric_limits<double>::infinity());
    case InductionColumn: // unmeasured sorts below every score
        return s.inductionScore ? *s.inductionScore : -std::numeric_limits<double>::infinity();
    case BadgesColumn: // by how many badges, then by which (in badgeNames() order)
        return badgesOf(s).size() * 32.0 + (s.previousTokenHead ? 16 : 0) + (s.firstTokenSink ? 8 : 0)
            + (s.selfHead ? 4 : 0) + (s.inductionHead ? 2 : 0) + (s.separatorHead ? 1 : 0);
    default:
        return 0;
    }
}

QVariant HeadStatisticsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const HeadStatistics &s = row.statistics;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case HeadColumn:
            return QStringLiteral("%1.%2").arg(row.layer).arg(row.head);
        case EntropyColumn:
            return QString::number(s.entropyBits, 'f', 2);
        case PreviousColumn:
            return percent(s.previousTokenMass);
        case FirstColumn:
            return percent(s.firstTokenMass);
        case SelfColumn:
            return percent(s.selfMass);
        case SeparatorColumn:
            return s.separatorMass ? percent(*s.separatorMass) : QStringLiteral("–");
        case ClassColumn:
            return s.classMass ? percent(*s.classMass) : QStringLiteral("–");
        case InductionColumn:
            return s.inductionScore ? QString::number(*s.inductionScore, 'f', 2) : QStringLiteral("–");
        case BadgesColumn:
            return badgesOf(s).join(QStringLiteral(" · "));
        }
        return {};
    case SortRole:
        return sortKey(row, column);
    case LayerRole:
        return row.layer;
    case HeadRole:
        return row.head;
    case BadgesRole:
        return badgesOf(s);
    case Qt::TextAlignmentRole:
        if (column == BadgesColumn)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole: {
        if (column == BadgesColumn) {
            QStringList lines;
            for (const QString &badge : badgesOf(s))
                lines << badgeDescription(badge);
            return lines.isEmpty() ? tr("No badge: this head does not single out one key on average.")
                                   : lines.join(QLatin1Char('\n'));
        }
        return QVariant(tr("Layer %1, head %2: entropy %3 bits; %4% on the previous token, %5% on the first, %6% on itself%7")
            .arg(row.layer)
            .arg(row.head)
            .arg(s.entropyBits, 0, 'f', 3)
            .arg(s.previousTokenMass * 100, 0, 'f', 1)
            .arg(s.firstTokenMass * 100, 0, 'f', 1)
            .arg(s.selfMass * 100, 0, 'f', 1)
            .arg(s.inductionScore ? tr("; induction score %1").arg(*s.inductionScore, 0, 'f', 3) : QString())
            + (s.separatorMass && s.classMass ? tr("; %1% on the separators, %2% on the classification token")
                                                    .arg(*s.separatorMass * 100, 0, 'f', 1)
                                                    .arg(*s.classMass * 100, 0, 'f', 1)
                                              : QString()));
    }
    default:
        return {};
    }
}

QVariant HeadStatisticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case HeadColumn:
            return tr("Head");
        case EntropyColumn:
            return tr("Entropy");
        case PreviousColumn:
            return tr("Previous");
        case FirstColumn:
            return tr("First");
        case SelfColumn:
            return tr("Self");
        case SeparatorColumn:
            return tr("→ [SEP]");
        case ClassColumn:
            return tr("→ [CLS]");
        case InductionColumn:
            return tr("Induction");
        case BadgesColumn:
            return tr("Badges");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case HeadColumn:
            return tr("Layer.head, both counted from 0");
        case EntropyColumn:
            return tr("Mean entropy of the attention rows in bits: 0 = all on one key, log₂ k = spread evenly over k keys");
        case PreviousColumn:
            return tr("Mean attention to the token just before");
        case FirstColumn:
            return tr("Mean attention to the first token (the \"attention sink\")");
        case SelfColumn:
            return tr("Mean attention to the token itself");
        case SeparatorColumn:
            return tr("Mean attention to the separators ([SEP], </s>): every special token after the first");
        case ClassColumn:
            return tr("Mean attention to the classification token ([CLS], <s>) at position 0");
        case InductionColumn:
            return tr("Mean attention from the second copy of a repeated random sequence to the token after the "
                      "same token in the first copy; measured once per model");
        case BadgesColumn:
            return tr("previous, sink, self, induction, separator: what the head mostly does (hover a badge cell "
                      "for more)");
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void HeadStatisticsModel::sortRows()
{
    const int column = m_sortColumn < 0 ? int(HeadColumn) : m_sortColumn;
    const bool descending = m_sortColumn >= 0 && m_sortOrder == Qt::DescendingOrder;
    // Ties keep layer.head order in both directions, so equal rows never swap between sorts.
    std::stable_sort(m_rows.begin(), m_rows.end(), [&](const Row &a, const Row &b) {
        const double ka = sortKey(a, column);
        const double kb = sortKey(b, column);
        if (ka != kb)
            return descending ? ka > kb : ka < kb;
        return a.layer != b.layer ? a.layer < b.layer : a.head < b.head;
    });
}

void HeadStatisticsModel::sort(int column, Qt::SortOrder order)
{
    if (column < -1 || column >= ColumnCount)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<std::pair<int, int>> heads; // (layer, head) under each persistent index
    heads.reserve(size_t(before.size()));
    for (const QModelIndex &index : before)
        heads.emplace_back(m_rows[size_t(index.row())].layer, m_rows[size_t(index.row())].head);

    m_sortColumn = column;
    m_sortOrder = order;
    sortRows();

    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after << index(rowOf(heads[size_t(i)].first, heads[size_t(i)].second), before[i].column());
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace attn::ui

// The head statistics table: consistent under QAbstractItemModelTester, sorted by every column in
// both directions, persistent indexes following their heads, and badges from hand-made heads.
#include "checkpoint/headstatisticsmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace attn;
using namespace attn::ui;

namespace {

// A causal weights matrix whose every row i ≥ 1 puts `target` weight on one key and spreads the
// rest evenly over the other visible keys.
Matrix rowsOnto(int n, int (*key)(int row), float target)
{
    Matrix w = Matrix::Zero(n, n);
    w(0, 0) = 1.f;
    for (int i = 1; i < n; ++i) {
        const int k = key(i);
        w(i, k) = target;
        for (int j = 0; j <= i; ++j)
            if (j != k)
                w(i, j) += (1.f - target) / float(i);
    }
    return w;
}

// Two layers × three heads whose statistics all differ, with some induction scores.
std::vector<std::vector<HeadStatistics>> sampleTable()
{
    const int n = 9;
    std::vector<Matrix> weights = {
        rowsOnto(n, [](int i) { return i - 1; }, 0.9f), // previous-token head
        rowsOnto(n, [](int) { return 0; }, 0.8f),       // first-token sink
        rowsOnto(n, [](int i) { return i; }, 0.7f),     // self head
        rowsOnto(n, [](int i) { return i - 1; }, 0.3f), // a bit of everything
        rowsOnto(n, [](int) { return 0; }, 0.45f),
        rowsOnto(n, [](int i) { return i; }, 0.55f),
    };
    AttentionResult result;
    result.config.causal = true;
    for (int i = 0; i < n; ++i)
        result.tokens.push_back(Token{QString::number(i), i, i + 1, i});
    result.layers.resize(2);
    for (int l = 0; l < 2; ++l)
        for (int h = 0; h < 3; ++h) {
            HeadResult head;
            head.weights = weights[size_t(l * 3 + h)];
            result.layers[size_t(l)].heads.push_back(head);
        }
    const InductionScores induction = {{0.05, 0.61, 0.2}, {0.45, 0.01, 0.33}};
    return HeadStatisticsModel::compute(result, induction);
}

double displayNumber(const QString &text)
{
    QString t = text;
    return t.remove(QLatin1Char('%')).toDouble();
}

} // namespace

class TestHeadStatisticsModel : public QObject
{
    Q_OBJECT

private slots:
    void computesWhatTheHandMadeHeadsDo()
    {
        const auto table = sampleTable();
        QCOMPARE(int(table.size()), 2);
        // Head 0.0: 0.9 on the previous token in every row 1 … 8.
        QVERIFY(std::abs(table[0][0].previousTokenMass - 0.9) < 1e-6);
        QVERIFY(std::abs(table[0][1].firstTokenMass - 0.8) < 1e-6);
        QVERIFY(std::abs(table[0][2].selfMass - 0.7) < 1e-6);
        QCOMPARE(*table[0][1].inductionScore, 0.61);

        HeadStatisticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatistics(table);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.columnCount(), int(HeadStatisticsModel::ColumnCount));
        auto badges = [&](int layer, int head) {
            return model.index(model.rowOf(layer, head), HeadStatisticsModel::BadgesColumn)
                .data(HeadStatisticsModel::BadgesRole)
                .toStringList();
        };
        QCOMPARE(badges(0, 0), QStringList{QStringLiteral("previous")});
        QCOMPARE(badges(0, 1), (QStringList{QStringLiteral("sink"), QStringLiteral("induction")}));
        QCOMPARE(badges(0, 2), QStringList{QStringLiteral("self")});
        QCOMPARE(badges(1, 0), QStringList{QStringLiteral("induction")}); // 0.45 ≥ 0.4
        QCOMPARE(badges(1, 1), QStringList{});                           // 0.45 < 0.5
        QCOMPARE(badges(1, 2), QStringList{QStringLiteral("self")});     // 0.55 ≥ 0.5
        QCOMPARE(model.index(model.rowOf(0, 0), HeadStatisticsModel::PreviousColumn).data().toString(),
                 QStringLiteral("90.0%"));
        QCOMPARE(model.index(model.rowOf(1, 2), HeadStatisticsModel::HeadColumn).data().toString(), QStringLiteral("1.2"));
    }

    void encoderHeadsGetSeparatorAndClassMasses()
    {
        // [CLS] the cat [SEP] sat [SEP], bidirectional. Head 0 puts 0.6 of every row on the last
        // [SEP], 0.1 on the first, 0.2 on [CLS] and 0.1 on the token itself; head 1 is uniform.
        const QStringList texts = {QStringLiteral("[CLS]"), QStringLiteral("the"), QStringLiteral("cat"),
                                   QStringLiteral("[SEP]"), QStringLiteral("sat"), QStringLiteral("[SEP]")};
        const int n = int(texts.size());
        AttentionResult result;
        result.modelName = QStringLiteral("tiny-bert");
        result.config.causal = false;
        for (int i = 0; i < n; ++i) {
            Token token{texts[i], 0, 0, 100 + i};
            token.special = texts[i].startsWith(QLatin1Char('[')); // put in by the tokenizer: no span
            result.tokens.push_back(token);
        }
        Matrix sep = Matrix::Zero(n, n);
        for (int i = 0; i < n; ++i) {
            sep(i, 5) += 0.6f;
            sep(i, 3) += 0.1f;
            sep(i, 0) += 0.2f;
            sep(i, i) += 0.1f;
        }
        result.layers.resize(1);
        result.layers[0].heads.resize(2);
        result.layers[0].heads[0].weights = sep;
        result.layers[0].heads[1].weights = Matrix::Constant(n, n, 1.0f / float(n));

        const auto table = HeadStatisticsModel::compute(result, {});
        // Head 0: separators 0.6 + 0.1 in every row, plus the rows 3 and 5 whose "itself" is a
        // [SEP] (0.1 each over 6 rows); [CLS] 0.2, plus row 0's own 0.1 over 6 rows.
        QVERIFY(std::abs(*table[0][0].separatorMass - (0.7 + 0.2 / 6)) < 1e-6);
        QVERIFY(std::abs(*table[0][0].classMass - (0.2 + 0.1 / 6)) < 1e-6);
        QVERIFY(table[0][0].separatorHead);
        QVERIFY(std::abs(*table[0][1].separatorMass - 2.0 / 6) < 1e-6);
        QVERIFY(std::abs(*table[0][1].classMass - 1.0 / 6) < 1e-6);
        QVERIFY(!table[0][1].separatorHead);

        HeadStatisticsModel model;
        model.setStatistics(table);
        QCOMPARE(model.index(model.rowOf(0, 0), HeadStatisticsModel::BadgesColumn)
                     .data(HeadStatisticsModel::BadgesRole)
                     .toStringList(),
                 QStringList{QStringLiteral("separator")});
        QCOMPARE(model.index(model.rowOf(0, 1), HeadStatisticsModel::SeparatorColumn).data().toString(),
                 QStringLiteral("33.3%"));

        // A decoder's heads have neither mass: the same weights under a causal model.
        result.config.causal = true;
        QVERIFY(!HeadStatisticsModel::compute(result, {})[0][0].separatorMass);
    }

    void sortsByEveryColumn_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        for (int column = 0; column < HeadStatisticsModel::ColumnCount; ++column)
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder})
                QTest::addRow("column %d %s", column, order == Qt::AscendingOrder ? "up" : "down") << column << int(order);
    }

    void sortsByEveryColumn()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        const auto table = sampleTable();
        HeadStatisticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatistics(table);
        // A persistent index on head 1.1 must still point at head 1.1 after sorting.
        const QPersistentModelIndex tracked = model.index(model.rowOf(1, 1), HeadStatisticsModel::SelfColumn);

        model.sort(column, Qt::SortOrder(order));
        QCOMPARE(model.sortColumn(), column);
        QCOMPARE(tracked.data(HeadStatisticsModel::LayerRole).toInt(), 1);
        QCOMPARE(tracked.data(HeadStatisticsModel::HeadRole).toInt(), 1);
        QCOMPARE(tracked.column(), int(HeadStatisticsModel::SelfColumn));

        // Each row's value, read independently of the sort key from the table itself.
        auto value = [&](int row) -> double {
            const int l = model.index(row, 0).data(HeadStatisticsModel::LayerRole).toInt();
            const int h = model.index(row, 0).data(HeadStatisticsModel::HeadRole).toInt();
            const HeadStatistics &s = table[size_t(l)][size_t(h)];
            switch (column) {
            case HeadStatisticsModel::HeadColumn:
                return l * 100 + h;
            case HeadStatisticsModel::EntropyColumn:
                return s.entropyBits;
            case HeadStatisticsModel::PreviousColumn:
                return s.previousTokenMass;
            case HeadStatisticsModel::FirstColumn:
                return s.firstTokenMass;
            case HeadStatisticsModel::SelfColumn:
                return s.selfMass;
            case HeadStatisticsModel::InductionColumn:
                return *s.inductionScore;
            case HeadStatisticsModel::SeparatorColumn: // a decoder's table has none: all tie
                return s.separatorMass.value_or(-1.0);
            case HeadStatisticsModel::ClassColumn:
                return s.classMass.value_or(-1.0);
            default: // badges: how many
                return model.index(row, HeadStatisticsModel::BadgesColumn).data(HeadStatisticsModel::BadgesRole).toStringList().size();
            }
        };
        for (int row = 1; row < model.rowCount(); ++row) {
            if (order == Qt::AscendingOrder)
                QVERIFY2(value(row - 1) <= value(row), qPrintable(QStringLiteral("row %1").arg(row)));
            else
                QVERIFY2(value(row - 1) >= value(row), qPrintable(QStringLiteral("row %1").arg(row)));
        }
        // The shown text agrees with the order too (numbers columns).
        if (column >= HeadStatisticsModel::PreviousColumn && column <= HeadStatisticsModel::SelfColumn) {
            const double first = displayNumber(model.index(0, column).data().toString());
            const double last = displayNumber(model.index(model.rowCount() - 1, column).data().toString());
            QVERIFY(order == Qt::AscendingOrder ? first <= last : first >= last);
        }
    }

    void newNumbersOfTheSameShapeKeepTheOrder()
    {
        HeadStatisticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto table = sampleTable();
        model.setStatistics(table);
        model.sort(HeadStatisticsModel::PreviousColumn, Qt::DescendingOrder);
        QCOMPARE(model.rowAt(0).layer, 0);
        QCOMPARE(model.rowAt(0).head, 0); // 0.9 on the previous token

        int resets = 0;
        connect(&model, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
        table[1][2].previousTokenMass = 0.99; // now the strongest previous-token head
        model.setStatistics(table);
        QCOMPARE(resets, 0);
        QCOMPARE(model.rowAt(0).layer, 1);
        QCOMPARE(model.rowAt(0).head, 2);

        table.pop_back(); // another shape: a reset
        model.setStatistics(table);
        QCOMPARE(resets, 1);
        QCOMPARE(model.rowCount(), 3);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void withoutInductionScoresTheColumnIsEmptyAndSortsLast()
    {
        auto table = sampleTable();
        table[0][0].inductionScore.reset();
        table[0][0].inductionHead = false;
        HeadStatisticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatistics(table);
        QCOMPARE(model.index(model.rowOf(0, 0), HeadStatisticsModel::InductionColumn).data().toString(), QStringLiteral("–"));
        model.sort(HeadStatisticsModel::InductionColumn, Qt::DescendingOrder);
        QCOMPARE(model.rowAt(model.rowCount() - 1).layer, 0);
        QCOMPARE(model.rowAt(model.rowCount() - 1).head, 0);
    }
};

QTEST_MAIN(TestHeadStatisticsModel)
#include "tst_headstatisticsmodel.moc"

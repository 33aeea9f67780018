// Per-head statistics and badges on weight matrices built by hand.
#include "testutils.h"
#include "core/analysis/headstatistics.h"

#include <QTest>

#include <set>

using namespace attn;

namespace {

using testutils::rows;

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-6;
}

} // namespace

class TestHeadStatistics : public QObject
{
    Q_OBJECT

private slots:
    void mixedHead()
    {
        // Rows 1 and 2 count (row 0 can only see itself):
        //   entropy: row 1 = 1 bit, row 2 = 2·(0.25·2) + 0.5·1 = 1.5 bits  → 1.25
        //   previous: 0.5, 0.25 → 0.375;  first: 0.5, 0.25 → 0.375;  self: 0.5, 0.5 → 0.5
        const HeadStatistics s = headStatistics(rows({{1, 0, 0}, {0.5f, 0.5f, 0}, {0.25f, 0.25f, 0.5f}}));
        QVERIFY(near(s.entropyBits, 1.25));
        QVERIFY(near(s.previousTokenMass, 0.375));
        QVERIFY(near(s.firstTokenMass, 0.375));
        QVERIFY(near(s.selfMass, 0.5));
        QVERIFY(!s.previousTokenHead);
        QVERIFY(!s.firstTokenSink);
        QVERIFY(s.selfHead); // exactly at the 0.5 threshold
        QVERIFY(!s.inductionScore.has_value());
        QVERIFY(!s.inductionHead);
    }

    void previousTokenHead()
    {
        const HeadStatistics s = headStatistics(rows({{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}}));
        QVERIFY(near(s.previousTokenMass, 1.0));
        QVERIFY(near(s.firstTokenMass, 1.0 / 3.0)); // only row 1's previous token is the first
        QVERIFY(near(s.selfMass, 0.0));
        QVERIFY(near(s.entropyBits, 0.0));
        QVERIFY(s.previousTokenHead);
        QVERIFY(!s.firstTokenSink);
        QVERIFY(!s.selfHead);
    }

    void firstTokenSink()
    {
        const HeadStatistics s = headStatistics(rows({{1, 0, 0, 0}, {0.9f, 0.1f, 0, 0}, {0.8f, 0.1f, 0.1f, 0}, {0.7f, 0.1f, 0.1f, 0.1f}}));
        QVERIFY(near(s.firstTokenMass, (0.9 + 0.8 + 0.7) / 3.0));
        QVERIFY(s.firstTokenSink);
        QVERIFY(!s.selfHead);
        QVERIFY(s.previousTokenHead == false || s.previousTokenMass >= 0.5);
    }

    void uniformHeadHasLogEntropy()
    {
        // Row i spreads evenly over i + 1 keys: log₂(i + 1) bits; mean over rows 1..3 of 1, log₂3, 2.
        Matrix w = Matrix::Zero(4, 4);
        for (int i = 0; i < 4; ++i)
            w.row(i).head(i + 1).setConstant(1.f / float(i + 1));
        const HeadStatistics s = headStatistics(w);
        QVERIFY(near(s.entropyBits, (1.0 + std::log2(3.0) + 2.0) / 3.0));
    }

    void singleToken()
    {
        const HeadStatistics s = headStatistics(rows({{1}}));
        QVERIFY(near(s.selfMass, 1.0));
        QVERIFY(near(s.firstTokenMass, 1.0));
        QVERIFY(near(s.previousTokenMass, 0.0));
        QVERIFY(near(s.entropyBits, 0.0));
    }

    void inductionProbeRepeats()
    {
        const InductionProbe probe = InductionProbe::make(5, 10, 20, 1234, 99);
        QCOMPARE(int(probe.ids.size()), 11);
        QCOMPARE(probe.ids[0], 99);
        QCOMPARE(probe.firstCopy, 1);
        QCOMPARE(probe.period, 5);
        for (int t = 0; t < 5; ++t) {
            QCOMPARE(probe.ids[1 + t], probe.ids[6 + t]);
            QVERIFY(probe.ids[1 + t] >= 10 && probe.ids[1 + t] < 20);
        }
        QCOMPARE(InductionProbe::make(5, 10, 20, 1234, 99).ids, probe.ids); // same seed, same probe
        QVERIFY(InductionProbe::make(5, 10, 20, 4321, 99).ids != probe.ids);
        QCOMPARE(InductionProbe::make(3, 0, 100, 1).firstCopy, 0);
    }

    void inductionScoreAndBadge()
    {
        // [x] a b c a b c: the second a (4) looks at b (2), b (5) at c (3), c (6) at the second a (4).
        const InductionProbe probe = InductionProbe::make(3, 0, 1000, 5, 0);
        Matrix induction = Matrix::Identity(7, 7);
        const int pairs[3][2] = {{4, 2}, {5, 3}, {6, 4}};
        const float mass[3] = {0.9f, 0.6f, 0.3f};
        for (int p = 0; p < 3; ++p) {
            induction.row(pairs[p][0]).setZero();
            induction(pairs[p][0], pairs[p][1]) = mass[p];
            induction(pairs[p][0], 0) = 1.f - mass[p];
        }
        QVERIFY(near(inductionScore(induction, probe), (0.9 + 0.6 + 0.3) / 3.0));
        QVERIFY(near(inductionScore(Matrix::Identity(7, 7), probe), 0.0));

        AttentionResult probeResult;
        probeResult.layers.resize(1);
        probeResult.layers[0].heads.resize(2);
        probeResult.layers[0].heads[0].weights = induction;
        probeResult.layers[0].heads[1].weights = Matrix::Identity(7, 7);
        const auto all = allHeadStatistics(probeResult, &probeResult, &probe);
        QCOMPARE(int(all.size()), 1);
        QCOMPARE(int(all[0].size()), 2);
        QVERIFY(all[0][0].inductionHead);
        QVERIFY(near(*all[0][0].inductionScore, 0.6));
        QVERIFY(!all[0][1].inductionHead);
        QVERIFY(all[0][1].selfHead);
        // Without a probe no induction score is claimed.
        QVERIFY(!allHeadStatistics(probeResult)[0][0].inductionScore.has_value());
    }
};

QTEST_GUILESS_MAIN(TestHeadStatistics)
#include "tst_headstatistics.moc"

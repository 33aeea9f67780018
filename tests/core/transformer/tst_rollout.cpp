// Attention rollout (Abnar & Zuidema 2020) on small matrices computed by hand.
#include "testutils.h"
#include "core/analysis/rollout.h"

#include <QTest>

using namespace attn;

namespace {

using testutils::rows;

LayerResult layerOf(std::initializer_list<Matrix> headWeights)
{
    LayerResult layer;
    for (const Matrix &weights : headWeights) {
        HeadResult head;
        head.weights = weights;
        layer.heads.push_back(head);
    }
    return layer;
}

AttentionResult resultOf(std::vector<LayerResult> layers, int tokens)
{
    AttentionResult result;
    result.tokens.resize(tokens);
    result.layers = std::move(layers);
    return result;
}

bool near(const Matrix &a, const Matrix &b)
{
    return a.rows() == b.rows() && a.cols() == b.cols() && (a - b).cwiseAbs().maxCoeff() < 1e-6f;
}

} // namespace

class TestRollout : public QObject
{
    Q_OBJECT

private slots:
    void residualAttentionAveragesHeadsAndAddsIdentity()
    {
        // mean of the heads = [[1, 0], [0.75, 0.25]];  ½·mean + ½·I = [[1, 0], [0.375, 0.625]]
        const LayerResult layer = layerOf({rows({{1, 0}, {0.5f, 0.5f}}), rows({{1, 0}, {1, 0}})});
        QVERIFY(near(residualAttentionRows(layer), rows({{1, 0}, {0.375f, 0.625f}})));
        QVERIFY(near(residualAttentionRows(layer, 1), rows({{0.375f, 0.625f}})));
    }

    void allZeroRowBecomesIdentityRow()
    {
        // A query that sees nothing (weights all 0): ½·I alone, renormalised to the identity row.
        const LayerResult layer = layerOf({rows({{0, 0, 0}, {0.5f, 0.5f, 0}, {0, 0, 0}})});
        QVERIFY(near(residualAttentionRows(layer), rows({{1, 0, 0}, {0.25f, 0.75f, 0}, {0, 0, 1}})));
    }

    void twoLayersMultiply()
    {
        // Â_0 = [[1, 0], [0.375, 0.625]]; layer 1's heads average to [[1, 0], [0.1, 0.9]], so
        // Â_1 = [[1, 0], [0.05, 0.95]] and rollout = Â_1·Â_0:
        //   row 1 = [0.05 + 0.95·0.375, 0.95·0.625] = [0.40625, 0.59375]
        const AttentionResult result = resultOf(
            {layerOf({rows({{1, 0}, {0.5f, 0.5f}}), rows({{1, 0}, {1, 0}})}),
             layerOf({rows({{1, 0}, {0, 1}}), rows({{1, 0}, {0.2f, 0.8f}})})},
            2);
        const std::vector<Matrix> perLayer = rolloutPerLayer(result);
        QCOMPARE(int(perLayer.size()), 2);
        QVERIFY(near(perLayer[0], rows({{1, 0}, {0.375f, 0.625f}})));
        QVERIFY(near(perLayer[1], rows({{1, 0}, {0.40625f, 0.59375f}})));
        QVERIFY(near(attentionRollout(result), perLayer[1]));
    }

    void threeTokensTwoLayers()
    {
        // A = [[1,0,0],[.5,.5,0],[.2,.3,.5]] in both layers; Â = [[1,0,0],[.25,.75,0],[.1,.15,.75]];
        // Â² row 1 = [.25 + .75·.25, .75·.75, 0] = [.4375, .5625, 0]
        // Â² row 2 = [.1 + .15·.25 + .75·.1, .15·.75 + .75·.15, .75·.75] = [.2125, .225, .5625]
        const Matrix a = rows({{1, 0, 0}, {0.5f, 0.5f, 0}, {0.2f, 0.3f, 0.5f}});
        const AttentionResult result = resultOf({layerOf({a}), layerOf({a})}, 3);
        QVERIFY(near(attentionRollout(result), rows({{1, 0, 0}, {0.4375f, 0.5625f, 0}, {0.2125f, 0.225f, 0.5625f}})));
    }

    void extendingReusesThePrefix()
    {
        const Matrix a = rows({{1, 0, 0}, {0.5f, 0.5f, 0}, {0.2f, 0.3f, 0.5f}});
        const AttentionResult two = resultOf({layerOf({a.topLeftCorner(2, 2)}), layerOf({a.topLeftCorner(2, 2)})}, 2);
        std::vector<Matrix> previous = rolloutPerLayer(two);
        const AttentionResult three = resultOf({layerOf({a}), layerOf({a})}, 3);
        const std::vector<Matrix> extended = extendRolloutPerLayer(three, previous, 2);
        QVERIFY(near(extended[1], rows({{1, 0, 0}, {0.4375f, 0.5625f, 0}, {0.2125f, 0.225f, 0.5625f}})));

        // The prefix rows really come from `previous`: a marker there shows up unchanged.
        previous[1](1, 0) = 42.f;
        QCOMPARE(extendRolloutPerLayer(three, previous, 2)[1](1, 0), 42.f);
    }

    void emptyResult()
    {
        QVERIFY(attentionRollout(AttentionResult()).size() == 0);
    }
};

QTEST_GUILESS_MAIN(TestRollout)
#include "tst_rollout.moc"

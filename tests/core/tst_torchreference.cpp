// The engine against PyTorch: tests/data/torch/multihead_reference.json was written by
// scripts/make_torch_reference.py with torch's own matmul/softmax and with nn.MultiheadAttention.
#include "testutils.h"
#include "core/engine/attentionengine.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace attn;

namespace {

using testutils::toMatrix;

float maxDifference(const Matrix &a, const Matrix &b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return std::numeric_limits<float>::infinity();
    return (a - b).cwiseAbs().maxCoeff();
}

QJsonArray loadCases()
{
    QFile file(QStringLiteral(AE_TEST_DATA_DIR "/torch/multihead_reference.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("cases")).toArray();
}

} // namespace

class TestTorchReference : public QObject
{
    Q_OBJECT

private slots:
    void matchesTorch_data()
    {
        QTest::addColumn<QJsonObject>("reference");
        const QJsonArray cases = loadCases();
        QVERIFY2(!cases.isEmpty(), "tests/data/torch/multihead_reference.json is missing or empty");
        for (const QJsonValue &c : cases)
            QTest::newRow(qPrintable(c.toObject().value(QLatin1String("name")).toString())) << c.toObject();
    }

    void matchesTorch()
    {
        QFETCH(QJsonObject, reference);
        const QJsonObject cfg = reference.value(QLatin1String("config")).toObject();
        AttentionLayerInput input;
        input.config.heads = cfg.value(QLatin1String("heads")).toInt();
        input.config.dModel = cfg.value(QLatin1String("d_model")).toInt();
        input.config.dK = cfg.value(QLatin1String("d_k")).toInt();
        input.config.dV = cfg.value(QLatin1String("d_v")).toInt();
        input.config.causal = cfg.value(QLatin1String("causal")).toBool();
        input.config.scaleByRootDk = cfg.value(QLatin1String("scale")).toBool();
        input.config.temperature = cfg.value(QLatin1String("temperature")).toDouble();
        input.config.positional = PositionalEncoding::None;

        // The reference's X enters as embedding overrides of distinct tokens.
        const Matrix x = toMatrix(reference.value(QLatin1String("x")));
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            const QString text = QStringLiteral("t%1").arg(i);
            input.tokens.push_back({text, 0, 0, -1});
            input.embeddings.insert(text, x.row(i));
        }
        for (int h = 0; h < input.config.heads; ++h)
            input.weights.heads.push_back({toMatrix(reference.value(QLatin1String("w_q")).toArray()[h]),
                                           toMatrix(reference.value(QLatin1String("w_k")).toArray()[h]),
                                           toMatrix(reference.value(QLatin1String("w_v")).toArray()[h])});
        input.weights.wO = toMatrix(reference.value(QLatin1String("w_o")));

        const auto computed = computeAttention(input);
        QVERIFY2(computed, qPrintable(computed ? QString() : computed.error()));
        const LayerResult &layer = (*computed)->layers[0];
        QCOMPARE(maxDifference((*computed)->input, x), 0.f);

        const float tolerance = 1e-5f;
        const QJsonObject functional = reference.value(QLatin1String("functional")).toObject();
        const QJsonArray heads = functional.value(QLatin1String("heads")).toArray();
        for (int h = 0; h < input.config.heads; ++h) {
            const QJsonObject expected = heads[h].toObject();
            const HeadResult &head = layer.heads[h];
            for (const auto &[name, actual] : {std::pair{"q", &head.q}, {"k", &head.k}, {"v", &head.v},
                                               {"scores", &head.scores}, {"weights", &head.weights},
                                               {"output", &head.output}}) {
                const float diff = maxDifference(*actual, toMatrix(expected.value(QLatin1String(name))));
                QVERIFY2(diff <= tolerance, qPrintable(QStringLiteral("head %1 %2 differs by %3")
                                                           .arg(h).arg(QLatin1String(name)).arg(diff)));
            }
        }
        QVERIFY(maxDifference(layer.output, toMatrix(functional.value(QLatin1String("output")))) <= tolerance);

        if (reference.contains(QLatin1String("module"))) {
            const QJsonObject module = reference.value(QLatin1String("module")).toObject();
            for (int h = 0; h < input.config.heads; ++h) {
                const Matrix expected = toMatrix(module.value(QLatin1String("weights")).toArray()[h]);
                QVERIFY(maxDifference(layer.heads[h].weights, expected) <= tolerance);
            }
            QVERIFY(maxDifference(layer.output, toMatrix(module.value(QLatin1String("output")))) <= tolerance);
        }
    }
};

QTEST_GUILESS_MAIN(TestTorchReference)
#include "tst_torchreference.moc"

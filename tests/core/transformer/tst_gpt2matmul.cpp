// The deterministic product behind the GPT-2 forward pass: right against a double-precision
// reference, and bit for bit the same whatever rows are computed together, whatever the path
// (in place or packed) and whatever the kernel (portable, AVX2, AVX-512).
#include "testutils.h"
#include "core/transformer/gpt2matmul.h"
#include "core/transformer/gpt2matmulkernel.h"
#include "core/tensor.h"

#include <QTest>

#include <random>

using namespace attn;

namespace {

using testutils::sameBits;

Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, unsigned seed)
{
    std::mt19937 generator(seed);
    std::normal_distribution<float> normal;
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = normal(generator);
    return m;
}

Matrix product(const Matrix &x, const Matrix &w, const float *bias = nullptr, bool gelu = false)
{
    Matrix out(x.rows(), w.cols());
    gpt2::multiply(x.data(), x.cols(), w.data(), w.cols(), out.data(), out.cols(), x.rows(), x.cols(), w.cols(), bias, gelu);
    return out;
}


} // namespace

class TestGpt2Matmul : public QObject
{
    Q_OBJECT

private slots:
    void matchesDoubleReference_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("cols");
        QTest::addRow("1 row, in place") << 1 << 64 << 48;
        QTest::addRow("odd everything") << 7 << 37 << 53;
        QTest::addRow("packed, several groups") << 40 << 300 << 700;
        QTest::addRow("depth 1") << 13 << 1 << 17;
    }

    void matchesDoubleReference()
    {
        QFETCH(int, rows);
        QFETCH(int, depth);
        QFETCH(int, cols);
        const Matrix x = randomMatrix(rows, depth, 1);
        const Matrix w = randomMatrix(depth, cols, 2);
        const Matrix bias = randomMatrix(1, cols, 3);
        const Eigen::MatrixXd expected = (x.cast<double>() * w.cast<double>()).rowwise() + bias.cast<double>().row(0);
        const Matrix mine = product(x, w, bias.data());
        const double error = (mine.cast<double>() - expected).cwiseAbs().maxCoeff();
        QVERIFY2(error < 1e-5 * std::sqrt(double(depth)) * 4, qPrintable(QString::number(error)));

        // GELU(tanh) of the same, against the formula in double.
        const Matrix activated = product(x, w, bias.data(), true);
        const Eigen::ArrayXXd z = mine.cast<double>().array();
        const Eigen::ArrayXXd gelu = 0.5 * z * (1.0 + (std::sqrt(2.0 / M_PI) * (z + 0.044715 * z.cube())).tanh());
        QVERIFY((activated.cast<double>().array() - gelu).abs().maxCoeff() < 1e-5);
    }

    void rowsAreIndependent()
    {
        // 30 rows together (packed) against each row alone (in place) and rows 17..29 (packed).
        const Matrix x = randomMatrix(30, 200, 4);
        const Matrix w = randomMatrix(200, 777, 5);
        const Matrix all = product(x, w);
        for (int r = 0; r < 30; ++r)
            QVERIFY2(sameBits(product(x.middleRows(r, 1), w), all.middleRows(r, 1)), qPrintable(QString::number(r)));
        QVERIFY(sameBits(product(x.middleRows(17, 13), w), all.middleRows(17, 13)));
    }

    void kernelsAgreeBitForBit()
    {
        const int depth = 123;
        const Matrix x = randomMatrix(gpt2::kernel::rowBlock, depth, 6);
        const Matrix panels = randomMatrix(2 * depth, gpt2::kernel::panelWidth, 7); // two packed panels
        auto run = [&](gpt2::kernel::PanelKernel kernel, int rows) {
            Matrix out = Matrix::Constant(rows, 32, -1.f);
            kernel(x.data(), depth, depth, panels.data(), 16, depth * 16, 2, out.data(), 32, rows, 29);
            return out;
        };
        for (int rows = 1; rows <= gpt2::kernel::rowBlock; ++rows) {
            const Matrix portable = run(gpt2::kernel::panelPortable, rows);
            QCOMPARE(portable(0, 31), -1.f); // columns past validCols are not written
            if (gpt2::kernel::hasAvx2() && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
                QVERIFY(sameBits(run(gpt2::kernel::panelAvx2, rows), portable));
            if (gpt2::kernel::hasAvx512() && __builtin_cpu_supports("avx512f"))
                QVERIFY(sameBits(run(gpt2::kernel::panelAvx512, rows), portable));
        }
        qInfo("kernel in use: %s", gpt2::multiplyKernelName());
    }
};

QTEST_GUILESS_MAIN(TestGpt2Matmul)
#include "tst_gpt2matmul.moc"

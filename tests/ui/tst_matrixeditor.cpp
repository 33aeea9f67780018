// The matrix editor: an item model that passes QAbstractItemModelTester, edits that recompute the
// result (checked against Q = X·W computed here), undo back to the exact previous result, paste and
// copy of blocks, re-initialisation, refusal of bad entries, and the link to the shared focus.
#include "windowtestutils.h"
#include "editor/matrixeditor.h"
#include "editor/matrixoperations.h"
#include "editor/matrixtablemodel.h"
#include "views/colormap/colormap.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <cstring>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::sameBits;


// Every number of every head, bit for bit.
bool sameResult(const AttentionResult &a, const AttentionResult &b)
{
    if (a.headCount() != b.headCount() || !sameBits(a.input, b.input) || !sameBits(a.layers[0].output, b.layers[0].output))
        return false;
    for (int h = 0; h < a.headCount(); ++h) {
        const HeadResult &x = a.layers[0].heads[size_t(h)];
        const HeadResult &y = b.layers[0].heads[size_t(h)];
        if (!sameBits(x.wK, y.wK) || !sameBits(x.q, y.q) || !sameBits(x.k, y.k) || !sameBits(x.v, y.v)
            || !sameBits(x.scores, y.scores) || !sameBits(x.weights, y.weights) || !sameBits(x.output, y.output))
            return false;
    }
    return true;
}

struct Fixture
{
    AttentionDocument document;
    FocusModel focus;
    MatrixEditor editor{&document, &focus};
    MatrixTableModel *model = editor.model();

    Fixture()
    {
        document.setSentence(QStringLiteral("The cat sat on the mat"));
        document.undoStack()->clear(); // the text the tests start from is not one of their edits
        document.computeNow();
    }
    // Lets the document's background jobs finish before it is destroyed, as a window's event loop would.
    ~Fixture() { testutils::settle(document); }

    // The result every view receives after an edit (computed now, so the test does not race the
    // background job; the signal is the one the views listen to).
    ResultPtr nextResult()
    {
        QSignalSpy spy(&document, &AttentionDocument::resultChanged);
        document.computeNow();
        if (spy.count() != 1)
            return {};
        return spy.first().first().value<ResultPtr>();
    }

    void select(int top, int left, int bottom, int right)
    {
        editor.table()->selectionModel()->select(QItemSelection(model->index(top, left), model->index(bottom, right)),
                                                 QItemSelectionModel::ClearAndSelect);
    }
};

} // namespace

class TestMatrixEditor : public QObject
{
    Q_OBJECT

private slots:
    void modelPassesTester()
    {
        Fixture f;
        QAbstractItemModelTester tester(f.model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(f.model->rowCount(), 32); // d_model
        QCOMPARE(f.model->columnCount(), 4); // d_k
        f.editor.setTarget({EditorMatrix::Output, 0});
        QCOMPARE(f.model->rowCount(), 32); // heads·d_v
        QCOMPARE(f.model->columnCount(), 32);
        f.editor.setTarget({EditorMatrix::Embeddings, 0});
        QCOMPARE(f.model->rowCount(), 6); // tokens
        f.document.setSentence(QStringLiteral("Hello World"));
        QCOMPARE(f.model->rowCount(), 2);
        f.editor.setTarget({EditorMatrix::Value, 7});
        QVERIFY(f.model->setData(f.model->index(3, 2), QStringLiteral("0.75")));
        AttentionConfig config = f.document.config();
        config.heads = 2;
        config.dV = 6;
        f.document.setConfig(config);
        QCOMPARE(f.model->target().head, 1); // clamped to the heads that exist
        QCOMPARE(f.model->columnCount(), 6);
        f.document.undoStack()->undo();
        f.document.undoStack()->undo();
        QCOMPARE(f.model->columnCount(), 4);
    }

    void showsValuesWithDivergingColours()
    {
        Fixture f;
        const Matrix &wQ = f.document.weights().heads[0].wQ;
        QCOMPARE(parseCell(f.model->data(f.model->index(5, 2), Qt::EditRole).toString()).value(), wQ(5, 2)); // exact text
        const double range = wQ.cwiseAbs().maxCoeff();
        QCOMPARE(f.model->data(f.model->index(5, 2), Qt::BackgroundRole).value<QColor>(),
                 QColor(divergingColorAt(wQ(5, 2), range)));
        QCOMPARE(f.model->headerData(3, Qt::Horizontal).toString(), QStringLiteral("3"));
    }

    void editRecomputesEveryHeadNumber()
    {
        Fixture f;
        const ResultPtr before = f.document.result();
        QVERIFY(before);
        f.editor.setTarget({EditorMatrix::Key, 0});
        QVERIFY(f.model->setData(f.model->index(3, 1), QStringLiteral("2.5")));
        const ResultPtr after = f.nextResult();
        QVERIFY(after);
        QCOMPARE(after->layers[0].heads[0].wK(3, 1), 2.5f);
        // K = X·W_K, computed here in double from the result's own X and the edited W_K.
        const Eigen::MatrixXd k = after->input.cast<double>() * after->layers[0].heads[0].wK.cast<double>();
        QVERIFY((after->layers[0].heads[0].k.cast<double>() - k).cwiseAbs().maxCoeff() < 1e-5);
        QVERIFY(!sameBits(after->layers[0].heads[0].k, before->layers[0].heads[0].k));
        QVERIFY(!sameBits(after->layers[0].heads[0].weights, before->layers[0].heads[0].weights));
        QVERIFY(sameBits(after->layers[0].heads[1].weights, before->layers[0].heads[1].weights)); // other heads alone
        QCOMPARE(f.model->data(f.model->index(3, 1), Qt::EditRole).toString(), QStringLiteral("2.5"));
    }

    void undoRestoresExactResult()
    {
        Fixture f;
        const ResultPtr before = f.document.result();
        f.editor.setTarget({EditorMatrix::Key, 0});
        QVERIFY(f.model->setData(f.model->index(0, 0), QStringLiteral("1")));
        QVERIFY(f.model->setData(f.model->index(0, 0), QStringLiteral("3"))); // same cell: merges
        QCOMPARE(f.document.undoStack()->count(), 1);
        const ResultPtr edited = f.nextResult();
        QVERIFY(edited && !sameResult(*edited, *before));
        f.document.undoStack()->undo();
        const ResultPtr undone = f.nextResult();
        QVERIFY(undone);
        QVERIFY(sameResult(*undone, *before));
        QVERIFY(sameBits(f.document.weights().heads[0].wK, before->layers[0].heads[0].wK));
        f.document.undoStack()->redo();
        const ResultPtr redone = f.nextResult();
        QCOMPARE(redone->layers[0].heads[0].wK(0, 0), 3.f);
    }

    void badEntriesAreRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addRow("word") << "abc" << "\"abc\" is not a number";
        QTest::addRow("number and word") << "1.5x" << "\"1.5x\" is not a number";
        QTest::addRow("empty") << "" << "an empty entry is not a number";
        QTest::addRow("infinity") << "inf" << "not a finite number";
        QTest::addRow("NaN") << "nan" << "not a finite number";
        QTest::addRow("too large") << "1e39" << "does not fit in a 32-bit float";
    }
    void badEntriesAreRefused()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        Fixture f;
        QSignalSpy refused(f.model, &MatrixTableModel::editRefused);
        const float before = f.document.weights().heads[0].wQ(2, 2);
        QVERIFY(!f.model->setData(f.model->index(2, 2), text));
        QCOMPARE(refused.count(), 1);
        const QString shown = refused.first().first().toString();
        QVERIFY2(shown.contains(message), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("head 0 W_Q [2, 2] keeps its value")), qPrintable(shown));
        QCOMPARE(f.editor.message(), shown);
        QCOMPARE(f.document.weights().heads[0].wQ(2, 2), before);
        QCOMPARE(f.document.undoStack()->count(), 0);
    }

    void pasteBlockIsOneUndoStep()
    {
        Fixture f;
        f.editor.setTarget({EditorMatrix::Value, 2});
        const Matrix before = f.document.weights().heads[2].wV;
        f.select(1, 1, 1, 1);
        QVERIFY(f.editor.pasteText(QStringLiteral("1\t2.5\r\n-3\t4e-2\n")));
        const Matrix &after = f.document.weights().heads[2].wV;
        QCOMPARE(after(1, 1), 1.f);
        QCOMPARE(after(1, 2), 2.5f);
        QCOMPARE(after(2, 1), -3.f);
        QCOMPARE(after(2, 2), 4e-2f);
        QCOMPARE(after(0, 0), before(0, 0));
        QCOMPARE(after(1, 3), before(1, 3));
        QCOMPARE(f.document.undoStack()->count(), 1);
        f.document.undoStack()->undo();
        QVERIFY(sameBits(f.document.weights().heads[2].wV, before));
    }

    void pasteOneNumberFillsSelection()
    {
        Fixture f;
        f.select(0, 0, 2, 1);
        QVERIFY(f.editor.pasteText(QStringLiteral("0.5\n")));
        const Matrix &wQ = f.document.weights().heads[0].wQ;
        QVERIFY(Matrix(wQ.block(0, 0, 3, 2)) == Matrix::Constant(3, 2, 0.5f));
        QVERIFY(wQ(3, 0) != 0.5f);
    }

    void badPasteChangesNothing_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addRow("does not fit") << 31 << "1\t2\n3\t4" << "a 2 × 2 block at row 31, column 3 does not fit in the 32 × 4 matrix";
        QTest::addRow("word") << 0 << "1\t2\n3\tx" << "line 2, entry 2: \"x\" is not a number";
        QTest::addRow("ragged") << 0 << "1\t2\n3" << "line 2 has 1 entries, line 1 has 2";
        QTest::addRow("empty") << 0 << "\n" << "the clipboard holds no numbers";
    }
    void badPasteChangesNothing()
    {
        QFETCH(int, row);
        QFETCH(QString, text);
        QFETCH(QString, message);
        Fixture f;
        const LearnedMatrices before = f.document.weights();
        f.select(row, 3, row, 3);
        QVERIFY(!f.editor.pasteText(text));
        QVERIFY2(f.editor.message().contains(message), qPrintable(f.editor.message()));
        QVERIFY(f.document.weights() == before);
        QCOMPARE(f.document.undoStack()->count(), 0);
    }

    void copyGivesExactTabSeparatedBlock()
    {
        Fixture f;
        f.select(2, 1, 3, 2);
        const QString text = f.editor.copyText();
        const Matrix &wQ = f.document.weights().heads[0].wQ;
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[1].split(QLatin1Char('\t')).size(), 2);
        const Expected<Matrix> block = parseBlock(text);
        QVERIFY(block.ok());
        QVERIFY(sameBits(*block, Matrix(wQ.block(2, 1, 2, 2)))); // every bit survives the text
        // Pasting what was copied elsewhere moves exactly those numbers.
        f.select(0, 0, 0, 0);
        QVERIFY(f.editor.pasteText(text));
        QVERIFY(sameBits(Matrix(f.document.weights().heads[0].wQ.block(0, 0, 2, 2)), *block));
    }

    void reinitialisations()
    {
        Fixture f;
        f.editor.setTarget({EditorMatrix::Key, 1});
        const Matrix before = f.document.weights().heads[1].wK; // (32, 4)
        f.editor.setIdentity();
        Matrix identity = Matrix::Zero(32, 4);
        for (int i = 0; i < 4; ++i)
            identity(i, i) = 1.f;
        QVERIFY(sameBits(f.document.weights().heads[1].wK, identity));
        f.editor.setZeros();
        QVERIFY(sameBits(f.document.weights().heads[1].wK, Matrix::Zero(32, 4)));
        f.document.undoStack()->undo();
        f.document.undoStack()->undo();
        QVERIFY(sameBits(f.document.weights().heads[1].wK, before));
        f.editor.scaleBy(-2.0);
        QVERIFY(sameBits(f.document.weights().heads[1].wK, Matrix(before * -2.f))); // ×2 is exact in float
        f.document.undoStack()->undo();

        const LearnedMatrices all = f.document.weights();
        f.editor.randomiseHead(777);
        QVERIFY(f.document.weights().heads[1] == LearnedMatrices::glorotHead(f.document.config(), 1, 777));
        QVERIFY(f.document.weights().heads[0] == all.heads[0]);
        QVERIFY(f.document.weights().wO == all.wO);
        f.document.undoStack()->undo();
        QVERIFY(f.document.weights() == all);

        f.editor.reseedAll(123);
        QCOMPARE(f.document.config().seed, 123ull);
        QVERIFY(f.document.weights() == LearnedMatrices::glorot(f.document.config()));
        f.document.undoStack()->undo();
        QCOMPARE(f.document.config().seed, 42ull);
        QVERIFY(f.document.weights() == all);

        f.editor.randomiseAll();
        QVERIFY(!(f.document.weights() == all));
        QVERIFY(f.document.weights() == LearnedMatrices::glorot(f.document.config()));
        QCOMPARE(f.document.undoStack()->count(), 1); // each new edit dropped the steps undone before it
    }

    void scalingThatOverflowsIsRefused()
    {
        Fixture f;
        QVERIFY(f.model->setData(f.model->index(0, 0), QStringLiteral("1e38")));
        const LearnedMatrices before = f.document.weights();
        f.editor.scaleBy(1000.0);
        QVERIFY(f.editor.message().contains(QStringLiteral("non-finite")));
        QVERIFY(f.document.weights() == before);
    }

    void embeddingEditStoresOverride()
    {
        Fixture f;
        f.editor.setTarget({EditorMatrix::Embeddings, 0});
        QCOMPARE(f.model->headerData(1, Qt::Vertical).toString(), QStringLiteral("1 cat"));
        // Rows are the hashed embeddings of each token.
        QVERIFY(sameBits(Matrix(f.model->values().row(1)), Matrix(tokenEmbedding(QStringLiteral("cat"), 32))));
        const ResultPtr before = f.document.result();
        QVERIFY(f.model->setData(f.model->index(1, 4), QStringLiteral("0.875")));
        const RowVector override = f.document.state().embeddings.value(QStringLiteral("cat"));
        RowVector expected = tokenEmbedding(QStringLiteral("cat"), 32);
        expected[4] = 0.875f;
        QVERIFY(sameBits(Matrix(override), Matrix(expected)));
        QCOMPARE(f.document.state().embeddings.size(), 1); // only the edited token
        const ResultPtr after = f.nextResult();
        // X = embedding + sinusoidal position: row 1 moved by exactly the edit, the others did not.
        QCOMPARE(after->input(1, 4) - before->input(1, 4), 0.875f - tokenEmbedding(QStringLiteral("cat"), 32)[4]);
        QVERIFY(sameBits(Matrix(after->input.row(0)), Matrix(before->input.row(0))));
        QVERIFY(f.model->setData(f.model->index(1, 4), QStringLiteral("0.5")));
        QCOMPARE(f.document.undoStack()->count(), 1); // repeated edits of one cell merge
    }

    void followsFocusAndMovesIt()
    {
        Fixture f;
        f.focus.setHead(5);
        QCOMPARE(f.editor.target().head, 5);
        QVERIFY(sameBits(f.model->values(), f.document.weights().heads[5].wQ));
        f.editor.findChild<QSpinBox *>()->setValue(3); // the editor's head box
        QCOMPARE(f.focus.focus().head, 3);

        f.editor.setTarget({EditorMatrix::Embeddings, 0});
        f.focus.pin(2, -1); // a token clicked in any view
        const QModelIndexList rows = f.editor.table()->selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().row(), 2);

        f.editor.table()->selectionModel()->setCurrentIndex(f.model->index(4, 0), QItemSelectionModel::ClearAndSelect);
        QCOMPARE(f.focus.focus().query, 4); // a token row picked here focuses that token everywhere
        QCOMPARE(f.focus.focus().key, -1);
        QVERIFY(f.focus.focus().pinned);
    }
};

QTEST_MAIN(TestMatrixEditor)
#include "tst_matrixeditor.moc"

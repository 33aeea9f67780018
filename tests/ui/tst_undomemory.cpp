// An undo history that cannot eat the machine (issue 11): a cell edit holds a cell, other edits hold
// only the heads they change, a reshape holds what it replaced, and a memory budget drops the oldest
// steps without touching the document's state. Every undo and redo gives back exact bits.
#include "testutils.h"
#include "document/attentiondocument.h"

#include <QFile>
#include <QTest>
#include <QUndoView>

#include <unistd.h>

#include <array>
#include <bit>
#include <cstring>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::kAddressSanitizer;
using testutils::sameBits;


// Resident set size of this process in bytes, from /proc/self/statm.
qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * qint64(sysconf(_SC_PAGESIZE)) : -1;
}



bool sameBits(const ModelState &a, const ModelState &b)
{
    if (!(a.config == b.config) || !sameBits(a.weights, b.weights) || a.embeddings.size() != b.embeddings.size())
        return false;
    for (auto it = a.embeddings.cbegin(); it != a.embeddings.cend(); ++it) {
        if (!b.embeddings.contains(it.key()) || !sameBits(Matrix(it.value()), Matrix(b.embeddings.value(it.key()))))
            return false;
    }
    return true;
}

AttentionConfig toyConfig(int heads, int dModel, int dHead)
{
    AttentionConfig config;
    config.heads = heads;
    config.dModel = dModel;
    config.dK = dHead;
    config.dV = dHead;
    return config;
}

qsizetype headBytes(const AttentionConfig &config)
{
    return qsizetype(config.dModel) * (2 * config.dK + config.dV) * qsizetype(sizeof(float));
}

qsizetype stateBytes(const AttentionConfig &config)
{
    return config.heads * headBytes(config) + qsizetype(config.heads) * config.dV * config.dModel * qsizetype(sizeof(float));
}

// The i-th of the 10,000 cell edits: a different cell every time, through W_Q, W_K and W_V of every head.
struct Cell
{
    MatrixKind kind;
    int head;
    int row;
    int column;
};

Cell cellOfEdit(int i, const AttentionConfig &config)
{
    constexpr std::array kinds{MatrixKind::Query, MatrixKind::Key, MatrixKind::Value};
    const int perRow = config.heads * int(kinds.size());
    return {kinds[size_t((i / config.heads) % int(kinds.size()))], i % config.heads, (i / perRow) % config.dModel,
            i / (perRow * config.dModel)};
}

float valueOfEdit(int i)
{
    return 100.0f + float(i) * 0.25f; // far from any Glorot draw, so never the value already there
}

quint32 bitsOf(float value)
{
    return std::bit_cast<quint32>(value);
}

} // namespace

class TestUndoMemory : public QObject
{
    Q_OBJECT

private slots:
    void tenThousandCellEditsStayUnderThreeHundredMegabytes()
    {
        const AttentionConfig config = toyConfig(12, 768, 64);
        AttentionDocument document;
        document.setConfig(config);
        document.undoStack()->clear();
        const LearnedMatrices start = document.weights();
        // Under AddressSanitizer the resident size is not asserted (its quarantine holds freed memory),
        // and every edit's recompute costs ~30 ms there, so a tenth of the edits checks what is left:
        // the held bytes per step and exact undo.
        constexpr int edits = kAddressSanitizer ? 1'000 : 10'000;
        std::vector<float> before(edits);
        const qint64 setUp = residentBytes();
        QVERIFY(setUp > 0);
        constexpr qint64 allowed = 300'000'000;

        for (int i = 0; i < edits; ++i) {
            const Cell c = cellOfEdit(i, config);
            before[size_t(i)] = document.weights().matrix(c.kind, c.head)(c.row, c.column);
            document.setMatrixCell(c.kind, c.head, c.row, c.column, valueOfEdit(i));
            // Checked on the way too, so that a history of whole copies fails before it fills the machine.
            if (i % 10 == 0 && !kAddressSanitizer)
                QVERIFY2(residentBytes() - setUp < allowed, qPrintable(QStringLiteral("after %1 edits").arg(i)));
        }
        const qint64 grown = residentBytes() - setUp;
        QUndoStack *stack = document.undoStack();
        const int kept = stack->count();
        qInfo("%d cell edits: resident %.1f MiB above the set-up model (%.1f MiB), %d steps holding %lld bytes%s", edits,
              double(grown) / (1024.0 * 1024.0), double(setUp) / (1024.0 * 1024.0), kept,
              qlonglong(document.undoHeldBytes()), kAddressSanitizer ? " (AddressSanitizer: resident size not asserted)" : "");
        if (!kAddressSanitizer)
            QVERIFY2(grown < allowed, qPrintable(QStringLiteral("grew %1 bytes").arg(grown)));
        QVERIFY(kept > 0);
        QCOMPARE(stack->index(), kept);
        QVERIFY(document.undoHeldBytes() < qsizetype(kept) * 1024); // a cell and its label, not matrices

        // The last few edits undo to their exact previous values, one step each.
        for (int i = edits - 1; i >= edits - 5; --i) {
            const Cell c = cellOfEdit(i, config);
            QCOMPARE(bitsOf(document.weights().matrix(c.kind, c.head)(c.row, c.column)), bitsOf(valueOfEdit(i)));
            stack->undo();
            QCOMPARE(bitsOf(document.weights().matrix(c.kind, c.head)(c.row, c.column)), bitsOf(before[size_t(i)]));
        }
        // Down to the first edit still on the stack: the matrices are the start with every older edit applied.
        stack->setIndex(0);
        const int firstKept = edits - kept;
        const Cell first = cellOfEdit(firstKept, config);
        QCOMPARE(bitsOf(document.weights().matrix(first.kind, first.head)(first.row, first.column)),
                 bitsOf(before[size_t(firstKept)]));
        LearnedMatrices expected = start;
        for (int i = 0; i < firstKept; ++i) {
            const Cell c = cellOfEdit(i, config);
            expected.matrix(c.kind, c.head)(c.row, c.column) = valueOfEdit(i);
        }
        QVERIFY(sameBits(document.weights(), expected));
        stack->redo();
        QCOMPARE(bitsOf(document.weights().matrix(first.kind, first.head)(first.row, first.column)),
                 bitsOf(valueOfEdit(firstKept)));
        stack->setIndex(kept);
        for (int i = firstKept; i < edits; ++i) {
            const Cell c = cellOfEdit(i, config);
            expected.matrix(c.kind, c.head)(c.row, c.column) = valueOfEdit(i);
        }
        QVERIFY(sameBits(document.weights(), expected));
    }

    void repeatedEditsOfOneCellMergeAndOthersDoNot()
    {
        AttentionDocument document;
        document.undoStack()->clear();
        const float original = document.weights().heads[1].wK(2, 3);
        document.setMatrixCell(MatrixKind::Key, 1, 2, 3, 0.5f);
        document.setMatrixCell(MatrixKind::Key, 1, 2, 3, 0.75f); // a spin box dragged on
        QCOMPARE(document.undoStack()->count(), 1);
        document.setMatrixCell(MatrixKind::Key, 1, 2, 1, 0.5f); // the next cell: its own step
        document.setMatrixCell(MatrixKind::Output, 0, 2, 3, 0.5f);
        QCOMPARE(document.undoStack()->count(), 3);
        document.undoStack()->setIndex(0);
        QCOMPARE(bitsOf(document.weights().heads[1].wK(2, 3)), bitsOf(original));
        document.undoStack()->redo();
        QCOMPARE(bitsOf(document.weights().heads[1].wK(2, 3)), bitsOf(0.75f));
    }

    void mergedEditsUndoToBeforeTheFirst()
    {
        AttentionDocument document;
        document.undoStack()->clear();
        const ModelState before = document.state();
        const int width = document.config().dModel;
        constexpr int mergeId = 77;
        ModelState first = document.state();
        first.embeddings.insert(QStringLiteral("cat"), RowVector::Constant(width, 0.5f));
        document.applyState(first, QStringLiteral("first"), mergeId);
        // The later edit changes the same override again and parts the first one left alone.
        ModelState second = document.state();
        second.embeddings.insert(QStringLiteral("cat"), RowVector::Constant(width, 0.25f));
        second.embeddings.insert(QStringLiteral("mat"), RowVector::Constant(width, 0.125f));
        second.weights.heads[2].wV(0, 0) = 9.0f;
        second.weights.wO(1, 1) = 9.0f;
        document.applyState(second, QStringLiteral("second"), mergeId);
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QVERIFY(sameBits(document.state(), before));
        document.undoStack()->redo();
        QVERIFY(sameBits(document.state(), second));
    }

    void budgetDropsTheOldestStepsAndNeverTheState()
    {
        const AttentionConfig config = toyConfig(4, 64, 16);
        AttentionDocument document;
        document.setConfig(config);
        document.undoStack()->clear();
        std::vector<ModelState> after{document.state()}; // after[k]: the state after the k-th edit

        // Each edit draws every matrix again: one step holds a whole state.
        auto reseed = [&](int k) {
            AttentionConfig seeded = config;
            seeded.seed = quint64(1000 + k);
            document.setWeights(LearnedMatrices::glorot(seeded), QStringLiteral("Re-seed %1").arg(k));
            after.push_back(document.state());
        };
        QUndoView history(document.undoStack()); // the History panel follows the rebuilt stack
        reseed(1);
        const qsizetype step = document.undoHeldBytes();
        QVERIFY(step >= stateBytes(config));
        document.setUndoBudget(3 * step + 1024); // three such steps and a few cells
        for (int k = 2; k <= 8; ++k) {
            reseed(k);
            QVERIFY(sameBits(document.state(), after.back())); // dropping never touches the state
            QVERIFY(document.undoHeldBytes() <= 3 * step + 1024);
        }
        QUndoStack *stack = document.undoStack();
        QCOMPARE(stack->count(), 3);
        QCOMPARE(stack->index(), 3);
        QCOMPARE(stack->text(0), QStringLiteral("Re-seed 6")); // the oldest went first
        QCOMPARE(stack->text(2), QStringLiteral("Re-seed 8"));
        QCOMPARE(history.model()->rowCount(), 4); // "<empty>" and the three steps
        QCOMPARE(history.model()->index(1, 0).data().toString(), QStringLiteral("Re-seed 6"));
        QCOMPARE(history.selectionModel()->currentIndex().row(), 3);

        // Undoing every step left reaches the state after the newest dropped one, exactly; redo comes back.
        for (int k = 7; k >= 5; --k) {
            stack->undo();
            QVERIFY(sameBits(document.state(), after[size_t(k)]));
        }
        QVERIFY(!stack->canUndo());
        stack->setIndex(3);
        QVERIFY(sameBits(document.state(), after[8]));

        // Steps pushed after a rebuild still merge, and still undo one at a time.
        const float original = document.weights().heads[0].wQ(0, 0);
        document.setMatrixCell(MatrixKind::Query, 0, 0, 0, 0.5f);
        document.setMatrixCell(MatrixKind::Query, 0, 0, 0, 0.25f);
        QCOMPARE(stack->count(), 4);
        stack->undo();
        QCOMPARE(bitsOf(document.weights().heads[0].wQ(0, 0)), bitsOf(original));
        QVERIFY(sameBits(document.state(), after[8]));
    }

    void budgetKeepsTheSavedStepWhileItIsKept()
    {
        const AttentionConfig config = toyConfig(4, 64, 16);
        AttentionDocument document;
        document.setConfig(config);
        document.undoStack()->clear();
        QUndoStack *stack = document.undoStack();
        auto reseed = [&](int k) {
            AttentionConfig seeded = config;
            seeded.seed = quint64(2000 + k);
            document.setWeights(LearnedMatrices::glorot(seeded), QStringLiteral("Re-seed %1").arg(k));
        };
        reseed(1);
        document.setUndoBudget(3 * document.undoHeldBytes() + 1024);
        reseed(2);
        reseed(3);
        stack->setClean(); // saved after the third edit
        reseed(4);
        reseed(5); // drops the first two
        QCOMPARE(stack->count(), 3);
        QCOMPARE(stack->cleanIndex(), 1); // still after "Re-seed 3"
        QVERIFY(!stack->isClean());
        stack->setIndex(1);
        QVERIFY(stack->isClean());

        stack->setIndex(3);
        reseed(6);
        reseed(7); // drops the third: the saved state can no longer be reached
        QCOMPARE(stack->cleanIndex(), -1);
        stack->setIndex(0);
        QVERIFY(!stack->isClean());
    }

    void newestStepStaysEvenAloneOverTheBudget()
    {
        AttentionDocument document;
        document.undoStack()->clear();
        document.setMatrixCell(MatrixKind::Query, 0, 0, 0, 0.5f);
        const ModelState before = document.state();
        document.setUndoBudget(1024); // less than one re-seed holds
        document.setConfig([&] {
            AttentionConfig c = document.config();
            c.seed = 7;
            return c;
        }());
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QVERIFY(sameBits(document.state(), before));
    }

    void editOfOneHeadOfTwelveHoldsOneHead()
    {
        const AttentionConfig config = toyConfig(12, 256, 32);
        AttentionDocument document;
        document.setConfig(config);
        document.undoStack()->clear();
        const LearnedMatrices before = document.weights();
        LearnedMatrices next = before;
        next.heads[3] = LearnedMatrices::glorotHead(config, 3, 999);
        document.setWeights(next, QStringLiteral("Re-seed head 3"));
        const qsizetype held = document.undoHeldBytes();
        qInfo("one head of 12 re-drawn: the step holds %lld bytes; one head is %lld, the state %lld", qlonglong(held),
              qlonglong(headBytes(config)), qlonglong(stateBytes(config)));
        QVERIFY(held >= headBytes(config));
        QVERIFY(held < headBytes(config) + headBytes(config) / 10);
        document.undoStack()->undo();
        QVERIFY(sameBits(document.weights(), before));
        document.undoStack()->redo();
        QVERIFY(sameBits(document.weights(), next));
    }

    void reshapeHoldsWhatItReplaced()
    {
        const AttentionConfig config = toyConfig(12, 256, 32);
        AttentionDocument document;
        document.setConfig(config);
        document.undoStack()->clear();
        const ModelState before = document.state();
        const AttentionConfig smaller = toyConfig(6, 128, 16);
        document.setConfig(smaller);
        QVERIFY(sameBits(document.weights(), LearnedMatrices::glorot(smaller)));
        const qsizetype held = document.undoHeldBytes();
        QVERIFY(held >= stateBytes(config));
        QVERIFY(held < stateBytes(config) + stateBytes(config) / 10);
        document.undoStack()->undo();
        QVERIFY(sameBits(document.state(), before));
        document.undoStack()->redo();
        QVERIFY(sameBits(document.weights(), LearnedMatrices::glorot(smaller)));
        document.undoStack()->undo(); // and back to more heads than the step held when it was done
        QVERIFY(sameBits(document.state(), before));
    }

    void embeddingsAddedChangedAndRemovedUndoExactly()
    {
        AttentionDocument document;
        document.undoStack()->clear();
        const ModelState empty = document.state();
        RowVector cat = RowVector::Constant(document.config().dModel, 0.5f);
        cat[3] = 0.0f;
        document.setEmbedding(QStringLiteral("cat"), cat, QStringLiteral("cat"));
        const ModelState withCat = document.state();
        cat[3] = -0.0f; // equal as a number, a change in bits
        document.setEmbedding(QStringLiteral("cat"), cat, QStringLiteral("cat again"));
        document.setEmbedding(QStringLiteral("mat"), cat, QStringLiteral("mat"));
        const ModelState both = document.state();
        ModelState removed = document.state();
        removed.embeddings.remove(QStringLiteral("cat"));
        document.applyState(removed, QStringLiteral("remove cat"));
        QVERIFY(sameBits(document.state(), removed));
        document.undoStack()->undo();
        QVERIFY(sameBits(document.state(), both));
        document.undoStack()->setIndex(1);
        QVERIFY(sameBits(document.state(), withCat));
        document.undoStack()->undo();
        QVERIFY(sameBits(document.state(), empty));
        document.undoStack()->setIndex(4);
        QVERIFY(sameBits(document.state(), removed));
    }

    // Typed text is in the history too (issue 16): a typing step counts the text it holds, and the
    // budget drops the oldest typing steps like any other, leaving every kept step's text exact.
    void typedTextIsCountedAndKeptWithinTheBudget()
    {
        AttentionDocument document;
        document.undoStack()->clear();
        QString text = QString(4000, QLatin1Char('x')); // pasted: the first step
        document.setSentence(text);
        std::vector<QString> after{text}; // after[k]: the text after the k-th word
        document.setSentence(text + QLatin1Char(' ')); // the end of the pasted word
        after.back() = document.sentence();
        document.finishStep();
        document.setUndoBudget(6 * qsizetype(sizeof(QChar)) * 4100); // about six steps of this text
        for (int word = 0; word < 20; ++word) {
            for (QChar c : QStringLiteral("word "))
                document.setSentence(document.sentence() + c); // one step per word: the space ends it
            after.push_back(document.sentence());
            QVERIFY(document.undoHeldBytes() <= 6 * qsizetype(sizeof(QChar)) * 4100);
        }
        QUndoStack *stack = document.undoStack();
        QVERIFY2(stack->count() < 21, qPrintable(QString::number(stack->count()))); // the oldest went
        QVERIFY(stack->count() >= 4);
        // Each kept step holds the text from before it: about 8 KB here, counted in full.
        QVERIFY(document.undoHeldBytes() >= stack->count() * qsizetype(sizeof(QChar)) * 4000);
        const int kept = stack->count();
        for (int k = 0; k < kept; ++k) {
            stack->undo();
            QCOMPARE(document.sentence(), after[after.size() - 2 - size_t(k)]);
        }
        QVERIFY(!stack->canUndo());
        stack->setIndex(kept);
        QCOMPARE(document.sentence(), after.back());
    }
};

QTEST_MAIN(TestUndoMemory)
#include "tst_undomemory.moc"

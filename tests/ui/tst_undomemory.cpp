// An undo history that cannot eat the machine (issue 11): edits hold only the heads they change and
// a reshape holds what it replaced. Every undo and redo gives back exact bits.
#include "document/attentiondocument.h"

#include <QTest>

#include <cstring>

using namespace attn;
using namespace attn::ui;

namespace {

bool sameBits(const Matrix &a, const Matrix &b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), size_t(a.size()) * sizeof(float)) == 0;
}

bool sameBits(const LearnedMatrices &a, const LearnedMatrices &b)
{
    if (a.heads.size() != b.heads.size() || !sameBits(a.wO, b.wO))
        return false;
    for (size_t h = 0; h < a.heads.size(); ++h) {
        if (!sameBits(a.heads[h].wQ, b.heads[h].wQ) || !sameBits(a.heads[h].wK, b.heads[h].wK)
            || !sameBits(a.heads[h].wV, b.heads[h].wV))
            return false;
    }
    return true;
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

} // namespace

class TestUndoMemory : public QObject
{
    Q_OBJECT

private slots:
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
};

QTEST_MAIN(TestUndoMemory)
#include "tst_undomemory.moc"

// The text is part of the document's undoable state: typing is a step (a burst of keystrokes one),
// undo restores the whole earlier state — text, example, configuration and matrices together — and
// the window's text box follows the document instead of keeping its own history.
#include "testutils.h"
#include "document/attentiondocument.h"
#include "mainwindow.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace attn;
using namespace attn::ui;

namespace {

// The window's example picker: the combo box that lists the presets by name.
QComboBox *examplePicker(MainWindow &window)
{
    for (QComboBox *box : window.findChildren<QComboBox *>())
        if (box->findData(QStringLiteral("cat-sat")) >= 0)
            return box;
    return nullptr;
}

} // namespace

class TestDocumentUndo : public QObject
{
    Q_OBJECT

private slots:
    void aBurstOfTypingIsOneStep()
    {
        AttentionDocument document;
        QSignalSpy sentences(&document, &AttentionDocument::sentenceChanged);
        for (const char *typed : {"T", "Th", "The", "The ", "The c", "The ca", "The cat"})
            document.setSentence(QString::fromLatin1(typed));
        QCOMPARE(sentences.count(), 7);
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.undoStack()->text(0), QStringLiteral("Text “The cat”")); // where the burst ended
        QCOMPARE(int(document.tokens().size()), 2);

        document.undoStack()->undo();
        QCOMPARE(document.sentence(), QString());
        QVERIFY(document.tokens().empty());
        QCOMPARE(sentences.last().at(0).toString(), QString());
        document.undoStack()->redo();
        QCOMPARE(document.sentence(), QStringLiteral("The cat"));
        QCOMPARE(int(document.tokens().size()), 2);
    }

    // Open an example, then another: undo gives back the first one's text, name, configuration and
    // matrices together, never one example's settings with the other's text.
    void undoingAnExampleRestoresTheWholeEarlierState()
    {
        AttentionDocument document;
        document.loadPreset(QStringLiteral("cat-sat"));
        const DocumentState catSat = document.documentState();
        QCOMPARE(catSat.presetName, QStringLiteral("cat-sat"));
        QVERIFY(!catSat.sentence.isEmpty());
        document.loadPreset(QStringLiteral("seed-hello-world"));
        QCOMPARE(document.presetName(), QStringLiteral("seed-hello-world"));
        QCOMPARE(document.sentence(), QStringLiteral("Hello World"));
        QVERIFY(document.config().heads != catSat.model.config.heads || document.config().dModel != catSat.model.config.dModel);

        document.undoStack()->undo();
        QCOMPARE(document.sentence(), catSat.sentence);
        QCOMPARE(document.presetName(), catSat.presetName);
        QVERIFY(document.config() == catSat.model.config);
        QVERIFY(testutils::sameBits(document.weights(), catSat.model.weights));
        document.computeNow();
        QCOMPARE(document.result()->text, catSat.sentence);
        QCOMPARE(document.result()->headCount(), catSat.model.config.heads);
    }

    // A typed step after an example undoes to the example's text and keeps its matrices.
    void typingAfterAnExampleUndoesToItsText()
    {
        AttentionDocument document;
        document.loadPreset(QStringLiteral("cat-sat"));
        const DocumentState catSat = document.documentState();
        document.setSentence(catSat.sentence + QStringLiteral(" again"));
        QCOMPARE(document.undoStack()->count(), 2);
        document.undoStack()->undo();
        QCOMPARE(document.sentence(), catSat.sentence);
        QVERIFY(testutils::sameBits(document.weights(), catSat.model.weights));
    }

    // The window's box shows whatever the document holds: undo in the document changes the box, and
    // Ctrl+Z is the document's (the box keeps no history of its own).
    void theTextBoxFollowsTheDocument()
    {
        const Preset *preset = findPreset(QStringLiteral("cat-sat"));
        QVERIFY(preset);
        MainWindow window(StartState{preset->name, preset->sentence, {preset->config, presetWeights(*preset), preset->embeddings}, {}});
        AttentionDocument *document = window.document();
        QPlainTextEdit *box = window.sentenceEdit();
        QCOMPARE(box->toPlainText(), preset->sentence);
        QCOMPARE(document->undoStack()->count(), 0); // the start is not a step
        QVERIFY(!box->isUndoRedoEnabled());

        box->setFocus();
        box->moveCursor(QTextCursor::End);
        QTest::keyClicks(box, QStringLiteral(" now"));
        QCOMPARE(document->sentence(), preset->sentence + QStringLiteral(" now"));
        QCOMPARE(document->undoStack()->count(), 1);

        document->undoStack()->undo();
        QCOMPARE(box->toPlainText(), preset->sentence);
        QComboBox *examples = examplePicker(window);
        QVERIFY(examples);
        QCOMPARE(examples->currentData().toString(), QStringLiteral("cat-sat"));
        document->loadPreset(QStringLiteral("seed-hello-world"));
        QCOMPARE(box->toPlainText(), QStringLiteral("Hello World"));
        QCOMPARE(examples->currentData().toString(), QStringLiteral("seed-hello-world"));
        document->undoStack()->undo();
        QCOMPARE(box->toPlainText(), preset->sentence);
        QCOMPARE(examples->currentData().toString(), QStringLiteral("cat-sat"));
    }

    // A window started on a typed text names no example.
    void aTypedStartNamesNoExample()
    {
        MainWindow window(StartState{QString(), QStringLiteral("My own words"),
                                     {AttentionConfig{}, LearnedMatrices::glorot(AttentionConfig{}), {}}, {}});
        QComboBox *examples = examplePicker(window);
        QVERIFY(examples);
        QCOMPARE(examples->currentIndex(), -1);
        QCOMPARE(window.sentenceEdit()->toPlainText(), QStringLiteral("My own words"));
    }
};

QTEST_MAIN(TestDocumentUndo)
#include "tst_documentundo.moc"

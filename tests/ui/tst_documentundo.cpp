// The text is part of the document's undoable state: typing is a step (one word, or what was typed
// before a pause), undo restores the whole earlier state — text, example, configuration and matrices
// together — and the window's text box follows the document instead of keeping its own history.
// Every History entry says what changed, one drag of a slider is one step, and the Example box
// says "Custom" as soon as the state differs from the example, and the example again after undo.
#include "windowtestutils.h"
#include "document/attentiondocument.h"
#include "mainwindow.h"
#include "widgets/examplepicker.h"
#include "widgets/settingspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QStyleOptionSlider>
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

// Opens an example the way a person does: picking it in the Example box.
void pickExample(QComboBox *examples, const QString &name)
{
    const int index = examples->findData(name);
    QVERIFY(index >= 0);
    examples->setCurrentIndex(index);
    emit examples->activated(index);
}

// The text of the History's newest done step.
QString newestStep(AttentionDocument &document)
{
    return document.undoStack()->text(document.undoStack()->index() - 1);
}

// The spin box of the settings panel whose tooltip starts with `tip`.
QSpinBox *spinBox(SettingsPanel &panel, const QString &tip)
{
    for (QSpinBox *box : panel.findChildren<QSpinBox *>())
        if (box->toolTip().startsWith(tip))
            return box;
    return nullptr;
}

// The centre of the slider's handle, where a press grabs it rather than paging.
QPoint handleCentre(QSlider *slider)
{
    QStyleOptionSlider option;
    option.initFrom(slider);
    option.orientation = slider->orientation();
    option.minimum = slider->minimum();
    option.maximum = slider->maximum();
    option.sliderPosition = slider->sliderPosition();
    option.sliderValue = slider->value();
    option.singleStep = slider->singleStep();
    option.pageStep = slider->pageStep();
    option.upsideDown = slider->invertedAppearance();
    option.subControls = QStyle::SC_All;
    return slider->style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, slider).center();
}

// What a typed text of about 300 words looks like.
QString longText()
{
    QStringList words;
    for (int i = 0; i < 300; ++i)
        words << QStringLiteral("word%1").arg(i);
    return words.join(QLatin1Char(' '));
}

} // namespace

class TestDocumentUndo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("attention-explorer-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_documentundo"));
    }

    // Keystrokes fold into one step per word: the space that ends a word is the end of its step.
    void typingIsOneStepPerWord()
    {
        AttentionDocument document;
        QSignalSpy sentences(&document, &AttentionDocument::sentenceChanged);
        for (const char *typed : {"T", "Th", "The", "The ", "The c", "The ca", "The cat"})
            document.setSentence(QString::fromLatin1(typed));
        QCOMPARE(sentences.count(), 7);
        QCOMPARE(int(document.tokens().size()), 2);
        QCOMPARE(document.undoStack()->count(), 2);
        QCOMPARE(document.undoStack()->text(0), QStringLiteral("Text: “” → “The ”"));
        QCOMPARE(document.undoStack()->text(1), QStringLiteral("Text: “The ” → “The cat”"));

        document.undoStack()->undo();
        QCOMPARE(document.sentence(), QStringLiteral("The "));
        document.undoStack()->undo();
        QCOMPARE(document.sentence(), QString());
        QVERIFY(document.tokens().empty());
        QCOMPARE(sentences.last().at(0).toString(), QString());
        document.undoStack()->redo();
        document.undoStack()->redo();
        QCOMPARE(document.sentence(), QStringLiteral("The cat"));
        QCOMPARE(int(document.tokens().size()), 2);
    }

    // A space typed before the first word of the step does not end it: " now" is one step.
    void aSpaceBeforeAWordStaysWithIt()
    {
        AttentionDocument document;
        document.setSentence(QStringLiteral("Hello"));
        document.finishStep();
        for (const char *typed : {"Hello ", "Hello n", "Hello no", "Hello now"})
            document.setSentence(QString::fromLatin1(typed));
        QCOMPARE(document.undoStack()->count(), 2);
        QCOMPARE(newestStep(document), QStringLiteral("Text: “Hello” → “Hello now”"));
    }

    // A pause in typing ends the step (the timer, waited for as a signal would be); the next
    // keystroke opens a new one. Keystrokes without a pause stay in one step.
    void aPauseEndsTheTypingStep()
    {
        AttentionDocument document;
        document.setSentence(QStringLiteral("a"));
        document.setSentence(QStringLiteral("ab"));
        QVERIFY(document.isTypingStepOpen());
        QCOMPARE(document.undoStack()->count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!document.isTypingStepOpen(), 5 * AttentionDocument::typingPauseMs);
        document.setSentence(QStringLiteral("abc"));
        QCOMPARE(document.undoStack()->count(), 2);
        QCOMPARE(newestStep(document), QStringLiteral("Text: “ab” → “abc”"));
        document.undoStack()->undo();
        QCOMPARE(document.sentence(), QStringLiteral("ab"));
    }

    // Deleting a word and typing another is one step, named by the text before and after it.
    void replacingAWordIsOneNamedStep()
    {
        AttentionDocument document;
        document.setSentence(QStringLiteral("The cat")); // pasted: one step
        document.finishStep();
        for (const char *typed : {"The ca", "The c", "The ", "The d", "The do", "The dog"})
            document.setSentence(QString::fromLatin1(typed));
        QCOMPARE(document.undoStack()->count(), 2);
        QCOMPARE(newestStep(document), QStringLiteral("Text: “The cat” → “The dog”"));
    }

    // A long text is named by the part around the change, not by its first words.
    void aLongTextIsNamedByItsChange()
    {
        AttentionDocument document;
        const QString before = longText();
        document.setSentence(before);
        document.finishStep();
        QString after = before;
        after.replace(QStringLiteral("word150 "), QStringLiteral("changed "));
        document.setSentence(after);
        const QString label = newestStep(document);
        QVERIFY2(label.startsWith(QStringLiteral("Text: “…")), qPrintable(label));
        QVERIFY2(label.contains(QStringLiteral("word150")) && label.contains(QStringLiteral("changed")), qPrintable(label));
        QVERIFY2(!label.contains(QStringLiteral("word0 ")), qPrintable(label));
        QVERIFY2(label.size() < 100, qPrintable(label));
    }

    // Every History entry says what changed, as the settings panel makes the edits.
    void historyNamesWhatChanged()
    {
        AttentionDocument document;
        AttentionConfig config = document.config();
        config.heads = 8;
        config.seed = 42;
        config.causal = false;
        config.temperature = 1.0;
        document.setConfig(config);
        document.undoStack()->clear();
        SettingsPanel panel(&document);

        QSpinBox *heads = spinBox(panel, QStringLiteral("Number of attention heads"));
        QVERIFY(heads);
        heads->setValue(3);
        QCOMPARE(document.config().heads, 3);
        QCOMPARE(newestStep(document), QStringLiteral("Heads 8 → 3"));

        QSpinBox *seed = spinBox(panel, QStringLiteral("Seed"));
        QVERIFY(seed);
        seed->setValue(7);
        QCOMPARE(newestStep(document), QStringLiteral("Seed 42 → 7"));

        QCheckBox *causal = nullptr;
        for (QCheckBox *box : panel.findChildren<QCheckBox *>())
            if (box->text() == QStringLiteral("Causal mask"))
                causal = box;
        QVERIFY(causal);
        causal->setChecked(true);
        QCOMPARE(newestStep(document), QStringLiteral("Causal mask on"));

        QDoubleSpinBox *temperature = panel.findChild<QDoubleSpinBox *>();
        QVERIFY(temperature);
        temperature->setValue(0.42);
        QCOMPARE(newestStep(document), QStringLiteral("Temperature 1.00 → 0.42"));
        QCOMPARE(document.undoStack()->count(), 4); // four edits, four steps

        // Two settings at once name both.
        config = document.config();
        config.heads = 2;
        config.dModel = 16;
        document.setConfig(config);
        QCOMPARE(newestStep(document), QStringLiteral("Heads 3 → 2, d_model 32 → 16"));

        const Preset *hello = findPreset(QStringLiteral("seed-hello-world"));
        QVERIFY(hello);
        document.loadPreset(hello->name);
        QCOMPARE(newestStep(document), QStringLiteral("Open example: ") + hello->title);
        for (int i = 0; i < document.undoStack()->count(); ++i)
            QVERIFY(document.undoStack()->text(i) != QStringLiteral("Change settings"));
    }

    // A person drags the temperature slider with the mouse: every position reaches the views, and
    // the History gets one step from where the drag began to where it ended. A second drag is a
    // second step.
    void oneSliderDragIsOneStep()
    {
        AttentionDocument document;
        document.undoStack()->clear();
        const AttentionConfig start = document.config();
        SettingsPanel panel(&document);
        panel.resize(400, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSlider *slider = panel.temperatureSlider();
        QVERIFY(slider);
        QSignalSpy states(&document, &AttentionDocument::stateChanged);

        QPoint at = handleCentre(slider);
        QTest::mousePress(slider, Qt::LeftButton, {}, at);
        QVERIFY(slider->isSliderDown());
        for (int i = 0; i < 4; ++i) {
            at.rx() -= 12;
            QTest::mouseMove(slider, at);
        }
        QTest::mouseRelease(slider, Qt::LeftButton, {}, at);
        QVERIFY(!slider->isSliderDown());
        QVERIFY2(states.count() >= 3, qPrintable(QString::number(states.count()))); // the views followed the drag
        QVERIFY(document.config().temperature < start.temperature);
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(newestStep(document), QStringLiteral("Temperature %1 → %2")
                                           .arg(start.temperature, 0, 'f', 2)
                                           .arg(document.config().temperature, 0, 'f', 2));

        const double afterFirst = document.config().temperature;
        at = handleCentre(slider);
        QTest::mousePress(slider, Qt::LeftButton, {}, at);
        for (int i = 0; i < 3; ++i) {
            at.rx() += 10;
            QTest::mouseMove(slider, at);
        }
        QTest::mouseRelease(slider, Qt::LeftButton, {}, at);
        QCOMPARE(document.undoStack()->count(), 2);
        document.undoStack()->undo();
        QCOMPARE(document.config().temperature, afterFirst);
        document.undoStack()->undo();
        QVERIFY(document.config() == start);
    }

    // The same through the slider's own signals: pressed, many values, released.
    void sliderSignalsMakeOneStep()
    {
        AttentionDocument document;
        document.undoStack()->clear();
        SettingsPanel panel(&document);
        QSlider *slider = panel.temperatureSlider();
        slider->setSliderDown(true);
        for (int position : {-10, -20, -30, -37})
            slider->setSliderPosition(position);
        slider->setSliderDown(false);
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(newestStep(document), QStringLiteral("Temperature 1.00 → %1")
                                           .arg(SettingsPanel::temperatureForSlider(-37), 0, 'f', 2));
        slider->setValue(-50); // a key press: a step of its own
        QCOMPARE(document.undoStack()->count(), 2);
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

    // The sequence in the window: open example A, type, open example B, undo: the text,
    // settings, matrices and label from before B (the typed text, A's settings, "Custom"); undo
    // again: from before the typing (A's text and A's name).
    void undoAfterTypingAndAnotherExample()
    {
        MainWindow window(testutils::presetStart(QStringLiteral("seed-hello-world")));
        AttentionDocument *document = window.document();
        QComboBox *examples = examplePicker(window);
        QVERIFY(examples);
        QPlainTextEdit *box = window.sentenceEdit();

        pickExample(examples, QStringLiteral("cat-sat"));
        const Preset *catSat = findPreset(QStringLiteral("cat-sat"));
        QCOMPARE(box->toPlainText(), catSat->sentence);
        QCOMPARE(examples->currentText(), catSat->title);
        const DocumentState opened = document->documentState();

        box->setFocus();
        box->moveCursor(QTextCursor::End);
        QTest::keyClicks(box, QStringLiteral(" again"));
        QCOMPARE(document->sentence(), catSat->sentence + QStringLiteral(" again"));
        QCOMPARE(examples->currentText(), ExamplePicker::customText());
        const DocumentState typed = document->documentState();

        pickExample(examples, QStringLiteral("seed-hello-world"));
        QCOMPARE(box->toPlainText(), QStringLiteral("Hello World"));
        QCOMPARE(examples->currentData().toString(), QStringLiteral("seed-hello-world"));
        QVERIFY(!(document->config() == typed.model.config));

        document->undoStack()->undo();
        QCOMPARE(document->sentence(), typed.sentence);
        QCOMPARE(box->toPlainText(), typed.sentence);
        QVERIFY(document->config() == typed.model.config);
        QVERIFY(testutils::sameBits(document->weights(), typed.model.weights));
        QCOMPARE(examples->currentText(), ExamplePicker::customText());
        QCOMPARE(document->presetName(), QString());

        document->undoStack()->undo();
        QCOMPARE(document->sentence(), opened.sentence);
        QCOMPARE(box->toPlainText(), catSat->sentence);
        QVERIFY(document->config() == opened.model.config);
        QVERIFY(testutils::sameBits(document->weights(), opened.model.weights));
        QCOMPARE(examples->currentText(), catSat->title);
        QCOMPARE(document->presetName(), QStringLiteral("cat-sat"));
    }

    // The Example box says "Custom" as soon as the text, a setting or a matrix differs from the
    // example, and the example's name again when undo brings its state back.
    void theExampleLabelBecomesCustomAndComesBack_data()
    {
        QTest::addColumn<int>("edit");
        QTest::addRow("text") << 0;
        QTest::addRow("setting") << 1;
        QTest::addRow("matrix cell") << 2;
        QTest::addRow("embedding") << 3;
    }
    void theExampleLabelBecomesCustomAndComesBack()
    {
        QFETCH(int, edit);
        MainWindow window(testutils::presetStart(QStringLiteral("cat-sat")));
        AttentionDocument *document = window.document();
        QComboBox *examples = examplePicker(window);
        QVERIFY(examples);
        const QString title = findPreset(QStringLiteral("cat-sat"))->title;
        QCOMPARE(examples->currentText(), title);

        switch (edit) {
        case 0:
            document->setSentence(document->sentence() + QStringLiteral("!"));
            break;
        case 1: {
            AttentionConfig config = document->config();
            config.temperature = 0.5;
            document->setConfig(config);
            break;
        }
        case 2:
            document->setMatrixCell(MatrixKind::Key, 0, 0, 0, 0.25f);
            break;
        case 3:
            document->setEmbedding(QStringLiteral("cat"), RowVector::Constant(document->config().dModel, 0.5f),
                                   QStringLiteral("Edit embedding"));
            break;
        }
        QCOMPARE(document->undoStack()->count(), 1);
        QCOMPARE(examples->currentText(), ExamplePicker::customText());
        QCOMPARE(document->presetName(), QString());
        document->undoStack()->undo();
        QCOMPARE(examples->currentText(), title);
        QCOMPARE(document->presetName(), QStringLiteral("cat-sat"));
        document->undoStack()->redo();
        QCOMPARE(examples->currentText(), ExamplePicker::customText());
    }

    // The window's box shows whatever the document holds: undo in the document changes the box, and
    // Ctrl+Z is the document's (the box keeps no history of its own).
    void theTextBoxFollowsTheDocument()
    {
        const Preset *preset = findPreset(QStringLiteral("cat-sat"));
        QVERIFY(preset);
        MainWindow window(testutils::presetStart(preset->name));
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

    // A window started on a typed text names no example: the box says Custom, and Custom cannot be
    // picked (it names a state, it makes none).
    void aTypedStartNamesNoExample()
    {
        MainWindow window(StartState{QString(), QStringLiteral("My own words"),
                                     {AttentionConfig{}, LearnedMatrices::glorot(AttentionConfig{}), {}}, {}});
        QComboBox *examples = examplePicker(window);
        QVERIFY(examples);
        QCOMPARE(examples->currentText(), ExamplePicker::customText());
        QVERIFY(!(examples->model()->flags(examples->model()->index(examples->currentIndex(), 0)) & Qt::ItemIsEnabled));
        QCOMPARE(window.sentenceEdit()->toPlainText(), QStringLiteral("My own words"));
    }
};

QTEST_MAIN(TestDocumentUndo)
#include "tst_documentundo.moc"

// The window with a real model: Model ▸ Open model… (through the workspace's controller),
// the layer selector, a thumbnail of the model view opening its head in every view, the step panel
// saying where q, k and v came from, and Close model returning to the toy model.
#include "windowtestutils.h"
#include "checkpoint/modelcontroller.h"
#include "checkpoint/modelview.h"
#include "checkpoint/modelworkspace.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"
#include "widgets/settingspanel.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolBar>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::gpt2Fixture;

StartState toyStart()
{
    return testutils::presetStart(defaultPresetName());
}

QSpinBox *layerSpin(MainWindow &window)
{
    for (QSpinBox *spin : window.findChild<QToolBar *>(QStringLiteral("viewToolBar"))->findChildren<QSpinBox *>())
        if (spin->toolTip().contains(QStringLiteral("layer")))
            return spin;
    return nullptr;
}

} // namespace

class TestModelWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("attention-explorer-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_modelwindow"));
    }

    void exploreAModelAndCloseIt()
    {
        MainWindow window(toyStart());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ModelWorkspace *workspace = window.modelWorkspace();
        QVERIFY(workspace);
        QSpinBox *layer = layerSpin(window);
        QVERIFY(layer);
        QVERIFY(!layer->isVisibleTo(&window)); // the toy model has one layer
        QVERIFY(!workspace->closeAction()->isEnabled());
        // The Model menu is in the menu bar.
        bool hasMenu = false;
        for (QAction *action : window.menuBar()->actions())
            hasMenu = hasMenu || action->menu() == workspace->menu();
        QVERIFY(hasMenu);

        QSignalSpy opened(workspace->controller(), &ModelController::opened);
        workspace->controller()->open(gpt2Fixture(QStringLiteral("small-f32")));
        QTRY_COMPARE(opened.count(), 1);
        QVERIFY(workspace->closeAction()->isEnabled());
        window.sentenceEdit()->setPlainText(QStringLiteral("The cat sat on the mat."));
        QTRY_VERIFY(window.document()->result() && window.document()->result()->modelName == QStringLiteral("small-f32")
                    && window.document()->result()->tokenCount() == 8);
        QTRY_VERIFY(layer->isVisibleTo(&window));
        QCOMPARE(layer->maximum(), 2);
        // The opening question is one a causal model can answer: the second token looks back at the first.
        QCOMPARE(window.focusModel()->focus().query, 1);
        QCOMPARE(window.focusModel()->focus().key, 0);
        // The toy model's matrices do not apply to a checkpoint; the Settings dock shows the model's own.
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("matricesDock"))->widget()->isEnabled());
        auto *settings = window.findChild<QDockWidget *>(QStringLiteral("settingsDock"))->findChild<SettingsPanel *>();
        QVERIFY(settings && settings->isEnabled() && settings->showsModel());

        // The layer selector moves every view.
        layer->setValue(2);
        QCOMPARE(window.focusModel()->focus().layer, 2);
        QCOMPARE(window.heatmap()->shownLayer(), 2);

        // A thumbnail of the model view opens its head.
        ModelView *modelView = workspace->modelView();
        window.findChild<QDockWidget *>(QStringLiteral("modelDock"))->raise();
        QTRY_VERIFY(modelView->grid()->isVisible());
        const HeadGridGeometry g = modelView->grid()->currentLayout();
        const auto tile = std::find_if(g.tiles.begin(), g.tiles.end(), [](const HeadTile &t) { return t.ref == HeadRef{1, 3}; });
        QVERIFY(tile != g.tiles.end());
        QTest::mouseClick(modelView->grid(), Qt::LeftButton, {}, tile->matrix.cellRect(4, 1).center().toPoint());
        QCOMPARE(window.heatmap()->shownLayer(), 1);
        QCOMPARE(window.heatmap()->shownHead(), 3);
        QCOMPARE(layer->value(), 1);
        // The step panel walks through that head, starting from the layer norm of the residual stream.
        const QString steps = window.stepPanel()->plainText();
        QVERIFY2(steps.contains(QStringLiteral("layer norm of the residual stream")), qPrintable(steps.left(400)));
        QVERIFY(window.heatmap()->exportTitle().contains(QStringLiteral("Layer 1 · head 3")));

        // Close model: back to the toy model.
        workspace->closeAction()->trigger();
        QTRY_VERIFY(window.document()->result()->modelName.isEmpty());
        QCOMPARE(window.document()->result()->layerCount(), 1);
        QTRY_VERIFY(!layer->isVisibleTo(&window));
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("matricesDock"))->widget()->isEnabled());
        QVERIFY(!settings->showsModel());
        QCOMPARE(window.focusModel()->focus().layer, 0);
    }

    // A GGUF file opens like a folder: the status bar names its quantisation, the step panel says the
    // weights were dequantised, Open Recent Model lists it, and closing hides the label again.
    void openAGgufFile()
    {
        QSettings().remove(QStringLiteral("model/recent"));
        MainWindow window(toyStart());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ModelWorkspace *workspace = window.modelWorkspace();
        QVERIFY(!workspace->weightFormatLabel()->isVisibleTo(&window));
        QVERIFY(ModelWorkspace::recentModels().isEmpty());

        const QString file = QStringLiteral(AE_TEST_DATA_DIR "/gguf/models/llama256-q4_k_m.gguf");
        QSignalSpy opened(workspace->controller(), &ModelController::opened);
        workspace->controller()->open(file);
        QTRY_COMPARE(opened.count(), 1);
        QVERIFY(workspace->weightFormatLabel()->isVisibleTo(&window));
        QCOMPARE(workspace->weightFormatLabel()->text(), QStringLiteral("GGUF Q4_K_M"));
        QVERIFY(workspace->weightFormatLabel()->toolTip().contains(QStringLiteral("Q6_K")));
        QCOMPARE(ModelWorkspace::recentModels(), QStringList{QFileInfo(file).absoluteFilePath()});

        const QString sentence = QStringLiteral("<|endoftext|>The cat sat");
        window.sentenceEdit()->setPlainText(sentence);
        // Wait for the result of this text, not the one the model opened with.
        QTRY_VERIFY(window.document()->result() && window.document()->result()->text == sentence);
        QCOMPARE(window.document()->result()->layerCount(), 2);
        QCOMPARE(window.document()->result()->tokens.front().id, 275); // the control token, matched whole
        const QString steps = window.stepPanel()->plainText();
        QVERIFY2(steps.contains(QStringLiteral("GGUF file stored as Q4_K_M")), qPrintable(steps.left(1200)));

        workspace->closeAction()->trigger();
        QVERIFY(!workspace->weightFormatLabel()->isVisibleTo(&window));
    }
};

QTEST_MAIN(TestModelWindow)
#include "tst_modelwindow.moc"

// With a checkpoint open, the Settings dock shows the checkpoint's own configuration, read-only,
// instead of the toy layer's values greyed out; the Example box shows no toy example. Closing the
// model brings the toy layer's editable settings back.
#include "windowtestutils.h"
#include "core/transformer/model.h"
#include "widgets/examplepicker.h"
#include "widgets/modelconfigform.h"
#include "widgets/settingspanel.h"

#include <QComboBox>
#include <QDockWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace attn;
using namespace attn::ui;

namespace {

ModelPtr openModel(const QString &folder)
{
    Expected<ModelPtr> model = loadModel(QStringLiteral(AE_TEST_DATA_DIR "/") + folder);
    if (!model) {
        qWarning("%s", qPrintable(model.error()));
        return nullptr;
    }
    return *model;
}

// Lets the model run on a text until its result is the document's.
bool runOn(AttentionDocument &document, const QString &text)
{
    document.setSentence(text);
    const QString name = document.model()->info().name;
    QSignalSpy results(&document, &AttentionDocument::resultChanged);
    for (int i = 0; i < 50; ++i) {
        const ResultPtr result = document.result();
        if (result && result->modelName == name && result->text == text && !document.isBusy())
            return true;
        results.wait(100);
    }
    return false;
}

} // namespace

class TestModelSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("attention-explorer-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_modelsettings"));
    }

    // The numbers are those of each fixture's config.json.
    void theFormShowsTheModelsConfiguration_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<QString>("heads");
        QTest::addColumn<QString>("keyValueHeads");
        QTest::addColumn<QString>("dModel");
        QTest::addColumn<QString>("dHead");
        QTest::addColumn<QString>("vocabulary");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("positions");
        QTest::addColumn<QString>("norm");
        QTest::addColumn<QString>("attention");
        // num_key_value_heads 2 of 4 heads: grouped-query attention; head_dim 8, RoPE, RMSNorm.
        QTest::addRow("llama") << "llama/tiny-f32" << "3" << "4" << "2 (2 query heads each)" << "32"
                               << "8" << "276 tokens" << "64 tokens" << "RoPE (8 of 8 dims)" << "RMSNorm, before"
                               << "causal";
        // n_embd 16 over n_head 2; learned positions (wpe), LayerNorm before each block.
        QTest::addRow("gpt2") << "gpt2/tiny-f32" << "2" << "2" << "2 (one per head)" << "16" << "8" << "276 tokens"
                              << "64 tokens" << "learned" << "LayerNorm, before" << "causal";
        // An encoder: every token sees every other; the norm after each residual add.
        QTest::addRow("bert") << "bert/tiny-f32" << "2" << "4" << "4 (one per head)" << "32" << "8" << "276 tokens"
                              << "24 tokens" << "learned" << "LayerNorm, after" << "bidirectional";
    }
    void theFormShowsTheModelsConfiguration()
    {
        QFETCH(QString, folder);
        AttentionDocument document;
        document.loadPreset(QStringLiteral("cat-sat"));
        SettingsPanel panel(&document);
        QVERIFY(!panel.showsModel());
        const ModelPtr model = openModel(folder);
        QVERIFY(model);
        document.setModel(model);
        QVERIFY(panel.showsModel());
        QVERIFY(panel.isEnabled());
        ModelConfigForm *form = panel.modelForm();
        QFETCH(QString, layers);
        QFETCH(QString, heads);
        QFETCH(QString, keyValueHeads);
        QFETCH(QString, dModel);
        QFETCH(QString, dHead);
        QFETCH(QString, vocabulary);
        QFETCH(QString, context);
        QCOMPARE(form->valueText(QStringLiteral("layers")), layers);
        QCOMPARE(form->valueText(QStringLiteral("heads")), heads);
        QCOMPARE(form->valueText(QStringLiteral("keyValueHeads")), keyValueHeads);
        QCOMPARE(form->valueText(QStringLiteral("dModel")), dModel);
        QCOMPARE(form->valueText(QStringLiteral("dHead")), dHead);
        QCOMPARE(form->valueText(QStringLiteral("vocabulary")), vocabulary);
        QCOMPARE(form->valueText(QStringLiteral("context")), context);
        QCOMPARE(form->valueText(QStringLiteral("family")), model->info().family);

        // The norm and the positions are what the model's run says of itself.
        QVERIFY(runOn(document, QStringLiteral("the cat sat")));
        QFETCH(QString, positions);
        QFETCH(QString, norm);
        QFETCH(QString, attention);
        QVERIFY2(form->valueText(QStringLiteral("positions")).startsWith(positions),
                 qPrintable(form->valueText(QStringLiteral("positions"))));
        QVERIFY2(form->valueText(QStringLiteral("norm")).startsWith(norm), qPrintable(form->valueText(QStringLiteral("norm"))));
        QVERIFY2(form->valueText(QStringLiteral("attention")).startsWith(attention),
                 qPrintable(form->valueText(QStringLiteral("attention"))));

        // Closed: the toy layer's own settings, editable, with its values.
        document.setModel(nullptr);
        QVERIFY(!panel.showsModel());
        QSpinBox *toyHeads = nullptr;
        for (QSpinBox *box : panel.findChildren<QSpinBox *>())
            if (box->toolTip().startsWith(QStringLiteral("Number of attention heads")))
                toyHeads = box;
        QVERIFY(toyHeads);
        QVERIFY(toyHeads->isEnabled());
        QCOMPARE(toyHeads->value(), document.config().heads);
    }

    // In the window: the Settings dock is not greyed, it shows the model; the Example box shows no
    // toy example and says why; closing the model gives both back.
    void theWindowShowsTheModelNotTheToy()
    {
        MainWindow window(testutils::presetStart(QStringLiteral("cat-sat")));
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("settingsDock"));
        QVERIFY(dock);
        auto *panel = dock->findChild<SettingsPanel *>(); // inside the dock's scroll area
        QVERIFY(panel);
        auto *examples = window.findChild<ExamplePicker *>();
        QVERIFY(examples);
        const QString title = findPreset(QStringLiteral("cat-sat"))->title;
        QCOMPARE(examples->currentText(), title);
        QVERIFY(examples->isEnabled());

        const ModelPtr model = openModel(QStringLiteral("llama/tiny-f32"));
        QVERIFY(model);
        window.document()->setModel(model);
        QVERIFY(panel->isEnabled());
        QVERIFY(panel->showsModel());
        QVERIFY(panel->modelForm()->isVisible());
        QCOMPARE(panel->modelForm()->valueText(QStringLiteral("layers")), QStringLiteral("3"));
        QVERIFY(!examples->isEnabled());
        QCOMPARE(examples->currentText(), ExamplePicker::customText());
        QVERIFY(examples->toolTip().contains(QStringLiteral("toy layer")));
        testutils::settle(window);

        window.document()->setModel(nullptr);
        QVERIFY(!panel->showsModel());
        QVERIFY(examples->isEnabled());
        QCOMPARE(examples->currentText(), title); // the toy state was never changed
    }
};

QTEST_MAIN(TestModelSettings)
#include "tst_modelsettings.moc"

#include "mainwindow.h"

#include "editor/matrixeditor.h"
#include "export/exportcontroller.h"
#include "checkpoint/modelview.h"
#include "checkpoint/modelworkspace.h"
#include "checkpoint/rolloutheatmapview.h"
#include "checkpoint/rolloutview.h"
#include "help/shortcutsdialog.h"
#include "help/walkthrough.h"
#include "document/displayedresult.h"
#include "session/sessioncontroller.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"
#include "theme.h"
#include "viewwiring.h"
#include "widgets/colorscalebox.h"
#include "widgets/examplepicker.h"
#include "widgets/sentencepairrow.h"
#include "widgets/settingspanel.h"
#include "widgets/tokenstrip.h"
#include "widgets/tokenstripscroller.h"
#include "windowlayout.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextDocument>
#include <QTimer>
#include <QToolBar>
#include <QUndoView>
#include <QVBoxLayout>

namespace attn::ui {

MainWindow::MainWindow(const StartState &start, QWidget *parent)
    : QMainWindow(parent), m_document(new AttentionDocument(this)), m_focus(new FocusModel(this)),
      m_options(new ViewOptionsModel(this)), m_shown(new DisplayedResult(m_document, m_options, this))
{
    setWindowTitle(tr("Attention Explorer"));
    setDockNestingEnabled(true);
    m_relayout.setSingleShot(true);
    m_relayout.setInterval(250);
    connect(&m_relayout, &QTimer::timeout, this, &MainWindow::resetLayout);
    buildInputArea();
    buildViews();
    buildViewToolBar();
    buildMenus();

    m_tokenCount = new QLabel(this);
    m_timing = new QLabel(this);
    // Wide enough for any time, so that a new figure does not resize the status bar.
    m_timing->setMinimumWidth(m_timing->fontMetrics().horizontalAdvance(tr("computed in %1 ms").arg(88888.88, 0, 'f', 2)));
    statusBar()->addPermanentWidget(m_tokenCount);
    statusBar()->addPermanentWidget(m_timing);
    statusBar()->addPermanentWidget(m_model->weightFormatLabel());
    statusBar()->addPermanentWidget(m_model->busyIndicator());

    connect(m_document, &AttentionDocument::resultChanged, this, &MainWindow::onResult);
    connect(m_document, &AttentionDocument::computeFailed, this, [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
    });
    connect(m_document, &AttentionDocument::tokensChanged, m_tokens, &TokenStrip::setTokens);
    connect(m_document, &AttentionDocument::modelChanged, this, [this](const ModelPtr &model) {
        // The toy model's matrices; the Settings dock shows the checkpoint's own configuration instead.
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("matricesDock")))
            dock->widget()->setEnabled(!model);
    });
    connect(m_document, &AttentionDocument::stateChanged, this, [this] {
        m_head->setMaximum(std::max(0, m_document->config().heads - 1));
    });
    connect(m_focus, &FocusModel::focusChanged, this, [this](const Focus &focus) {
        const QSignalBlocker blocker(m_head), layerBlocker(m_layer);
        m_head->setValue(focus.head);
        m_layer->setValue(focus.layer);
    });

    restoreSettings();
    // Placed for the starting size before the first show: a wide arrangement shown in a laptop's
    // window would stretch the window past the screen (its minimum height is larger).
    if (!QSettings().contains(QStringLiteral("window/state")) || dockLayoutFor(size()) != m_dockLayout)
        resetLayout();
    if (QSettings settings; !settings.value(QStringLiteral("help/startHintShown")).toBool()) {
        // Until the next message, on the first start only; Help ▸ Getting started says more.
        statusBar()->showMessage(tr("Hover a cell to read its numbers; click to pin it; the arrow keys move it. "
                                    "More in Help ▸ Getting started."));
        settings.setValue(QStringLiteral("help/startHintShown"), true);
    }
    connect(m_document, &AttentionDocument::modelChanged, this, &MainWindow::focusFirstPair);

    m_document->applyDocumentState({start.state, start.sentence, start.presetName, start.sentenceB}, tr("Start"));
    m_document->undoStack()->clear(); // the starting point is not an edit to undo
    focusFirstPair();
    m_session->markClean(); // what the window starts with is not an unsaved change
}

MainWindow::~MainWindow() = default;

void MainWindow::buildInputArea()
{
    auto *area = new QWidget(this);
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(8, 8, 8, 4);

    auto *presetRow = new QHBoxLayout;
    auto *examples = new ExamplePicker(m_document, area); // follows the document: an example, or Custom
    m_presets = examples;
    auto *examplesLabel = new QLabel(tr("&Example:"), area);
    examplesLabel->setBuddy(examples);
    presetRow->addWidget(examplesLabel);
    presetRow->addWidget(examples, 1);
    connect(examples, &ExamplePicker::exampleChosen, this, &MainWindow::showPreset);
    layout->addLayout(presetRow);

    m_sentence = new QPlainTextEdit(area);
    m_sentence->setPlaceholderText(tr("Type a sentence — every view follows as you type"));
    m_sentence->setToolTip(tr("The input text. It is split into words and punctuation; up to %1 tokens are computed.")
                               .arg(Limits::maxTokens));
    m_sentence->setTabChangesFocus(true);
    m_sentence->setUndoRedoEnabled(false); // typing is undone with the document (Edit ▸ Undo), not in the box
    // Two lines at least (a laptop's window has no room for more above the heatmap); the layout
    // gives it up to eight where there is room, and longer texts scroll.
    const int lineHeight = m_sentence->fontMetrics().lineSpacing();
    m_sentence->setMinimumHeight(lineHeight * 2 + 12);
    m_sentence->setMaximumHeight(lineHeight * 8 + 12);
    m_sentence->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(m_sentence, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = typedSentence();
        if (text.size() > Limits::maxTextLength)
            statusBar()->showMessage(tr("The input is limited to %1 characters; the rest is ignored.")
                                         .arg(Limits::maxTextLength), 5000);
        m_document->setSentence(text);
    });
    // A sentence set elsewhere (a preset, an opened session) shows in the box. Typed text is the
    // document's already (up to the length limit), and rewriting it would move the cursor.
    connect(m_document, &AttentionDocument::sentenceChanged, m_sentence, [this](const QString &sentence) {
        if (typedSentence().left(Limits::maxTextLength) == sentence)
            return;
        const QSignalBlocker blocker(m_sentence);
        m_sentence->setPlainText(sentence);
    });
    layout->addWidget(m_sentence);
    m_sentencePair = new SentencePairRow(m_document, m_options, area);
    layout->addWidget(m_sentencePair);

    m_tokens = new TokenStrip(m_focus, area);
    layout->addWidget(new TokenStripScroller(m_tokens, m_focus, area));

    m_error = new QLabel(area);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *dock = new QDockWidget(tr("Input"), this);
    dock->setObjectName(QStringLiteral("inputDock"));
    dock->setWidget(area);
    // Always there and always on top: no title bar, whose line the heatmap needs more.
    dock->setFeatures(QDockWidget::NoDockWidgetFeatures);
    dock->setTitleBarWidget(new QWidget(dock));
    addDockWidget(Qt::TopDockWidgetArea, dock);
}

QWidget *MainWindow::buildFlowPanel()
{
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *controls = new QHBoxLayout;
    auto *allHeads = new QCheckBox(tr("All heads"), panel);
    allHeads->setToolTip(tr("Draw every head at once, each in its own colour"));
    auto *threshold = new QSlider(Qt::Horizontal, panel);
    threshold->setRange(0, 100);
    threshold->setToolTip(tr("Hide arrows whose weight is below this threshold"));
    auto *thresholdValue = new QLabel(panel);
    auto *topK = new QSpinBox(panel);
    topK->setRange(0, Limits::maxTokens);
    topK->setSpecialValueText(tr("all"));
    topK->setPrefix(tr("top "));
    topK->setToolTip(tr("Per query, keep only its k strongest arrows (all = no limit)"));
    controls->addWidget(allHeads);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Threshold"), panel));
    controls->addWidget(threshold, 1);
    controls->addWidget(thresholdValue);
    controls->addSpacing(12);
    auto *topKLabel = new QLabel(tr("Per query"), panel);
    topKLabel->setBuddy(topK);
    topKLabel->setToolTip(topK->toolTip());
    controls->addWidget(topKLabel);
    controls->addWidget(topK);
    layout->addLayout(controls);

    auto show = [=](const ViewOptions &o) {
        const QSignalBlocker b1(allHeads), b2(threshold), b3(topK);
        allHeads->setChecked(o.flowHeads == FlowHeads::All);
        threshold->setValue(int(std::lround(o.flowThreshold * 100)));
        thresholdValue->setText(QString::number(o.flowThreshold, 'f', 2));
        topK->setValue(o.flowTopK);
    };
    show(m_options->options());
    connect(m_options, &ViewOptionsModel::optionsChanged, panel, show);
    connect(allHeads, &QCheckBox::toggled, this, [this](bool all) {
        ViewOptions o = m_options->options();
        o.flowHeads = all ? FlowHeads::All : FlowHeads::Focused;
        m_options->setOptions(o);
    });
    connect(threshold, &QSlider::valueChanged, this, [this](int value) {
        ViewOptions o = m_options->options();
        o.flowThreshold = value / 100.0;
        m_options->setOptions(o);
    });
    connect(topK, &QSpinBox::valueChanged, this, [this](int k) {
        ViewOptions o = m_options->options();
        o.flowTopK = k;
        m_options->setOptions(o);
    });

    auto *tabs = new QTabWidget(panel);
    m_columns = new FlowView(FlowLayout::Columns, tabs);
    m_arcs = new FlowView(FlowLayout::Arcs, tabs);
    wireView(m_columns, m_shown, m_focus, m_options);
    wireView(m_arcs, m_shown, m_focus, m_options);
    // In a scroll area: a diagram takes the height it needs for the pane's width (long texts switch to
    // an overview that fits), and scrolls only where a pane is too small even for that.
    auto scrolled = [tabs](QWidget *view) {
        auto *scroll = new QScrollArea(tabs);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(view);
        return scroll;
    };
    tabs->addTab(scrolled(m_arcs), tr("Arcs (§2.7)"));
    tabs->addTab(scrolled(m_columns), tr("Columns"));
    tabs->setTabToolTip(0, tr("Tokens in a row with curved arrows labelled with their weights, as in the seed's §2.7"));
    tabs->setTabToolTip(1, tr("Queries on the left, keys on the right; line width and opacity follow the weight"));
    layout->addWidget(tabs, 1);
    return panel;
}

void MainWindow::buildViews()
{
    m_heatmap = new HeatmapView(this);
    wireView(m_heatmap, m_shown, m_focus, m_options);
    // The docks shrink before the heatmap does: the window lays out around this minimum.
    m_heatmap->setMinimumSize(minimumHeatmapSize());
    setCentralWidget(m_heatmap);

    // The right column (all heads, the steps) runs the full height: the worked steps need it most.
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    auto dock = [this](const QString &title, const char *name, QWidget *widget, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(QString::fromLatin1(name));
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    // Scrolled: the settings' rows must not set the window's minimum height.
    auto *settingsScroll = new QScrollArea(this);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setWidget(new SettingsPanel(m_document, this));
    dock(tr("Settings"), "settingsDock", settingsScroll, Qt::LeftDockWidgetArea);
    auto *undoView = new QUndoView(m_document->undoStack(), this);
    undoView->setEmptyLabel(tr("<start>"));
    auto *history = dock(tr("History"), "historyDock", undoView, Qt::LeftDockWidgetArea);
    m_grid = new HeadGridView(this);
    wireView(m_grid, m_shown, m_focus, m_options);
    dock(tr("All heads"), "headsDock", m_grid, Qt::RightDockWidgetArea);
    m_steps = new StepPanel(this);
    wireStepPanel(m_steps, m_document, m_focus, m_options);
    dock(tr("Step by step"), "stepsDock", m_steps, Qt::RightDockWidgetArea);
    QWidget *flowPanel = buildFlowPanel();
    flowPanel->setMinimumHeight(minimumFlowHeight());
    QDockWidget *flow = dock(tr("Flow"), "flowDock", flowPanel, Qt::BottomDockWidgetArea);
    m_matrices = new MatrixEditor(m_document, m_focus, this);
    // Scrolled like the settings, so that its tables do not set the minimum height of the flow's tab group.
    auto *matricesScroll = new QScrollArea(this);
    matricesScroll->setWidgetResizable(true);
    matricesScroll->setFrameShape(QFrame::NoFrame);
    matricesScroll->setWidget(m_matrices);
    tabifyDockWidget(flow, dock(tr("Matrices"), "matricesDock", matricesScroll, Qt::BottomDockWidgetArea));
    history->hide();
    m_model = new ModelWorkspace(this, m_document, m_shown, m_focus, m_options); // Model menu and its four docks

    auto *walkthrough = new WalkthroughPanel([this](const WalkthroughStop &stop) {
        if (!stop.preset.isEmpty())
            showPreset(stop.preset);
        if (auto *dock = findChild<QDockWidget *>(stop.dockName, Qt::FindDirectChildrenOnly)) {
            dock->show();
            dock->raise();
        }
    }, this);
    dock(tr("Walk-through"), "walkthroughDock", walkthrough, Qt::RightDockWidgetArea)->hide();

    // Compact until the window knows its size: the arrangement with the smallest minimum, so that
    // sizing the window (first start, restored geometry) is not clamped by the wide one's minimum.
    m_dockLayout = DockLayout::Compact;
    arrangeDocks(*this, m_dockLayout);
}

QSize MainWindow::defaultWindowSize() const
{
    // Most of the screen; all of a small one (a 1024×640 laptop has no room to spare).
    const QSize available = screen() ? screen()->availableGeometry().size() : QSize(1400, 900);
    if (available.width() < 1280 || available.height() < 800)
        return available;
    return QSize(1600, 1000).boundedTo(available * 0.94);
}

void MainWindow::resetLayout()
{
    m_dockLayout = dockLayoutFor(size());
    arrangeDocks(*this, m_dockLayout);
}

void MainWindow::resetLayoutIfCramped()
{
    const QDockWidget *flow = findChild<QDockWidget *>(QStringLiteral("flowDock"), Qt::FindDirectChildrenOnly);
    const bool cramped = m_heatmap->height() < 400 || m_heatmap->width() < 400 || !flow->isVisible()
                         || flow->height() < minimumFlowHeight() + 30;
    if (cramped || dockLayoutFor(size()) != m_dockLayout)
        resetLayout();
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // Crossing between a wide and a compact window re-arranges the docks (once the drag pauses):
    // the arrangement made for the other size would crush the heatmap or waste the room.
    if (isVisible() && dockLayoutFor(size()) != m_dockLayout)
        m_relayout.start();
}

void MainWindow::buildViewToolBar()
{
    auto *bar = addToolBar(tr("View"));
    bar->setObjectName(QStringLiteral("viewToolBar"));
    auto *layerBox = new QWidget(bar); // one action, so that it hides as a whole for one-layer models
    auto *layerLayout = new QHBoxLayout(layerBox);
    layerLayout->setContentsMargins(0, 0, 0, 0);
    layerLayout->addWidget(new QLabel(tr(" Layer "), layerBox));
    m_layer = new QSpinBox(layerBox);
    m_layer->setRange(0, 0);
    m_layer->setToolTip(tr("The layer shown in every view (0-based)"));
    connect(m_layer, &QSpinBox::valueChanged, m_focus, &FocusModel::setLayer);
    layerLayout->addWidget(m_layer);
    m_layerAction = bar->addWidget(layerBox);
    m_layerAction->setVisible(false);
    bar->addWidget(new QLabel(tr(" Head "), bar));
    m_head = new QSpinBox(bar);
    m_head->setRange(0, 0);
    m_head->setToolTip(tr("The head shown large, in the arrows and in the step panel (0-based)"));
    connect(m_head, &QSpinBox::valueChanged, m_focus, &FocusModel::setHead);
    bar->addWidget(m_head);
    bar->addSeparator();

    auto *values = new QComboBox(bar);
    values->addItem(tr("Weights (softmax)"), int(CellValue::Weights));
    values->addItem(tr("Scores (q·k / √d_k)"), int(CellValue::Scores));
    values->setToolTip(tr("Colour the heatmaps by attention weight (0–1) or by raw score (diverging, centred on 0)"));
    connect(values, &QComboBox::currentIndexChanged, this, [this, values](int index) {
        ViewOptions o = m_options->options();
        o.cellValue = CellValue(values->itemData(index).toInt());
        m_options->setOptions(o);
    });
    bar->addWidget(values);

    auto *maps = new QComboBox(bar);
    for (ColorMapId id : {ColorMapId::Viridis, ColorMapId::Magma, ColorMapId::Cividis, ColorMapId::Greys})
        maps->addItem(colorMapName(id), int(id));
    maps->setToolTip(tr("Colour map of the weights: perceptually uniform, readable in grey and by colour-blind readers"));
    connect(maps, &QComboBox::currentIndexChanged, this, [this, maps](int index) {
        ViewOptions o = m_options->options();
        o.colorMap = ColorMapId(maps->itemData(index).toInt());
        m_options->setOptions(o);
    });
    bar->addWidget(maps);
    bar->addWidget(new ColorScaleBox(m_options, bar));

    // The attention sink: trained heads park most of every row on the first token; hiding it shows
    // where the rest goes (the step panel keeps the model's own softmax).
    auto *hideFirst = bar->addAction(tr("Hide first token"));
    hideFirst->setCheckable(true);
    hideFirst->setToolTip(tr("Leave out the first token (the attention sink: <|begin_of_text|>, <bos>, or the first word) "
                             "and rescale every row over the other tokens, so the rest of the pattern shows. "
                             "The step panel keeps the model's own numbers."));
    connect(hideFirst, &QAction::toggled, this, [this](bool hide) {
        ViewOptions o = m_options->options();
        o.hideFirstToken = hide;
        m_options->setOptions(o);
    });
    // An encoder's sinks are its [CLS] and [SEP] (or <s> and </s>): the same switch hides those.
    connect(m_document, &AttentionDocument::modelChanged, hideFirst, [hideFirst](const ModelPtr &model) {
        const bool encoder = model && model->info().bidirectional;
        hideFirst->setText(encoder ? tr("Hide special tokens") : tr("Hide first token"));
        hideFirst->setToolTip(encoder ? tr("Leave out the special tokens ([CLS] and [SEP], or <s> and </s>), where "
                                           "many encoder heads park their attention, and rescale every row over "
                                           "the other tokens. The step panel keeps the model's own numbers.")
                                      : tr("Leave out the first token (the attention sink: <|begin_of_text|>, "
                                           "<bos>, or the first word) and rescale every row over the other "
                                           "tokens, so the rest of the pattern shows. The step panel keeps the "
                                           "model's own numbers."));
    });
    connect(m_options, &ViewOptionsModel::optionsChanged, this, [values, maps, hideFirst](const ViewOptions &o) {
        const QSignalBlocker b1(values), b2(maps), b3(hideFirst);
        values->setCurrentIndex(values->findData(int(o.cellValue)));
        maps->setCurrentIndex(maps->findData(int(o.colorMap)));
        hideFirst->setChecked(o.hideFirstToken);
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    // Sessions (Open, Recent, Save, Save As), matrix import/export, the [*] title and close prompt.
    const SessionModels models{m_document, m_focus, m_options, [this] { return saveState(); },
                               [this](const QByteArray &layout) {
                                   // A session's layout may come from another screen: kept only
                                   // while it leaves the diagrams their room.
                                   restoreState(layout);
                                   QTimer::singleShot(0, this, &MainWindow::resetLayoutIfCramped);
                               }};
    m_session = new SessionController(models, m_matrices, this);
    connect(m_session, &SessionController::titleChanged, this, &QWidget::setWindowTitle);
    connect(m_session, &SessionController::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_session, &SessionController::statusMessage, statusBar(), &QStatusBar::showMessage);
    m_session->addFileActions(file);
    // Exports: File ▸ Export…, Export all heads…, Copy image, and each view's context menu.
    m_export = new ExportController(m_document, m_focus, m_options, this);
    installExportContextMenu(m_heatmap, m_heatmap, m_export);
    installExportContextMenu(m_grid, m_grid, m_export);
    installExportContextMenu(m_arcs, m_arcs, m_export);
    installExportContextMenu(m_columns, m_columns, m_export);
    installExportContextMenu(m_steps, m_steps, m_export);
    installExportContextMenu(m_model->modelView()->grid(), m_model->modelView(), m_export);
    installExportContextMenu(m_model->rolloutView()->heatmap(), m_model->rolloutView(), m_export);
    m_export->addActionsTo(file);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *clearFocus = edit->addAction(tr("Clear focus"), m_focus, &FocusModel::clear);
    clearFocus->setShortcut(Qt::Key_Escape);
    clearFocus->setShortcutContext(Qt::WindowShortcut);

    QMenu *examples = menuBar()->addMenu(tr("E&xamples"));
    for (const Preset &preset : presets()) {
        QAction *action = examples->addAction(preset.title, this, [this, name = preset.name] { showPreset(name); });
        action->setToolTip(preset.description);
        action->setStatusTip(preset.description);
    }
    examples->setToolTipsVisible(true);
    // The examples are the toy layer's: with a model open they wait, and say why.
    QAction *closeFirst = examples->addAction(tr("(Close the model to open the examples)"));
    closeFirst->setEnabled(false);
    closeFirst->setVisible(false);
    connect(m_document, &AttentionDocument::modelChanged, examples, [examples, closeFirst](const ModelPtr &model) {
        for (QAction *action : examples->actions())
            if (action != closeFirst)
                action->setEnabled(!model);
        closeFirst->setVisible(bool(model));
    });

    menuBar()->addMenu(m_model->menu());

    buildViewMenu();
    buildHelpMenu();
}

void MainWindow::buildViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    // The panels by name, in the order they sit; the input is always there and has no entry. The
    // matrix editor's own toolbars are part of its panel, not entries here.
    QMenu *panels = view->addMenu(tr("&Panels"));
    for (const char *name : {"flowDock", "stepsDock", "headsDock", "settingsDock", "matricesDock", "historyDock",
                             "walkthroughDock"})
        if (auto *dock = findChild<QDockWidget *>(QLatin1String(name), Qt::FindDirectChildrenOnly))
            panels->addAction(dock->toggleViewAction());
    panels->addSeparator();
    for (QDockWidget *dock : m_model->docks())
        panels->addAction(dock->toggleViewAction());
    QAction *toolbar = findChild<QToolBar *>(QStringLiteral("viewToolBar"))->toggleViewAction();
    toolbar->setText(tr("&Toolbar"));
    view->addAction(toolbar);
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    reset->setStatusTip(tr("Put every panel back where it works at the window's current size"));

    QMenu *themes = view->addMenu(tr("T&heme"));
    auto *group = new QActionGroup(themes);
    const QString current = QSettings().value(QStringLiteral("view/theme")).toString();
    for (const auto &[theme, label] : {std::pair{Theme::System, tr("&System")}, std::pair{Theme::Light, tr("&Light")},
                                       std::pair{Theme::Dark, tr("&Dark")}}) {
        QAction *action = themes->addAction(label, this, [theme] {
            applyTheme(theme);
            QSettings().setValue(QStringLiteral("view/theme"), themeKey(theme));
        });
        action->setCheckable(true);
        action->setChecked(themeFromKey(current) == theme);
        action->setObjectName(QStringLiteral("theme-") + themeKey(theme));
        group->addAction(action);
    }
}

void MainWindow::buildHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Getting started"), this, [this] {
        QMessageBox::information(this, tr("Getting started"), gettingStartedText());
    });
    QAction *walk = help->addAction(tr("The &walk-through"), this, [this] {
        auto *dock = findChild<QDockWidget *>(QStringLiteral("walkthroughDock"));
        dock->show();
        dock->raise();
    });
    walk->setStatusTip(tr("The seed document's sections one by one, each with its example and its view"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), this, [this] { ShortcutsDialog(*menuBar(), this).exec(); });
    keys->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    help->addAction(tr("&About Attention Explorer"), this, [this] {
        QMessageBox::about(this, tr("About Attention Explorer"), aboutText());
    });
}

QString MainWindow::gettingStartedText()
{
    return tr("Type a sentence: every view follows. Hover a cell to read its numbers everywhere; click to pin "
              "it; the arrow keys move it; Esc clears it. Ctrl+wheel zooms the heatmap. Help ▸ The walk-through "
              "goes through the seed document step by step.");
}

QString MainWindow::aboutText()
{
    return tr("<p><b>Attention Explorer %1</b></p><p>See, edit and export the attention of transformer models: "
              "Q = X·W_Q, K = X·W_K, V = X·W_V; softmax(Q·Kᵀ/√d_k)·V, every number visible.</p>"
              "<p>Built with Qt %2 (running on Qt %3) and Eigen.</p><p>Licence: see the LICENSE file that comes "
              "with the program (%4).</p>")
        .arg(QApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()),
             QStringLiteral("MIT"));
}

void MainWindow::showPreset(const QString &name)
{
    if (!findPreset(name))
        return;
    m_document->loadPreset(name); // the text box and the example box follow the document
    focusFirstPair();
}

QString MainWindow::typedSentence() const
{
    // Raw text, not toPlainText(): that turns no-break spaces into plain ones, which changes what a
    // byte-level tokenizer sees. Only the document's paragraph separators become line breaks.
    QString text = m_sentence->document()->toRawText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return text;
}

void MainWindow::focusFirstPair()
{
    // Open on the seed's own question: how much does the first word attend to the second? Under a
    // causal mask (every GPT-2 model) the first word cannot see the second, so ask it the other way.
    m_focus->clear();
    if (m_document->tokens().size() < 2)
        return;
    if (m_document->model() || m_document->config().causal)
        m_focus->hover(1, 0);
    else
        m_focus->hover(0, 1);
}

void MainWindow::onResult(const ResultPtr &result)
{
    m_error->hide();
    m_focus->setCausal(result->config.causal); // no pin on a cell the mask hides
    m_focus->clampTo(result->layerCount(), result->headCount(), result->tokenCount());
    // Each of these lays out the toolbar or the status bar, and with it the window, even when nothing
    // changes: a keystroke should repaint the views and nothing else.
    if (const int top = std::max(0, result->headCount() - 1); m_head->maximum() != top)
        m_head->setMaximum(top);
    if (const int top = std::max(0, result->layerCount() - 1); m_layer->maximum() != top)
        m_layer->setMaximum(top);
    m_layer->setValue(m_focus->focus().layer); // the focus may have moved before the range grew
    if (m_layerAction->isVisible() != (result->layerCount() > 1))
        m_layerAction->setVisible(result->layerCount() > 1);
    if (const QString count = tr("%n token(s)", nullptr, result->tokenCount()); m_tokenCount->text() != count)
        m_tokenCount->setText(count);
    m_timing->setText(tr("computed in %1 ms").arg(m_document->lastComputeMilliseconds(), 0, 'f', 2));
    suggestAColourScale(*result);
}

void MainWindow::suggestAColourScale(const AttentionResult &result)
{
    // Long rows of near-equal weights (every weight ≈ 1/N) are one colour at 0–1: say, once, how to
    // see them. The 0–1 scale stays the default, so that the seed's numbers read as they are.
    const ViewOptions &o = m_options->options();
    if (m_suggestedColourScale || o.colorScale != ColorScale::Fixed || o.cellValue != CellValue::Weights)
        return;
    const HeadPtr head = result.head(m_focus->focus().layer, m_focus->focus().head);
    if (!head || result.tokenCount() <= 16 || head->weights.size() == 0 || head->weights.maxCoeff() >= 0.1f)
        return;
    m_suggestedColourScale = true;
    statusBar()->showMessage(tr("Every weight of this head is below 0.1, so at the 0–1 scale it is one colour: "
                                "Scale ▸ Per row or Per head spreads the colours."),
                             20000);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    applyTheme(themeFromKey(settings.value(QStringLiteral("view/theme")).toString()));
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (settings.contains(QStringLiteral("window/state")))
        m_dockLayout = settings.value(QStringLiteral("window/dockLayout")).toString() == QLatin1String("compact")
                           ? DockLayout::Compact
                           : DockLayout::Wide;
    m_model->showDocks(false); // a saved layout may list the model's docks: no model is open yet
    ViewOptions o = m_options->options();
    o.colorMap = ColorMapId(std::clamp(settings.value(QStringLiteral("view/colorMap"), int(o.colorMap)).toInt(), 0, 3));
    o.cellValue = CellValue(std::clamp(settings.value(QStringLiteral("view/cellValue"), int(o.cellValue)).toInt(), 0, 1));
    o.flowHeads = FlowHeads(std::clamp(settings.value(QStringLiteral("view/flowHeads"), int(o.flowHeads)).toInt(), 0, 1));
    o.flowThreshold = std::clamp(settings.value(QStringLiteral("view/flowThreshold"), o.flowThreshold).toDouble(), 0.0, 1.0);
    o.flowTopK = std::clamp(settings.value(QStringLiteral("view/flowTopK"), o.flowTopK).toInt(), 0, Limits::maxTokens);
    o.hideFirstToken = settings.value(QStringLiteral("view/hideFirstToken"), o.hideFirstToken).toBool();
    o.colorScale = colorScaleFromName(settings.value(QStringLiteral("view/colorScale")).toString());
    o.colorTransfer = colorTransferFromName(settings.value(QStringLiteral("view/colorTransfer")).toString());
    m_options->setOptions(o);
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(defaultWindowSize());
    // Dock sizes only take once the window is laid out at its real size: after the first show. A
    // layout saved on another screen is kept only if it was made for a window of this kind.
    const bool saved = settings.contains(QStringLiteral("window/state"));
    QTimer::singleShot(0, this, [this, saved] {
        if (saved)
            resetLayoutIfCramped();
        else
            resetLayout(); // again, now that the docks can be sized
    });
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/dockLayout"),
                      m_dockLayout == DockLayout::Compact ? QStringLiteral("compact") : QStringLiteral("wide"));
    const ViewOptions &o = m_options->options();
    settings.setValue(QStringLiteral("view/colorMap"), int(o.colorMap));
    settings.setValue(QStringLiteral("view/cellValue"), int(o.cellValue));
    settings.setValue(QStringLiteral("view/flowHeads"), int(o.flowHeads));
    settings.setValue(QStringLiteral("view/flowThreshold"), o.flowThreshold);
    settings.setValue(QStringLiteral("view/flowTopK"), o.flowTopK);
    settings.setValue(QStringLiteral("view/hideFirstToken"), o.hideFirstToken);
    settings.setValue(QStringLiteral("view/colorScale"), colorScaleName(o.colorScale));
    settings.setValue(QStringLiteral("view/colorTransfer"), colorTransferName(o.colorTransfer));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_session->maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

} // namespace attn::ui

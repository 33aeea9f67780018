#pragma once

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "windowlayout.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace attn::ui {

class TokenStrip;
class SentencePairRow;
class HeatmapView;
class HeadGridView;
class FlowView;
class StepPanel;
class ExportController;
class MatrixEditor;
class SessionController;
class ModelWorkspace;
class DisplayedResult;

// What the window starts with: a preset or a sentence with its model state (from the command line).
struct StartState
{
    QString presetName;
    QString sentence;
    ModelState state;
    QString sentenceB; // an encoder's second sentence (--sentence-b)
};

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const StartState &start, QWidget *parent = nullptr);
    ~MainWindow() override;

    AttentionDocument *document() { return m_document; }
    FocusModel *focusModel() { return m_focus; }
    ViewOptionsModel *viewOptions() { return m_options; }
    QPlainTextEdit *sentenceEdit() { return m_sentence; }
    SentencePairRow *sentencePairRow() { return m_sentencePair; }
    TokenStrip *tokenStrip() { return m_tokens; }
    HeatmapView *heatmap() { return m_heatmap; }
    HeadGridView *headGrid() { return m_grid; }
    FlowView *columnFlow() { return m_columns; }
    FlowView *arcFlow() { return m_arcs; }
    StepPanel *stepPanel() { return m_steps; }
    ExportController *exportController() { return m_export; }
    MatrixEditor *matrixEditor() { return m_matrices; }
    SessionController *session() { return m_session; }
    ModelWorkspace *modelWorkspace() { return m_model; } // GPT-2 checkpoints: menu, docks, controller

    // View ▸ Reset layout: the docks arranged for the window's current size.
    void resetLayout();
    DockLayout dockLayout() const { return m_dockLayout; }
    // After a saved layout is restored (settings, a session): re-arranged when it was made for the
    // other kind of window or leaves the heatmap or the flow without their room.
    void resetLayoutIfCramped();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildInputArea();
    void buildViews();
    void buildMenus();
    void buildViewToolBar();
    void buildViewMenu();
    void buildHelpMenu();
    static QString gettingStartedText(); // the first start's hint and Help ▸ Getting started
    static QString aboutText();
    QWidget *buildFlowPanel();
    void onResult(const ResultPtr &result);
    void suggestAColourScale(const AttentionResult &result);
    void showPreset(const QString &name);
    QString typedSentence() const; // the text box's text as the document takes it
    void focusFirstPair();
    void restoreSettings();
    QSize defaultWindowSize() const;
    void saveSettings() const;

    AttentionDocument *m_document;
    FocusModel *m_focus;
    ViewOptionsModel *m_options;
    DisplayedResult *m_shown; // what the attention views draw (the step panel reads the document)

    QPlainTextEdit *m_sentence = nullptr;
    SentencePairRow *m_sentencePair = nullptr; // an encoder's sentence B and the A → B filter
    TokenStrip *m_tokens = nullptr;
    QComboBox *m_presets = nullptr;
    QSpinBox *m_head = nullptr;
    QSpinBox *m_layer = nullptr;
    QAction *m_layerAction = nullptr; // shown only for models with more than one layer
    QLabel *m_error = nullptr;
    QLabel *m_tokenCount = nullptr;
    QLabel *m_timing = nullptr;

    HeatmapView *m_heatmap = nullptr;
    HeadGridView *m_grid = nullptr;
    FlowView *m_columns = nullptr;
    FlowView *m_arcs = nullptr;
    StepPanel *m_steps = nullptr;
    ExportController *m_export = nullptr;
    MatrixEditor *m_matrices = nullptr;
    SessionController *m_session = nullptr;
    ModelWorkspace *m_model = nullptr;
    DockLayout m_dockLayout = DockLayout::Wide; // what the docks were last arranged for
    QTimer m_relayout;                          // re-arranges once a resize across layouts pauses
    bool m_suggestedColourScale = false;        // the flat-colours hint is given once per window
};

} // namespace attn::ui

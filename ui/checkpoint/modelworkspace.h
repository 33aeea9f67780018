#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMainWindow;
class QMenu;
class QWidget;

namespace attn::ui {

class AttentionDocument;
class DisplayedResult;
class FocusModel;
class HeadStatisticsPanel;
class ModelController;
class ModelView;
class PredictionsPanel;
class RolloutView;
class ViewOptionsModel;

// What real models add to the main window, built here so that the window only places it: the
// Model menu (Open model…, Close model), four docks (model view, rollout, head statistics,
// next-token predictions, tabbed together on the right), and a busy indicator for the status bar
// that appears while a checkpoint loads or a computation has run for more than a moment.
class ModelWorkspace : public QObject
{
    Q_OBJECT

public:
    ModelWorkspace(QMainWindow *window, AttentionDocument *document, DisplayedResult *shown, FocusModel *focus,
                   ViewOptionsModel *options);

    ModelController *controller() const { return m_controller; }
    ModelView *modelView() const { return m_modelView; }
    RolloutView *rolloutView() const { return m_rollout; }
    HeadStatisticsPanel *statisticsPanel() const { return m_statistics; }
    PredictionsPanel *predictionsPanel() const { return m_predictions; }
    QMenu *menu() const { return m_menu; }
    QWidget *busyIndicator() const { return m_busy; }
    // For the status bar: how the open model's file stores its weights (a GGUF file's quantisation,
    // "GGUF Q4_K_M"), the tensor types in its tooltip; hidden for other checkpoints.
    QLabel *weightFormatLabel() const { return m_weightFormat; }
    QAction *openAction() const { return m_open; }
    QAction *closeAction() const { return m_close; }

    // The model's docks (grid, rollout, statistics, predictions) are there only while a model is
    // open: shown (the grid raised) or hidden, with their View-menu entries enabled to match.
    void showDocks(bool show);
    const std::vector<QDockWidget *> &docks() const { return m_docks; }

    // Asks for a GGUF file or a checkpoint folder (picked by one of its files) and opens it.
    void openWithDialog();

    // GGUF files and checkpoint folders opened before, latest first (at most 8).
    static QStringList recentModels();

private:
    void addDocks();
    void rememberRecent(const QString &path);
    void fillRecentMenu();
    void updateBusy();

    QMainWindow *m_window;
    AttentionDocument *m_document;
    ModelController *m_controller;
    ModelView *m_modelView;
    RolloutView *m_rollout;
    HeadStatisticsPanel *m_statistics;
    PredictionsPanel *m_predictions;
    QDockWidget *m_modelDock = nullptr;
    std::vector<QDockWidget *> m_docks; // m_modelDock first
    QMenu *m_menu;
    QAction *m_open;
    QMenu *m_recent;
    QAction *m_close;
    QWidget *m_busy;
    QLabel *m_busyText;
    QLabel *m_weightFormat;
    QTimer m_busyDelay; // a computation shows the indicator only when it takes a noticeable time
};

} // namespace attn::ui

#include "modelworkspace.h"

#include "headstatisticspanel.h"
#include "modelcontroller.h"
#include "modelview.h"
#include "predictionspanel.h"
#include "rolloutview.h"

#include "document/attentiondocument.h"
#include "viewwiring.h"
#include "widgets/recentpaths.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>

namespace attn::ui {

namespace {

constexpr int kBusyDelayMs = 250;
constexpr int kMaxRecentModels = 8;
const QString kRecentModelsKey = QStringLiteral("model/recent");

} // namespace

ModelWorkspace::ModelWorkspace(QMainWindow *window, AttentionDocument *document, DisplayedResult *shown,
                               FocusModel *focus, ViewOptionsModel *options)
    : QObject(window), m_window(window), m_document(document), m_controller(new ModelController(document, this)),
      m_modelView(new ModelView(window)), m_rollout(new RolloutView(window)),
      m_statistics(new HeadStatisticsPanel(document, m_controller, focus, window)),
      m_predictions(new PredictionsPanel(document, focus, window)), m_menu(new QMenu(tr("&Model"), window)),
      m_busy(new QWidget(window)), m_busyText(new QLabel(m_busy)), m_weightFormat(new QLabel(window))
{
    wireView(m_modelView, shown, focus, options);
    wireView(m_rollout, document, focus, options);

    m_open = m_menu->addAction(tr("&Open model…"), this, &ModelWorkspace::openWithDialog);
    m_open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_open->setStatusTip(tr("Open a GGUF file (llama.cpp, Ollama, LM Studio), or a GPT-2, Llama, Mistral, Qwen, Gemma, "
                            "BERT, DistilBERT or RoBERTa folder as Hugging Face ships it: config.json, "
                            "model.safetensors (or its shards), tokenizer.json, vocab.txt or vocab.json + merges.txt"));
    m_weightFormat->hide();
    m_recent = m_menu->addMenu(tr("Open &Recent Model"));
    connect(m_recent, &QMenu::aboutToShow, this, &ModelWorkspace::fillRecentMenu);
    fillRecentMenu();
    m_close = m_menu->addAction(tr("&Close model"), m_controller, &ModelController::close);
    m_close->setStatusTip(tr("Return to the toy model and its editable matrices"));
    m_close->setEnabled(false);

    auto *layout = new QHBoxLayout(m_busy);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QProgressBar(m_busy);
    bar->setRange(0, 0); // no percentage: an indeterminate "working"
    bar->setMaximumSize(90, 14);
    bar->setTextVisible(false);
    layout->addWidget(m_busyText);
    layout->addWidget(bar);
    m_busy->hide();
    m_busyDelay.setSingleShot(true);
    m_busyDelay.setInterval(kBusyDelayMs);
    connect(&m_busyDelay, &QTimer::timeout, this, &ModelWorkspace::updateBusy);
    connect(document, &AttentionDocument::busyChanged, this, [this](bool busy) {
        if (busy)
            m_busyDelay.start();
        else
            updateBusy();
    });
    connect(m_controller, &ModelController::loadingChanged, this, &ModelWorkspace::updateBusy);

    connect(m_controller, &ModelController::opened, this, [this](const ModelPtr &model) {
        m_close->setEnabled(true);
        QString message = tr("Opened %1").arg(ModelController::describe(*model));
        if (!model->warnings().isEmpty())
            message += QStringLiteral(" — ") + model->warnings().join(QStringLiteral("; "));
        m_window->statusBar()->showMessage(message, 15000);
        const QString format = model->info().weightFormat;
        m_weightFormat->setText(tr("GGUF %1").arg(format.section(u':', 0, 0)));
        m_weightFormat->setToolTip(tr("Weights stored as %1, dequantised to floats for every product").arg(format));
        m_weightFormat->setVisible(!format.isEmpty());
        rememberRecent(m_controller->path());
    });
    connect(m_controller, &ModelController::closed, this, [this] {
        m_close->setEnabled(false);
        m_weightFormat->hide();
        m_window->statusBar()->showMessage(tr("Back to the toy model"), 5000);
    });
    connect(m_controller, &ModelController::openFailed, this, [this](const QString &message) {
        QMessageBox::warning(m_window, tr("Cannot open the checkpoint"), message);
    });
    addDocks();
}

void ModelWorkspace::addDocks()
{
    auto dock = [this](const QString &title, const char *name, QWidget *widget) {
        auto *d = new QDockWidget(title, m_window);
        d->setObjectName(QString::fromLatin1(name));
        d->setWidget(widget);
        m_window->addDockWidget(Qt::RightDockWidgetArea, d);
        return d;
    };
    m_modelDock = dock(tr("Model: every layer × head"), "modelDock", m_modelView);
    QDockWidget *rollout = dock(tr("Rollout"), "rolloutDock", m_rollout);
    QDockWidget *statistics = dock(tr("Head statistics"), "headStatisticsDock", m_statistics);
    QDockWidget *predictions = dock(tr("Next token"), "predictionsDock", m_predictions);
    // Beside the "All heads" grid when the window has one: the right column keeps its height.
    if (auto *heads = m_window->findChild<QDockWidget *>(QStringLiteral("headsDock")))
        m_window->tabifyDockWidget(heads, m_modelDock);
    m_window->tabifyDockWidget(m_modelDock, rollout);
    m_window->tabifyDockWidget(rollout, statistics);
    m_window->tabifyDockWidget(statistics, predictions);
    m_docks = {m_modelDock, rollout, statistics, predictions};
    showDocks(false);
    connect(m_document, &AttentionDocument::modelChanged, this, [this](const ModelPtr &model) { showDocks(bool(model)); });
    // An encoder's head fills in masks rather than predicting what comes next.
    connect(m_document, &AttentionDocument::modelChanged, predictions, [predictions](const ModelPtr &model) {
        predictions->setWindowTitle(model && model->info().bidirectional ? tr("Fill the mask") : tr("Next token"));
    });
}

void ModelWorkspace::showDocks(bool show)
{
    for (QDockWidget *dock : m_docks) {
        dock->setVisible(show);
        dock->toggleViewAction()->setEnabled(show);
    }
    if (show)
        m_modelDock->raise();
}

void ModelWorkspace::openWithDialog()
{
    QSettings settings;
    const QString start = settings.value(QStringLiteral("model/lastFolder"), QDir::homePath()).toString();
    // One dialog for both kinds: a GGUF file is the model; any file of a Hugging Face folder stands
    // for its folder.
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open a GGUF file, or any file of a checkpoint folder"), start,
        tr("Models (*.gguf config.json *.safetensors *.safetensors.index.json);;GGUF files (*.gguf);;"
           "Hugging Face checkpoints (config.json *.safetensors *.safetensors.index.json);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("model/lastFolder"), QFileInfo(path).absolutePath());
    m_controller->open(path);
}

QStringList ModelWorkspace::recentModels()
{
    return RecentPaths(kRecentModelsKey, kMaxRecentModels).paths();
}

void ModelWorkspace::rememberRecent(const QString &path)
{
    if (!path.isEmpty())
        RecentPaths(kRecentModelsKey, kMaxRecentModels).add(QFileInfo(path).absoluteFilePath());
}

void ModelWorkspace::fillRecentMenu()
{
    m_recent->clear();
    const QStringList recent = recentModels();
    for (const QString &path : recent) {
        QAction *action = m_recent->addAction(QDir::toNativeSeparators(path), this, [this, path] { m_controller->open(path); });
        action->setStatusTip(QFileInfo(path).isDir() ? tr("A checkpoint folder") : tr("A model file"));
    }
    m_recent->setEnabled(!recent.isEmpty());
}

void ModelWorkspace::updateBusy()
{
    const bool loading = m_controller->isLoading();
    const bool computing = m_document->isBusy() && !m_busyDelay.isActive();
    m_busyText->setText(loading ? tr("Opening checkpoint…") : tr("Computing…"));
    m_busy->setVisible(loading || computing);
    m_open->setEnabled(!loading);
    m_recent->setEnabled(!loading && !recentModels().isEmpty());
}

} // namespace attn::ui

#include "exportcontroller.h"

#include "exportdialog.h"
#include "viewrenderer.h"

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/exportableview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

namespace attn::ui {
namespace {

constexpr double kClipboardScale = 2.0;

QString settingsKey(const char *name)
{
    return QStringLiteral("export/") + QLatin1String(name);
}

} // namespace

ExportController::ExportController(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options,
                                   QWidget *window)
    : QObject(window), m_document(document), m_focus(focus), m_options(options), m_window(window)
{
    m_exportAction = new QAction(tr("&Export…"), this);
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportAction->setToolTip(tr("Save the current view as PNG, SVG or PDF, or its numbers as CSV or JSON"));
    m_exportAction->setStatusTip(m_exportAction->toolTip());
    connect(m_exportAction, &QAction::triggered, this, [this] { exportWithDialog(); });

    m_exportAllHeadsAction = new QAction(tr("Export &all heads…"), this);
    m_exportAllHeadsAction->setToolTip(tr("Save every head of the layer on one sheet, with labels and a colour bar"));
    m_exportAllHeadsAction->setStatusTip(m_exportAllHeadsAction->toolTip());
    connect(m_exportAllHeadsAction, &QAction::triggered, this, &ExportController::exportAllHeads);

    m_copyImageAction = new QAction(tr("&Copy image"), this);
    m_copyImageAction->setToolTip(tr("Put the current view on the clipboard as an image (PNG at 2× and SVG)"));
    m_copyImageAction->setStatusTip(m_copyImageAction->toolTip());
    connect(m_copyImageAction, &QAction::triggered, this, &ExportController::copyCurrentImage);

    const QSettings settings;
    m_lastOptions.scale = settings.value(settingsKey("scale"), 2.0).toDouble();
    m_lastOptions.pixelSize = settings.value(settingsKey("pixelSize"), QSize()).toSize();
    m_lastOptions.includeFocus = settings.value(settingsKey("includeFocus"), true).toBool();

    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (ExportableView *view = viewOfWidget(now))
            m_current = view;
    });
}

ExportController::~ExportController() = default;

QString ExportController::viewLabel(const QString &exportName)
{
    if (exportName == QLatin1String("heatmap"))
        return tr("Heatmap (one head)");
    if (exportName == QLatin1String("heads"))
        return tr("All heads (one sheet)");
    if (exportName == QLatin1String("flow"))
        return tr("Flow: columns");
    if (exportName == QLatin1String("arc"))
        return tr("Flow: arcs");
    if (exportName == QLatin1String("steps"))
        return tr("Step by step");
    if (exportName == QLatin1String("model"))
        return tr("Model: every layer × head");
    if (exportName == QLatin1String("rollout"))
        return tr("Attention rollout");
    return exportName;
}

void ExportController::addView(QWidget *widget, ExportableView *view, NumbersSource numbers)
{
    if (!widget || !view)
        return;
    m_views.push_back(view);
    m_widgets.emplace_back(widget);
    m_numbers.push_back(std::move(numbers));
    if (!m_current)
        m_current = view;

    auto *exportThis = new QAction(tr("Export this view…"), widget);
    exportThis->setToolTip(tr("Save this diagram as PNG, SVG or PDF, or its numbers as CSV or JSON"));
    connect(exportThis, &QAction::triggered, this, [this, view] { exportWithDialog(view); });
    auto *copy = new QAction(tr("Copy image"), widget);
    copy->setToolTip(tr("Put this diagram on the clipboard (PNG at 2× and SVG)"));
    connect(copy, &QAction::triggered, this, [this, view] {
        if (copyImage(view))
            report(tr("Copied %1 to the clipboard").arg(viewLabel(view->exportName())));
    });
    widget->addAction(exportThis);
    widget->addAction(copy);
    widget->setContextMenuPolicy(Qt::ActionsContextMenu);
    widget->installEventFilter(this); // a click makes it the view File ▸ Export… starts with
}

ExportableView *ExportController::viewOfWidget(const QWidget *widget) const
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        for (size_t i = 0; i < m_widgets.size(); ++i) {
            if (m_widgets[i] == w)
                return m_views[i];
        }
    }
    return nullptr;
}

bool ExportController::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::ContextMenu) {
        if (ExportableView *view = viewOfWidget(qobject_cast<QWidget *>(watched)))
            m_current = view;
    }
    return QObject::eventFilter(watched, event);
}

ExportableView *ExportController::currentView() const
{
    return m_current;
}

void ExportController::setCurrentView(ExportableView *view)
{
    m_current = view;
}

void ExportController::addActionsTo(QMenu *menu)
{
    menu->addAction(m_exportAction);
    menu->addAction(m_exportAllHeadsAction);
    menu->addAction(m_copyImageAction);
}

ExportSource ExportController::sourceFor(const ExportableView *view) const
{
    ExportSource source;
    source.view = view;
    for (size_t i = 0; i < m_views.size(); ++i) {
        if (m_views[i] == view && m_numbers[i]) {
            const ExportNumbers numbers = m_numbers[i]();
            source.result = numbers.result;
            source.selection = numbers.selection;
            return source;
        }
    }
    source.result = m_document ? m_document->result() : nullptr;
    if (source.result && view && m_focus && m_options)
        source.selection = HeadSelection::forView(view->exportName(), m_focus->focus(), m_options->options(),
                                                  *source.result);
    return source;
}

Expected<ExportFormat> ExportController::exportView(const ExportableView *view, const QString &path,
                                                    const ImageExportOptions &options)
{
    const Expected<ExportFormat> written = FileExporter::exportTo(path, sourceFor(view), options);
    if (written)
        emit exported(path);
    return written;
}

bool ExportController::copyImage(const ExportableView *view)
{
    if (!view)
        return false;
    ImageExportOptions options = m_lastOptions;
    options.pixelSize = QSize();
    options.scale = kClipboardScale;
    const Expected<QImage> image = ViewRenderer::renderImage(*view, options);
    if (!image) {
        warn(image.error());
        return false;
    }
    auto *mime = new QMimeData;
    mime->setImageData(*image);
    mime->setData(QStringLiteral("image/svg+xml"), ViewRenderer::renderSvg(*view, options.includeFocus));
    QGuiApplication::clipboard()->setMimeData(mime);
    return true;
}

void ExportController::copyCurrentImage()
{
    if (ExportableView *view = currentView(); view && copyImage(view))
        report(tr("Copied %1 to the clipboard").arg(viewLabel(view->exportName())));
}

void ExportController::exportAllHeads()
{
    for (ExportableView *view : m_views) {
        if (view->exportName() == QLatin1String("heads")) {
            exportWithDialog(view);
            return;
        }
    }
}

void ExportController::exportWithDialog(ExportableView *preselected)
{
    std::vector<ExportDialog::Choice> choices;
    for (size_t i = 0; i < m_views.size(); ++i) {
        if (m_widgets[i])
            choices.push_back({viewLabel(m_views[i]->exportName()), m_views[i]});
    }
    if (choices.empty())
        return;
    ExportDialog dialog(choices, m_window);
    dialog.setCurrentView(preselected ? preselected : currentView());
    dialog.setOptions(m_lastOptions);
    if (dialog.exec() != QDialog::Accepted || !dialog.currentView())
        return;
    ExportableView *view = dialog.currentView();
    m_lastOptions = dialog.options();
    QSettings settings;
    settings.setValue(settingsKey("scale"), m_lastOptions.scale);
    settings.setValue(settingsKey("pixelSize"), m_lastOptions.pixelSize);
    settings.setValue(settingsKey("includeFocus"), m_lastOptions.includeFocus);

    const QString path = askFileName(*view, m_lastOptions);
    if (path.isEmpty())
        return;
    const Expected<ExportFormat> written = exportView(view, path, m_lastOptions);
    if (!written) {
        warn(written.error());
        return;
    }
    report(tr("Exported %1 to %2 (%3)")
               .arg(viewLabel(view->exportName()), QDir::toNativeSeparators(path),
                    QLocale().formattedDataSize(QFileInfo(path).size())));
}

QString ExportController::askFileName(const ExportableView &view, const ImageExportOptions &)
{
    QSettings settings;
    QString directory = settings.value(settingsKey("directory")).toString();
    if (directory.isEmpty() || !QDir(directory).exists())
        directory = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QStringList filters = exportNameFilters();
    QString filter = settings.value(settingsKey("nameFilter"), filters.front()).toString();
    if (!filters.contains(filter))
        filter = filters.front();
    const ExportFormat format = exportFormatForNameFilter(filter).value_or(ExportFormat::Png);

    // A QFileDialog of our own (not the static helper) so that the default suffix follows the
    // chosen filter; in save mode it asks before replacing an existing file.
    QFileDialog dialog(m_window, tr("Export %1").arg(viewLabel(view.exportName())));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setNameFilters(filters);
    dialog.selectNameFilter(filter);
    dialog.setDefaultSuffix(exportFormatExtension(format));
    connect(&dialog, &QFileDialog::filterSelected, &dialog, [&dialog](const QString &selected) {
        if (const std::optional<ExportFormat> chosen = exportFormatForNameFilter(selected))
            dialog.setDefaultSuffix(exportFormatExtension(*chosen));
    });
    dialog.setDirectory(directory);
    dialog.selectFile(QStringLiteral("attention-%1.%2").arg(view.exportName(), exportFormatExtension(format)));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    const QString path = dialog.selectedFiles().front();
    settings.setValue(settingsKey("directory"), QFileInfo(path).absolutePath());
    settings.setValue(settingsKey("nameFilter"), dialog.selectedNameFilter());
    return path;
}

void ExportController::report(const QString &text)
{
    if (auto *window = qobject_cast<QMainWindow *>(m_window))
        window->statusBar()->showMessage(text, 6000);
}

void ExportController::warn(const QString &text)
{
    QMessageBox::warning(m_window, tr("Export"), text);
}

void installExportContextMenu(QWidget *view, ExportableView *exportable, ExportController *controller,
                              NumbersSource numbers)
{
    if (controller)
        controller->addView(view, exportable, std::move(numbers));
}

} // namespace attn::ui

#pragma once

#include "exportformat.h"
#include "fileexporter.h"
#include "imageexportoptions.h"

#include "core/expected.h"

#include <QObject>
#include <QPointer>

#include <vector>

class QAction;
class QMenu;
class QWidget;

namespace attn::ui {

class AttentionDocument;
class ExportableView;
class FocusModel;
class ViewOptionsModel;

// The window's exports: File ▸ Export… (a dialog, then a save dialog whose extension picks the
// format), File ▸ Export all heads… (the heads view as one sheet), Copy image (PNG and SVG on the
// clipboard), and "Export this view…" / "Copy image" in each view's context menu. It draws any
// ExportableView through the same renderer as the command line; numbers come from the document's
// result for the heads the view shows (HeadSelection::forView).
class ExportController : public QObject
{
    Q_OBJECT

public:
    ExportController(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options, QWidget *window);
    ~ExportController() override;

    // Registers a view: it can be chosen in the export dialog, and its context menu gets
    // "Export this view…" and "Copy image" (the widget's context menu policy becomes
    // Qt::ActionsContextMenu, so other parts can add their own actions next to these).
    // CSV/JSON write the heads the view shows (HeadSelection::forView by its export name) unless
    // `numbers` says otherwise.
    void addView(QWidget *widget, ExportableView *view, NumbersSource numbers = {});
    const std::vector<ExportableView *> &views() const { return m_views; }

    // The view File ▸ Export… starts with: the one last clicked or focused (the first one before).
    ExportableView *currentView() const;
    void setCurrentView(ExportableView *view);

    // Adds Export…, Export all heads… and Copy image to a menu (File).
    void addActionsTo(QMenu *menu);
    QAction *exportAction() const { return m_exportAction; }
    QAction *exportAllHeadsAction() const { return m_exportAllHeadsAction; }
    QAction *copyImageAction() const { return m_copyImageAction; }

    // What an export of this view is made from, now.
    ExportSource sourceFor(const ExportableView *view) const;

    // The work behind the dialogs, without any dialog.
    Expected<ExportFormat> exportView(const ExportableView *view, const QString &path,
                                      const ImageExportOptions &options);
    // PNG at 2× (and the SVG, for applications that take vectors) on the clipboard.
    bool copyImage(const ExportableView *view);

    // A name for a view, as the dialog lists it: "Heatmap (one head)", "All heads (one sheet)", …
    static QString viewLabel(const QString &exportName);

public slots:
    void exportWithDialog(ExportableView *preselected = nullptr);
    void exportAllHeads();
    void copyCurrentImage();

signals:
    void exported(const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ExportableView *viewOfWidget(const QWidget *widget) const;
    QString askFileName(const ExportableView &view, const ImageExportOptions &options);
    void report(const QString &text);
    void warn(const QString &text);

    QPointer<AttentionDocument> m_document;
    QPointer<FocusModel> m_focus;
    QPointer<ViewOptionsModel> m_options;
    QWidget *m_window;
    std::vector<ExportableView *> m_views;
    std::vector<QPointer<QWidget>> m_widgets; // parallel to m_views
    std::vector<NumbersSource> m_numbers;     // parallel to m_views
    ExportableView *m_current = nullptr;
    ImageExportOptions m_lastOptions;

    QAction *m_exportAction;
    QAction *m_exportAllHeadsAction;
    QAction *m_copyImageAction;
};

// For MainWindow: one line per view (see ExportController::addView).
void installExportContextMenu(QWidget *view, ExportableView *exportable, ExportController *controller,
                              NumbersSource numbers = {});

} // namespace attn::ui

#pragma once

#include "imageexportoptions.h"

#include <QDialog>
#include <QString>

#include <memory>
#include <vector>

namespace Ui {
class ExportDialog;
}

namespace attn::ui {

class ExportableView;

// File ▸ Export…: which view, the PNG resolution (1×, 2×, 4× or an exact size) and whether the
// focus highlight is drawn. The file name, and with it the format, is asked next in a save
// dialog, which also asks before overwriting a file.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    struct Choice
    {
        QString label;
        ExportableView *view = nullptr;
    };

    explicit ExportDialog(const std::vector<Choice> &views, QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setCurrentView(const ExportableView *view);
    ExportableView *currentView() const;

    void setOptions(const ImageExportOptions &options);
    ImageExportOptions options() const;

    // What the dialog says the export will be, e.g. "PNG 1240 × 860 pixels · SVG/PDF 620 × 430".
    QString sizeText() const;

private:
    void updateSize();

    std::unique_ptr<Ui::ExportDialog> m_ui;
    std::vector<Choice> m_views;
};

} // namespace attn::ui

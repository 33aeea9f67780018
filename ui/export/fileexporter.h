#pragma once

#include "exportformat.h"
#include "headselection.h"
#include "imageexportoptions.h"

#include "core/attentionresult.h"
#include "core/expected.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace attn::ui {

class ExportableView;

// What one export is made from: the view (for pictures) and the result and heads it shows (for
// numbers; no result or no heads: the view has no numbers to write).
struct ExportSource
{
    const ExportableView *view = nullptr;
    ResultPtr result;
    HeadSelection selection;
};

// The numbers behind a view whose numbers are not the shown heads of the document's result, e.g.
// a derived matrix shown as a one-head result. Given to ExportController::addView().
struct ExportNumbers
{
    ResultPtr result;
    HeadSelection selection;
};
using NumbersSource = std::function<ExportNumbers()>;

// Writes a view or its numbers to a file whose extension names the format. The bytes are made
// whole before anything is written, and then go through io::writeFile: a regular file appears
// whole or not at all (a full disk or a failed render never leaves half a file and never destroys
// the file that was there), a device or a pipe is written directly and never replaced, and "-"
// is standard output.
class FileExporter
{
public:
    // The file's bytes, without writing anything.
    static Expected<QByteArray> produce(const ExportSource &source, ExportFormat format,
                                        const ImageExportOptions &options);

    // Renders and writes; returns the format written: `format` when given, else the path's extension.
    static Expected<ExportFormat> exportTo(const QString &path, const ExportSource &source,
                                           const ImageExportOptions &options,
                                           std::optional<ExportFormat> format = std::nullopt);
};

} // namespace attn::ui

#include "fileexporter.h"

#include "numbersexport.h"
#include "viewrenderer.h"

#include "core/io/filebytes.h"

#include <QCoreApplication>
#include <QDir>

namespace attn::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("attn::ui::FileExporter", text);
}

} // namespace

Expected<QByteArray> FileExporter::produce(const ExportSource &source, ExportFormat format,
                                           const ImageExportOptions &options)
{
    if (isImageFormat(format)) {
        if (!source.view)
            return Error{tr("there is no view to draw")};
        return ViewRenderer::render(*source.view, format, options);
    }
    if (!source.result || source.selection.headCount() == 0)
        return Error{tr("there are no attention numbers behind this view to write as CSV or JSON (nothing is "
                        "computed yet, or the view does not show attention heads); export it as .png, .svg or .pdf")};
    const Expected<HeadSelection> selection = HeadSelection::checked(source.selection, *source.result);
    if (!selection)
        return Error{selection.error()};
    return format == ExportFormat::Csv ? NumbersExport::csv(*source.result, *selection)
                                       : NumbersExport::json(*source.result, *selection);
}

Expected<ExportFormat> FileExporter::exportTo(const QString &path, const ExportSource &source,
                                              const ImageExportOptions &options, std::optional<ExportFormat> format)
{
    if (!format)
        format = exportFormatForPath(path);
    if (!format)
        return Error{tr("cannot tell the format of \"%1\" from its extension; use %2")
                         .arg(QDir::toNativeSeparators(path), knownExportExtensions())};
    const Expected<QByteArray> bytes = produce(source, *format, options);
    if (!bytes)
        return Error{bytes.error()};
    if (const QString failure = io::writeFile(path, *bytes); !failure.isEmpty())
        return Error{failure};
    return *format;
}

} // namespace attn::ui

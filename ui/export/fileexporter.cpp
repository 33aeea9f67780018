#include "fileexporter.h"

#include "numbersexport.h"
#include "viewrenderer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

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
                                              const ImageExportOptions &options)
{
    const std::optional<ExportFormat> format = exportFormatForPath(path);
    if (!format)
        return Error{tr("cannot tell the format of \"%1\" from its extension; use %2")
                         .arg(QDir::toNativeSeparators(path), knownExportExtensions())};
    const Expected<QByteArray> bytes = produce(source, *format, options);
    if (!bytes)
        return Error{bytes.error()};
    const Expected<qint64> written = writeAtomically(path, *bytes);
    if (!written)
        return Error{written.error()};
    return *format;
}

Expected<qint64> FileExporter::writeAtomically(const QString &path, const QByteArray &bytes)
{
    const QString shown = QDir::toNativeSeparators(path);
    if (QFileInfo(path).isDir())
        return Error{tr("cannot write %1: it is a folder").arg(shown)};
    QSaveFile file(path);
    // Unbuffered: every byte reaches the kernel inside write(), where a short write (full disk,
    // quota, file size limit) is seen. Buffered, a small file is written only by commit(), and Qt 6.4's
    // commit() does not notice that flush failed: it would replace the target with a truncated file.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return Error{tr("cannot write %1: %2").arg(shown, file.errorString())};
    const qint64 written = file.write(bytes);
    if (written != bytes.size()) {
        // A short write sets no error: say what happened instead of "Unknown error".
        const QString reason = written >= 0
            ? tr("only %1 of %2 bytes could be written (is the disk full?)").arg(written).arg(bytes.size())
            : file.errorString();
        file.cancelWriting();
        return Error{tr("cannot write %1: %2").arg(shown, reason)};
    }
    if (!file.commit())
        return Error{tr("cannot write %1: %2").arg(shown, file.errorString())};
    return qint64(bytes.size());
}

} // namespace attn::ui

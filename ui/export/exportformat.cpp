#include "exportformat.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <array>

namespace attn::ui {
namespace {

struct FormatInfo
{
    ExportFormat format;
    const char *extension;
    const char *description;
};

constexpr std::array<FormatInfo, 5> kFormats{{
    {ExportFormat::Png, "png", QT_TRANSLATE_NOOP("attn::ui::ExportFormat", "PNG image")},
    {ExportFormat::Svg, "svg", QT_TRANSLATE_NOOP("attn::ui::ExportFormat", "SVG vector image")},
    {ExportFormat::Pdf, "pdf", QT_TRANSLATE_NOOP("attn::ui::ExportFormat", "PDF document")},
    {ExportFormat::Csv, "csv", QT_TRANSLATE_NOOP("attn::ui::ExportFormat", "CSV table of weights and scores")},
    {ExportFormat::Json, "json", QT_TRANSLATE_NOOP("attn::ui::ExportFormat", "JSON numbers (--dump schema)")},
}};

QString filterFor(const FormatInfo &info)
{
    return QCoreApplication::translate("attn::ui::ExportFormat", info.description) + QStringLiteral(" (*.")
        + QLatin1String(info.extension) + QLatin1Char(')');
}

} // namespace

std::optional<ExportFormat> exportFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const FormatInfo &info : kFormats) {
        if (suffix == QLatin1String(info.extension))
            return info.format;
    }
    return std::nullopt;
}

QString exportFormatExtension(ExportFormat format)
{
    for (const FormatInfo &info : kFormats) {
        if (info.format == format)
            return QLatin1String(info.extension);
    }
    return {};
}

bool isImageFormat(ExportFormat format)
{
    return format == ExportFormat::Png || format == ExportFormat::Svg || format == ExportFormat::Pdf;
}

bool isNumbersFormat(ExportFormat format)
{
    return !isImageFormat(format);
}

QString knownExportExtensions()
{
    return QStringLiteral(".png, .svg, .pdf, .csv or .json");
}

QStringList exportNameFilters()
{
    QStringList filters;
    for (const FormatInfo &info : kFormats)
        filters << filterFor(info);
    return filters;
}

std::optional<ExportFormat> exportFormatForNameFilter(const QString &filter)
{
    for (const FormatInfo &info : kFormats) {
        if (filter == filterFor(info))
            return info.format;
    }
    return std::nullopt;
}

} // namespace attn::ui

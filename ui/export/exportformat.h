#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace attn::ui {

// What an export writes; always chosen by the file name's extension, so that the name a person
// types is the format they get.
enum class ExportFormat { Png, Svg, Pdf, Csv, Json };

// The format for a path's extension (case-insensitive: .png .svg .pdf .csv .json); none otherwise.
std::optional<ExportFormat> exportFormatForPath(const QString &path);

QString exportFormatExtension(ExportFormat format); // "png", without the dot
bool isImageFormat(ExportFormat format);            // PNG, SVG, PDF: a picture of a view
bool isNumbersFormat(ExportFormat format);          // CSV, JSON: the numbers of the shown heads

// ".png, .svg, .pdf, .csv or .json": for messages about an unknown extension.
QString knownExportExtensions();

// Name filters for a save dialog, images first: "PNG image (*.png)", ...
QStringList exportNameFilters();
// The format a name filter of exportNameFilters() stands for.
std::optional<ExportFormat> exportFormatForNameFilter(const QString &filter);

} // namespace attn::ui

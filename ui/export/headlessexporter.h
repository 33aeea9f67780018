#pragma once

#include "exportrequest.h"

#include "document/attentiondocument.h"
#include "document/viewoptions.h"

#include <QString>

namespace attn::ui {

// How an export ended, in the command line's terms: 0 written, 1 bad input (cannot compute, cannot
// write, image too large), 2 bad usage (a layer, head or query the input does not have).
struct ExportOutcome
{
    int exitCode = 0;
    QString message;
};

// What is computed for a headless export: the text with the toy layer's state, or a checkpoint.
struct ExportInput
{
    DocumentState state; // the text, and the toy layer's configuration and matrices
    ViewOptions options;
    ModelPtr model;   // a checkpoint run instead of the toy layer (null: the toy layer)
};

// Runs one export without a window: builds the document, the focus and the one requested view
// off screen, computes on this thread, and writes the file. Needs a QApplication (the views are
// widgets) but never shows anything, so it works on the offscreen platform with no display.
class HeadlessExporter
{
public:
    static ExportOutcome run(const ExportRequest &request, const ExportInput &input);
};

} // namespace attn::ui

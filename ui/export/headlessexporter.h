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

// What is computed for a headless export: the toy model's state, or a checkpoint, and the text.
struct ExportInput
{
    ModelState state;
    QString sentence;
    ViewOptions options;
    Gpt2ModelPtr model; // a checkpoint run instead of the toy model (null: the toy model)
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

#pragma once

// Helpers of the tests that build the window or its document (they link attention_ui): the start a
// preset gives the window, and letting a document's background jobs finish.

#include "testutils.h"

#include "core/engine/presets.h"
#include "document/attentiondocument.h"
#include "mainwindow.h"

#include <QSignalSpy>

namespace testutils {

// What the window starts with on a preset, as --preset NAME starts it. The preset must exist.
inline attn::ui::StartState presetStart(const QString &name)
{
    const attn::Preset *preset = attn::findPreset(name);
    return {preset->name, preset->sentence, {preset->config, attn::presetWeights(*preset), preset->embeddings}, {}};
}

// Lets the document's background jobs finish and publish before it goes, as an event loop would:
// returns once no result has arrived for 150 ms.
inline void settle(attn::ui::AttentionDocument &document)
{
    QSignalSpy spy(&document, &attn::ui::AttentionDocument::resultChanged);
    while (spy.wait(150)) {
    }
}

inline void settle(attn::ui::MainWindow &window)
{
    settle(*window.document());
}

} // namespace testutils

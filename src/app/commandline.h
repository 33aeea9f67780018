#pragma once

#include "core/engine/attentionengine.h"
#include "export/exportrequest.h"

#include <QString>
#include <QStringList>

namespace attn::app {

enum class LaunchMode { Window, Dump, Export, ListPresets, Help, Version };

// What the command line asked for, checked: sizes in range, names known, numbers finite.
struct LaunchOptions
{
    LaunchMode mode = LaunchMode::Window;
    QString presetName;       // the preset the input started from (empty when none)
    AttentionLayerInput input;        // sentence tokens, configuration, matrices
    QString sentence;
    QString sentenceB;        // --sentence-b: an encoder's second sentence
    QString dumpPath;         // "-" is standard output
    QString sessionPath;      // a session file (*.attn.json) given as argument; its input is in input/sentence
    QString modelPath;        // --model DIR: a GPT-2 checkpoint instead of the toy model (loaded when run)
    ui::ExportRequest exportRequest; // --export FILE and its --view/--layer/--head/--query/--scale/--size/--no-focus
    QString helpText;
};

struct ParseOutcome
{
    LaunchOptions options;
    int exitCode = -1;   // ≥ 0: stop with this status (2 = bad usage, 1 = bad input)
    QString message;     // for stderr when exitCode > 0
};

// arguments include the program name, as QCoreApplication::arguments() gives them; undecodable
// holds the raw bytes of those that are not valid in the locale's encoding (ProgramArguments).
ParseOutcome parseCommandLine(const QStringList &arguments, const QList<QByteArray> &undecodable = {});

// Runs --dump, --export, --list-presets, --help or --version without any window; returns the exit status.
int runHeadless(const LaunchOptions &options);

// Runs --export: makes its own QApplication on the offscreen platform, so it needs no display.
int runExport(const LaunchOptions &options);

} // namespace attn::app

#pragma once

#include <QString>

namespace attn::bench {

// Each runs its cases (those the filter wants) and reports one line per case.
void runEngineCases(int reps);
void runPaintCases(int reps);
void runKeystrokeCase(int reps);
void runRoundTripCase(int reps);
void runStartupCase(int reps, const QString &appPath);

} // namespace attn::bench

#pragma once

#include <QString>

#include <functional>
#include <vector>

namespace attn::bench {

double median(std::vector<double> values);

// Times `work` `reps` times after `warmUp` untimed runs; returns the wall-clock milliseconds of each.
std::vector<double> timeRuns(int reps, int warmUp, const std::function<void()> &work);

// One result line on stdout, read by scripts/bench.sh:
//   case<TAB>name<TAB>median ms<TAB>target ms (or -)<TAB>repetitions<TAB>note
// target <= 0 means the case has no target of its own (it is shown for context).
void report(const QString &name, const std::vector<double> &times, double targetMs, const QString &note = {});

// Runs only the cases whose name contains the filter (empty: all); see main.cpp.
bool wanted(const QString &name);
void setFilter(const QString &filter);

} // namespace attn::bench

#pragma once
// Measuring helpers shared by the standalone model benchmarks (gpt2/gpt2bench.cpp,
// gguf/ggufbench.cpp): memory from /proc, process CPU time, medians and reproducible random ids.
// Header-only so that each benchmark stays one executable with no library of its own.
#include <QByteArray>
#include <QFile>

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <random>
#include <vector>

namespace attn::bench {

// kB from /proc/self/status: VmRSS now, VmHWM the peak so far.
inline long statusKb(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(key) + ':';
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').front().toLong();
    return -1;
}

// CPU time of the whole process (every thread), ms: steadier than wall time on a busy machine.
inline double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Wall-clock and CPU times (ms) of `reps` timed runs after two warm-up runs.
struct Timings
{
    std::vector<double> wall;
    std::vector<double> cpu;
};

// Runs `prepare` (untimed) then `run` (timed) reps + 2 times; either returning false stops the
// measurement (the callable says why), and then there are no timings.
template<typename Prepare, typename Run>
std::optional<Timings> timeRuns(int reps, Prepare prepare, Run run)
{
    Timings timings;
    QElapsedTimer timer;
    for (int r = 0; r < reps + 2; ++r) {
        if (!prepare())
            return std::nullopt;
        const double cpuStart = cpuMs();
        timer.start();
        const bool ok = run();
        const double ms = timer.nsecsElapsed() / 1e6;
        const double cpuUsed = cpuMs() - cpuStart;
        if (!ok)
            return std::nullopt;
        if (r >= 2) {
            timings.wall.push_back(ms);
            timings.cpu.push_back(cpuUsed);
        }
    }
    return timings;
}

// The lines every model benchmark prints once the model is loaded: load time and memory.
inline void printLoad(double loadMs, qint64 fileBytes)
{
    const long rssAfterLoad = statusKb("VmRSS");
    const long peakAfterLoad = statusKb("VmHWM");
    std::printf("engine load-ms %.1f\n", loadMs);
    std::printf("engine file-mb %.1f rss-after-load-mb %.1f peak-after-load-mb %.1f ratio %.3f\n", fileBytes / 1048576.0,
                rssAfterLoad / 1024.0, peakAfterLoad / 1024.0, peakAfterLoad * 1024.0 / double(fileBytes));
}

// `count` ids in [0, vocab), the same for the same seed on every platform (mt19937 is specified).
inline std::vector<int> randomIds(int count, int vocab, unsigned seed)
{
    std::mt19937 generator(seed);
    std::vector<int> ids(count);
    for (int &id : ids)
        id = int(generator() % unsigned(vocab));
    return ids;
}

} // namespace attn::bench

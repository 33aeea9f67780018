#pragma once
// Measuring helpers shared by the standalone model benchmarks (gpt2/gpt2bench.cpp,
// gguf/ggufbench.cpp): memory from /proc, process CPU time, medians and reproducible random ids.
// Header-only so that each benchmark stays one executable with no library of its own.
#include <QByteArray>
#include <QFile>

#include <algorithm>
#include <ctime>
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

#include "benchreport.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

namespace attn::bench {

namespace {
QString g_filter;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return -1.0;
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

std::vector<double> timeRuns(int reps, int warmUp, const std::function<void()> &work)
{
    for (int i = 0; i < warmUp; ++i)
        work();
    std::vector<double> times;
    times.reserve(size_t(reps));
    QElapsedTimer timer;
    for (int i = 0; i < reps; ++i) {
        timer.start();
        work();
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    return times;
}

void report(const QString &name, const std::vector<double> &times, double targetMs, const QString &note)
{
    const QByteArray target = targetMs > 0 ? QByteArray::number(targetMs, 'f', 0) : QByteArray("-");
    std::printf("case\t%s\t%.3f\t%s\t%d\t%s\n", name.toUtf8().constData(), median(times), target.constData(),
                int(times.size()), note.toUtf8().constData());
    std::fflush(stdout);
}

bool wanted(const QString &name)
{
    return g_filter.isEmpty() || name.contains(g_filter);
}

void setFilter(const QString &filter)
{
    g_filter = filter;
}

} // namespace attn::bench

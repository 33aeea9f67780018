// Times the GPT-2 engine on a checkpoint folder: load, forward at 32/128/512 tokens, one token
// appended with the prefix cache, peak memory. Not a test: numbers, not assertions.
//
//   gpt2_bench FOLDER [reps]
// Prints "engine <what> <tokens> <median ms>" lines and memory figures; run.sh compares them
// with PyTorch.
#include "../benchmeasure.h"
#include "core/transformer/gpt2matmul.h"
#include "core/transformer/gpt2model.h"
#include "core/transformer/gpt2session.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace attn;
using namespace attn::bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: gpt2_bench FOLDER [reps]\n");
        return 2;
    }
    const int reps = argc > 2 ? std::max(1, atoi(argv[2])) : 15;

    QElapsedTimer timer;
    timer.start();
    const Expected<Gpt2ModelPtr> loaded = Gpt2Model::load(QString::fromLocal8Bit(argv[1]));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
        return 1;
    }
    const double loadMs = timer.nsecsElapsed() / 1e6;
    const Gpt2ModelPtr model = *loaded;
    const long rssAfterLoad = statusKb("VmRSS");
    const long peakAfterLoad = statusKb("VmHWM");
    std::printf("engine kernel %s threads %d\n", gpt2::multiplyKernelName(), QThread::idealThreadCount());
    std::printf("engine load-ms %.1f\n", loadMs);
    std::printf("engine file-mb %.1f rss-after-load-mb %.1f peak-after-load-mb %.1f ratio %.3f\n",
                model->info().fileBytes / 1048576.0, rssAfterLoad / 1024.0, peakAfterLoad / 1024.0,
                peakAfterLoad * 1024.0 / double(model->info().fileBytes));
    std::fflush(stdout);

    const int vocab = model->config().vocabSize;
    for (int tokens : {32, 128, 512}) {
        const TokenList list = model->tokensForIds(randomIds(tokens, vocab, 1));
        Gpt2Session session(model);
        std::vector<double> times, cpu;
        for (int r = 0; r < reps + 2; ++r) {
            session.clearCache();
            const double cpuStart = cpuMs();
            timer.restart();
            const Expected<Gpt2RunPtr> run = session.run(list);
            const double ms = timer.nsecsElapsed() / 1e6;
            const double cpuUsed = cpuMs() - cpuStart;
            if (!run) {
                std::fprintf(stderr, "%s\n", qPrintable(run.error()));
                return 1;
            }
            if (r >= 2) { // two warm-up runs
                times.push_back(ms);
                cpu.push_back(cpuUsed);
            }
        }
        std::printf("engine forward %d %.2f cpu %.2f\n", tokens, median(times), median(cpu));
        std::fflush(stdout);
    }

    // One token appended to 128 (512) cached tokens (then cut back: a truncation reuses every row).
    for (int tokens : {128, 512}) {
        const std::vector<int> ids = randomIds(tokens + 1, vocab, 2);
        const TokenList prefix = model->tokensForIds(std::vector<int>(ids.begin(), ids.end() - 1));
        const TokenList appended = model->tokensForIds(ids);
        Gpt2Session session(model);
        std::vector<double> times, cpu;
        for (int r = 0; r < reps + 2; ++r) {
            if (!session.run(prefix))
                return 1;
            const double cpuStart = cpuMs();
            timer.restart();
            const Expected<Gpt2RunPtr> run = session.run(appended);
            const double ms = timer.nsecsElapsed() / 1e6;
            const double cpuUsed = cpuMs() - cpuStart;
            if (!run || (*run)->result->reusedTokens != tokens)
                return 1;
            if (r >= 2) {
                times.push_back(ms);
                cpu.push_back(cpuUsed);
            }
        }
        std::printf("engine append-one %d %.2f cpu %.2f\n", tokens, median(times), median(cpu));
        std::fflush(stdout);
    }
    std::printf("engine peak-rss-mb %.1f\n", statusKb("VmHWM") / 1024.0);
    return 0;
}

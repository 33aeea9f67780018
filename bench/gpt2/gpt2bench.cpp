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
    printLoad(loadMs, model->info().fileBytes);
    std::printf("engine kernel %s threads %d\n", gpt2::multiplyKernelName(), QThread::idealThreadCount());
    std::fflush(stdout);

    const int vocab = model->config().vocabSize;
    for (int tokens : {32, 128, 512}) {
        const TokenList list = model->tokensForIds(randomIds(tokens, vocab, 1));
        Gpt2Session session(model);
        const auto cleared = [&session] {
            session.clearCache();
            return true;
        };
        const std::optional<Timings> timings = timeRuns(reps, cleared, [&] {
            const Expected<Gpt2RunPtr> run = session.run(list);
            if (!run)
                std::fprintf(stderr, "%s\n", qPrintable(run.error()));
            return run.ok();
        });
        if (!timings)
            return 1;
        std::printf("engine forward %d %.2f cpu %.2f\n", tokens, median(timings->wall), median(timings->cpu));
        std::fflush(stdout);
    }

    // One token appended to 128 (512) cached tokens (then cut back: a truncation reuses every row).
    for (int tokens : {128, 512}) {
        const std::vector<int> ids = randomIds(tokens + 1, vocab, 2);
        const TokenList prefix = model->tokensForIds(std::vector<int>(ids.begin(), ids.end() - 1));
        const TokenList appended = model->tokensForIds(ids);
        Gpt2Session session(model);
        const std::optional<Timings> timings = timeRuns(
            reps, [&] { return session.run(prefix).ok(); },
            [&] {
                const Expected<Gpt2RunPtr> run = session.run(appended);
                return run && (*run)->result->reusedTokens == tokens;
            });
        if (!timings)
            return 1;
        std::printf("engine append-one %d %.2f cpu %.2f\n", tokens, median(timings->wall), median(timings->cpu));
        std::fflush(stdout);
    }
    std::printf("engine peak-rss-mb %.1f\n", statusKb("VmHWM") / 1024.0);
    return 0;
}

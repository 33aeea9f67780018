// Times a GGUF model through the app's own path: loadModel (parse, dequantise, tokenizer), the peak
// memory after it, and the forward pass at 128 and 512 tokens as the window runs it (every head's
// attention kept in the result, the next-token prediction at the last position). Not a test:
// numbers, not assertions. scripts/bench.sh runs it next to llama.cpp on the same file and ids.
//
//   gguf_bench FILE.gguf [reps]
// Prints machine-readable lines:
//   engine load-ms MS
//   engine file-mb MB rss-after-load-mb MB peak-after-load-mb MB ratio PEAK/FILE
//   engine weights TEXT                      (the file's quantisation, as the status bar names it)
//   ids N ID,ID,...                          (the prompt of N tokens: give it to llama.cpp)
//   engine forward N MEDIAN_MS cpu MEDIAN_CPU_MS min MIN_MS
//                    (the fastest run too: on a shared machine the least disturbed one)
//   engine peak-rss-mb MB
#include "../benchmeasure.h"
#include "core/transformer/model.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace attn;
using namespace attn::bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: gguf_bench FILE.gguf [reps]\n");
        return 2;
    }
    const int reps = argc > 2 ? std::max(1, atoi(argv[2])) : 9;

    QElapsedTimer timer;
    timer.start();
    const Expected<ModelPtr> loaded = loadModel(QString::fromLocal8Bit(argv[1]));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
        return 1;
    }
    const double loadMs = timer.nsecsElapsed() / 1e6;
    const ModelPtr model = *loaded;
    const ModelInfo &info = model->info();
    printLoad(loadMs, info.fileBytes);
    std::printf("engine weights %s\n", qPrintable(info.weightFormat));
    std::fflush(stdout);

    const EnginePtr engine = model->createEngine(); // the llama engine keeps no cache between runs
    for (int tokens : {128, 512}) {
        const std::vector<int> ids = randomIds(tokens, info.vocabSize, 1);
        QStringList shown;
        for (int id : ids)
            shown << QString::number(id);
        std::printf("ids %d %s\n", tokens, qPrintable(shown.join(QLatin1Char(','))));
        const EngineInput input{QString(), model->tokensForIds(ids)};
        const std::optional<Timings> timings = timeRuns(reps, [] { return true; }, [&] {
            const Expected<ResultPtr> run = engine->run(input);
            if (!run)
                std::fprintf(stderr, "%s\n", qPrintable(run.error()));
            return run.ok();
        });
        if (!timings)
            return 1;
        std::printf("engine forward %d %.2f cpu %.2f min %.2f\n", tokens, median(timings->wall), median(timings->cpu),
                    *std::min_element(timings->wall.begin(), timings->wall.end()));
        std::fflush(stdout);
    }
    std::printf("engine peak-rss-mb %.1f\n", statusKb("VmHWM") / 1024.0);
    return 0;
}

// The toy engine's full recompute (embeddings, positions, every head, W_O) at two sizes.
#include "benchcases.h"
#include "benchinputs.h"
#include "benchreport.h"

namespace attn::bench {

void runEngineCases(int reps)
{
    struct Case
    {
        const char *name;
        int tokens;
        double targetMs; // the keystroke budget leaves the 64-token recompute a fraction of 8 ms
    };
    for (const Case &c : {Case{"engine 64 tok x 8 heads, d_model 64", 64, 0},
                          Case{"engine 1024 tok x 8 heads, d_model 64", 1024, 0}}) {
        const QString name = QString::fromLatin1(c.name);
        if (!wanted(name))
            continue;
        const AttentionLayerInput input = toyInput(c.tokens, 8, 64);
        const int n = c.tokens > 256 ? std::max(5, reps / 3) : reps;
        report(name, timeRuns(n, 2, [&] {
                   if (!computeAttention(input))
                       qFatal("engine failed");
               }),
               c.targetMs);
    }
}

} // namespace attn::bench

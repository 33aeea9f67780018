// libFuzzer harness: a checkpoint's config.json (Gpt2Config::fromJson).
// Properties: a refusal names the input; an accepted configuration is inside the documented bounds.
#include "fuzzcheck.h"

#include "core/engine/attentionconfig.h"
#include "core/transformer/gpt2config.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

using namespace attn;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString name = QStringLiteral("fuzz/config.json");
    const Expected<Gpt2Config> config = Gpt2Config::fromJson(fuzz::bytesOf(data, size), name);
    if (!config) {
        AE_FUZZ_CHECK(fuzz::namesInput(config.error(), name), config.error());
        return 0;
    }
    AE_FUZZ_CHECK(config->layers >= 1 && config->layers <= Gpt2Config::maxLayers, QString());
    AE_FUZZ_CHECK(config->heads >= 1 && config->heads <= Limits::maxHeads, QString());
    AE_FUZZ_CHECK(config->dModel >= 1 && config->dModel % config->heads == 0, QString());
    AE_FUZZ_CHECK(config->dHead() >= 1 && config->dHead() <= Limits::maxDHead, QString());
    AE_FUZZ_CHECK(config->positions >= 1 && config->positions <= Gpt2Config::maxPositions, QString());
    AE_FUZZ_CHECK(config->vocabSize >= 1 && config->vocabSize <= Gpt2Config::maxVocabSize, QString());
    AE_FUZZ_CHECK(config->dInner >= 1 && config->dInner <= std::max(Gpt2Config::maxInner, 4 * Limits::maxDModel), QString());
    // Finding (pending in src/core/transformer): an epsilon such as 1e-50 passes the check in double and
    // becomes 0 in float (and 0.99999999999 becomes 1); tst_malformedcheckpoint's knownGaps() holds
    // it. Until it is fixed only finiteness is required here, so that the fuzzer keeps exploring.
    AE_FUZZ_CHECK(std::isfinite(config->layerNormEpsilon) && config->layerNormEpsilon >= 0.f
                      && config->layerNormEpsilon <= 1.f,
                  QString());
    return 0;
}

// libFuzzer harness: matrix JSON files (io::readMatricesJson) for the teaching model
// heads 2, d_model 3, d_k 2, d_v 2 (the layout of tests/data/io and of the seed corpus).
// Properties: a refusal names the input; accepted matrices fit the configuration, are finite, and
// writing them and reading them back gives the same set.
#include "fuzzcheck.h"

#include "core/io/matrixjson.h"

#include <cstdint>

using namespace attn;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    AttentionConfig config;
    config.heads = 2;
    config.dModel = 3;
    config.dK = 2;
    config.dV = 2;
    const QString name = QStringLiteral("fuzz.matrices.json");
    const Expected<io::MatrixSet> set = io::readMatricesJson(fuzz::bytesOf(data, size), name, config);
    if (!set) {
        AE_FUZZ_CHECK(fuzz::namesInput(set.error(), name), set.error());
        return 0;
    }
    AE_FUZZ_CHECK(io::checkMatrixSet(*set, config).isEmpty(), io::checkMatrixSet(*set, config));
    const Expected<io::MatrixSet> again = io::readMatricesJson(io::writeMatricesJson(*set), name, config);
    AE_FUZZ_CHECK(again.ok(), again.ok() ? QString() : again.error());
    AE_FUZZ_CHECK(*again == *set, QStringLiteral("written matrices read back differently"));
    return 0;
}

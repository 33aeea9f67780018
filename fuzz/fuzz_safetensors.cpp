// libFuzzer harness: the safetensors reader (SafetensorsFile::fromMemory), then every accessor on
// what it accepted, then the matrix-file reader on top of it.
// Properties: a refusal names the input; an accepted file's tensors lie inside the data section,
// in order, without overlap, with byte counts equal to shape × dtype size.
#include "fuzzcheck.h"

#include "core/io/matrixsafetensors.h"
#include "core/io/safetensorsfile.h"

#include <cstdint>

using namespace attn;
using namespace attn::safetensors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString name = QStringLiteral("fuzz.safetensors");
    const Expected<SafetensorsFile> file = SafetensorsFile::fromMemory(fuzz::bytesOf(data, size), name);
    if (!file) {
        AE_FUZZ_CHECK(fuzz::namesInput(file.error(), name), file.error());
        return 0;
    }

    qint64 previousEnd = 0;
    for (const TensorInfo &tensor : file->tensors()) {
        AE_FUZZ_CHECK(tensor.begin >= previousEnd && tensor.begin <= tensor.end, tensor.name);
        AE_FUZZ_CHECK(tensor.end <= qint64(size), tensor.name);
        AE_FUZZ_CHECK(tensor.end - tensor.begin == tensor.elementCount() * dtypeSize(tensor.dtype), tensor.name);
        AE_FUZZ_CHECK(file->find(tensor.name) == &tensor, tensor.name);
        previousEnd = tensor.end;

        // Touch the first and the last byte: an out-of-range view shows up under ASan.
        const uchar *bytes = file->tensorBytes(tensor);
        volatile uchar sink = 0;
        if (tensor.end > tensor.begin)
            sink = sink + bytes[0] + bytes[tensor.end - tensor.begin - 1];

        const Expected<FloatTensor> floats = file->floatTensor(tensor.name);
        const bool isFloat = tensor.dtype == DType::F32 || tensor.dtype == DType::F16 || tensor.dtype == DType::BF16;
        AE_FUZZ_CHECK(floats.ok() == isFloat, tensor.name);
        if (floats) {
            AE_FUZZ_CHECK(floats->elementCount() == tensor.elementCount(), tensor.name);
            volatile qint64 nonFinite = nonFiniteCount(*floats);
            (void)nonFinite;
        }
    }

    // A matrix file of the teaching model: heads 2, d_model 3, d_k 2, d_v 2 (tests/data/io's layout).
    AttentionConfig config;
    config.heads = 2;
    config.dModel = 3;
    config.dK = 2;
    config.dV = 2;
    const Expected<io::MatrixSet> matrices = io::readMatricesSafetensors(*file, config);
    if (!matrices)
        AE_FUZZ_CHECK(!matrices.error().isEmpty(), QString());
    else
        AE_FUZZ_CHECK(io::checkMatrixSet(*matrices, config).isEmpty(), io::checkMatrixSet(*matrices, config));
    return 0;
}

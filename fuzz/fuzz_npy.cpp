// libFuzzer harness: NumPy .npy matrix files (io::readNpy).
// Properties: a refusal names the input; an accepted matrix holds exactly the data the file has
// room for, and writing it and reading it back gives the same floats.
#include "fuzzcheck.h"

#include "core/io/npyfile.h"

#include <cstdint>
#include <cstring>

using namespace attn;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString name = QStringLiteral("fuzz.npy");
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const Expected<Matrix> matrix = io::readNpy(bytes, name);
    if (!matrix) {
        AE_FUZZ_CHECK(fuzz::namesInput(matrix.error(), name), matrix.error());
        return 0;
    }
    // Never more floats than the file could hold (f4 or f8 data after a 10-byte prefix).
    AE_FUZZ_CHECK(matrix->size() * 4 <= qint64(size), QString());
    const Expected<Matrix> again = io::readNpy(io::writeNpy(*matrix), name);
    AE_FUZZ_CHECK(again.ok(), again.ok() ? QString() : again.error());
    AE_FUZZ_CHECK(again->rows() == matrix->rows() && again->cols() == matrix->cols(), QString());
    // Bit for bit: NaN payloads and -0 included.
    AE_FUZZ_CHECK(matrix->size() == 0 // an empty matrix has no data pointer to compare
                      || std::memcmp(again->data(), matrix->data(), size_t(matrix->size()) * sizeof(float)) == 0,
                  QString());
    return 0;
}

// libFuzzer harness: the GGUF reader (GgufFile::fromMemory), then every accessor on what it
// accepted: each metadata value through the typed lookups and element accessors, each tensor's
// bytes, and the dequantisation of its first and last row; then what the model layer reads of an
// accepted file: the architecture's config (LlamaConfig::fromGguf) and the tokenizer of its
// metadata, which encodes a text.
// Properties: a refusal names the input; an accepted file's tensors are aligned, inside the file,
// not overlapping, with byte counts of whole rows; lookups by key and name find what is listed;
// the config and tokenizer readers refuse with a message naming the input or give a usable result
// (a config whose heads divide into kv heads, token ids inside the vocabulary).
#include "fuzzcheck.h"

#include "core/io/ggmlquant.h"
#include "core/io/gguffile.h"
#include "core/tokenizers/gguftokenizer.h"
#include "core/transformer/llamaconfig.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

using namespace attn;
using namespace attn::gguf;

namespace {

// Reads every element of a value (recursively for nested arrays), so that a view past the file's
// bytes shows up under ASan.
void touch(const GgufValue &value)
{
    volatile quint64 sink = 0; // unsigned: the sums may wrap
    if (value.type() == GgufValueType::String) {
        const QByteArrayView bytes = value.stringBytes();
        if (!bytes.isEmpty())
            sink = sink + quint64(bytes.front()) + quint64(bytes.back());
        (void)value.toString();
        return;
    }
    if (value.type() != GgufValueType::Array) {
        (void)value.toInteger();
        (void)value.toReal();
        (void)value.toBool();
        (void)value.typeName();
        return;
    }
    (void)value.typeName();
    for (qint64 i = 0; i < value.size(); ++i) {
        switch (value.elementType()) {
        case GgufValueType::String: {
            const QByteArrayView bytes = value.stringBytesAt(i);
            if (!bytes.isEmpty())
                sink = sink + quint64(bytes.front()) + quint64(bytes.back());
            break;
        }
        case GgufValueType::Array:
            touch(value.arrayAt(i));
            break;
        case GgufValueType::Float32:
        case GgufValueType::Float64:
            sink = sink + quint64(value.realAt(i) != 0.0);
            break;
        default:
            sink = sink + quint64(value.integerAt(i).value_or(0));
            break;
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString name = QStringLiteral("fuzz.gguf");
    const Expected<GgufFile> file = GgufFile::fromMemory(fuzz::bytesOf(data, size), name);
    if (!file) {
        AE_FUZZ_CHECK(fuzz::namesInput(file.error(), name), file.error());
        return 0;
    }

    AE_FUZZ_CHECK(file->version() == 2 || file->version() == 3, QString::number(file->version()));
    AE_FUZZ_CHECK(file->alignment() > 0 && (file->alignment() & (file->alignment() - 1)) == 0, QString());
    for (const GgufMetadataEntry &entry : file->metadata()) {
        AE_FUZZ_CHECK(file->value(entry.key) == &entry.value, entry.key);
        touch(entry.value);
        // Each typed lookup either succeeds or says why, naming the file.
        const auto named = [&](const QString &message) { AE_FUZZ_CHECK(fuzz::namesInput(message, name), message); };
        if (const auto v = file->string(entry.key); !v)
            named(v.error());
        if (const auto v = file->integer(entry.key); !v)
            named(v.error());
        if (const auto v = file->real(entry.key); !v)
            named(v.error());
        if (const auto v = file->boolean(entry.key); !v)
            named(v.error());
        if (const auto v = file->stringArray(entry.key); !v)
            named(v.error());
        if (const auto v = file->integerArray(entry.key); !v)
            named(v.error());
        if (const auto v = file->floatArray(entry.key); !v)
            named(v.error());
    }

    std::vector<std::pair<qint64, qint64>> ranges;
    for (const GgufTensor &tensor : file->tensors()) {
        AE_FUZZ_CHECK(file->tensor(tensor.name) == &tensor, tensor.name);
        AE_FUZZ_CHECK(tensor.offset % file->alignment() == 0, tensor.name);
        AE_FUZZ_CHECK(tensor.offset >= 0 && tensor.byteSize >= 0, tensor.name);
        AE_FUZZ_CHECK(file->dataOffset() + tensor.offset + tensor.byteSize <= qint64(size), tensor.name);
        AE_FUZZ_CHECK(tensor.byteSize == tensor.rowBytes() * tensor.rowCount() || tensor.elementCount() == 0, tensor.name);
        if (tensor.byteSize > 0)
            ranges.emplace_back(tensor.offset, tensor.offset + tensor.byteSize);

        const QByteArrayView bytes = file->tensorBytes(tensor);
        volatile quint64 sink = 0;
        if (!bytes.isEmpty())
            sink = sink + quint64(bytes.front()) + quint64(bytes.back());

        // The first and last rows, when short enough that a fuzzed row length cannot ask for
        // gigabytes of floats (the caller's business, not the reader's).
        if (tensor.rowCount() > 0 && tensor.rowLength() <= (1 << 16)) {
            for (const qint64 row : {qint64(0), tensor.rowCount() - 1}) {
                const Expected<std::vector<float>> values = file->dequantizeRows(tensor, row, 1);
                AE_FUZZ_CHECK(values.ok() == ggml::canDequantize(tensor.type), tensor.name);
                if (values)
                    AE_FUZZ_CHECK(qint64(values->size()) == tensor.rowLength(), tensor.name);
                else
                    AE_FUZZ_CHECK(fuzz::namesInput(values.error(), name), values.error());
            }
        }
    }
    std::sort(ranges.begin(), ranges.end());
    for (size_t i = 1; i < ranges.size(); ++i)
        AE_FUZZ_CHECK(ranges[i].first >= ranges[i - 1].second, QString::number(ranges[i].first));

    if (const Expected<LlamaConfig> config = LlamaConfig::fromGguf(*file); config) {
        AE_FUZZ_CHECK(config->heads % config->keyValueHeads == 0 && int(config->slidingWindow.size()) == config->layers,
                      config->modelType);
    } else {
        AE_FUZZ_CHECK(fuzz::namesInput(config.error(), name), config.error());
    }
    if (const Expected<TextTokenizerPtr> tokenizer = tokenizerFromGguf(*file); tokenizer) {
        for (const Token &token : (*tokenizer)->encode(QStringLiteral("The cat sat on the mat. ½ 東京 <s>\n")))
            AE_FUZZ_CHECK(token.id >= 0 && token.id < (*tokenizer)->vocabSize(), QString::number(token.id));
    } else {
        AE_FUZZ_CHECK(fuzz::namesInput(tokenizer.error(), name), tokenizer.error());
    }
    return 0;
}

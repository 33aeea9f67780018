// libFuzzer harness: GPT-2's BPE encoder on arbitrary text, with GPT-2's own vocab.json and
// merges.txt (AE_GPT2_TOKENIZER_DIR, read once) or, when they are missing, a built-in byte-level
// vocabulary with a few merges. The input is read as UTF-8 when its first byte is even and as raw
// UTF-16 code units otherwise, so lone surrogates and every code point are reachable.
// Properties: bpecheck.h — valid ids, ordered in-bounds spans, lossless bytes.
#include "bpecheck.h"

#include "core/tokenizers/bytelevel.h"

#include <QFile>

#include <cstdint>
#include <cstring>
#include <cstdio>
#include <optional>

using namespace attn;

namespace {

std::optional<bpe::Gpt2Tokenizer> g_tokenizer;

// All 256 byte tokens (ids = byte values, a dense vocabulary as GPT-2's) and a few merges of
// English pieces so merging runs.
bpe::Gpt2Tokenizer builtInTokenizer()
{
    QByteArray vocab = "{";
    for (int byte = 0; byte < 256; ++byte) {
        const char16_t c = bpe::byteToChar(quint8(byte));
        QByteArray key = QString(QChar(c)).toUtf8();
        if (key == "\"" || key == "\\")
            key.prepend('\\');
        vocab += (byte ? ", \"" : "\"") + key + "\": " + QByteArray::number(byte);
    }
    const char *pieces[][2] = {{"\xc4\xa0", "t"}, {"h", "e"}, {"\xc4\xa0t", "he"}, {"i", "n"}, {"e", "r"}};
    QByteArray merges = "#version: 0.2\n";
    int id = 256;
    for (const auto &piece : pieces) {
        merges += QByteArray(piece[0]) + ' ' + piece[1] + '\n';
        vocab += ", \"" + QByteArray(piece[0]) + piece[1] + "\": " + QByteArray::number(id++);
    }
    vocab += "}";
    Expected<bpe::Gpt2Tokenizer> tokenizer = bpe::Gpt2Tokenizer::fromData(vocab, merges, QStringLiteral("built-in"));
    if (!tokenizer) {
        std::fprintf(stderr, "built-in tokenizer refused: %s\n", qPrintable(tokenizer.error()));
        std::abort();
    }
    return std::move(*tokenizer);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    const QString dir = QString::fromUtf8(qgetenv("AE_GPT2_TOKENIZER_DIR").isEmpty()
                                              ? QByteArray(AE_GPT2_TOKENIZER_DIR)
                                              : qgetenv("AE_GPT2_TOKENIZER_DIR"));
    const QString vocab = dir + QStringLiteral("/vocab.json");
    const QString merges = dir + QStringLiteral("/merges.txt");
    if (QFile::exists(vocab) && QFile::exists(merges)) {
        Expected<bpe::Gpt2Tokenizer> tokenizer = bpe::Gpt2Tokenizer::load(vocab, merges);
        if (tokenizer) {
            std::fprintf(stderr, "fuzz_bpeencode: GPT-2 tokenizer from %s (%d ids)\n", qPrintable(dir),
                         tokenizer->vocabSize());
            g_tokenizer = std::move(*tokenizer);
            return 0;
        }
        std::fprintf(stderr, "fuzz_bpeencode: %s\n", qPrintable(tokenizer.error()));
    }
    std::fprintf(stderr, "fuzz_bpeencode: GPT-2 files not found in %s; using the built-in vocabulary\n",
                 qPrintable(dir));
    g_tokenizer = builtInTokenizer();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        AE_FUZZ_CHECK(g_tokenizer->encode(QString()).empty(), QString());
        return 0;
    }
    QString text;
    if (data[0] % 2 == 0)
        text = QString::fromUtf8(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    else {
        text.resize(qsizetype((size - 1) / 2));
        std::memcpy(text.data(), data + 1, size_t(text.size()) * sizeof(QChar)); // data + 1 is unaligned
    }
    fuzz::checkEncoding(*g_tokenizer, text);
    return 0;
}

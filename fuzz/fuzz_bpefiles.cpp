// libFuzzer harness: a vocab.json + merges.txt pair (Gpt2Tokenizer::fromData), then encoding with
// whatever tokenizer they made. The input is the vocab.json bytes, one NUL byte, the merges.txt
// bytes (no NUL: everything is vocab.json, and merges.txt is empty).
// Properties: a refusal names the input; an accepted pair encodes text losslessly (bpecheck.h).
#include "bpecheck.h"

#include <cstdint>

using namespace attn;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytesOf(data, size);
    const qsizetype split = input.indexOf('\0');
    const QByteArray vocab = split < 0 ? input : input.left(split);
    const QByteArray merges = split < 0 ? QByteArray() : input.mid(split + 1);

    const QString name = QStringLiteral("fuzz");
    const Expected<bpe::Gpt2Tokenizer> tokenizer = bpe::Gpt2Tokenizer::fromData(vocab, merges, name);
    if (!tokenizer) {
        AE_FUZZ_CHECK(fuzz::namesInput(tokenizer.error(), name), tokenizer.error());
        return 0;
    }
    AE_FUZZ_CHECK(tokenizer->vocabSize() >= 256, QString());

    static const QString samples[] = {
        QStringLiteral("Hello world, the cat sat on the mat."),
        QString::fromUtf8("na\xc3\xafve caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
                          "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb e\xcc\x81 a\xe2\x80\x8b" "b"),
        QStringLiteral("  \t\n\r\n   tabs\tand  spaces   "),
        QString(QChar(0xD800)) + QStringLiteral("x") + QChar(0xDC00),
    };
    for (const QString &text : samples)
        fuzz::checkEncoding(*tokenizer, text);
    // Text spelled from the merges themselves reaches the ranks this file made.
    fuzz::checkEncoding(*tokenizer, QString::fromUtf8(merges.left(512)));
    return 0;
}

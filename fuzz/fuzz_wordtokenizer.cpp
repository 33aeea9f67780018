// libFuzzer harness: the word tokenizer (tokenizeWords) on arbitrary text, read as UTF-8 when the
// first byte is even and as raw UTF-16 code units otherwise (lone surrogates included).
// Properties: tokens are non-empty, in order, never overlap, lie inside the text, their text is
// exactly their span, and no token starts or ends inside a surrogate pair.
#include "fuzzcheck.h"

#include "core/tokenizers/wordtokenizer.h"

#include <cstdint>
#include <cstring>

using namespace attn;

namespace {

// What lies between two tokens is only separators: never a letter or a digit. Exceptions: the
// halfwidth katakana sound marks U+FF9E/U+FF9F are letters (Lm) that extend the cluster before
// them, so after a space they belong to the space's cluster; and halves of surrogate pairs, which
// QChar cannot classify.
bool losesLetter(const QString &text, qsizetype i)
{
    const QChar c = text[i];
    return c.isLetterOrNumber() && !c.isSurrogate() && c != QChar(0xFF9E) && c != QChar(0xFF9F);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString text;
    if (size > 0 && data[0] % 2 == 0) {
        text = QString::fromUtf8(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    } else if (size > 0) {
        text.resize(qsizetype((size - 1) / 2));
        std::memcpy(text.data(), data + 1, size_t(text.size()) * sizeof(QChar)); // data + 1 is unaligned
    }

    const TokenList tokens = tokenizeWords(text);
    qsizetype previousEnd = 0;
    for (const Token &token : tokens) {
        AE_FUZZ_CHECK(token.begin >= previousEnd && token.begin < token.end && token.end <= text.size(), text);
        AE_FUZZ_CHECK(token.text == QStringView(text).mid(token.begin, token.end - token.begin), text);
        AE_FUZZ_CHECK(token.id == -1, text);
        AE_FUZZ_CHECK(!(token.begin > 0 && text[token.begin].isLowSurrogate() && text[token.begin - 1].isHighSurrogate()),
                      text);
        AE_FUZZ_CHECK(!(token.end < text.size() && text[token.end].isLowSurrogate()
                        && text[token.end - 1].isHighSurrogate()),
                      text);
        for (qsizetype i = previousEnd; i < token.begin; ++i)
            AE_FUZZ_CHECK(!losesLetter(text, i), text);
        previousEnd = token.end;
    }
    for (qsizetype i = previousEnd; i < text.size(); ++i)
        AE_FUZZ_CHECK(!losesLetter(text, i), text);
    return 0;
}

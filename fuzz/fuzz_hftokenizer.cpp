// libFuzzer harness: a Hugging Face tokenizer.json (hf::parseHfTokenizer), then encoding and
// decoding with whatever tokenizer it made. The input is the tokenizer.json bytes, one NUL byte,
// then text: UTF-8 after an even first byte, raw UTF-16 after an odd one (no NUL: no text).
// Properties: a refusal names the input; an accepted file gives ids below vocabSize(), spans inside
// the text, and a token text for every id it gives, for one text and for a pair. Spans are not
// always in order: like HF's BPE (merge_word), a character-level model emits a character's
// byte-fallback tokens before a pending unknown character that came earlier in the text, and each
// token keeps its own true span.
#include "fuzzcheck.h"

#include "core/tokenizers/hftokenizer.h"

#include <cstdint>

using namespace attn;

namespace {

QString textOf(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return {};
    const QByteArray rest = bytes.mid(1);
    if (quint8(bytes[0]) % 2 == 0)
        return QString::fromUtf8(rest);
    return QString(reinterpret_cast<const QChar *>(rest.constData()), rest.size() / 2);
}

void checkEncoding(const hf::HfTokenizer &tokenizer, const QString &text)
{
    const TokenList tokens = tokenizer.encode(text);
    std::vector<int> ids;
    for (const Token &token : tokens) {
        AE_FUZZ_CHECK(token.id >= 0 && token.id < tokenizer.vocabSize(), text);
        AE_FUZZ_CHECK(0 <= token.begin && token.begin <= token.end && token.end <= text.size(), text);
        tokenizer.displayText(token.id);
        ids.push_back(token.id);
    }
    tokenizer.decode(ids);
    // A pair (when the post-processor has a pair form, as BERT's): ids and spans as above.
    if (const std::optional<TokenList> pair = tokenizer.encodePair(text, text)) {
        for (const Token &token : *pair) {
            AE_FUZZ_CHECK(token.id >= 0 && token.id < tokenizer.vocabSize(), text);
            AE_FUZZ_CHECK(0 <= token.begin && token.begin <= token.end && token.end <= text.size(), text);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytesOf(data, size);
    const qsizetype split = input.indexOf('\0');
    const QByteArray json = split < 0 ? input : input.left(split);
    const QString text = split < 0 ? QString() : textOf(input.mid(split + 1));

    const QString name = QStringLiteral("fuzz");
    Expected<hf::HfTokenizerParts> parts = hf::parseHfTokenizer(json, {}, name);
    if (!parts) {
        AE_FUZZ_CHECK(fuzz::namesInput(parts.error(), name), parts.error());
        return 0;
    }
    const hf::HfTokenizer tokenizer(std::move(parts).value());
    static const QString samples[] = {
        QStringLiteral("Hello world, the cat sat on the mat. IT'S 12345"),
        QString::fromUtf8("na\xc3\xafve caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x91\xa9\xe2\x80\x8d"
                          "\xf0\x9f\x92\xbb e\xcc\x81"),
        QStringLiteral("  \t\n\r\n   <s><|begin_of_text|>  "),
        QString(QChar(0xD800)) + QStringLiteral("x") + QChar(0xDC00),
    };
    for (const QString &sample : samples)
        checkEncoding(tokenizer, sample);
    checkEncoding(tokenizer, text);
    return 0;
}

// libFuzzer harness: BERT's vocab.txt with its tokenizer_config.json (hf::parseBertVocab), then
// encoding, pair encoding and decoding with the WordPiece tokenizer it made. The input is the
// vocab.txt bytes, one NUL byte, the tokenizer_config.json bytes, one NUL byte, then text: UTF-8
// after an even first byte, raw UTF-16 after an odd one (missing parts are empty).
// Properties: a refusal names the input; an accepted vocabulary gives ids below vocabSize(), spans
// inside the text in order, [CLS] first and [SEP] last, type ids 0 then 1 for a pair.
#include "fuzzcheck.h"

#include "core/tokenizers/hftokenizer.h"
#include "core/tokenizers/wordpiecefiles.h"

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

void checkTokens(const hf::HfTokenizer &tokenizer, const TokenList &tokens, const QString &first, const QString &second)
{
    std::vector<int> ids;
    qsizetype previousBegin = 0;
    int previousType = 0;
    for (const Token &token : tokens) {
        const QString &owner = token.typeId == 0 ? first : second;
        AE_FUZZ_CHECK(token.typeId == 0 || token.typeId == 1, first);
        AE_FUZZ_CHECK(token.typeId >= previousType, first);
        if (token.typeId != previousType)
            previousBegin = 0;
        previousType = token.typeId;
        AE_FUZZ_CHECK(token.id >= 0 && token.id < tokenizer.vocabSize(), owner);
        AE_FUZZ_CHECK(0 <= token.begin && token.begin <= token.end && token.end <= owner.size(), owner);
        AE_FUZZ_CHECK(token.begin >= previousBegin, owner);
        previousBegin = token.begin;
        tokenizer.displayText(token.id);
        tokenizer.tokenText(token.id);
        ids.push_back(token.id);
    }
    tokenizer.decode(ids);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytesOf(data, size);
    const QList<QByteArray> parts = input.split('\0');
    const QByteArray vocab = parts.value(0);
    const QByteArray config = parts.value(1);
    const QString text = textOf(input.mid(std::min(input.size(), vocab.size() + config.size() + 2)));

    const QString name = QStringLiteral("fuzz");
    Expected<hf::HfTokenizerParts> read = hf::parseBertVocab(vocab, config, name);
    if (!read) {
        AE_FUZZ_CHECK(fuzz::namesInput(read.error(), name), read.error());
        return 0;
    }
    const hf::HfTokenizer tokenizer(std::move(read).value());
    static const QString sample = QString::fromUtf8("Hello [MASK] world, caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac e\xcc\x81 \xf0\x9f\x99\x82");
    const TokenList single = tokenizer.encode(text);
    AE_FUZZ_CHECK(single.size() >= 2 && single.front().special && single.back().special, text);
    checkTokens(tokenizer, single, text, {});
    const std::optional<TokenList> pair = tokenizer.encodePair(sample, text);
    AE_FUZZ_CHECK(pair.has_value(), text);
    checkTokens(tokenizer, *pair, sample, text);
    return 0;
}

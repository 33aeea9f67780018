#pragma once

#include "fuzzcheck.h"

#include "core/tokenizers/gpt2tokenizer.h"

namespace attn::fuzz {

// What TokenList/encodeIds promise for any text: ids the vocabulary has, spans inside the text in
// order, and the tokens' bytes concatenated give back the text's UTF-8 (lone surrogates as U+FFFD).
inline void checkEncoding(const bpe::Gpt2Tokenizer &tokenizer, const QString &text)
{
    const TokenList tokens = tokenizer.encode(text);
    const std::vector<int> ids = tokenizer.encodeIds(text);
    AE_FUZZ_CHECK(ids.size() == tokens.size(), text);

    QByteArray joined;
    qsizetype previousBegin = 0;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token &token = tokens[i];
        AE_FUZZ_CHECK(token.id == ids[i], text);
        AE_FUZZ_CHECK(token.id >= 0 && token.id < tokenizer.vocabSize(), text);
        AE_FUZZ_CHECK(0 <= token.begin && token.begin < token.end && token.end <= text.size(), text);
        AE_FUZZ_CHECK(token.begin >= previousBegin, text);
        previousBegin = token.begin;
        const QByteArray bytes = tokenizer.decodeBytes(token.id);
        AE_FUZZ_CHECK(!bytes.isEmpty(), text);
        AE_FUZZ_CHECK(!tokenizer.displayText(token.id).isEmpty(), text);
        joined += bytes;
    }

    QString expected = text;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        if (expected[i].isHighSurrogate() && i + 1 < expected.size() && expected[i + 1].isLowSurrogate())
            ++i;
        else if (expected[i].isSurrogate())
            expected[i] = QChar::ReplacementCharacter;
    }
    AE_FUZZ_CHECK(joined == expected.toUtf8(), text);
}

} // namespace attn::fuzz

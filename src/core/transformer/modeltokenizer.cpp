#include "modeltokenizer.h"

#include <QStringBuilder>

namespace attn {

QString tokenizerVocabularyMismatch(const QString &where, int tokenizerVocabSize, int configVocabSize)
{
    if (tokenizerVocabSize <= configVocabSize)
        return {};
    return where % QStringLiteral(": the tokenizer has ids up to %1 but config.json says vocab_size %2; the tokenizer "
                                  "does not belong to this model")
                       .arg(tokenizerVocabSize - 1).arg(configVocabSize);
}

TokenList tokensLaidEndToEnd(const std::vector<int> &ids, const std::function<QString(int id)> &textOf)
{
    TokenList tokens;
    tokens.reserve(ids.size());
    qsizetype position = 0;
    for (int id : ids) {
        Token token;
        token.id = id;
        token.text = textOf(id);
        token.begin = position;
        position += token.text.size();
        token.end = position;
        tokens.push_back(std::move(token));
    }
    return tokens;
}

} // namespace attn

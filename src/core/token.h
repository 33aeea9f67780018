#pragma once

#include <QString>

#include <vector>

namespace attn {

struct Token
{
    QString text;      // as shown to a person (for BPE: bytes decoded, leading space kept)
    qsizetype begin{}; // span in the original text, UTF-16 code units, half-open [begin, end)
    qsizetype end{};
    int id = -1;       // vocabulary id for model tokenizers; -1 for the word tokenizer
    // A control token of the model (<|begin_of_text|>, <bos>, <|im_start|>), not a piece of text:
    // an added token marked special, or one the post-processor put in. Views mark these.
    bool special = false;
    // Token type (segment) id for encoders that take a pair of texts (BERT's token_type_ids):
    // 0 for the first text and the special tokens the post-processor gives it, 1 for the second.
    // A token of the second text has its span in the second text.
    int typeId = 0;
    // Which text of a pair the token belongs to: 0 for the first and the special tokens before its
    // end, 1 for the second. The same as typeId for BERT; RoBERTa has one token type, so only this
    // tells its sentences apart (the "sentence A → sentence B" filter).
    int segment = 0;
};

using TokenList = std::vector<Token>;

} // namespace attn

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
    // Which segment of a sentence pair the token belongs to (BERT's token_type_ids: 0 for
    // [CLS] A [SEP], 1 for B [SEP]); encoders add the matching token-type embedding, every other
    // family ignores it.
    int typeId = 0;
};

using TokenList = std::vector<Token>;

} // namespace attn

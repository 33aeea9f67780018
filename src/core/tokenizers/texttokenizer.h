#pragma once

#include "core/expected.h"
#include "core/token.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace attn {

// What a checkpoint needs of its tokenizer, whatever the file format: text to tokens (ids, text
// and spans, special tokens included as the model expects them) and ids back to text. Immutable;
// every member may be called from several threads at once.
class TextTokenizer
{
public:
    virtual ~TextTokenizer() = default;

    virtual TokenList encode(const QString &text) const = 0;
    // A pair of texts as an encoder takes it (BERT: [CLS] A [SEP] B [SEP]), Token::typeId telling
    // them apart; nullopt when the tokenizer has no pair form (decoder-only checkpoints).
    virtual std::optional<TokenList> encodePair(const QString &first, const QString &second) const
    {
        Q_UNUSED(first);
        Q_UNUSED(second);
        return std::nullopt;
    }
    // The token's text as Token::text has it; empty for an id the vocabulary does not have.
    virtual QString tokenText(int id) const = 0;
    // A label for lists (predictions): whitespace made visible ('·' for a space, '↵' for a newline).
    virtual QString displayText(int id) const = 0;
    // Highest id + 1.
    virtual int vocabSize() const = 0;
    // What reading the files had to leave out that a person should know (one line each).
    virtual QStringList warnings() const { return {}; }
};

using TextTokenizerPtr = std::shared_ptr<const TextTokenizer>;

// The tokenizer files in a checkpoint folder: Hugging Face's tokenizer.json (with
// tokenizer_config.json) when there is one (hftokenizer.h), otherwise BERT's vocab.txt
// (WordPiece, with tokenizer_config.json: wordpiecefiles.h), otherwise vocab.json + merges.txt
// (GPT-2's byte-level BPE). Messages name the folder and the files it lacks, or the file and the
// component that is wrong or unsupported.
// `vocabJson` says what a vocab.json + merges.txt pair is when it is all the folder has: GPT-2's
// tokenizer as it is, or RoBERTa's (the same BPE with <s> … </s> around a text and a pair form,
// robertafiles.h), which the checkpoint's config.json tells.
enum class VocabJsonKind { Gpt2, Roberta };
Expected<TextTokenizerPtr> loadTextTokenizer(const QString &folder, VocabJsonKind vocabJson = VocabJsonKind::Gpt2);

} // namespace attn

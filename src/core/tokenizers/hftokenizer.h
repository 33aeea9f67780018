#pragma once

#include "addedtokens.h"
#include "hftokenizerfile.h"
#include "texttokenizer.h"

#include <QHash>

#include <memory>
#include <vector>

namespace attn::hf {

// A Hugging Face tokenizer.json tokenizer (byte-level BPE as Llama 3 and Qwen have it,
// SentencePiece-style BPE with byte fallback as Llama 2, Mistral and Gemma have it), giving the ids
// HF's tokenizers library gives. encode() runs HF's pipeline: added tokens are cut out of the
// original text first (those marked "normalized" out of the normalized text), the rest is
// normalized, pre-tokenized and merged by the model, and the post-processor's special tokens (BOS)
// go around the whole.
//
// Tokens: Token::begin/end is the span in the text as given, in UTF-16 units. A token made from
// part of a character (byte-level BPE, byte fallback) gets the whole character's span, so
// neighbours may share one; a '▁' or ' ' that the tokenizer put in front of a piece shares the span
// of the character after it; BOS and other post-processor tokens have the empty span at the start
// (or end); with RobertaProcessing's trim_offsets a token's span leaves out the spaces its token
// starts or ends with, as HF's offsets do. Token::text is the token decoded: '▁' reads ' ',
// byte-level characters their bytes;
// with a WordPiece model (BERT) the piece without "##", while displayText() gives the vocabulary's
// spelling ("##ing") and decode() joins "##" pieces to the word before them.
// A run of byte-fallback tokens that spells a character gives that character to its first token
// and an empty text to the others; bytes that spell no character read "<0xE6>". Added tokens
// keep their literal text.
class HfTokenizer final : public TextTokenizer
{
public:
    explicit HfTokenizer(HfTokenizerParts parts);

    TokenList encode(const QString &text) const override;
    // With the post-processor's pair template (BertProcessing, RobertaProcessing, or
    // TemplateProcessing's "pair");
    // special tokens sit at the end of the text before them (the start for the first).
    std::optional<TokenList> encodePair(const QString &first, const QString &second) const override;
    std::vector<int> encodeIds(const QString &text) const;
    // The text HF's decoder gives for `ids` (special tokens kept, as skip_special_tokens=false).
    QString decode(const std::vector<int> &ids) const;
    QString tokenText(int id) const override;
    QString displayText(int id) const override;
    int vocabSize() const override { return m_vocabSize; }
    QStringList warnings() const override { return m_parts.warnings; }

private:
    int modelVocabSize() const;
    // One text's tokens without the post-processor's, spans trimmed as the post-processor says.
    void encodeSequence(const QString &text, TokenList &out) const;
    void encodeText(const QString &text, TokenList &out) const;
    void trimSpans(TokenList &out, std::size_t first) const;
    void encodeNormalized(const AlignedText &text, TokenList &out) const;
    void appendAdded(const AddedToken &token, qsizetype begin, qsizetype end, TokenList &out) const;
    void appendPostProcessorTokens(const std::vector<int> &ids, qsizetype at, TokenList &out) const;
    // The token's string as the vocabulary or added_tokens spell it; empty for an unknown id.
    QString rawToken(int id) const;

    HfTokenizerParts m_parts;
    AddedTokenMatcher m_rawMatcher;        // added tokens matched in the original text
    AddedTokenMatcher m_normalizedMatcher; // those marked normalized, matched after the normalizer
    std::vector<int> m_rawTokens;          // matcher index → index into m_parts.addedTokens
    std::vector<int> m_normalizedTokens;
    QHash<int, int> m_addedById;           // id → index into m_parts.addedTokens
    std::vector<QString> m_texts;          // Token::text of every model id
    int m_vocabSize = 0;
};

} // namespace attn::hf

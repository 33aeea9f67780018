#include "texttokenizer.h"

#include "gpt2tokenizer.h"
#include "hftokenizer.h"
#include "robertafiles.h"
#include "wordpiecefiles.h"

#include <QDir>

namespace attn {
namespace {

class ByteLevelBpeFiles final : public TextTokenizer
{
public:
    explicit ByteLevelBpeFiles(bpe::Gpt2Tokenizer tokenizer) : m_tokenizer(std::move(tokenizer)) {}

    TokenList encode(const QString &text) const override { return m_tokenizer.encode(text); }
    QString tokenText(int id) const override { return QString::fromUtf8(m_tokenizer.decodeBytes(id)); }
    QString displayText(int id) const override { return m_tokenizer.displayText(id); }
    int vocabSize() const override { return m_tokenizer.vocabSize(); }

private:
    bpe::Gpt2Tokenizer m_tokenizer;
};

} // namespace

Expected<TextTokenizerPtr> loadTextTokenizer(const QString &folder, VocabJsonKind vocabJson)
{
    const QDir dir(folder);
    // tokenizer.json says everything (normalizer, pre-tokenizer, added tokens, BOS); it wins over
    // the vocab.json + merges.txt pair that some folders carry beside it.
    if (dir.exists(QStringLiteral("tokenizer.json"))) {
        Expected<hf::HfTokenizerParts> parts = hf::readHfTokenizerFolder(folder);
        if (!parts)
            return Error{parts.error()};
        return TextTokenizerPtr(std::make_shared<hf::HfTokenizer>(std::move(parts).value()));
    }
    // BERT's WordPiece vocabulary, read into the parts a tokenizer.json would give.
    if (dir.exists(QStringLiteral("vocab.txt"))) {
        Expected<hf::HfTokenizerParts> parts = hf::readBertVocabFolder(folder);
        if (!parts)
            return Error{parts.error()};
        return TextTokenizerPtr(std::make_shared<hf::HfTokenizer>(std::move(parts).value()));
    }
    const QString vocab = dir.absoluteFilePath(QStringLiteral("vocab.json"));
    const QString merges = dir.absoluteFilePath(QStringLiteral("merges.txt"));
    if (!dir.exists(QStringLiteral("vocab.json")) || !dir.exists(QStringLiteral("merges.txt")))
        return Error{QDir::toNativeSeparators(dir.absolutePath())
                     % QStringLiteral(" has no tokenizer files this version reads (tokenizer.json, vocab.txt, or vocab.json and merges.txt)")};
    // RoBERTa's files are GPT-2's with other ids; its special tokens go around a text as its
    // tokenizer.json's RobertaProcessing puts them.
    if (vocabJson == VocabJsonKind::Roberta) {
        Expected<hf::HfTokenizerParts> parts = hf::readRobertaBpeFolder(folder);
        if (!parts)
            return Error{parts.error()};
        return TextTokenizerPtr(std::make_shared<hf::HfTokenizer>(std::move(parts).value()));
    }
    Expected<bpe::Gpt2Tokenizer> tokenizer = bpe::Gpt2Tokenizer::load(vocab, merges);
    if (!tokenizer)
        return Error{tokenizer.error()};
    return TextTokenizerPtr(std::make_shared<ByteLevelBpeFiles>(std::move(tokenizer).value()));
}

} // namespace attn

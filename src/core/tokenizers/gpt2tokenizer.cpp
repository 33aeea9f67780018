#include "gpt2tokenizer.h"

#include "bpemodel.h"
#include "mergesfile.h"
#include "pretokenizer.h"
#include "tokentext.h"
#include "vocabfile.h"
#include "wordcache.h"

#include "core/io/filebytes.h"

#include <algorithm>
#include <string>

namespace attn::bpe {

namespace {

// One UTF-8 byte sequence per code point, with the UTF-16 span of the character each byte
// belongs to: what turns byte-level tokens back into spans of the original QString.
struct Utf8Piece
{
    std::string bytes;                // QByteArray::append(char*, n) is several times slower here
    std::vector<qsizetype> charBegin; // per byte
    std::vector<qsizetype> charEnd;   // per byte

    void assign(QStringView text, qsizetype begin, qsizetype end)
    {
        bytes.clear();
        charBegin.clear();
        charEnd.clear();
        qsizetype pos = begin;
        while (pos < end) {
            const char16_t unit = text[pos].unicode();
            char32_t c = unit;
            qsizetype next = pos + 1;
            if (QChar::isHighSurrogate(unit) && next < end && QChar::isLowSurrogate(text[next].unicode())) {
                c = QChar::surrogateToUcs4(unit, text[next].unicode());
                ++next;
            } else if (QChar::isSurrogate(unit)) {
                c = 0xFFFD; // a lone surrogate has no UTF-8 form; TextEncoder gives U+FFFD
            }
            const size_t before = bytes.size();
            char encoded[4];
            int length;
            if (c < 0x80) {
                encoded[0] = char(c);
                length = 1;
            } else if (c < 0x800) {
                encoded[0] = char(0xC0 | (c >> 6));
                encoded[1] = char(0x80 | (c & 0x3F));
                length = 2;
            } else if (c < 0x10000) {
                encoded[0] = char(0xE0 | (c >> 12));
                encoded[1] = char(0x80 | ((c >> 6) & 0x3F));
                encoded[2] = char(0x80 | (c & 0x3F));
                length = 3;
            } else {
                encoded[0] = char(0xF0 | (c >> 18));
                encoded[1] = char(0x80 | ((c >> 12) & 0x3F));
                encoded[2] = char(0x80 | ((c >> 6) & 0x3F));
                encoded[3] = char(0x80 | (c & 0x3F));
                length = 4;
            }
            bytes.append(encoded, length);
            charBegin.insert(charBegin.end(), bytes.size() - before, pos);
            charEnd.insert(charEnd.end(), bytes.size() - before, next);
            pos = next;
        }
    }
};

} // namespace

Gpt2Tokenizer::Gpt2Tokenizer(std::shared_ptr<const BpeModel> model, std::shared_ptr<WordCache> cache)
    : m_model(std::move(model)), m_cache(std::move(cache))
{
}

Expected<Gpt2Tokenizer> Gpt2Tokenizer::load(const QString &vocabJsonPath, const QString &mergesPath)
{
    Expected<QByteArray> vocab = io::readFileBytes(vocabJsonPath, Gpt2Tokenizer::maxFileBytes);
    if (!vocab)
        return Error{vocab.error()};
    Expected<QByteArray> merges = io::readFileBytes(mergesPath, Gpt2Tokenizer::maxFileBytes);
    if (!merges)
        return Error{merges.error()};
    return make(std::move(vocab).value(), std::move(merges).value(), vocabJsonPath, mergesPath);
}

Expected<Gpt2Tokenizer> Gpt2Tokenizer::fromData(const QByteArray &vocabJson, const QByteArray &merges,
                                                const QString &displayName)
{
    return make(vocabJson, merges, displayName + QStringLiteral(" vocab.json"),
                displayName + QStringLiteral(" merges.txt"));
}

Expected<Gpt2Tokenizer> Gpt2Tokenizer::make(QByteArray vocabJson, QByteArray merges,
                                            const QString &vocabLabel, const QString &mergesLabel)
{
    Expected<std::vector<VocabEntry>> vocab = parseVocabJson(vocabJson, vocabLabel);
    if (!vocab)
        return Error{vocab.error()};
    vocabJson = {}; // up to 64 MiB that BpeModel::build does not need
    const Expected<std::vector<MergeRule>> rules = parseMerges(merges, mergesLabel);
    if (!rules)
        return Error{rules.error()};
    merges = {};
    Expected<BpeModel> model = BpeModel::build(std::move(*vocab), *rules, vocabLabel, mergesLabel);
    if (!model)
        return Error{model.error()};
    return Gpt2Tokenizer(std::make_shared<const BpeModel>(std::move(*model)), std::make_shared<WordCache>());
}

template <typename Sink>
void Gpt2Tokenizer::forEachToken(const QString &text, Sink &&sink) const
{
    BpeModel::Scratch scratch;
    Utf8Piece piece;
    std::vector<int> symbols;
    for (const TextRange &range : splitPreTokens(text)) {
        piece.assign(text, range.begin, range.end);
        const QByteArrayView bytes(piece.bytes.data(), qsizetype(piece.bytes.size()));
        symbols.clear();
        if (!m_cache->lookup(bytes, symbols)) {
            m_model->encodeWord(bytes, symbols, scratch);
            m_cache->insert(bytes, symbols.data(), symbols.size());
        }
        qsizetype byte = 0;
        for (const int symbol : symbols) {
            const int length = m_model->byteLength(symbol);
            sink(symbol, piece.charBegin[byte], piece.charEnd[byte + length - 1]);
            byte += length;
        }
    }
}

TokenList Gpt2Tokenizer::encode(const QString &text) const
{
    TokenList tokens;
    forEachToken(text, [&](int symbol, qsizetype begin, qsizetype end) {
        tokens.push_back(Token{m_model->text(symbol), begin, end, m_model->vocabId(symbol)});
    });
    return tokens;
}

std::vector<int> Gpt2Tokenizer::encodeIds(const QString &text) const
{
    std::vector<int> ids;
    forEachToken(text, [&](int symbol, qsizetype, qsizetype) { ids.push_back(m_model->vocabId(symbol)); });
    return ids;
}

QByteArray Gpt2Tokenizer::decodeBytes(int id) const
{
    const int symbol = m_model->symbolOfId(id);
    return symbol >= 0 ? m_model->bytes(symbol).toByteArray() : QByteArray();
}

QString Gpt2Tokenizer::displayText(int id) const
{
    const int symbol = m_model->symbolOfId(id);
    return symbol >= 0 ? readableTokenText(m_model->bytes(symbol), Whitespace::MakeVisible) : QString();
}

int Gpt2Tokenizer::vocabSize() const
{
    return m_model->vocabSize();
}

int Gpt2Tokenizer::mergeCount() const
{
    return m_model->mergeCount();
}

} // namespace attn::bpe

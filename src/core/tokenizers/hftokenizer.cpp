#include "hftokenizer.h"

#include "bytelevel.h"
#include "tokentext.h"

#include <QStringDecoder>

#include <algorithm>

namespace attn::hf {
namespace {

constexpr char16_t metaspace = u'\u2581';

// A lone surrogate becomes U+FFFD (one unit, so spans do not move), as JavaScript's TextEncoder
// and Rust's strings have it: HF's tokenizers never see one.
QString withoutLoneSurrogates(const QString &text)
{
    QString clean = text;
    for (qsizetype i = 0; i < clean.size(); ++i) {
        if (clean[i].isHighSurrogate() && i + 1 < clean.size() && clean[i + 1].isLowSurrogate())
            ++i;
        else if (clean[i].isSurrogate())
            clean[i] = QChar::ReplacementCharacter;
    }
    return clean;
}

QByteArray byteLevelBytes(const QString &token, bool *allBytes)
{
    QByteArray bytes;
    bytes.reserve(token.size());
    *allBytes = true;
    for (QChar c : token) {
        const int byte = bpe::charToByte(c.unicode());
        if (byte < 0) {
            *allBytes = false;
            return token.toUtf8();
        }
        bytes.append(char(byte));
    }
    return bytes;
}

// UTF-8 to text, invalid bytes as U+FFFD, with a leading U+FEFF kept (QString::fromUtf8 takes it
// for a byte-order mark and drops it, but here it is text: "\uFEFFHello" decodes to itself).
QString decodeUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    return decoder(bytes);
}

// Length of the complete UTF-8 character at bytes[pos], or 0.
int utf8CharLength(const QByteArray &bytes, qsizetype pos)
{
    const quint8 lead = quint8(bytes[pos]);
    const int length = lead < 0x80 ? 1 : (lead >= 0xC2 && lead <= 0xDF) ? 2 : (lead >= 0xE0 && lead <= 0xEF) ? 3
                     : (lead >= 0xF0 && lead <= 0xF4) ? 4 : 0;
    if (length == 0 || pos + length > bytes.size())
        return 0;
    const QString decoded = decodeUtf8(bytes.mid(pos, length));
    return decoded.contains(QChar::ReplacementCharacter) ? 0 : length;
}

// HF's decoders::wordpiece::cleanup: the spaces a word-by-word join puts before punctuation and
// English contractions taken out again.
QString cleanedUpSpaces(QString text)
{
    static const std::pair<QLatin1StringView, QLatin1StringView> replacements[] = {
        {QLatin1StringView(" ."), QLatin1StringView(".")}, {QLatin1StringView(" ?"), QLatin1StringView("?")},
        {QLatin1StringView(" !"), QLatin1StringView("!")}, {QLatin1StringView(" ,"), QLatin1StringView(",")},
        {QLatin1StringView(" ' "), QLatin1StringView("'")}, {QLatin1StringView(" n't"), QLatin1StringView("n't")},
        {QLatin1StringView(" 'm"), QLatin1StringView("'m")}, {QLatin1StringView(" do not"), QLatin1StringView(" don't")},
        {QLatin1StringView(" 's"), QLatin1StringView("'s")}, {QLatin1StringView(" 've"), QLatin1StringView("'ve")},
        {QLatin1StringView(" 're"), QLatin1StringView("'re")}};
    for (const auto &[from, to] : replacements)
        text.replace(from, to);
    return text;
}

} // namespace

HfTokenizer::HfTokenizer(HfTokenizerParts parts) : m_parts(std::move(parts))
{
    std::vector<QString> rawContents;
    std::vector<QString> normalizedContents;
    std::vector<AddedToken> rawTokens;
    std::vector<AddedToken> normalizedTokens;
    m_vocabSize = modelVocabSize();
    for (int i = 0; i < int(m_parts.addedTokens.size()); ++i) {
        const AddedToken &token = m_parts.addedTokens[i];
        m_addedById.insert(token.id, i);
        m_vocabSize = std::max(m_vocabSize, token.id + 1);
        if (token.normalized) {
            // HF matches a normalized token by its normalized content.
            normalizedContents.push_back(m_parts.normalizer.apply(token.content));
            normalizedTokens.push_back(token);
            m_normalizedTokens.push_back(i);
        } else {
            rawContents.push_back(token.content);
            rawTokens.push_back(token);
            m_rawTokens.push_back(i);
        }
    }
    m_rawMatcher = AddedTokenMatcher(rawTokens, rawContents);
    m_normalizedMatcher = AddedTokenMatcher(normalizedTokens, normalizedContents);

    m_texts.resize(std::size_t(modelVocabSize()));
    if (m_parts.wordPiece) {
        for (int id = 0; id < modelVocabSize(); ++id)
            m_texts[id] = m_parts.wordPiece->pieceText(id);
        return;
    }
    for (int id = 0; id < m_parts.model.vocabSize(); ++id) {
        const QString &token = m_parts.model.token(id);
        if (token.isEmpty())
            continue;
        if (m_parts.model.isByteLevel()) {
            bool allBytes = false;
            m_texts[id] = bpe::readableTokenText(byteLevelBytes(token, &allBytes), bpe::Whitespace::Keep);
        } else if (const int byte = m_parts.model.fallbackByte(id); byte >= 0) {
            const char single = char(byte);
            m_texts[id] = bpe::readableTokenText(QByteArrayView(&single, 1), bpe::Whitespace::Keep);
        } else {
            m_texts[id] = QString(token).replace(QChar(metaspace), QChar(u' '));
        }
    }
}

QString HfTokenizer::rawToken(int id) const
{
    if (const auto added = m_addedById.constFind(id); added != m_addedById.constEnd())
        return m_parts.addedTokens[*added].content;
    if (id >= 0 && id < modelVocabSize())
        return m_parts.wordPiece ? m_parts.wordPiece->token(id) : m_parts.model.token(id);
    return {};
}

int HfTokenizer::modelVocabSize() const
{
    return m_parts.wordPiece ? m_parts.wordPiece->vocabSize() : m_parts.model.vocabSize();
}

QString HfTokenizer::tokenText(int id) const
{
    if (const auto added = m_addedById.constFind(id); added != m_addedById.constEnd())
        return m_parts.addedTokens[*added].content;
    if (id >= 0 && id < int(m_texts.size()))
        return m_texts[id];
    return {};
}

QString HfTokenizer::displayText(int id) const
{
    if (const auto added = m_addedById.constFind(id); added != m_addedById.constEnd())
        return m_parts.addedTokens[*added].content;
    if (m_parts.wordPiece)
        return id >= 0 && id < modelVocabSize() ? m_parts.wordPiece->token(id) : QString(); // "##ing" as BERT spells it
    return bpe::readableTokenText(tokenText(id).toUtf8(), bpe::Whitespace::MakeVisible);
}

void HfTokenizer::appendAdded(const AddedToken &token, qsizetype begin, qsizetype end, TokenList &out) const
{
    out.push_back(Token{token.content, begin, end, token.id, token.special});
}

void HfTokenizer::appendPostProcessorTokens(const std::vector<int> &ids, qsizetype at, TokenList &out) const
{
    for (int id : ids)
        out.push_back(Token{tokenText(id), at, at, id, true});
}

void HfTokenizer::encodeNormalized(const AlignedText &text, TokenList &out) const
{
    if (m_parts.wordPiece) {
        std::vector<WordPieceToken> wordTokens;
        for (const AlignedText &word : m_parts.preTokenizer.apply(text)) {
            wordTokens.clear();
            m_parts.wordPiece->encodeWord(word.text(), wordTokens);
            for (const WordPieceToken &token : wordTokens) {
                const OriginalSpan span = word.originalSpan(token.begin, token.end);
                out.push_back(Token{m_texts[token.id], span.begin, span.end, token.id});
            }
        }
        return;
    }
    std::vector<PieceToken> pieceTokens;
    std::vector<int> unitBegin; // per UTF-8 byte of a piece: the first and past-the-end UTF-16
    std::vector<int> unitEnd;   //   unit of the character it belongs to
    for (const AlignedText &piece : m_parts.preTokenizer.apply(text)) {
        pieceTokens.clear();
        m_parts.model.encodePiece(piece.text(), pieceTokens);
        unitBegin.clear();
        unitEnd.clear();
        const QString &units = piece.text();
        for (int i = 0; i < int(units.size());) {
            char32_t c = units[i].unicode();
            int width = 1;
            if (units[i].isHighSurrogate() && i + 1 < units.size() && units[i + 1].isLowSurrogate()) {
                c = QChar::surrogateToUcs4(units[i], units[i + 1]);
                width = 2;
            }
            const int bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            unitBegin.insert(unitBegin.end(), bytes, i);
            unitEnd.insert(unitEnd.end(), bytes, i + width);
            i += width;
        }
        const std::size_t first = out.size();
        for (const PieceToken &token : pieceTokens) {
            const OriginalSpan span = token.byteEnd > token.byteBegin
                ? piece.originalSpan(unitBegin[token.byteBegin], unitEnd[token.byteEnd - 1])
                : piece.originalSpan(0, 0);
            out.push_back(Token{m_texts[token.id], span.begin, span.end, token.id});
        }
        if (m_parts.model.isByteLevel())
            continue;
        // Byte fallback: a run of "<0xAB>" tokens that spells characters shows them once.
        for (std::size_t i = first; i < out.size();) {
            if (m_parts.model.fallbackByte(out[i].id) < 0) {
                ++i;
                continue;
            }
            std::size_t runEnd = i;
            QByteArray bytes;
            while (runEnd < out.size() && m_parts.model.fallbackByte(out[runEnd].id) >= 0)
                bytes.append(char(m_parts.model.fallbackByte(out[runEnd++].id)));
            for (qsizetype pos = 0; pos < bytes.size();) {
                const int length = utf8CharLength(bytes, pos);
                if (length > 1) {
                    out[i + pos].text = decodeUtf8(bytes.mid(pos, length));
                    for (int k = 1; k < length; ++k)
                        out[i + pos + k].text.clear();
                }
                pos += std::max(length, 1);
            }
            i = runEnd;
        }
    }
}

void HfTokenizer::trimSpans(TokenList &out, std::size_t first) const
{
    // HF's byte-level process_offsets: count the spaces (GPT-2's 'Ġ' or real ones) at either end
    // of the token's string and move the span's ends past that many units.
    const auto isSpace = [](QChar c) { return c == QChar(0x0120) || c.isSpace(); };
    for (std::size_t i = first; i < out.size(); ++i) {
        Token &token = out[i];
        const QString raw = rawToken(token.id);
        qsizetype leading = 0;
        while (leading < raw.size() && isSpace(raw[leading]))
            ++leading;
        qsizetype trailing = 0;
        while (trailing < raw.size() && isSpace(raw[raw.size() - 1 - trailing]))
            ++trailing;
        if (leading > 0) {
            // The one space add_prefix_space put before the first word is not typed text.
            const bool firstOfText = i == first || token.begin == 0;
            if (!(firstOfText && m_parts.trimKeepsAddedPrefixSpace && leading == 1))
                token.begin = std::min(token.begin + leading, token.end);
        }
        if (trailing > 0 && token.end >= trailing)
            token.end = std::max(token.end - trailing, token.begin);
    }
}

void HfTokenizer::encodeSequence(const QString &text, TokenList &out) const
{
    const std::size_t first = out.size();
    encodeText(text, out);
    if (m_parts.trimOffsets)
        trimSpans(out, first);
}

TokenList HfTokenizer::encode(const QString &input) const
{
    const QString text = withoutLoneSurrogates(input);
    TokenList out;
    appendPostProcessorTokens(m_parts.prefixIds, 0, out);
    encodeSequence(text, out);
    appendPostProcessorTokens(m_parts.suffixIds, text.size(), out);
    return out;
}

std::optional<TokenList> HfTokenizer::encodePair(const QString &first, const QString &second) const
{
    if (m_parts.pairTemplate.empty())
        return std::nullopt;
    const QString texts[2] = {withoutLoneSurrogates(first), withoutLoneSurrogates(second)};
    TokenList out;
    qsizetype at = 0; // where special tokens sit: the end of the sequence before them
    // Token::segment: sentence A's tokens and everything before them, then the one special token
    // that closes A ([SEP], </s>), are 0; the rest is 1. Token types cannot say it for RoBERTa,
    // whose pair <s> A </s> </s> B </s> is all type 0.
    std::optional<std::size_t> firstAfterA;
    for (const TemplateItem &item : m_parts.pairTemplate) {
        const std::size_t begin = out.size();
        if (item.sequence >= 0) {
            encodeSequence(texts[item.sequence], out);
            at = texts[item.sequence].size();
        } else {
            appendPostProcessorTokens(item.ids, at, out);
        }
        for (std::size_t i = begin; i < out.size(); ++i)
            out[i].typeId = item.typeId;
        if (item.sequence == 0)
            firstAfterA = out.size();
    }
    if (firstAfterA)
        for (std::size_t i = *firstAfterA + 1; i < out.size(); ++i)
            out[i].segment = 1;
    return out;
}

void HfTokenizer::encodeText(const QString &text, TokenList &out) const
{
    for (const AddedTokenSplit &part : m_rawMatcher.split(text)) {
        if (part.token >= 0) {
            appendAdded(m_parts.addedTokens[m_rawTokens[part.token]], part.begin, part.end, out);
            continue;
        }
        AlignedText normalized(QStringView(text).mid(part.begin, part.end - part.begin), part.begin);
        m_parts.normalizer.apply(normalized);
        for (const AddedTokenSplit &inner : m_normalizedMatcher.split(normalized.text())) {
            if (inner.token >= 0) {
                const OriginalSpan span = normalized.originalSpan(inner.begin, inner.end);
                appendAdded(m_parts.addedTokens[m_normalizedTokens[inner.token]], span.begin, span.end, out);
            } else {
                encodeNormalized(normalized.slice(inner.begin, inner.end), out);
            }
        }
    }
}

std::vector<int> HfTokenizer::encodeIds(const QString &text) const
{
    std::vector<int> ids;
    for (const Token &token : encode(text))
        ids.push_back(token.id);
    return ids;
}

QString HfTokenizer::decode(const std::vector<int> &ids) const
{
    QStringList tokens;
    for (int id : ids)
        if (QString token = rawToken(id); !token.isEmpty())
            tokens.append(std::move(token));
    for (const DecoderStep &step : m_parts.decoder) {
        switch (step.kind) {
        case DecoderStep::Kind::ByteLevel: {
            QByteArray bytes;
            for (const QString &token : tokens) {
                bool allBytes = false;
                bytes.append(byteLevelBytes(token, &allBytes));
            }
            tokens = QStringList{decodeUtf8(bytes)};
            break;
        }
        case DecoderStep::Kind::Replace:
            for (QString &token : tokens)
                token.replace(step.pattern, step.content);
            break;
        case DecoderStep::Kind::ByteFallback: {
            QStringList next;
            QByteArray pending;
            int pendingCount = 0;
            const auto flush = [&] {
                if (pendingCount == 0)
                    return;
                const QString decoded = decodeUtf8(pending);
                // Rust's String::from_utf8 is all or nothing: invalid bytes give one U+FFFD each.
                if (decoded.toUtf8() == pending)
                    next.append(decoded);
                else
                    for (int k = 0; k < pendingCount; ++k)
                        next.append(QString(QChar::ReplacementCharacter));
                pending.clear();
                pendingCount = 0;
            };
            for (const QString &token : tokens) {
                bool ok = false;
                const int byte = token.size() == 6 && token.startsWith(QLatin1String("<0x")) && token.endsWith(u'>')
                    ? token.mid(3, 2).toInt(&ok, 16) : -1;
                if (ok) {
                    pending.append(char(byte));
                    ++pendingCount;
                } else {
                    flush();
                    next.append(token);
                }
            }
            flush();
            tokens = std::move(next);
            break;
        }
        case DecoderStep::Kind::Fuse:
            tokens = QStringList{tokens.join(QString())};
            break;
        case DecoderStep::Kind::Strip:
            for (QString &token : tokens) {
                qsizetype start = 0;
                while (start < step.stripStart && start < token.size() && token[start] == step.content[0])
                    ++start;
                qsizetype stop = token.size();
                for (int k = 0; k < step.stripStop && stop > start && token[stop - 1] == step.content[0]; ++k)
                    --stop;
                token = token.mid(start, stop - start);
            }
            break;
        case DecoderStep::Kind::WordPiece:
            for (qsizetype i = 0; i < tokens.size(); ++i) {
                QString &token = tokens[i];
                if (i > 0) {
                    if (!step.pattern.isEmpty() && token.startsWith(step.pattern))
                        token.remove(0, step.pattern.size());
                    else
                        token.prepend(u' ');
                }
            }
            // HF's decoder cleans up each token; transformers' decode() then cleans up the whole
            // text again (clean_up_tokenization_spaces, true for BERT), which also joins "don ' t"
            // across tokens. Once over the whole text gives what a person sees from transformers.
            if (step.cleanup)
                tokens = QStringList{cleanedUpSpaces(tokens.join(QString()))};
            break;
        case DecoderStep::Kind::Metaspace:
            for (qsizetype i = 0; i < tokens.size(); ++i) {
                tokens[i].replace(step.pattern, QStringLiteral(" "));
                if (i == 0 && step.prependedSpace && tokens[i].startsWith(u' '))
                    tokens[i].remove(0, 1);
            }
            break;
        }
    }
    return tokens.join(QString());
}

} // namespace attn::hf

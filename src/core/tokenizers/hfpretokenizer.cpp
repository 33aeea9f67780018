#include "hfpretokenizer.h"

#include "pretokenizer.h"
#include "wordpiece.h"

#include <algorithm>

namespace attn::hf {
namespace {

struct Piece
{
    qsizetype begin;
    qsizetype end;
    bool isMatch;
};

// The whole text as matches and the gaps between them, in order (HF's Pattern::find_matches).
std::vector<Piece> piecesAround(const std::vector<bpe::TextRange> &matches, qsizetype size)
{
    std::vector<Piece> pieces;
    qsizetype previous = 0;
    for (const bpe::TextRange &match : matches) {
        if (match.begin > previous)
            pieces.push_back({previous, match.begin, false});
        pieces.push_back({match.begin, match.end, true});
        previous = match.end;
    }
    if (previous < size)
        pieces.push_back({previous, size, false});
    return pieces;
}

std::vector<bpe::TextRange> literalMatches(const QString &text, const QString &literal)
{
    std::vector<bpe::TextRange> matches;
    if (literal.isEmpty())
        return matches;
    for (qsizetype at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.size()))
        matches.push_back({at, at + literal.size()});
    return matches;
}

std::vector<bpe::TextRange> regexMatches(const QString &text, const QRegularExpression &regex)
{
    std::vector<bpe::TextRange> matches;
    QRegularExpressionMatchIterator it = regex.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedLength() > 0)
            matches.push_back({match.capturedStart(), match.capturedEnd()});
    }
    return matches;
}

// HF's NormalizedString::split: which pieces stand alone and which join a neighbour.
std::vector<bpe::TextRange> applyBehavior(std::vector<Piece> pieces, SplitBehavior behavior, bool invert)
{
    if (invert)
        for (Piece &piece : pieces)
            piece.isMatch = !piece.isMatch;
    std::vector<bpe::TextRange> out;
    bool previousMatch = false;
    switch (behavior) {
    case SplitBehavior::Removed:
        for (const Piece &piece : pieces)
            if (!piece.isMatch)
                out.push_back({piece.begin, piece.end});
        break;
    case SplitBehavior::Isolated:
        for (const Piece &piece : pieces)
            out.push_back({piece.begin, piece.end});
        break;
    case SplitBehavior::MergedWithPrevious:
        for (const Piece &piece : pieces) {
            if (piece.isMatch && !previousMatch && !out.empty())
                out.back().end = piece.end;
            else
                out.push_back({piece.begin, piece.end});
            previousMatch = piece.isMatch;
        }
        break;
    case SplitBehavior::MergedWithNext:
        for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
            if (it->isMatch && !previousMatch && !out.empty())
                out.back().begin = it->begin;
            else
                out.push_back({it->begin, it->end});
            previousMatch = it->isMatch;
        }
        std::reverse(out.begin(), out.end());
        break;
    case SplitBehavior::Contiguous:
        for (const Piece &piece : pieces) {
            if (piece.isMatch == previousMatch && !out.empty())
                out.back().end = piece.end;
            else
                out.push_back({piece.begin, piece.end});
            previousMatch = piece.isMatch;
        }
        break;
    }
    return out;
}

void appendSlices(const AlignedText &text, const std::vector<bpe::TextRange> &ranges, std::vector<AlignedText> &out)
{
    for (const bpe::TextRange &range : ranges)
        if (range.end > range.begin)
            out.push_back(text.slice(range.begin, range.end));
}

void applyStep(const PreTokenizerStep &step, AlignedText piece, std::vector<AlignedText> &out)
{
    using Kind = PreTokenizerStep::Kind;
    switch (step.kind) {
    case Kind::SplitString:
        appendSlices(piece, applyBehavior(piecesAround(literalMatches(piece.text(), step.literal), piece.size()),
                                          step.behavior, step.invert), out);
        return;
    case Kind::SplitRegex:
        appendSlices(piece, applyBehavior(piecesAround(regexMatches(piece.text(), step.regex), piece.size()),
                                          step.behavior, step.invert), out);
        return;
    case Kind::ByteLevel:
        if (step.addPrefixSpace && !piece.text().startsWith(u' '))
            piece.prepend(u" ");
        if (step.useRegex)
            appendSlices(piece, bpe::splitPreTokens(piece.text()), out);
        else
            out.push_back(std::move(piece));
        return;
    case Kind::Metaspace: {
        piece.replaceAll(u" ", step.replacement);
        const bool startsWithReplacement = piece.text().startsWith(step.replacement);
        const bool prepend = step.prependScheme == PreTokenizerStep::PrependScheme::Always
            || (step.prependScheme == PreTokenizerStep::PrependScheme::First && piece.originalSpan(0, 1).begin == 0);
        if (prepend && !startsWithReplacement)
            piece.prepend(step.replacement);
        if (step.metaspaceSplit)
            appendSlices(piece, applyBehavior(piecesAround(literalMatches(piece.text(), step.replacement), piece.size()),
                                              SplitBehavior::MergedWithNext, false), out);
        else
            out.push_back(std::move(piece));
        return;
    }
    case Kind::Bert: {
        const QString &units = piece.text();
        qsizetype wordBegin = 0;
        for (qsizetype i = 0; i < units.size();) {
            char32_t c = units[i].unicode();
            qsizetype width = 1;
            if (units[i].isHighSurrogate() && i + 1 < units.size() && units[i + 1].isLowSurrogate()) {
                c = QChar::surrogateToUcs4(units[i], units[i + 1]);
                width = 2;
            }
            const bool space = bert::isWhitespace(c);
            if (space || bert::isPunctuation(c)) {
                if (i > wordBegin)
                    out.push_back(piece.slice(wordBegin, i));
                if (!space)
                    out.push_back(piece.slice(i, i + width));
                wordBegin = i + width;
            }
            i += width;
        }
        if (units.size() > wordBegin)
            out.push_back(piece.slice(wordBegin, units.size()));
        return;
    }
    }
}

} // namespace

std::vector<AlignedText> PreTokenizer::apply(AlignedText text) const
{
    std::vector<AlignedText> pieces;
    if (text.isEmpty())
        return pieces;
    pieces.push_back(std::move(text));
    for (const PreTokenizerStep &step : m_steps) {
        std::vector<AlignedText> next;
        next.reserve(pieces.size());
        for (AlignedText &piece : pieces)
            applyStep(step, std::move(piece), next);
        pieces = std::move(next);
    }
    return pieces;
}

} // namespace attn::hf

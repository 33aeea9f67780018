#include "hfbpemodel.h"

#include "bytelevel.h"
#include "tokentext.h"

#include <optional>
#include <queue>

namespace attn::hf {
namespace {

QString fallbackTokenName(int byte)
{
    // HF writes format!("<{:#04X}>", byte): "0x" and two upper-case digits.
    return QStringLiteral("<0x") % QString::number(byte, 16).toUpper().rightJustified(2, u'0') % QStringLiteral(">");
}

} // namespace

Expected<BpeModelHf> BpeModelHf::build(std::vector<QString> vocab, const std::vector<std::pair<QString, QString>> &merges,
                                       const Options &options, const QString &label, const std::vector<int> &ranks)
{
    if (qsizetype(merges.size()) > maxMerges)
        return Error{label % QStringLiteral(": %1 merges; more than %2 are refused").arg(merges.size()).arg(maxMerges)};
    if (!ranks.empty() && ranks.size() != merges.size())
        return Error{label % QStringLiteral(": %1 ranks for %2 merges").arg(ranks.size()).arg(merges.size())};
    BpeModelHf model;
    model.m_options = options;
    model.m_tokens = std::move(vocab);
    model.m_idOfToken.reserve(qsizetype(model.m_tokens.size()));
    for (int id = 0; id < int(model.m_tokens.size()); ++id) {
        const QString &token = model.m_tokens[id];
        if (token.isEmpty())
            continue;
        model.m_idOfToken.insert(token, id);
        const qsizetype units = token.size();
        if (units == 1 || (units == 2 && token[0].isHighSurrogate() && token[1].isLowSurrogate()))
            model.m_charId.emplace(token.toUcs4().front(), id);
    }
    model.m_byteCharId.fill(-1);
    model.m_fallbackId.fill(-1);
    for (int byte = 0; byte < 256; ++byte) {
        model.m_byteCharId[byte] = model.idOf(QString(QChar(bpe::byteToChar(quint8(byte)))));
        model.m_fallbackId[byte] = model.idOf(fallbackTokenName(byte));
    }
    if (options.byteLevel) {
        for (int byte = 0; byte < 256; ++byte)
            if (model.m_byteCharId[byte] < 0)
                return Error{label % QStringLiteral(": the vocabulary lacks the byte-level token of byte 0x%1")
                                         .arg(byte, 2, 16, QLatin1Char('0'))};
    }
    if (!options.unknownToken.isEmpty()) {
        model.m_unknownId = model.idOf(options.unknownToken);
        if (model.m_unknownId < 0)
            return Error{label % QStringLiteral(": unk_token ") % bpe::quotedForMessage(options.unknownToken)
                         % QStringLiteral(" is not in the vocabulary")};
    }
    model.m_merges.reserve(merges.size());
    for (qsizetype rank = 0; rank < qsizetype(merges.size()); ++rank) {
        const auto &[left, right] = merges[rank];
        const int leftId = model.idOf(left);
        const int rightId = model.idOf(right);
        const QString joined = left + right;
        const int resultId = model.idOf(joined);
        const QString *missing = leftId < 0 ? &left : rightId < 0 ? &right : nullptr;
        if (missing)
            return Error{label % QStringLiteral(": merge %1 names ").arg(rank) % bpe::quotedForMessage(*missing)
                         % QStringLiteral(", which is not in the vocabulary")};
        if (resultId < 0)
            return Error{label % QStringLiteral(": merge %1 makes ").arg(rank) % bpe::quotedForMessage(joined)
                         % QStringLiteral(", which is not in the vocabulary")};
        // A pair listed twice takes its last rank, as HF's HashMap collect does.
        model.m_merges[pairKey(leftId, rightId)] = Merge{ranks.empty() ? int(rank) : ranks[size_t(rank)], resultId};
    }
    return model;
}

int BpeModelHf::fallbackByte(int id) const
{
    if (id < 0 || id >= int(m_tokens.size()))
        return -1;
    const QString &token = m_tokens[id];
    if (token.size() != 6 || !token.startsWith(QLatin1String("<0x")) || !token.endsWith(u'>'))
        return -1;
    // toInt also reads a sign ("<0x-9>" is -9): the range check keeps such names out of the table.
    bool ok = false;
    const int byte = token.mid(3, 2).toInt(&ok, 16);
    return ok && byte >= 0 && byte < int(m_fallbackId.size()) && m_fallbackId[size_t(byte)] == id ? byte : -1;
}

void BpeModelHf::initialSymbols(QStringView piece, const QByteArray &utf8, std::vector<Symbol> &symbols) const
{
    if (m_options.byteLevel) {
        for (int i = 0; i < int(utf8.size()); ++i)
            symbols.push_back({m_byteCharId[quint8(utf8[i])], i, i + 1});
        return;
    }
    // Character-level, as HF's BPE::merge_word: a pending unknown is flushed before the next known
    // character only (not before byte-fallback tokens), which is what HF does.
    std::optional<Symbol> unknown;
    int byte = 0;
    for (qsizetype i = 0; i < piece.size();) {
        char32_t c = piece[i].unicode();
        qsizetype width = 1;
        if (piece[i].isHighSurrogate() && i + 1 < piece.size() && piece[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(piece[i], piece[i + 1]);
            width = 2;
        }
        const int byteLength = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        i += width;
        const int begin = byte;
        byte += byteLength;
        if (const auto known = m_charId.find(c); known != m_charId.end()) {
            if (unknown) {
                symbols.push_back(*unknown);
                unknown.reset();
            }
            symbols.push_back({known->second, begin, byte});
            continue;
        }
        if (m_options.byteFallback) {
            bool all = true;
            for (int b = begin; b < byte && all; ++b)
                all = m_fallbackId[quint8(utf8[b])] >= 0;
            if (all) {
                for (int b = begin; b < byte; ++b)
                    symbols.push_back({m_fallbackId[quint8(utf8[b])], b, b + 1});
                continue;
            }
        }
        if (m_unknownId < 0)
            continue;
        if (unknown && m_options.fuseUnknown) {
            unknown->byteEnd = byte;
        } else {
            if (unknown)
                symbols.push_back(*unknown);
            unknown = Symbol{m_unknownId, begin, byte};
        }
    }
    if (unknown)
        symbols.push_back(*unknown);
}

void BpeModelHf::mergeAll(std::vector<Symbol> &symbols, std::vector<PieceToken> &out) const
{
    struct Node
    {
        Symbol symbol;
        int prev;
        int next;
        bool alive;
    };
    struct Candidate
    {
        int rank;
        int pos;
        int result;
        bool operator>(const Candidate &other) const
        {
            return rank != other.rank ? rank > other.rank : pos > other.pos;
        }
    };
    const int n = int(symbols.size());
    std::vector<Node> nodes(n);
    for (int i = 0; i < n; ++i)
        nodes[i] = {symbols[i], i - 1, i + 1 < n ? i + 1 : -1, true};
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    const auto push = [&](int left) {
        const int right = nodes[left].next;
        if (right < 0)
            return;
        const auto merge = m_merges.find(pairKey(nodes[left].symbol.id, nodes[right].symbol.id));
        if (merge != m_merges.end())
            queue.push({merge->second.rank, left, merge->second.result});
    };
    for (int i = 0; i + 1 < n; ++i)
        push(i);
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Node &left = nodes[top.pos];
        if (!left.alive || left.next < 0)
            continue;
        Node &right = nodes[left.next];
        // A stale entry: one side has merged with something else since it was queued.
        const auto merge = m_merges.find(pairKey(left.symbol.id, right.symbol.id));
        if (merge == m_merges.end() || merge->second.result != top.result)
            continue;
        left.symbol = {top.result, left.symbol.byteBegin, right.symbol.byteEnd};
        right.alive = false;
        left.next = right.next;
        if (right.next >= 0)
            nodes[right.next].prev = top.pos;
        if (left.prev >= 0)
            push(left.prev);
        push(top.pos);
    }
    for (int i = n > 0 ? 0 : -1; i >= 0; i = nodes[i].next)
        out.push_back({nodes[i].symbol.id, nodes[i].symbol.byteBegin, nodes[i].symbol.byteEnd});
}

void BpeModelHf::encodePiece(QStringView piece, std::vector<PieceToken> &out) const
{
    const QByteArray utf8 = piece.toUtf8();
    if (m_options.ignoreMerges) {
        QString asToken;
        if (m_options.byteLevel) {
            asToken.reserve(utf8.size());
            for (char byte : utf8)
                asToken.append(QChar(bpe::byteToChar(quint8(byte))));
        } else {
            asToken = piece.toString();
        }
        if (const int id = idOf(asToken); id >= 0) {
            out.push_back({id, 0, int(utf8.size())});
            return;
        }
    }
    std::vector<Symbol> symbols;
    symbols.reserve(utf8.size());
    initialSymbols(piece, utf8, symbols);
    mergeAll(symbols, out);
}

} // namespace attn::hf

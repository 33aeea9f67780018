#include "bpemodel.h"

#include "bytelevel.h"
#include "gpt2tokenizer.h"
#include "tokentext.h"

#include <QHash>
#include <QStringView>

#include <algorithm>

namespace attn::bpe {

namespace {

// The bytes a token string stands for. Characters outside GPT-2's byte table (only special tokens
// or foreign files have them) stand for their own UTF-8 bytes.
QByteArray tokenBytes(QStringView token)
{
    QByteArray bytes;
    bytes.reserve(token.size());
    for (qsizetype i = 0; i < token.size(); ++i) {
        const int byte = charToByte(token[i].unicode());
        if (byte >= 0) {
            bytes.append(char(byte));
            continue;
        }
        const qsizetype length = token[i].isHighSurrogate() && i + 1 < token.size() ? 2 : 1;
        bytes.append(token.sliced(i, length).toUtf8());
        i += length - 1;
    }
    return bytes;
}

// Heap order: lowest rank first, then leftmost.
bool laterCandidate(const BpeModel::Scratch::Candidate &a, const BpeModel::Scratch::Candidate &b)
{
    return a.rank != b.rank ? a.rank > b.rank : a.pos > b.pos;
}

} // namespace

Expected<BpeModel> BpeModel::build(std::vector<VocabEntry> vocab, const std::vector<MergeRule> &merges,
                                   const QString &vocabLabel, const QString &mergesLabel)
{
    BpeModel model;
    QHash<QString, int> symbolOf;
    symbolOf.reserve(qsizetype(vocab.size() + merges.size()));
    const auto addSymbol = [&](const QString &token, int vocabId) {
        const QByteArray bytes = tokenBytes(token);
        Symbol symbol;
        symbol.vocabId = vocabId;
        symbol.bytesBegin = model.m_bytes.size();
        symbol.byteLength = int(bytes.size());
        model.m_bytes.append(bytes);
        model.m_symbols.push_back(symbol);
        const int index = int(model.m_symbols.size() - 1);
        symbolOf.insert(token, index);
        return index;
    };
    const auto symbolFor = [&](const QString &token) {
        const auto it = symbolOf.constFind(token);
        return it != symbolOf.constEnd() ? it.value() : addSymbol(token, -1);
    };

    model.m_symbols.reserve(vocab.size() + merges.size());
    for (const VocabEntry &entry : vocab) {
        if (symbolOf.contains(entry.token))
            continue; // a JSON object cannot repeat a key; kept defensive for future callers
        addSymbol(entry.token, entry.id);
    }
    model.m_vocabCount = int(model.m_symbols.size());
    model.m_vocabSize = vocab.empty() ? 0 : vocab.back().id + 1;

    for (int byte = 0; byte < 256; ++byte) {
        const QString token{QChar(byteToChar(quint8(byte)))};
        const auto it = symbolOf.constFind(token);
        if (it == symbolOf.constEnd())
            return Error{QStringLiteral("%1 has no token for byte 0x%2 (\"%3\"); a byte-level BPE "
                                        "vocabulary needs all 256")
                             .arg(vocabLabel)
                             .arg(byte, 2, 16, QLatin1Char('0'))
                             .arg(token)};
        model.m_byteSymbol[byte] = it.value();
    }

    // A pair listed twice keeps its last rank, as the dict that encoder.py builds does.
    model.m_merges.reserve(merges.size());
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const MergeRule &rule = merges[rank];
        const int left = symbolFor(rule.left);
        const int right = symbolFor(rule.right);
        const int result = symbolFor(rule.left + rule.right);
        // Each costs a symbol, its bytes and a table entry (~250 bytes): a merges.txt of symbols
        // the vocabulary lacks would otherwise cost a gigabyte at the merge limit (issue 11).
        if (qsizetype(model.m_symbols.size()) - model.m_vocabCount > Gpt2Tokenizer::maxMergeOnlySymbols)
            return Error{QStringLiteral("%1 line %2: more than %3 symbols that the vocabulary does not have; "
                                        "the limit is %3 (does the merges file belong to this vocab.json?)")
                             .arg(mergesLabel)
                             .arg(rule.line)
                             .arg(Gpt2Tokenizer::maxMergeOnlySymbols)};
        Symbol &made = model.m_symbols[result];
        if (made.vocabId < 0 && made.left < 0) {
            made.left = left;
            made.right = right;
        }
        model.m_merges[pairKey(left, right)] = Merge{int(rank), result};
    }

    // The token strings go first: with the texts beside them, a 64 MiB vocab.json of long tokens
    // peaked above 500 MB (issue 11). From here on only the bytes are needed.
    symbolOf = {};
    vocab = {};
    model.m_texts.reserve(model.m_vocabCount);
    for (int symbol = 0; symbol < model.m_vocabCount; ++symbol)
        model.m_texts.push_back(readableTokenText(model.bytes(symbol), Whitespace::Keep));
    return model;
}

int BpeModel::symbolOfId(int id) const
{
    if (id >= 0 && id < m_vocabCount && m_symbols[id].vocabId == id)
        return id; // dense vocabularies (all real ones) index directly
    const auto begin = m_symbols.begin();
    const auto end = begin + m_vocabCount;
    const auto it = std::lower_bound(begin, end, id,
                                     [](const Symbol &symbol, int wanted) { return symbol.vocabId < wanted; });
    return it != end && it->vocabId == id ? int(it - begin) : -1;
}

QByteArrayView BpeModel::bytes(int symbol) const
{
    const Symbol &s = m_symbols[symbol];
    return QByteArrayView(m_bytes).sliced(s.bytesBegin, s.byteLength);
}

const BpeModel::Merge *BpeModel::findMerge(int left, int right) const
{
    const auto it = m_merges.find(pairKey(left, right));
    return it != m_merges.end() ? &it->second : nullptr;
}

void BpeModel::pushCandidate(Scratch &scratch, std::vector<Scratch::Candidate> &into, int pos) const
{
    const int next = scratch.nodes[pos].next;
    if (next < 0)
        return;
    const int left = scratch.nodes[pos].symbol;
    const int right = scratch.nodes[next].symbol;
    if (const Merge *merge = findMerge(left, right))
        into.push_back({merge->rank, pos, left, right});
}

void BpeModel::encodeWord(QByteArrayView bytes, std::vector<int> &out, Scratch &scratch) const
{
    auto &nodes = scratch.nodes;
    auto &heap = scratch.heap;
    auto &pending = scratch.pending;
    const int count = int(bytes.size());
    nodes.resize(count);
    for (int i = 0; i < count; ++i)
        nodes[i] = {m_byteSymbol[quint8(bytes[i])], i - 1, i + 1 < count ? i + 1 : -1};

    heap.clear();
    for (int i = 0; i + 1 < count; ++i)
        pushCandidate(scratch, heap, i);
    std::make_heap(heap.begin(), heap.end(), laterCandidate);

    // One round per rank, as in encoder.py: every occurrence of the lowest-ranked pair is merged,
    // left to right, before any pair that those merges create is considered. A candidate whose
    // nodes changed since it was queued no longer describes its pair and is dropped.
    const auto valid = [&](const Scratch::Candidate &c) {
        const Scratch::Node &node = nodes[c.pos];
        return node.symbol == c.left && node.next >= 0 && nodes[node.next].symbol == c.right;
    };
    while (!heap.empty()) {
        const int rank = heap.front().rank;
        pending.clear();
        while (!heap.empty() && heap.front().rank == rank) {
            std::pop_heap(heap.begin(), heap.end(), laterCandidate);
            const Scratch::Candidate c = heap.back();
            heap.pop_back();
            if (!valid(c))
                continue;
            Scratch::Node &node = nodes[c.pos];
            const int absorbed = node.next;
            node.symbol = findMerge(c.left, c.right)->result;
            node.next = nodes[absorbed].next;
            if (node.next >= 0)
                nodes[node.next].prev = c.pos;
            nodes[absorbed].symbol = -1;
            if (node.prev >= 0)
                pushCandidate(scratch, pending, node.prev);
            pushCandidate(scratch, pending, c.pos);
        }
        for (const Scratch::Candidate &c : pending) {
            heap.push_back(c);
            std::push_heap(heap.begin(), heap.end(), laterCandidate);
        }
    }

    for (int pos = count > 0 ? 0 : -1; pos >= 0; pos = nodes[pos].next)
        appendInVocabulary(nodes[pos].symbol, out, scratch);
}

void BpeModel::appendInVocabulary(int symbol, std::vector<int> &out, Scratch &scratch) const
{
    // A merge result that the vocabulary lacks is split back into the parts it was made from;
    // bytes are always in the vocabulary (build() checks), so this ends.
    auto &stack = scratch.stack;
    stack.assign(1, symbol);
    while (!stack.empty()) {
        const int s = stack.back();
        stack.pop_back();
        if (m_symbols[s].vocabId >= 0) {
            out.push_back(s);
        } else {
            stack.push_back(m_symbols[s].right);
            stack.push_back(m_symbols[s].left);
        }
    }
}

} // namespace attn::bpe

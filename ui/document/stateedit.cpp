#include "stateedit.h"

#include "samebits.h"

#include <algorithm>

namespace attn::ui {
namespace {

template <typename Dense>
qsizetype bytesOf(const Dense &matrix)
{
    return qsizetype(matrix.size()) * qsizetype(sizeof(float));
}

} // namespace

StateEdit::StateEdit(const DocumentState &currentDocument, DocumentState nextDocument)
    : m_config(nextDocument.model.config), m_headCount(int(nextDocument.model.weights.heads.size()))
{
    const ModelState &current = currentDocument.model;
    ModelState &next = nextDocument.model;
    const std::vector<HeadWeights> &heads = current.weights.heads;
    std::vector<HeadWeights> &nextHeads = next.weights.heads;
    for (size_t h = 0; h < nextHeads.size(); ++h) {
        if (h >= heads.size() || !sameBits(heads[h], nextHeads[h]))
            m_heads.push_back({int(h), std::move(nextHeads[h])});
    }
    if (!sameBits(current.weights.wO, next.weights.wO))
        m_output = std::move(next.weights.wO);
    for (auto it = next.embeddings.cbegin(); it != next.embeddings.cend(); ++it) {
        const auto found = current.embeddings.constFind(it.key());
        if (found == current.embeddings.cend() || !sameBits(*found, it.value()))
            m_embeddings.push_back({it.key(), it.value()});
    }
    for (auto it = current.embeddings.cbegin(); it != current.embeddings.cend(); ++it) {
        if (!next.embeddings.contains(it.key()))
            m_embeddings.push_back({it.key(), std::nullopt});
    }
    if (currentDocument.sentence != nextDocument.sentence)
        m_sentence = std::move(nextDocument.sentence);
    if (currentDocument.sentenceB != nextDocument.sentenceB)
        m_sentenceB = std::move(nextDocument.sentenceB);
    if (currentDocument.presetName != nextDocument.presetName)
        m_presetName = std::move(nextDocument.presetName);
}

void StateEdit::exchange(DocumentState &document)
{
    ModelState &state = document.model;
    std::swap(state.config, m_config);
    exchangeHeads(state.weights.heads);
    if (m_output)
        std::swap(state.weights.wO, *m_output);
    exchangeEmbeddings(state.embeddings);
    if (m_sentence)
        std::swap(document.sentence, *m_sentence);
    if (m_sentenceB)
        std::swap(document.sentenceB, *m_sentenceB);
    if (m_presetName)
        std::swap(document.presetName, *m_presetName);
}

void StateEdit::exchangeHeads(std::vector<HeadWeights> &heads)
{
    const int count = int(heads.size());
    heads.resize(size_t(std::max(count, m_headCount)));
    for (IndexedHead &held : m_heads)
        std::swap(heads[size_t(held.index)], held.weights);
    // A head that the document did not have came in empty and is not kept; one that the other side
    // does not have goes out whole.
    std::erase_if(m_heads, [count](const IndexedHead &held) { return held.index >= count; });
    for (int h = m_headCount; h < count; ++h)
        m_heads.push_back({h, std::move(heads[size_t(h)])});
    heads.resize(size_t(m_headCount));
    m_headCount = count;
}

void StateEdit::exchangeEmbeddings(EmbeddingOverrides &embeddings)
{
    for (Embedding &held : m_embeddings) {
        const auto found = embeddings.find(held.text);
        if (found != embeddings.end() && held.vector) {
            std::swap(*found, *held.vector);
        } else if (found != embeddings.end()) {
            held.vector = std::move(*found);
            embeddings.erase(found);
        } else if (held.vector) {
            embeddings.insert(held.text, std::move(*held.vector));
            held.vector.reset();
        }
    }
}

qsizetype StateEdit::heldBytes() const
{
    qsizetype bytes = qsizetype(sizeof *this) + qsizetype(m_heads.capacity() * sizeof(IndexedHead))
                    + qsizetype(m_embeddings.capacity() * sizeof(Embedding));
    for (const IndexedHead &held : m_heads)
        bytes += bytesOf(held.weights.wQ) + bytesOf(held.weights.wK) + bytesOf(held.weights.wV);
    if (m_output)
        bytes += bytesOf(*m_output);
    for (const Embedding &held : m_embeddings)
        bytes += held.text.size() * qsizetype(sizeof(QChar)) + (held.vector ? bytesOf(*held.vector) : 0);
    for (const std::optional<QString> *text : {&m_sentence, &m_sentenceB, &m_presetName})
        bytes += *text ? (*text)->size() * qsizetype(sizeof(QChar)) : 0;
    return bytes;
}

bool StateEdit::absorb(const DocumentEdit &later)
{
    const auto *edit = dynamic_cast<const StateEdit *>(&later);
    if (!edit)
        return false;
    // The later edit holds the values from before it, which are the values from after this one. A part
    // that this one left alone had that value before this one too, so it joins what this one holds.
    for (const IndexedHead &held : edit->m_heads) {
        if (held.index < m_headCount && !holdsHead(held.index))
            m_heads.push_back(held);
    }
    if (!m_output && edit->m_output)
        m_output = edit->m_output;
    for (const Embedding &held : edit->m_embeddings) {
        if (!holdsEmbedding(held.text))
            m_embeddings.push_back(held);
    }
    if (!m_sentence && edit->m_sentence)
        m_sentence = edit->m_sentence;
    if (!m_sentenceB && edit->m_sentenceB)
        m_sentenceB = edit->m_sentenceB;
    if (!m_presetName && edit->m_presetName)
        m_presetName = edit->m_presetName;
    return true;
}

bool StateEdit::holdsHead(int index) const
{
    return std::any_of(m_heads.begin(), m_heads.end(), [index](const IndexedHead &held) { return held.index == index; });
}

bool StateEdit::holdsEmbedding(const QString &text) const
{
    return std::any_of(m_embeddings.begin(), m_embeddings.end(),
                       [&text](const Embedding &held) { return held.text == text; });
}

} // namespace attn::ui

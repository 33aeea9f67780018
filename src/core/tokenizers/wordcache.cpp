#include "wordcache.h"

#include <mutex>

namespace attn::bpe {

namespace {

std::string_view view(QByteArrayView word)
{
    return std::string_view(word.data(), size_t(word.size()));
}

} // namespace

bool WordCache::lookup(QByteArrayView word, std::vector<int> &out) const
{
    if (word.size() > maxWordBytes)
        return false;
    const std::shared_lock lock(m_mutex);
    const auto it = m_words.find(view(word));
    if (it == m_words.end())
        return false;
    out.insert(out.end(), it->second.begin(), it->second.end());
    return true;
}

void WordCache::insert(QByteArrayView word, const int *symbols, size_t count)
{
    if (word.size() > maxWordBytes)
        return;
    const std::unique_lock lock(m_mutex);
    if (m_words.size() >= maxEntries)
        m_words.clear();
    m_words.try_emplace(std::string(view(word)), symbols, symbols + count);
}

size_t WordCache::size() const
{
    const std::shared_lock lock(m_mutex);
    return m_words.size();
}

} // namespace attn::bpe

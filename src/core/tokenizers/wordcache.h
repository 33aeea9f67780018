#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace attn::bpe {

// Remembers the BPE symbols of recently seen pre-tokens (keyed by their UTF-8 bytes): prose
// repeats a few thousand words, and a lookup is far cheaper than merging again. Bounded twice so
// that a huge paste cannot grow it without limit: words longer than maxWordBytes are not kept, and
// when maxEntries is reached the cache starts again empty. Safe to use from several threads.
class WordCache
{
public:
    static constexpr qsizetype maxWordBytes = 64;
    static constexpr size_t maxEntries = 32'768;

    // Appends the cached symbols of `word` to `out` and returns true, or returns false.
    bool lookup(QByteArrayView word, std::vector<int> &out) const;
    void insert(QByteArrayView word, const int *symbols, size_t count);
    size_t size() const;

private:
    // Transparent, so that a lookup hashes the bytes in place instead of copying them.
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
    };

    mutable std::shared_mutex m_mutex;
    std::unordered_map<std::string, std::vector<int>, Hash, std::equal_to<>> m_words;
};

} // namespace attn::bpe

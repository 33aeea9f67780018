#include "spmmerges.h"

#include <QHash>

#include <algorithm>
#include <tuple>

namespace attn::hf {

ScoredMerges mergesFromScores(const std::vector<QString> &tokens, const std::vector<float> &scores)
{
    QHash<QStringView, int> idOf;
    idOf.reserve(qsizetype(tokens.size()));
    for (int id = 0; id < int(tokens.size()); ++id)
        if (!tokens[size_t(id)].isEmpty())
            idOf.insert(QStringView(tokens[size_t(id)]), id);

    struct Candidate
    {
        float score;
        int result;
        int left;
        int right;
    };
    std::vector<Candidate> candidates;
    for (int id = 0; id < int(tokens.size()); ++id) {
        const QString &token = tokens[size_t(id)];
        for (qsizetype cut = 1; cut < token.size(); ++cut) {
            if (token[cut].isLowSurrogate() && token[cut - 1].isHighSurrogate())
                continue;
            const auto left = idOf.constFind(QStringView(token).first(cut));
            if (left == idOf.cend())
                continue;
            const auto right = idOf.constFind(QStringView(token).sliced(cut));
            if (right != idOf.cend())
                candidates.push_back({scores[size_t(id)], id, *left, *right});
        }
    }
    // Highest score first; the order among equal scores does not matter (they share a rank), it
    // is fixed only so that the list is the same on every run.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.score != b.score)
            return a.score > b.score;
        return std::tie(a.result, a.left, a.right) < std::tie(b.result, b.left, b.right);
    });

    ScoredMerges out;
    out.merges.reserve(candidates.size());
    out.ranks.reserve(candidates.size());
    int rank = -1;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (i == 0 || candidates[i].score != candidates[i - 1].score)
            ++rank;
        out.merges.emplace_back(tokens[size_t(candidates[i].left)], tokens[size_t(candidates[i].right)]);
        out.ranks.push_back(rank);
    }
    return out;
}

} // namespace attn::hf

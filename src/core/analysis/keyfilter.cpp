#include "keyfilter.h"

#include <QStringList>

#include <algorithm>

namespace attn {

Matrix withoutKeys(const Matrix &weights, const std::vector<char> &hidden)
{
    Matrix rescaled = weights; // (N, N)
    const Eigen::Index keys = std::min<Eigen::Index>(rescaled.cols(), Eigen::Index(hidden.size()));
    for (Eigen::Index i = 0; i < rescaled.rows(); ++i) {
        // The kept weights summed directly, not as 1 − the hidden ones: when those are 0.9999 the
        // difference would keep only a few bits of the rest.
        double rest = 0.0;
        for (Eigen::Index j = 0; j < rescaled.cols(); ++j) {
            if (j < keys && hidden[size_t(j)])
                rescaled(i, j) = 0.0f;
            else
                rest += double(rescaled(i, j));
        }
        if (rest > 0.0)
            rescaled.row(i) = (rescaled.row(i).cast<double>() / rest).cast<float>();
        else
            rescaled.row(i).setZero();
    }
    return rescaled;
}

ResultPtr hideKeys(const ResultPtr &result, std::vector<char> hidden, const QString &name)
{
    if (!result || !result->hiddenKeysName.isEmpty())
        return result;
    hidden.resize(size_t(result->tokenCount()), 0);
    auto copy = std::make_shared<AttentionResult>(*result);
    copy->hiddenKeys = std::move(hidden);
    copy->hiddenKeysName = name;
    for (LayerResult &layer : copy->layers)
        for (HeadResult &head : layer.heads)
            head.weights = withoutKeys(head.weights, copy->hiddenKeys);
    return copy;
}

ResultPtr hideSinkKeys(const ResultPtr &result)
{
    if (!result)
        return result;
    const int n = result->tokenCount();
    std::vector<char> hidden(size_t(n), 0);
    if (!result->config.causal) {
        QStringList names;
        for (int i = 0; i < n; ++i) {
            const Token &token = result->tokens[size_t(i)];
            if (!isInsertedSpecial(token))
                continue;
            hidden[size_t(i)] = 1;
            if (!names.contains(token.text))
                names << token.text;
        }
        if (!names.isEmpty())
            return hideKeys(result, std::move(hidden),
                            names.size() == 1 ? names.front()
                                              : names.mid(0, names.size() - 1).join(QStringLiteral(", "))
                                      + QStringLiteral(" and ") + names.back());
    }
    if (n > 0)
        hidden[0] = 1;
    return hideKeys(result, std::move(hidden), QStringLiteral("first token"));
}

bool isSentencePair(const TokenList &tokens)
{
    return std::any_of(tokens.begin(), tokens.end(), [](const Token &token) { return token.segment == 1; });
}

ResultPtr restrictToPair(const ResultPtr &result, PairFilter filter)
{
    if (!result || filter == PairFilter::None || !isSentencePair(result->tokens))
        return result;
    auto copy = std::make_shared<AttentionResult>(*result);
    copy->pairQuerySegment = filter == PairFilter::FirstToSecond ? 0 : 1;
    copy->pairKeySegment = 1 - copy->pairQuerySegment;
    copy->pairFilterName = filter == PairFilter::FirstToSecond ? QStringLiteral("sentence A → sentence B")
                                                               : QStringLiteral("sentence B → sentence A");
    const int n = copy->tokenCount();
    for (LayerResult &layer : copy->layers)
        for (HeadResult &head : layer.heads)
            for (int i = 0; i < n && i < head.weights.rows(); ++i)
                for (int j = 0; j < n && j < head.weights.cols(); ++j)
                    if (copy->isFilteredOut(i, j))
                        head.weights(i, j) = 0.0f;
    return copy;
}

} // namespace attn

#pragma once

#include "core/attentionresult.h"
#include "core/tensor.h"

#include <QtGlobal>

#include <optional>
#include <vector>

namespace attn {

// What one head does, in a few numbers, and the badges they earn.
//
// Every mean is over query rows 1 … N−1: under a causal mask row 0 can only attend to itself, so
// counting it would add the same free 1.0 to the self and first-token mass (and 0 bits of
// entropy) of every head. With one token the mean is over row 0 alone.
struct HeadStatistics
{
    double entropyBits = 0.0;       // mean of −Σ_j w_ij·log₂ w_ij: 0 = one key, log₂ k = k keys evenly
    double previousTokenMass = 0.0; // mean of w[i][i−1]
    double firstTokenMass = 0.0;    // mean of w[i][0]: the "attention sink"
    double selfMass = 0.0;          // mean of w[i][i]
    // Mean attention from each token of the second copy of a repeated random sequence to the
    // token that followed its first occurrence (see InductionProbe); only from a probe run.
    std::optional<double> inductionScore;
    // Encoders only (Clark et al. 2019: many BERT heads park their attention on [SEP]): the mean
    // over every query row of the weight on the separators ([SEP], </s>: every special token the
    // tokenizer put in after the first) and on the classification token ([CLS], <s>: the first).
    std::optional<double> separatorMass;
    std::optional<double> classMass;

    bool previousTokenHead = false; // previousTokenMass ≥ Thresholds::previousToken
    bool firstTokenSink = false;    // firstTokenMass ≥ Thresholds::firstToken
    bool selfHead = false;          // selfMass ≥ Thresholds::self
    bool inductionHead = false;     // inductionScore ≥ Thresholds::induction
    bool separatorHead = false;     // separatorMass ≥ Thresholds::separator

    // A badge means the head puts the majority of its mass on that one key on average (0.5), or,
    // for induction, much more than chance on the induction target: GPT-2 small's induction
    // heads (5.1, 5.5, 6.9, 7.2, 7.10) score well above 0.4 on repeated random tokens, while a
    // head spreading evenly over the ~T visible keys scores ~1/T.
    struct Thresholds
    {
        static constexpr double previousToken = 0.5;
        static constexpr double firstToken = 0.5;
        static constexpr double self = 0.5;
        static constexpr double induction = 0.4;
        static constexpr double separator = 0.5;
    };
};

// Statistics of one head's weights (N, N), rows softmax rows (or all 0 when fully masked).
HeadStatistics headStatistics(const Matrix &weights);

// Adds the [SEP] and [CLS] masses and badge of an encoder's head: `tokens` are the weights' keys.
void addSpecialTokenMasses(HeadStatistics &statistics, const Matrix &weights, const TokenList &tokens);

// A repeated random sequence for the induction score: [prefix] R R with R `period` random ids.
struct InductionProbe
{
    std::vector<int> ids;
    int firstCopy = 0; // index of R's first token in ids
    int period = 0;    // length of R

    // Ids drawn uniformly from [firstId, endId) by a fixed generator (same seed, same probe);
    // prefixId ≥ 0 is put first (for GPT-2 the end-of-text token, as a sequence start).
    static InductionProbe make(int period, int firstId, int endId, quint64 seed, int prefixId = -1);
};

// Mean over t in [0, period) of w[firstCopy + period + t][firstCopy + t + 1].
double inductionScore(const Matrix &weights, const InductionProbe &probe);

// [layer][head] statistics of a whole result; with `probeResult` (a run of probe.ids through the
// same model), induction scores and badges as well.
std::vector<std::vector<HeadStatistics>> allHeadStatistics(const AttentionResult &result,
                                                           const AttentionResult *probeResult = nullptr,
                                                           const InductionProbe *probe = nullptr);

} // namespace attn

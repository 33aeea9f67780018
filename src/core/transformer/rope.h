#pragma once

#include "core/tensor.h"

#include <vector>

namespace attn {

// Rotary position embeddings as Hugging Face's Llama-family models apply them ("rotate half"):
// feature i of the first rotaryDim features pairs with feature i + rotaryDim/2, and the pair of a
// token at position p turns by the angle p·f_i. Features from rotaryDim on are left as they are
// (partial_rotary_factor < 1).
struct RopeSettings
{
    enum class Scaling { None, Linear, Dynamic, Llama3 };

    double theta = 10000.0; // rope_theta: the base of the frequencies
    int rotaryDim = 0;      // even, at most d_head
    Scaling scaling = Scaling::None;
    double factor = 1.0;    // linear, dynamic, llama3
    // llama3: the band limits and the context the model was first trained on.
    double lowFrequencyFactor = 1.0;
    double highFrequencyFactor = 4.0;
    double originalPositions = 8192.0;
    // dynamic: the length beyond which the base grows (max_position_embeddings).
    double maxPositions = 0.0;
    // GGUF files from llama.cpp's converter carry Llama 3's scaling as a tensor (rope_freqs.weight):
    // when not empty, f_i is divided by frequencyDivisors[i] (rotaryDim/2 values).
    std::vector<double> frequencyDivisors;
};

// The rotation angles of one input: cos and sin of p·f_i for positions p < tokens.
struct RopeTable
{
    int rotaryDim = 0;
    Matrix cos; // (N, rotaryDim/2)
    Matrix sin; // (N, rotaryDim/2)
};

// f_i = θ^(−2i/rotaryDim), i < rotaryDim/2, with the scaling applied: linear divides every
// frequency by the factor (positions p/factor); dynamic ("NTK-aware") raises θ when the input is
// longer than maxPositions, θ' = θ·(factor·N/maxPositions − (factor − 1))^(rotaryDim/(rotaryDim−2));
// llama3 divides the low frequencies (wavelength above originalPositions/lowFrequencyFactor) by the
// factor, keeps the high ones (below originalPositions/highFrequencyFactor) and blends in between.
std::vector<double> ropeFrequencies(const RopeSettings &settings, int tokens);

// The table for positions 0 … tokens−1; angles in double, then rounded once to float.
RopeTable ropeTable(const RopeSettings &settings, int tokens);

// Rotates every row of x (N, d_head) in place: row p is the token at position p.
//   x[i]        ← x[i]·cos − x[i + half]·sin
//   x[i + half] ← x[i + half]·cos + x[i]·sin        i < half = rotaryDim/2
void applyRope(const RopeTable &table, Matrix &x);

} // namespace attn

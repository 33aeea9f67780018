#include "gpt2ops.h"

#include "gpt2matmul.h"

#include "core/engine/softmax.h"

#include <algorithm>
#include <cmath>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace attn::gpt2 {
namespace {

// Eight floats: one AVX register. Fixed-size Eigen arrays always take the vector path, whatever
// the address, so each column is computed the same way in every row.
using Chunk = Eigen::Array<float, 8, 1>;
using ChunkMap = Eigen::Map<Chunk>;
using ConstChunkMap = Eigen::Map<const Chunk>;

// Applies f to values[0, count) in chunks of eight; the tail goes through a zero-padded chunk.
template <typename F>
void forEachChunk(float *values, Eigen::Index count, F f)
{
    Eigen::Index i = 0;
    for (; i + 8 <= count; i += 8) {
        const Chunk in = ConstChunkMap(values + i);
        ChunkMap(values + i) = f(in);
    }
    if (i < count) {
        Chunk in = Chunk::Zero();
        std::copy(values + i, values + count, in.data());
        const Chunk out = f(in);
        std::copy(out.data(), out.data() + (count - i), values + i);
    }
}

Chunk geluChunk(const Chunk &x)
{
    const float c = float(std::sqrt(2.0 / M_PI));
    return 0.5f * x * (1.f + (c * (x + 0.044715f * x.cube())).tanh());
}

} // namespace

void geluTanh(float *values, Eigen::Index count)
{
    forEachChunk(values, count, geluChunk);
}

float sum(const float *values, Eigen::Index count)
{
    Chunk lanes = Chunk::Zero();
    Eigen::Index i = 0;
    for (; i + 8 <= count; i += 8)
        lanes += ConstChunkMap(values + i);
    float total = lanes.sum();
    for (; i < count; ++i)
        total += values[i];
    return total;
}

int threadCount()
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

void layerNorm(const Matrix &x, const WeightView &weight, const WeightView &bias, float epsilon, Matrix &out)
{
    const Eigen::Index width = x.cols();
    out.resize(x.rows(), width);
    const float inverseWidth = 1.f / float(width);
    Matrix centred(1, width); // (1, d)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const float mean = sum(x.row(i).data(), width) * inverseWidth;
        centred = x.row(i).array() - mean;
        float *c = centred.data();
        forEachChunk(c, width, [](const Chunk &v) { return Chunk(v * v); });
        const float variance = sum(c, width) * inverseWidth; // two passes: no cancellation
        const float scale = 1.f / std::sqrt(variance + epsilon);
        float *o = out.row(i).data();
        const float *in = x.row(i).data();
        const float *w = weight.data;
        const float *b = bias.data;
        for (Eigen::Index j = 0; j < width; ++j)
            o[j] = in[j] - mean;
        // One chunk routine for every column: (x − mean)·scale·w + b.
        Eigen::Index j = 0;
        for (; j + 8 <= width; j += 8)
            ChunkMap(o + j) = ConstChunkMap(o + j) * scale * ConstChunkMap(w + j) + ConstChunkMap(b + j);
        for (; j < width; ++j) {
            Chunk v = Chunk::Zero(), wv = Chunk::Zero(), bv = Chunk::Zero();
            v[0] = o[j];
            wv[0] = w[j];
            bv[0] = b[j];
            o[j] = Chunk(v * scale * wv + bv)[0];
        }
    }
}

void linear(const Matrix &x, const WeightView &weight, const WeightView &bias, Activation activation, Matrix &out)
{
    const Eigen::Index rows = x.rows();
    const Eigen::Index cols = weight.cols;
    out.resize(rows, cols);
    if (rows == 0)
        return;
    multiply(x.data(), x.cols(), weight.data, weight.cols, out.data(), cols, rows, weight.rows, cols, bias.data,
             activation == Activation::GeluTanh);
}

void softmaxRow(const float *scores, float *weights, int count, int visible)
{
    visible = std::clamp(visible, 0, count);
    std::fill(weights + visible, weights + count, 0.f);
    if (visible == 0)
        return;
    float max = scores[0];
    bool finite = true;
    for (int j = 0; j < visible; ++j) {
        finite = finite && std::isfinite(scores[j]);
        max = std::max(max, scores[j]);
    }
    if (!finite) {
        attn::softmaxRow(scores, weights, count, visible);
        return;
    }
    std::copy(scores, scores + visible, weights);
    forEachChunk(weights, visible, [max](const Chunk &s) { return Chunk((s - max).exp()); });
    const float total = sum(weights, visible);
    for (int j = 0; j < visible; ++j)
        weights[j] /= total;
}

} // namespace attn::gpt2

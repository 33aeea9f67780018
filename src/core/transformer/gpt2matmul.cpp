#include "gpt2matmul.h"

#include "gpt2matmulkernel.h"
#include "gpt2ops.h"

#include <algorithm>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace attn::gpt2 {
namespace {

using Index = Eigen::Index;
using kernel::panelWidth;

// Panels of one column group stay in L2 (256 KiB) while every row block of x runs over them.
constexpr Index groupBytes = 256 * 1024;
// Up to this many rows w streams from memory in place (row k after row k − 1); above, it is packed
// into panels that are reused by every block of rows.
constexpr Index streamRows = 3;
// Columns per streaming block: the output rows being accumulated stay in L1.
constexpr Index streamColumns = 1024;
// Below this many multiply-adds a second thread costs more than it saves.
constexpr double minParallelWork = 400'000.0;

// Copies columns [first, first + width) of w into panel-major order: for each panel of 16
// columns, depth rows of 16 floats, the columns past `width` zero.
void pack(const float *w, Index ldw, Index depth, Index first, Index width, float *packed)
{
    for (Index p = 0; p * panelWidth < width; ++p) {
        const Index column = first + p * panelWidth;
        const Index valid = std::min<Index>(panelWidth, first + width - column);
        float *panel = packed + p * depth * panelWidth;
        for (Index k = 0; k < depth; ++k) {
            const float *source = w + k * ldw + column;
            float *target = panel + k * panelWidth;
            std::copy(source, source + valid, target);
            std::fill(target + valid, target + panelWidth, 0.f);
        }
    }
}

struct Kernels
{
    kernel::PanelKernel run = kernel::panelPortable;
    kernel::StreamKernel stream = kernel::streamPortable;
    const char *name = "portable";
};

Kernels chooseKernels()
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (kernel::hasAvx512() && __builtin_cpu_supports("avx512f"))
        return {kernel::panelAvx512, kernel::streamAvx512, "avx512"};
    if (kernel::hasAvx2() && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return {kernel::panelAvx2, kernel::streamPortable, "avx2"}; // the portable loop vectorises to AVX2
#endif
    return {};
}

const Kernels &kernels()
{
    static const Kernels chosen = chooseKernels();
    return chosen;
}

struct Product
{
    const float *x;
    Index ldx;
    const float *w;
    Index ldw;
    float *out;
    Index ldo;
    Index rows, depth, cols;
    const float *bias;
    bool gelu;
    Index groupWidth;
};

// Bias and activation of rows [row, row + count), columns [first, first + width): chunks of
// eight counted from column 0, so each column is treated alike whatever the grouping.
void finish(const Product &p, Index row, Index count, Index first, Index width)
{
    if (!p.bias && !p.gelu)
        return;
    for (Index r = row; r < row + count; ++r) {
        float *o = p.out + r * p.ldo + first;
        if (p.bias)
            for (Index c = 0; c < width; ++c)
                o[c] += p.bias[first + c];
        if (p.gelu)
            geluTanh(o, width);
    }
}

// One thread's share: column groups [firstGroup, endGroup).
void multiplyGroups(const Product &p, Index firstGroup, Index endGroup)
{
    // Reused across calls: the packing buffer is the only memory this needs.
    thread_local std::vector<float, Eigen::aligned_allocator<float>> packed;
    const Index needed = p.groupWidth * p.depth;
    if (Index(packed.size()) < needed)
        packed.resize(needed);
    const kernel::PanelKernel run = kernels().run;
    for (Index g = firstGroup; g < endGroup; ++g) {
        const Index first = g * p.groupWidth;
        const Index width = std::min(p.groupWidth, p.cols - first);
        pack(p.w, p.ldw, p.depth, first, width, packed.data());
        const int panels = int((width + panelWidth - 1) / panelWidth);
        for (Index r = 0; r < p.rows; r += kernel::rowBlock) {
            const int blockRows = int(std::min<Index>(kernel::rowBlock, p.rows - r));
            run(p.x + r * p.ldx, p.ldx, p.depth, packed.data(), panelWidth, p.depth * panelWidth, panels,
                p.out + r * p.ldo + first, p.ldo, blockRows, int(width));
            finish(p, r, blockRows, first, width);
        }
    }
}

// One thread's share of a streamed product: columns [first, end).
void streamColumnsRange(const Product &p, Index first, Index end)
{
    const kernel::StreamKernel stream = kernels().stream;
    for (Index c = first; c < end; c += streamColumns) {
        const Index width = std::min(streamColumns, end - c);
        stream(p.x, p.ldx, p.depth, p.w + c, p.ldw, p.out + c, p.ldo, int(p.rows), width);
        finish(p, 0, p.rows, c, width);
    }
}

} // namespace

void multiply(const float *x, Index ldx, const float *w, Index ldw, float *out, Index ldo, Index rows, Index depth,
              Index cols, const float *bias, bool gelu, bool parallel)
{
    if (rows <= 0 || cols <= 0)
        return;
    if (depth <= 0) {
        for (Index r = 0; r < rows; ++r)
            std::fill(out + r * ldo, out + r * ldo + cols, 0.f);
        Product p{x, ldx, w, ldw, out, ldo, rows, depth, cols, bias, gelu, cols};
        finish(p, 0, rows, 0, cols);
        return;
    }
    // Whole pairs of panels: the AVX-512 kernel works on two at a time.
    constexpr Index pair = 2 * panelWidth;
    const Index fitting = groupBytes / (depth * Index(sizeof(float))) / pair * pair;
    const Index groupWidth = std::clamp<Index>(fitting, pair, 8 * pair);
    const Index groups = (cols + groupWidth - 1) / groupWidth;
    const Product product{x, ldx, w, ldw, out, ldo, rows, depth, cols, bias, gelu, groupWidth};

    int threads = 1;
#ifdef _OPENMP
    if (parallel && !omp_in_parallel() && double(rows) * double(depth) * double(cols) >= minParallelWork)
        threads = int(std::min<Index>(omp_get_max_threads(), groups));
#else
    (void)parallel;
#endif
    const bool streamed = rows <= streamRows;
    // Streamed columns are split at multiples of 16 so that every vector stays whole.
    const Index streamUnits = (cols + panelWidth - 1) / panelWidth;
    auto share = [&](Index t, Index n) {
        if (streamed)
            streamColumnsRange(product, std::min(cols, streamUnits * t / n * panelWidth),
                               std::min(cols, streamUnits * (t + 1) / n * panelWidth));
        else
            multiplyGroups(product, groups * t / n, groups * (t + 1) / n);
    };
    if (threads <= 1) {
        share(0, 1);
        return;
    }
#pragma omp parallel num_threads(threads)
    {
#ifdef _OPENMP
        const Index t = omp_get_thread_num();
        const Index n = omp_get_num_threads();
#else
        const Index t = 0, n = 1;
#endif
        // Contiguous runs of columns, as even as the count allows.
        share(t, n);
    }
}

const char *multiplyKernelName()
{
    return kernels().name;
}

} // namespace attn::gpt2

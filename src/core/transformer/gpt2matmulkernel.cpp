#include "gpt2matmulkernel.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define AE_X86_KERNELS 1
#endif

namespace attn::gpt2::kernel {

using Index = Eigen::Index;

namespace {

// Writes the first `validCols` of a block of accumulated rows (rows × columns floats, dense).
void storeBlock(const float *block, int columns, float *out, Index ldo, int rows, int validCols)
{
    for (int r = 0; r < rows; ++r)
        std::copy(block + r * columns, block + r * columns + validCols, out + r * ldo);
}

template <int R>
void portable(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
              int validCols)
{
    for (int p = 0; p < panelCount; ++p) {
        const float *panel = panels + p * panelStride;
        float acc[R][panelWidth] = {};
        for (Index k = 0; k < depth; ++k)
            for (int r = 0; r < R; ++r) {
                const float a = x[r * ldx + k];
                for (int c = 0; c < panelWidth; ++c)
                    acc[r][c] = std::fma(a, panel[k * rowStride + c], acc[r][c]);
            }
        const int valid = std::min<int>(panelWidth, validCols - p * int(panelWidth));
        storeBlock(&acc[0][0], panelWidth, out + p * panelWidth, ldo, R, valid);
    }
}

#ifdef AE_X86_KERNELS

// 6 rows × 16 columns: twelve ymm accumulators, two panel loads and six broadcasts per k.
template <int R>
__attribute__((target("avx2,fma"))) void avx2(const float *x, Index ldx, Index depth, const float *panels,
                                              Index rowStride, Index panelStride, int panelCount, float *out, Index ldo, int validCols)
{
    for (int p = 0; p < panelCount; ++p) {
        const float *panel = panels + p * panelStride;
        __m256 low[R], high[R];
        for (int r = 0; r < R; ++r) {
            low[r] = _mm256_setzero_ps();
            high[r] = _mm256_setzero_ps();
        }
        for (Index k = 0; k < depth; ++k) {
            const __m256 w0 = _mm256_loadu_ps(panel + k * rowStride);
            const __m256 w1 = _mm256_loadu_ps(panel + k * rowStride + 8);
            for (int r = 0; r < R; ++r) {
                const __m256 a = _mm256_broadcast_ss(x + r * ldx + k);
                low[r] = _mm256_fmadd_ps(a, w0, low[r]);
                high[r] = _mm256_fmadd_ps(a, w1, high[r]);
            }
        }
        const int valid = std::min<int>(panelWidth, validCols - p * int(panelWidth));
        if (valid == panelWidth) {
            for (int r = 0; r < R; ++r) {
                _mm256_storeu_ps(out + r * ldo + p * panelWidth, low[r]);
                _mm256_storeu_ps(out + r * ldo + p * panelWidth + 8, high[r]);
            }
        } else {
            alignas(32) float block[R * panelWidth];
            for (int r = 0; r < R; ++r) {
                _mm256_store_ps(block + r * panelWidth, low[r]);
                _mm256_store_ps(block + r * panelWidth + 8, high[r]);
            }
            storeBlock(block, panelWidth, out + p * panelWidth, ldo, R, valid);
        }
    }
}

// 6 rows × 32 columns (two panels at once): twelve zmm accumulators.
template <int R>
__attribute__((target("avx512f"))) void avx512(const float *x, Index ldx, Index depth, const float *panels,
                                               Index rowStride, Index panelStride, int panelCount, float *out, Index ldo, int validCols)
{
    for (int p = 0; p < panelCount; p += 2) {
        const bool two = p + 1 < panelCount;
        const float *panel0 = panels + p * panelStride;
        const float *panel1 = two ? panel0 + panelStride : panel0;
        __m512 first[R], second[R];
        for (int r = 0; r < R; ++r) {
            first[r] = _mm512_setzero_ps();
            second[r] = _mm512_setzero_ps();
        }
        for (Index k = 0; k < depth; ++k) {
            const __m512 w0 = _mm512_loadu_ps(panel0 + k * rowStride);
            const __m512 w1 = _mm512_loadu_ps(panel1 + k * rowStride);
            for (int r = 0; r < R; ++r) {
                const __m512 a = _mm512_set1_ps(x[r * ldx + k]);
                first[r] = _mm512_fmadd_ps(a, w0, first[r]);
                second[r] = _mm512_fmadd_ps(a, w1, second[r]);
            }
        }
        const int columns = two ? 2 * int(panelWidth) : int(panelWidth);
        const int valid = std::min<int>(columns, validCols - p * int(panelWidth));
        if (valid == 2 * panelWidth) {
            for (int r = 0; r < R; ++r) {
                _mm512_storeu_ps(out + r * ldo + p * panelWidth, first[r]);
                _mm512_storeu_ps(out + r * ldo + (p + 1) * panelWidth, second[r]);
            }
        } else {
            alignas(64) float block[R * 2 * panelWidth];
            for (int r = 0; r < R; ++r) {
                _mm512_store_ps(block + r * 2 * panelWidth, first[r]);
                _mm512_store_ps(block + r * 2 * panelWidth + panelWidth, second[r]);
            }
            storeBlock(block, 2 * int(panelWidth), out + p * panelWidth, ldo, R, valid);
        }
    }
}

#endif

template <template <int> class Select>
void byRows(int rows, const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
            int validCols)
{
    switch (rows) {
    case 6: Select<6>::run(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols); break;
    case 5: Select<5>::run(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols); break;
    case 4: Select<4>::run(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols); break;
    case 3: Select<3>::run(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols); break;
    case 2: Select<2>::run(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols); break;
    case 1: Select<1>::run(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols); break;
    default: break;
    }
}

template <int R>
struct Portable
{
    static void run(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
                    int validCols)
    {
        portable<R>(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols);
    }
};

#ifdef AE_X86_KERNELS
template <int R>
struct Avx2
{
    static void run(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
                    int validCols)
    {
        avx2<R>(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols);
    }
};

template <int R>
struct Avx512
{
    static void run(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
                    int validCols)
    {
        avx512<R>(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols);
    }
};
#endif

// The loop body of the streaming kernels; the compiler vectorises the column loop (each column
// is independent), and a tail column runs the same single-rounding fma.
inline void streamBody(const float *x, Index ldx, Index depth, const float *w, Index ldw, float *out, Index ldo, int rows,
                       Index cols)
{
    for (int r = 0; r < rows; ++r)
        std::fill(out + r * ldo, out + r * ldo + cols, 0.f);
    Index k = 0;
    for (; k + 4 <= depth; k += 4) {
        const float *w0 = w + k * ldw;
        const float *w1 = w0 + ldw;
        const float *w2 = w1 + ldw;
        const float *w3 = w2 + ldw;
        for (int r = 0; r < rows; ++r) {
            const float *xr = x + r * ldx + k;
            float *o = out + r * ldo;
            for (Index c = 0; c < cols; ++c)
                o[c] = std::fma(xr[3], w3[c], std::fma(xr[2], w2[c], std::fma(xr[1], w1[c], std::fma(xr[0], w0[c], o[c]))));
        }
    }
    for (; k < depth; ++k) {
        const float *wk = w + k * ldw;
        for (int r = 0; r < rows; ++r) {
            const float a = x[r * ldx + k];
            float *o = out + r * ldo;
            for (Index c = 0; c < cols; ++c)
                o[c] = std::fma(a, wk[c], o[c]);
        }
    }
}

} // namespace

void streamPortable(const float *x, Index ldx, Index depth, const float *w, Index ldw, float *out, Index ldo, int rows,
                    Index cols)
{
    streamBody(x, ldx, depth, w, ldw, out, ldo, rows, cols);
}

#ifdef AE_X86_KERNELS
__attribute__((target("avx512f"))) void streamAvx512(const float *x, Index ldx, Index depth, const float *w, Index ldw,
                                                     float *out, Index ldo, int rows, Index cols)
{
    for (int r = 0; r < rows; ++r)
        std::fill(out + r * ldo, out + r * ldo + cols, 0.f);
    // Four rows of w per pass: the accumulators are loaded and stored once per four FMAs, and
    // the chain per element still runs k = 0, 1, 2, … in order.
    Index k = 0;
    for (; k + 4 <= depth; k += 4) {
        const float *w0 = w + k * ldw;
        const float *w1 = w0 + ldw;
        const float *w2 = w1 + ldw;
        const float *w3 = w2 + ldw;
        for (int r = 0; r < rows; ++r) {
            const float *xr = x + r * ldx + k;
            const __m512 a0 = _mm512_set1_ps(xr[0]), a1 = _mm512_set1_ps(xr[1]);
            const __m512 a2 = _mm512_set1_ps(xr[2]), a3 = _mm512_set1_ps(xr[3]);
            float *o = out + r * ldo;
            Index c = 0;
            for (; c + 16 <= cols; c += 16) {
                __m512 acc = _mm512_loadu_ps(o + c);
                acc = _mm512_fmadd_ps(a0, _mm512_loadu_ps(w0 + c), acc);
                acc = _mm512_fmadd_ps(a1, _mm512_loadu_ps(w1 + c), acc);
                acc = _mm512_fmadd_ps(a2, _mm512_loadu_ps(w2 + c), acc);
                acc = _mm512_fmadd_ps(a3, _mm512_loadu_ps(w3 + c), acc);
                _mm512_storeu_ps(o + c, acc);
            }
            for (; c < cols; ++c)
                o[c] = std::fma(xr[3], w3[c], std::fma(xr[2], w2[c], std::fma(xr[1], w1[c], std::fma(xr[0], w0[c], o[c]))));
        }
    }
    for (; k < depth; ++k) {
        const float *wk = w + k * ldw;
        for (int r = 0; r < rows; ++r) {
            const __m512 a = _mm512_set1_ps(x[r * ldx + k]);
            float *o = out + r * ldo;
            Index c = 0;
            for (; c + 16 <= cols; c += 16)
                _mm512_storeu_ps(o + c, _mm512_fmadd_ps(a, _mm512_loadu_ps(wk + c), _mm512_loadu_ps(o + c)));
            for (; c < cols; ++c)
                o[c] = std::fma(x[r * ldx + k], wk[c], o[c]);
        }
    }
}
#else
void streamAvx512(const float *x, Index ldx, Index depth, const float *w, Index ldw, float *out, Index ldo, int rows,
                  Index cols)
{
    streamBody(x, ldx, depth, w, ldw, out, ldo, rows, cols);
}
#endif

void panelPortable(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
                   int rows, int validCols)
{
    byRows<Portable>(rows, x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols);
}

#ifdef AE_X86_KERNELS
void panelAvx2(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
               int rows, int validCols)
{
    byRows<Avx2>(rows, x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols);
}

void panelAvx512(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
                 int rows, int validCols)
{
    byRows<Avx512>(rows, x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, validCols);
}

bool hasAvx2()
{
    return true;
}

bool hasAvx512()
{
    return true;
}
#else
void panelAvx2(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
               int rows, int validCols)
{
    panelPortable(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, rows, validCols);
}

void panelAvx512(const float *x, Index ldx, Index depth, const float *panels, Index rowStride, Index panelStride, int panelCount, float *out, Index ldo,
                 int rows, int validCols)
{
    panelPortable(x, ldx, depth, panels, rowStride, panelStride, panelCount, out, ldo, rows, validCols);
}

bool hasAvx2()
{
    return false;
}

bool hasAvx512()
{
    return false;
}
#endif

} // namespace attn::gpt2::kernel

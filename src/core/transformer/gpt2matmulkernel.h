#pragma once

#include <Eigen/Core>

// The innermost loops of gpt2::multiply, one per instruction set. Each computes a block of up to
// rowBlock rows × (panels · panelWidth) columns of out = x · w from packed panels of w (depth
// rows of panelWidth floats each, consecutive panels one after another), as one FMA chain per
// element over k in order. These files use no Eigen expression code, so that compiling them for
// AVX-512 cannot leak AVX-512 instantiations into the rest of the program.
namespace attn::gpt2::kernel {

constexpr Eigen::Index panelWidth = 16;
constexpr int rowBlock = 6;

// rows ≤ rowBlock; validCols ≤ panelCount · panelWidth. Row k of panel p starts at
// panels + p·panelStride + k·rowStride: packed panels (rowStride 16, panelStride depth·16) or the
// weights in place (rowStride = row length, panelStride 16).
using PanelKernel = void (*)(const float *x, Eigen::Index ldx, Eigen::Index depth, const float *panels, Eigen::Index rowStride, Eigen::Index panelStride, int panelCount,
                             float *out, Eigen::Index ldo, int rows, int validCols);

void panelPortable(const float *x, Eigen::Index ldx, Eigen::Index depth, const float *panels, Eigen::Index rowStride, Eigen::Index panelStride, int panelCount, float *out,
                   Eigen::Index ldo, int rows, int validCols);
void panelAvx2(const float *x, Eigen::Index ldx, Eigen::Index depth, const float *panels, Eigen::Index rowStride, Eigen::Index panelStride, int panelCount, float *out,
               Eigen::Index ldo, int rows, int validCols);
void panelAvx512(const float *x, Eigen::Index ldx, Eigen::Index depth, const float *panels, Eigen::Index rowStride, Eigen::Index panelStride, int panelCount, float *out,
                 Eigen::Index ldo, int rows, int validCols);

// For one to a few rows (an appended token): out rows [0, rows) × columns [0, cols) accumulated
// straight from w, row k of w after row k−1, so that w streams from memory once. The same FMA
// chain per element as the panel kernels, starting from +0.
using StreamKernel = void (*)(const float *x, Eigen::Index ldx, Eigen::Index depth, const float *w, Eigen::Index ldw,
                              float *out, Eigen::Index ldo, int rows, Eigen::Index cols);
void streamPortable(const float *x, Eigen::Index ldx, Eigen::Index depth, const float *w, Eigen::Index ldw, float *out,
                    Eigen::Index ldo, int rows, Eigen::Index cols);
void streamAvx512(const float *x, Eigen::Index ldx, Eigen::Index depth, const float *w, Eigen::Index ldw, float *out,
                  Eigen::Index ldo, int rows, Eigen::Index cols);

// Whether the kernel was compiled in (the CPU check is separate).
bool hasAvx2();
bool hasAvx512();

} // namespace attn::gpt2::kernel

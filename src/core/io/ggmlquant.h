#pragma once

#include "ggmltype.h"

#include <QString>

// Dequantisation of ggml's tensor types, one row at a time, exactly as ggml's own to_float
// functions decode each block (dequantize_row_* of ggml-quants.c): the same operations in the same
// order, so every float equals ggml's bit for bit (tst_ggmldequant compares against the ggml
// library itself). Decoding per row keeps a quantised model quantised in memory: a caller
// dequantises the rows it multiplies with, never the whole model at once.
//
// Decoded: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, which cover
// nearly every GGUF file people run. The other types (the IQ and TQ families, MXFP4, integers)
// are named as unsupported.
//
// These functions sit beside halffloat.h in io: a block format is how the file encodes its
// numbers, as F16 is, and the readers, tests and fuzzers use it without the model layer.
namespace attn::ggml {

bool canDequantize(GgmlType type);

// Empty when a row of `n` values of `type` can be dequantised; otherwise what is wrong, as the end
// of a message: "IQ2_XXS tensors cannot be dequantised (supported: ...)", "a row of 100 values is
// not a whole number of Q4_K blocks of 256".
QString dequantizationProblem(GgmlType type, qint64 n);

// Decodes one row of `n` values from `source` (byteCount(type, n) bytes, any alignment) into
// `target` (n floats). Precondition: dequantizationProblem(type, n) is empty; otherwise nothing is
// written.
void dequantizeRow(GgmlType type, const uchar *source, float *target, qint64 n);

} // namespace attn::ggml

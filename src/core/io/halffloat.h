#pragma once

#include <QtGlobal>

// Exact conversions of IEEE 754 binary16 (F16) and bfloat16 (BF16) to binary32, written with bit
// operations so that they do not depend on the compiler's or the CPU's half-float support.
// Every input has an exact float32 value: subnormals, ±0, ±Inf and NaN payloads are all kept.
namespace attn {

float halfToFloat(quint16 bits);
float bfloat16ToFloat(quint16 bits);

// Bulk forms over little-endian bytes as stored in a safetensors file: `source` holds 2 * count
// bytes (no alignment needed), `target` receives count floats.
void halfToFloat(const uchar *source, float *target, qint64 count);
void bfloat16ToFloat(const uchar *source, float *target, qint64 count);

} // namespace attn

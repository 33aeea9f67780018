#pragma once

#include "matrixset.h"

#include "core/expected.h"

#include <QByteArray>

namespace attn::safetensors {
class SafetensorsFile;
}

namespace attn::io {

// All matrices as one safetensors file: F32 tensors named as in matrixset.h (layer0.head<h>.w_q, ...,
// layer0.w_o, embeddings.<token>), in that order, the header padded with spaces to a multiple of 8
// so every tensor is 4-byte aligned; "__metadata__" says {"format": "attention-explorer-matrices"}.
QByteArray writeMatricesSafetensors(const MatrixSet &set);

// Reads a file the validated reader (core/io/safetensorsfile.h) has opened. Every matrix must be
// there with the configuration's shape (F32, F16 or BF16), every entry finite; a missing, surplus or
// misshapen tensor is named with the expected and found shape.
Expected<MatrixSet> readMatricesSafetensors(const safetensors::SafetensorsFile &file, const AttentionConfig &config);
Expected<MatrixSet> loadMatricesSafetensors(const QString &path, const AttentionConfig &config);

} // namespace attn::io

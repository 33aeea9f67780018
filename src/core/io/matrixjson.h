#pragma once

#include "jsonvalue.h"
#include "matrixset.h"

#include "core/expected.h"
#include "jsonwriter.h"

namespace attn::io {

// The matrix JSON format (docs/matrix-files.md):
// {"format": "attention-explorer-matrices", "version": 1,
//  "layers": [{"heads": [{"w_q": [[...]], "w_k": [[...]], "w_v": [[...]]}, ...], "w_o": [[...]]}],
//  "embeddings": {"token": [d_model numbers], ...}}
// Session files embed the same "layers" and "embeddings" members. Floats are written in the
// shortest form that reads back to the same float32 and are read back exactly.

// Writes the "layers" and "embeddings" members into an object the writer has open.
void writeMatrixMembers(JsonWriter &json, const MatrixSet &set);
QByteArray writeMatricesJson(const MatrixSet &set);

// Reads the "layers" and "embeddings" members of an object, checked against the configuration:
// shapes (naming the tensor, expected and found shape), numbers only, finite only.
Expected<MatrixSet> readMatrixMembers(const JsonValue &object, const AttentionConfig &config,
                                      const QString &displayName);
Expected<MatrixSet> readMatricesJson(QByteArrayView bytes, const QString &displayName, const AttentionConfig &config);
Expected<MatrixSet> loadMatricesJson(const QString &path, const AttentionConfig &config);

// The "format"/"version" check shared with sessions: empty when the object is the expected format.
QString checkFormat(const JsonValue &root, const QString &format, const QString &displayName);

} // namespace attn::io

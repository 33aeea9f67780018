#pragma once

#include "core/expected.h"
#include "core/tensor.h"

#include <QByteArray>
#include <QString>

namespace attn::io {

// NumPy's .npy format (numpy.lib.format), one matrix per file.
// Written: version 1.0, '<f4', C order, the header padded with spaces to a multiple of 64 bytes
// exactly as numpy.save writes it, so numpy.load reads it and the bytes equal numpy's own.
// Read: versions 1.0, 2.0 and 3.0; '<f4' as is and '<f8' rounded to float32; 2-D shapes only.
// Refused with a message: big-endian data, fortran_order True, any other dtype, other ranks, a
// header that is not the Python dict numpy writes, and a data size that differs from what the shape
// says (checked against the file's own size before anything is allocated).
QByteArray writeNpy(const Matrix &matrix);
Expected<Matrix> readNpy(QByteArrayView bytes, const QString &displayName);
Expected<Matrix> loadNpy(const QString &path);

} // namespace attn::io

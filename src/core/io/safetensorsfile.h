#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringView>

#include <memory>
#include <vector>

// Reader for the safetensors format (https://huggingface.co/docs/safetensors):
//   [u64 little-endian N][N bytes UTF-8 JSON object][data section]
// The JSON maps tensor name -> {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative
// to the data section) plus an optional "__metadata__" string -> string map.
// Every claim of the header is validated inside open()/fromMemory() before anything is used, so a
// SafetensorsFile that exists is consistent: every tensor's byte range lies inside the data section,
// matches its shape and dtype (overflow-checked), and the ranges tile the data section exactly (no
// overlap, no gap, no trailing bytes). Also refused: headers above 10^8 bytes, headers that are not
// UTF-8 or do not start with '{' (trailing space padding is accepted), duplicate keys at any level,
// unknown dtypes, shape values and offsets that are not integers in [0, 2^53), and an
// "__metadata__" that is not a string -> string map, more than 100,000 tensors. The header goes
// through the strict JSON reader one entry at a time. Messages name the file and the tensor.
// Nothing is allocated in proportion to what the header merely claims.
namespace attn {
class MappedFile;
}

namespace attn::safetensors {

enum class DType { Bool, U8, I8, U16, I16, F16, BF16, U32, I32, F32, U64, I64, F64, F8_E4M3, F8_E5M2 };

// Bytes per element.
int dtypeSize(DType);
// The spelling used in the file ("F32", "BF16", "F8_E4M3", ...).
QString dtypeName(DType);

struct TensorInfo
{
    QString name;
    DType dtype = DType::F32;
    std::vector<qint64> shape;
    qint64 begin = 0; // byte offsets relative to the start of the data section, [begin, end)
    qint64 end = 0;
    qint64 elementCount() const;
};

// Floats of one tensor: a view into the mapped file for F32 (no copy), converted storage for F16/BF16.
struct FloatTensor
{
    const float *data = nullptr; // row-major, elementCount() floats
    std::vector<qint64> shape;
    std::shared_ptr<const void> keepAlive; // the mapping or the converted buffer
    qint64 elementCount() const;
};

// Number of NaN and ±Inf values in the tensor. The reader loads such weights as they are (a
// checkpoint may legitimately carry them, e.g. -inf mask buffers); the loader above calls this to
// warn the user instead of refusing the file.
qint64 nonFiniteCount(const FloatTensor &tensor);

class SafetensorsFile
{
public:
    // Memory-maps the file; the mapping lives as long as this object or any FloatTensor from it.
    static Expected<SafetensorsFile> open(const QString &path);
    // The same validation on bytes in memory: for tests and fuzzing.
    static Expected<SafetensorsFile> fromMemory(QByteArray bytes, const QString &displayName);

    const QString &displayName() const;
    // Sorted by begin offset (file order).
    const std::vector<TensorInfo> &tensors() const;
    const TensorInfo *find(QStringView name) const;
    const QMap<QString, QString> &metadata() const;
    // F32/F16/BF16 only, else an Error naming the dtype. F32 is a view of the mapping (copied only
    // when its bytes are not 4-byte aligned in memory, i.e. an unpadded header); F16 and BF16 are
    // converted exactly into a new buffer.
    Expected<FloatTensor> floatTensor(QStringView name) const;
    // Raw little-endian bytes of a tensor of this file (any dtype; tensor.end - tensor.begin bytes,
    // no alignment guaranteed), valid while this object or a copy of it lives.
    const uchar *tensorBytes(const TensorInfo &tensor) const;
    qint64 fileSize() const;

private:
    SafetensorsFile() = default;
    static Expected<SafetensorsFile> parse(std::shared_ptr<const MappedFile> bytes, const QString &displayName);

    std::shared_ptr<const MappedFile> m_bytes; // the whole file
    qint64 m_dataStart = 0;                    // file offset of the data section
    QString m_displayName;
    std::vector<TensorInfo> m_tensors; // sorted by begin
    std::vector<int> m_byName;         // indices into m_tensors, sorted by name, for find()
    QMap<QString, QString> m_metadata;
};

} // namespace attn::safetensors
